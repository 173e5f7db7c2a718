package stdlib

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/pyasync/pyasync/vm"
)

// The _websocket module: script access to WSConn (websocket.go), used by
// aiohttp's WebSocketResponse and ClientWebSocketResponse.
//
//	conn = await _websocket.connect(url, protocols=(), headers=[(k, v)],
//	                                timeout=None, autoping=True,
//	                                max_msg_size=0, compress=False)
//	conn = await _websocket.accept(exchange, protocol=None, headers=[...],
//	                               autoping=True, max_msg_size=0, compress=False)
//	await conn.send_text(s); await conn.send_binary(b)
//	await conn.ping(b""); await conn.pong(b"")
//	await conn.close(code, reason)   # True when this call sent the close frame
//	kind, data, extra = await conn.receive()
//	conn.abort()
//
// receive() gives (1, str, None) for text, (2, bytes, None) for binary,
// (8, code, reason) for a close frame (code 0 when it had none), (9 or 10,
// bytes, None) for pings and pongs (autoping=False), (256, None, None)
// after wake_closing(), (257, None, None)
// once the connection has ended, and (258, error, None) for a failed read,
// where error is an OSError or a (code, message) pair for a protocol
// error. A refused handshake raises HandshakeError(status, reason,
// headers).

var (
	wsConnType       = vm.NewNativeType("Connection", "_websocket", nil, nil)
	wsHandshakeError = vm.NewExceptionType("HandshakeError", "_websocket", vm.ExceptionType)
)

// WSExchange is a script-visible object holding one server exchange that
// _websocket.accept can upgrade (the aiohttp server's request).
type WSExchange interface {
	vm.Object
	// WSExchange returns the exchange's writer and request, or an error
	// when it can no longer be upgraded (a response was sent).
	WSExchange() (http.ResponseWriter, *http.Request, error)
	// WSUpgraded tells the exchange that its connection was taken over:
	// the handler must not write a response.
	WSUpgraded()
}

// Type implements vm.Object.
func (*WSConn) Type() *vm.Type { return wsConnType }

// wsMessageValue is the script tuple of a received message.
func wsMessageValue(m WSMessage) vm.Value {
	kind := vm.Int(int64(m.Kind))
	switch m.Kind {
	case WSText:
		if !utf8.Valid(m.Data) {
			return vm.NewTuple([]vm.Value{vm.Int(int64(WSError)), vm.Tuple2(vm.Int(1007), vm.Str("Invalid UTF-8 text message")), vm.None})
		}
		return vm.NewTuple([]vm.Value{kind, vm.Str(string(m.Data)), vm.None})
	case WSBinary, WSPing, WSPong:
		return vm.NewTuple([]vm.Value{kind, vm.NewBytes(m.Data), vm.None})
	case WSClose:
		code := m.Code
		if code == websocket.CloseNoStatusReceived {
			code = 0
		}
		return vm.NewTuple([]vm.Value{kind, vm.Int(int64(code)), vm.Str(string(m.Data))})
	case WSError:
		return vm.NewTuple([]vm.Value{kind, wsErrorValue(m.Err), vm.None})
	case WSClosing:
		return vm.NewTuple([]vm.Value{kind, vm.None, vm.None})
	}
	return vm.NewTuple([]vm.Value{vm.Int(int64(WSClosed)), vm.None, vm.None})
}

// wsErrorValue is what a failed read reports: a protocol error as a
// (close code, message) pair, anything else as an OSError.
func wsErrorValue(err error) vm.Value {
	if errors.Is(err, websocket.ErrReadLimit) {
		return vm.Tuple2(vm.Int(websocket.CloseMessageTooBig), vm.Str("Message size exceeds limit"))
	}
	var ne net.Error
	if !errors.As(err, &ne) {
		return vm.Tuple2(vm.Int(websocket.CloseProtocolError), vm.Str(err.Error()))
	}
	return vm.ObjectValue(asExc(osError(err, vm.Value{})))
}

// wsWriteError is the script exception of a failed write.
func wsWriteError(err error) *vm.Exception {
	if errors.Is(err, ErrWSClosing) {
		return vm.Errorf(vm.ConnectionResetError, "%s", ErrWSClosing.Error())
	}
	return asExc(osError(err, vm.Value{}))
}

