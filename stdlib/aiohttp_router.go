package stdlib

import (
	"strings"
	"unicode"

	"github.com/pyasync/pyasync/vm"
)

// The route table of a frozen aiohttp.web router (_aiohttp.Router), matched
// in Go: UrlDispatcher.freeze builds one when every resource is a plain
// path or a dynamic path whose variables this matcher handles exactly as
// the resource's regular expression would, so a request is routed with one
// native call instead of a script frame per resource and a regex match.

// routeVar kinds: the regular expressions of a {name} part matched natively.
const (
	routeSeg         = iota // [^{}/]+ (aiohttp's default)
	routeNonSlash           // [^/]+
	routeDigits             // \d+ (Unicode decimal digits, as Python's re)
	routeASCIIDigits        // [0-9]+
)

// routePart is a literal (isVar false) or a variable of a dynamic path. A
// variable is always followed by the end of the path or a literal that
// starts with "/", so it takes exactly one path segment: no backtracking.
type routePart struct {
	isVar bool
	lit   string   // a literal's text
	name  vm.Value // a variable's name (a str)
	kind  int      // a variable's kind
}

// routeResource is one resource of the table: its path and its routes.
type routeResource struct {
	plain   bool
	path    string      // a plain resource's path
	parts   []routePart // a dynamic resource's parts
	routes  *vm.List    // the resource's own _routes list (read at each match)
	methods []string    // the routes' methods, as of len(methods) routes
}

// httpRouter is the table (the script sees _aiohttp.Router).
type httpRouter struct {
	resources []routeResource
	unquote   vm.Value // urllib.parse.unquote, for values with a "%"
}

func (*httpRouter) Type() *vm.Type { return httpRouterType }

var httpRouterType = vm.NewNativeType("Router", "_aiohttp", nil, nil)

