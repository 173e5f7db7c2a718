package vm

import (
	"fmt"
	"weak"

	"github.com/pyasync/pyasync/compiler"
)

// Frame objects (sys._getframe, generator gi_frame, traceback tb_frame,
// the frames handed to trace functions) and traceback objects.
//
// A FrameObject describes a frame at the moment it was asked for: its code,
// globals, line and caller. While the frame is still running, f_locals and
// f_lineno read the live frame; once it has returned they give what was
// last seen (pooled frame records are reused, so a FrameObject checks that
// its record still runs its code before reading it).

// FrameObject is a frame as scripts see it.
type FrameObject struct {
	code    *Code
	globals *Dict
	live    *Frame // the running frame, or nil
	thread  *Thread
	line    int
	lasti   int
	back    *FrameObject
	locals  *Dict // last f_locals snapshot
	// inTrace: a trace function is running with this frame; f_locals
	// returns one snapshot for the whole call (written back after it)
	inTrace bool
	// traceEvent is the event being reported while inTrace
	traceEvent string
	trace      Value // f_trace
	// the trace state (trace.go): last line reported and last traced pc;
	// callLine is f_lineno during the call event (the def line).
	traceLine, tracePC, callLine int
	// cCallee is the builtin whose c_call event was reported to the
	// profile function at pc cCallPC, until its c_return or c_exception.
	cCallee Value
	cCallPC int
	// jumpTo is 1 + the instruction a trace function's f_lineno
	// assignment jumps to, after the line event (0: none), and jumpPops
	// the kinds of the stack entries the jump pops (tracejump.go).
	jumpTo   int
	jumpPops []compiler.StackKind
	// snap holds the final registers of a returned call that caught
	// exceptions (caughtGone), until f_locals builds the dict from them.
	snap []Value
}

// Type implements Object.
func (*FrameObject) Type() *Type { return FrameObjectType }

// FrameObjectType is the type of frame objects (types.FrameType).
var FrameObjectType = newBuiltinType("frame", ObjectType)

// TracebackObject is a traceback entry of an exception (its __traceback__
// and the tb_next chain): index counts from the outermost entry.
type TracebackObject struct {
	exc *Exception
	// tr is the exception's traceback when the object was made: raising
	// the exception again (which appends to or replaces e.Traceback) does
	// not change what an object already handed out describes, as CPython's
	// traceback objects stay as they were.
	tr    []TraceEntry
	index int
}

// Type implements Object.
func (*TracebackObject) Type() *Type { return TracebackType }

// TracebackType is the type of traceback objects.
var TracebackType = newBuiltinType("traceback", ObjectType)

// tracebackValue returns the exception's __traceback__ (a traceback object,
// or None).
func (e *Exception) tracebackValue() Value {
	return e.tracebackAt(0)
}

func (e *Exception) tracebackAt(i int) Value {
	n := len(e.Traceback)
	if i >= n {
		return None
	}
	m := e.setMore()
	if len(m.tbObjs) != n {
		m.tbObjs = make([]*TracebackObject, n)
	}
	if m.tbObjs[i] == nil {
		m.tbObjs[i] = &TracebackObject{exc: e, tr: e.Traceback, index: i}
	}
	return Value{o: m.tbObjs[i]}
}

// setTracebackValue makes tb (a traceback object or None) the exception's
// traceback, as assigning __traceback__ or with_traceback(tb) does: the
// entries of tb's chain, from tb to its innermost.
func (e *Exception) setTracebackValue(tb Value) error {
	var entries []TraceEntry
	switch x := tb.o.(type) {
	case *TracebackObject:
		entries = append([]TraceEntry(nil), x.tr[:len(x.tr)-x.index]...)
	default:
		if !tb.IsNone() {
			return Errorf(TypeError, "__traceback__ must be a traceback or None")
		}
	}
	e.Traceback = entries
	if e.rare != nil {
		e.rare.tbObjs = nil
	}
	return nil
}

// entry returns the TraceEntry of a traceback object.
func (tb *TracebackObject) entry() TraceEntry {
	return *tb.entryRef()
}

