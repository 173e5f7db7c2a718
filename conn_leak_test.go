package pyasync_test

import (
	"testing"

	"github.com/pyasync/pyasync"
)

// The conn10k benchmark (bench/cases/conn10k.pya) at a small scale, in one
// interpreter: 300 clients connect, do 3 round trips each and wait idle in
// a read; then every client task is cancelled at once, without closing its
// writer, while the server's handlers still wait in readline. Once
// asyncio.run has returned, no goroutine is left (goleak) and the process
// holds the descriptors it held before.

const connScript = `
import asyncio

N = 300

async def main():
    handlers = 0

    async def handle(reader, writer):
        nonlocal handlers
        handlers += 1
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    idle = 0
    all_idle = asyncio.Event()

    async def client(i):
        nonlocal idle
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        ok = 0
        for k in range(3):
            msg = f"{i} {k}\n".encode()
            writer.write(msg)
            await writer.drain()
            ok += await reader.readline() == msg
        idle += 1
        if idle == N:
            all_idle.set()
        await reader.read()
        return ok

    tasks = [asyncio.create_task(client(i)) for i in range(N)]
    await all_idle.wait()
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
    print(idle, cancelled, handlers)
    server.close()

asyncio.run(main())
`

func TestConnectionsCancelledLeaveNothing(t *testing.T) {
	checkNothingOutlives(t, connScript, "conn.pya", "300 300 300")
}

// TestConnectionsCancelledLeaveNothingNoPoller runs it with the loop's own
// poller switched off: connects, accepts and transports wait on goroutines.
func TestConnectionsCancelledLeaveNothingNoPoller(t *testing.T) {
	checkNothingOutlives(t, connScript, "conn.pya", "300 300 300", pyasync.NoLoopPoller)
}