// newRouter is _aiohttp.Router(table, unquote): table lists each resource
// as (path, routes) for a plain one or (parts, routes) for a dynamic one,
// parts alternating literal strs and (name, kind) tuples; routes is the
// resource's _routes list.
func newRouter(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("Router", args, kw, 2, 2); err != nil {
		return vm.Value{}, err
	}
	entries, err := t.ToSlice(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	r := &httpRouter{unquote: args[1]}
	bad := vm.Errorf(vm.TypeError, "Router: bad route table")
	for _, e := range entries {
		pair, err := t.ToSlice(e)
		if err != nil || len(pair) != 2 {
			return vm.Value{}, bad
		}
		routes, ok := pair[1].Object().(*vm.List)
		if !ok {
			return vm.Value{}, bad
		}
		res := routeResource{routes: routes}
		if p, ok := pair[0].AsStr(); ok {
			res.plain, res.path = true, p
		} else {
			parts, err := t.ToSlice(pair[0])
			if err != nil {
				return vm.Value{}, bad
			}
			for _, p := range parts {
				if s, ok := p.AsStr(); ok {
					res.parts = append(res.parts, routePart{lit: s})
					continue
				}
				nk, err := t.ToSlice(p)
				if err != nil || len(nk) != 2 {
					return vm.Value{}, bad
				}
				kind, err := t.Index(nk[1])
				if err != nil {
					return vm.Value{}, bad
				}
				res.parts = append(res.parts, routePart{isVar: true, name: nk[0], kind: int(kind)})
			}
		}
		r.resources = append(r.resources, res)
	}
	return vm.ObjectValue(r), nil
}

// segment is the part of path a variable of kind takes: up to the next "/"
// (or the end); ok is false when the regex would not match all of it.
func segment(path string, kind int) (seg string, ok bool) {
	if i := strings.IndexByte(path, '/'); i >= 0 {
		seg = path[:i]
	} else {
		seg = path
	}
	if seg == "" {
		return "", false
	}
	switch kind {
	case routeSeg:
		return seg, !strings.ContainsAny(seg, "{}")
	case routeNonSlash:
		return seg, true
	case routeDigits:
		for _, c := range seg {
			if !unicode.IsDigit(c) {
				return "", false
			}
		}
		return seg, true
	case routeASCIIDigits:
		for i := 0; i < len(seg); i++ {
			if seg[i] < '0' || seg[i] > '9' {
				return "", false
			}
		}
		return seg, true
	}
	return "", false
}

// matchParts matches a dynamic resource's parts against all of path and
// returns the variables' raw values in order, or false.
func matchParts(parts []routePart, path string, vals []string) ([]string, bool) {
	for _, p := range parts {
		if !p.isVar {
			if !strings.HasPrefix(path, p.lit) {
				return nil, false
			}
			path = path[len(p.lit):]
			continue
		}
		seg, ok := segment(path, p.kind)
		if !ok {
			return nil, false
		}
		vals = append(vals, seg)
		path = path[len(seg):]
	}
	return vals, path == ""
}

// methodsOf gives the methods of a resource's routes, read again from the
// route objects when routes were added since the last match.
func (res *routeResource) methodsOf(t *vm.Thread) ([]string, error) {
	n := res.routes.Len()
	if len(res.methods) == n {
		return res.methods, nil
	}
	ms := make([]string, n)
	for i := range n {
		m, err := t.GetAttr(res.routes.At(i), "_method")
		if err != nil {
			return nil, err
		}
		ms[i], _ = m.AsStr()
	}
	res.methods = ms
	return ms, nil
}

// resolve is Router.resolve(method, path): (route, match dict or None) for
// the first route that takes the request, else (None, the methods of the
// routes whose path matched, in order) or (None, None).
func (r *httpRouter) resolve(t *vm.Thread, method, path string) (vm.Value, error) {
	route, md, allowed, err := r.match(t, method, path)
	switch {
	case err != nil:
		return vm.Value{}, err
	case route.IsValid():
		return vm.Tuple2(route, md), nil
	case allowed == nil:
		return vm.Tuple2(vm.None, vm.None), nil
	}
	return vm.Tuple2(vm.None, vm.NewList(allowed)), nil
}

// match finds the first route that takes the request: the route (invalid
// when none does) with its match dict (None for a plain resource), or the
// methods of the routes whose path matched.
func (r *httpRouter) match(t *vm.Thread, method, path string) (route, md vm.Value, allowed []vm.Value, err error) {
	var vals [4]string
	for i := range r.resources {
		res := &r.resources[i]
		var got []string
		if res.plain {
			if res.path != path {
				continue
			}
		} else {
			var ok bool
			if got, ok = matchParts(res.parts, path, vals[:0]); !ok {
				continue
			}
		}
		methods, err := res.methodsOf(t)
		if err != nil {
			return vm.Value{}, vm.Value{}, nil, err
		}
		for j, m := range methods {
			if m != method && m != "*" {
				continue
			}
			md := vm.None
			if !res.plain {
				d, err := r.matchDict(t, res.parts, got)
				if err != nil {
					return vm.Value{}, vm.Value{}, nil, err
				}
				md = d
			}
			return res.routes.At(j), md, nil, nil
		}
		for _, m := range methods { // (the path matched, the method did not)
			allowed = append(allowed, vm.Str(m))
		}
	}
	return vm.Value{}, vm.Value{}, allowed, nil
}

// matchDict is the match info's dict: each variable's value, unquoted as
// urllib.parse.unquote does when it holds a "%".
func (r *httpRouter) matchDict(t *vm.Thread, parts []routePart, vals []string) (vm.Value, error) {
	d := vm.NewDictSize(len(vals))
	i := 0
	for _, p := range parts {
		if !p.isVar {
			continue
		}
		v := vm.Str(vals[i])
		i++
		if strings.IndexByte(vals[i-1], '%') >= 0 {
			u, err := t.Call(r.unquote, []vm.Value{v}, nil)
			if err != nil {
				return vm.Value{}, err
			}
			v = u
		}
		if err := d.Set(t, p.name, v); err != nil {
			return vm.Value{}, err
		}
	}
	return vm.ObjectValue(d), nil
}

func init() {
	httpRouterType.NewMethod("resolve", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("resolve", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		method, ok1 := args[0].AsStr()
		path, ok2 := args[1].AsStr()
		if !ok1 || !ok2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "resolve() takes the method and path as str")
		}
		return self.Object().(*httpRouter).resolve(t, method, path)
	})
}
