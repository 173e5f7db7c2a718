package vm

import (
	"github.com/pyasync/pyasync/compiler"
)

func asTuple(self Value) *Tuple { return self.o.(*Tuple) }

// tupleGetItem is tuple.__getitem__ without dispatch to subclass overrides.
func (t *Thread) tupleGetItem(self Value, key Value) (Value, error) {
	tu := asTuple(self)
	if s, ok := key.o.(*Slice); ok {
		start, _, step, count, err := t.SliceIndices(s, len(tu.items))
		if err != nil {
			return Value{}, err
		}
		if start == 0 && step == 1 && count == len(tu.items) && tu.cls == nil {
			return self, nil
		}
		return NewTuple(selectSlice(tu.items, start, step, count)), nil
	}
	i, err := t.seqIndex(key, len(tu.items), "tuple")
	if err != nil {
		return Value{}, err
	}
	if i < 0 {
		return Value{}, Errorf(IndexError, "tuple index out of range")
	}
	return tu.items[i], nil
}

// newTupleOf returns a tuple (of class cls, or a plain tuple when cls is
// nil or tuple) holding the items of an iterable.
func (t *Thread) newTupleOf(cls *Type, iterable Value) (Value, error) {
	exact := cls == nil || cls == TupleType
	if iterable.o == nil {
		if exact {
			return emptyTuple, nil
		}
		return Value{o: &Tuple{cls: cls}}, nil
	}
	if tu, ok := iterable.o.(*Tuple); ok && tu.cls == nil && exact {
		return iterable, nil
	}
	items, err := t.ToSlice(iterable)
	if err != nil {
		return Value{}, err
	}
	if exact {
		return NewTuple(items), nil
	}
	return Value{o: &Tuple{items: items, cls: cls}}, nil
}

func init() {
	tt := TupleType
	tt.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, err := newArgType(args, "tuple", TupleType)
		if err != nil {
			return Value{}, err
		}
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "tuple() takes no keyword arguments")
		}
		if len(args) > 2 {
			return Value{}, Errorf(TypeError, "tuple expected at most 1 argument, got %d", len(args)-1)
		}
		var iterable Value
		if len(args) == 2 {
			iterable = args[1]
		}
		return t.newTupleOf(cls, iterable)
	})
	tt.NewMethod("count", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("tuple.count", args, kw); err != nil {
			return Value{}, err
		}
		items := asTuple(self).items
		n, err := t.countIn(func() []Value { return items }, args[0])
		return Int(int64(n)), err
	})
	tt.NewMethod("index", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("tuple.index", args, kw, 1, 3); err != nil {
			return Value{}, err
		}
		items := asTuple(self).items
		start, stop, err := t.seqIndexRange(args, len(items))
		if err != nil {
			return Value{}, err
		}
		for i := start; i < stop && i < len(items); i++ {
			eq, err := t.identityOrEqual(items[i], args[0])
			if err != nil {
				return Value{}, err
			}
			if eq {
				return Int(int64(i)), nil
			}
		}
		return Value{}, Errorf(ValueError, "tuple.index(x): x not in tuple")
	})
	tt.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("tuple.__len__", args, kw); err != nil {
			return Value{}, err
		}
		return Int(int64(len(asTuple(self).items))), nil
	})
	tt.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("tuple.__contains__", args, kw); err != nil {
			return Value{}, err
		}
		for _, x := range asTuple(self).items {
			eq, err := t.identityOrEqual(x, args[0])
			if err != nil || eq {
				return Bool(eq), err
			}
		}
		return False, nil
	})
	tt.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("tuple.__iter__", args, kw); err != nil {
			return Value{}, err
		}
		return Value{o: &seqIterator{items: asTuple(self).items, typ: TupleIteratorType}}, nil
	})
	tt.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("tuple.__getitem__", args, kw); err != nil {
			return Value{}, err
		}
		return t.tupleGetItem(self, args[0])
	})
	tt.NewMethod("__add__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("tuple.__add__", args, kw); err != nil {
			return Value{}, err
		}
		o, ok := args[0].o.(*Tuple)
		if !ok {
			return NotImplemented, nil
		}
		a := asTuple(self)
		if len(o.items) == 0 && a.cls == nil {
			return self, nil
		}
		if len(a.items) == 0 && o.cls == nil {
			return args[0], nil
		}
		items := make([]Value, len(a.items)+len(o.items))
		copy(items, a.items)
		copy(items[len(a.items):], o.items)
		return NewTuple(items), nil
	})
	mul := func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("tuple.__mul__", args, kw); err != nil {
			return Value{}, err
		}
		n, ok, err := t.repeatCount(args[0])
		if !ok || err != nil {
			return NotImplemented, err
		}
		a := asTuple(self)
		if n == 1 && a.cls == nil {
			return self, nil
		}
		items, err := repeatItems(t, a.items, n)
		if err != nil {
			return Value{}, err
		}
		return NewTuple(items), nil
	}
	tt.NewMethod("__mul__", mul)
	tt.NewMethod("__rmul__", mul)
	for op := compiler.CmpLT; op <= compiler.CmpGE; op++ {
		op := op
		tt.NewMethod(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO("tuple."+cmpNames[op], args, kw); err != nil {
				return Value{}, err
			}
			o, ok := args[0].o.(*Tuple)
			if !ok {
				return NotImplemented, nil
			}
			return t.seqCompare(asTuple(self).items, o.items, op, false)
		})
	}
	tt.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("tuple.__hash__", args, kw); err != nil {
			return Value{}, err
		}
		h, err := t.tupleHash(asTuple(self).items)
		return Int(h), err
	})
	tt.NewMethod("__getnewargs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewTuple([]Value{NewTuple(append([]Value(nil), asTuple(self).items...))}), nil
	})
	tt.NewClassMethod("__class_getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &GenericAlias{origin: self, args: args[0]}}, nil
	})

	ListIteratorType.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		it := self.o.(*listIterator)
		if it.list == nil || it.i >= it.list.Len() {
			return Int(0), nil
		}
		return Int(int64(it.list.Len() - it.i)), nil
	})
}

// next implements nativeIterator for list iterators.
func (it *listIterator) next(*Thread) (Value, bool, error) {
	if it.list != nil && it.i < it.list.Len() {
		it.i++
		return it.list.At(it.i - 1), true, nil
	}
	it.list = nil
	return Value{}, false, nil
}

// next implements nativeIterator for tuple iterators.
func (it *seqIterator) next(*Thread) (Value, bool, error) {
	if it.i < len(it.items) {
		it.i++
		return it.items[it.i-1], true, nil
	}
	return Value{}, false, nil
}
