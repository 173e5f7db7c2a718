package stdlib

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The HTTP client under aiohttp.ClientSession (module _aiohttp): each
// TCPConnector owns a net/http Transport (its keep-alive pool, with limit
// as the connections per host); a request runs as an operation bound to a
// future, so cancelling the awaiting task (a ClientTimeout, task.cancel)
// cancels the request's context. Body reads are operations of their own,
// one chunk at a time. Failures come back as (kind, detail, message)
// tuples that aiohttp_client.pya turns into aiohttp's ClientError classes.

// httpClient is a connector's transport (the script sees _aiohttp.Client).
type httpClient struct {
	tr *http.Transport
	c  *http.Client
	// live are the cancel functions of the requests and responses not yet
	// closed; the daemon operation cancels them when the connector closes
	// or the loop does, so no connection outlives the loop.
	mu     sync.Mutex
	live   map[*context.CancelFunc]struct{}
	daemon *vm.Op
}

func (*httpClient) Type() *vm.Type { return httpClientType }

var httpClientType = vm.NewNativeType("Client", "_aiohttp", nil, nil)

// httpClientResp is a response whose body is still to be read.
type httpClientResp struct {
	client *httpClient
	resp   *http.Response
	body   io.Reader
	cancel context.CancelFunc
	key    *context.CancelFunc // the client's tracking key of cancel
	eof    bool
	// pre is a small body read with the headers (Content-Length known and
	// at most prefetchMax): reads are served from it without an operation.
	pre    []byte
	hasPre bool
	// head is the response's headers in arrival order (aiohttp_client_order.go);
	// nil: the Transport's map, in name order
	head [][2]string
}

// prefetchMax is the largest body read together with the headers.
const prefetchMax = 64 << 10

func (*httpClientResp) Type() *vm.Type { return httpClientRespType }

var httpClientRespType = vm.NewNativeType("ClientResp", "_aiohttp", nil, nil)

func newHTTPClient(l *vm.Loop, limit, perHost int, forceClose bool) *httpClient {
	n := limit
	if perHost > 0 && (n == 0 || perHost < n) {
		n = perHost
	}
	idle := n
	if idle == 0 {
		idle = 100
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         dialWithTimeout,
		MaxConnsPerHost:     n,
		MaxIdleConns:        0,
		MaxIdleConnsPerHost: idle,
		IdleConnTimeout:     15 * time.Second,
		DisableKeepAlives:   forceClose,
		DisableCompression:  true,
	}
	c := &httpClient{tr: tr, live: map[*context.CancelFunc]struct{}{}, c: &http.Client{Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.daemon = l.GoDaemon(func(op *vm.Op) {
		<-op.Context().Done()
		c.mu.Lock()
		for cancel := range c.live {
			(*cancel)()
		}
		c.live = nil
		c.mu.Unlock()
		tr.CloseIdleConnections()
	})
	return c
}

// track registers a request's cancel function until untrack; after the
// client closed it cancels at once.
func (c *httpClient) track(cancel *context.CancelFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live == nil {
		(*cancel)()
		return
	}
	c.live[cancel] = struct{}{}
}

func (c *httpClient) untrack(cancel *context.CancelFunc) {
	c.mu.Lock()
	delete(c.live, cancel)
	c.mu.Unlock()
}

// dialTimeoutKey carries a request's connect timeout (ClientTimeout's
// connect/sock_connect) to the Transport's dial.
type dialTimeoutKey struct{}

var clientDialer = &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}

func dialWithTimeout(ctx context.Context, network, addr string) (net.Conn, error) {
	if d, ok := ctx.Value(dialTimeoutKey{}).(time.Duration); ok && d > 0 {
		c, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		conn, err := clientDialer.DialContext(c, network, addr)
		if err != nil && c.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			return nil, &connectTimeout{err}
		}
		return wrapOrder(conn, err)
	}
	return wrapOrder(clientDialer.DialContext(ctx, network, addr))
}

func wrapOrder(c net.Conn, err error) (net.Conn, error) {
	if err != nil {
		return nil, err
	}
	return &orderConn{Conn: c}, nil
}

// connectTimeout is a dial that ran out of its connect timeout.
type connectTimeout struct{ err error }

func (e *connectTimeout) Error() string { return "connect timeout: " + e.err.Error() }
func (e *connectTimeout) Unwrap() error { return e.err }

