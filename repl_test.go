package pyasync_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// TestSession drives the REPL core line by line, as the prompt does.
func TestSession(t *testing.T) {
	it, out, _ := newInterp(t)
	s := it.Interactive()
	feed := func(line string, wantMore bool) error {
		t.Helper()
		more, err := s.Feed(line)
		require.Equal(t, wantMore, more, "line %q", line)
		return err
	}
	require.NoError(t, feed("1 + 2", false))
	require.NoError(t, feed("x = 10", false))
	require.NoError(t, feed("x * 2", false))
	require.NoError(t, feed("None", false))
	require.NoError(t, feed("'s'", false))
	require.NoError(t, feed("def f(n):", true))
	require.NoError(t, feed("    return n + x", true))
	require.NoError(t, feed("", false))
	require.NoError(t, feed("f(5)", false))
	require.NoError(t, feed("items = [1,", true))
	require.NoError(t, feed("  2]", false))
	require.NoError(t, feed("items", false))
	require.NoError(t, feed("_", false))
	assert.Equal(t, "3\n20\n's'\n15\n[1, 2]\n[1, 2]\n", out.String())

	out.Reset()
	err := feed("1 / 0", false)
	require.Error(t, err)
	assert.Equal(t, "ZeroDivisionError: division by zero", err.Error())
	err = feed("x = = 1", false)
	require.Error(t, err)
	assert.Contains(t, pyasync.FormatError(err), "SyntaxError: invalid syntax")
	require.NoError(t, feed("x", false))
	assert.Equal(t, "10\n", out.String())
}

// TestSessionTopLevelAwait: await at the prompt runs on the session's event
// loop, whose tasks live on between inputs.
func TestSessionTopLevelAwait(t *testing.T) {
	it, out, _ := newInterp(t)
	s := it.Interactive()
	for _, line := range []string{
		"import asyncio",
		"async def double(v):",
		"    await asyncio.sleep(0)",
		"    return v * 2",
		"",
		"await double(21)",
		"t = asyncio.create_task(double(5))",
		"await asyncio.sleep(0.01)",
		"t.done(), t.result()",
		"r = [await double(i) for i in range(3)]",
		"r",
	} {
		_, err := s.Feed(line)
		require.NoError(t, err, line)
	}
	assert.Equal(t, "42\n(True, 10)\n[0, 2, 4]\n", out.String())
	_, err := s.Feed("import sys; sys.exit(4)")
	var ee *pyasync.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 4, ee.Code)
}

// lines is a LineReader that returns its lines in order, then io.EOF.
type lines struct {
	l       []string
	prompts []string
}

func (r *lines) ReadLine(prompt string) (string, error) {
	r.prompts = append(r.prompts, prompt)
	if len(r.l) == 0 {
		return "", io.EOF
	}
	s := r.l[0]
	r.l = r.l[1:]
	return s, nil
}

// TestSessionServe: the loop runs between inputs, a pasted block followed
// by the next statement works, the parser decides completeness, and a task
// exception nobody retrieved is reported once the loop is idle, not at exit.
func TestSessionServe(t *testing.T) {
	var out bytes.Buffer // stdout and stderr in one: the order shows
	it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &out})
	s := it.Interactive()
	in := &lines{l: []string{
		"async def boom():",
		"    raise ValueError('lost')",
		"",
		"bg = asyncio.create_task(boom())",
		"await asyncio.sleep(0)",
		"print('after')",
		"def f():",
		"    return 1",
		"f()",                         // pasted: ends the def above
		"for i in range(2): print(i)", // waits for the empty line
		"",
		"exit",
	}}
	require.NoError(t, s.Serve(context.Background(), in))
	got := out.String()
	// reported when the loop went idle after the task ended, before the
	// next input ran
	report, rest, ok := strings.Cut(got, "ValueError: lost\n")
	require.True(t, ok, got)
	assert.True(t, strings.HasPrefix(report, "Task exception was never retrieved\nfuture: <Task finished name='Task-1' coro=<boom() done, defined at <stdin>:1> exception=ValueError('lost')>\nTraceback (most recent call last):\n"), report)
	assert.Equal(t, "after\n1\n0\n1\nUse exit() or Ctrl-D (i.e. EOF) to exit\n", rest)
	assert.Equal(t, []string{">>> ", "... ", "... ", ">>> ", ">>> ", ">>> ", ">>> ", "... ", "... ", ">>> ", "... ", ">>> ", ">>> "}, in.prompts)
}

