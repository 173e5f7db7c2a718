package stdlib

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pyasync/pyasync/vm"
)

// WebSocket connections (RFC 6455) owned by an event loop: the Go layer
// under aiohttp's WebSocketResponse and ClientWebSocketResponse, on
// gorilla/websocket (the frame protocol, masking, the opening handshake,
// permessage-deflate). The script bindings are in websocket_module.go.
//
// # Go API
//
// Everything is called on the loop goroutine and every callback runs
// there; blocking work (the handshake, reads, writes) runs on helper
// goroutines as vm.Op operations.
//
//	AcceptWS(l, w, r, opts, func(c *WSConn, err error) {...})  // server side
//	DialWS(l, url, opts, func(c *WSConn, h *WSHandshakeError, err error) {...})
//	c.Send(WSText, []byte("hi"), func(err error) {...})  // WSBinary, WSPing, WSPong too
//	c.Close(1000, "bye", func(err error) {...})            // sends the close frame
//	f := c.Receive()                                        // a future of the next message
//	c.Abort()                                               // drops the TCP connection
//
// One reader goroutine per connection reads messages ahead into a queue of
// at most wsReadAhead messages (back-pressure: it waits for the script to
// take them). Writes go out in order through one writer operation at a
// time. The close handshake is the application's: a close frame from the
// peer is handed over as a WSClose message and not answered by the
// library (aiohttp answers it itself, with its own code), and once both
// close frames have passed the TCP connection is closed.

// WSKind is the kind of a WebSocket message, numbered as aiohttp's
// WSMsgType.
type WSKind int

// The kinds of message. WSClosed and WSError are not frames: WSClosed is
// what Receive returns once the connection has ended without (or after) a
// close frame, WSError a read that failed (Err says why).
const (
	WSText   WSKind = 1
	WSBinary WSKind = 2
	WSClose  WSKind = 8
	WSPing   WSKind = 9
	WSPong   WSKind = 10
	// WSClosing is never received: WakeClosing hands it to a waiting
	// receiver when the application closes the connection meanwhile.
	WSClosing WSKind = 256
	WSClosed  WSKind = 257
	WSError   WSKind = 258
)

// wsReadAhead is how many received messages may wait for the script.
const wsReadAhead = 16

// wsControlTimeout bounds the write of a control frame.
const wsControlTimeout = 10 * time.Second

// WSMessage is one message received on a connection.
type WSMessage struct {
	Kind WSKind
	// Data is the payload (the reason of a close frame).
	Data []byte
	// Code is the status code of a close frame (1005 when it had none).
	Code int
	// Err is why the read failed (WSError).
	Err error
}

// WSOptions configure a connection.
type WSOptions struct {
	// Protocols are the subprotocols offered (DialWS) or the one chosen
	// (AcceptWS: at most one, answered in Sec-WebSocket-Protocol).
	Protocols []string
	// ManualPing hands pings and pongs to the script as messages instead
	// of answering pings with pongs (aiohttp's autoping=False).
	ManualPing bool
	// MaxMessageSize limits a received message (0: no limit).
	MaxMessageSize int64
	// Compress negotiates permessage-deflate.
	Compress bool
	// Header holds extra request headers (DialWS) or response headers
	// (AcceptWS).
	Header http.Header
	// HandshakeTimeout bounds DialWS's connect and handshake (0: none).
	HandshakeTimeout time.Duration
}

// WSHandshakeError is a server's answer to an opening handshake that did
// not upgrade the connection.
type WSHandshakeError struct {
	Status int
	Reason string
	Header http.Header
}

// Error implements error.
func (e *WSHandshakeError) Error() string { return "Invalid response status" }

// ErrWSClosing is the error of a data write after the close frame was sent
// or after the connection ended.
var ErrWSClosing = errors.New("Cannot write to closing transport")

// WSConn is one WebSocket connection. Its fields are the loop goroutine's.
type WSConn struct {
	loop     *vm.Loop
	c        *websocket.Conn
	protocol string
	// header is the handshake's response header (client side).
	header http.Header
	manual bool

	queue   []WSMessage
	waiters []*vm.Future
	credit  chan struct{}
	// stop is closed when the TCP connection is closed by this side.
	stop     chan struct{}
	stopOnce sync.Once
	// ended: the reader has delivered its last message.
	ended bool
	last  WSMessage

	writes  []wsWrite
	writing bool

	closeSent, closeReceived, netClosed bool
}

