package pyasync_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExceptionGroupTree compares the whole stderr of an uncaught exception
// group (nested groups, chained exceptions, notes, the width and depth
// limits) with python3's (testdata/excgroup/uncaught_tree.stderr,
// produced by running python3 on the script from the repository root).
func TestExceptionGroupTree(t *testing.T) {
	const script = "testdata/excgroup/uncaught_tree.pya"
	want, err := os.ReadFile("testdata/excgroup/uncaught_tree.stderr")
	require.NoError(t, err)
	_, stderr, code := runScript(t, script, "")
	assert.Equal(t, 1, code)
	assert.Equal(t, string(want), stderr)
}