// entryRef returns the address of the object's TraceEntry (the frame
// object and locals made on demand are stored there).
func (tb *TracebackObject) entryRef() *TraceEntry {
	return &tb.tr[len(tb.tr)-1-tb.index]
}

// sibling returns the traceback object at index i of the same traceback
// (tb_next, the frame outside): the exception's own cached object while
// its traceback is still the one tb describes, else a new one.
func (tb *TracebackObject) sibling(i int) Value {
	if i < 0 || i >= len(tb.tr) {
		return None
	}
	cur := tb.exc.Traceback
	if len(cur) == len(tb.tr) && len(cur) > 0 && &cur[0] == &tb.tr[0] {
		return tb.exc.tracebackAt(i)
	}
	return Value{o: &TracebackObject{exc: tb.exc, tr: tb.tr, index: i}}
}

// isLive reports whether the frame object's record still runs its frame.
func (fo *FrameObject) isLive() bool {
	if fo.live == nil || fo.live.code != fo.code {
		return false
	}
	if g := fo.live.generator(); g != nil {
		return !g.finished
	}
	if fo.thread == nil {
		return false
	}
	for _, f := range fo.thread.frames {
		if f == fo.live {
			return true
		}
	}
	return false
}

// newFrameObject describes frame f of thread t (back is its caller).
func newFrameObject(t *Thread, f *Frame, back *FrameObject) *FrameObject {
	return &FrameObject{code: f.code, globals: f.globals, live: f, thread: t, line: f.Line(), lasti: f.pc - 1, back: back}
}

// FrameAt returns the frame object depth levels below the innermost script
// frame of t (sys._getframe(depth)), or nil when the stack is not that deep.
func (t *Thread) FrameAt(depth int) *FrameObject {
	i := len(t.frames) - 1 - depth
	if i < 0 {
		return nil
	}
	if t.vm.frameObjs == nil {
		t.vm.frameObjs = map[*Frame]*FrameObject{}
	}
	var back *FrameObject
	for j := 0; j <= i; j++ {
		f := t.frames[j]
		fo := t.vm.frameObjs[f]
		if fo == nil || fo.code != f.code || fo.back != back {
			fo = newFrameObject(t, f, back)
			t.vm.frameObjs[f] = fo
			f.flags |= flagFrameObj
		}
		back = fo
	}
	return back
}

// frameObjGone is called when plain frame f, which has a frame object, pops:
// the object keeps the frame's final locals (as CPython's frame object
// outlives its call) and stops referring to the record.
func (t *Thread) frameObjGone(f *Frame) {
	fo := t.vm.frameObjs[f]
	if fo == nil || fo.code != f.code {
		return
	}
	delete(t.vm.frameObjs, f)
	if !fo.inTrace && f.fn != nil && f.locals == nil && f.nsMap() == nil {
		fo.locals = frameLocals(f)
	}
	fo.line, fo.lasti = f.Line(), f.pc-1
	fo.live = nil
}

// caughtGone is called when pooled frame f, which caught the exceptions
// of pf.caught, pops: their traceback entries for this call get one frame
// object, as CPython's tracebacks share the frame, which keeps the final
// line and registers (f_locals is built from them only when asked) and
// the caller's frame object as f_back; the record's epoch moves on so that older entries never see a later call.
func (t *Thread) caughtGone(f *Frame, pf *pooledFrame) {
	var fo *FrameObject
	for _, w := range pf.caught {
		exc := w.Value()
		if exc == nil {
			continue
		}
		for i := range exc.Traceback {
			e := &exc.Traceback[i]
			if e.frame != f || e.epoch != f.epoch || e.locals != nil || e.snap != nil || e.fo != nil {
				continue
			}
			if fo == nil {
				fo = t.vm.frameObjs[f]
				if fo == nil || fo.code != f.code {
					// (a frame object made by FrameAt keeps the locals
					// itself, in frameObjGone)
					fo = &FrameObject{code: f.code, globals: f.globals, line: f.Line(), lasti: f.pc - 1}
					if len(t.frames) > 0 {
						// f_back: the caller's frame object, which
						// then outlives its call too (frameObjGone)
						fo.back = t.FrameAt(0)
					}
					if f.fn != nil && f.locals == nil && f.nsMap() == nil {
						fo.snap = f.slots(false)
					} else {
						fo.locals = frameLocals(f)
					}
				}
			}
			e.fo = fo
		}
	}
	clear(pf.caught)
	pf.caught = pf.caught[:0]
	f.flags &^= flagCaught
	f.epoch++
}

