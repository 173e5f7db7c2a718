package vm

import "strings"

// Argument checking for the methods of str, bytes and bytearray, with the
// messages CPython's different calling conventions produce.

// argsNone checks a METH_NOARGS method: "str.upper() takes no arguments".
func argsNone(typ, name string, args []Value, kwnames []string) error {
	if len(kwnames) > 0 {
		return Errorf(TypeError, "%s.%s() takes no keyword arguments", typ, name)
	}
	if len(args) != 0 {
		return Errorf(TypeError, "%s.%s() takes no arguments (%d given)", typ, name, len(args))
	}
	return nil
}

// argsOne checks a METH_O method: "str.join() takes exactly one argument".
func argsOne(typ, name string, args []Value, kwnames []string) error {
	if len(kwnames) > 0 {
		return Errorf(TypeError, "%s.%s() takes no keyword arguments", typ, name)
	}
	if len(args) != 1 {
		return Errorf(TypeError, "%s.%s() takes exactly one argument (%d given)", typ, name, len(args))
	}
	return nil
}

// argsPos checks a positional-only Argument Clinic method:
// "center expected at least 1 argument, got 0".
func argsPos(typ, name string, args []Value, kwnames []string, min, max int) error {
	if len(kwnames) > 0 {
		return Errorf(TypeError, "%s.%s() takes no keyword arguments", typ, name)
	}
	if len(args) < min {
		return Errorf(TypeError, "%s expected at least %d argument%s, got %d", name, min, plural(min), len(args))
	}
	if len(args) > max {
		return Errorf(TypeError, "%s expected at most %d argument%s, got %d", name, max, plural(max), len(args))
	}
	return nil
}

// argsTuple checks a PyArg_ParseTuple method: "find() takes at most 3
// arguments (5 given)".
func argsTuple(name string, args []Value, kwnames []string, min, max int) error {
	if len(kwnames) > 0 {
		return Errorf(TypeError, "%s() takes no keyword arguments", name)
	}
	if len(args) < min {
		return Errorf(TypeError, "%s() takes at least %d argument%s (%d given)", name, min, plural(min), len(args))
	}
	if len(args) > max {
		return Errorf(TypeError, "%s() takes at most %d argument%s (%d given)", name, max, plural(max), len(args))
	}
	return nil
}

// argsKw binds the arguments of a method accepting keywords; names lists the
// parameters (all optional unless required says otherwise).
func argsKw(name string, args []Value, kwnames []string, required int, names []string, dst ...*Value) error {
	npos := len(args) - len(kwnames)
	maxPos := 0
	for _, n := range names {
		if !strings.HasPrefix(n, "*") {
			maxPos++
		}
	}
	if npos > maxPos {
		if maxPos < len(names) {
			return Errorf(TypeError, "%s() takes at most %d positional argument%s (%d given)", name, maxPos, plural(maxPos), npos)
		}
		return Errorf(TypeError, "%s() takes at most %d argument%s (%d given)", name, maxPos, plural(maxPos), len(args))
	}
	for i := range dst {
		*dst[i] = Value{}
	}
	for i := 0; i < npos; i++ {
		*dst[i] = args[i]
	}
	for k, kw := range kwnames {
		found := false
		for i, n := range names {
			if strings.TrimPrefix(n, "*") == kw {
				if i < npos {
					return Errorf(TypeError, "argument for %s() given by name ('%s') and position (%d)", name, kw, i+1)
				}
				*dst[i] = args[npos+k]
				found = true
				break
			}
		}
		if !found {
			return Errorf(TypeError, "'%s' is an invalid keyword argument for %s()", kw, name)
		}
	}
	for i := 0; i < required; i++ {
		if dst[i].o == nil {
			return Errorf(TypeError, "%s() missing required argument '%s' (pos %d)", name, names[i], i+1)
		}
	}
	return nil
}

// optIndex converts an optional start/end argument (None means absent).
func (t *Thread) optIndex(v Value, def int) (int, error) {
	if v.o == nil || v.IsNone() {
		return def, nil
	}
	n, err := t.sliceIndex(v)
	if err != nil {
		return 0, err
	}
	if n > 1<<40 {
		n = 1 << 40
	} else if n < -(1 << 40) {
		n = -(1 << 40)
	}
	return int(n), nil
}

// startEnd parses the optional start and end arguments of find and friends
// (args holds them) and adjusts them to a sequence of length n like
// CPython's ADJUST_INDICES.
func (t *Thread) startEnd(args []Value, n int) (int, int, error) {
	var sv, ev Value
	if len(args) > 0 {
		sv = args[0]
	}
	if len(args) > 1 {
		ev = args[1]
	}
	start, err := t.optIndex(sv, 0)
	if err != nil {
		return 0, 0, err
	}
	end, err := t.optIndex(ev, n)
	if err != nil {
		return 0, 0, err
	}
	if end > n {
		end = n
	} else if end < 0 {
		end += n
		if end < 0 {
			end = 0
		}
	}
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	return start, end, nil
}

// indexArg converts an integer argument (Py_ssize_t) with CPython's errors.
func (t *Thread) indexArg(v Value) (int, error) {
	x, err := t.IndexValue(v)
	if err != nil {
		return 0, err
	}
	n, ok := x.AsInt64()
	if !ok || n > 1<<62 || n < -(1<<62) {
		return 0, Errorf(OverflowError, "Python int too large to convert to C ssize_t")
	}
	return int(n), nil
}

// Argument-checking styles applied by checkArity.
const (
	aritySlot0   = iota // slot wrapper without arguments: __repr__, __neg__, __len__...
	arityMethod0        // method without arguments: int.bit_length, float.hex...
)

// checkArity wraps methods already registered on typ with CPython's
// argument-count checks for the given style.
func checkArity(typ *Type, style int, names ...string) {
	for _, name := range names {
		v, ok := typ.Dict.GetStr(name)
		if !ok {
			panic("checkArity: no method " + typ.Name + "." + name)
		}
		m := v.o.(*BuiltinMethod)
		fn, name := m.fn, name
		switch style {
		case aritySlot0:
			m.fn = func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if len(kw) > 0 {
					return Value{}, Errorf(TypeError, "wrapper %s() takes no keyword arguments", name)
				}
				if len(args) != 0 {
					return Value{}, Errorf(TypeError, "expected 0 arguments, got %d", len(args))
				}
				return fn(t, self, args, kw)
			}
		case arityMethod0:
			tn := typ.Name
			m.fn = func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := argsNone(tn, name, args, kw); err != nil {
					return Value{}, err
				}
				return fn(t, self, args, kw)
			}
		}
	}
}

// badArgName is how CPython's argument converters name the type of a wrong
// argument: "None" for None, the type name otherwise.
func badArgName(v Value) string {
	if v.IsNone() {
		return "None"
	}
	return v.TypeName()
}