// clientFailure is a failed request as the script gets it.
type clientFailure struct {
	kind  string // "connect", "disconnected", "invalid_url", "client"
	errno syscall.Errno
	msg   string
}

func classifyClientErr(err error) clientFailure {
	var ct *connectTimeout
	if errors.As(err, &ct) {
		return clientFailure{kind: "connect_timeout", msg: ct.Error()}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		var en syscall.Errno
		errors.As(err, &en)
		msg := op.Err.Error()
		if se, ok := op.Err.(*net.DNSError); ok {
			msg = se.Error()
		}
		return clientFailure{kind: "connect", errno: en, msg: msg}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		strings.Contains(err.Error(), "server closed") {
		return clientFailure{kind: "disconnected", msg: "Server disconnected"}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return clientFailure{kind: "client", msg: ue.Err.Error()}
	}
	return clientFailure{kind: "client", msg: err.Error()}
}

func (f clientFailure) value() vm.Value {
	detail := vm.None
	if f.errno != 0 {
		cls, _ := errnoInfo(f.errno)
		detail = vm.ObjectValue(vm.NewException(cls, vm.Int(int64(f.errno)), vm.Str(f.errno.Error())))
	}
	return vm.NewTuple([]vm.Value{vm.Str(f.kind), detail, vm.Str(f.msg)})
}

// request starts one request; the awaitable yields a ClientResp or a
// failure tuple.
func (c *httpClient) request(l *vm.Loop, method, rawURL string, hs [][2]string, body []byte, pipe *httpBodyPipe, hasBody, chunked bool, connectTimeout time.Duration) vm.Value {
	fut := l.NewFuture()
	base := context.Background()
	if connectTimeout > 0 {
		base = context.WithValue(base, dialTimeoutKey{}, connectTimeout)
	}
	rctx, cancel := context.WithCancel(base)
	req, err := http.NewRequestWithContext(rctx, method, rawURL, nil)
	c.track(&cancel)
	if err != nil {
		c.untrack(&cancel)
		cancel()
		_ = fut.SetResult(clientFailure{kind: "invalid_url", msg: err.Error()}.value())
		return awaitable(fut.Value())
	}
	for _, kv := range hs {
		if strings.EqualFold(kv[0], "Host") {
			req.Host = kv[1]
			continue
		}
		k := kv[0]
		if ck := http.CanonicalHeaderKey(k); goInterpreted[ck] || ck == "User-Agent" {
			k = ck
		}
		req.Header[k] = append(req.Header[k], kv[1])
	}
	if pipe != nil {
		req.Body = pipe.pr
		req.ContentLength = -1
	} else if hasBody {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		if chunked {
			req.ContentLength = -1
		} else if len(body) == 0 {
			req.Body = http.NoBody
		}
		b := body
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	req.Header.Del("Transfer-Encoding")
	if pipe == nil && !chunked && len(body) == 0 && req.Header.Get("Content-Length") == "0" {
		zeroLength(req)
	}
	if _, ok := req.Header["User-Agent"]; !ok {
		// a request without one (skip_auto_headers) sends none, as
		// aiohttp's; an empty value keeps Go's default out
		req.Header["User-Agent"] = []string{""}
	}
	var oc atomic.Pointer[orderConn] // (set by the Transport's goroutine)
	plain := req.URL.Scheme == "http"
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if c, ok := info.Conn.(*orderConn); ok {
				oc.Store(c)
				if plain {
					c.setPlan(hs)
				}
			}
		},
	}))
	l.GoFuture(fut, func(ctx context.Context) (any, error) {
		stop := context.AfterFunc(ctx, cancel)
		resp, err := c.c.Do(req)
		stop()
		if err != nil {
			c.untrack(&cancel)
			cancel()
			return nil, err
		}
		r := &httpClientResp{client: c, resp: resp, body: resp.Body, cancel: cancel, key: &cancel}
		if c := oc.Load(); c != nil {
			r.head = c.takeHead(resp.Header)
		}
		if n := resp.ContentLength; n >= 0 && n <= prefetchMax && resp.Header.Get("Content-Encoding") == "" {
			buf := make([]byte, n)
			if got, err := io.ReadFull(resp.Body, buf); err == nil {
				r.pre, r.hasPre = buf, true
			} else {
				// a short body: the script reads what came, then the error
				r.body = io.MultiReader(bytes.NewReader(buf[:got]), &errReader{err})
			}
		}
		switch strings.ToLower(resp.Header.Get("Content-Encoding")) {
		case "gzip":
			if method != "HEAD" && resp.StatusCode != 204 && resp.StatusCode != 304 {
				if zr, err := gzip.NewReader(resp.Body); err == nil {
					r.body = zr
				}
			}
		case "deflate":
			if method != "HEAD" && resp.StatusCode != 204 && resp.StatusCode != 304 {
				if zr, err := zlib.NewReader(resp.Body); err == nil {
					r.body = zr
				}
			}
		}
		return r, nil
	}, func(res any, err error) (vm.Value, error) {
		if err != nil {
			return classifyClientErr(err).value(), nil
		}
		return vm.ObjectValue(res.(*httpClientResp)), nil
	})
	return awaitable(fut.Value())
}