// noteCaught records that the call of pooled frame pf caught exc
// (caughtGone). When the list is full, the exceptions already collected
// are dropped from it before it grows.
func (pf *pooledFrame) noteCaught(exc *Exception) {
	w := weak.Make(exc)
	if pf.flags&flagCaught != 0 && pf.caught[len(pf.caught)-1] == w {
		return
	}
	pf.flags |= flagCaught
	if len(pf.caught) == cap(pf.caught) && len(pf.caught) >= 8 {
		pf.caught = compactWeak(pf.caught)
	}
	pf.caught = append(pf.caught, w)
}

// keepLocals keeps the final locals of function frame f, which an
// exception is leaving, for tb_frame.f_locals: its registers, from which
// the dict is built only if asked (most tracebacks are never looked at).
// A finished generator's registers are its own and no longer change, so
// they are kept as they are; a plain frame's return to the arena and are
// copied.
func (e *TraceEntry) keepLocals(f *Frame) {
	if f.nsMap() != nil || e.code != f.code {
		e.locals = frameLocals(f)
		return
	}
	switch {
	case f.code.nslots() == 0:
		e.snap = noRegs
	default:
		// a finished generator's registers are its own: shared
		e.snap = f.slots(f.flags&flagGen != 0)
	}
}

// noRegs is the (non-nil) snapshot of a frame without locals.
var noRegs = []Value{}

// snapLocals builds the locals dict of code from registers kept by
// caughtGone, as frameLocals does for a live frame.
func snapLocals(code *Code, regs []Value) *Dict {
	d := NewDict()
	for i, v := range regs {
		if c, ok := v.o.(*Cell); ok && i >= len(code.VarNames) {
			v = c.v
		}
		if v.o != nil {
			d.SetStr(code.SlotName(i), v)
		}
	}
	return d
}

func frameObjSelf(v Value) *FrameObject { return v.o.(*FrameObject) }

func (fo *FrameObject) lineno() int {
	if fo.callLine > 0 {
		return fo.callLine
	}
	if fo.isLive() {
		if fo.live.pc == 0 {
			return fo.code.FirstLine // a generator not started yet
		}
		return fo.live.Line()
	}
	return fo.line
}

func (fo *FrameObject) localsDict() *Dict {
	if fo.isLive() {
		if fo.live.locals != nil {
			return fo.live.locals
		}
		if fo.inTrace && fo.locals != nil && fo.live.fn != nil {
			// the same dict, refreshed from the frame (CPython's
			// PyFrame_FastToLocals on every f_locals read)
			fresh := frameLocals(fo.live)
			for i := range fo.code.nslots() {
				name := fo.code.SlotName(i)
				if v, ok := fresh.GetStr(name); ok {
					fo.locals.SetStr(name, v)
				} else {
					fo.locals.DelStr(name)
				}
			}
			return fo.locals
		}
		fo.locals = frameLocals(fo.live)
	}
	if fo.locals == nil && fo.snap != nil {
		fo.locals, fo.snap = snapLocals(fo.code, fo.snap), nil
	}
	if fo.locals == nil {
		if fo.code.Flags&compiler.FlagModule != 0 {
			return fo.globals
		}
		fo.locals = NewDict()
	}
	return fo.locals
}

