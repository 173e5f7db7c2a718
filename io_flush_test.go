package pyasync_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasync/pyasync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Files left open by a program are flushed when each run ends, also when an
// embedding interpreter runs several programs.
func TestUnclosedFilesFlushedEachRun(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	it := pyasync.New(pyasync.Options{Stdout: &out, Allow: pyasync.AllowAll})
	for i, name := range []string{"one.txt", "two.txt", "three.txt"} {
		p := filepath.Join(dir, name)
		src := "kept = open(" + quote(p) + ", 'w')\nkept.write('run data')\n"
		prog, err := pyasync.Compile("<run>", []byte(src))
		require.NoError(t, err)
		require.NoError(t, it.Run(context.Background(), prog), "run %d", i)
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, "run data", string(data), "run %d", i)
	}
	// the files of earlier runs were dropped: a collection closes them
	prog, err := pyasync.Compile("<close>", []byte("import gc\nkept.close()\ngc.collect()\n"))
	require.NoError(t, err)
	before := countFDs(t)
	require.NoError(t, it.Run(context.Background(), prog))
	assert.Equal(t, before-3, countFDs(t), "the three files are closed")
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }

// Socket files (socket.makefile) and Popen's pipes are on the same layer:
// what a run leaves in their buffers is written when the run ends (the
// child, head -c 9, ends once it has the 9 bytes; without the flush it
// would end after timeout's 10 s with nothing).
func TestUnflushedSocketAndPipeWrittenAtRunEnd(t *testing.T) {
	var out strings.Builder
	it := pyasync.New(pyasync.Options{Stdout: &out, Allow: pyasync.AllowAll})
	first := `import socket, subprocess
a, b = socket.socketpair()
kept = a.makefile('w')
kept.write('socket data')
p = subprocess.Popen(['timeout', '10', 'head', '-c', '9'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
p.stdin.write(b'pipe data')
`
	second := `b.settimeout(5)
print(b.recv(100))
print(p.stdout.read(), p.wait())
for f in (kept, a, b, p.stdin, p.stdout):
    f.close()
`
	for i, src := range []string{first, second} {
		prog, err := pyasync.Compile("<run>", []byte(src))
		require.NoError(t, err)
		require.NoError(t, it.Run(context.Background(), prog), "run %d", i)
	}
	assert.Equal(t, "b'socket data'\nb'pipe data' 0\n", out.String())
}
