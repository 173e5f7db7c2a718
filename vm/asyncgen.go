package vm

// Async generators: asend/athrow/aclose and __anext__ return awaitables
// (asyncGenOp) that resume the generator's frame; a value the generator
// yields (wrapped by ASYNC_GEN_WRAP) finishes the await, while anything an
// await inside it passes up (a Future) goes on to the task.
//
// `async for` does not go through an asyncGenOp: GET_ANEXT leaves the
// generator itself as the awaitable, and SEND pushes the generator's frame
// on the awaiting thread (agenPushStep), as it does for a delegated
// coroutine, so a step allocates nothing and runs in the same interpreter
// loop. The frame is marked flagDelegated (no other async generator frame
// ever is); its ASYNC_GEN_WRAP ends the step with the value
// (agenStepYielded), its return raises StopAsyncIteration in the awaiting
// frame (agenStepReturned), and an exception leaving it goes to the
// awaiting frame as from any delegate. Awaits inside it suspend the whole
// chain of frames, which a task keeps in place.

type agenOpKind uint8

const (
	agenSend agenOpKind = iota
	agenThrow
	agenClose
)

type asyncGenOp struct {
	g     *Generator
	kind  agenOpKind
	send  Value
	exc   *Exception
	state uint8 // 0 not started, 1 running, 2 done
	// stepping: this op started a step of g (set g.agenRunning), which it
	// ends when it is done
	stepping bool
}

// Type implements Object.
func (o *asyncGenOp) Type() *Type {
	if o.kind == agenSend {
		return AsyncGenASendType
	}
	return AsyncGenAThrowType
}

// Types of the awaitables returned by async generator methods.
var (
	AsyncGenASendType  = newBuiltinType("async_generator_asend", ObjectType)
	AsyncGenAThrowType = newBuiltinType("async_generator_athrow", ObjectType)
)

// AwaitStep implements AwaitStepper.
func (o *asyncGenOp) AwaitStep(t *Thread, send Value) (Value, bool, error) {
	if o.state == 2 {
		if o.kind == agenSend {
			return Value{}, false, Errorf(RuntimeError, "cannot reuse already awaited __anext__()/asend()")
		}
		return Value{}, false, Errorf(RuntimeError, "cannot reuse already awaited aclose()/athrow()")
	}
	r, done, err := o.step(t, send)
	if o.state == 2 && o.stepping {
		o.stepping = false
		o.g.agenRunning = false
	}
	return r, done, err
}

// step is AwaitStep without the bookkeeping of agenRunning.
func (o *asyncGenOp) step(t *Thread, send Value) (Value, bool, error) {
	g := o.g
	var exc *Exception
	if o.state == 0 {
		o.state = 1
		t.vm.noteAsyncGen(g)
		if g.running || g.agenRunning {
			o.state = 2
			if o.kind == agenSend {
				return Value{}, false, Errorf(RuntimeError, "anext(): asynchronous generator is already running")
			}
			return Value{}, false, Errorf(RuntimeError, "athrow(): asynchronous generator is already running")
		}
		switch o.kind {
		case agenSend:
			send = o.send
			if g.finished || g.agenClosed {
				o.state = 2
				return Value{}, false, NewException(StopAsyncIteration)
			}
		case agenThrow:
			exc = o.exc
			if g.finished || g.agenClosed {
				o.state = 2
				return Value{}, false, exc
			}
		case agenClose:
			if g.finished || !g.started {
				g.agenClosed = true
				g.started = true
				if !g.finished {
					g.finish()
				}
				o.state = 2
				return None, true, nil
			}
			exc = NewException(GeneratorExit)
		}
	}
	if send.o == nil {
		send = None
	}
	g.agenRunning, o.stepping = true, true
	r, yielded, err := t.Resume(g, send, exc)
	if err != nil {
		o.state = 2
		e := asException(err)
		if o.kind == agenClose && (e.IsInstance(GeneratorExit) || e.IsInstance(StopAsyncIteration)) {
			g.agenClosed = true
			return None, true, nil
		}
		return Value{}, false, err
	}
	if !yielded {
		o.state = 2
		g.agenClosed = true
		if o.kind == agenClose {
			return None, true, nil
		}
		return Value{}, false, NewException(StopAsyncIteration)
	}
	if w, ok := r.o.(*asyncGenWrapped); ok {
		o.state = 2
		if o.kind == agenClose {
			return Value{}, false, Errorf(RuntimeError, "async generator ignored GeneratorExit")
		}
		return w.v, true, nil
	}
	return r, false, nil
}

