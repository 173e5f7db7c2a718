package vm

import (
	"weak"

	"github.com/pyasync/pyasync/compiler"
)

// sys.settrace and sys.setprofile.
//
// Tracing costs nothing while it is off: no check runs per instruction or
// per call. Turning it on instruments the code objects of the VM: each one
// switches to a second instruction array (built once, from the compiler's
// unfused instructions) in which the instructions where an event may occur
// are replaced by opTrace, which keeps their argument. Those are the first
// instruction (the call event), the first instruction of every line and
// every jump target (line events, also after a backward jump), and
// RETURN_VALUE (the return event). opTrace reports the event and then runs
// the original instruction. Both arrays have the same layout, so a frame
// may switch between them at any instruction; turning tracing off puts the
// plain arrays back. Exception events are reported by the unwinding code
// (the slow path of an exception), under the VM's tracing flag.
//
// The VM finds its code objects through the module and exec() codes it ran
// (weak references: codeRoots) and the constants that nest the others.
//
// Differences from CPython: C functions make no c_call/c_return events for
// the profiler; a resumed generator gets no second call event; a trace
// function's writes to f_locals do not change the frame's variables.

// opTrace is the instrumented form of an instruction (above the
// superinstructions, superinstr.go).
const opTrace compiler.Opcode = 255

// traceState is the VM's trace and profile functions.
type traceState struct {
	trace, profile Value // the functions (zero: none)
	on             bool  // either is set: codes are instrumented
	roots          []weak.Pointer[Code]
	rootsAtCompact int
}

// registerCode records a module-level code object the VM runs, so that
// tracing can instrument it and the code it nests.
func (vm *VM) registerCode(code *Code) {
	ts := &vm.trace
	ts.roots = append(ts.roots, weak.Make(code))
	if len(ts.roots) > 2*ts.rootsAtCompact+64 {
		ts.roots = compactWeak(ts.roots)
		ts.rootsAtCompact = len(ts.roots)
	}
	if ts.on {
		code.instrument(true, map[*Code]bool{})
	}
}

// instrument switches code (and the code objects among its constants) to
// the traced instructions, or back.
func (code *Code) instrument(on bool, seen map[*Code]bool) {
	if seen[code] {
		return
	}
	seen[code] = true
	if on {
		if code.traced == nil {
			code.plain = code.instrs
			code.traced = tracedInstrs(code.Code, code.unfused)
		}
		code.instrs = code.traced
	} else if code.plain != nil {
		code.instrs = code.plain
	}
	for _, k := range code.consts {
		if co, ok := k.o.(*CodeObject); ok {
			co.code.instrument(on, seen)
		}
	}
}

// tracedInstrs builds the instrumented instructions of c from unfused
// (c's instructions as the VM runs them without superinstructions).
func tracedInstrs(c *compiler.Code, unfused []compiler.Instr) []compiler.Instr {
	out := append([]compiler.Instr(nil), unfused...)
	mark := make([]bool, len(out))
	if len(out) > 0 {
		mark[0] = true
	}
	prev := -1
	for _, e := range c.Lines {
		if e.Line != prev && e.PC < len(out) {
			mark[e.PC] = true
		}
		prev = e.Line
	}
	for _, ins := range c.Instrs {
		switch ins.Op() {
		case compiler.JUMP, compiler.POP_JUMP_IF_FALSE, compiler.POP_JUMP_IF_TRUE, compiler.JUMP_IF_FALSE_OR_POP,
			compiler.JUMP_IF_TRUE_OR_POP, compiler.POP_JUMP_IF_NONE, compiler.POP_JUMP_IF_NOT_NONE, compiler.FOR_ITER:
			if t := ins.Arg(); t < len(out) {
				mark[t] = true
			}
		}
	}
	for i, ins := range c.Instrs {
		switch ins.Op() {
		case compiler.CALL, compiler.CALL_FUNCTION_EX:
			// the profile's c_call before a call, c_return after it
			mark[i] = true
			if i+1 < len(out) {
				mark[i+1] = true
			}
		}
	}
	for i, ins := range c.Instrs {
		if ins.Op() == compiler.RETURN_VALUE {
			mark[i] = true
		}
		switch ins.Op() {
		case compiler.SEND:
			// the delegation path reads it back
			mark[i] = false
		case compiler.JUMP:
			// a jump the compiler adds at the end of a block carries the
			// line of the statement heading it (a loop's jump back, the
			// jump over the handlers of a try): no line event there (a
			// loop's is reported at its target)
			if i > 0 && c.Instrs[i-1].Op() != compiler.YIELD_VALUE {
				if t := ins.Arg(); t < i && lineOf(c, t) == lineOf(c, i) || lineOf(c, i) < lineOf(c, i-1) {
					mark[i] = false
				}
			}
		case compiler.POP_EXCEPT:
			mark[i] = false // the end of an except block, under the except line
		case compiler.YIELD_VALUE:
			// the return event of a yield; the instruction after it is
			// where the generator resumes (a call event)
			mark[i] = true
			if i+1 < len(out) {
				mark[i+1] = true
			}
		}
		if mark[i] {
			out[i] = compiler.MakeInstr(opTrace, ins.Arg())
		}
	}
	return out
}