// TestSessionServeExit: sys.exit ends Serve with an *ExitError.
func TestSessionServeExit(t *testing.T) {
	it, _, _ := newInterp(t)
	s := it.Interactive()
	err := s.Serve(context.Background(), &lines{l: []string{"import sys", "sys.exit(3)", "print('not reached')"}})
	var ee *pyasync.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 3, ee.Code)
}

// TestSessionComplete: names, keywords, attributes, module members,
// module names and dict keys.
func TestSessionComplete(t *testing.T) {
	it, _, _ := newInterp(t)
	s := it.Interactive()
	for _, line := range []string{"import math", "zebra = 1", "def zeta(): pass", "cfg = {'host': 1, 'hops': 2, 'port': 3}", "class P:", "    radius = 2", "    def area(self): pass", ""} {
		_, err := s.Feed(line)
		require.NoError(t, err, line)
	}
	cases := []struct {
		text string
		want []string
		n    int
	}{
		{"ze", []string{"zebra", "zeta("}, 2},
		{"whi", []string{"while "}, 3},
		{"x = P.ra", []string{"radius"}, 2},
		{"P.a", []string{"area("}, 1},
		{"math.sq", []string{"sqrt("}, 2},
		{"from math import fa", []string{"fabs", "factorial"}, 2},
		{"import asyn", []string{"asyncio"}, 4},
		{"cfg['ho", []string{"hops']", "host']"}, 2},
		{`cfg["p`, []string{`port"]`}, 1},
		{"", []string{"    "}, 0},
	}
	for _, c := range cases {
		got, n := s.Complete(c.text)
		assert.Equal(t, c.want, got, c.text)
		assert.Equal(t, c.n, n, c.text)
	}
}

// TestSessionHelp: help(obj) prints pydoc's text.
func TestSessionHelp(t *testing.T) {
	it, out, _ := newInterp(t)
	s := it.Interactive()
	for _, line := range []string{"def add(a, b=1):", "    '''Add b to a.'''", "    return a + b", "", "help(add)", "help"} {
		_, err := s.Feed(line)
		require.NoError(t, err, line)
	}
	assert.Equal(t, "Help on function add in module __main__:\n\nadd(a, b=1)\n    Add b to a.\n\nType help() for interactive help, or help(object) for help about object.\n", out.String())
}

// TestSessionTracebackEarlierInput: a function defined in an earlier input
// shows its own source line in a traceback, not a line of the latest input
// (every input is "<stdin>").
func TestSessionTracebackEarlierInput(t *testing.T) {
	it, _, _ := newInterp(t)
	s := it.Interactive()
	for _, line := range []string{"def f(n):", "    return 1 / n", ""} {
		_, err := s.Feed(line)
		require.NoError(t, err, line)
	}
	_, err := s.Feed("if True:")
	require.NoError(t, err)
	_, err = s.Feed("    y = 'second line of this input'; f(0)")
	require.NoError(t, err)
	_, err = s.Feed("")
	require.Error(t, err)
	tb := pyasync.FormatError(err)
	assert.Equal(t, `Traceback (most recent call last):
  File "<stdin>", line 2, in <module>
    y = 'second line of this input'; f(0)
                                     ^^^^
  File "<stdin>", line 2, in f
    return 1 / n
           ~~^~~
ZeroDivisionError: division by zero
`, tb)
}

// TestSessionHelpBuiltin: help() on a built-in function names its module
// and shows CPython's signature line and docstring (as python3's pydoc).
func TestSessionHelpBuiltin(t *testing.T) {
	it, out, _ := newInterp(t)
	s := it.Interactive()
	for _, line := range []string{"import math", "help(math.sqrt)", "help(len)"} {
		_, err := s.Feed(line)
		require.NoError(t, err, line)
	}
	assert.Equal(t, "Help on built-in function sqrt in module math:\n\nsqrt(x, /)\n    Return the square root of x.\n\n"+
		"Help on built-in function len in module builtins:\n\nlen(obj, /)\n    Return the number of items in a container.\n\n", out.String())
}
