package pyasync_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFullTracebacks compares the whole stderr of the failing programs in
// testdata/tracebacks with python3's (NAME.stderr, produced by running
// python3 on the script from the repository root, paths made relative):
// 3.11's position markers and the exception-group tree.
func TestFullTracebacks(t *testing.T) {
	scripts, err := filepath.Glob("testdata/tracebacks/*.pya")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, script := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(script), ".pya"), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(script, ".pya") + ".stderr")
			require.NoError(t, err)
			_, stderr, code := runScript(t, script, "")
			assert.Equal(t, 1, code)
			assert.Equal(t, string(want), stderr)
		})
	}
}

// Frames of asyncio's script half show their own source lines: asyncio's
// two embedded sources share the file name "<asyncio>", and a frame of one
// once showed the line of the same number in the other.
func TestLibraryFrameLines(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "lib_lines.pya")
	require.NoError(t, os.WriteFile(script, []byte(`import asyncio, socket
async def main():
    a, b = socket.socketpair()
    a.close()
    await asyncio.create_task(asyncio.get_running_loop().sock_recv(a, 10))
asyncio.run(main())
`), 0o644))
	_, stderr, code := runScript(t, script, "")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "in _wrap_awaitable\n    return await awaitable\n")
	assert.Contains(t, stderr, ", in run\n    return runner.run(main)\n")
	assert.NotContains(t, stderr, "__slots__")
}

// Two loop waits on one socket: cancelling either leaves the other
// waiting, and it gets the data sent later instead of a spurious
// "timed out" (the cancelled wait's deadline is the descriptor's). CPython's
// selector loop keeps one reader per descriptor, so python3 cannot be the
// oracle here: the expected lines are written out.
func TestSockWaitCancelShared(t *testing.T) {
	stdout, stderr, code := runScript(t, "testdata/pyasync/io_net_cancel_shared.pya", "")
	require.Equal(t, 0, code, stderr)
	var want strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&want, "%d b'x%d' True\n", i, i)
	}
	assert.Equal(t, want.String(), stdout)
}
