package pyasync_test

import (
	"testing"

	"github.com/pyasync/pyasync"
)

// A socket closed while a loop call waits on it: the call fails with
// EBADF (where CPython's selector loop would wait for ever), the wait's
// registration is gone before the descriptor closes (so a socket opened
// next on the same descriptor number works), and nothing outlives the run
// — on the loop's poller and on helper goroutines alike.
const sockCloseScript = `
import asyncio, socket

async def main():
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    recv = asyncio.ensure_future(loop.sock_recv(a, 10))
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.setblocking(False)
    acc = asyncio.ensure_future(loop.sock_accept(srv))
    await asyncio.sleep(0.01)
    a.close()
    srv.close()
    for fut in (recv, acc):
        try:
            await fut
        except OSError as e:
            print(type(e).__name__, e.errno, end=" ")
    c, d = socket.socketpair()
    c.setblocking(False)
    d.send(b"again")
    print(await loop.sock_recv(c, 10), end=" ")
    for s in (b, c, d):
        s.close()
    print("done")

asyncio.run(main())
`

func TestSocketClosedUnderLoopWait(t *testing.T) {
	checkNothingOutlives(t, sockCloseScript, "close.pya", "OSError 9 OSError 9 b'again' done")
}

func TestSocketClosedUnderLoopWaitNoPoller(t *testing.T) {
	checkNothingOutlives(t, sockCloseScript, "close.pya", "OSError 9 OSError 9 b'again' done", pyasync.NoLoopPoller)
}
