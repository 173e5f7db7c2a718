package vm

import "unsafe"

// maxUnrolledClear is the largest frame clearRegs clears by single stores.
const maxUnrolledClear = 12

// clearRegs zeroes a returning frame's registers. clear (memclrHasPointers)
// costs about 70 instructions for a small frame: a call, the bulk
// write-barrier test and memclr's size dispatch. For frames of up to
// maxUnrolledClear registers the stores are written out one by one instead:
// Go batches the write barriers of straight-line pointer stores (one test of
// the barrier flag for up to eight pointers), so clearing fib's five
// registers is about fifteen stores and one branch.
func clearRegs(regs []Value) {
	n := len(regs)
	if n == 0 || n > maxUnrolledClear {
		clear(regs)
		return
	}
	p := unsafe.SliceData(regs)
	switch n {
	case 1:
		*regAt(p, 0) = Value{}
	case 2:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
	case 3:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
	case 4:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
	case 5:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
	case 6:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
	case 7:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
		*regAt(p, 6) = Value{}
	case 8:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
		*regAt(p, 6) = Value{}
		*regAt(p, 7) = Value{}
	case 9:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
		*regAt(p, 6) = Value{}
		*regAt(p, 7) = Value{}
		*regAt(p, 8) = Value{}
	case 10:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
		*regAt(p, 6) = Value{}
		*regAt(p, 7) = Value{}
		*regAt(p, 8) = Value{}
		*regAt(p, 9) = Value{}
	case 11:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
		*regAt(p, 6) = Value{}
		*regAt(p, 7) = Value{}
		*regAt(p, 8) = Value{}
		*regAt(p, 9) = Value{}
		*regAt(p, 10) = Value{}
	case 12:
		*regAt(p, 0) = Value{}
		*regAt(p, 1) = Value{}
		*regAt(p, 2) = Value{}
		*regAt(p, 3) = Value{}
		*regAt(p, 4) = Value{}
		*regAt(p, 5) = Value{}
		*regAt(p, 6) = Value{}
		*regAt(p, 7) = Value{}
		*regAt(p, 8) = Value{}
		*regAt(p, 9) = Value{}
		*regAt(p, 10) = Value{}
		*regAt(p, 11) = Value{}
	}
}