// wsWrite is one frame waiting to be written.
type wsWrite struct {
	kind WSKind
	data []byte
	code int
	done func(error)
}

// NewWSConn makes the WSConn of an upgraded connection c and starts its
// reader; header is the handshake's response header (client side) or nil.
func NewWSConn(l *vm.Loop, c *websocket.Conn, o WSOptions, header http.Header) *WSConn {
	w := &WSConn{loop: l, c: c, protocol: c.Subprotocol(), header: header, manual: o.ManualPing,
		credit: make(chan struct{}, wsReadAhead), stop: make(chan struct{})}
	for i := 0; i < wsReadAhead; i++ {
		w.credit <- struct{}{}
	}
	if o.MaxMessageSize > 0 {
		c.SetReadLimit(o.MaxMessageSize)
	}
	w.startReader()
	return w
}

// AcceptWS upgrades the server exchange (w, r) to a WebSocket connection
// on a helper goroutine and calls done with the connection or the error.
// The request must be a valid opening handshake (check it first), and
// nothing else may use w meanwhile. The connection is taken over from
// net/http (hijacked): once done reports success the handler must not
// write a response. (aiohttp's server runs UpgradeWS on its own handler
// goroutine instead, then NewWSConn on the loop.)
func AcceptWS(l *vm.Loop, w http.ResponseWriter, r *http.Request, o WSOptions, done func(*WSConn, error)) *vm.Op {
	return l.Go(func(op *vm.Op) {
		c, err := UpgradeWS(w, r, o)
		op.Post(func() {
			if err != nil {
				done(nil, err)
				return
			}
			if op.Cancelled() {
				_ = c.NetConn().Close()
				done(nil, context.Canceled)
				return
			}
			done(NewWSConn(l, c, o, nil), nil)
		})
	})
}

// UpgradeWS answers the opening handshake of (w, r) and takes the
// connection over; it blocks, and runs on the goroutine that owns w. A
// request that is not a valid handshake gives a WSHandshakeError (nothing
// is written to w then).
func UpgradeWS(w http.ResponseWriter, r *http.Request, o WSOptions) (*websocket.Conn, error) {
	up := websocket.Upgrader{
		Subprotocols:      o.Protocols,
		EnableCompression: o.Compress,
		CheckOrigin:       func(*http.Request) bool { return true },
	}
	var status int
	var reason string
	up.Error = func(w http.ResponseWriter, r *http.Request, st int, why error) {
		status, reason = st, why.Error()
	}
	c, err := up.Upgrade(w, r, o.Header)
	if err != nil && status != 0 {
		err = &WSHandshakeError{Status: status, Reason: reason}
	}
	return c, err
}

// DialWS opens a WebSocket connection to url (ws:// or wss://) and calls
// done with it, or with the server's refusal (a WSHandshakeError), or
// with the error that stopped it. Cancelling the returned operation stops
// the dial.
func DialWS(l *vm.Loop, url string, o WSOptions, done func(*WSConn, *WSHandshakeError, error)) *vm.Op {
	d := websocket.Dialer{
		Subprotocols:      o.Protocols,
		EnableCompression: o.Compress,
		HandshakeTimeout:  o.HandshakeTimeout,
		NetDialContext:    (&net.Dialer{}).DialContext,
	}
	return l.Go(func(op *vm.Op) {
		ctx := op.Context()
		if o.HandshakeTimeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, o.HandshakeTimeout)
			defer cancel()
		}
		c, resp, err := d.DialContext(ctx, url, o.Header)
		var herr *WSHandshakeError
		if errors.Is(err, websocket.ErrBadHandshake) && resp != nil {
			herr = &WSHandshakeError{Status: resp.StatusCode, Reason: http.StatusText(resp.StatusCode), Header: resp.Header}
			if len(resp.Status) > 4 {
				herr.Reason = resp.Status[4:]
			}
			err = nil
		} else if err != nil && ctx.Err() == context.DeadlineExceeded && op.Context().Err() == nil {
			err = context.DeadlineExceeded
		}
		var header http.Header
		if resp != nil {
			header = resp.Header
		}
		op.Post(func() {
			if c != nil && op.Cancelled() {
				_ = c.NetConn().Close()
				done(nil, nil, context.Canceled)
				return
			}
			if c == nil {
				done(nil, herr, err)
				return
			}
			done(NewWSConn(l, c, o, header), nil, nil)
		})
	})
}

