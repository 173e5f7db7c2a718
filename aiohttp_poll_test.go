package pyasync_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pyasync/pyasync"
	"github.com/stretchr/testify/require"
)

// pollServerSrc is an aiohttp.web app for the poller engine's tests: it
// prints its port and serves until the context ends.
const pollServerSrc = `import asyncio
from aiohttp import web

async def hello(request):
    return web.Response(text="hi " + request.match_info.get("x", ""))

async def echo(request):
    return web.Response(body=await request.read())

async def big(request):
    resp = web.StreamResponse(headers={"Content-Length": str(8 << 20)})
    await resp.prepare(request)
    try:
        for _ in range(8):
            await resp.write(b"x" * (1 << 20))
        print("big done", flush=True)
    except ConnectionError as e:
        print("big failed", type(e).__name__, flush=True)
    return resp

async def main():
    app = web.Application()
    app.router.add_get("/", hello)
    app.router.add_get("/h/{x}", hello)
    app.router.add_post("/echo", echo)
    app.router.add_get("/big", big)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
`

// startPollServer runs pollServerSrc with the poller engine; it returns
// the address and the script's later output lines.
func startPollServer(t *testing.T) (string, <-chan string) {
	pr, pw := io.Pipe()
	it := pyasync.New(pyasync.Options{Stdout: pw, Stderr: io.Discard, Allow: pyasync.AllowAll})
	it.VM().State["_aiohttp.engine"] = "poll"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- it.Exec(ctx, pollServerSrc, "<poll>") }()
	t.Cleanup(func() {
		cancel()
		<-done
		pw.Close()
	})
	lines := make(chan string, 16)
	sc := bufio.NewScanner(pr)
	require.True(t, sc.Scan())
	port := strings.TrimSpace(sc.Text())
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return "127.0.0.1:" + port, lines
}

// roundTrip writes raw on a new connection and reads until the server
// closes it or 300 ms pass without data.
func roundTrip(t *testing.T, addr, raw string) string {
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte(raw))
	require.NoError(t, err)
	var out []byte
	buf := make([]byte, 1<<16)
	for {
		_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			return string(out)
		}
	}
}

func TestPollEngineProtocol(t *testing.T) {
	addr, _ := startPollServer(t)
	// pipelined requests are answered in order
	out := roundTrip(t, addr, "GET /h/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /h/2 HTTP/1.1\r\nHost: h\r\n\r\nGET /h/3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
	require.Equal(t, 3, strings.Count(out, "HTTP/1.1 200 OK"), out)
	require.Less(t, strings.Index(out, "hi 1"), strings.Index(out, "hi 2"))
	require.Less(t, strings.Index(out, "hi 2"), strings.Index(out, "hi 3"))
	require.Contains(t, out, "Connection: close\r\n\r\nhi 3")
	// a malformed request gets aiohttp's 400, then the connection closes
	out = roundTrip(t, addr, "GARBAGE\r\n\r\n")
	require.True(t, strings.HasPrefix(out, "HTTP/1.0 400 Bad Request\r\n"), out)
	require.True(t, strings.HasSuffix(out, "\r\n\r\nBad status line 'Invalid method encountered'"), out)
	// a head over the engine's limit: net/http's 431
	out = roundTrip(t, addr, "GET / HTTP/1.1\r\nHost: h\r\nX-A: "+strings.Repeat("a", 2<<20)+"\r\n\r\n")
	require.True(t, strings.HasPrefix(out, "HTTP/1.1 431"), out[:min(len(out), 100)])
	// a chunked body and 100-continue are net/http's, after a request the
	// engine served on the same connection
	out = roundTrip(t, addr, "GET /h/a HTTP/1.1\r\nHost: h\r\n\r\nPOST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
	require.Contains(t, out, "hi a")
	require.Contains(t, out, "abcde")
	out = roundTrip(t, addr, "POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nxyz")
	require.Contains(t, out, "HTTP/1.1 100 Continue")
	require.Contains(t, out, "xyz")
	// one byte at a time
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	for _, b := range []byte("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow") {
		_, err := c.Write([]byte{b})
		require.NoError(t, err)
		time.Sleep(time.Millisecond)
	}
	all, _ := io.ReadAll(c)
	c.Close()
	require.True(t, strings.HasSuffix(string(all), "\r\n\r\nslow"), string(all))
}

func TestPollEngineFaults(t *testing.T) {
	addr, lines := startPollServer(t)
	// a client that leaves mid-request, and one that leaves after a half
	// head: the server goes on serving
	for _, part := range []string{"GET / HT", "POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"} {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		_, _ = c.Write([]byte(part))
		c.Close()
	}
	require.Contains(t, roundTrip(t, addr, "GET /h/ok HTTP/1.1\r\nHost: h\r\n\r\n"), "hi ok")
	// a client that never reads an 8 MiB response: the writes wait
	// (back-pressure) while other clients are served; when it leaves, the
	// handler's write fails with a ConnectionError
	stuck, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	_, err = stuck.Write([]byte("GET /big HTTP/1.1\r\nHost: h\r\n\r\n"))
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	require.Contains(t, roundTrip(t, addr, "GET /h/other HTTP/1.1\r\nHost: h\r\n\r\n"), "hi other")
	require.Less(t, time.Since(start), 5*time.Second)
	select {
	case l := <-lines:
		t.Fatalf("the big response ended although nobody read it: %s", l)
	default:
	}
	stuck.(*net.TCPConn).SetLinger(0)
	stuck.Close()
	select {
	case l := <-lines:
		require.Equal(t, "big failed ConnectionResetError", l)
	case <-time.After(10 * time.Second):
		t.Fatal("the handler's write did not fail")
	}
}
