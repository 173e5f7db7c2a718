package pyasync_test

import (
	"strings"
	"testing"

	"github.com/pyasync/pyasync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asyncio's debug mode (vm/debug.go). The reports carry measured
// durations, so these tests check their shape, never the figures (a
// blocked step took 0.751 s at a load of 10): a step that sleeps 0.5 s
// always takes longer than the 0.25 s threshold, and a step that does
// almost nothing stays under it even on a loaded machine (0.05 s was not
// enough at a load of 10 on 2 cores).

const slowScript = `import asyncio, time
async def blocker():
    time.sleep(0.5)
    await asyncio.sleep(0)
async def busy():
    n = 0
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.5:
        n += 1
async def quick():
    await asyncio.sleep(0)
async def main():
    asyncio.get_running_loop().slow_callback_duration = 0.25
    await asyncio.create_task(blocker())
    await asyncio.create_task(busy())
    await asyncio.create_task(quick())
    asyncio.get_running_loop().call_soon(time.sleep, 0.5)
    await asyncio.sleep(0.6)
asyncio.run(main(), debug=True)
`

func TestDebugSlowCallbacks(t *testing.T) {
	it, _, errb := newInterp(t)
	require.NoError(t, run(it, slowScript, "slow.pya"))
	got := errb.String()
	// the blocking call: the report names the task, where it was created,
	// and the line that held the loop
	assert.Regexp(t, `Executing <Task pending name='Task-2' coro=<blocker\(\) running at slow.pya:4> created at slow.pya:14> took \d+\.\d\d\d seconds\n  File "slow.pya", line 3, in blocker\n    time.sleep\(0.5\)\n`, got)
	// a busy loop: the line is sampled by the eval breaker
	assert.Regexp(t, `Executing <Task finished name='Task-3' coro=<busy\(\) done, defined at slow.pya:5> result=None created at slow.pya:15> took \d+\.\d\d\d seconds\n  File "slow.pya", line (8|9), in busy\n`, got)
	// a plain callback
	assert.Regexp(t, `Executing <Handle sleep\(0.5\)> took \d+\.\d\d\d seconds`, got)
	assert.NotContains(t, got, "quick()")
}

func TestDebugOffByDefault(t *testing.T) {
	it, _, errb := newInterp(t)
	src := strings.Replace(slowScript, "asyncio.run(main(), debug=True)", "asyncio.run(main())", 1)
	require.NoError(t, run(it, src, "slow.pya"))
	assert.Equal(t, "", errb.String())
}

func TestDebugOption(t *testing.T) {
	it, out, errb := newInterpOpts(t, pyasync.Options{AsyncDebug: true})
	src := `import asyncio
async def check():
    return False
async def main():
    print(asyncio.get_running_loop().get_debug())
    c = check()
    if c:
        print("a coroutine is true")
    await c
    check()
asyncio.run(main())
print("after run")
`
	require.NoError(t, run(it, src, "dbg.pya"))
	assert.Equal(t, "True\na coroutine is true\nafter run\n", out.String())
	got := errb.String()
	assert.Contains(t, got, "dbg.pya:7: RuntimeWarning: coroutine 'check' used as a truth value (did you forget to await it?)\n")
	// never awaited: reported when the loop closes (before "after run"
	// would be printed by a script that printed to stderr), with the stack
	// that created it, starting at the program's own line
	assert.Contains(t, got, "dbg.pya:10: RuntimeWarning: coroutine 'check' was never awaited\nCoroutine created at (most recent call last)\n  File \"dbg.pya\", line 11, in <module>\n    asyncio.run(main())\n")
	assert.Contains(t, got, "  File \"dbg.pya\", line 10, in main\n    check()\n")
}

// Without AllowEnv the interpreter does not read PYTHONASYNCIODEBUG.
func TestDebugEnvNeedsAllowEnv(t *testing.T) {
	t.Setenv("PYTHONASYNCIODEBUG", "1")
	src := "import asyncio\nasync def main():\n    print(asyncio.get_running_loop().get_debug())\nasyncio.run(main())\n"
	it, out, _ := newInterp(t)
	require.NoError(t, run(it, src, "env.pya"))
	assert.Equal(t, "False\n", out.String())
	it, out, _ = newInterpOpts(t, pyasync.Options{Allow: pyasync.AllowEnv})
	require.NoError(t, run(it, src, "env.pya"))
	assert.Equal(t, "True\n", out.String())
}

// asyncio.run installs its own SIGINT handling (Ctrl-C cancels the main
// task) where the default handler is: that needs no capability, so it
// works in a sandbox.
func TestAsyncioRunInSandbox(t *testing.T) {
	it, out, errb := newInterp(t)
	it.HandleSignals()
	require.NoError(t, run(it, "import asyncio, signal\nasyncio.run(asyncio.sleep(0))\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n", "sb.pya"), errb.String())
	assert.Equal(t, "True\n", out.String())
}