// Protocol is the subprotocol the handshake agreed on ("" for none).
func (w *WSConn) Protocol() string { return w.protocol }

// ResponseHeader is the handshake's response header (client side; nil on
// the server side).
func (w *WSConn) ResponseHeader() http.Header { return w.header }

// CloseSent reports whether this side has sent (or queued) its close frame.
func (w *WSConn) CloseSent() bool { return w.closeSent }

// CloseReceived reports whether the peer's close frame has arrived.
func (w *WSConn) CloseReceived() bool { return w.closeReceived }

// Ended reports whether the reader has delivered its last message (a close
// frame, the end of the connection or a failed read).
func (w *WSConn) Ended() bool { return w.ended }

// NetClosed reports whether the TCP connection has been closed.
func (w *WSConn) NetClosed() bool { return w.netClosed }

// RemoteAddr is the peer's address.
func (w *WSConn) RemoteAddr() net.Addr { return w.c.RemoteAddr() }

// LocalAddr is this side's address.
func (w *WSConn) LocalAddr() net.Addr { return w.c.LocalAddr() }

// startReader starts the goroutine that reads messages ahead.
func (w *WSConn) startReader() {
	c, credit, stop, manual := w.c, w.credit, w.stop, w.manual
	w.loop.Go(func(op *vm.Op) {
		release := context.AfterFunc(op.Context(), func() { _ = c.NetConn().Close() })
		defer release()
		// the handlers run inside ReadMessage, on this goroutine
		c.SetCloseHandler(func(code int, text string) error { return nil })
		if manual {
			c.SetPingHandler(func(data string) error {
				b := []byte(data)
				op.Post(func() { w.deliver(WSMessage{Kind: WSPing, Data: b}) })
				return nil
			})
			c.SetPongHandler(func(data string) error {
				b := []byte(data)
				op.Post(func() { w.deliver(WSMessage{Kind: WSPong, Data: b}) })
				return nil
			})
		}
		for {
			select {
			case <-credit:
			case <-stop:
				op.Post(func() { w.readEnded(WSMessage{Kind: WSClosed}) })
				return
			case <-op.Context().Done():
				op.Post(func() { w.readEnded(WSMessage{Kind: WSClosed}) })
				return
			}
			typ, data, err := c.ReadMessage()
			if err != nil {
				m := wsReadError(err, stop)
				op.Post(func() { w.readEnded(m) })
				return
			}
			kind := WSText
			if typ == websocket.BinaryMessage {
				kind = WSBinary
			}
			op.Post(func() { w.deliver(WSMessage{Kind: kind, Data: data}) })
		}
	})
}

// wsReadError turns the error that ended the reader into its last message.
func wsReadError(err error, stop chan struct{}) WSMessage {
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		return WSMessage{Kind: WSClose, Code: ce.Code, Data: []byte(ce.Text)}
	}
	select {
	case <-stop:
		return WSMessage{Kind: WSClosed}
	default:
	}
	// (the library reports a connection that ended without a close frame
	// as a CloseError with 1006, a code never sent on the wire)
	if ce != nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return WSMessage{Kind: WSClosed}
	}
	return WSMessage{Kind: WSError, Err: err}
}

// deliver hands a message to the oldest waiting receiver or queues it.
func (w *WSConn) deliver(m WSMessage) {
	for len(w.waiters) > 0 {
		f := w.waiters[0]
		w.waiters = w.waiters[1:]
		if f.Done() {
			continue
		}
		w.giveCredit(m)
		_ = f.SetResult(wsMessageValue(m))
		return
	}
	w.queue = append(w.queue, m)
}

// giveCredit lets the reader read one more message once m, a data message,
// has been taken.
func (w *WSConn) giveCredit(m WSMessage) {
	if m.Kind != WSText && m.Kind != WSBinary {
		return
	}
	select {
	case w.credit <- struct{}{}:
	default:
	}
}

// readEnded records the reader's last message.
func (w *WSConn) readEnded(m WSMessage) {
	if w.ended {
		return
	}
	w.ended = true
	if m.Kind == WSClose {
		w.closeReceived = true
		if w.closeSent && !w.writing {
			w.closeNet()
		}
	} else {
		// the connection is gone: nothing more can be written
		w.closeNet()
	}
	w.last = WSMessage{Kind: WSClosed}
	w.deliver(m)
}

