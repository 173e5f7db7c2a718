package vm

import (
	"math"
	"slices"

	"github.com/pyasync/pyasync/compiler"
)

// ListReverseIteratorType is the type of reversed(list).
var ListReverseIteratorType = newBuiltinType("list_reverseiterator", ObjectType)

// listReverseIterator iterates a list backwards.
type listReverseIterator struct {
	list *List
	i    int
}

// Type implements Object.
func (*listReverseIterator) Type() *Type { return ListReverseIteratorType }

func (it *listReverseIterator) next(*Thread) (Value, bool, error) {
	if it.list != nil && it.i >= 0 && it.i < it.list.Len() {
		v := it.list.At(it.i)
		it.i--
		return v, true, nil
	}
	it.i = -1
	it.list = nil
	return Value{}, false, nil
}

// asList returns self as a *List (self is a list or a list subclass
// instance: method descriptors check the type).
func asList(self Value) *List { return self.o.(*List) }

// asSsize converts an index-like value to an int like CPython's
// Py_ssize_t converter: OverflowError when it does not fit.
func (t *Thread) asSsize(v Value) (int, error) {
	if n, ok := v.AsInt64(); ok {
		return int(n), nil
	}
	if _, ok := v.o.(*bigInt); ok {
		return 0, Errorf(OverflowError, "Python int too large to convert to C ssize_t")
	}
	if r, ok, err := t.callSpecial(v, "__index__"); ok {
		if err != nil {
			return 0, err
		}
		if n, ok := r.AsInt64(); ok {
			return int(n), nil
		}
		if _, ok := r.o.(*bigInt); ok {
			return 0, Errorf(OverflowError, "Python int too large to convert to C ssize_t")
		}
		return 0, Errorf(TypeError, "__index__ returned non-int (type %s)", r.TypeName())
	}
	return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", v.TypeName())
}

// sliceIndexNotNone converts a start/stop argument of index() like
// _PyEval_SliceIndexNotNone: ints clamp to the ssize_t range.
func (t *Thread) sliceIndexNotNone(v Value) (int, error) {
	if n, ok := v.AsInt64(); ok {
		return int(n), nil
	}
	if b, ok := v.o.(*bigInt); ok {
		if b.v.Sign() < 0 {
			return math.MinInt64, nil
		}
		return math.MaxInt64, nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		r, err := t.Index(v)
		return int(r), err
	}
	return 0, Errorf(TypeError, "slice indices must be integers or have an __index__ method")
}

// seqIndexRange resolves the optional start/stop arguments of index().
func (t *Thread) seqIndexRange(args []Value, n int) (int, int, error) {
	start, stop := 0, n
	var err error
	if len(args) > 1 {
		if start, err = t.sliceIndexNotNone(args[1]); err != nil {
			return 0, 0, err
		}
		if start < 0 {
			start += n
			if start < 0 {
				start = 0
			}
		}
	}
	if len(args) > 2 {
		if stop, err = t.sliceIndexNotNone(args[2]); err != nil {
			return 0, 0, err
		}
		if stop < 0 {
			stop += n
			if stop < 0 {
				stop = 0
			}
		}
	}
	return start, stop, nil
}

// listGetItem is list.__getitem__ without dispatch to subclass overrides.
func (t *Thread) listGetItem(l *List, key Value) (Value, error) {
	if key.IsSmallInt() {
		i := key.SmallInt()
		if i < 0 {
			i += int64(l.Len())
		}
		if i < 0 || i >= int64(l.Len()) {
			return Value{}, Errorf(IndexError, "list index out of range")
		}
		return l.At(int(i)), nil
	}
	if s, ok := key.o.(*Slice); ok {
		start, _, step, count, err := t.SliceIndices(s, l.Len())
		if err != nil {
			return Value{}, err
		}
		return Value{o: sliceList(l, start, step, count)}, nil
	}
	i, err := t.seqIndex(key, l.Len(), "list")
	if err != nil {
		return Value{}, err
	}
	if i < 0 {
		return Value{}, Errorf(IndexError, "list index out of range")
	}
	return l.At(i), nil
}

