package vm

import (
	"fmt"
)

func excSelf(v Value) *Exception { return v.o.(*Exception) }

func init() {
	B := BaseException
	B.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, ok := args[0].o.(*Type)
		if !ok || !BaseException.IsSubtype(cls) {
			return Value{}, Errorf(TypeError, "BaseException.__new__(X): X is not a subtype of BaseException")
		}
		e := &Exception{cls: cls, Args: append([]Value(nil), args[1:len(args)-len(kw)]...)}
		if cls == ExceptionGroup || cls == BaseExceptionGroup || (BaseExceptionGroup.IsSubtype(cls)) {
			if err := initExceptionGroup(t, e, args[1:]); err != nil {
				return Value{}, err
			}
		}
		return Value{o: e}, nil
	})
	B.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		if len(kw) > 0 {
			var allowed []string
			var owner *Type
			for _, c := range []*Type{AttributeError, NameError, ImportError} {
				if c.IsSubtype(e.cls) {
					owner = c
				}
			}
			switch owner {
			case AttributeError:
				allowed = []string{"name", "obj"}
			case NameError:
				allowed = []string{"name"}
			case ImportError:
				allowed = []string{"name", "path"}
			}
			if owner == nil {
				if e.cls.builtin {
					return Value{}, Errorf(TypeError, "%s() takes no keyword arguments", e.cls.Name)
				}
			} else {
				vals := args[len(args)-len(kw):]
				for i, k := range kw {
					ok := false
					for _, a := range allowed {
						ok = ok || a == k
					}
					if !ok {
						return Value{}, Errorf(TypeError, "'%s' is an invalid keyword argument for %s()", k, e.cls.Name)
					}
					ensureInstanceDict(self).SetStr(k, vals[i])
				}
			}
		}
		e.Args = append([]Value(nil), args[:len(args)-len(kw)]...)
		return None, nil
	})
	B.NewGetSet("args", func(t *Thread, self Value) (Value, error) {
		return NewTuple(append([]Value(nil), excSelf(self).Args...)), nil
	}, func(t *Thread, self, v Value) error {
		items, err := t.ToSlice(v)
		excSelf(self).Args = items
		return err
	})
	B.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		if e.syntax != nil {
			return Str(fmt.Sprintf("%s (%s, line %d)", e.syntax.Msg, e.syntax.Filename, e.syntax.Pos.Line)), nil
		}
		switch len(e.Args) {
		case 0:
			return Str(""), nil
		case 1:
			return t.StrValue(e.Args[0])
		}
		s, err := t.Repr(NewTuple(e.Args))
		return Str(s), err
	})
	B.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		name := e.cls.QualName
		if len(e.Args) == 1 {
			r, err := t.Repr(e.Args[0])
			return Str(name + "(" + r + ")"), err
		}
		r, err := t.Repr(NewTuple(e.Args))
		if err != nil {
			return Value{}, err
		}
		if len(e.Args) == 0 {
			r = "()"
		}
		return Str(name + r), nil
	})
	B.NewMethod("with_traceback", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})
	B.NewMethod("add_note", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 1 {
			return Value{}, Errorf(TypeError, "add_note() takes exactly one argument")
		}
		s, ok := args[0].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "note must be a str, not '%s'", args[0].TypeName())
		}
		e := excSelf(self)
		e.Notes = append(e.Notes, s)
		return None, nil
	})
	B.NewGetSet("__notes__", func(t *Thread, self Value) (Value, error) {
		e := excSelf(self)
		if e.Notes == nil {
			return Value{}, Errorf(AttributeError, "'%s' object has no attribute '__notes__'", e.cls.Name)
		}
		items := make([]Value, len(e.Notes))
		for i, n := range e.Notes {
			items[i] = Str(n)
		}
		return NewList(items), nil
	}, nil)
	B.NewGetSet("__cause__", func(t *Thread, self Value) (Value, error) {
		if c := excSelf(self).Cause; c != nil {
			return Value{o: c}, nil
		}
		return None, nil
	}, func(t *Thread, self, v Value) error {
		e := excSelf(self)
		if v.IsNone() {
			e.Cause = nil
		} else if c, ok := v.o.(*Exception); ok {
			e.Cause = c
		} else {
			return Errorf(TypeError, "exception cause must be None or derive from BaseException")
		}
		e.SuppressContext = true
		return nil
	})
	B.NewGetSet("__context__", func(t *Thread, self Value) (Value, error) {
		if c := excSelf(self).Context; c != nil {
			return Value{o: c}, nil
		}
		return None, nil
	}, func(t *Thread, self, v Value) error {
		e := excSelf(self)
		if v.IsNone() {
			e.Context = nil
		} else if c, ok := v.o.(*Exception); ok {
			e.Context = c
		} else {
			return Errorf(TypeError, "exception context must be None or derive from BaseException")
		}
		return nil
	})
	B.NewGetSet("__suppress_context__", func(t *Thread, self Value) (Value, error) {
		return Bool(excSelf(self).SuppressContext), nil
	}, func(t *Thread, self, v Value) error {
		b, err := t.Truth(v)
		excSelf(self).SuppressContext = b
		return err
	})
	B.NewGetSet("__traceback__", func(t *Thread, self Value) (Value, error) {
		return excSelf(self).tracebackValue(), nil
	}, func(t *Thread, self, v Value) error {
		if v.IsNone() {
			excSelf(self).Traceback = nil
		}
		return nil
	})
	argGetter := func(i int, def Value) func(*Thread, Value) (Value, error) {
		return func(t *Thread, self Value) (Value, error) {
			e := excSelf(self)
			if i < len(e.Args) {
				return e.Args[i], nil
			}
			return def, nil
		}
	}
	StopIteration.NewGetSet("value", argGetter(0, None), nil)
	StopAsyncIteration.NewGetSet("value", argGetter(0, None), nil)
	SystemExit.NewGetSet("code", func(t *Thread, self Value) (Value, error) {
		e := excSelf(self)
		switch len(e.Args) {
		case 0:
			return None, nil
		case 1:
			return e.Args[0], nil
		}
		return NewTuple(e.Args), nil
	}, nil)
	KeyError.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		if len(e.Args) == 1 {
			s, err := t.Repr(e.Args[0])
			return Str(s), err
		}
		return t.callMethod(mustLookup(BaseException, "__str__"), self, nil, nil)
	})
	for _, c := range []*Type{ImportError, NameError, AttributeError} {
		c.NewGetSet("name", func(t *Thread, self Value) (Value, error) {
			if d := excSelf(self).dict; d != nil {
				if v, ok := d.GetStr("name"); ok {
					return v, nil
				}
			}
			return None, nil
		}, func(t *Thread, self, v Value) error {
			ensureInstanceDict(self).SetStr("name", v)
			return nil
		})
	}
	ImportError.NewGetSet("msg", argGetter(0, None), nil)
	AttributeError.NewGetSet("obj", func(t *Thread, self Value) (Value, error) {
		if d := excSelf(self).dict; d != nil {
			if v, ok := d.GetStr("obj"); ok {
				return v, nil
			}
		}
		return None, nil
	}, func(t *Thread, self, v Value) error {
		ensureInstanceDict(self).SetStr("obj", v)
		return nil
	})
	initOSErrorMethods()
	SyntaxErrorType.NewGetSet("msg", argGetter(0, None), nil)

	// ---- exception groups ----
	BaseExceptionGroup.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, nil
	})
	BaseExceptionGroup.NewGetSet("message", argGetter(0, Str("")), nil)
	BaseExceptionGroup.NewGetSet("exceptions", func(t *Thread, self Value) (Value, error) {
		return NewTuple(append([]Value(nil), excSelf(self).Group...)), nil
	}, nil)
	BaseExceptionGroup.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		msg := ""
		if len(e.Args) > 0 {
			msg, _ = t.Str(e.Args[0])
		}
		n := len(e.Group)
		s := "s"
		if n == 1 {
			s = ""
		}
		return Str(fmt.Sprintf("%s (%d sub-exception%s)", msg, n, s)), nil
	})
	BaseExceptionGroup.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		r, err := t.Repr(NewTuple(e.Args))
		if err != nil {
			return Value{}, err
		}
		return Str(e.cls.QualName + r), nil
	})
	BaseExceptionGroup.NewMethod("derive", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		return t.Call(Value{o: ExceptionGroup}, []Value{e.Args[0], args[0]}, nil)
	})
	BaseExceptionGroup.NewMethod("subgroup", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		match, _, err := t.splitGroup(excSelf(self), args[0])
		return match, err
	})
	BaseExceptionGroup.NewMethod("split", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		match, rest, err := t.splitGroup(excSelf(self), args[0])
		return Tuple2(match, rest), err
	})
}

