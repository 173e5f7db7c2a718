package vm

import (
	"strings"
	"weak"

	"github.com/pyasync/pyasync/compiler"
)

// Frame is the activation record of one running code object. Frames live on
// the heap (never on the Go stack): plain calls reuse records pooled by the
// Thread, generator and coroutine frames belong to their generator object.
type Frame struct {
	code    *Code
	fn      *Function
	globals *Dict
	locals  *Dict // the namespace of class bodies (LOAD_NAME/STORE_NAME); nil otherwise
	// (a local namespace that is not an exact dict is in the pooled
	// record: Frame.nsMap)
	regs []Value
	pc   int
	sp   int
	// handled is the exception being handled by an except/finally block of
	// this frame (what sys.exc_info() and a bare raise see).
	handled *Exception
	flags   frameFlags
	// epoch counts the calls of a pooled record that caught an exception,
	// so that a traceback entry made in an earlier call is not mistaken
	// for the running one (fits in the padding after flags)
	epoch uint32
	// delegate is the generator this frame is delegating to in a SEND
	// (yield from / await) whose frame sits above it on the thread.
	delegate *Generator
}

// pooledFrame is the record of a plain call, reused by depth. The fields
// only plain frames need live here, so that generator frames stay small.
type pooledFrame struct {
	Frame
	// arenaMark restores the thread's register arena when the frame pops.
	arenaMark arenaMark
	// regsAt is where in the arena Frame.regs starts (chunk and offset):
	// a call at the same place with the same frame size keeps the slice
	// (pushExact).
	regsAt arenaMark
	// initSelf, when flagInit is set, is the instance an inlined __init__
	// call returns instead of its own result.
	initSelf Value
	// caught, when flagCaught is set, lists the exceptions the call
	// caught: when the call returns, each one's traceback entry for this
	// frame keeps the final registers (caughtGone). The references are
	// weak, so that a call catching in a long loop holds none of the
	// exceptions it dropped (noteCaught compacts the list). The backing
	// array stays with the record for its next calls.
	caught []weak.Pointer[Exception]
	// localsMap is a local namespace that is not an exact dict
	// (namespace.go); f.locals is nil then. Only module-level code and
	// class bodies have one, and they run as plain calls: coroutine
	// frames do without the field.
	localsMap Value
}

type frameFlags uint16

const (
	// flagEntry: the frame was pushed by Go code running a nested interpreter
	// loop; when it returns or yields, run returns to that Go code.
	flagEntry frameFlags = 1 << iota
	// flagDelegated: the frame was pushed by a SEND in the frame below.
	flagDelegated
	// flagInit: an __init__ called for object construction.
	flagInit
	// flagPooled: the record belongs to the thread's pool.
	flagPooled
	// flagInlineCoro: a coroutine awaited at once by "await f(...)", run
	// as a pooled frame with no coroutine object (inline_await.go).
	flagInlineCoro
	// flagTraced: the frame started under sys.settrace/setprofile (its call
	// event was reported; trace.go).
	flagTraced
	// flagFrameObj: a frame object was made for the frame (FrameAt); when a
	// plain frame pops, the object keeps its final locals.
	flagFrameObj
	// flagCaught: a pooled frame caught an exception (pooledFrame.caught),
	// whose traceback's tb_frame must outlive the call (caughtGone).
	flagCaught
	// flagGen: the frame is a generator's, which sits right before it in
	// one allocation (Frame.generator).
	flagGen
	// flagIterated: a generator's frame pushed by a FOR_ITER of the frame
	// below (gen_foriter.go): it yields and returns to that loop.
	flagIterated
)

// Code returns the code object of the frame.
func (f *Frame) Code() *Code { return f.code }

// Line returns the current source line.
func (f *Frame) Line() int {
	pc := f.pc - 1
	if pc < 0 {
		pc = 0
	}
	line, _ := f.code.LineFor(pc)
	return line
}

func (f *Frame) traceEntry() TraceEntry {
	line, col, endLine, endCol := f.code.SpanFor(max(f.pc-1, 0))
	return TraceEntry{Filename: f.code.Filename, Line: line, Name: f.code.Name, Col: col, EndLine: endLine, EndCol: endCol,
		code: f.code, globals: f.globals, lasti: f.pc - 1, frame: f, epoch: f.epoch}
}

type arenaMark struct{ chunk, top int }

// arena is a thread's stack of registers for plain (non-generator) frames. It
// grows by adding chunks, so slices handed to frames stay valid.
type arena struct {
	// pool holds the frame records of plain calls, by depth.
	pool   []*pooledFrame
	chunks [][]Value
	chunk  int
	top    int
}

// minArenaChunk is the first chunk's size: small, because every task has its
// own thread and most tasks never call a plain function.
const minArenaChunk = 32

