package stdlib

import (
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// A connection of the HTTP server's poller engine (aiohttp_poll.go): its
// reads, the requests it parses from them, the responses of its
// exchanges and its hand-over to net/http.

// pollConn is one connection on the engine.
type pollConn struct {
	ph  *pollHTTP
	fd  int
	pf  *vm.PollFD
	hc  *httpConn
	in  []byte // bytes read and not parsed
	out []byte // bytes of responses not written yet
	cur *httpExchange
	// drains are the writes waiting for out to empty (back-pressure)
	drains           []*vm.Future
	peerEOF, closeAt bool // the client closed its side; close after this response
	closed           bool
	// the current response's framing: chunked, or no body at all (HEAD,
	// 1xx, 204, 304)
	chunked, nobody bool
	// served: a response has ended on the connection; keepAlive is the
	// timer that closes it when no whole request follows within the
	// server's keepalive_timeout (as aiohttp, a fresh connection has none)
	served    bool
	keepAlive *vm.Handle
	// idle: no request is being served, since the loop time idleSince;
	// the timer, armed once, checks them when it fires and re-arms itself
	// for what is left, so a busy keep-alive connection makes no timer
	// per request
	idle      bool
	idleSince float64
}

// FDReady implements vm.FDHandler for a connection.
func (pc *pollConn) FDReady(read, write bool) {
	if write {
		pc.flush()
	}
	if read && !pc.closed {
		pc.readSome()
	}
}

// readSome makes one read and serves what it completes.
func (pc *pollConn) readSome() {
	if len(pc.in) == cap(pc.in) {
		grown := make([]byte, len(pc.in), max(2*cap(pc.in), 4096))
		copy(grown, pc.in)
		pc.in = grown
	}
	n, err := fdRead(pc.fd, pc.in[len(pc.in):cap(pc.in)])
	switch {
	case err == syscall.EAGAIN || err == syscall.EINTR:
		return
	case err != nil:
		pc.close()
		return
	case n == 0:
		// aiohttp closes the connection when the client ends its side,
		// with the requests it had not answered yet
		pc.peerEOF = true
		pc.close()
		return
	}
	pc.in = pc.in[:len(pc.in)+n]
	if pc.cur == nil {
		pc.next()
	} else {
		pc.want()
	}
}

// next serves the next request in the buffer, if there is a whole one
// and no response is in progress.
func (pc *pollConn) next() {
	for pc.cur == nil && !pc.closed {
		if pc.closeAt || pc.ph.closing {
			if len(pc.out) == 0 {
				pc.close()
			}
			return
		}
		req, n, st := parseHead(pc.in)
		switch st {
		case headMore:
			if pc.peerEOF && len(pc.out) == 0 {
				pc.close()
				return
			}
			if len(pc.in) == 0 && cap(pc.in) > 4096 {
				pc.in = nil // an idle connection keeps no large buffer
			}
			pc.armKeepAlive()
			pc.want()
			return
		case headFallback:
			if len(pc.out) > 0 {
				pc.want() // the responses before it are written first
				return
			}
			pc.handOver()
			return
		case headBad:
			pc.badRequest(req.bad)
			return
		}
		rest := copy(pc.in, pc.in[n:])
		pc.in = pc.in[:rest]
		if req.close {
			pc.closeAt = true
		}
		pc.dispatch(req)
	}
}

// dispatch makes the exchange of req and starts its task.
func (pc *pollConn) dispatch(req *pollRequest) {
	pc.idle = false
	s := pc.ph.s
	ex := &httpExchange{srv: s, pc: pc, preq: req, conn: pc.hc,
		method: req.method, uri: req.target, host: req.host, remote: pc.hc.remote,
		major: 1, minor: req.minor, contentLength: req.contentLength}
	ex.methodStr = pc.ph.methodStr(req.method)
	if req.contentLength != 0 { // (-1: a chunked body, decoded)
		ex.pre, ex.hasPre = req.body, true
	}
	pc.cur = ex
	pc.want()
	s.start(ex)
}

// want sets the connection's interests: reading while the buffer has
// room (a busy connection reads ahead up to maxHeadBytes, for
// pipelining and to see the client leave), writing while out is not
// empty.
func (pc *pollConn) want() {
	if pc.closed {
		return
	}
	r := !pc.peerEOF && (pc.cur == nil || len(pc.in) < maxHeadBytes)
	_ = pc.pf.Want(r, len(pc.out) > 0)
}

// flush writes what it can of out.
func (pc *pollConn) flush() {
	for len(pc.out) > 0 && !pc.closed {
		n, err := fdWrite(pc.fd, pc.out)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			break
		}
		if err != nil {
			pc.close()
			return
		}
		rest := copy(pc.out, pc.out[n:])
		pc.out = pc.out[:rest]
	}
	if pc.closed {
		return
	}
	if len(pc.out) < outHigh && len(pc.drains) > 0 {
		ds := pc.drains
		pc.drains = nil
		for _, f := range ds {
			_ = f.SetResult(vm.None)
		}
	}
	if len(pc.out) == 0 {
		if cap(pc.out) > 64<<10 {
			pc.out = nil
		}
		if pc.cur == nil {
			pc.next()
			return
		}
	}
	pc.want()
}