// listSetItem is list.__setitem__ without dispatch to subclass overrides.
func (t *Thread) listSetItem(l *List, key, v Value) error {
	if s, ok := key.o.(*Slice); ok {
		return t.listAssignSlice(l, s, v)
	}
	i, err := t.seqIndex(key, l.Len(), "list")
	if err != nil {
		return err
	}
	if i < 0 {
		return Errorf(IndexError, "list assignment index out of range")
	}
	l.SetAt(i, v)
	return nil
}

// listAssignSlice implements l[s] = v.
func (t *Thread) listAssignSlice(l *List, s *Slice, v Value) error {
	if nums, ok := l.numSliceSource(v); ok {
		start, stop, step, count, err := t.SliceIndices(s, l.Len())
		if err != nil {
			return err
		}
		return l.assignNums(nums, start, stop, step, count)
	}
	var items []Value
	if src, ok := v.o.(*List); ok {
		if src == l {
			items = append([]Value(nil), src.Items()...)
		} else {
			items = src.snapshot()
		}
	} else if src, ok := v.o.(*Tuple); ok {
		items = src.items
	} else {
		var err error
		items, err = t.ToSlice(v)
		if err != nil {
			if e, ok := err.(*Exception); ok && e.cls == TypeError && !isIterable(v) {
				if s.Step.IsNone() {
					return Errorf(TypeError, "can only assign an iterable")
				}
				return Errorf(TypeError, "must assign iterable to extended slice")
			}
			return err
		}
	}
	start, stop, step, count, err := t.SliceIndices(s, l.Len())
	if err != nil {
		return err
	}
	if step == 1 {
		if stop < start {
			stop = start
		}
		d := len(items) - (stop - start)
		switch {
		case d == 0:
			copy(l.Items()[start:stop], items)
		case d < 0:
			copy(l.Items()[start:], items)
			n := copy(l.Items()[start+len(items):], l.Items()[stop:])
			clear(l.Items()[start+len(items)+n:])
			l.vals = l.Items()[:len(l.Items())+d]
		default:
			old := l.Len()
			l.vals = append(l.Items(), make([]Value, d)...)
			copy(l.Items()[stop+d:], l.Items()[stop:old])
			copy(l.Items()[start:], items)
		}
		return nil
	}
	if len(items) != count {
		return Errorf(ValueError, "attempt to assign sequence of size %d to extended slice of size %d", len(items), count)
	}
	if src, ok := v.o.(*List); ok && src == l {
		items = append([]Value(nil), items...)
	}
	for i, j := 0, start; i < count; i, j = i+1, j+step {
		l.SetAt(j, items[i])
	}
	return nil
}

// listDelItem is list.__delitem__ without dispatch to subclass overrides.
func (t *Thread) listDelItem(l *List, key Value) error {
	if s, ok := key.o.(*Slice); ok {
		start, _, step, count, err := t.SliceIndices(s, l.Len())
		if err != nil {
			return err
		}
		if count == 0 {
			return nil
		}
		if step < 0 {
			start += (count - 1) * step
			step = -step
		}
		if step == 1 && l.kind.numeric() {
			l.nums = slices.Delete(l.nums, start, start+count)
			return nil
		}
		if step == 1 && l.kind == listStrs {
			l.strs.s = slices.Delete(l.strs.s, start, start+count)
			return nil
		}
		if step == 1 {
			n := copy(l.Items()[start:], l.Items()[start+count:])
			clear(l.Items()[start+n:])
			l.vals = l.Items()[:start+n]
			return nil
		}
		j := start
		for i := start; i < l.Len(); i++ {
			if i >= start && (i-start)%step == 0 && (i-start)/step < count {
				continue
			}
			l.SetAt(j, l.At(i))
			j++
		}
		clear(l.Items()[j:])
		l.vals = l.Items()[:j]
		return nil
	}
	i, err := t.seqIndex(key, l.Len(), "list")
	if err != nil {
		return err
	}
	if i < 0 {
		return Errorf(IndexError, "list assignment index out of range")
	}
	l.removeAt(i)
	return nil
}