// wsLoop is the running loop a _websocket call works on.
func wsLoop(t *vm.Thread, fname string) (*vm.Loop, error) {
	l := t.VM().RunningLoop()
	if l == nil {
		return nil, vm.Errorf(vm.RuntimeError, "%s: no running event loop", fname)
	}
	return l, nil
}

// wsOptions reads the options common to connect and accept.
func wsOptions(t *vm.Thread, headers, autoping, maxSize, compress vm.Value) (WSOptions, error) {
	var o WSOptions
	if given(headers) {
		o.Header = http.Header{}
		err := t.ForEach(headers, func(pair vm.Value) error {
			tu, ok := pair.Object().(*vm.Tuple)
			if !ok || len(tu.Items()) != 2 {
				return vm.Errorf(vm.TypeError, "headers must be (name, value) pairs")
			}
			k, ok1 := tu.Items()[0].AsStr()
			v, ok2 := tu.Items()[1].AsStr()
			if !ok1 || !ok2 {
				return vm.Errorf(vm.TypeError, "header names and values must be str")
			}
			o.Header.Add(k, v)
			return nil
		})
		if err != nil {
			return o, err
		}
	}
	if autoping.IsValid() {
		ok, err := t.Truth(autoping)
		if err != nil {
			return o, err
		}
		o.ManualPing = !ok
	}
	if given(maxSize) {
		n, err := t.Index(maxSize)
		if err != nil {
			return o, err
		}
		o.MaxMessageSize = n
	}
	if compress.IsValid() {
		ok, err := t.Truth(compress)
		if err != nil {
			return o, err
		}
		o.Compress = ok
	}
	return o, nil
}

// wsHeaderList is a header as a list of (name, value) tuples.
func wsHeaderList(h http.Header) vm.Value {
	if h == nil {
		return vm.None
	}
	var items []vm.Value
	for k, vs := range h {
		for _, v := range vs {
			items = append(items, vm.Tuple2(vm.Str(k), vm.Str(v)))
		}
	}
	return vm.NewList(items)
}

func wsConnect(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var url, protocols, headers, timeout, autoping, maxSize, compress vm.Value
	if err := vm.UnpackArgs("connect", args, kw, []string{"url", "*protocols?", "*headers?", "*timeout?", "*autoping?", "*max_msg_size?", "*compress?"},
		&url, &protocols, &headers, &timeout, &autoping, &maxSize, &compress); err != nil {
		return vm.Value{}, err
	}
	u, err := strArg("connect", "url", url)
	if err != nil {
		return vm.Value{}, err
	}
	if err := t.VM().Require(vm.AllowNet, "WebSocket connect("+u+")"); err != nil {
		return vm.Value{}, err
	}
	l, err := wsLoop(t, "connect")
	if err != nil {
		return vm.Value{}, err
	}
	o, err := wsOptions(t, headers, autoping, maxSize, compress)
	if err != nil {
		return vm.Value{}, err
	}
	if given(protocols) {
		err := t.ForEach(protocols, func(p vm.Value) error {
			s, err := strArg("connect", "protocols", p)
			o.Protocols = append(o.Protocols, s)
			return err
		})
		if err != nil {
			return vm.Value{}, err
		}
	}
	if given(timeout) {
		f, err := toFloat(t, timeout)
		if err != nil {
			return vm.Value{}, err
		}
		o.HandshakeTimeout = time.Duration(f * float64(time.Second))
	}
	fut := l.NewFuture()
	op := DialWS(l, u, o, func(c *WSConn, h *WSHandshakeError, err error) {
		if fut.Done() {
			if c != nil {
				c.Abort()
			}
			return
		}
		switch {
		case c != nil:
			_ = fut.SetResult(vm.ObjectValue(c))
		case h != nil:
			_ = fut.SetException(vm.NewException(wsHandshakeError, vm.Int(int64(h.Status)), vm.Str(h.Reason), wsHeaderList(h.Header)))
		case errors.Is(err, context.DeadlineExceeded):
			_ = fut.SetException(vm.NewException(vm.TimeoutError))
		default:
			_ = fut.SetException(asExc(osError(err, vm.Value{})))
		}
	})
	fut.AddDoneCallback(func(f *vm.Future) {
		if f.Cancelled() {
			op.Cancel()
		}
	})
	return awaitable(fut.Value()), nil
}

