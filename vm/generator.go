package vm

import (
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
)

type genKind uint8

const (
	genGenerator genKind = iota
	genCoroutine
	genAsyncGen
)

// Generator is a generator, coroutine or async generator: a suspended heap
// frame plus its state.
//
// It is 16 bytes, so that a coroutine with its frame and four registers
// (newGenerator) fills the 208-byte size class: keep the flags together.
// (Where a coroutine was created, for the never-awaited warning, is kept
// beside it in the VM's list of coroutines not yet awaited: coroOrigin.)
type Generator struct {
	frame    *Frame
	kind     genKind
	started  bool
	running  bool
	finished bool
	// awaited marks a coroutine that has been awaited or driven, for the
	// "never awaited" warning.
	awaited bool
	// agenHooksCalled: an async generator has been offered to the running
	// loop's list (noteAsyncGen, CPython's firstiter hook)
	agenHooksCalled bool
	// agenRunning is CPython's ag_running_async: a step (asend, athrow,
	// aclose, an async for step) is in progress, perhaps suspended in an
	// await inside the generator.
	agenRunning bool
	agenClosed  bool
}

// Type implements Object.
func (g *Generator) Type() *Type {
	switch g.kind {
	case genCoroutine:
		return CoroutineType
	case genAsyncGen:
		return AsyncGeneratorType
	}
	return GeneratorType
}

func (g *Generator) kindName() string {
	switch g.kind {
	case genCoroutine:
		return "coroutine"
	case genAsyncGen:
		return "async generator"
	}
	return "generator"
}

// IsCoroutine reports whether g is a coroutine object.
func (g *Generator) IsCoroutine() bool { return g.kind == genCoroutine }

// IsAsyncGenerator reports whether g is an async generator object.
func (g *Generator) IsAsyncGenerator() bool { return g.kind == genAsyncGen }

// Name returns the generator's __name__.
func (g *Generator) Name() string {
	if fn := g.frame.fn; fn != nil {
		return fn.name
	}
	return g.frame.code.Name
}

// QualName returns the generator's __qualname__.
func (g *Generator) QualName() string {
	if fn := g.frame.fn; fn != nil {
		return fn.qualname
	}
	return g.frame.code.QualName
}

// rename is an assignment to the generator's __name__ (or, with qual,
// __qualname__). The names live on the frame's function, which the
// generator does not share once renamed: the frame gets its own shallow
// copy (a generator has no room for names of its own, see Generator).
func (g *Generator) rename(v Value, s string, qual bool) {
	f := g.frame
	var fn Function
	if f.fn != nil {
		fn = *f.fn
	} else {
		fn = Function{code: f.code, globals: f.globals, name: f.code.Name, qualname: f.code.QualName}
	}
	fn.setName(v, s, qual)
	f.fn = &fn
}

// nameValue is the generator's __name__ (or, with qual, __qualname__) as
// assigned: a str subclass instance stays one.
func (g *Generator) nameValue(qual bool) Value {
	if fn := g.frame.fn; fn != nil {
		return fn.nameValue(qual)
	}
	if qual {
		return Str(g.frame.code.QualName)
	}
	return Str(g.frame.code.Name)
}

// Finished reports whether the generator has returned or raised.
func (g *Generator) Finished() bool { return g.finished }

// Started reports whether the generator has begun running.
func (g *Generator) Started() bool { return g.started }

// MarkAwaited records that a coroutine was handed to something that will run
// it (so no "never awaited" warning is due).
func (g *Generator) MarkAwaited() { g.awaited = true }

// Awaited reports whether the coroutine was ever awaited or scheduled.
func (g *Generator) Awaited() bool { return g.awaited }

func (g *Generator) finish() {
	g.finished = true
	g.running = false
	g.agenRunning = false
	g.frame.flags &^= flagDelegated | flagEntry | flagIterated
}

// finishWithException marks g finished by exc escaping its frame and applies
// PEP 479: StopIteration leaving a generator becomes RuntimeError.
func (g *Generator) finishWithException(exc *Exception) *Exception {
	g.finish()
	return pep479(g.kind, exc)
}

