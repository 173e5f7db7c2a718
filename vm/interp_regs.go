package vm

import (
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
)

// The interpreter loop keeps the running frame's instructions, registers
// and constants as pointers to their first element rather than as slices.
// A slice is three words (pointer, length, capacity) and every word live
// across the loop's back edge is stored to and reloaded from the Go stack
// on each dispatch, since run is far too big for the register allocator
// to keep them in registers; a pointer is one word. Indexing stays bounds
// checked against the array types' (huge) lengths, not against the
// frame's: the compiler's stack sizes and jump targets are trusted, as
// CPython's are. Slices handed to other code are always made with a full
// slice expression (regs[lo:hi:hi]), so nothing can append into the
// registers above them.

// instrArray is the view run has of a code's instructions.
type instrArray [1 << 30]compiler.Instr

// regArray is the view run has of a frame's registers and a code's
// constants.
type regArray [1 << 26]Value

// instrsOf returns the array view of a code's instructions.
func instrsOf(s []compiler.Instr) *instrArray {
	return (*instrArray)(unsafe.Pointer(unsafe.SliceData(s)))
}

// regsOf returns the array view of registers or constants (nil for an
// empty nil slice, which is then never indexed).
func regsOf(s []Value) *regArray {
	return (*regArray)(unsafe.Pointer(unsafe.SliceData(s)))
}
