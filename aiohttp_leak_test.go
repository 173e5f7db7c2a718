package pyasync_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/pyasync/pyasync"
)

// "Nothing outlives asyncio.run" for aiohttp: a server with requests in
// flight (a slow handler, a response streaming, one with a hand-written
// status line), client sessions never closed, a response never read; the
// main task is then cancelled. No goroutine and no descriptor is left.

const aiohttpLeakScript = `
import asyncio, aiohttp
from aiohttp import web

async def slow(request):
    await asyncio.sleep(10)
    return web.Response(text="late")

async def stream(request):
    resp = web.StreamResponse(reason="Streaming")
    await resp.prepare(request)
    await resp.write(b"first")
    await asyncio.sleep(10)
    return resp

async def quick(request):
    return web.Response(text="x" * 100000)

async def get(s, path):
    async with s.get(path) as r:
        await r.read()

async def main():
    app = web.Application()
    app.router.add_get("/slow", slow)
    app.router.add_get("/stream", stream)
    app.router.add_get("/quick", quick)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    s = aiohttp.ClientSession(f"http://127.0.0.1:{runner.addresses[0][1]}")
    await get(s, "/quick")
    unread = await s.get("/quick")
    tasks = [asyncio.create_task(get(s, p)) for p in ["/slow", "/stream", "/slow"]]
    await asyncio.sleep(0.2)
    asyncio.current_task().cancel()
    await asyncio.sleep(1)

try:
    asyncio.run(main())
except asyncio.CancelledError:
    print("cancelled")
`

func TestAiohttpNothingOutlivesRun(t *testing.T) {
	checkNothingOutlives(t, aiohttpLeakScript, "leak.pya", "cancelled")
}

// Without the net capability neither side opens anything.
func TestAiohttpNeedsNet(t *testing.T) {
	var out, errb bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &errb})
	src := `
import asyncio, aiohttp
from aiohttp import web

async def main():
    runner = web.AppRunner(web.Application())
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
    except PermissionError as e:
        print("server:", e)
    async with aiohttp.ClientSession() as s:
        try:
            await s.get("http://127.0.0.1:1/")
        except PermissionError as e:
            print("client:", e)

asyncio.run(main())
`
	if err := it.Exec(context.Background(), src, "nonet.pya"); err != nil {
		t.Fatalf("script failed: %v\n%s", err, errb.String())
	}
	want := "server: aiohttp.web server on 127.0.0.1:0: not allowed by this interpreter (needs the net capability)\n" +
		"client: aiohttp request to http://127.0.0.1:1/: not allowed by this interpreter (needs the net capability)\n"
	if out.String() != want {
		t.Fatalf("stdout = %q, stderr = %q", out.String(), errb.String())
	}
}