// pep479 converts StopIteration (and StopAsyncIteration for async
// generators) escaping a generator of the given kind into RuntimeError.
func pep479(kind genKind, exc *Exception) *Exception {
	if exc.IsInstance(StopIteration) {
		msg := "generator raised StopIteration"
		switch kind {
		case genCoroutine:
			msg = "coroutine raised StopIteration"
		case genAsyncGen:
			msg = "async generator raised StopIteration"
		}
		r := Errorf(RuntimeError, "%s", msg)
		r.Cause = exc
		r.Context = exc
		r.SuppressContext = true
		r.Traceback = append(r.Traceback, exc.Traceback...)
		return r
	}
	if kind == genAsyncGen && exc.IsInstance(StopAsyncIteration) {
		r := Errorf(RuntimeError, "async generator raised StopAsyncIteration")
		r.Cause = exc
		r.Context = exc
		r.SuppressContext = true
		r.Traceback = append(r.Traceback, exc.Traceback...)
		return r
	}
	return exc
}

func (g *Generator) checkResumable() error {
	if g.running {
		return Errorf(ValueError, "%s already executing", g.kindName())
	}
	if g.finished {
		if g.kind == genCoroutine {
			return Errorf(RuntimeError, "cannot reuse already awaited coroutine")
		}
		return NewException(StopIteration)
	}
	g.awaited = true
	return nil
}

// newGenerator makes the generator object for a call of fn, with a frame
// that owns its registers.
func (t *Thread) newGenerator(fn *Function, self Value, args []Value, kwnames []string) (*Generator, error) {
	code := fn.code
	// the generator, its frame and (for small frames) its registers are one
	// allocation, sized for exactly the registers the code needs
	g, f := allocGenRecord(code.frameSize)
	f.code = code
	f.sp = code.nregs
	f.flags = flagGen
	if err := t.setupFrame(f, fn, self, args, kwnames); err != nil {
		return nil, err
	}
	g.frame = f
	switch {
	case code.Flags&compiler.FlagAsyncGen != 0:
		g.kind = genAsyncGen
	case code.Flags&compiler.FlagCoroutine != 0:
		g.kind = genCoroutine
		if t.vm.coroDebug {
			t.vm.recordCreation(g)
		}
		t.vm.trackCoroutine(g, t.CurrentFrame())
	}
	return g, nil
}

// Resume runs g until it yields or finishes. Exactly one of send and exc is
// used: exc (if non-nil) is raised at the point where g is suspended.
// It returns (value, true, nil) when g yields, (result, false, nil) when it
// returns, and the exception when one escapes.
func (t *Thread) Resume(g *Generator, send Value, exc *Exception) (Value, bool, error) {
	if g.running {
		return Value{}, false, Errorf(ValueError, "%s already executing", g.kindName())
	}
	if g.finished {
		if exc != nil {
			return Value{}, false, exc
		}
		if g.kind == genCoroutine {
			return Value{}, false, Errorf(RuntimeError, "cannot reuse already awaited coroutine")
		}
		return Value{}, false, NewException(StopIteration)
	}
	f := g.frame
	if !g.started && exc == nil && send.o != nil && !send.IsNone() {
		return Value{}, false, Errorf(TypeError, "can't send non-None value to a just-started %s", g.kindName())
	}
	if !g.started && exc != nil {
		// throwing into a just-started generator: it ends without running
		g.started = true
		g.finish()
		return Value{}, false, exc
	}
	if exc != nil && f.delegate != nil && exc.IsInstance(GeneratorExit) {
		// close() or throw(GeneratorExit) while delegating: close the
		// delegate first, then raise in g at its yield from (an error from
		// closing the delegate is raised there instead)
		d := f.delegate
		f.delegate = nil
		d.frame.flags &^= flagDelegated
		if d.kind == genAsyncGen {
			// an async for step: closing its __anext__() awaitable leaves
			// the generator where it is, still marked running (CPython
			// 3.11's ag_running_async stays set)
			d.running = false
		} else if cerr := t.genClose(d); cerr != nil {
			exc = asException(cerr)
		}
	}
	// g's frame and the chain of generators it is delegating to (yield
	// from/await)
	partial, err := t.pushGenChain(f)
	if err != nil {
		if !partial {
			return Value{}, false, err
		}
		// raised in the innermost frame pushed (pushGenChain)
		exc = asException(err)
	}
	f.flags |= flagEntry
	top := t.top()
	if g.started && exc == nil {
		if send.o == nil {
			send = None
		}
		top.regs[top.sp] = send
		top.sp++
	}
	g.started = true
	g.running = true
	g.awaited = true
	t.goDepth++
	v, yielded, err := t.run(exc)
	t.goDepth--
	g.running = false
	for d := f.delegate; d != nil; d = d.frame.delegate {
		d.running = false
	}
	return v, yielded, err
}

