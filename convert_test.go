package pyasync_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// TestTimeConversions: time.Time becomes datetime.datetime (UTC) and
// comes back; time.Duration is seconds.
func TestTimeConversions(t *testing.T) {
	it, out, _ := newInterp(t)
	when := time.Date(2024, 2, 29, 23, 59, 30, 500_000_000, time.UTC)
	require.NoError(t, it.Set("when", when))
	require.NoError(t, it.Set("wait", 90*time.Second))
	require.NoError(t, it.Exec(bg, `
import datetime
print(type(when).__name__, when.isoformat(), wait)
later = when + datetime.timedelta(seconds=wait)
`, "<time>"))
	assert.Equal(t, "datetime 2024-02-29T23:59:30.500000+00:00 90.0\n", out.String())
	v, err := it.Get("later")
	require.NoError(t, err)
	var got time.Time
	require.NoError(t, pyasync.Export(v, &got))
	assert.True(t, got.Equal(when.Add(90*time.Second)), "%v", got)
}

// TestAsyncGoPanic: a panic in an Async function is a RuntimeError in the
// script; the host goes on.
func TestAsyncGoPanic(t *testing.T) {
	it, out, _ := newInterp(t)
	require.NoError(t, it.Set("explode", pyasync.Async(func(ctx context.Context, n int) (int, error) {
		panic("async kaboom")
	})))
	require.NoError(t, it.Exec(bg, "import asyncio\nasync def main():\n    try:\n        await explode(1)\n    except RuntimeError as e:\n        print('RuntimeError', e)\nasyncio.run(main())\n", "<panic>"))
	assert.Equal(t, "RuntimeError panic in Go function explode(): async kaboom\n", out.String())
}

// TestCallAsyncStopped: Call of an async def is stopped by ctx and limits
// like any run, and the interpreter is usable afterwards.
func TestCallAsyncStopped(t *testing.T) {
	it, _, _ := newInterpOpts(t, pyasync.Options{Limits: pyasync.Limits{MaxSteps: 100_000}})
	require.NoError(t, it.Exec(bg, "import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\nasync def nap():\n    await asyncio.sleep(60)\n", "<defs>"))
	_, err := it.Call(bg, "spin")
	var le *pyasync.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "MaxSteps", le.Limit)
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	_, err = it.Call(ctx, "nap")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	v, err := it.Eval(bg, "1 + 1")
	require.NoError(t, err)
	assert.Equal(t, "2", v.String())
}
