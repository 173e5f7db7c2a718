package pyasync_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/pyasync/pyasync"
)

// The networking side of "nothing outlives asyncio.run": a script opens a
// server, clients blocked in reads, a UDP endpoint, pending sock_* calls
// and fd watchers, then its main task is cancelled. Afterwards no
// goroutine is left (goleak) and the process holds the descriptors it held
// before.

const leakScript = `
import asyncio, socket

async def handler(reader, writer):
    await reader.read()

async def client(port):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(b"hello")
    await r.readline()

async def main():
    loop = asyncio.get_running_loop()
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    tasks = [asyncio.create_task(client(port)) for _ in range(20)]
    udp, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0))
    a, b = socket.socketpair()
    a.setblocking(False)
    pending = asyncio.create_task(loop.sock_recv(a, 10))
    loop.add_reader(b.fileno(), lambda: None)
    big_r, big_w = await asyncio.open_connection("127.0.0.1", port)
    big_w.write(b"x" * (8 << 20))  # more than the kernel takes: a writer goroutine waits
    await asyncio.sleep(0.1)
    try:
        asyncio.current_task().cancel()
        await asyncio.sleep(1)
    finally:
        a.close()
        b.close()

try:
    asyncio.run(main())
except asyncio.CancelledError:
    print("cancelled")
`

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents)
}

// checkNothingOutlives runs script with every capability, checks that it
// printed want, and that no goroutine (goleak) and no descriptor is left
// once the run has returned.
func checkNothingOutlives(t *testing.T, script, filename, want string, setup ...func(*pyasync.Interpreter)) {
	t.Helper()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	before := countFDs(t)
	var out, errb bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &errb, Allow: pyasync.AllowAll})
	for _, f := range setup {
		f(it)
	}
	if err := it.Exec(context.Background(), script, filename); err != nil {
		t.Fatalf("script failed: %v\n%s", err, errb.String())
	}
	if got := strings.TrimSpace(out.String()); got != want {
		t.Fatalf("stdout = %q, stderr = %q", got, errb.String())
	}
	// (fewer is fine: descriptors of earlier tests may close meanwhile)
	if after := countFDs(t); after > before {
		t.Fatalf("descriptors: %d before the script, %d after", before, after)
	}
}

func TestNetNothingOutlivesRun(t *testing.T) {
	checkNothingOutlives(t, leakScript, "leak.pya", "cancelled")
}

// TestNetNothingOutlivesRunNoPoller is the same run with every descriptor
// waited for on helper goroutines (the path of platforms without a loop
// poller).
func TestNetNothingOutlivesRunNoPoller(t *testing.T) {
	checkNothingOutlives(t, leakScript, "leak.pya", "cancelled", pyasync.NoLoopPoller)
}
