package stdlib

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The script-visible methods of an httpExchange (aiohttp_server.go): the
// request's snapshot as attributes, and the awaitable steps of reading the
// body and writing the response, each run on the handler goroutine.

// hijackedResponse is a response written on the raw connection: net/http
// writes its own reason phrase for a status, so a response whose reason
// differs (aiohttp's web.Response(reason=...), or Python's phrase where it
// is not Go's) takes the connection over and is written by hand, then the
// connection is closed.
type hijackedResponse struct {
	conn    net.Conn
	bw      *bufio.ReadWriter
	chunked bool
	nobody  bool
}

// headerPairs converts a script list of (name, value) pairs; a
// CIMultiDict's own entries, (identity, name, value), are taken as their
// name and value.
func headerPairs(t *vm.Thread, v vm.Value) ([][2]string, error) {
	return appendHeaderPairs(t, nil, v)
}

// appendHeaderPairs is headerPairs appending to out.
func appendHeaderPairs(t *vm.Thread, out [][2]string, v vm.Value) ([][2]string, error) {
	var items []vm.Value
	if l, ok := v.Object().(*vm.List); ok {
		items = l.Items() // (a snapshot of the slice: the list may change under t.Str)
	} else {
		var err error
		if items, err = t.ToSlice(v); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = make([][2]string, 0, len(items))
	}
	var err error
	for _, it := range items {
		var kv []vm.Value
		if tup, ok := it.Object().(*vm.Tuple); ok { // (the usual case, without a copy)
			kv = tup.Items()
		} else if kv, err = t.ToSlice(it); err != nil {
			kv = nil
		}
		if len(kv) == 3 {
			kv = kv[1:]
		}
		if len(kv) != 2 {
			return nil, vm.Errorf(vm.TypeError, "headers must be (name, value) pairs")
		}
		k, ok1 := kv[0].AsStr()
		val, ok2 := kv[1].AsStr()
		if !ok1 || !ok2 || kv[0].Type() != vm.StrType || kv[1].Type() != vm.StrType { // (str() of the others)
			var err1, err2 error
			k, err1 = t.Str(kv[0])
			val, err2 = t.Str(kv[1])
			if err1 != nil || err2 != nil {
				return nil, vm.Errorf(vm.TypeError, "header names and values must be str")
			}
		}
		if hasNewline(k) || hasNewline(val) {
			return nil, vm.Errorf(vm.ValueError, "Newline or carriage return character detected in HTTP status message or header. This is a potential security issue.")
		}
		out = append(out, [2]string{k, val})
	}
	return out, nil
}

// hasNewline reports whether s holds a CR or LF.
func hasNewline(s string) bool {
	return strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
}

// sortedHeader flattens a Go header map in name order (net/http keeps no
// order of arrival).
func sortedHeader(h http.Header) [][2]string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out [][2]string
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

// goInterpreted are the header names net/http acts on: they are stored
// under Go's canonical spelling so it sees them.
var goInterpreted = map[string]bool{"Content-Type": true, "Content-Length": true,
	"Transfer-Encoding": true, "Connection": true, "Date": true, "Trailer": true}