// zeroLength makes the Transport send the "Content-Length: 0" the
// script's request has (aiohttp sends it for a DELETE and the other
// methods outside GET/HEAD/OPTIONS/TRACE, and for any empty body given),
// which Go writes by itself only for POST/PUT/PATCH: a zero length with
// an identity transfer encoding makes it write one for the other
// methods, and for GET and HEAD, for which it never writes one, the
// header goes under a name net/http does not filter out (field names
// are case-insensitive, as aiohttp's parser reads them).
func zeroLength(req *http.Request) {
	req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	if req.Method == "GET" || req.Method == "HEAD" {
		req.Header["content-length"] = []string{"0"}
		return
	}
	req.TransferEncoding = []string{"identity"}
}

// read reads up to n bytes of the body (b"" at its end).
func (r *httpClientResp) read(l *vm.Loop, n int) vm.Value {
	fut := l.NewFuture()
	if r.eof {
		_ = fut.SetResult(vm.NewBytes(nil))
		return awaitable(fut.Value())
	}
	if r.hasPre {
		m := min(n, len(r.pre))
		_ = fut.SetResult(vm.NewBytes(r.pre[:m]))
		r.pre = r.pre[m:]
		if m == 0 {
			r.eof = true
		}
		return awaitable(fut.Value())
	}
	body, cancel := r.body, r.cancel
	l.GoFuture(fut, func(ctx context.Context) (any, error) {
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		buf := make([]byte, n)
		for {
			m, err := body.Read(buf)
			if m > 0 || err != nil {
				return buf[:m], err
			}
		}
	}, func(res any, err error) (vm.Value, error) {
		b, _ := res.([]byte)
		if err == io.EOF {
			r.eof = true
			err = nil
		}
		if err != nil && len(b) == 0 {
			r.eof = true
			return vm.Value{}, vm.Errorf(vm.ConnectionResetError, "%s", err.Error())
		}
		return vm.NewBytes(b), nil
	})
	return awaitable(fut.Value())
}

// close releases the response: a fully read body returns its connection
// to the pool; an unread one closes it.
func (r *httpClientResp) close() {
	if !r.eof {
		r.cancel()
	}
	r.resp.Body.Close()
	r.eof = true
	r.cancel()
	r.client.untrack(r.key)
}

// errReader is a reader that fails with err.
type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

func clientRespOf(v vm.Value) *httpClientResp { return v.Object().(*httpClientResp) }

func initAiohttpClient(m *vm.Module) {
	m.SetFunc("BodyPipe", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("BodyPipe", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(newBodyPipe()), nil
	})
	m.SetFunc("Client", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var limit, perHost, force vm.Value
		if err := vm.UnpackArgs("Client", args, kw, []string{"limit", "limit_per_host", "force_close"}, &limit, &perHost, &force); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(limit)
		if err != nil {
			return vm.Value{}, err
		}
		p, err := t.Index(perHost)
		if err != nil {
			return vm.Value{}, err
		}
		fc, _ := t.Truth(force)
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		return vm.ObjectValue(newHTTPClient(l, int(n), int(p), fc)), nil
	})
}

