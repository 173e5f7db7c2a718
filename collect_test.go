package pyasync_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// TestCollectedTaskReport: gc.collect() prints the "Task exception was
// never retrieved" report of a task nothing references before it returns
// (so before the script's next line, as python3 does), once: not again
// when the loop closes; in normal and in debug mode. Stdout and stderr go
// to one buffer to see the order.
func TestCollectedTaskReport(t *testing.T) {
	for _, debug := range []bool{false, true} {
		var buf bytes.Buffer
		it := pyasync.New(pyasync.Options{Stdout: &buf, Stderr: &buf, Allow: pyasync.AllowAll, AsyncDebug: debug})
		require.NoError(t, it.RunFile(context.Background(), "testdata/pyasync/task_collected_order.pya"))
		out := buf.String()
		rep := strings.Index(out, "Task exception was never retrieved")
		after := strings.Index(out, "after\n")
		require.True(t, rep >= 0 && after >= 0, out)
		assert.Less(t, rep, after, "debug=%v: the report comes before 'after':\n%s", debug, out)
		assert.Equal(t, 1, strings.Count(out, "Task exception was never retrieved"), out)
		assert.Contains(t, out, "future: <Task finished name='Task-2' coro=<fail() done, defined at testdata/pyasync/task_collected_order.pya:3> exception=ValueError('boom')")
		assert.True(t, strings.HasSuffix(out, "ValueError: boom\nafter\n"), out)
	}
}

// TestCollectedCoroutineWarning: gc.collect() warns about a coroutine
// never awaited once nothing holds it, before it returns, once; the
// expected text is python3's stdout+stderr (its absolute path made
// relative). In debug mode the warning also shows the creation stack, so
// only the order and the count are checked.
func TestCollectedCoroutineWarning(t *testing.T) {
	runCollected(t, "coro_collected_order", func(out string) {
		assert.Equal(t, 2, strings.Count(out, "was never awaited"), out)
		first := strings.Index(out, "was never awaited")
		second := strings.LastIndex(out, "was never awaited")
		assert.Less(t, first, strings.Index(out, "after dropped"), out)
		assert.Less(t, strings.Index(out, "still held"), second, out)
		assert.Less(t, second, strings.Index(out, "after held"), out)
	})
}

// runCollected runs testdata/pyasync/NAME.pya twice: plainly, where its
// output must be NAME.py3 (python3's), and in asyncio debug mode, where
// the creation stacks change the text and debugCheck looks at the order.
func runCollected(t *testing.T, name string, debugCheck func(out string)) {
	t.Helper()
	want, err := os.ReadFile("testdata/pyasync/" + name + ".py3")
	require.NoError(t, err)
	for _, debug := range []bool{false, true} {
		var buf bytes.Buffer
		it := pyasync.New(pyasync.Options{Stdout: &buf, Stderr: &buf, Allow: pyasync.AllowAll, AsyncDebug: debug})
		require.NoError(t, it.RunFile(context.Background(), "testdata/pyasync/"+name+".pya"))
		if debug {
			debugCheck(buf.String())
		} else {
			assert.Equal(t, string(want), buf.String())
		}
	}
}

// TestCollectedFutureReport: "Future exception was never retrieved" for a
// plain future is printed when the future is collected — by gc.collect()
// before it returns, also when the exception's traceback holds the future
// in a frame's locals — and a future held until main() returns at the end
// of the run; the expected text is python3's stdout+stderr (its absolute
// path made relative). In debug mode the order and count are checked.
func TestCollectedFutureReport(t *testing.T) {
	runCollected(t, "future_collected_order", func(out string) {
		assert.Equal(t, 3, strings.Count(out, "Future exception was never retrieved"), out)
		assert.Less(t, strings.Index(out, "ValueError: dropped"), strings.Index(out, "after dropped"), out)
		assert.Less(t, strings.Index(out, "KeyError: 'with traceback'"), strings.Index(out, "after traceback"), out)
		assert.Less(t, strings.Index(out, "main returns"), strings.Index(out, "RuntimeError: held"), out)
	})
}
