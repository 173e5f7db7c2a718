package stdlib

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The HTTP server under aiohttp.web (module _aiohttp). By default the
// loop's poller engine (aiohttp_poll.go) serves plain HTTP/1.x on the loop
// goroutine and hands every other connection to net/http; what follows
// is the net/http side. Go's net/http does
// the protocol on a listener opened after the VM's AllowNet check; every
// request it reads becomes an httpExchange, and a task running the script's
// dispatch coroutine function on it is started on the loop goroutine.
// The handler goroutine net/http runs for the request then serves the
// exchange: it is the only goroutine that touches the ResponseWriter and
// the Request, running the closures the script queues with
// httpExchange.do (read the body, start the response, write, finish),
// each of which completes an awaitable on the loop. A write therefore
// returns only once net/http has taken the bytes: bodies stream with
// back-pressure in both directions.

// httpServer is a listening server (the script sees _aiohttp.Server).
type httpServer struct {
	srv      *http.Server
	ln       net.Listener
	loop     *vm.Loop
	op       *vm.Op   // the daemon operation running srv.Serve
	dispatch vm.Value // script async function run as a task for each httpExchange
	// onBad (optional) is called on the loop with the 400 text of each
	// malformed request the poller engine refuses: the script logs it
	onBad    vm.Value
	handlers sync.WaitGroup
	nextConn atomic.Uint64
	conns    sync.Map // net.Conn -> *httpConn, for ConnState
	// transports are the script's per-connection objects, by connection
	// id (loop goroutine only; dropped when the connection closes).
	transports map[uint64]vm.Value
	// keepAlive is aiohttp's keepalive_timeout: how long a connection may
	// wait for its next request
	keepAlive time.Duration
	closed    bool
	// poll is the poller engine serving the listener (aiohttp_poll.go);
	// nil: net/http accepts every connection
	poll *pollHTTP
	// fast routes requests before their task (aiohttp_fast.go); nil: the
	// script routes every request
	fast *fastRoute
	// plainType and headersType are web.Response and CIMultiDict, for
	// Exchange.respond_plain (nil: it answers False)
	plainType, headersType *vm.Type
	plainSites             *plainSites
}

func (*httpServer) Type() *vm.Type { return httpServerType }

var httpServerType = vm.NewNativeType("Server", "_aiohttp", nil, nil)

// httpConn is what net/http's ConnContext attaches to a connection.
type httpConn struct {
	id     uint64
	remote string
	local  string
	// order puts the connection's response heads in aiohttp's order
	// (aiohttp_server_order.go); nil when the connection is not one
	order *respOrderConn
}

type httpConnKey struct{}

// httpExchange is one request being handled: the request net/http parsed
// and the ResponseWriter to answer it, owned by the handler goroutine.
// The script reaches them only through do, which runs a closure on that
// goroutine and completes an awaitable with its result on the loop.
//
// A WebSocket upgrade takes the connection over the same way: its code
// calls do with a closure that runs the library's Accept(w, r) (which
// hijacks the connection) on the handler goroutine, keeps the returned
// connection and drives it with its own operations (vm.Loop.Go); the
// handler goroutine goes on waiting for closures until the script calls
// finish (the closure queue stays usable meanwhile), so net/http does not
// touch the connection again until the socket is done.
type httpExchange struct {
	srv  *httpServer
	w    http.ResponseWriter
	r    *http.Request
	conn *httpConn
	// pc is the poller engine's connection of an exchange without a
	// net/http request (w and r nil, no handler goroutine): its response
	// is written by pc on the loop; preq is the request it parsed
	pc   *pollConn
	preq *pollRequest
	// snapshot of the request, taken on the handler goroutine before the
	// exchange is posted (read-only afterwards).
	method, uri, host, remote string
	methodStr                 vm.Value // method as a str, made once
	major, minor              int
	contentLength             int64
	// headers is the list of (name, value) tuples, built on the loop at
	// the first read of the attribute from the request's header map, which
	// net/http does not change once the handler runs.
	headers vm.Value
	// the queue of closures for the handler goroutine
	mu    sync.Mutex
	queue []func()
	wake  chan struct{}
	done  chan struct{} // closed by finish
	// pre is a small request body read before the exchange was posted
	// (Content-Length known, at most prefetchMax); reads serve it first.
	pre    []byte
	hasPre bool
	// response state (handler goroutine only)
	hj *hijackedResponse
	// forceClose: the connection closes after this response (aiohttp's
	// answer to a handler that failed)
	forceClose bool
	// started is set on the loop when the script starts the response.
	started  bool
	finished bool
	// ws is the WebSocket the exchange was upgraded to (websocket_module.go):
	// finish aborts it, so a handler that fails leaves no socket open.
	ws *WSConn
}

