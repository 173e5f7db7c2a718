package compiler

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

// parse parses src with pyasync's parser.
func parse(t testing.TB, src string) *ast.Module {
	t.Helper()
	mod, err := parser.Parse("test.pya", []byte(src))
	require.NoError(t, err, "parse:\n%s", src)
	return mod
}
