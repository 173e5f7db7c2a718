package csqlite

import (
	"unsafe"

	"modernc.org/libc"
	ctypes "modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// Value is an SQL value passed to or returned by a user function: nil,
// int64, float64, string or []byte.
type Value = any

// ScalarFunc implements an SQL function. A non-nil error becomes the
// statement's error with the error's text.
type ScalarFunc func(args []Value) (Value, error)

// Aggregate is one running aggregate (one per group).
type Aggregate interface {
	Step(args []Value) error
	Final() (Value, error)
}

// AggregateFactory makes the state of a new group.
type AggregateFactory func() (Aggregate, error)

type aggregateDef struct {
	factory AggregateFactory
	// live maps the per-group ids stored in SQLite's aggregate context.
	live map[uintptr]Aggregate
	next uintptr
	// err is an error from the factory, reported at the final step
	failed map[uintptr]error
}

// CreateFunction registers a scalar function on the connection (nargs -1
// takes any number of arguments).
func (c *Conn) CreateFunction(name string, nargs int, deterministic bool, fn ScalarFunc) error {
	id := register(fn)
	c.funcs = append(c.funcs, id)
	z, err := libc.CString(name)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, z)
	flags := int32(sqlite3.SQLITE_UTF8)
	if deterministic {
		flags |= sqlite3.SQLITE_DETERMINISTIC
	}
	rc := sqlite3.Xsqlite3_create_function_v2(c.tls, c.db, z, int32(nargs), flags, id,
		cFunc(scalarTrampoline), 0, 0, 0)
	if rc != sqlite3.SQLITE_OK {
		return c.errorFor(rc)
	}
	return nil
}

// CreateAggregate registers an aggregate function on the connection.
func (c *Conn) CreateAggregate(name string, nargs int, factory AggregateFactory) error {
	id := register(&aggregateDef{factory: factory, live: map[uintptr]Aggregate{}, failed: map[uintptr]error{}})
	c.funcs = append(c.funcs, id)
	z, err := libc.CString(name)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, z)
	rc := sqlite3.Xsqlite3_create_function_v2(c.tls, c.db, z, int32(nargs), sqlite3.SQLITE_UTF8, id,
		0, cFunc(stepTrampoline), cFunc(finalTrampoline), 0)
	if rc != sqlite3.SQLITE_OK {
		return c.errorFor(rc)
	}
	return nil
}

// cFunc turns a top-level Go function into the pointer the transpiled C
// code calls (a Go func value is a pointer to its code pointer).
func cFunc[T any](f T) uintptr {
	return *(*uintptr)(unsafe.Pointer(&struct{ f T }{f}))
}

func args(tls *libc.TLS, argc int32, argv uintptr) []Value {
	out := make([]Value, argc)
	for i := range out {
		v := wordAt(argv + uintptr(i)*8)
		switch sqlite3.Xsqlite3_value_type(tls, v) {
		case sqlite3.SQLITE_INTEGER:
			out[i] = sqlite3.Xsqlite3_value_int64(tls, v)
		case sqlite3.SQLITE_FLOAT:
			out[i] = sqlite3.Xsqlite3_value_double(tls, v)
		case sqlite3.SQLITE_TEXT:
			p := sqlite3.Xsqlite3_value_text(tls, v)
			n := sqlite3.Xsqlite3_value_bytes(tls, v)
			if p != 0 && n > 0 {
				out[i] = string(bytesAt(p, int(n)))
			} else {
				out[i] = ""
			}
		case sqlite3.SQLITE_BLOB:
			p := sqlite3.Xsqlite3_value_blob(tls, v)
			n := sqlite3.Xsqlite3_value_bytes(tls, v)
			b := make([]byte, n)
			if p != 0 && n > 0 {
				copy(b, bytesAt(p, int(n)))
			}
			out[i] = b
		default:
			out[i] = nil
		}
	}
	return out
}