func (*httpExchange) Type() *vm.Type { return httpExchangeType }

var httpExchangeType = vm.NewNativeType("Exchange", "_aiohttp", nil, nil)

// start runs on the loop goroutine: it calls the script's handler (an
// async function) with the exchange and makes a task of the coroutine,
// with no script callback in between.
func (s *httpServer) start(ex *httpExchange) {
	t := s.loop.VM().Main()
	var args []vm.Value
	if s.fast != nil {
		args = s.fast.route(t, ex)
	}
	if args == nil {
		args = []vm.Value{vm.ObjectValue(ex)}
	}
	coro, err := t.Call(s.dispatch, args, nil)
	if err == nil {
		_, err = s.loop.CreateTask(coro, vm.None)
	}
	if err != nil {
		exc, ok := err.(*vm.Exception)
		if !ok {
			exc = vm.Errorf(vm.SystemError, "%v", err)
		}
		s.loop.ReportException(t, "Exception in callback", exc)
	}
}

// ServeHTTP implements http.Handler: it posts the exchange to the loop and
// runs the script's closures until the script finishes the response (or
// the server stops).
func (s *httpServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handlers.Add(1)
	defer s.handlers.Done()
	// the script may read the request body while it streams the response
	_ = http.NewResponseController(w).EnableFullDuplex()
	ex := newExchange(s, w, r)
	if n := r.ContentLength; n > 0 && n <= prefetchMax {
		buf := make([]byte, n)
		if _, err := io.ReadFull(r.Body, buf); err == nil {
			ex.pre, ex.hasPre = buf, true
		}
	}
	defer func() {
		if ex.hj != nil { // a hand-written response the script did not finish
			ex.hj.conn.Close()
		}
	}()
	ctx := s.op.Context()
	if !s.op.Post(func() { s.start(ex) }) {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	for {
		select {
		case <-ex.wake:
			ex.mu.Lock()
			q := ex.queue
			ex.queue = nil
			ex.mu.Unlock()
			for _, fn := range q {
				fn()
			}
			select {
			case <-ex.done:
				return
			default:
			}
		case <-ctx.Done():
			return
		}
	}
}

func newExchange(s *httpServer, w http.ResponseWriter, r *http.Request) *httpExchange {
	ex := &httpExchange{srv: s, w: w, r: r, wake: make(chan struct{}, 1), done: make(chan struct{}),
		method: r.Method, uri: r.RequestURI, host: r.Host, remote: r.RemoteAddr,
		major: r.ProtoMajor, minor: r.ProtoMinor, contentLength: r.ContentLength}
	if c, ok := r.Context().Value(httpConnKey{}).(*httpConn); ok {
		ex.conn = c
	}
	ex.methodStr = vm.Str(r.Method)
	return ex
}

// headerList is the exchange's headers attribute: Host first, the rest in
// name order (net/http keeps no order of arrival), Transfer-Encoding last.
func (ex *httpExchange) headerList() vm.Value {
	if ex.headers.Object() != nil {
		return ex.headers
	}
	r := ex.r
	var hs []vm.Value
	if r == nil { // the poller engine's request: the headers as they came
		hs = make([]vm.Value, len(ex.preq.headers))
		for i, kv := range ex.preq.headers {
			hs[i] = vm.Tuple2(vm.Str(kv[0]), vm.Str(kv[1]))
		}
		ex.headers = vm.NewList(hs)
		return ex.headers
	}
	if r.Host != "" {
		hs = append(hs, vm.Tuple2(vm.Str("Host"), vm.Str(r.Host)))
	}
	for _, kv := range sortedHeader(r.Header) {
		hs = append(hs, vm.Tuple2(vm.Str(kv[0]), vm.Str(kv[1])))
	}
	for _, te := range r.TransferEncoding {
		hs = append(hs, vm.Tuple2(vm.Str("Transfer-Encoding"), vm.Str(te)))
	}
	ex.headers = vm.NewList(hs)
	return ex.headers
}

// do runs work on the exchange's handler goroutine and returns an
// awaitable that apply completes on the loop goroutine with work's
// outcome. Closures run in the order they were queued. Call on the loop.
func (ex *httpExchange) do(work func(w http.ResponseWriter, r *http.Request) (any, error), apply func(res any, err error) (vm.Value, error)) vm.Value {
	l := ex.srv.loop
	fut := l.NewFuture()
	if ex.pc != nil {
		_ = fut.SetException(vm.Errorf(vm.RuntimeError, "this step needs a net/http exchange"))
		return awaitable(fut.Value())
	}
	select {
	case <-ex.done:
		_ = fut.SetException(vm.Errorf(vm.RuntimeError, "the response is already finished"))
		return awaitable(fut.Value())
	default:
	}
	l.Begin()
	ex.push(func() {
		res, err := work(ex.w, ex.r)
		ex.srv.op.Post(func() {
			l.Done()
			v, perr := apply(res, err)
			if fut.Done() {
				return
			}
			if perr != nil {
				_ = fut.SetException(asExc(perr))
			} else {
				_ = fut.SetResult(v)
			}
		})
	})
	return awaitable(fut.Value())
}

func (ex *httpExchange) push(fn func()) {
	ex.mu.Lock()
	ex.queue = append(ex.queue, fn)
	ex.mu.Unlock()
	select {
	case ex.wake <- struct{}{}:
	default:
	}
}

// serveHTTP is _aiohttp.serve(host, port, dispatch, keepalive_timeout=None,
// fast=None, plain=None): it opens the listener and starts serving, each
// request in a task running dispatch(exchange) (an async function), or
// dispatch(exchange, handler, route, found) for a request fast routes
// (aiohttp_fast.go; plain is (web.Response, CIMultiDict) for
// respond_plain); the result is the Server.
// The loop's poller engine (aiohttp_poll.go) accepts the connections and
// net/http serves only those it hands over, unless pollEngineWanted says
// net/http takes them all.
func serveHTTP(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var host, port, dispatch vm.Value
	var keepAlive, fast, plain, onBad vm.Value
	if err := vm.UnpackArgs("serve", args, kw, []string{"host", "port", "dispatch", "keepalive_timeout?", "bad_request?", "fast?", "plain?"}, &host, &port, &dispatch, &keepAlive, &onBad, &fast, &plain); err != nil {
		return vm.Value{}, err
	}
	idle := 75 * time.Second // aiohttp's default keepalive_timeout
	if keepAlive.IsValid() && !keepAlive.IsNone() {
		secs, err := t.ToFloat(keepAlive)
		if err != nil {
			return vm.Value{}, err
		}
		idle = time.Duration(secs * float64(time.Second))
	}
	h, _ := host.AsStr()
	p, err := t.Index(port)
	if err != nil {
		return vm.Value{}, err
	}
	addr := net.JoinHostPort(h, strconv.Itoa(int(p)))
	if err := t.VM().Require(vm.AllowNet, "aiohttp.web server on "+addr); err != nil {
		return vm.Value{}, err
	}
	l := t.VM().RunningLoop()
	if l == nil {
		return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return vm.Value{}, sockErr(err)
	}
	s := &httpServer{ln: ln, loop: l, dispatch: dispatch, transports: map[uint64]vm.Value{}, keepAlive: idle, onBad: onBad}
	if fast.IsValid() {
		s.fast = parseFast(fast)
	}
	if tup, ok := plain.Object().(*vm.Tuple); ok && len(tup.Items()) == 2 {
		rt, ok1 := tup.Items()[0].Object().(*vm.Type)
		ht, ok2 := tup.Items()[1].Object().(*vm.Type)
		if ok1 && ok2 {
			s.plainType, s.headersType, s.plainSites = rt, ht, newPlainSites()
		}
	}
	var serveLn net.Listener = ln
	if pollEngineWanted(t) && startPollHTTP(s) {
		serveLn = s.poll.handoff
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: time.Minute,
		IdleTimeout:       idle,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			hc := &httpConn{id: s.nextConn.Add(1), remote: c.RemoteAddr().String(), local: c.LocalAddr().String()}
			hc.order, _ = c.(*respOrderConn)
			s.conns.Store(c, hc)
			return context.WithValue(ctx, httpConnKey{}, hc)
		},
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s.srv.ConnState = func(c net.Conn, st http.ConnState) {
		if st != http.StateClosed && st != http.StateHijacked {
			return
		}
		if hc, ok := s.conns.LoadAndDelete(c); ok {
			id := hc.(*httpConn).id
			s.op.Post(func() { delete(s.transports, id) })
		}
	}
	ready := make(chan struct{})
	s.op = l.GoDaemon(func(op *vm.Op) {
		<-ready
		errc := make(chan error, 1)
		go func() { errc <- s.srv.Serve(orderListener{serveLn}) }()
		select {
		case <-op.Context().Done():
			_ = s.srv.Close()
			<-errc
		case <-errc:
		}
		s.handlers.Wait()
		if serveLn != ln {
			ln.Close()
		}
	})
	close(ready)
	return vm.ObjectValue(s), nil
}

// shutdown stops accepting, waits up to timeout for the requests in
// flight (the loop keeps running their tasks), then closes every
// connection.
func (s *httpServer) shutdown(timeout float64) vm.Value {
	fut := s.loop.NewFuture()
	if s.closed {
		_ = fut.SetResult(vm.None)
		return awaitable(fut.Value())
	}
	s.closed = true
	if ph := s.poll; ph != nil {
		// the engine's connections first: idle ones close now, busy ones
		// when their response is written, all of them at the timeout
		ph.stopAccepting()
		if ph.busy() > 0 {
			var timer *vm.Handle
			ph.idle = func() {
				timer.Cancel()
				s.shutdownNet(fut, timeout)
			}
			timer = s.loop.CallAt(s.loop.Time()+timeout, func() {
				ph.idle = nil
				ph.closeAll()
				s.shutdownNet(fut, timeout)
			}, vm.Value{}, nil)
			return awaitable(fut.Value())
		}
	}
	s.shutdownNet(fut, timeout)
	return awaitable(fut.Value())
}

// shutdownNet is the net/http part of shutdown: it completes fut.
func (s *httpServer) shutdownNet(fut *vm.Future, timeout float64) {
	srv, op := s.srv, s.op
	s.loop.GoFuture(fut, func(ctx context.Context) (any, error) {
		c, cancel := context.WithTimeout(ctx, time.Duration(timeout*float64(time.Second)))
		defer cancel()
		if err := srv.Shutdown(c); err != nil {
			_ = srv.Close()
		}
		return nil, nil
	}, func(any, error) (vm.Value, error) {
		op.Cancel()
		if s.poll != nil {
			s.poll.closeAll()
		}
		return vm.None, nil
	})
}

func init() {
	S := httpServerType
	S.NewGetSet("port", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(self.Object().(*httpServer).ln.Addr().(*net.TCPAddr).Port)), nil
	}, nil)
	S.NewGetSet("host", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Str(self.Object().(*httpServer).ln.Addr().(*net.TCPAddr).IP.String()), nil
	}, nil)
	S.NewMethod("shutdown", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var timeout vm.Value
		if err := vm.UnpackArgs("shutdown", args, kw, []string{"timeout"}, &timeout); err != nil {
			return vm.Value{}, err
		}
		d, err := toFloat(t, timeout)
		if err != nil {
			return vm.Value{}, err
		}
		return self.Object().(*httpServer).shutdown(d), nil
	})
	S.NewMethod("transport", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// transport(exchange, factory): the script object standing for the
		// exchange's connection, made by factory(peer, sockname) once.
		if err := vm.ArgCount("transport", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		s := self.Object().(*httpServer)
		ex, ok := args[0].Object().(*httpExchange)
		if !ok || ex.conn == nil {
			return vm.None, nil
		}
		if v, ok := s.transports[ex.conn.id]; ok {
			return v, nil
		}
		v, err := t.Call(args[1], []vm.Value{addrTuple(ex.conn.remote), addrTuple(ex.conn.local)}, nil)
		if err != nil {
			return vm.Value{}, err
		}
		s.transports[ex.conn.id] = v
		return v, nil
	})
	register("_aiohttp", func(v *vm.VM, m *vm.Module) error {
		m.SetFunc("serve", serveHTTP)
		m.Set("engine", vm.Str("poll"))
		v.State["_aiohttp.module"] = m
		m.SetFunc("Router", newRouter)
		initAiohttpClient(m)
		return nil
	})
}

// addrTuple converts "host:port" to (host, port).
func addrTuple(a string) vm.Value {
	h, p, err := net.SplitHostPort(a)
	if err != nil {
		return vm.Str(a)
	}
	n, _ := strconv.Atoi(p)
	return vm.Tuple2(vm.Str(h), vm.Int(int64(n)))
}