func lineOf(c *compiler.Code, pc int) int {
	l, _ := c.LineFor(pc)
	return l
}

// setTracing instruments or restores every code object the VM knows.
func (vm *VM) setTracing(t *Thread, on bool) {
	ts := &vm.trace
	if ts.on == on {
		return
	}
	ts.on = on
	seen := map[*Code]bool{}
	for _, w := range ts.roots {
		if c := w.Value(); c != nil {
			c.instrument(on, seen)
		}
	}
	// codes of frames running now (generators' frames among them are
	// reached through their module's constants)
	if t != nil {
		for _, f := range t.frames {
			f.code.instrument(on, seen)
		}
	}
}

// SetTrace sets the trace function (sys.settrace); None or the zero Value
// removes it.
func (vm *VM) SetTrace(t *Thread, fn Value) {
	if fn.IsNone() {
		fn = Value{}
	}
	vm.trace.trace = fn
	vm.setTracing(t, vm.trace.trace.o != nil || vm.trace.profile.o != nil)
}

// SetProfile sets the profile function (sys.setprofile).
func (vm *VM) SetProfile(t *Thread, fn Value) {
	if fn.IsNone() {
		fn = Value{}
	}
	vm.trace.profile = fn
	vm.setTracing(t, vm.trace.trace.o != nil || vm.trace.profile.o != nil)
}

// Trace returns the trace function (None when there is none).
func (vm *VM) Trace() Value {
	if vm.trace.trace.o == nil {
		return None
	}
	return vm.trace.trace
}

// Profile returns the profile function (None when there is none).
func (vm *VM) Profile() Value {
	if vm.trace.profile.o == nil {
		return None
	}
	return vm.trace.profile
}

// traceFrame returns the frame object of f (the top frame), made fresh at
// a call event so that a pooled record's earlier call leaves no trace
// function behind.
func (t *Thread) traceFrame(f *Frame, fresh bool) *FrameObject {
	if fresh && t.vm.frameObjs != nil {
		delete(t.vm.frameObjs, f)
	}
	depth := 0
	for i := len(t.frames) - 1; i >= 0 && t.frames[i] != f; i-- {
		depth++
	}
	return t.FrameAt(depth)
}

// callTracer calls a trace or profile function with (frame, event, arg).
func (t *Thread) callTracer(fn Value, fo *FrameObject, event string, arg Value) (Value, error) {
	t.tracing = true
	defer func() { t.tracing = false }()
	if arg.o == nil {
		arg = None
	}
	// f_locals read during the call is one snapshot dict; what the trace
	// function stores in it reaches the frame afterwards (CPython's
	// PyFrame_LocalsToFast after the trace call)
	fo.locals, fo.inTrace, fo.traceEvent = nil, true, event
	what := t.traceWhat
	t.traceWhat = traceKindOf(event)
	r, err := t.Call(fn, []Value{{o: fo}, Str(event), arg}, nil)
	t.traceWhat = what
	fo.inTrace, fo.traceEvent = false, ""
	if fo.locals != nil && fo.isLive() {
		fo.live.storeLocals(fo.locals)
	}
	return r, err
}