func init() {
	F := FrameObjectType
	F.NewGetSet("f_code", func(t *Thread, self Value) (Value, error) {
		return frameObjSelf(self).code.object(), nil
	}, nil)
	F.NewGetSet("f_globals", func(t *Thread, self Value) (Value, error) {
		return Value{o: frameObjSelf(self).globals}, nil
	}, nil)
	F.NewGetSet("f_builtins", func(t *Thread, self Value) (Value, error) {
		return Value{o: t.frameBuiltins(frameObjSelf(self).globals)}, nil
	}, nil)
	F.NewGetSet("f_locals", func(t *Thread, self Value) (Value, error) {
		fo := frameObjSelf(self)
		if fo.isLive() && fo.live.nsMap() != nil {
			return *fo.live.nsMap(), nil
		}
		return Value{o: fo.localsDict()}, nil
	}, nil)
	F.NewGetSet("f_lineno", func(t *Thread, self Value) (Value, error) {
		return Int(int64(frameObjSelf(self).lineno())), nil
	}, setLineno)
	F.NewGetSet("f_lasti", func(t *Thread, self Value) (Value, error) {
		fo := frameObjSelf(self)
		if fo.isLive() {
			return Int(int64(2 * (fo.live.pc - 1))), nil
		}
		return Int(int64(2 * fo.lasti)), nil
	}, nil)
	F.NewGetSet("f_back", func(t *Thread, self Value) (Value, error) {
		if b := frameObjSelf(self).back; b != nil {
			return Value{o: b}, nil
		}
		return None, nil
	}, nil)
	F.NewGetSet("f_trace", func(t *Thread, self Value) (Value, error) {
		if tr := frameObjSelf(self).trace; tr.o != nil {
			return tr, nil
		}
		return None, nil
	}, func(t *Thread, self, v Value) error {
		frameObjSelf(self).trace = v
		return nil
	})
	F.SetDeleter("f_trace", deleteBySetting("f_trace", None, F))
	F.NewMethod("clear", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, nil
	})
	F.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		fo := frameObjSelf(self)
		return Str(fmt.Sprintf("<frame at %#x, file '%s', line %d, code %s>", identityHash(self), fo.code.Filename, fo.lineno(), fo.code.Name)), nil
	})

	T := TracebackType
	tbSelf := func(v Value) *TracebackObject { return v.o.(*TracebackObject) }
	T.NewGetSet("tb_lineno", func(t *Thread, self Value) (Value, error) {
		return Int(int64(tbSelf(self).entry().Line)), nil
	}, nil)
	T.NewGetSet("tb_lasti", func(t *Thread, self Value) (Value, error) {
		return Int(int64(2 * tbSelf(self).entry().lasti)), nil
	}, nil)
	T.NewGetSet("tb_next", func(t *Thread, self Value) (Value, error) {
		tb := tbSelf(self)
		return tb.sibling(tb.index + 1), nil
	}, nil)
	T.NewGetSet("tb_frame", func(t *Thread, self Value) (Value, error) {
		tb := tbSelf(self)
		e := tb.entry()
		if e.fo != nil {
			return Value{o: e.fo}, nil
		}
		if g := e.frame; g != nil && g.flags&flagGen != 0 && !g.generator().finished && g.code == e.code {
			// a suspended (or running) generator's frame: read live, as
			// gi_frame is
			return Value{o: newFrameObject(t, g, nil)}, nil
		}
		if e.locals == nil && e.snap == nil && e.frame != nil && e.frame.code == e.code && e.frame.epoch == e.epoch {
			// the frame is still running (it caught the exception):
			// the live frame, as CPython's tb_frame is the frame itself
			for i := len(t.frames) - 1; i >= 0; i-- {
				if t.frames[i] == e.frame {
					fo := t.FrameAt(len(t.frames) - 1 - i)
					tb.entryRef().fo = fo
					return Value{o: fo}, nil
				}
			}
		}
		if e.snap != nil && e.code != nil {
			ent := tb.entryRef()
			ent.locals, ent.snap = snapLocals(e.code, e.snap), nil
			e = *ent
		}
		code := e.code
		if code == nil {
			code = LoadCode(&compiler.Code{Name: e.Name, QualName: e.Name, Filename: e.Filename, FirstLine: e.Line})
		}
		fo := &FrameObject{code: code, globals: e.globals, line: e.Line, lasti: e.lasti, locals: e.locals}
		if fo.globals == nil {
			fo.globals = NewDict()
		}
		// the frames outside this one, as far as the traceback knows them
		if tb.index > 0 {
			prev := tb.sibling(tb.index - 1)
			if pf, err := t.GetAttr(prev, "tb_frame"); err == nil {
				fo.back, _ = pf.o.(*FrameObject)
			}
		}
		// the same object each time, as CPython's frame
		tb.entryRef().fo = fo
		return Value{o: fo}, nil
	}, nil)
}