func mustLookup(t *Type, name string) Value {
	v, _ := t.Lookup(name)
	return v
}

func initExceptionGroup(t *Thread, e *Exception, args []Value) error {
	if len(args) != 2 {
		return Errorf(TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%d given)", len(args))
	}
	if _, ok := args[0].AsStr(); !ok {
		return Errorf(TypeError, "argument 1 must be str, not %s", args[0].TypeName())
	}
	excs, err := t.ToSlice(args[1])
	if err != nil {
		return Errorf(TypeError, "second argument (exceptions) must be a sequence")
	}
	if len(excs) == 0 {
		return Errorf(ValueError, "second argument (exceptions) must be a non-empty sequence")
	}
	allExc := true
	for i, x := range excs {
		xe, ok := x.o.(*Exception)
		if !ok {
			return Errorf(ValueError, "Item %d of second argument (exceptions) is not an exception", i)
		}
		if !xe.IsInstance(ExceptionType) {
			allExc = false
		}
	}
	if e.cls == BaseExceptionGroup && allExc {
		e.cls = ExceptionGroup
	} else if ExceptionGroup.IsSubtype(e.cls) && !allExc {
		return Errorf(TypeError, "Cannot nest BaseExceptions in an ExceptionGroup")
	}
	e.Group = excs
	return nil
}

