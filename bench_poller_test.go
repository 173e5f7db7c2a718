package pyasync_test

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
	"github.com/pyasync/pyasync/vm"
)

// pollerEchoSrc: f(n) makes n request/response round trips between two
// stream pairs over a socketpair, in one asyncio.run: both ends are
// socket transports on the loop's epoll poller (Linux), so a round trip
// is two writes and two reads made by the loop goroutine and the wake-ups
// of the two tasks, with no helper goroutine.
const pollerEchoSrc = `import asyncio, socket

async def echo(n):
    a, b = socket.socketpair()
    cr, cw = await asyncio.open_connection(sock=a)
    sr, sw = await asyncio.open_connection(sock=b)

    async def server():
        while line := await sr.readline():
            sw.write(line)
            await sw.drain()
        sw.close()

    srv = asyncio.create_task(server())
    ok = 0
    for i in range(n):
        cw.write(b"ping\n")
        await cw.drain()
        ok += await cr.readline() == b"ping\n"
    cw.close()
    await srv
    return ok

def f(n):
    return asyncio.run(echo(n))
`

// BenchmarkPollerEcho: 1000 echo round trips through a stream pair on
// the loop's poller per op (one asyncio.run, one socketpair).
func BenchmarkPollerEcho(b *testing.B) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard, Stderr: io.Discard, Allow: pyasync.AllowAll})
	require.NoError(b, it.Exec(context.Background(), pollerEchoSrc, "<bench>"))
	fn, err := it.Get("f")
	require.NoError(b, err)
	th := it.VM().Main()
	args := []vm.Value{vm.Int(1000)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := th.Call(fn.VM(), args, nil)
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := r.AsInt64(); n != 1000 {
			b.Fatalf("%d round trips of 1000 echoed", n)
		}
	}
}