// ended is called when the current exchange's response has ended.
func (pc *pollConn) ended() {
	pc.cur = nil
	pc.served = true
	pc.flush()
	if pc.ph.closing && pc.ph.idle != nil && pc.ph.busy() == 0 {
		idle := pc.ph.idle
		pc.ph.idle = nil
		idle()
	}
}

// close drops the connection; writes waiting fail.
func (pc *pollConn) close() {
	if pc.closed {
		return
	}
	pc.closed = true
	pc.stopKeepAlive()
	pc.idle = false
	pc.pf.Close()
	syscall.Close(pc.fd)
	delete(pc.ph.conns, pc)
	delete(pc.ph.s.transports, pc.hc.id)
	for _, f := range pc.drains {
		_ = f.SetException(vm.Errorf(vm.ConnectionResetError, "Cannot write to closing transport"))
	}
	pc.drains = nil
	pc.in, pc.out = nil, nil
	if pc.cur == nil && pc.ph.closing && pc.ph.idle != nil && pc.ph.busy() == 0 {
		idle := pc.ph.idle
		pc.ph.idle = nil
		idle()
	}
}

// armKeepAlive starts the keep-alive timer of a connection waiting for
// its next request, once a response has ended on it.
func (pc *pollConn) armKeepAlive() {
	if !pc.served || pc.closed || pc.idle {
		return
	}
	pc.idle, pc.idleSince = true, pc.ph.s.loop.Time()
	if pc.keepAlive == nil {
		pc.keepAliveAt(pc.idleSince + pc.ph.s.keepAlive.Seconds())
	}
}

// keepAliveAt arms the timer for when; when it fires, it closes the
// connection if it has been idle since then, or waits for what is left.
func (pc *pollConn) keepAliveAt(when float64) {
	l := pc.ph.s.loop
	pc.keepAlive = l.CallAt(when, func() {
		pc.keepAlive = nil
		if pc.closed || pc.cur != nil || !pc.idle {
			return // busy: armKeepAlive arms it again when it is idle
		}
		if due := pc.idleSince + pc.ph.s.keepAlive.Seconds(); due > l.Time() {
			pc.keepAliveAt(due)
			return
		}
		pc.close()
	}, vm.Value{}, nil)
}

// stopKeepAlive cancels the keep-alive timer.
func (pc *pollConn) stopKeepAlive() {
	if pc.keepAlive != nil {
		pc.keepAlive.Cancel()
		pc.keepAlive = nil
	}
}

// handOver gives the connection, with the bytes not parsed yet, to the
// server's net/http.
func (pc *pollConn) handOver() {
	pre := pc.in
	pc.pf.Close()
	f := os.NewFile(uintptr(pc.fd), "http")
	c, err := net.FileConn(f) // a duplicate in Go's netpoller
	f.Close()
	pc.closed = true
	delete(pc.ph.conns, pc)
	if err != nil {
		return
	}
	pc.ph.handoff.push(&prefixConn{Conn: c, pre: pre})
}

// badRequest answers a request aiohttp's parser refuses as aiohttp
// does — it logs the error (the server's onBad), then sends an HTTP/1.0
// 400 with the parser's message as a plain-text body — and closes the
// connection once it is written.
func (pc *pollConn) badRequest(msg string) {
	if s := pc.ph.s; s.onBad.IsValid() && !s.onBad.IsNone() {
		t := s.loop.VM().Main()
		if _, err := t.Call(s.onBad, []vm.Value{vm.Str(msg)}, nil); err != nil {
			exc, ok := err.(*vm.Exception)
			if !ok {
				exc = vm.Errorf(vm.SystemError, "%v", err)
			}
			s.loop.ReportException(t, "Exception in callback", exc)
		}
		if pc.closed {
			return
		}
	}
	b := append(pc.out, "HTTP/1.0 400 Bad Request\r\n"...)
	b = appendHeader(b, "Content-Type", "text/plain; charset=utf-8")
	b = appendHeader(b, "Content-Length", strconv.Itoa(len(msg)))
	b = appendHeader(b, "Date", pc.ph.dateHeader())
	b = appendHeader(b, "Server", aiohttpServer)
	b = append(b, "\r\n"...)
	pc.out = append(b, msg...)
	pc.in = pc.in[:0]
	pc.closeAt, pc.peerEOF = true, true // nothing more is read or served
	pc.flush()
}