func (l *List) removeAt(i int) {
	switch l.kind {
	case listStrs:
		l.strs.s = slices.Delete(l.strs.s, i, i+1)
		return
	case listInts, listFloats:
		l.nums = slices.Delete(l.nums, i, i+1)
		return
	}
	copy(l.vals[i:], l.vals[i+1:])
	l.vals[len(l.vals)-1] = Value{}
	l.vals = l.vals[:len(l.vals)-1]
}

// repeatItems returns items repeated n times.
func repeatItems(t *Thread, items []Value, n int) ([]Value, error) {
	if n <= 0 || len(items) == 0 {
		return nil, nil
	}
	if n > (1<<40)/len(items) {
		return nil, Errorf(MemoryError, "")
	}
	if t != nil {
		if err := t.vm.ChargeItems(int64(len(items))*int64(n), valueSize); err != nil {
			return nil, err
		}
	}
	out := make([]Value, len(items)*n)
	copy(out, items)
	for filled := len(items); filled < len(out); filled *= 2 {
		copy(out[filled:], out[:filled])
	}
	return out, nil
}

// repeatCount converts the operand of sequence repetition; ok is false when
// it is not index-like (the operation is then NotImplemented).
func (t *Thread) repeatCount(v Value) (int, bool, error) {
	if n, ok := v.AsInt64(); ok {
		return int(n), true, nil
	}
	if b, ok := v.o.(*bigInt); ok {
		if b.v.Sign() < 0 {
			return 0, true, nil
		}
		return 0, true, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
	}
	if _, ok := v.Type().Lookup("__index__"); !ok {
		return 0, false, nil
	}
	n, err := t.Index(v)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.cls == IndexError {
			return 0, true, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
		}
		return 0, true, err
	}
	return int(n), true, nil
}

// seqCompare implements the rich comparisons of lists and tuples
// (list_richcompare / tuplerichcompare).
func (t *Thread) seqCompare(a, b []Value, op compiler.CompareOp, lenShortcut bool) (Value, error) {
	if lenShortcut && len(a) != len(b) && (op == compiler.CmpEQ || op == compiler.CmpNE) {
		return Bool(op == compiler.CmpNE), nil
	}
	if err := t.enterCompare(); err != nil {
		return Value{}, err
	}
	defer t.leaveCompare()
	i := 0
	for ; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if identical(x, y) {
			continue
		}
		eq, err := t.Equal(x, y)
		if err != nil {
			return Value{}, err
		}
		if !eq {
			break
		}
	}
	if i >= len(a) || i >= len(b) {
		c := 0
		if len(a) < len(b) {
			c = -1
		} else if len(a) > len(b) {
			c = 1
		}
		return Bool(cmpResult(op, c)), nil
	}
	switch op {
	case compiler.CmpEQ:
		return False, nil
	case compiler.CmpNE:
		return True, nil
	}
	return t.RichCompare(a[i], b[i], op)
}

// countIn counts the items equal to v.
func (t *Thread) countIn(items func() []Value, v Value) (int, error) {
	n := 0
	for i := 0; i < len(items()); i++ {
		x := items()[i]
		eq, err := t.identityOrEqual(x, v)
		if err != nil {
			return 0, err
		}
		if eq {
			n++
		}
	}
	return n, nil
}

// parseSortArgs reads the keyword-only key= and reverse= of sort/sorted.
func (t *Thread) parseSortArgs(args []Value, kw []string, npos int) (key Value, reverse bool, err error) {
	key = None
	for i, k := range kw {
		v := args[npos+i]
		switch k {
		case "key":
			key = v
		case "reverse":
			n, err := t.asSsize(v)
			if err != nil {
				if _, isFloat := v.o.(floatMarker); isFloat {
					return key, false, Errorf(TypeError, "'float' object cannot be interpreted as an integer")
				}
				return key, false, err
			}
			reverse = n != 0
		default:
			return key, false, Errorf(TypeError, "'%s' is an invalid keyword argument for sort()", k)
		}
	}
	return key, reverse, nil
}

