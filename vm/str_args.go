package vm

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
	if npos > len(names) {
		return Errorf(TypeError, "%s() takes at most %d argument%s (%d given)", name, len(names), plural(len(names)), len(args))
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
			if n == kw {
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
