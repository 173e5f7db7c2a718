package pyasync_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/pyasync/pyasync"
)

// "Nothing outlives asyncio.run" for WebSockets: a server handler waiting
// in receive(), a client whose unread messages fill the read-ahead (its
// reader goroutine waits for room), another one waiting in receive(), and
// a ws_connect whose handshake the server never answers; then the main
// task is cancelled. No goroutine and no descriptor is left.

const wsLeakScript = `
import asyncio, aiohttp
from aiohttp import web

async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        pass
    return ws

async def flood(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    for i in range(100):
        await ws.send_str(str(i))
    await ws.receive()
    return ws

async def silent(reader, writer):
    await reader.read()

async def main():
    app = web.Application()
    app.router.add_get("/echo", echo)
    app.router.add_get("/flood", flood)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    mute = await asyncio.start_server(silent, "127.0.0.1", 0)
    mute_port = mute.sockets[0].getsockname()[1]
    s = aiohttp.ClientSession()
    a = await s.ws_connect(base + "/echo")
    waiting = asyncio.create_task(a.receive())
    b = await s.ws_connect(base + "/flood")
    async def hang():
        await s.ws_connect(f"http://127.0.0.1:{mute_port}/")
    hanging = asyncio.create_task(hang())
    await asyncio.sleep(0.2)
    asyncio.current_task().cancel()
    await asyncio.sleep(1)

try:
    asyncio.run(main())
except asyncio.CancelledError:
    print("cancelled")
`

func TestWebSocketNothingOutlivesRun(t *testing.T) {
	checkNothingOutlives(t, wsLeakScript, "wsleak.pya", "cancelled")
}

// Without the net capability ws_connect opens nothing.
func TestWebSocketNeedsNet(t *testing.T) {
	var out, errb bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &errb})
	src := `
import asyncio, aiohttp

async def main():
    async with aiohttp.ClientSession() as s:
        try:
            await s.ws_connect("http://127.0.0.1:1/ws")
        except PermissionError as e:
            print("client:", e)

asyncio.run(main())
`
	if err := it.Exec(context.Background(), src, "nonet.pya"); err != nil {
		t.Fatalf("script failed: %v\n%s", err, errb.String())
	}
	want := "client: WebSocket connect(ws://127.0.0.1:1/ws): not allowed by this interpreter (needs the net capability)\n"
	if out.String() != want {
		t.Fatalf("stdout = %q, stderr = %q", out.String(), errb.String())
	}
}