// listSort sorts l in place (list.sort).
func (t *Thread) listSort(l *List, key Value, reverse bool) error {
	if key.IsNone() && l.sortNums(reverse) {
		return nil
	}
	items := l.Items()
	// Like CPython, the list is empty while it is being sorted, so that
	// mutations by key functions or comparisons can be detected.
	l.SetItems(nil)
	err := t.sortSlice(items, key, reverse)
	modified := l.Items() != nil
	l.SetItems(items)
	if err == nil && modified {
		return Errorf(ValueError, "list modified during sort")
	}
	return err
}

func init() {
	lt := ListType
	lt.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, err := newArgType(args, "list", ListType)
		if err != nil {
			return Value{}, err
		}
		if cls == ListType {
			return Value{o: &List{}}, nil
		}
		return Value{o: &List{cls: cls}}, nil
	})
	lt.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		l := asList(self)
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "list() takes no keyword arguments")
		}
		if len(args) > 1 {
			return Value{}, Errorf(TypeError, "list expected at most 1 argument, got %d", len(args))
		}
		switch l.kind {
		case listValues:
			clear(l.vals)
			l.vals = l.vals[:0]
		case listStrs:
			clear(l.strs.s)
			l.strs.s = l.strs.s[:0]
		default:
			l.nums = l.nums[:0]
		}
		if len(args) == 1 {
			if err := t.extendList(l, args[0]); err != nil {
				return Value{}, err
			}
		}
		return None, nil
	})
	lt.NewMethod("append", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 1 || len(kw) != 0 {
			return Value{}, methO("list.append", args, kw)
		}
		l := asList(self)
		if l.Len() == l.Cap() {
			if err := t.chargeGrow(l, 1); err != nil {
				return Value{}, err
			}
		}
		l.Append(args[0])
		return None, nil
	})
	lt.NewMethod("extend", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.extend", args, kw); err != nil {
			return Value{}, err
		}
		return None, t.listExtend(asList(self), args[0])
	})
	lt.NewMethod("insert", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("list.insert", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		i, err := t.asSsize(args[0])
		if err != nil {
			return Value{}, err
		}
		l := asList(self)
		n := l.Len()
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		}
		if i > n {
			i = n
		}
		if l.kind == listStrs && l.kind.fits(args[1]) {
			l.strs.s = slices.Insert(l.strs.s, i, args[1].o.(*StrObject))
			return None, nil
		}
		if l.kind.numeric() && l.kind.fits(args[1]) {
			l.nums = slices.Insert(l.nums, i, args[1].n)
			return None, nil
		}
		l.vals = append(l.Items(), Value{})
		copy(l.vals[i+1:], l.vals[i:n])
		l.vals[i] = args[1]
		return None, nil
	})
	lt.NewMethod("pop", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("list.pop", args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		l := asList(self)
		i := -1
		if len(args) == 1 {
			var err error
			if i, err = t.asSsize(args[0]); err != nil {
				return Value{}, err
			}
		}
		n := l.Len()
		if n == 0 {
			return Value{}, Errorf(IndexError, "pop from empty list")
		}
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return Value{}, Errorf(IndexError, "pop index out of range")
		}
		v := l.At(i)
		if i == n-1 {
			if l.kind.numeric() {
				l.nums = l.nums[:i]
			} else if l.kind == listStrs {
				l.strs.s[i] = nil
				l.strs.s = l.strs.s[:i]
			} else {
				l.vals[i] = Value{}
				l.vals = l.vals[:i]
			}
		} else {
			l.removeAt(i)
		}
		return v, nil
	})
	lt.NewMethod("remove", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.remove", args, kw); err != nil {
			return Value{}, err
		}
		l := asList(self)
		for i := 0; i < l.Len(); i++ {
			eq, err := t.identityOrEqual(l.At(i), args[0])
			if err != nil {
				return Value{}, err
			}
			if eq {
				if i < l.Len() {
					l.removeAt(i)
				}
				return None, nil
			}
		}
		return Value{}, Errorf(ValueError, "list.remove(x): x not in list")
	})
	lt.NewMethod("index", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("list.index", args, kw, 1, 3); err != nil {
			return Value{}, err
		}
		l := asList(self)
		start, stop, err := t.seqIndexRange(args, l.Len())
		if err != nil {
			return Value{}, err
		}
		for i := start; i < stop && i < l.Len(); i++ {
			eq, err := t.identityOrEqual(l.At(i), args[0])
			if err != nil {
				return Value{}, err
			}
			if eq {
				return Int(int64(i)), nil
			}
		}
		r, err := t.Repr(args[0])
		if err != nil {
			return Value{}, err
		}
		return Value{}, Errorf(ValueError, "%s is not in list", r)
	})
	lt.NewMethod("count", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.count", args, kw); err != nil {
			return Value{}, err
		}
		l := asList(self)
		if n, ok := l.countNum(args[0]); ok {
			return Int(int64(n)), nil
		}
		n := 0
		for i := 0; i < l.Len(); i++ {
			eq, err := t.identityOrEqual(l.At(i), args[0])
			if err != nil {
				return Value{}, err
			}
			if eq {
				n++
			}
		}
		return Int(int64(n)), nil
	})
	lt.NewMethod("clear", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("list.clear", args, kw); err != nil {
			return Value{}, err
		}
		l := asList(self)
		l.SetItems(nil)
		return None, nil
	})
	lt.NewMethod("copy", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("list.copy", args, kw); err != nil {
			return Value{}, err
		}
		return Value{o: copyList(asList(self))}, nil
	})
	lt.NewMethod("reverse", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("list.reverse", args, kw); err != nil {
			return Value{}, err
		}
		if l := asList(self); l.kind.numeric() {
			slices.Reverse(l.nums)
			return None, nil
		} else if l.kind == listStrs {
			slices.Reverse(l.strs.s)
			return None, nil
		}
		items := asList(self).Items()
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		return None, nil
	})
	lt.NewMethod("sort", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		if npos > 0 {
			return Value{}, Errorf(TypeError, "sort() takes no positional arguments")
		}
		key, reverse, err := t.parseSortArgs(args, kw, npos)
		if err != nil {
			return Value{}, err
		}
		return None, t.listSort(asList(self), key, reverse)
	})
	lt.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("list.__len__", args, kw); err != nil {
			return Value{}, err
		}
		return Int(int64(asList(self).Len())), nil
	})
	lt.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__contains__", args, kw); err != nil {
			return Value{}, err
		}
		l := asList(self)
		for i := 0; i < l.Len(); i++ {
			eq, err := t.identityOrEqual(l.At(i), args[0])
			if err != nil || eq {
				return Bool(eq), err
			}
		}
		return False, nil
	})
	lt.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("list.__iter__", args, kw); err != nil {
			return Value{}, err
		}
		return Value{o: &listIterator{list: asList(self)}}, nil
	})
	lt.NewMethod("__reversed__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("list.__reversed__", args, kw); err != nil {
			return Value{}, err
		}
		l := asList(self)
		return Value{o: &listReverseIterator{list: l, i: l.Len() - 1}}, nil
	})
	lt.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__getitem__", args, kw); err != nil {
			return Value{}, err
		}
		return t.listGetItem(asList(self), args[0])
	})
	lt.NewMethod("__setitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("list.__setitem__", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		return None, t.listSetItem(asList(self), args[0], args[1])
	})
	lt.NewMethod("__delitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__delitem__", args, kw); err != nil {
			return Value{}, err
		}
		return None, t.listDelItem(asList(self), args[0])
	})
	lt.NewMethod("__add__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__add__", args, kw); err != nil {
			return Value{}, err
		}
		o, ok := args[0].o.(*List)
		if !ok {
			return NotImplemented, nil
		}
		if a := asList(self); a.kind.numeric() && a.kind == o.kind {
			return Value{o: &List{kind: a.kind, nums: slices.Concat(a.nums, o.nums)}}, nil
		}
		a := asList(self).Items()
		items := make([]Value, len(a)+o.Len())
		copy(items, a)
		copy(items[len(a):], o.Items())
		return NewList(items), nil
	})
	lt.NewMethod("__iadd__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__iadd__", args, kw); err != nil {
			return Value{}, err
		}
		if err := t.listExtend(asList(self), args[0]); err != nil {
			return Value{}, err
		}
		return self, nil
	})
	mul := func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__mul__", args, kw); err != nil {
			return Value{}, err
		}
		n, ok, err := t.repeatCount(args[0])
		if !ok || err != nil {
			return NotImplemented, err
		}
		if l := asList(self); l.kind.numeric() {
			return t.repeatNumList(l, n)
		}
		items, err := repeatItems(t, asList(self).Items(), n)
		if err != nil {
			return Value{}, err
		}
		return NewList(items), nil
	}
	lt.NewMethod("__mul__", mul)
	lt.NewMethod("__rmul__", mul)
	lt.NewMethod("__imul__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("list.__imul__", args, kw); err != nil {
			return Value{}, err
		}
		n, ok, err := t.repeatCount(args[0])
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return Value{}, Errorf(TypeError, "can't multiply sequence by non-int of type '%s'", args[0].TypeName())
		}
		l := asList(self)
		if n <= 0 {
			clear(l.Items())
			l.vals = l.Items()[:0]
			return self, nil
		}
		items, err := repeatItems(t, l.Items(), n)
		if err != nil {
			return Value{}, err
		}
		l.SetItems(items)
		return self, nil
	})
	for op := compiler.CmpLT; op <= compiler.CmpGE; op++ {
		op := op
		lt.NewMethod(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO("list."+cmpNames[op], args, kw); err != nil {
				return Value{}, err
			}
			o, ok := args[0].o.(*List)
			if !ok {
				return NotImplemented, nil
			}
			return t.seqCompare(asList(self).snapshot(), o.snapshot(), op, true)
		})
	}
	lt.Dict.SetStr("__hash__", None)
	lt.NewClassMethod("__class_getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &GenericAlias{origin: self, args: args[0]}}, nil
	})

	ListReverseIteratorType.final = true
	registerIterType(ListReverseIteratorType)
}