func (ex *httpExchange) start(status int, reason string, hs [][2]string, head bool) func(w http.ResponseWriter, r *http.Request) (any, error) {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		if err := clientGone(r); err != nil {
			return nil, err
		}
		if reason == "" || reason == http.StatusText(status) {
			h := w.Header()
			hasType := false
			for _, kv := range hs {
				k := kv[0]
				if c := http.CanonicalHeaderKey(k); goInterpreted[c] {
					k = c
				}
				if k == "Transfer-Encoding" {
					continue // net/http frames the body itself
				}
				if k == "Content-Type" {
					hasType = true
				}
				h[k] = append(h[k], kv[1])
			}
			if !hasType {
				h["Content-Type"] = nil
			}
			if ex.forceClose {
				h["Connection"] = []string{"close"}
			}
			if ex.conn != nil && ex.conn.order != nil {
				ex.conn.order.setPlan(responsePlan(hs))
			}
			w.WriteHeader(status)
			return nil, nil
		}
		conn, bw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return nil, err
		}
		hj := &hijackedResponse{conn: conn, bw: bw, nobody: head || status == 204 || status == 304 || status < 200}
		fmt.Fprintf(bw, "HTTP/%d.%d %03d %s\r\n", r.ProtoMajor, r.ProtoMinor, status, reason)
		hasLen, hasDate := false, false
		for _, kv := range hs {
			c := http.CanonicalHeaderKey(kv[0])
			hasLen = hasLen || c == "Content-Length"
			hasDate = hasDate || c == "Date"
		}
		for i, kv := range hs {
			c := http.CanonicalHeaderKey(kv[0])
			if c == "Connection" || c == "Transfer-Encoding" {
				continue
			}
			if !hasDate && i == len(hs)-1 && c == "Server" { // (aiohttp's order, as pollConn.start)
				fmt.Fprintf(bw, "Date: %s\r\n", time.Now().UTC().Format(http.TimeFormat))
				hasDate = true
			}
			fmt.Fprintf(bw, "%s: %s\r\n", kv[0], kv[1])
		}
		if !hasDate {
			fmt.Fprintf(bw, "Date: %s\r\n", time.Now().UTC().Format(http.TimeFormat))
		}
		if !hasLen && !hj.nobody {
			hj.chunked = true
			bw.WriteString("Transfer-Encoding: chunked\r\n")
		}
		bw.WriteString("Connection: close\r\n\r\n")
		ex.hj = hj
		return nil, bw.Flush()
	}
}

// clientGone is the error of a write to a connection whose client has
// closed it: net/http cancels the request's context when it reads the
// client's EOF, where aiohttp's protocol closes its transport, and then
// it would still take the bytes into its buffer. Handler goroutine.
func clientGone(r *http.Request) error {
	if r.Context().Err() != nil {
		return errClientGone
	}
	return nil
}

var errClientGone = errors.New("Cannot write to closing transport")

func (ex *httpExchange) write(data []byte) func(w http.ResponseWriter, r *http.Request) (any, error) {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		if err := clientGone(r); err != nil {
			return nil, err
		}
		if hj := ex.hj; hj != nil {
			if hj.nobody || len(data) == 0 {
				return nil, nil
			}
			if hj.chunked {
				fmt.Fprintf(hj.bw, "%x\r\n", len(data))
				hj.bw.Write(data)
				hj.bw.WriteString("\r\n")
			} else {
				hj.bw.Write(data)
			}
			return nil, hj.bw.Flush()
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		return nil, http.NewResponseController(w).Flush()
	}
}

func (ex *httpExchange) finish(w http.ResponseWriter, r *http.Request) (any, error) {
	close(ex.done)
	if hj := ex.hj; hj != nil {
		if hj.chunked {
			hj.bw.WriteString("0\r\n\r\n")
		}
		err := hj.bw.Flush()
		hj.conn.Close()
		ex.hj = nil
		return nil, err
	}
	return nil, nil
}

// abort closes the connection without a response (unless one started).
func (ex *httpExchange) abort(w http.ResponseWriter, r *http.Request) (any, error) {
	if ex.hj != nil {
		ex.hj.conn.Close()
		ex.hj = nil
		return nil, nil
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, err
	}
	return nil, conn.Close()
}

// respondWhole starts, writes and finishes the response in one step (see
// respond); body is not kept after it returns.
func (ex *httpExchange) respondWhole(code int, rs string, hs [][2]string, isHead bool, body []byte) {
	ex.started, ex.finished = true, true
	if pc := ex.pc; pc != nil {
		pc.start(ex, code, rs, hs, isHead)
		if !isHead {
			_ = pc.write(body)
		}
		pc.finish()
		return
	}
	body = append([]byte(nil), body...)
	start := ex.start(code, rs, hs, isHead)
	// The last step of the exchange: nothing on the loop waits for its
	// outcome (a failed write means the client is gone), so it is
	// handed to the handler goroutine without a completion.
	ex.push(func() {
		if _, err := start(ex.w, ex.r); err == nil && len(body) > 0 && !isHead {
			if ex.hj != nil {
				_, _ = ex.write(body)(ex.w, ex.r)
			} else {
				_, _ = ex.w.Write(body)
			}
		}
		_, _ = ex.finish(ex.w, ex.r)
	})
}

