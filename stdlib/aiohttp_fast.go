package stdlib

import (
	"strconv"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The server's fast path for the common request: routed in Go before its
// task starts, and answered by a plain web.Response serialised in Go.
//
//   - Routing: when the application is a plain Application without
//     middlewares whose router the native table matches (aiohttp_router.go),
//     TCPSite.start gives _aiohttp.serve fast=(router table, the app's
//     middlewares list, ResourceRoute). A request whose origin-form path
//     the table matches to a ResourceRoute whose handler is an async
//     function is then dispatched as dispatch(ex, handler, route, found):
//     the script awaits the handler directly and makes the match info
//     only when it is asked for. Anything else (no match, 404/405, a view
//     class, a sync handler, a middleware added later) takes the script's
//     general path, which routes it as before.
//   - Responding: Exchange.respond_plain(resp, request) does what
//     Response._respond does for a response of the exact class
//     web.Response (plain=Response) that is not prepared, not chunked and
//     sets no cookie: the same header additions to resp.headers, the same
//     attributes set on resp, the same head and body written. Any other
//     response returns False and the script takes its usual path.

// fastRoute is what the server needs to route a request before its task
// and make its web.Request.
type fastRoute struct {
	router                                                *httpRouter
	middlewares                                           *vm.List // the application's own list: routing here only while it is empty
	routeType                                             *vm.Type // web.ResourceRoute
	reqType                                               vm.Value // web.Request
	objectNew                                             vm.Value // object.__new__
	app                                                   vm.Value
	handler, maxSize                                      *vm.AttrSite
	setEx, setApp, setMethod, setSize, setRoute, setFound *vm.AttrSite
}

// plainSites are the attribute sites respond_plain reads and sets, and
// the strs it adds to headers (per server: they belong to its VM).
type plainSites struct {
	ex, eofSent, chunked, cookieJar, status, reason, body, headers, items            *vm.AttrSite
	setReq, setEx, setEOFSent, setSentSize, setSentItems, setSentBody, setBodyLength *vm.AttrSite
	// the header entries it adds (tuples: shared by the responses), the
	// Content-Length one made last and its length
	typeEntry, serverEntry vm.Value
	lastLen                int
	lastLenEntry           vm.Value
	// pairs is the head's (name, value) list, reused by the poller engine
	// (which formats the head at once)
	pairs [][2]string
}

func newPlainSites() *plainSites {
	n := vm.NewAttrSite
	return &plainSites{ex: n("_ex"), eofSent: n("_eof_sent"), chunked: n("_chunked"), cookieJar: n("_cookie_jar"),
		status: n("_status"), reason: n("_reason"), body: n("_body"), headers: n("_headers"), items: n("_items"),
		setReq: n("_req"), setEx: n("_ex"), setEOFSent: n("_eof_sent"), setSentSize: n("_sent_size"),
		setSentItems: n("_sent_items"), setSentBody: n("_sent_body"), setBodyLength: n("_body_length"),
		typeEntry:   vm.NewTuple([]vm.Value{vm.Str("content-type"), vm.Str("Content-Type"), vm.Str("application/octet-stream")}),
		serverEntry: vm.NewTuple([]vm.Value{vm.Str("server"), vm.Str("Server"), vm.Str(aiohttpServer)}),
		lastLen:     -1}
}

// lengthEntry is the ("content-length", "Content-Length", str(n)) entry
// (the last one is kept: a server's responses are often the same size).
func (at *plainSites) lengthEntry(n int) vm.Value {
	if n != at.lastLen {
		at.lastLen = n
		at.lastLenEntry = vm.NewTuple([]vm.Value{vm.Str("content-length"), vm.Str("Content-Length"), vm.Str(strconv.Itoa(n))})
	}
	return at.lastLenEntry
}

// parseFast reads serve's fast=(router, middlewares, ResourceRoute,
// Request, object.__new__, app) argument; nil when it is absent or None.
func parseFast(v vm.Value) *fastRoute {
	tup, ok := v.Object().(*vm.Tuple)
	if !ok || len(tup.Items()) != 6 {
		return nil
	}
	it := tup.Items()
	r, ok1 := it[0].Object().(*httpRouter)
	mw, ok2 := it[1].Object().(*vm.List)
	rt, ok3 := it[2].Object().(*vm.Type)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	n := vm.NewAttrSite
	return &fastRoute{router: r, middlewares: mw, routeType: rt, reqType: it[3], objectNew: it[4], app: it[5],
		handler: n("_handler"), maxSize: n("_client_max_size"),
		setEx: n("_ex"), setApp: n("_app"), setMethod: n("_method"), setSize: n("_client_max_size"), setRoute: n("_fast_route"), setFound: n("_fast_found")}
}

// route gives the dispatch arguments (exchange, handler, request) of a
// request the fast path takes; nil for the general path.
func (f *fastRoute) route(t *vm.Thread, ex *httpExchange) []vm.Value {
	if f.middlewares.Len() != 0 {
		return nil
	}
	path, ok := originPath(ex.uri)
	if !ok {
		return nil
	}
	route, found, _, err := f.router.match(t, ex.method, path)
	if err != nil || !route.IsValid() || route.Type() != f.routeType {
		return nil // (the general path routes it again, and reports an error)
	}
	h, err := t.GetAttrAt(route, f.handler)
	if err != nil || !vm.IsCoroutineFunction(h) {
		return nil
	}
	req, err := f.request(t, ex, route, found)
	if err != nil {
		return nil
	}
	return []vm.Value{vm.ObjectValue(ex), h, req}
}

// request makes the web.Request of ex as Request(ex, app,
// app._client_max_size) would (its _state dict is made at its first
// item), without its __init__ frame when there is no body to stream, with the route and match dict its match_info is
// made of when asked for.
func (f *fastRoute) request(t *vm.Thread, ex *httpExchange, route, found vm.Value) (vm.Value, error) {
	exv := vm.ObjectValue(ex)
	size, err := t.GetAttrAt(f.app, f.maxSize)
	if err != nil {
		return vm.Value{}, err
	}
	var req vm.Value
	if ex.contentLength != 0 {
		if req, err = t.Call(f.reqType, []vm.Value{exv, f.app, size}, nil); err != nil {
			return vm.Value{}, err
		}
	} else {
		if req, err = t.Call(f.objectNew, []vm.Value{f.reqType}, nil); err != nil {
			return vm.Value{}, err
		}
		for _, a := range [...]struct {
			site *vm.AttrSite
			v    vm.Value
		}{{f.setEx, exv}, {f.setApp, f.app}, {f.setMethod, ex.methodStr}, {f.setSize, size}} {
			if err := t.SetAttrAt(req, a.site, a.v); err != nil {
				return vm.Value{}, err
			}
		}
	}
	if err := t.SetAttrAt(req, f.setRoute, route); err != nil {
		return vm.Value{}, err
	}
	return req, t.SetAttrAt(req, f.setFound, found)
}

// originPath is the path of an origin-form target ("/p?q#f" -> "/p"), as
// yarl's URL(uri, encoded=True).raw_path; false for other forms.
func originPath(u string) (string, bool) {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return "", false
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	return u, true
}

// respondPlain is Exchange.respond_plain(resp, request): Response._respond
// for a plain web.Response, in Go. False (nothing done) when resp is not
// one it takes.
func (ex *httpExchange) respondPlain(t *vm.Thread, resp, request vm.Value) (bool, error) {
	s := ex.srv
	if s.plainType == nil || resp.Type() != s.plainType || ex.started || ex.finished {
		return false, nil
	}
	at := s.plainSites
	get := func(site *vm.AttrSite) vm.Value { return attrOrInvalid(t, resp, site) }
	if !get(at.ex).IsNone() || get(at.eofSent) != vm.False || get(at.chunked) != vm.False {
		return false, nil
	}
	if v := get(at.cookieJar); !v.IsNone() {
		if n, err := t.Len(v); err != nil || n != 0 {
			return false, nil
		}
	}
	sv := get(at.status)
	status, ok := sv.AsInt64()
	reason, ok2 := get(at.reason).AsStr()
	if sv.Type() != vm.IntType || !ok || !ok2 {
		return false, nil
	}
	bv := get(at.body)
	var body []byte
	if !bv.IsNone() {
		if bv.Type() != vm.BytesType {
			return false, nil
		}
		body, _ = bv.AsBytes()
	}
	hv := get(at.headers)
	if !hv.IsValid() || hv.Type() != s.headersType {
		return false, nil
	}
	lv := attrOrInvalid(t, hv, at.items)
	items, ok := lv.Object().(*vm.List)
	if !ok {
		return false, nil
	}
	hasLen, hasType, hasServer := false, false, false
	for _, it := range items.Items() {
		tup, ok := it.Object().(*vm.Tuple)
		if !ok || len(tup.Items()) != 3 {
			return false, nil
		}
		k, _ := tup.Items()[0].AsStr()
		switch k {
		case "content-length":
			hasLen = true
		case "content-type":
			hasType = true
		case "server":
			hasServer = true
		}
	}
	// from here on, what _respond does (the list grown once)
	old := items.Items()
	all := append(make([]vm.Value, 0, len(old)+3), old...)
	if status >= 200 && status != 204 && status != 304 {
		if !hasLen {
			all = append(all, at.lengthEntry(len(body)))
		}
		if !hasType {
			all = append(all, at.typeEntry)
		}
	} else if status == 204 || status == 304 {
		body = nil
	}
	if !hasServer {
		all = append(all, at.serverEntry)
	}
	items.SetItems(all)
	head := ex.method == "HEAD"
	sent := 0
	if len(body) > 0 && !head {
		sent = len(body)
	}
	for _, a := range [...]struct {
		site *vm.AttrSite
		v    vm.Value
	}{
		{at.setReq, request}, {at.setEx, vm.ObjectValue(ex)},
		{at.setEOFSent, vm.True}, {at.setSentSize, vm.None}, {at.setSentItems, lv},
		{at.setSentBody, vm.Int(int64(sent))},
	} {
		if err := t.SetAttrAt(resp, a.site, a.v); err != nil {
			return true, err
		}
	}
	if len(body) > 0 {
		if err := t.SetAttrAt(resp, at.setBodyLength, vm.Int(int64(len(body)))); err != nil {
			return true, err
		}
	}
	var scratch [][2]string
	if ex.pc != nil { // (taken while in use: str() of a header value may run script code)
		scratch, at.pairs = at.pairs[:0], nil
	}
	hs, err := appendHeaderPairs(t, scratch, lv)
	if err != nil {
		return true, err
	}
	if ex.pc != nil {
		at.pairs = hs[:0]
	}
	if status < 100 || status > 999 {
		return true, vm.Errorf(vm.ValueError, "Invalid status code %d", status)
	}
	ex.respondWhole(int(status), reason, hs, head, body)
	return true, nil
}

// attrOrInvalid is obj.name, or an invalid Value when it has none.
func attrOrInvalid(t *vm.Thread, obj vm.Value, site *vm.AttrSite) vm.Value {
	v, err := t.GetAttrAt(obj, site)
	if err != nil {
		return vm.Value{}
	}
	return v
}