// listExtend appends the items of any iterable (list.extend).
func (t *Thread) listExtend(l *List, it Value) error {
	switch o := it.o.(type) {
	case *List:
		if o.cls == nil || o == l {
			if err := t.chargeGrow(l, o.Len()); err != nil {
				return err
			}
			l.appendList(o)
			return nil
		}
	case *Tuple:
		if o.cls == nil {
			if err := t.chargeGrow(l, len(o.items)); err != nil {
				return err
			}
			l.vals = append(l.Items(), o.items...)
			return nil
		}
	case *Set:
		if o.cls == nil {
			for i := range o.table {
				if o.table[i].key.o != nil {
					l.vals = append(l.Items(), o.table[i].key)
				}
			}
			return nil
		}
	case *Dict:
		if o.cls == nil {
			for i := 0; i < o.nentries(); i++ {
				if k, _ := o.itemAt(i); k.o != nil {
					l.vals = append(l.Items(), k)
				}
			}
			return nil
		}
	case *Range:
		if o.big != nil {
			if err := o.lenErr(); err != nil {
				return err
			}
			break // a big range of small length: iterate it
		}
		if err := t.chargeGrow(l, int(min(o.n, 1<<56))); err != nil {
			return err
		}
		if l.Len() == 0 && l.kind == listValues {
			l.kind, l.vals, l.nums = listInts, nil, l.nums[:0]
		}
		if l.kind == listInts {
			// A huge range grows by doubling (up to the final size) rather
			// than at once, so that it is interruptible before its memory
			// is cleared.
			want := len(l.nums) + int(o.n)
			if want <= 1<<24 {
				l.nums = slices.Grow(l.nums, int(o.n))
			}
			for i := int64(0); i < o.n; i++ {
				if len(l.nums) == cap(l.nums) {
					if err := t.checkN(int64(len(l.nums))); err != nil {
						return err
					}
					grown := make([]uint64, len(l.nums), min(want, max(2*cap(l.nums), 1024)))
					copy(grown, l.nums)
					l.nums = grown
				}
				l.nums = append(l.nums, uint64(o.item(i)))
			}
			return nil
		}
		l.vals = slices.Grow(l.Items(), int(o.n))
		for i := int64(0); i < o.n; i++ {
			if err := t.Check(); err != nil {
				return err
			}
			l.vals = append(l.Items(), Int(o.item(i)))
		}
		return nil
	}
	iter, err := t.Iter(it)
	if err != nil {
		return err
	}
	for {
		x, ok, err := t.Next(iter)
		if err != nil || !ok {
			return err
		}
		if l.Len() == l.Cap() {
			if err := t.chargeGrow(l, 1); err != nil {
				return err
			}
		}
		l.Append(x)
	}
}