func result(tls *libc.TLS, ctx uintptr, v Value, err error) {
	if err != nil {
		resultError(tls, ctx, err.Error())
		return
	}
	switch r := v.(type) {
	case nil:
		sqlite3.Xsqlite3_result_null(tls, ctx)
	case int64:
		sqlite3.Xsqlite3_result_int64(tls, ctx, r)
	case float64:
		sqlite3.Xsqlite3_result_double(tls, ctx, r)
	case string:
		p := cString(tls, r)
		defer libc.Xfree(tls, p)
		sqlite3.Xsqlite3_result_text(tls, ctx, p, int32(len(r)), sqlite3.SQLITE_TRANSIENT)
	case []byte:
		if len(r) == 0 {
			sqlite3.Xsqlite3_result_zeroblob(tls, ctx, 0)
			return
		}
		p := cString(tls, string(r))
		defer libc.Xfree(tls, p)
		sqlite3.Xsqlite3_result_blob(tls, ctx, p, int32(len(r)), sqlite3.SQLITE_TRANSIENT)
	default:
		resultError(tls, ctx, "unsupported result type")
	}
}

func resultError(tls *libc.TLS, ctx uintptr, msg string) {
	p := cString(tls, msg)
	defer libc.Xfree(tls, p)
	sqlite3.Xsqlite3_result_error(tls, ctx, p, int32(len(msg)))
}

func cString(tls *libc.TLS, s string) uintptr {
	p := libc.Xmalloc(tls, ctypes.Size_t(len(s)+1))
	b := bytesAt(p, len(s)+1)
	copy(b, s)
	b[len(s)] = 0
	return p
}

func scalarTrampoline(tls *libc.TLS, ctx uintptr, argc int32, argv uintptr) {
	fn, _ := lookup(sqlite3.Xsqlite3_user_data(tls, ctx)).(ScalarFunc)
	if fn == nil {
		resultError(tls, ctx, "function is gone")
		return
	}
	v, err := fn(args(tls, argc, argv))
	result(tls, ctx, v, err)
}

// aggregateState finds (or, when create is set, makes) the state of the
// group being computed.
func aggregateState(tls *libc.TLS, ctx uintptr, create bool) (*aggregateDef, uintptr, Aggregate) {
	def, _ := lookup(sqlite3.Xsqlite3_user_data(tls, ctx)).(*aggregateDef)
	if def == nil {
		return nil, 0, nil
	}
	size := int32(0)
	if create {
		size = 8
	}
	slot := sqlite3.Xsqlite3_aggregate_context(tls, ctx, size)
	if slot == 0 {
		return def, 0, nil
	}
	key := (*uintptr)(pointer(slot))
	if *key == 0 {
		if !create {
			return def, 0, nil
		}
		def.next++
		*key = def.next
		a, err := def.factory()
		if err != nil {
			def.failed[*key] = err
		} else {
			def.live[*key] = a
		}
	}
	return def, *key, def.live[*key]
}

func stepTrampoline(tls *libc.TLS, ctx uintptr, argc int32, argv uintptr) {
	def, key, a := aggregateState(tls, ctx, true)
	if def == nil || a == nil {
		if def != nil {
			if err := def.failed[key]; err != nil {
				resultError(tls, ctx, err.Error())
			}
		}
		return
	}
	if err := a.Step(args(tls, argc, argv)); err != nil {
		delete(def.live, key)
		def.failed[key] = err
		resultError(tls, ctx, err.Error())
	}
}

func finalTrampoline(tls *libc.TLS, ctx uintptr) {
	def, key, a := aggregateState(tls, ctx, false)
	if def == nil {
		return
	}
	if key == 0 {
		// no row in the group: a fresh state gives the empty result
		f, err := def.factory()
		if err != nil {
			resultError(tls, ctx, err.Error())
			return
		}
		v, err := f.Final()
		result(tls, ctx, v, err)
		return
	}
	delete(def.live, key)
	if err := def.failed[key]; err != nil {
		delete(def.failed, key)
		resultError(tls, ctx, err.Error())
		return
	}
	if a == nil {
		sqlite3.Xsqlite3_result_null(tls, ctx)
		return
	}
	v, err := a.Final()
	result(tls, ctx, v, err)
}