func init() {
	A := AsyncGeneratorType
	A.NewMethod("__aiter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})
	A.NewMethod("__anext__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &asyncGenOp{g: genSelf(self), kind: agenSend, send: None}}, nil
	})
	A.NewMethod("asend", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("asend", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		return Value{o: &asyncGenOp{g: genSelf(self), kind: agenSend, send: args[0]}}, nil
	})
	A.NewMethod("athrow", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		exc, err := t.throwArgs(args)
		if err != nil {
			return Value{}, err
		}
		return Value{o: &asyncGenOp{g: genSelf(self), kind: agenThrow, exc: exc}}, nil
	})
	A.NewMethod("aclose", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &asyncGenOp{g: genSelf(self), kind: agenClose}}, nil
	})
	A.NewGetSet("__name__", func(_ *Thread, v Value) (Value, error) { return genSelf(v).nameValue(false), nil }, nil)
	A.NewGetSet("__qualname__", func(_ *Thread, v Value) (Value, error) { return genSelf(v).nameValue(true), nil }, nil)
	guardNames(A)
	A.NewGetSet("ag_running", func(t *Thread, self Value) (Value, error) {
		g := genSelf(self)
		return Bool(g.running || g.agenRunning), nil
	}, nil)
	for _, typ := range []*Type{AsyncGenASendType, AsyncGenAThrowType} {
		typ.NewMethod("__await__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return self, nil
		})
		typ.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return self, nil
		})
		typ.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return awaitStepNext(t, self.o.(*asyncGenOp), None)
		})
		typ.NewMethod("send", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := ArgCount("send", args, kw, 1, 1); err != nil {
				return Value{}, err
			}
			return awaitStepNext(t, self.o.(*asyncGenOp), args[0])
		})
		typ.NewMethod("close", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			o := self.o.(*asyncGenOp)
			o.state = 2
			if o.stepping {
				o.stepping = false
				o.g.agenRunning = false
			}
			return None, nil
		})
	}
	builtinFuncs["aiter"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("aiter", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		return t.getAIter(args[0])
	}
	builtinFuncs["anext"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("anext", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		m, ok := args[0].Type().Lookup("__anext__")
		if !ok {
			return Value{}, Errorf(TypeError, "'%s' object is not an async iterator", args[0].TypeName())
		}
		aw, err := t.callMethod(m, args[0], nil, nil)
		if err != nil || len(args) == 1 {
			return aw, err
		}
		return Value{o: &anextDefault{aw: aw, def: args[1]}}, nil
	}
}

// awaitStepNext drives an AwaitStepper through the iterator protocol.
func awaitStepNext(t *Thread, a AwaitStepper, send Value) (Value, error) {
	v, done, err := a.AwaitStep(t, send)
	if err != nil {
		return Value{}, err
	}
	if done {
		return Value{}, stopIteration(v, false)
	}
	return v, nil
}

// anextDefault is anext(it, default): StopAsyncIteration becomes default.
type anextDefault struct {
	aw, def Value
	iter    Value
}

// Type implements Object.
func (*anextDefault) Type() *Type { return AsyncGenASendType }

// AwaitStep implements AwaitStepper.
func (a *anextDefault) AwaitStep(t *Thread, send Value) (Value, bool, error) {
	if a.iter.o == nil {
		it, err := t.getAwaitable(a.aw, 0)
		if err != nil {
			return Value{}, false, err
		}
		a.iter = it
	}
	v, done, err := t.sendTo(a.iter, send)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(StopAsyncIteration) {
			return a.def, true, nil
		}
	}
	return v, done, err
}

// agenPushStep starts a step of `async for` over g in place: it pushes g's
// frame on t above awaiter, which is suspended in its SEND, and reports
// whether it did. It does not when g cannot take a step now (running,
// already in a step, finished) or while tracing; SEND then steps g through
// an asyncGenOp, which reports those cases as asend does.
func (t *Thread) agenPushStep(awaiter *Frame, g *Generator) (bool, error) {
	gf := g.frame
	if g.running || g.agenRunning || g.finished || g.agenClosed || gf.delegate != nil || t.vm.trace.on {
		return false, nil
	}
	t.vm.noteAsyncGen(g)
	if err := t.pushFrame(gf); err != nil {
		return false, err
	}
	awaiter.delegate = g
	gf.flags = gf.flags&^flagEntry | flagDelegated
	if g.started {
		gf.regs[gf.sp] = None
		gf.sp++
	}
	g.started, g.running, g.agenRunning, g.awaited = true, true, true, true
	return true, nil
}

// agenStepYielded ends an in-place step whose generator frame f yielded a
// value (f.pc and f.sp already past the yield): it pops f and returns the
// awaiting frame, in which the value is the SEND's result.
func (t *Thread) agenStepYielded(f *Frame) *Frame {
	g := f.generator()
	g.running, g.agenRunning = false, false
	f.flags &^= flagDelegated
	t.popFrame()
	a := t.top()
	a.delegate = nil
	return a
}

// agenStepReturned ends an in-place step whose generator frame f returned:
// the generator is exhausted. It pops f and returns the awaiting frame, in
// which the SEND raises StopAsyncIteration.
func (t *Thread) agenStepReturned(f *Frame) *Frame {
	g := f.generator()
	g.finish()
	g.agenClosed = true
	t.popFrame()
	a := t.top()
	a.delegate = nil
	return a
}

// awaitedBy describes what a generator delegating to d awaits (cr_await,
// gi_yieldfrom): an async generator stepped in place shows as its
// __anext__() awaitable, as in CPython.
func awaitedBy(d *Generator) Value {
	if d.kind == genAsyncGen {
		return Value{o: &asyncGenOp{g: d, kind: agenSend, send: None, state: 1}}
	}
	return Value{o: d}
}