func (a *arena) alloc(n int) ([]Value, arenaMark) {
	m := arenaMark{a.chunk, a.top}
	if len(a.chunks) == 0 {
		a.chunks = append(a.chunks, make([]Value, max(minArenaChunk, n)))
	}
	if a.top+n > len(a.chunks[a.chunk]) {
		a.chunk++
		if a.chunk == len(a.chunks) {
			size := max(2*len(a.chunks[a.chunk-1]), n)
			a.chunks = append(a.chunks, make([]Value, size))
		} else if len(a.chunks[a.chunk]) < n {
			a.chunks[a.chunk] = make([]Value, max(2*len(a.chunks[a.chunk]), n))
			// no record may keep registers of the chunk replaced
			for _, pf := range a.pool {
				if pf != nil && pf.regsAt.chunk == a.chunk {
					pf.regsAt = arenaMark{-1, -1}
				}
			}
		}
		a.top = 0
	}
	r := a.chunks[a.chunk][a.top : a.top+n : a.top+n]
	a.top += n
	return r, m
}

func (a *arena) release(m arenaMark, regs []Value) {
	clearRegs(regs)
	a.chunk, a.top = m.chunk, m.top
}

// Thread is a stack of frames executing on one goroutine: the main program,
// or one asyncio task. Its methods are the Go API for operating on values,
// since any operation may call back into script code.
type Thread struct {
	vm     *VM
	frames []*Frame
	// arena (with the frame pool) is made on the first plain call: most
	// tasks never make one, and a task's Thread should stay small.
	arena *arena
	// depth counts nested Go-level interpreter loops (builtins calling back
	// into script code), which count towards the recursion limit.
	goDepth int32
	// persistent threads (tasks) keep their frames when the bottom frame
	// yields; the task resumes them in place.
	persistent bool
	// helper marks a thread run on a helper goroutine (to_thread, a
	// threading.Thread): signal handlers never run there.
	helper bool
	// tracing is set while a trace or profile function runs (no events
	// are reported for its own frames).
	tracing bool
	// traceWhat is the event being reported to a trace or profile
	// function (traceNoEvent outside one: CPython's initial 'call');
	// f_lineno's setter checks it, as CPython checks the thread's,
	// whatever frame it is called for. A byte, so that a task stays in
	// its size class (TestTaskLayoutSizes).
	traceWhat traceEventKind
}

// ar returns the thread's register arena, making it on first use.
func (t *Thread) ar() *arena {
	if t.arena == nil {
		if n := len(t.vm.spareArenas); n > 0 {
			t.arena = t.vm.spareArenas[n-1]
			t.vm.spareArenas[n-1] = nil
			t.vm.spareArenas = t.vm.spareArenas[:n-1]
		} else {
			t.arena = &arena{}
		}
	}
	return t.arena
}

// maxSpareArenas bounds the VM's spare arenas (beyond, they are dropped).
const maxSpareArenas = 64

// parkArena gives the thread's arena to the VM's spares when no plain
// frame of the thread is live (a task suspended in its coroutine frames,
// or finished): 10,000 tasks waiting on a read then hold no registers or
// frame records of calls they made earlier.
func (t *Thread) parkArena() {
	a := t.arena
	if a == nil || a.chunk != 0 || a.top != 0 {
		return
	}
	for _, f := range t.frames {
		if f.flags&flagPooled != 0 {
			return
		}
	}
	t.arena = nil
	// popped plain frames stay in the slice's spare capacity (popFrame
	// leaves them): they would keep the arena alive
	clear(t.frames[len(t.frames):cap(t.frames)])
	if len(t.vm.spareArenas) < maxSpareArenas {
		t.vm.spareArenas = append(t.vm.spareArenas, a)
	}
}

// VM returns the thread's VM.
func (t *Thread) VM() *VM { return t.vm }

// NewThread makes a thread for running code on vm (one per task).
func (vm *VM) NewThread() *Thread {
	return &Thread{vm: vm}
}

func (t *Thread) top() *Frame { return t.frames[len(t.frames)-1] }

// newFrame returns a pooled frame record for a plain call at the current depth.
func (t *Thread) newFrame(code *Code) *Frame {
	d := len(t.frames)
	a := t.ar()
	var pf *pooledFrame
	if d < len(a.pool) {
		pf = a.pool[d]
	} else {
		pf = &pooledFrame{}
		for len(a.pool) < d {
			a.pool = append(a.pool, nil)
		}
		a.pool = append(a.pool, pf)
	}
	if pf == nil {
		pf = &pooledFrame{}
		a.pool[d] = pf
	}
	f := &pf.Frame
	f.code = code
	f.regs, pf.arenaMark = a.alloc(code.frameSize)
	pf.regsAt = arenaMark{a.chunk, a.top - code.frameSize}
	f.pc = 0
	f.sp = code.nregs
	f.flags = flagPooled
	f.handled = nil
	f.locals = nil
	pf.localsMap = Value{}
	return f
}