func exchangeOf(v vm.Value) *httpExchange { return v.Object().(*httpExchange) }

func init() {
	E := httpExchangeType
	str := func(name string, get func(ex *httpExchange) string) {
		E.NewGetSet(name, func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			return vm.Str(get(exchangeOf(self))), nil
		}, nil)
	}
	E.NewGetSet("method", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return exchangeOf(self).methodStr, nil
	}, nil)
	str("uri", func(ex *httpExchange) string { return ex.uri })
	str("host", func(ex *httpExchange) string { return ex.host })
	str("remote", func(ex *httpExchange) string { return ex.remote })
	E.NewGetSet("raw_path", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		// the path of an origin-form target ("/p?q#f" -> "/p"), as yarl's
		// URL(uri, encoded=True).raw_path; None for other forms
		if p, ok := originPath(exchangeOf(self).uri); ok {
			return vm.Str(p), nil
		}
		return vm.None, nil
	}, nil)
	E.NewGetSet("version", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		ex := exchangeOf(self)
		return vm.Tuple2(vm.Int(int64(ex.major)), vm.Int(int64(ex.minor))), nil
	}, nil)
	E.NewGetSet("headers", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return exchangeOf(self).headerList(), nil
	}, nil)
	E.NewGetSet("content_length", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		// -1: unknown (chunked); 0 also for a request without a body
		return vm.Int(exchangeOf(self).contentLength), nil
	}, nil)
	E.NewGetSet("server", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.ObjectValue(exchangeOf(self).srv), nil
	}, nil)
	E.NewMethod("read", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// read(n): up to n bytes of the request body, b"" at its end
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
		ex := exchangeOf(self)
		if ex.hasPre {
			m := min(int(n), len(ex.pre))
			fut := ex.srv.loop.NewFuture()
			_ = fut.SetResult(vm.NewBytes(ex.pre[:m]))
			ex.pre = ex.pre[m:]
			if m == 0 {
				ex.hasPre = false // the body is over: later reads see EOF from net/http
			}
			return awaitable(fut.Value()), nil
		}
		if ex.pc != nil { // the poller engine read the whole body first
			fut := ex.srv.loop.NewFuture()
			_ = fut.SetResult(vm.NewBytes(nil))
			return awaitable(fut.Value()), nil
		}
		return ex.do(func(w http.ResponseWriter, r *http.Request) (any, error) {
			buf := make([]byte, n)
			for {
				m, err := r.Body.Read(buf)
				if m > 0 || err != nil {
					if err == io.EOF {
						err = nil
					}
					return buf[:m], err
				}
			}
		}, func(res any, err error) (vm.Value, error) {
			if err != nil {
				return vm.Value{}, vm.Errorf(vm.ConnectionResetError, "%s", err.Error())
			}
			return vm.NewBytes(res.([]byte)), nil
		}), nil
	})
	E.NewMethod("start", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// start(status, reason, headers, head): send the status line and headers
		var st, reason, hv, head vm.Value
		if err := vm.UnpackArgs("start", args, kw, []string{"status", "reason", "headers", "head"}, &st, &reason, &hv, &head); err != nil {
			return vm.Value{}, err
		}
		code, err := t.Index(st)
		if err != nil {
			return vm.Value{}, err
		}
		if code < 100 || code > 999 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "Invalid status code %d", code)
		}
		rs, _ := reason.AsStr()
		hs, err := headerPairs(t, hv)
		if err != nil {
			return vm.Value{}, err
		}
		isHead, _ := t.Truth(head)
		ex := exchangeOf(self)
		if ex.started {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "the response is already started")
		}
		ex.started = true
		if ex.pc != nil {
			ex.pc.start(ex, int(code), rs, hs, isHead)
			return ex.pc.writeAwait(nil), nil
		}
		return ex.do(ex.start(int(code), rs, hs, isHead), ioResult), nil
	})
	E.NewMethod("respond", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// respond(status, reason, headers, head, body): the whole response
		// in one step on the handler goroutine (start, write, finish); it
		// returns None, as nothing on the loop waits for it
		var st, reason, hv, head, bv vm.Value
		if err := vm.UnpackArgs("respond", args, kw, []string{"status", "reason", "headers", "head", "body"}, &st, &reason, &hv, &head, &bv); err != nil {
			return vm.Value{}, err
		}
		code, err := t.Index(st)
		if err != nil {
			return vm.Value{}, err
		}
		if code < 100 || code > 999 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "Invalid status code %d", code)
		}
		rs, _ := reason.AsStr()
		hs, err := headerPairs(t, hv)
		if err != nil {
			return vm.Value{}, err
		}
		isHead, _ := t.Truth(head)
		var body []byte
		if bv != vm.None {
			b, ok := bv.AsBytes()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "body must be bytes, not %s", bv.TypeName())
			}
			body = b
		}
		ex := exchangeOf(self)
		if ex.started || ex.finished {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "the response is already started")
		}
		ex.respondWhole(int(code), rs, hs, isHead, body)
		return vm.None, nil
	})
	E.NewMethod("respond_plain", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// respond_plain(resp, request): True when resp, a plain
		// web.Response, was answered as Response._respond would
		// (aiohttp_fast.go); False when the script must do it
		if err := vm.ArgCount("respond_plain", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		done, err := exchangeOf(self).respondPlain(t, args[0], args[1])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(done), nil
	})
	E.NewMethod("force_close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// force_close(): the connection closes after this response
		if err := vm.ArgCount("force_close", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		exchangeOf(self).forceClose = true
		return vm.None, nil
	})
	E.NewMethod("write", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("write", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, ok := args[0].AsBytes()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "data argument must be byte-ish (%s)", args[0].TypeName())
		}
		ex := exchangeOf(self)
		if ex.pc != nil {
			if !ex.started || ex.finished {
				return vm.Value{}, vm.Errorf(vm.RuntimeError, "the response is not started or already finished")
			}
			return ex.pc.writeAwait(b), nil
		}
		data := append([]byte(nil), b...)
		return ex.do(ex.write(data), ioResult), nil
	})
	E.NewMethod("abort", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		ex := exchangeOf(self)
		if pc := ex.pc; pc != nil {
			ex.finished = true
			pc.close()
			pc.ended()
			fut := ex.srv.loop.NewFuture()
			_ = fut.SetResult(vm.None)
			return awaitable(fut.Value()), nil
		}
		return ex.do(ex.abort, func(any, error) (vm.Value, error) { return vm.None, nil }), nil
	})
	E.NewMethod("finish", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// finish(): an awaitable that ends the exchange, or None when the
		// response already ended it (respond)
		ex := exchangeOf(self)
		if ex.ws != nil {
			ex.ws.Abort()
		}
		if ex.finished {
			return vm.None, nil
		}
		ex.finished = true
		if pc := ex.pc; pc != nil {
			if !ex.started { // nothing was sent: the connection cannot go on
				pc.close()
			}
			pc.finish()
			return vm.None, nil
		}
		return ex.do(ex.finish, ioResult), nil
	})
}

// ioResult completes a write-side step: None, or the connection error.
func ioResult(_ any, err error) (vm.Value, error) {
	if err != nil {
		return vm.Value{}, vm.Errorf(vm.ConnectionResetError, "Cannot write to closing transport")
	}
	return vm.None, nil
}