// newArgType checks the class argument of a builtin type's __new__.
func newArgType(args []Value, name string, base *Type) (*Type, error) {
	if len(args) == 0 {
		return nil, Errorf(TypeError, "%s.__new__(): not enough arguments", name)
	}
	cls, ok := args[0].o.(*Type)
	if !ok {
		return nil, Errorf(TypeError, "%s.__new__(X): X is not a type object (%s)", name, args[0].TypeName())
	}
	if !base.IsSubtype(cls) {
		return nil, Errorf(TypeError, "%s.__new__(%s): %s is not a subtype of %s", name, cls.Name, cls.Name, name)
	}
	return cls, nil
}

// sequenceOpFallback gives + and * on builtin sequences CPython's behaviour
// once the dunder methods of both operands returned NotImplemented (the
// sq_concat / sq_repeat step of PyNumber_Add and PyNumber_Multiply).
func (t *Thread) sequenceOpFallback(op compiler.BinaryOp, inplace bool, a, b Value) (Value, bool, error) {
	switch op {
	case compiler.OpAdd:
		switch a.o.(type) {
		case *List:
			return Value{}, true, Errorf(TypeError, "can only concatenate list (not \"%s\") to list", b.TypeName())
		case *Tuple:
			return Value{}, true, Errorf(TypeError, "can only concatenate tuple (not \"%s\") to tuple", b.TypeName())
		}
	case compiler.OpMul:
		if isRepeatable(a) {
			return Value{}, true, Errorf(TypeError, "can't multiply sequence by non-int of type '%s'", b.TypeName())
		}
		if isRepeatable(b) {
			return Value{}, true, Errorf(TypeError, "can't multiply sequence by non-int of type '%s'", a.TypeName())
		}
	}
	return Value{}, false, nil
}