func wsAccept(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var exch, protocol, headers, autoping, maxSize, compress vm.Value
	if err := vm.UnpackArgs("accept", args, kw, []string{"exchange", "*protocol?", "*headers?", "*autoping?", "*max_msg_size?", "*compress?"},
		&exch, &protocol, &headers, &autoping, &maxSize, &compress); err != nil {
		return vm.Value{}, err
	}
	hx, isHTTP := exch.Object().(*httpExchange)
	ex, ok := exch.Object().(WSExchange)
	if !ok && !isHTTP {
		return vm.Value{}, vm.Errorf(vm.TypeError, "accept() needs a server exchange, not %s", exch.TypeName())
	}
	l, err := wsLoop(t, "accept")
	if err != nil {
		return vm.Value{}, err
	}
	o, err := wsOptions(t, headers, autoping, maxSize, compress)
	if err != nil {
		return vm.Value{}, err
	}
	if given(protocol) {
		p, err := strArg("accept", "protocol", protocol)
		if err != nil {
			return vm.Value{}, err
		}
		o.Protocols = []string{p}
	}
	if isHTTP {
		return acceptExchange(hx, o), nil
	}
	w, r, err := ex.WSExchange()
	if err != nil {
		return vm.Value{}, err
	}
	fut := l.NewFuture()
	AcceptWS(l, w, r, o, func(c *WSConn, err error) {
		if c != nil {
			ex.WSUpgraded()
		}
		if fut.Done() {
			if c != nil {
				c.Abort()
			}
			return
		}
		var h *WSHandshakeError
		switch {
		case c != nil:
			_ = fut.SetResult(vm.ObjectValue(c))
		case errors.As(err, &h):
			_ = fut.SetException(vm.NewException(wsHandshakeError, vm.Int(int64(h.Status)), vm.Str(h.Reason), vm.None))
		default:
			_ = fut.SetException(asExc(osError(err, vm.Value{})))
		}
	})
	return awaitable(fut.Value()), nil
}

// acceptExchange upgrades an aiohttp server exchange: the handshake runs
// on the exchange's handler goroutine, which then returns (the
// connection is the socket's from there on).
func acceptExchange(ex *httpExchange, o WSOptions) vm.Value {
	l := ex.srv.loop
	ex.started = true
	return ex.do(func(w http.ResponseWriter, r *http.Request) (any, error) {
		c, err := UpgradeWS(w, r, o)
		if err == nil {
			_, _ = ex.finish(w, r)
		}
		return c, err
	}, func(res any, err error) (vm.Value, error) {
		var h *WSHandshakeError
		switch {
		case err == nil:
			ex.finished = true
			ex.ws = NewWSConn(l, res.(*websocket.Conn), o, nil)
			return vm.ObjectValue(ex.ws), nil
		case errors.As(err, &h):
			return vm.Value{}, vm.NewException(wsHandshakeError, vm.Int(int64(h.Status)), vm.Str(h.Reason), vm.None)
		}
		return vm.Value{}, osError(err, vm.Value{})
	})
}

func wsSelf(v vm.Value) *WSConn { return v.Object().(*WSConn) }

// wsSendMethod is a method sending one kind of frame.
func wsSendMethod(name string, kind WSKind) vm.MethodFunc {
	return func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var data vm.Value
		names := []string{"data"}
		if kind == WSPing || kind == WSPong {
			names = []string{"data?"}
		}
		if err := vm.UnpackArgs(name, args, kw, names, &data); err != nil {
			return vm.Value{}, err
		}
		var b []byte
		switch {
		case !data.IsValid():
		case kind == WSText:
			s, ok := data.AsStr()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "data argument must be str (%s)", data.TypeName())
			}
			b = []byte(s)
		default:
			d, ok := data.AsBytes()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "data argument must be byte-ish (%s)", data.TypeName())
			}
			b = append([]byte(nil), d...)
		}
		w := wsSelf(self)
		fut := w.loop.NewFuture()
		w.Send(kind, b, func(err error) {
			if fut.Done() {
				return
			}
			if err != nil {
				_ = fut.SetException(wsWriteError(err))
			} else {
				_ = fut.SetResult(vm.None)
			}
		})
		return awaitable(fut.Value()), nil
	}
}

