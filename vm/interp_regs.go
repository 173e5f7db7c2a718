package vm

import (
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
)

// The interpreter loop keeps the running frame's registers, its code's
// constants and its instructions as pointers to their first element rather
// than as slices. A slice is three words (pointer, length, capacity) and
// every word live across the loop's back edge is stored to and reloaded
// from the Go stack on each dispatch, since run is far too big for the
// register allocator to keep them in registers; a pointer is one word.
// These words, the frame, pc and sp are moreover kept in their stack slots
// (inMemory): a use is one load and the back edge stores none of them.
//
// Indexing through these pointers is not bounds checked: the compiler's
// stack depths, local indices and jump targets are trusted, as CPython
// trusts its own. The address is formed with unsafe.Add from a pointer into
// the live slice (unsafe.Pointer's rule 3), so the result always points
// into the same allocation and checkptr (on under -race) accepts it.
// Slices handed to other code are made from the frame's own slice
// (f.regs[lo:hi:hi]), never from these pointers.

// regIndex is what registers are indexed by: an int or an instruction's
// argument bits.
type regIndex interface{ ~int | ~uint32 }

// regAt returns the address of register (or constant) i of the array whose
// first element is at base.
func regAt[I regIndex](base *Value, i I) *Value {
	return (*Value)(unsafe.Add(unsafe.Pointer(base), uintptr(i)*unsafe.Sizeof(Value{})))
}

// instrAt returns instruction pc of the array whose first element is at
// base.
func instrAt(base *compiler.Instr, pc int) compiler.Instr {
	return *(*compiler.Instr)(unsafe.Add(unsafe.Pointer(base), uintptr(pc)*unsafe.Sizeof(compiler.Instr(0))))
}

// inMemory takes the addresses of run's frame-state words so that the
// compiler keeps them in their stack slots (an address-taken variable is
// not SSA'd): each use is one load, and the loop's back edge stores none
// of them.
//
//go:noinline
func inMemory(...unsafe.Pointer) {}
