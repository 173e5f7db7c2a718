package pyasync_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/pyasync/pyasync"
	"github.com/pyasync/pyasync/vm"
	"github.com/stretchr/testify/require"
)

// webRoutingSrc resolves n request paths through a frozen aiohttp.web
// router of plain and dynamic routes; native says whether the router keeps
// its Go route table (_aiohttp.Router) or falls back to the regexes.
const webRoutingSrc = `from aiohttp import web

async def h(request):
    return web.Response()

app = web.Application()
r = app.router
for p in ("/", "/health", "/items", "/users", "/about"):
    r.add_get(p, h)
r.add_get(r"/items/{id:\d+}", h)
r.add_put(r"/items/{id:\d+}", h)
r.add_get("/users/{name}", h)
r.add_get("/users/{name}/posts/{post}", h)
app.freeze()
if not NATIVE:
    r._native = None

class Req:
    _method = "GET"
    def __init__(self, path):
        self.path = path
    def _route_path(self):
        return self.path

reqs = [Req(p) for p in ("/", "/items", "/items/7", "/users/ann", "/users/ann/posts/3", "/items/8")]

def f(n):
    total = 0
    for i in range(n):
        total += len(r._resolve_sync(reqs[i % 6]))
    return total
`

// BenchmarkWebRouting: 600 routed paths per op, matched in Go.
func BenchmarkWebRouting(b *testing.B) { benchFunc(b, "NATIVE = True\n"+webRoutingSrc, 600) }

// BenchmarkWebRoutingRegex: the same with the script's regex matching.
func BenchmarkWebRoutingRegex(b *testing.B) { benchFunc(b, "NATIVE = False\n"+webRoutingSrc, 600) }

// webServerSrc serves an app on an ephemeral port, prints the port and
// runs until the context ends; ROUTES adds the handlers.
const webServerSrc = `import asyncio, json, aiosqlite
from aiohttp import web

async def hello(request):
    return web.Response(text="Hello, World!")

async def database(app):
    async with aiosqlite.connect(":memory:") as db:
        await db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)")
        await db.executemany("INSERT INTO items (name, qty) VALUES (?, ?)", [(f"item {i}", i * 3) for i in range(100)])
        await db.commit()
        app["db"] = db
        yield

async def get_item(request):
    async with request.app["db"].execute("SELECT id, name, qty FROM items WHERE id = ?",
                                         (int(request.match_info["id"]),)) as cur:
        row = await cur.fetchone()
    return web.json_response({"id": row[0], "name": row[1], "qty": row[2]})

async def main():
    app = web.Application()
    app.cleanup_ctx.append(database)
    app.router.add_get("/", hello)
    app.router.add_get(r"/items/{id:\d+}", get_item)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
`

// benchServer runs webServerSrc and makes b.N requests for path from 8
// keep-alive clients: the server's whole request path (net/http, the
// handoffs to the loop, the script) per op, with the Go client's share.
func benchServer(b *testing.B, path string) {
	pr, pw := io.Pipe()
	it := pyasync.New(pyasync.Options{Stdout: pw, Stderr: io.Discard, Allow: pyasync.AllowAll})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- it.Exec(ctx, webServerSrc, "<bench>") }()
	defer func() {
		cancel()
		<-done
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(b, err)
	go io.Copy(io.Discard, pr)
	url := "http://127.0.0.1:" + strings.TrimSpace(line) + path
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	get := func() {
		resp, err := client.Get(url)
		if err != nil {
			b.Error(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Errorf("status %d", resp.StatusCode)
		}
	}
	get()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	var wg sync.WaitGroup
	var next atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				get()
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU is the process's user and system CPU time so far, in ns: the
// figure that survives a loaded machine better than the wall clock.
func processCPU() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// benchFuncAllow is benchFunc for a script that needs the network: f(n)
// per op, with the process's CPU per op reported too.
func benchFuncAllow(b *testing.B, src string, n int64) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard, Stderr: io.Discard, Allow: pyasync.AllowAll})
	require.NoError(b, it.Exec(context.Background(), src, "<bench>"))
	fn, err := it.Get("f")
	require.NoError(b, err)
	th := it.VM().Main()
	args := []vm.Value{vm.Int(n)}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := th.Call(fn.VM(), args, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkWebServerHello: one aiohttp.web hello-world request per op.
func BenchmarkWebServerHello(b *testing.B) { benchServer(b, "/") }

// BenchmarkWebServerJSON: one JSON-over-aiosqlite request per op.
func BenchmarkWebServerJSON(b *testing.B) { benchServer(b, "/items/7") }

// BenchmarkWebClient: 200 responses per op fetched by an aiohttp
// ClientSession, 100 at a time, from a Go server (the client's whole path:
// URL and headers, the native request, the body read, json()).
func BenchmarkWebClient(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"message": "Hello, World!"}`)
	}))
	defer srv.Close()
	src := `import asyncio, aiohttp
URL = "` + srv.URL + `/"

async def main(n):
    sem = asyncio.Semaphore(100)
    async with aiohttp.ClientSession() as s:
        async def one(i):
            async with sem:
                async with s.get(URL, params={"i": i}) as r:
                    data = await r.json()
                    return r.status + len(data["message"])
        return sum(await asyncio.gather(*(one(i) for i in range(n))))

def f(n):
    return asyncio.run(main(n))
`
	benchFuncAllow(b, src, 200)
}
