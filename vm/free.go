package vm

import "github.com/pyasync/pyasync/compiler"

// Free variables are not copied into a frame's registers (as CPython's
// localsplus does): a register is 24 bytes where CPython's slot is 8, and
// the copy was paid at every call of a closure. The instructions that name
// a free slot (an index >= the code's nregs) are rewritten when the code is
// loaded into these VM-only opcodes, whose argument is the index into the
// function's closure; the stack starts right after the cell variables.
// Whatever reads a frame's slots by index goes through Frame.slot (or
// Frame.slots), which finds free ones in the closure.
const (
	opLoadFree      compiler.Opcode = 224 + iota // arg i: push the contents of closure cell i
	opStoreFree                                  // arg i: pop into closure cell i
	opDeleteFree                                 // arg i: empty closure cell i
	opLoadFreeCell                               // arg i: push closure cell i itself (LOAD_CLOSURE of a free slot)
	opLoadClassFree                              // arg i: LOAD_CLASSDEREF of closure cell i (class namespace first)
	opFreeContains                               // arg i: opLoadFree i; CONTAINS_OP (a superinstruction)
)

// The free-variable opcodes must stay below the superinstructions.
var _ = [opLoadFastLoadFast - opFreeContains - 1]struct{}{}

// freeInstrs returns in with the instructions naming free slots rewritten
// into the opcodes above; in itself when the code has no free variables.
func freeInstrs(in []compiler.Instr, nregs, nfree int) []compiler.Instr {
	if nfree == 0 {
		return in
	}
	out := append([]compiler.Instr(nil), in...)
	for i, ins := range out {
		var op compiler.Opcode
		switch ins.Op() {
		case compiler.LOAD_DEREF:
			op = opLoadFree
		case compiler.STORE_DEREF:
			op = opStoreFree
		case compiler.DELETE_DEREF:
			op = opDeleteFree
		case compiler.LOAD_CLOSURE:
			op = opLoadFreeCell
		case compiler.LOAD_CLASSDEREF:
			op = opLoadClassFree
		default:
			continue
		}
		if a := ins.Arg(); a >= nregs {
			out[i] = compiler.MakeInstr(op, a-nregs)
		}
	}
	return out
}

// closure returns the cells of the frame's free variables (nil for code
// without free variables).
func (f *Frame) closure() []Value {
	if f.fn == nil || f.code.nfree == 0 {
		return nil
	}
	return f.fn.closure
}

// nslots is the number of the code's slots: locals, cells and free
// variables.
func (code *Code) nslots() int { return code.nregs + code.nfree }

// slot returns slot i of the frame (compiler numbering: locals, cells,
// then free variables): a register, or for a free variable its cell from
// the closure.
func (f *Frame) slot(i int) Value {
	if i < f.code.nregs {
		if i < len(f.regs) {
			return f.regs[i]
		}
		return Value{}
	}
	if c := f.closure(); i-f.code.nregs < len(c) {
		return c[i-f.code.nregs]
	}
	return Value{}
}

// slots returns the frame's slots in compiler numbering, free variables'
// cells included, in a new slice (or, when the frame has no free
// variables and share is set, its registers themselves).
func (f *Frame) slots(share bool) []Value {
	n := min(f.code.nregs, len(f.regs))
	c := f.closure()
	if len(c) == 0 {
		if share {
			return f.regs[:n:n]
		}
		return append([]Value(nil), f.regs[:n]...)
	}
	out := make([]Value, f.code.nregs+len(c))
	copy(out, f.regs[:n])
	copy(out[f.code.nregs:], c)
	return out
}

// classNamespaceLoad is the first half of LOAD_CLASSDEREF of the given
// slot: the name looked up in the class body's namespace (ok false when it
// is not there; the cell is read then).
func (t *Thread) classNamespaceLoad(f *Frame, slot int) (Value, bool, error) {
	name := f.code.SlotName(slot)
	if f.locals != nil {
		v, ok := f.locals.GetStr(name)
		return v, ok, nil
	}
	if f.nsMap() != nil {
		return t.mapLoad(*f.nsMap(), intern(name))
	}
	return Value{}, false, nil
}

// slotValue is the value of slot i: a cell or free variable's contents,
// a local's value (the zero Value when unbound).
func (f *Frame) slotValue(i int) Value {
	v := f.slot(i)
	if c, ok := v.o.(*Cell); ok && i >= len(f.code.VarNames) {
		return c.v
	}
	return v
}
