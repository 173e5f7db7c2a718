package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAcceptOutOfDescriptors runs testdata/accept_emfile.pya in a child
// whose descriptor limit is 64: the script opens files until EMFILE, then
// connects to its own server. The failed accepts must reach the loop's
// exception handler as CPython's do (one report per attempt of the
// batch, the server's backlog), and the connection must be accepted once
// descriptors are free, after CPython's one-second pause. The expected
// output is python3's under `prlimit --nofile=64`.
func TestAcceptOutOfDescriptors(t *testing.T) {
	script, err := filepath.Abs("testdata/accept_emfile.pya")
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/accept_emfile.out")
	require.NoError(t, err)
	cmd := child(t, script)
	cmd.Env = append(cmd.Env, "PYASYNC_TEST_NOFILE=64")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, string(want), string(out))
}