// ResumeThread continues a persistent thread (a task) whose frames were left
// in place when it last yielded. It is how the event loop steps a task.
func (t *Thread) ResumeThread(send Value, exc *Exception) (Value, bool, error) {
	if exc == nil {
		top := t.top()
		if send.o == nil {
			send = None
		}
		top.regs[top.sp] = send
		top.sp++
	}
	// the task's coroutine is running (delegates pushed by SEND mark
	// themselves; inline-awaited frames have no coroutine object)
	bottom := t.frames[0].generator()
	if bottom != nil {
		bottom.running = true
	}
	v, yielded, err := t.run(exc)
	if bottom != nil {
		bottom.running = false
	}
	return v, yielded, err
}

// StartThread begins running coroutine g as the bottom frame of the
// persistent thread t (a new task).
func (t *Thread) StartThread(g *Generator, send Value, exc *Exception) (Value, bool, error) {
	t.persistent = true
	if len(t.frames) != 0 {
		return t.ResumeThread(send, exc)
	}
	if !g.started && exc != nil {
		g.started = true
		g.finish()
		return Value{}, false, exc
	}
	if err := g.checkResumable(); err != nil {
		return Value{}, false, err
	}
	f := g.frame
	f.flags |= flagEntry
	if err := t.pushFrame(f); err != nil {
		return Value{}, false, err
	}
	g.started = true
	g.running = true
	v, yielded, err := t.run(nil)
	g.running = false
	return v, yielded, err
}

// genSend implements generator.send / __next__ from Go: StopIteration on
// return.
func (t *Thread) genSend(g *Generator, v Value) (Value, error) {
	r, yielded, err := t.Resume(g, v, nil)
	if err != nil {
		return Value{}, err
	}
	if !yielded {
		return Value{}, stopIteration(r, g.kind == genAsyncGen)
	}
	if g.kind == genAsyncGen {
		if w, ok := r.o.(*asyncGenWrapped); ok {
			r = w.v
		}
	}
	return r, nil
}

func stopIteration(r Value, async bool) *Exception {
	if async {
		return NewException(StopAsyncIteration)
	}
	if r.o == nil || r.IsNone() {
		return NewException(StopIteration)
	}
	return NewException(StopIteration, r)
}

// genClose implements generator.close().
func (t *Thread) genClose(g *Generator) error {
	if g.finished || !g.started {
		g.started = true
		if !g.finished {
			g.finish()
		}
		return nil
	}
	_, yielded, err := t.Resume(g, Value{}, NewException(GeneratorExit))
	if err != nil {
		if e, ok := err.(*Exception); ok && (e.IsInstance(GeneratorExit) || e.IsInstance(StopIteration)) {
			return nil
		}
		return err
	}
	if yielded {
		return Errorf(RuntimeError, "%s ignored GeneratorExit", g.kindName())
	}
	return nil
}

// throwToIter delivers exc thrown into a generator suspended in "yield from
// recv" where recv is a plain iterator (not a VM generator): GeneratorExit
// calls recv.close() if it has one and is then raised at the yield from;
// other exceptions go to recv.throw() if it has one. handled is false when
// exc is to be raised at the yield from.
func (t *Thread) throwToIter(recv Value, exc *Exception) (v Value, done, handled bool, err error) {
	if exc.IsInstance(GeneratorExit) {
		if m, ok := recv.Type().Lookup("close"); ok {
			if _, err := t.callMethod(m, recv, nil, nil); err != nil {
				return Value{}, false, true, err
			}
		}
		return Value{}, false, false, nil
	}
	m, ok := recv.Type().Lookup("throw")
	if !ok {
		return Value{}, false, false, nil
	}
	args := []Value{{o: exc}}
	if raw := t.vm.throwRaw; len(raw) > 0 {
		// throw() was called with these arguments: pass them on as given
		args = raw
		t.vm.throwRaw = nil
	}
	r, err := t.callMethod(m, recv, args, nil)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(StopIteration) {
			return e.StopIterationValue(), true, true, nil
		}
		return Value{}, false, true, err
	}
	return r, false, true, nil
}