// Receive returns a future of the next message (a tuple made by
// wsMessageValue). Once the connection has ended every call returns a
// WSClosed message. Cancelling the future does not affect the connection.
func (w *WSConn) Receive() *vm.Future {
	f := w.loop.NewFuture()
	if len(w.queue) > 0 {
		m := w.queue[0]
		w.queue = w.queue[1:]
		w.giveCredit(m)
		_ = f.SetResult(wsMessageValue(m))
		return f
	}
	if w.ended {
		_ = f.SetResult(wsMessageValue(w.last))
		return f
	}
	w.waiters = append(w.waiters, f)
	return f
}

// WakeClosing hands a WSClosing message to the oldest waiting receiver
// (aiohttp's close() while another task waits in receive()); without a
// waiter it is queued.
func (w *WSConn) WakeClosing() { w.deliver(WSMessage{Kind: WSClosing}) }

// Pending is the number of messages received and not yet taken.
func (w *WSConn) Pending() int { return len(w.queue) }

// Send writes a data or control frame (WSText, WSBinary, WSPing, WSPong);
// done runs once it is written or failed. After the close frame only
// control frames may be sent (data frames fail with ErrWSClosing).
func (w *WSConn) Send(kind WSKind, data []byte, done func(error)) {
	if w.netClosed || (w.closeSent && kind != WSPing && kind != WSPong) {
		done(ErrWSClosing)
		return
	}
	w.enqueue(wsWrite{kind: kind, data: data, done: done})
}

// Close queues the close frame with code and reason (code 1005 sends a
// close frame without a status) and reports false, without sending, when
// a close frame was sent already. done runs once it is written. When the
// peer's close frame has arrived too, the TCP connection is closed then.
func (w *WSConn) Close(code int, reason string, done func(error)) bool {
	if w.closeSent {
		return false
	}
	w.closeSent = true
	if w.netClosed {
		done(ErrWSClosing)
		return true
	}
	w.enqueue(wsWrite{kind: WSClose, code: code, data: []byte(reason), done: done})
	return true
}

// Abort closes the TCP connection at once (no close handshake).
func (w *WSConn) Abort() { w.closeNet() }

func (w *WSConn) closeNet() {
	if w.netClosed {
		return
	}
	w.netClosed = true
	w.stopOnce.Do(func() { close(w.stop) })
	_ = w.c.NetConn().Close()
}

func (w *WSConn) enqueue(wr wsWrite) {
	w.writes = append(w.writes, wr)
	if !w.writing {
		w.flush()
	}
}

// flush starts the writer operation on the frames queued so far.
func (w *WSConn) flush() {
	batch := w.writes
	w.writes = nil
	w.writing = true
	c := w.c
	w.loop.Go(func(op *vm.Op) {
		release := context.AfterFunc(op.Context(), func() { _ = c.NetConn().Close() })
		defer release()
		errs := make([]error, len(batch))
		for i, wr := range batch {
			errs[i] = wsWriteFrame(c, wr)
		}
		op.Post(func() {
			w.writing = false
			for i, wr := range batch {
				err := errs[i]
				if err != nil && w.netClosed {
					err = ErrWSClosing
				}
				if wr.kind == WSClose && (err != nil || w.closeReceived) {
					w.closeNet()
				}
				wr.done(err)
			}
			if len(w.writes) > 0 {
				w.flush()
			}
		})
	})
}

// wsWriteFrame writes one frame (on the writer goroutine).
func wsWriteFrame(c *websocket.Conn, wr wsWrite) error {
	switch wr.kind {
	case WSText:
		return c.WriteMessage(websocket.TextMessage, wr.data)
	case WSBinary:
		return c.WriteMessage(websocket.BinaryMessage, wr.data)
	case WSPing:
		return c.WriteControl(websocket.PingMessage, wr.data, time.Now().Add(wsControlTimeout))
	case WSPong:
		return c.WriteControl(websocket.PongMessage, wr.data, time.Now().Add(wsControlTimeout))
	case WSClose:
		return c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(wr.code, string(wr.data)), time.Now().Add(wsControlTimeout))
	}
	return syscall.EINVAL
}
