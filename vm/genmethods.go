package vm

func genSelf(v Value) *Generator { return v.o.(*Generator) }

// throwArgs turns throw(type[, value[, tb]]) arguments into an exception.
func (t *Thread) throwArgs(args []Value) (*Exception, error) {
	if len(args) == 0 {
		return nil, Errorf(TypeError, "throw expected at least 1 argument, got 0")
	}
	if len(args) >= 2 && !args[1].IsNone() {
		if e, ok := args[1].o.(*Exception); ok {
			return e, nil
		}
		r, err := t.Call(args[0], []Value{args[1]}, nil)
		if err != nil {
			return nil, err
		}
		return t.makeException(r)
	}
	return t.makeException(args[0])
}

func init() {
	for _, typ := range []*Type{GeneratorType, CoroutineType} {
		typ.NewMethod("send", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if len(args) != 1 {
				return Value{}, Errorf(TypeError, "send() takes exactly one argument (%d given)", len(args))
			}
			return t.genSend(genSelf(self), args[0])
		})
		typ.NewMethod("throw", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			exc, err := t.throwArgs(args)
			if err != nil {
				return Value{}, err
			}
			g := genSelf(self)
			saved := t.vm.throwRaw
			t.vm.throwRaw = append([]Value(nil), args...)
			r, yielded, err := t.Resume(g, Value{}, exc)
			t.vm.throwRaw = saved
			if err != nil {
				return Value{}, err
			}
			if !yielded {
				return Value{}, stopIteration(r, false)
			}
			return r, nil
		})
		typ.NewMethod("close", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return None, t.genClose(genSelf(self))
		})
		typ.NewGetSet("__name__", func(_ *Thread, v Value) (Value, error) { return genSelf(v).nameValue(false), nil }, nil)
		typ.NewGetSet("__qualname__", func(_ *Thread, v Value) (Value, error) { return genSelf(v).nameValue(true), nil }, nil)
		guardNames(typ)
	}
	GeneratorType.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.genSend(genSelf(self), None)
	})
	GeneratorType.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})
	GeneratorType.NewGetSet("gi_running", func(t *Thread, self Value) (Value, error) { return Bool(genSelf(self).running), nil }, nil)
	GeneratorType.NewGetSet("gi_frame", genFrame, nil)
	GeneratorType.NewGetSet("gi_yieldfrom", func(t *Thread, self Value) (Value, error) {
		if d := genSelf(self).frame.delegate; d != nil {
			return awaitedBy(d), nil
		}
		return None, nil
	}, nil)
	CoroutineType.NewGetSet("cr_running", func(t *Thread, self Value) (Value, error) { return Bool(genSelf(self).running), nil }, nil)
	CoroutineType.NewGetSet("cr_await", func(t *Thread, self Value) (Value, error) {
		if d := genSelf(self).frame.delegate; d != nil {
			return awaitedBy(d), nil
		}
		return None, nil
	}, nil)
	CoroutineType.NewGetSet("cr_frame", genFrame, nil)
	for typ, name := range map[*Type]string{GeneratorType: "gi_code", CoroutineType: "cr_code", AsyncGeneratorType: "ag_code"} {
		typ.NewGetSet(name, func(t *Thread, self Value) (Value, error) {
			return genSelf(self).frame.code.object(), nil
		}, nil)
	}
	AsyncGeneratorType.NewGetSet("ag_frame", genFrame, nil)
	CoroutineType.NewMethod("__await__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		g := genSelf(self)
		g.awaited = true
		it := &coroutineWrapper{g: g}
		return Value{o: it}, nil
	})
	CoroutineWrapperType.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.genSend(self.o.(*coroutineWrapper).g, None)
	})
	CoroutineWrapperType.NewMethod("send", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.genSend(self.o.(*coroutineWrapper).g, args[0])
	})
	CoroutineWrapperType.NewMethod("throw", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.callMethod(mustLookup(CoroutineType, "throw"), Value{o: self.o.(*coroutineWrapper).g}, args, kw)
	})
	CoroutineWrapperType.NewMethod("close", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, t.genClose(self.o.(*coroutineWrapper).g)
	})
	CoroutineWrapperType.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})
	IteratorType.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		v, ok, err := t.Next(self)
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return Value{}, NewException(StopIteration)
		}
		return v, nil
	})
	for _, typ := range []*Type{IteratorType, ListIteratorType, RangeIteratorType, TupleIteratorType, StrIteratorType} {
		typ.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return self, nil })
		if typ != IteratorType {
			typ.Dict.SetStr("__next__", mustLookup(IteratorType, "__next__"))
		}
	}
}

// coroutineWrapper is what coroutine.__await__() returns.
type coroutineWrapper struct{ g *Generator }

// Type implements Object.
func (*coroutineWrapper) Type() *Type { return CoroutineWrapperType }

// CoroutineWrapperType is the type of coroutine.__await__() results.
var CoroutineWrapperType = newBuiltinType("coroutine_wrapper", ObjectType)

// genFrame is gi_frame, cr_frame and ag_frame: the frame of a generator
// that has not finished, None after.
func genFrame(t *Thread, self Value) (Value, error) {
	g := genSelf(self)
	if g.finished {
		return None, nil
	}
	return Value{o: newFrameObject(t, g.frame, nil)}, nil
}
