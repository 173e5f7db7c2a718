package pyasync_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// TestGoFunctionsDocumented: every function, method and type written in
// Go that python3 also has is in the docstring table (so it has python3's
// __doc__ and __text_signature__); what is not is listed in
// testdata/pyasync/undocumented.txt (private helpers and pyasync's own
// names). A Go function added without `go generate ./vm` makes this fail.
func TestGoFunctionsDocumented(t *testing.T) {
	want, err := os.ReadFile("testdata/pyasync/undocumented.txt")
	require.NoError(t, err)
	var out, errb bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &errb, Allow: pyasync.AllowAll})
	require.NoError(t, it.RunFile(context.Background(), "testdata/pyasync/undocumented.pya"), errb.String())
	assert.Equal(t, string(want), out.String(), "Go-written names missing from vm/builtindocs.txt.gz: run `go generate ./vm` (python3 needed), or add pyasync-only names to undocumented.txt")
}
