package vm

import (
	"math"

	"github.com/pyasync/pyasync/compiler"
)

// Jumps by a trace function: assigning frame.f_lineno during a 'line'
// event (a debugger's "jump" command). The checks and their messages are
// CPython 3.11's: the event last reported on the thread must be a line
// event, the frame must have a trace function, and the line must lie in
// the code block. The target is the first line at or after the one asked
// for that begins some instruction; of its instructions, one whose value
// stack is a prefix of the current one (compiler.JumpStacks) is taken,
// the deepest. The entries above it are popped when the trace function
// returns: a for loop's iterator, a with statement's __exit__ (not
// called, as in CPython), an except block's saved exception (restored as
// the block's end restores it). No line event is reported for the target
// line itself.

// traceEventKind is the kind of trace event a thread is reporting, as
// f_lineno's setter tells them apart.
type traceEventKind uint8

const (
	traceNoEvent traceEventKind = iota
	traceCallEvent
	traceLineEvent
	traceOtherEvent
)

// traceKindOf returns the kind of trace event named event.
func traceKindOf(event string) traceEventKind {
	switch event {
	case "call":
		return traceCallEvent
	case "line":
		return traceLineEvent
	}
	return traceOtherEvent
}

// setLineno is f_lineno's setter.
func setLineno(t *Thread, self, v Value) error {
	fo := frameObjSelf(self)
	if v.o == nil {
		return Errorf(AttributeError, "cannot delete attribute")
	}
	if v.Type() != IntType {
		return Errorf(ValueError, "lineno must be an integer")
	}
	switch t.traceWhat {
	case traceLineEvent:
	case traceNoEvent, traceCallEvent:
		return Errorf(ValueError, "can't jump from the 'call' trace event of a new frame")
	default:
		return Errorf(ValueError, "can only jump from a 'line' trace event")
	}
	if fo.trace.o == nil || fo.trace.IsNone() {
		return Errorf(ValueError, "f_lineno can only be set by a trace function")
	}
	n, ok := v.AsInt64()
	if !ok || n > math.MaxInt32 || n < math.MinInt32 {
		return Errorf(ValueError, "lineno out of range")
	}
	code := fo.code.Code
	if int(n) < code.FirstLine {
		return Errorf(ValueError, "line %d comes before the current code block", n)
	}
	starts := compiler.LineStarts(code)
	line := 0
	for _, l := range starts {
		if l >= int(n) && (line == 0 || l < line) {
			line = l
		}
	}
	if line == 0 {
		return Errorf(ValueError, "line %d comes after the current code block", n)
	}
	f := fo.live
	if !fo.inTrace || fo.traceEvent != "line" || !fo.isLive() {
		// a line event of another frame: pyasync jumps only in the frame
		// whose event is being reported
		return Errorf(ValueError, "f_lineno can only be set by a trace function")
	}
	stacks := compiler.JumpStacks(code)
	start := stacks[f.pc-1]
	if start != nil && len(start) != f.sp-fo.code.nregs {
		return Errorf(SystemError, "pyasync cannot analyse the stack of this frame")
	}
	best, state := -1, -1
	msg := "cannot find bytecode for specified line"
	for pc, l := range starts {
		if l != line {
			continue
		}
		to := stacks[pc]
		switch {
		case start != nil && to != nil && compatibleStack(start, to):
			state = 0
			if best < 0 || len(to) > len(stacks[best]) {
				best = pc
			}
		case state < 0 && start == nil:
			msg = "can't jump from within an exception handler"
		case state < 0:
			msg, state = incompatibleStack(to), 1
		}
	}
	if state != 0 {
		return Errorf(ValueError, "%s", msg)
	}
	fo.jumpTo = best + 1
	fo.jumpPops = start[len(stacks[best]):]
	return nil
}

// compatibleStack reports whether the stack to may be reached from the
// stack from by popping: to is a prefix of from, where an Object entry
// may not stand for a NULL.
func compatibleStack(from, to []compiler.StackKind) bool {
	if len(to) > len(from) {
		return false
	}
	for i, k := range to {
		switch k {
		case compiler.KindNull:
		case compiler.KindObject:
			if from[i] == compiler.KindNull {
				return false
			}
		default:
			if from[i] != k {
				return false
			}
		}
	}
	return true
}

// incompatibleStack explains why a jump to an instruction with stack to
// is refused, by what tops it.
func incompatibleStack(to []compiler.StackKind) string {
	if to == nil {
		return "can't jump into an exception handler, or code may be unreachable"
	}
	switch to[len(to)-1] {
	case compiler.KindExcept:
		return "can't jump into an 'except' block as there's no exception"
	case compiler.KindIterator:
		return "can't jump into the body of a for loop"
	}
	return "incompatible stacks"
}

// applyJump moves frame f to instruction to, popping the stack entries
// setLineno found above the target's stack; the trace state moves to the
// target's line so that no line event is reported for it.
func (fo *FrameObject) applyJump(f *Frame, to int) {
	for i := len(fo.jumpPops) - 1; i >= 0; i-- {
		f.sp--
		if fo.jumpPops[i] == compiler.KindExcept {
			e, _ := f.regs[f.sp].o.(*Exception)
			f.handled = e
		}
		f.regs[f.sp] = Value{}
	}
	fo.jumpPops = nil
	f.pc = to + 1
	fo.traceLine, _ = f.code.Code.LineFor(to)
	fo.tracePC = to
}