// storeLocals writes a snapshot of a function frame's locals (frameLocals)
// back into its slots: changed values are stored, removed names unbound.
func (f *Frame) storeLocals(d *Dict) {
	if f.fn == nil || f.locals != nil {
		return // module and class frames: f_locals is the namespace itself
	}
	for i := range f.code.nslots() {
		if i < f.code.nregs && i >= len(f.regs) {
			continue
		}
		name := f.code.SlotName(i)
		cur := f.slot(i)
		cell, isCell := cur.o.(*Cell)
		if isCell && i >= len(f.code.VarNames) {
			cur = cell.v
		} else {
			isCell = false
		}
		nv, ok := d.GetStr(name)
		if !ok {
			nv = Value{}
		}
		if Is(nv, cur) && (nv.o == nil) == (cur.o == nil) {
			continue
		}
		if isCell {
			cell.v = nv
		} else if i < f.code.nregs {
			f.regs[i] = nv
		}
	}
}

// traceEvent reports event for frame f to the profile function and to the
// trace function: the global one for a call event (its result becomes the
// frame's f_trace), the frame's f_trace otherwise. An error from the trace
// function turns tracing off and is raised.
func (t *Thread) traceEvent(f *Frame, fo *FrameObject, event string, arg Value) error {
	vm := t.vm
	if p := vm.trace.profile; p.o != nil && (event == "call" || event == "return") {
		if _, err := t.callTracer(p, fo, event, arg); err != nil {
			vm.SetProfile(t, Value{})
			return err
		}
	}
	fn := fo.trace
	if event == "call" {
		fn = vm.trace.trace
	}
	if fn.o == nil || fn.IsNone() {
		return nil
	}
	r, err := t.callTracer(fn, fo, event, arg)
	if err != nil {
		vm.SetTrace(t, Value{})
		fo.trace = Value{}
		return err
	}
	if !r.IsNone() {
		fo.trace = r
	}
	return nil
}

// traceInstr is opTrace: the events due before the instruction at pc of
// the top frame f (whose pc and sp are saved), with the value stack top.
// When the trace function jumped (assigned f_lineno in a line event), it
// returns the instruction to go on with (f.sp is then the new depth);
// otherwise -1.
func (t *Thread) traceInstr(f *Frame, pc int, top Value) (int, error) {
	err := t.traceEvents(f, pc, top)
	if err != nil {
		return -1, err
	}
	if fo := t.vm.frameObjs[f]; fo != nil && fo.jumpTo > 0 {
		to := fo.jumpTo - 1
		fo.jumpTo = 0
		if fo.code == f.code {
			fo.applyJump(f, to)
			return to, nil
		}
	}
	return -1, nil
}

// traceEvents reports the events due before the instruction at pc of f.
func (t *Thread) traceEvents(f *Frame, pc int, top Value) error {
	if t.tracing || !t.vm.trace.on {
		return nil
	}
	code := f.code
	op := code.Code.Instrs[pc].Op()
	if pc == 0 && f.flags&flagTraced == 0 {
		f.flags |= flagTraced
		fo := t.traceFrame(f, true)
		fo.traceLine, fo.tracePC = 0, -1
		fo.callLine = code.FirstLine
		err := t.traceEvent(f, fo, "call", None)
		fo.callLine = 0
		if err != nil {
			return err
		}
	}
	if pc > 0 && code.Code.Instrs[pc-1].Op() == compiler.YIELD_VALUE {
		// a generator or coroutine resumes: a call event
		f.flags |= flagTraced
		fo := t.traceFrame(f, false)
		fo.traceLine, fo.tracePC = lineOf(code.Code, pc), pc
		fo.trace = Value{}
		return t.traceEvent(f, fo, "call", None)
	}
	if t.vm.trace.profile.o != nil {
		if err := t.profileCCall(f, pc, op); err != nil {
			return err
		}
	}
	if f.flags&flagTraced == 0 {
		return nil // a frame that was running when tracing started
	}
	fo := t.traceFrame(f, false)
	switch op {
	case compiler.RETURN_VALUE, compiler.YIELD_VALUE:
		return t.traceEvent(f, fo, "return", top)
	}
	if fo.trace.o == nil || fo.trace.IsNone() {
		fo.tracePC = pc
		return nil
	}
	line, _ := code.LineFor(pc)
	fire := line != fo.traceLine || pc <= fo.tracePC
	fo.tracePC = pc
	if !fire || line <= 0 {
		return nil
	}
	fo.traceLine = line
	return t.traceEvent(f, fo, "line", None)
}