// asyncGenWrapped marks a value yielded by an async generator (as opposed to
// a value an await inside it passes up to the event loop).
type asyncGenWrapped struct{ v Value }

// Type implements Object.
func (*asyncGenWrapped) Type() *Type { return ObjectType }

// sendTo sends v into a non-VM iterator (e.g. the iterator returned by a
// Future's __await__): it returns (yielded, false) or (result, true).
func (t *Thread) sendTo(recv, v Value) (Value, bool, error) {
	if fi, ok := recv.o.(*futureIter); ok {
		if !v.IsNone() {
			return Value{}, false, Errorf(TypeError, "can't send non-None value to a FutureIter")
		}
		r, done, err := fi.awaitStep(t)
		return r, done, err
	}
	if as, ok := recv.o.(AwaitStepper); ok {
		return as.AwaitStep(t, v)
	}
	if g, ok := recv.o.(*Generator); ok && g.kind != genAsyncGen {
		r, yielded, err := t.Resume(g, v, nil)
		if err != nil {
			return Value{}, false, err
		}
		return r, !yielded, nil
	}
	var r Value
	var err error
	if v.IsNone() {
		if _, user := recv.o.(*Instance); user || recv.isUserObject() {
			// call __next__ directly: its StopIteration carries the value
			m, ok := recv.Type().Lookup("__next__")
			if !ok {
				return Value{}, false, Errorf(TypeError, "'%s' object is not an iterator", recv.TypeName())
			}
			r, err = t.callMethod(m, recv, nil, nil)
		} else {
			var ok bool
			r, ok, err = t.Next(recv)
			if err == nil && !ok {
				return None, true, nil
			}
		}
	} else {
		r, err = t.CallMethod(recv, "send", v)
	}
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(StopIteration) {
			return e.StopIterationValue(), true, nil
		}
		return Value{}, false, err
	}
	return r, false, nil
}

// genRecord is a generator and its frame in one allocation: the frame
// finds its generator at a fixed offset before it (Frame.generator).
type genRecord struct {
	g Generator
	f Frame
}

// genRegs is a genRecord with the registers too; R is an array of Values.
type genRegs[R any] struct {
	genRecord
	regs R
}

// allocGenRecord allocates a generator and its frame with size registers:
// one allocation, sized for exactly the registers, for frames of up to 16;
// up to 32 registers the array is the largest that fits the size class the
// record needs (the slice covers exactly size of them); bigger frames get
// their registers apart.
func allocGenRecord(size int) (*Generator, *Frame) {
	switch size {
	case 0, 1:
		return newGenRecord[[1]Value](size)
	case 2:
		return newGenRecord[[2]Value](2)
	case 3:
		return newGenRecord[[3]Value](3)
	case 4:
		return newGenRecord[[4]Value](4)
	case 5:
		return newGenRecord[[5]Value](5)
	case 6:
		return newGenRecord[[6]Value](6)
	case 7:
		return newGenRecord[[7]Value](7)
	case 8:
		return newGenRecord[[8]Value](8)
	}
	if size <= 32 {
		return allocGenRecordMid(size)
	}
	r := &genRecord{}
	r.f.regs = make([]Value, size)
	return &r.g, &r.f
}

// newGenRecord allocates a generator, its frame and n registers (R is
// [n]Value) as one object. (Fields are set one by one by the caller:
// copying a struct literal into the fresh object would go through the
// bulk write barrier.)
func newGenRecord[R any](n int) (*Generator, *Frame) {
	r := &genRegs[R]{}
	r.f.regs = unsafe.Slice((*Value)(unsafe.Pointer(&r.regs)), n)
	return &r.g, &r.f
}

// generator returns the generator whose frame f is, or nil for a frame of
// a plain call.
func (f *Frame) generator() *Generator {
	if f.flags&flagGen == 0 {
		return nil
	}
	// f is the f field of a genRecord (the container-of conversion stays
	// inside the allocation, as unsafe.Pointer's rule 3 and checkptr ask)
	return (*Generator)(unsafe.Add(unsafe.Pointer(f), -int(unsafe.Offsetof(genRecord{}.f))))
}