func isRepeatable(v Value) bool {
	switch v.o.(type) {
	case *List, *Tuple, *StrObject, *Bytes, SequenceRepeater:
		return true
	}
	return false
}

// SequenceRepeater is implemented by native objects whose '*' repeats them
// as a sequence (CPython's sq_repeat, as array.array's): multiplying one by
// an operand without __index__ is "can't multiply sequence by non-int".
type SequenceRepeater interface {
	// RepeatsSequence marks the type; it does nothing.
	RepeatsSequence()
}

// rangePrealloc is how many items a slice built from a range (ToSlice)
// gets at once: a huge one grows as it goes.
const rangePrealloc = 1 << 20

// chargeGrow charges the new backing array when appending extra items to
// l would reallocate it (Go's append grows by 2x, then 1.25x).
func (t *Thread) chargeGrow(l *List, extra int) error {
	need := l.Len() + extra
	c := l.Cap()
	if need <= c || t == nil {
		return nil
	}
	newCap := 2 * c
	if c >= 256 {
		newCap = c + (c+3*256)/4
	}
	if newCap < need {
		newCap = need
	}
	size := int64(valueSize)
	if l.kind != listValues {
		size = 8 // a payload or a *StrObject
	}
	return t.vm.ChargeItems(int64(newCap), size)
}
