package vm

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
		if err := ArgCount("BaseException.with_traceback", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		if err := excSelf(self).setTracebackValue(args[0]); err != nil {
			return Value{}, err
		}
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
		return None, addNote(self, Str(s))
	})
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
		if v.o == nil {
			return Errorf(TypeError, "__traceback__ may not be deleted")
		}
		return excSelf(self).setTracebackValue(v)
	})
	for _, name := range []string{"args", "__cause__", "__context__", "__traceback__"} {
		B.SetDeleter(name, refuseDelete(name+" may not be deleted"))
	}
	B.SetDeleter("__suppress_context__", refuseDelete("can't delete numeric/char attribute"))
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
		excDictAttr(c, "name")
	}
	excDictAttr(ImportError, "path")
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
	initSyntaxErrorAttrs()

}

func mustLookup(t *Type, name string) Value {
	v, _ := t.Lookup(name)
	return v
}

// excDictAttr gives exception class c the attribute name, kept in the
// instance dict and None until set (CPython's members of ImportError,
// NameError and AttributeError).
func excDictAttr(c *Type, name string) {
	c.NewGetSet(name, func(t *Thread, self Value) (Value, error) {
		if d := excSelf(self).dict; d != nil {
			if v, ok := d.GetStr(name); ok {
				return v, nil
			}
		}
		return None, nil
	}, func(t *Thread, self, v Value) error {
		ensureInstanceDict(self).SetStr(name, v)
		return nil
	})
}
