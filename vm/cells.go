package vm

import "github.com/pyasync/pyasync/compiler"

// A function with cell variables starts with a prologue that makes them:
// for each cell a MAKE_CELL, and for a captured parameter a LOAD_FAST of
// the parameter and a STORE_DEREF into its cell. When the code is loaded,
// a prologue of two or more cells in consecutive slots is rewritten into
// one opMakeCells, which allocates the cells together (one allocation, not
// one per cell), copies the parameters into them and jumps past the
// prologue. nqueens' place() captures four parameters in the
// comprehension that picks the free columns.

// cellPrologue holds what opMakeCells does for a code: params[i] is the
// parameter slot copied into cell i, or -1 for a cell that starts with
// the value of its own slot (unbound, as MAKE_CELL leaves it).
type cellPrologue struct {
	params []int32
}

// makeCellsInstrs rewrites the cell prologue of in (the compiler's
// instructions) into out (the instructions run executes), returning the
// prologue's description, or nil when the code has no prologue to fuse.
func makeCellsInstrs(in, out []compiler.Instr) *cellPrologue {
	var params []int32
	first := -1
	i := 0
	for i < len(in) && in[i].Op() == compiler.MAKE_CELL {
		slot := in[i].Arg()
		if first < 0 {
			first = slot
		}
		if slot != first+len(params) {
			return nil
		}
		param := int32(-1)
		if i+2 < len(in) && in[i+1].Op() == compiler.LOAD_FAST && in[i+2] == compiler.MakeInstr(compiler.STORE_DEREF, slot) {
			param = int32(in[i+1].Arg())
			i += 2
		}
		params = append(params, param)
		i++
	}
	if len(params) < 2 || first >= 1<<12 || i >= 1<<12 {
		return nil
	}
	out[0] = compiler.MakeInstr(opMakeCells, first|i<<12)
	return &cellPrologue{params: params}
}

// makeCells runs the prologue: the cells of slots first... of regs, made
// in one allocation.
func (p *cellPrologue) makeCells(regs []Value, first int) {
	cells := make([]Cell, len(p.params))
	for i, param := range p.params {
		c := &cells[i]
		if param >= 0 {
			c.v = regs[param]
		} else {
			c.v = regs[first+i]
		}
		regs[first+i] = Value{o: c}
	}
}