// aiohttpServer is the Server header aiohttp 3.8.4 sends on python3 3.11.
const aiohttpServer = "Python/3.11 aiohttp/3.8.4"

// start formats the status line and headers of the current response,
// in the script's order, with Date (when the script gave none) before a
// Server that comes last (aiohttp's own) or else after them all
// (aiohttp's order), then Connection when the response ends the
// connection or keeps an HTTP/1.0 one alive.
func (pc *pollConn) start(ex *httpExchange, status int, reason string, hs [][2]string, head bool) {
	if reason == "" {
		reason = http.StatusText(status)
	}
	b := pc.out
	b = append(b, "HTTP/1."...)
	b = append(b, byte('0'+ex.minor), ' ')
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = append(b, reason...)
	b = append(b, "\r\n"...)
	hasLen, hasDate, hasTE := false, false, false
	for _, kv := range hs {
		if asciiFoldStr(kv[0], "date") {
			hasDate = true
		} else if asciiFoldStr(kv[0], "content-length") {
			hasLen = true
		} else if asciiFoldStr(kv[0], "transfer-encoding") {
			hasTE = true
		}
	}
	pc.nobody = head || status < 200 || status == 204 || status == 304
	pc.chunked = !hasLen && !pc.nobody
	for i, kv := range hs {
		if asciiFoldStr(kv[0], "connection") || (!pc.chunked && asciiFoldStr(kv[0], "transfer-encoding")) {
			continue
		}
		if !hasDate && i == len(hs)-1 && asciiFoldStr(kv[0], "server") { // (aiohttp's own, added last)
			b = appendHeader(b, "Date", pc.ph.dateHeader())
			hasDate = true
		}
		b = appendHeader(b, kv[0], kv[1])
	}
	if !hasDate {
		b = appendHeader(b, "Date", pc.ph.dateHeader())
	}
	if pc.chunked && !hasTE {
		b = appendHeader(b, "Transfer-Encoding", "chunked")
	}
	if pc.closeAt || pc.ph.closing || ex.forceClose {
		pc.closeAt = true
		if ex.minor == 1 { // HTTP/1.0 closes without saying so
			b = appendHeader(b, "Connection", "close")
		}
	} else if ex.minor == 0 {
		b = appendHeader(b, "Connection", "keep-alive")
	}
	pc.out = append(b, "\r\n"...)
}

// write adds body bytes of the current response; the result is nil, or
// a future that completes when the client has read enough
// (back-pressure) or fails when it is gone. On a closed connection it
// does nothing (writeAwait reports that to a script that awaits).
func (pc *pollConn) write(data []byte) *vm.Future {
	l := pc.ph.s.loop
	if pc.closed || pc.nobody || len(data) == 0 {
		return nil
	}
	if pc.chunked {
		pc.out = strconv.AppendUint(pc.out, uint64(len(data)), 16)
		pc.out = append(pc.out, "\r\n"...)
		pc.out = append(pc.out, data...)
		pc.out = append(pc.out, "\r\n"...)
	} else {
		pc.out = append(pc.out, data...)
	}
	pc.flush()
	if pc.closed || len(pc.out) < outHigh {
		return nil
	}
	fut := l.NewFuture()
	pc.drains = append(pc.drains, fut)
	return fut
}

// writeAwait is write for a script's await: a done future for nil.
func (pc *pollConn) writeAwait(data []byte) vm.Value {
	if pc.closed {
		fut := pc.ph.s.loop.NewFuture()
		_ = fut.SetException(vm.Errorf(vm.ConnectionResetError, "Cannot write to closing transport"))
		return awaitable(fut.Value())
	}
	fut := pc.write(data)
	if fut == nil {
		fut = pc.ph.s.loop.NewFuture()
		_ = fut.SetResult(vm.None)
	}
	return awaitable(fut.Value())
}

// finish ends the current response and serves the next request.
func (pc *pollConn) finish() {
	if pc.closed {
		pc.ended()
		return
	}
	if pc.chunked {
		pc.out = append(pc.out, "0\r\n\r\n"...)
		pc.chunked = false
	}
	pc.ended()
}

func appendHeader(b []byte, k, v string) []byte {
	b = append(b, k...)
	b = append(b, ": "...)
	b = append(b, v...)
	return append(b, "\r\n"...)
}

// asciiFoldStr reports whether s equals the lower-case ASCII t, ignoring case.
func asciiFoldStr(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] {
			return false
		}
	}
	return true
}