// NewExceptionGroup builds an ExceptionGroup (or BaseExceptionGroup when a
// member is not an Exception) from Go.
func (t *Thread) NewExceptionGroup(msg string, excs []*Exception) *Exception {
	vals := make([]Value, len(excs))
	for i, e := range excs {
		vals[i] = Value{o: e}
	}
	e := &Exception{cls: BaseExceptionGroup, Args: []Value{Str(msg), NewList(vals)}}
	_ = initExceptionGroup(t, e, []Value{Str(msg), NewList(vals)})
	return e
}

// splitGroup implements ExceptionGroup.split: the matching and the remaining
// parts (None when empty), preserving nesting.
func (t *Thread) splitGroup(e *Exception, cond Value) (Value, Value, error) {
	matches := func(x *Exception) (bool, error) {
		switch cond.o.(type) {
		case *Type, *Tuple:
			return t.exceptionMatches(x, cond)
		default:
			r, err := t.Call(cond, []Value{{o: x}}, nil)
			if err != nil {
				return false, err
			}
			return t.Truth(r)
		}
	}
	ok, err := matches(e)
	if err != nil {
		return Value{}, Value{}, err
	}
	if ok {
		return Value{o: e}, None, nil
	}
	var m, r []Value
	for _, sub := range e.Group {
		se := sub.o.(*Exception)
		if len(se.Group) > 0 {
			sm, sr, err := t.splitGroup(se, cond)
			if err != nil {
				return Value{}, Value{}, err
			}
			if !sm.IsNone() {
				m = append(m, sm)
			}
			if !sr.IsNone() {
				r = append(r, sr)
			}
			continue
		}
		ok, err := matches(se)
		if err != nil {
			return Value{}, Value{}, err
		}
		if ok {
			m = append(m, sub)
		} else {
			r = append(r, sub)
		}
	}
	derive := func(items []Value) Value {
		if len(items) == 0 {
			return None
		}
		ne := &Exception{cls: e.cls, Args: []Value{e.Args[0], NewList(items)}}
		_ = initExceptionGroup(t, ne, []Value{e.Args[0], NewList(items)})
		ne.Cause, ne.Context, ne.Traceback, ne.Notes = e.Cause, e.Context, e.Traceback, e.Notes
		return Value{o: ne}
	}
	return derive(m), derive(r), nil
}
