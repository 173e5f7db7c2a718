package stdlib_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// The WebSocket layer (stdlib/websocket.go) end to end: a Go HTTP server
// hands each request to a script coroutine on the VM's loop (the
// _wstest module below, a stand-in for aiohttp's server), which upgrades
// it with _websocket.accept; the script's client side dials it with
// _websocket.connect.

var wsTestExchangeType = vm.NewNativeType("Exchange", "_wstest", nil, nil)

// wsTestExchange is one request handed to the script.
type wsTestExchange struct {
	w        http.ResponseWriter
	r        *http.Request
	once     sync.Once
	done     chan struct{}
	upgraded bool
}

func (*wsTestExchange) Type() *vm.Type { return wsTestExchangeType }

func (e *wsTestExchange) WSExchange() (http.ResponseWriter, *http.Request, error) {
	if e.upgraded {
		return nil, nil, errors.New("already upgraded")
	}
	return e.w, e.r, nil
}

func (e *wsTestExchange) WSUpgraded() {
	e.upgraded = true
	e.finish()
}

func (e *wsTestExchange) finish() { e.once.Do(func() { close(e.done) }) }

// wsTestModule is the test's own module, given to its interpreter only.
func wsTestModule(v *vm.VM, m *vm.Module) error {
	var srv *httptest.Server
	m.SetFunc("serve", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		handler := args[0]
		l := t.VM().RunningLoop()
		l.Begin()
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/plain" {
				_, _ = w.Write([]byte("plain"))
				return
			}
			ex := &wsTestExchange{w: w, r: r, done: make(chan struct{})}
			l.Post(func() {
				t := l.VM().Main()
				coro, err := t.Call(handler, []vm.Value{vm.ObjectValue(ex)}, nil)
				if err != nil {
					ex.finish()
					return
				}
				tk, err := l.CreateTask(coro, vm.Value{})
				if err != nil {
					ex.finish()
					return
				}
				vm.FutureOf(vm.ObjectValue(tk)).AddDoneCallback(func(*vm.Future) { ex.finish() })
			})
			<-ex.done
			if !ex.upgraded {
				http.Error(w, "not upgraded", http.StatusNotFound)
			}
		}))
		return vm.Str("ws" + strings.TrimPrefix(srv.URL, "http")), nil
	})
	m.SetFunc("stop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		srv.Close()
		t.VM().RunningLoop().Done()
		return vm.None, nil
	})
	return nil
}

func runWSScript(t *testing.T, src string, caps vm.Capability) (string, string, error) {
	stdlib.Load()
	var out, errb bytes.Buffer
	v := vm.New(vm.Options{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""),
		Modules: vm.NewModuleTable(append(stdlib.Modules(), vm.ModuleDef{Name: "_wstest", Init: wsTestModule})...)})
	v.SetCapabilities(caps)
	err := v.RunMain([]byte(src), "ws.pya")
	return out.String(), errb.String(), err
}