// popFrame removes the top frame, releasing a pooled frame's registers.
func (t *Thread) popFrame() {
	n := len(t.frames) - 1
	f := t.frames[n]
	t.frames = t.frames[:n]
	if f.flags&flagInit != 0 {
		t.vm.cDepth-- // the class call's charge (interp.go's inline __init__)
	}
	if f.flags&(flagFrameObj|flagCaught) != 0 && f.flags&flagGen == 0 {
		if f.flags&flagCaught != 0 {
			t.caughtGone(f, t.arena.pool[n])
		}
		t.frameObjGone(f)
	}
	if f.flags&flagPooled != 0 {
		// the record stays in the pool (and its registers in the arena), so
		// neither pointer needs clearing; the registers are cleared for reuse
		pf := t.arena.pool[n]
		t.arena.release(pf.arenaMark, f.regs)
		if f.flags&flagInit != 0 {
			pf.initSelf = Value{}
		}
		return
	}
	t.frames[:n+1][n] = nil
}

// maxGoDepth bounds the nesting of Go-level calls (builtins calling back
// into script code, dunder methods of builtin types calling each other), so
// that a deep native recursion raises RecursionError instead of
// overflowing the Go stack. Script frames count against the recursion
// limit (as CPython's Python frames do); Go nesting only against this.
const maxGoDepth = 20000

func (t *Thread) pushFrame(f *Frame) error {
	if len(t.frames)+t.vm.cDepth >= t.vm.recursionLimit || t.goDepth >= maxGoDepth {
		if f.flags&flagPooled != 0 {
			t.dropFrame(f)
		}
		return Errorf(RecursionError, "maximum recursion depth exceeded")
	}
	if t.vm.brk.ticks--; t.vm.brk.ticks < 0 {
		if err := t.vm.breakerSlow(t); err != nil {
			if f.flags&flagPooled != 0 {
				t.dropFrame(f)
			}
			return err
		}
	}
	t.frames = append(t.frames, f)
	return nil
}

// dropFrame releases a pooled frame made by newFrame that was never pushed.
func (t *Thread) dropFrame(f *Frame) {
	t.arena.release(t.arena.pool[len(t.frames)].arenaMark, f.regs)
	f.regs = nil
}

// handledException returns the exception currently being handled, looking
// down the frame stack (sys.exc_info()).
func (t *Thread) handledException() *Exception {
	for i := len(t.frames) - 1; i >= 0; i-- {
		if h := t.frames[i].handled; h != nil {
			return h
		}
	}
	return nil
}

// CurrentFrame returns the innermost frame, or nil.
func (t *Thread) CurrentFrame() *Frame {
	if len(t.frames) == 0 {
		return nil
	}
	return t.top()
}

// bindArgs fills a new frame's parameter slots from a call's arguments.
// self, when valid, is the first positional argument.
func (t *Thread) bindArgs(fn *Function, regs []Value, self Value, args []Value, kwnames []string) error {
	code := fn.code
	npos := len(args) - len(kwnames)
	argc := code.ArgCount
	hasSelf := 0
	if self.o != nil {
		hasSelf = 1
	}
	total := npos + hasSelf
	if code.simple && len(kwnames) == 0 && total == argc {
		if hasSelf == 1 {
			regs[0] = self
			copy(regs[1:], args)
		} else {
			copy(regs, args[:npos])
		}
		return nil
	}
	if ndef := len(fn.defaults); code.simple && len(kwnames) == 0 && total < argc && total >= argc-ndef {
		// positional arguments that only need defaults filled (deepcopy's
		// memo=None, _nil=[]): no keyword matching, no argument slice
		if hasSelf == 1 {
			regs[0] = self
			copy(regs[1:], args)
		} else {
			copy(regs, args)
		}
		copy(regs[total:argc], fn.defaults[total-(argc-ndef):])
		return nil
	}
	return t.bindArgsSlow(fn, regs, self, hasSelf, args, kwnames)
}