func init() {
	register("_websocket", func(v *vm.VM, m *vm.Module) error {
		m.Set("Connection", vm.ObjectValue(wsConnType))
		m.Set("HandshakeError", vm.ObjectValue(wsHandshakeError))
		m.SetFunc("connect", wsConnect)
		m.SetFunc("accept", wsAccept)
		return nil
	})
	C := wsConnType
	C.NewMethod("send_text", wsSendMethod("send_text", WSText))
	C.NewMethod("send_binary", wsSendMethod("send_binary", WSBinary))
	C.NewMethod("ping", wsSendMethod("ping", WSPing))
	C.NewMethod("pong", wsSendMethod("pong", WSPong))
	C.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var code, reason vm.Value
		if err := vm.UnpackArgs("close", args, kw, []string{"code?", "reason?"}, &code, &reason); err != nil {
			return vm.Value{}, err
		}
		c := int64(websocket.CloseNormalClosure)
		if given(code) {
			n, err := t.Index(code)
			if err != nil {
				return vm.Value{}, err
			}
			c = n
		}
		var why string
		if given(reason) {
			if s, ok := reason.AsStr(); ok {
				why = s
			} else if b, ok := reason.AsBytes(); ok {
				why = string(b)
			} else {
				return vm.Value{}, vm.Errorf(vm.TypeError, "close reason must be str or bytes, not %s", reason.TypeName())
			}
		}
		if len(why) > 123 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "close reason is longer than 123 bytes")
		}
		w := wsSelf(self)
		fut := w.loop.NewFuture()
		sent := w.Close(int(c), why, func(err error) {
			if fut.Done() {
				return
			}
			if err != nil {
				_ = fut.SetException(wsWriteError(err))
			} else {
				_ = fut.SetResult(vm.True)
			}
		})
		if !sent {
			_ = fut.SetResult(vm.False)
		}
		return awaitable(fut.Value()), nil
	})
	C.NewMethod("receive", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("receive", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		return awaitable(wsSelf(self).Receive().Value()), nil
	})
	C.NewMethod("wake_closing", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		wsSelf(self).WakeClosing()
		return vm.None, nil
	})
	C.NewMethod("abort", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		wsSelf(self).Abort()
		return vm.None, nil
	})
	getter := func(name string, fn func(w *WSConn) vm.Value) {
		C.NewGetSet(name, func(t *vm.Thread, self vm.Value) (vm.Value, error) { return fn(wsSelf(self)), nil }, nil)
	}
	getter("protocol", func(w *WSConn) vm.Value {
		if w.protocol == "" {
			return vm.None
		}
		return vm.Str(w.protocol)
	})
	getter("close_sent", func(w *WSConn) vm.Value { return vm.Bool(w.closeSent) })
	getter("close_received", func(w *WSConn) vm.Value { return vm.Bool(w.closeReceived) })
	getter("ended", func(w *WSConn) vm.Value { return vm.Bool(w.ended) })
	getter("net_closed", func(w *WSConn) vm.Value { return vm.Bool(w.netClosed) })
	getter("pongs", func(w *WSConn) vm.Value { return vm.Int(int64(w.pongs)) })
	getter("pending", func(w *WSConn) vm.Value { return vm.Int(int64(len(w.queue))) })
	getter("response_headers", func(w *WSConn) vm.Value { return wsHeaderList(w.header) })
	getter("peername", func(w *WSConn) vm.Value { return addrValue(w.c.RemoteAddr()) })
	getter("sockname", func(w *WSConn) vm.Value { return addrValue(w.c.LocalAddr()) })
}

// addrValue is a TCP address as Python's (host, port) tuple.
func addrValue(a net.Addr) vm.Value {
	if ta, ok := a.(*net.TCPAddr); ok {
		return vm.Tuple2(vm.Str(ta.IP.String()), vm.Int(int64(ta.Port)))
	}
	if a == nil {
		return vm.None
	}
	return vm.Str(a.String())
}