func TestWebSocketLayer(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	src := `
import asyncio, _websocket, _wstest

log = []
server_close = []

async def handler(ex):
    conn = await _websocket.accept(ex, protocol="chat")
    while True:
        kind, data, extra = await conn.receive()
        log.append((kind, data, extra))
        if kind == 1:
            if data == "quit":
                # when the close completes depends on the client's reply:
                # recorded, printed once the client is done
                server_close.append(await conn.close(4001, b"server says bye"))
            else:
                await conn.send_text(data.upper())
        elif kind == 2:
            await conn.send_binary(data[::-1])
        elif kind == 8:
            await conn.close(1000, "")
        else:
            break

async def main():
    url = _wstest.serve(handler)
    conn = await _websocket.connect(url, protocols=["x", "chat"])
    print("protocol:", conn.protocol)
    await conn.send_text("hello")
    print(await conn.receive())
    await conn.send_binary(b"\x01\x02\x03")
    print(await conn.receive())
    await conn.ping(b"p")
    await conn.send_text("quit")
    print(await conn.receive())
    print("close_received:", conn.close_received, "close_sent:", conn.close_sent)
    print("reply sent:", await conn.close(1000))
    print("again:", await conn.close(1000))
    print(await conn.receive())
    print(await conn.receive())
    print("net_closed:", conn.net_closed)
    while log[-1][0] != 257:
        await asyncio.sleep(0.01)
    print("server saw:", log)
    print("server close sent:", server_close)

    # the peer closes first; a receive cancelled meanwhile does not hurt
    conn = await _websocket.connect(url)
    print("no protocol:", conn.protocol)
    t = asyncio.create_task(conn.receive())
    await asyncio.sleep(0)
    t.cancel()
    await conn.send_text("x")
    print(await conn.receive())
    print(await conn.close(1000, "done"))
    print(await conn.receive())
    conn.abort()
    print(await conn.receive())

    # refused handshake
    try:
        await _websocket.connect(url + "/plain", headers=[("X-Test", "1")])
    except _websocket.HandshakeError as e:
        print("handshake:", e.args[0], e.args[1])
    _wstest.stop()
    try:
        await _websocket.connect(url)
    except ConnectionRefusedError as e:
        print("refused:", type(e).__name__)

asyncio.run(main())
`
	out, errs, err := runWSScript(t, src, vm.AllowAll)
	require.NoError(t, err, errs)
	assert.Equal(t, `protocol: chat
(1, 'HELLO', None)
(2, b'\x03\x02\x01', None)
(8, 4001, 'server says bye')
close_received: True close_sent: False
reply sent: True
again: False
(257, None, None)
(257, None, None)
net_closed: True
server saw: [(1, 'hello', None), (2, b'\x01\x02\x03', None), (1, 'quit', None), (8, 1000, ''), (257, None, None)]
server close sent: [True]
no protocol: None
(1, 'X', None)
True
(8, 1000, '')
(257, None, None)
handshake: 200 OK
refused: ConnectionRefusedError
`, out)
	assert.Empty(t, errs)
}

func TestWebSocketNeedsNet(t *testing.T) {
	out, errs, err := runWSScript(t, `
import asyncio, _websocket
async def main():
    try:
        await _websocket.connect("ws://127.0.0.1:9/")
    except PermissionError as e:
        print(e)
asyncio.run(main())
`, vm.AllowAll&^vm.AllowNet)
	require.NoError(t, err, errs)
	assert.Equal(t, "WebSocket connect(ws://127.0.0.1:9/): not allowed by this interpreter (needs the net capability)\n", out)
}

// Pings and pongs reach the script with autoping=False; a burst larger
// than the read-ahead arrives complete and in order; a connection left
// open when asyncio.run ends is closed with the loop (no goroutine left).
func TestWebSocketPingBurstAndLoopClose(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	out, errs, err := runWSScript(t, `
import asyncio, _websocket, _wstest

async def handler(ex):
    conn = await _websocket.accept(ex, autoping=False)
    print("server got:", await conn.receive())
    await conn.pong(b"unasked")
    for i in range(40):
        await conn.send_text(str(i))
    print("server got:", await conn.receive())

async def main():
    url = _wstest.serve(handler)
    conn = await _websocket.connect(url, autoping=False)
    await conn.ping(b"are you there")
    print("client got:", await conn.receive())
    got = []
    for i in range(40):
        kind, data, _ = await conn.receive()
        got.append(data)
    print(got == [str(i) for i in range(40)], conn.pending)
    await conn.send_binary(b"end")
    await asyncio.sleep(0.05)
    _wstest.stop()

asyncio.run(main())
`, vm.AllowAll)
	require.NoError(t, err, errs)
	assert.Equal(t, `server got: (9, b'are you there', None)
client got: (10, b'unasked', None)
True 0
server got: (2, b'end', None)
`, out)
}
