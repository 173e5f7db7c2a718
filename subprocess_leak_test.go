package pyasync_test

import (
	"testing"

	"github.com/pyasync/pyasync"
)

// The subprocess side of "nothing outlives asyncio.run": processes with
// all three pipes, reads pending on them, a write the child never takes
// (queued in the transport), one start cancelled while its pipes are being
// connected, then the main task is cancelled. The children are killed and
// waited for in finally (a running child keeps its reaper goroutine);
// afterwards no goroutine and no descriptor is left.
const subprocessLeakScript = `
import asyncio

PIPE = asyncio.subprocess.PIPE

async def main():
    procs = []
    try:
        for _ in range(4):
            procs.append(await asyncio.create_subprocess_exec("sh", "-c", "exec sleep 30", stdin=PIPE, stdout=PIPE, stderr=PIPE))
        reads = [asyncio.create_task(p.stdout.readline()) for p in procs]
        procs[0].stdin.write(b"x" * (4 << 20))
        starting = asyncio.create_task(asyncio.create_subprocess_exec("sh", "-c", "exec sleep 30", stdin=PIPE, stdout=PIPE))
        await asyncio.sleep(0)
        starting.cancel()
        await asyncio.sleep(0.1)
        asyncio.current_task().cancel()
        await asyncio.sleep(1)
    finally:
        for p in procs:
            p.kill()
        codes = [await p.wait() for p in procs]
        # (wait() returns once the exit is known: the pipes may end later)
        print(codes, starting.cancelled(), await asyncio.gather(*reads))

try:
    asyncio.run(main())
except asyncio.CancelledError:
    print("cancelled")
`

func TestSubprocessNothingOutlivesRun(t *testing.T) {
	checkNothingOutlives(t, subprocessLeakScript, "subleak.pya", "[-9, -9, -9, -9] True [b'', b'', b'', b'']\ncancelled")
}

// TestSubprocessNothingOutlivesRunNoPoller is the same run with the pipes
// read and written on helper goroutines.
func TestSubprocessNothingOutlivesRunNoPoller(t *testing.T) {
	checkNothingOutlives(t, subprocessLeakScript, "subleak.pya", "[-9, -9, -9, -9] True [b'', b'', b'', b'']\ncancelled", pyasync.NoLoopPoller)
}
