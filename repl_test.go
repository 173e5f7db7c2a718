package pyasync_test

import (
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
