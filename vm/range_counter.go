package vm

import "github.com/pyasync/pyasync/compiler"

// rangeCounter is the iterator of a for loop over range(...) of step 1
// whose bounds fit in 32 bits, kept in the loop's stack slot itself: the
// marker in Value.o, the next value in the high half of Value.n and the
// stop in the low half. It allocates nothing (dict_str's
// `for _ in range(length)` made one 48-byte iterator per word). Only a
// FOR_ITER ever sees it: it is made for a GET_ITER directly followed by
// FOR_ITER (opCallGetIter, GET_ITER), so no script can reach the value (a
// comprehension's range is passed as its argument, an object).
type rangeCounter struct{}

// Type implements Object (never asked: the value stays in a loop's slot).
func (rangeCounter) Type() *Type { return RangeIteratorType }

// newRangeCounter returns the counter for start..stop, or false when they
// do not fit in 32 bits or step is not 1.
func newRangeCounter(start, stop, step int64) (Value, bool) {
	if step != 1 || int64(int32(start)) != start || int64(int32(stop)) != stop {
		return Value{}, false
	}
	return Value{o: rangeCounter{}, n: uint64(uint32(start))<<32 | uint64(uint32(stop))}, true
}

// rangeCounterNext gives the counter's next value and advances it, or
// false at the end. (FOR_ITER and opJumpForIter in run write it out.)
func rangeCounterNext(r *Value) (Value, bool) {
	next := int32(r.n >> 32)
	if next >= int32(r.n) {
		return Value{}, false
	}
	r.n += 1 << 32
	return Int(int64(next)), true
}

// forLoopRange is the iterator for range(*args) of small ints taken by a
// for loop: a rangeCounter when atFor (the instruction after the GET_ITER
// is FOR_ITER) and the bounds allow, else a rangeIterator.
func forLoopRange(args []Value, atFor compiler.Instr) (Value, bool) {
	start, stop, step, n, ok := smallIntRangeArgs(args)
	if !ok {
		return Value{}, false
	}
	if atFor.Op() == compiler.FOR_ITER {
		if it, ok := newRangeCounter(start, stop, step); ok {
			return it, true
		}
	}
	return Value{o: &rangeIterator{next: start, step: step, remaining: n}}, true
}
