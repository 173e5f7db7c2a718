package stdlib

import (
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The HTTP server's poller engine: plain HTTP/1.x served on the loop's
// own poller (vm.Loop.PollFD), with no handler goroutine and no handoff
// between goroutines per request. The listening socket and every
// connection are non-blocking descriptors the loop goroutine accepts,
// reads and writes itself; a request parsed from a connection's buffer
// (aiohttp_poll_parse.go) becomes an httpExchange without a net/http
// request, whose task is started at once, and its response is formatted
// into the connection's output buffer and written when it ends.
//
// The rule for what the engine serves: a connection stays on it while
// each request is one parseHead takes (HTTP/1.0 or 1.1, origin-form
// target, no Transfer-Encoding, Expect, Upgrade or HTTP2-Settings header,
// a Content-Length of at most 64 KiB, a well-formed head of at most
// 16 KiB). At the first request that is not, the connection — with the
// bytes not yet parsed — is handed to the server's net/http, which serves
// it from then on exactly as a connection it had accepted itself (its
// 400 and 431 answers, chunked bodies, 100-continue, WebSocket upgrades).
// Requests are answered in order: the next one in the buffer is parsed
// only when the current response has ended (pipelining).

// pollHTTP is the engine of one server (loop goroutine only).
type pollHTTP struct {
	s       *httpServer
	lfd     int
	lpf     *vm.PollFD
	conns   map[*pollConn]struct{}
	handoff *chanListener // connections given to net/http
	// date is the Date header's value, made again each second
	date    string
	dateSec int64
	// idle is called when shutdown waits and the last busy connection
	// has ended
	idle    func()
	closing bool
	// methods are the method strs made so far (a few: GET, HEAD, POST…)
	methods []methodStr
}

// methodStr is a request method and its str.
type methodStr struct {
	name string
	v    vm.Value
}

// methodStr returns the str of a request's method, made once per method
// (at most 16 are kept).
func (ph *pollHTTP) methodStr(m string) vm.Value {
	for _, e := range ph.methods {
		if e.name == m {
			return e.v
		}
	}
	m = strings.Clone(m) // (not a slice of the request's head)
	v := vm.Str(m)
	if len(ph.methods) < 16 {
		ph.methods = append(ph.methods, methodStr{m, v})
	}
	return v
}

// outHigh is the size of unwritten response bytes above which a
// response's write waits for the client to read.
const outHigh = 64 << 10

// startPollHTTP puts server s's listener on the loop's poller; false: no
// poller here (s keeps net/http's accept loop).
func startPollHTTP(s *httpServer) bool {
	tl, ok := s.ln.(*net.TCPListener)
	if !ok || !vm.HasPoller {
		return false
	}
	f, err := tl.File() // a duplicate descriptor, in blocking mode
	if err != nil {
		return false
	}
	fd, err := syscall.Dup(int(f.Fd()))
	f.Close()
	if err != nil {
		return false
	}
	syscall.CloseOnExec(fd)
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return false
	}
	ph := &pollHTTP{s: s, lfd: fd, conns: map[*pollConn]struct{}{},
		handoff: newChanListener(s.ln.Addr())}
	pf, err := s.loop.PollFD(fd, pollAcceptFunc(ph.acceptSome))
	if err != nil {
		syscall.Close(fd)
		return false
	}
	if err := pf.Want(true, false); err != nil {
		pf.Close()
		syscall.Close(fd)
		return false
	}
	ph.lpf = pf
	s.poll = ph
	s.loop.OnClose(ph.closeAll)
	return true
}

// pollAcceptFunc adapts a function to vm.FDHandler.
type pollAcceptFunc func()

// FDReady implements vm.FDHandler.
func (f pollAcceptFunc) FDReady(read, write bool) { f() }

// acceptSome accepts the connections waiting (up to 64 per readiness).
func (ph *pollHTTP) acceptSome() {
	for i := 0; i < 64 && ph.lpf != nil; i++ {
		nfd, sa, err := sysAccept(ph.lfd)
		if err == syscall.EINTR || err == syscall.ECONNABORTED {
			continue
		}
		if outOfResources(err) {
			// the level-triggered wait would report the listener again at
			// once: accepting pauses, as the other accept loops do
			_ = ph.lpf.Want(false, false)
			ph.s.loop.CallAt(ph.s.loop.Time()+acceptRetry.Seconds(), func() {
				if ph.lpf != nil {
					_ = ph.lpf.Want(true, false)
				}
			}, vm.Value{}, nil)
			return
		}
		if err != nil {
			return // EAGAIN
		}
		pc := &pollConn{ph: ph, fd: nfd}
		pc.hc = &httpConn{id: ph.s.nextConn.Add(1), remote: sockaddrString(sa), local: ph.s.ln.Addr().String()}
		pf, err := ph.s.loop.PollFD(nfd, pc)
		if err != nil {
			syscall.Close(nfd)
			continue
		}
		pc.pf = pf
		_ = syscall.SetsockoptInt(nfd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
		ph.conns[pc] = struct{}{}
		_ = pf.Want(true, false)
	}
}

// sockaddrString formats a TCP peer address as net.Addr.String does.
func sockaddrString(sa syscall.Sockaddr) string {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return net.JoinHostPort(net.IP(a.Addr[:]).String(), strconv.Itoa(a.Port))
	case *syscall.SockaddrInet6:
		return net.JoinHostPort(net.IP(a.Addr[:]).String(), strconv.Itoa(a.Port))
	}
	return ""
}

// dateHeader returns the Date header's value for now.
func (ph *pollHTTP) dateHeader() string {
	now := time.Now()
	if sec := now.Unix(); sec != ph.dateSec || ph.date == "" {
		ph.dateSec = sec
		ph.date = now.UTC().Format(http.TimeFormat)
	}
	return ph.date
}

// busy counts the connections with a response in progress or unwritten.
func (ph *pollHTTP) busy() int {
	n := 0
	for pc := range ph.conns {
		if pc.cur != nil || len(pc.out) > 0 {
			n++
		}
	}
	return n
}

// stopAccepting closes the listening descriptor and every idle
// connection; the others close when their response is written.
func (ph *pollHTTP) stopAccepting() {
	ph.closing = true
	if ph.lpf != nil {
		ph.lpf.Close()
		ph.lpf = nil
		syscall.Close(ph.lfd)
	}
	for pc := range ph.conns {
		if pc.cur == nil && len(pc.out) == 0 {
			pc.close()
		}
	}
}

// closeAll closes the listener and every connection (the server stopped
// or the loop closed).
func (ph *pollHTTP) closeAll() {
	ph.stopAccepting()
	for pc := range ph.conns {
		pc.close()
	}
	ph.handoff.Close()
}

// pollEngineWanted reports whether the server about to start should use
// the poller engine, the default. A Go caller's VM State["_aiohttp.engine"]
// decides first; then _aiohttp.engine (a script may set it to
// "nethttp"); then, for an interpreter allowed to read the environment,
// PYASYNC_HTTP_ENGINE=nethttp turns it off.
func pollEngineWanted(t *vm.Thread) bool {
	if e, ok := t.VM().State["_aiohttp.engine"].(string); ok {
		return e == "poll"
	}
	if m, ok := t.VM().State["_aiohttp.module"].(*vm.Module); ok {
		if v, ok := m.Get("engine"); ok {
			if s, _ := v.AsStr(); s != "poll" {
				return false
			}
		}
	}
	return t.VM().Capabilities()&vm.AllowEnv == 0 || os.Getenv("PYASYNC_HTTP_ENGINE") != "nethttp"
}