// traceException reports an exception raised in (or passing through) the
// top frame f: the exception event with (type, value, traceback).
func (t *Thread) traceException(f *Frame, exc *Exception) error {
	if t.tracing || isAbortExc(exc) {
		return nil
	}
	if fo := t.vm.frameObjs[f]; fo != nil && fo.cCallee.o != nil {
		callee := fo.cCallee
		fo.cCallee = Value{}
		if p := t.vm.trace.profile; p.o != nil {
			if _, err := t.callTracer(p, fo, "c_exception", callee); err != nil {
				t.vm.SetProfile(t, Value{})
				return err
			}
		}
	}
	if f.flags&flagTraced == 0 {
		return nil
	}
	fo := t.traceFrame(f, false)
	if fo.trace.o == nil || fo.trace.IsNone() {
		return nil
	}
	arg := NewTuple([]Value{{o: exc.cls}, {o: exc}, exc.tracebackValue()})
	return t.traceEvent(f, fo, "exception", arg)
}

// traceUnwind reports the return event (with None) of the top frame f,
// left by an exception.
func (t *Thread) traceUnwind(f *Frame) error {
	if t.tracing || f.flags&flagTraced == 0 {
		return nil
	}
	return t.traceEvent(f, t.traceFrame(f, false), "return", None)
}

// profileCCall reports the profile function's c_call event before a call
// of a builtin at pc of frame f, and its c_return at the instruction after
// it (an exception out of the builtin is c_exception, in traceException).
// CPython reports them for builtin functions and methods, not for types.
func (t *Thread) profileCCall(f *Frame, pc int, op compiler.Opcode) error {
	if fo := t.vm.frameObjs[f]; fo != nil && fo.cCallee.o != nil && pc == fo.cCallPC+1 {
		callee := fo.cCallee
		fo.cCallee = Value{}
		return t.callProfile(fo, "c_return", callee)
	}
	var callee Value
	switch op {
	case compiler.CALL:
		n := int(f.code.Code.Instrs[pc].Arg())
		base := f.sp - n - 2
		if base < f.code.nregs {
			return nil
		}
		if m, ok := f.regs[base].o.(*BuiltinMethod); ok && m.kind == methodInstance {
			callee = Value{o: &BoundMethod{fn: f.regs[base], self: f.regs[base+1]}}
		} else if f.regs[base].o == nil {
			callee = f.regs[base+1]
			if m, ok := callee.o.(*BuiltinMethod); ok && m.kind == methodInstance && n > 0 {
				// str.lower("AB"): reported bound to its first argument
				callee = Value{o: &BoundMethod{fn: callee, self: f.regs[base+2]}}
			}
		}
	case compiler.CALL_FUNCTION_EX:
		callee = f.regs[f.sp-2-int(f.code.Code.Instrs[pc].Arg()&1)]
	default:
		return nil
	}
	switch c := callee.o.(type) {
	case *Builtin:
	case *BoundMethod:
		if _, ok := c.fn.o.(*BuiltinMethod); !ok {
			return nil
		}
	default:
		return nil
	}
	fo := t.traceFrame(f, false)
	fo.cCallee, fo.cCallPC = callee, pc
	return t.callProfile(fo, "c_call", callee)
}

// callProfile calls the profile function with a c_* event; an error from
// it turns profiling off and is raised.
func (t *Thread) callProfile(fo *FrameObject, event string, arg Value) error {
	p := t.vm.trace.profile
	if p.o == nil {
		return nil
	}
	if _, err := t.callTracer(p, fo, event, arg); err != nil {
		t.vm.SetProfile(t, Value{})
		return err
	}
	return nil
}