func (t *Thread) bindArgsSlow(fn *Function, regs []Value, self Value, hasSelf int, args []Value, kwnames []string) error {
	code := fn.code
	npos := len(args) - len(kwnames)
	argc := code.ArgCount
	kwonly := code.KwOnlyCount
	varargs := code.Flags&compiler.FlagVarArgs != 0
	varkw := code.Flags&compiler.FlagVarKw != 0
	name := fn.qualname

	// positional: self (when bound) and args[:npos], straight into the
	// registers; those beyond argc go to *args
	total := npos + hasSelf
	if total > argc && !varargs {
		return tooManyPositional(fn, total, kwnames)
	}
	if hasSelf == 1 && argc > 0 {
		regs[0] = self
	}
	if argc > hasSelf {
		copy(regs[hasSelf:argc], args[:npos])
	}
	slot := argc + kwonly
	if varargs {
		var extra []Value
		if total > argc {
			extra = make([]Value, 0, total-argc)
			if hasSelf == 1 && argc == 0 {
				extra = append(extra, self)
			}
			extra = append(extra, args[max(argc-hasSelf, 0):npos]...)
		}
		regs[slot] = NewTuple(extra)
		slot++
	}
	var kwdict *Dict
	if varkw {
		kwdict = NewDict()
		regs[slot] = Value{o: kwdict}
	}
	// keywords
	for i, kw := range kwnames {
		v := args[npos+i]
		found := -1
		for j := code.PosOnlyCount; j < argc+kwonly; j++ {
			if code.VarNames[j] == kw {
				found = j
				break
			}
		}
		if found < 0 {
			if kwdict != nil {
				kwdict.SetStr(kw, v)
				continue
			}
			var posonly []string
			for _, k := range kwnames {
				for j := 0; j < code.PosOnlyCount; j++ {
					if code.VarNames[j] == k {
						posonly = append(posonly, k)
					}
				}
			}
			if posonly != nil {
				return Errorf(TypeError, "%s() got some positional-only arguments passed as keyword arguments: '%s'", name, strings.Join(posonly, ", "))
			}
			return Errorf(TypeError, "%s() got an unexpected keyword argument '%s'", name, kw)
		}
		if regs[found].o != nil {
			return Errorf(TypeError, "%s() got multiple values for argument '%s'", name, kw)
		}
		regs[found] = v
	}
	// defaults for positional parameters
	ndef := len(fn.defaults)
	var missing []string
	for j := 0; j < argc; j++ {
		if regs[j].o != nil {
			continue
		}
		if d := j - (argc - ndef); d >= 0 {
			regs[j] = fn.defaults[d]
		} else {
			missing = append(missing, code.VarNames[j])
		}
	}
	if missing != nil {
		return missingArgs(name, "positional", missing)
	}
	for j := argc; j < argc+kwonly; j++ {
		if regs[j].o != nil {
			continue
		}
		if fn.kwdefaults != nil {
			if v, ok := fn.kwdefaults.GetStr(code.VarNames[j]); ok {
				regs[j] = v
				continue
			}
		}
		missing = append(missing, code.VarNames[j])
	}
	if missing != nil {
		return missingArgs(name, "keyword-only", missing)
	}
	return nil
}

func tooManyPositional(fn *Function, given int, kwnames []string) error {
	code := fn.code
	kwGiven := 0
	for _, k := range kwnames {
		for j := code.ArgCount; j < code.ArgCount+code.KwOnlyCount; j++ {
			if code.VarNames[j] == k {
				kwGiven++
			}
		}
	}
	argc := code.ArgCount
	ndef := len(fn.defaults)
	takes := ""
	if ndef > 0 {
		takes = sprintf("from %d to %d positional arguments", argc-ndef, argc)
	} else if argc == 1 {
		takes = "1 positional argument"
	} else {
		takes = sprintf("%d positional arguments", argc)
	}
	was := "were"
	if given == 1 {
		was = "was"
	}
	if kwGiven > 0 {
		s := "s"
		if kwGiven == 1 {
			s = ""
		}
		ps := "s"
		if given == 1 {
			ps = ""
		}
		return Errorf(TypeError, "%s() takes %s but %d positional argument%s (and %d keyword-only argument%s) were given", fn.qualname, takes, given, ps, kwGiven, s)
	}
	return Errorf(TypeError, "%s() takes %s but %d %s given", fn.qualname, takes, given, was)
}

func missingArgs(name, kind string, missing []string) error {
	quoted := make([]string, len(missing))
	for i, m := range missing {
		quoted[i] = "'" + m + "'"
	}
	list := ""
	switch len(quoted) {
	case 1:
		list = quoted[0]
	case 2:
		list = quoted[0] + " and " + quoted[1]
	default:
		for i, q := range quoted {
			if i == len(quoted)-1 {
				list += "and " + q
			} else {
				list += q + ", "
			}
		}
	}
	s := "s"
	if len(missing) == 1 {
		s = ""
	}
	return Errorf(TypeError, "%s() missing %d required %s argument%s: %s", name, len(missing), kind, s, list)
}

// setupFrame prepares a frame for fn: binds arguments. (Free variables
// are read from fn's closure: free.go.)
func (t *Thread) setupFrame(f *Frame, fn *Function, self Value, args []Value, kwnames []string) error {
	f.fn = fn
	f.globals = fn.globals
	return t.bindArgs(fn, f.regs, self, args, kwnames)
}
