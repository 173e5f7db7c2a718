package main

import (
	"bufio"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStdinLinesFromPipe: a line read from a pipe (sys.stdin.readline, for
// line in sys.stdin, input) is returned as soon as it is there, as in
// CPython, so a program can answer a peer that waits for the answer before
// it writes the next line. A read that waited for more input would hang
// this conversation (the child's context ends it after two minutes).
func TestStdinLinesFromPipe(t *testing.T) {
	script := `import sys
print("readline", repr(sys.stdin.readline()), flush=True)
print("readline(3)", repr(sys.stdin.readline(3)), flush=True)
print("rest of it", repr(sys.stdin.readline()), flush=True)
print("input", repr(input()), flush=True)
for line in sys.stdin:
    print("for", repr(line), flush=True)
print("end", flush=True)
`
	cmd := child(t, "-c", script)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	outPipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errb strings.Builder
	cmd.Stderr = &errb
	require.NoError(t, cmd.Start())
	out := bufio.NewReader(outPipe)
	say := func(line, want string) {
		t.Helper()
		_, err := in.Write([]byte(line))
		require.NoError(t, err)
		got, err := out.ReadString('\n')
		require.NoError(t, err, errb.String())
		assert.Equal(t, want, got)
	}
	say("first\n", "readline 'first\\n'\n")
	say("héllo\n", "readline(3) 'hél'\n")
	_, err = in.Write(nil)
	require.NoError(t, err)
	got, err := out.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "rest of it 'lo\\n'\n", got)
	say("typed\n", "input 'typed'\n")
	say("one\n", "for 'one\\n'\n")
	say("two\n", "for 'two\\n'\n")
	require.NoError(t, in.Close())
	got, err = out.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "end\n", got)
	require.NoError(t, cmd.Wait(), errb.String())
}
