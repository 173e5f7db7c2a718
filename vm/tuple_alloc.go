package vm

import "unsafe"

// tupleInlineMax is the longest tuple whose items newTupleN keeps in the
// tuple's own allocation.
const tupleInlineMax = 8

// newTupleN returns a new plain tuple of n zero items (n >= 1), which the
// caller fills in before the tuple is used. A tuple of at most
// tupleInlineMax items is one allocation: the record and its items in the
// same size class that the two took apart (as newPair does for pairs).
func newTupleN(n int) (*Tuple, []Value) {
	switch n {
	case 1:
		return tupleWith[[1]Value]()
	case 2:
		return tupleWith[[2]Value]()
	case 3:
		return tupleWith[[3]Value]()
	case 4:
		return tupleWith[[4]Value]()
	case 5:
		return tupleWith[[5]Value]()
	case 6:
		return tupleWith[[6]Value]()
	case 7:
		return tupleWith[[7]Value]()
	case 8:
		return tupleWith[[8]Value]()
	}
	items := make([]Value, n)
	return &Tuple{items: items}, items
}

// tupleWith returns a tuple whose items are the array A allocated with it.
func tupleWith[A any]() (*Tuple, []Value) {
	x := &struct {
		t     Tuple
		items A
	}{}
	n := int(unsafe.Sizeof(x.items) / unsafe.Sizeof(Value{}))
	x.t.items = unsafe.Slice((*Value)(unsafe.Pointer(&x.items)), n)
	return &x.t, x.t.items
}

// tupleCopy returns a new plain tuple holding a copy of items.
func tupleCopy(items []Value) Value {
	if len(items) == 0 {
		return emptyTuple
	}
	t, dst := newTupleN(len(items))
	copy(dst, items)
	return Value{o: t}
}
