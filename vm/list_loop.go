package vm

import (
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
)

// listLoop is the iterator of a for loop over an exact list, kept in the
// loop's stack slot: Value.o is the list itself seen as a *listLoop (the
// same pointer, another type, so no allocation) and Value.n the index of
// the next item. Like rangeCounter (range_counter.go) it is made only for
// a GET_ITER directly followed by FOR_ITER, so no script can reach it; it
// sees appends and removals made during the loop as list_iterator does.
type listLoop List

// Type implements Object (never asked: the value stays in a loop's slot).
func (*listLoop) Type() *Type { return ListIteratorType }

// loopIter is GET_ITER for v when next, the instruction after it, is
// FOR_ITER and v an exact list; ok is false otherwise.
func loopIter(v Value, next compiler.Instr) (Value, bool) {
	if l, isList := v.o.(*List); isList && l.cls == nil && next.Op() == compiler.FOR_ITER {
		return Value{o: (*listLoop)(unsafe.Pointer(l))}, true
	}
	return Value{}, false
}

// list is the list looped over.
func (l *listLoop) list() *List { return (*List)(unsafe.Pointer(l)) }