func init() {
	C := httpClientType
	C.NewMethod("request", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// request(method, url, headers, body, chunked, connect_timeout=None)
		var mv, uv, hv, bv, cv, tv vm.Value
		if err := vm.UnpackArgs("request", args, kw, []string{"method", "url", "headers", "body", "chunked", "connect_timeout?"}, &mv, &uv, &hv, &bv, &cv, &tv); err != nil {
			return vm.Value{}, err
		}
		var connectTimeout time.Duration
		if tv.IsValid() && !tv.IsNone() {
			f, err := toFloat(t, tv)
			if err != nil {
				return vm.Value{}, err
			}
			connectTimeout = time.Duration(f * float64(time.Second))
		}
		method, _ := mv.AsStr()
		u, _ := uv.AsStr()
		if err := t.VM().Require(vm.AllowNet, "aiohttp request to "+u); err != nil {
			return vm.Value{}, err
		}
		hs, err := headerPairs(t, hv)
		if err != nil {
			return vm.Value{}, err
		}
		var body []byte
		var pipe *httpBodyPipe
		hasBody := bv != vm.None
		if p, ok := bv.Object().(*httpBodyPipe); ok {
			pipe = p
		} else if hasBody {
			b, ok := bv.AsBytes()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "body must be bytes, not %s", bv.TypeName())
			}
			body = append([]byte(nil), b...)
		}
		chunked, _ := t.Truth(cv)
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		return self.Object().(*httpClient).request(l, method, u, hs, body, pipe, hasBody, chunked, connectTimeout), nil
	})
	C.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		c := self.Object().(*httpClient)
		c.daemon.Cancel()
		c.tr.CloseIdleConnections()
		return vm.None, nil
	})

	R := httpClientRespType
	R.NewGetSet("status", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(clientRespOf(self).resp.StatusCode)), nil
	}, nil)
	R.NewGetSet("reason", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		r := clientRespOf(self).resp
		s := r.Status
		if i := strings.IndexByte(s, ' '); i >= 0 {
			s = s[i+1:]
		} else {
			s = ""
		}
		return vm.Str(s), nil
	}, nil)
	R.NewGetSet("version", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		r := clientRespOf(self).resp
		return vm.Tuple2(vm.Int(int64(r.ProtoMajor)), vm.Int(int64(r.ProtoMinor))), nil
	}, nil)
	R.NewGetSet("headers", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		cr := clientRespOf(self)
		r := cr.resp
		var hs []vm.Value
		if cr.head != nil {
			for _, kv := range cr.head {
				hs = append(hs, vm.Tuple2(vm.Str(kv[0]), vm.Str(kv[1])))
			}
			return vm.NewList(hs), nil
		}
		for _, kv := range sortedHeader(r.Header) {
			hs = append(hs, vm.Tuple2(vm.Str(kv[0]), vm.Str(kv[1])))
		}
		for _, te := range r.TransferEncoding {
			hs = append(hs, vm.Tuple2(vm.Str("Transfer-Encoding"), vm.Str(te)))
		}
		return vm.NewList(hs), nil
	}, nil)
	R.NewGetSet("header_entries", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		// the headers as CIMultiDict entries (identity, name, value), so
		// the script builds the response's headers without a pass of its own
		cr := clientRespOf(self)
		r := cr.resp
		hs := make([]vm.Value, 0, len(cr.head))
		if cr.head != nil {
			for _, kv := range cr.head {
				hs = append(hs, vm.NewTuple([]vm.Value{vm.Str(asciiLower(kv[0])), vm.Str(kv[0]), vm.Str(kv[1])}))
			}
			return vm.NewList(hs), nil
		}
		for _, kv := range sortedHeader(r.Header) {
			hs = append(hs, vm.NewTuple([]vm.Value{vm.Str(asciiLower(kv[0])), vm.Str(kv[0]), vm.Str(kv[1])}))
		}
		for _, te := range r.TransferEncoding {
			hs = append(hs, vm.NewTuple([]vm.Value{vm.Str("transfer-encoding"), vm.Str("Transfer-Encoding"), vm.Str(te)}))
		}
		return vm.NewList(hs), nil
	}, nil)
	R.NewMethod("read", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("read", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if n <= 0 {
			n = 65536
		}
		return clientRespOf(self).read(t.VM().RunningLoop(), int(n)), nil
	})
	R.NewMethod("ready", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// ready(): whether read completes at once (the body's end, or a
		// small body read with the head), so no timeout needs to watch it
		if err := vm.ArgCount("ready", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		r := clientRespOf(self)
		return vm.Bool(r.eof || r.hasPre), nil
	})
	R.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		clientRespOf(self).close()
		return vm.None, nil
	})
}

// asciiLower is str.lower of a header name: net/http accepts only token
// characters (ASCII) in names, whose lower case is the ASCII one.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
