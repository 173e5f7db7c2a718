package vm

import (
	"math/big"
)

type bigIntT = big.Int

// Index converts v to an int64 index via __index__ (ints and bools directly).
func (t *Thread) Index(v Value) (int64, error) {
	if n, ok := v.AsInt64(); ok {
		return n, nil
	}
	if _, ok := v.o.(*bigInt); ok {
		return 0, Errorf(IndexError, "cannot fit 'int' into an index-sized integer")
	}
	if r, ok, err := t.callSpecial(v, "__index__"); ok {
		if err != nil {
			return 0, err
		}
		if n, ok := r.AsInt64(); ok {
			return n, nil
		}
		return 0, Errorf(TypeError, "__index__ returned non-int (type %s)", r.TypeName())
	}
	return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", v.TypeName())
}

// SliceIndices resolves a slice against a sequence of length n, returning
// start, stop, step and the number of selected items (slice.indices).
func (t *Thread) SliceIndices(s *Slice, n int) (start, stop, step, count int, err error) {
	return t.sliceIndices3(s.Start, s.Stop, s.Step, n)
}

// sliceIndices3 is SliceIndices for the three parts of a slice.
func (t *Thread) sliceIndices3(sStart, sStop, sStep Value, n int) (start, stop, step, count int, err error) {
	step = 1
	if !sStep.IsNone() {
		st := sStep.SmallInt()
		if !sStep.IsSmallInt() {
			if st, err = t.sliceIndex(sStep); err != nil {
				return 0, 0, 0, 0, err
			}
		}
		if st == 0 {
			return 0, 0, 0, 0, Errorf(ValueError, "slice step cannot be zero")
		}
		step = int(st)
	}
	if step < 0 {
		// bounds -1 and n-1; a missing start is the last item
		if start, err = t.sliceBound(sStart, n-1, -1, n-1, n); err == nil {
			stop, err = t.sliceBound(sStop, -1, -1, n-1, n)
		}
	} else if start, err = t.sliceBound(sStart, 0, 0, n, n); err == nil {
		stop, err = t.sliceBound(sStop, n, 0, n, n)
	}
	if err != nil {
		return
	}
	if step < 0 {
		if stop < start {
			count = (start-stop-1)/(-step) + 1
		}
	} else if start < stop {
		count = (stop-start-1)/step + 1
	}
	return
}

// sliceBound resolves one bound of a slice of a sequence of length n: def
// when v is None, else v counted from the end when negative, clamped to
// [lower, upper].
func (t *Thread) sliceBound(v Value, def, lower, upper, n int) (int, error) {
	x := v.SmallInt()
	if !v.IsSmallInt() {
		if v.IsNone() {
			return def, nil
		}
		var err error
		if x, err = t.sliceIndex(v); err != nil {
			return 0, err
		}
	}
	if x < 0 {
		x += int64(n)
		if x < int64(lower) {
			x = int64(lower)
		}
	} else if x > int64(upper) {
		x = int64(upper)
	}
	return int(x), nil
}

func (t *Thread) sliceIndex(v Value) (int64, error) {
	if n, ok := v.AsInt64(); ok {
		return n, nil
	}
	if b, ok := v.o.(*bigInt); ok {
		if b.v.Sign() < 0 {
			return -1 << 62, nil
		}
		return 1 << 62, nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		return t.Index(v)
	}
	return 0, Errorf(TypeError, "slice indices must be integers or None or have an __index__ method")
}

// seqIndex normalises index i for a sequence of length n.
func (t *Thread) seqIndex(key Value, n int, what string) (int, error) {
	i, err := t.Index(key)
	if err != nil {
		if _, has := key.Type().Lookup("__index__"); has {
			return 0, err // __index__ itself failed
		}
		if e, ok := err.(*Exception); ok && e.cls == TypeError {
			if what == "string" {
				return 0, Errorf(TypeError, "string indices must be integers, not '%s'", key.TypeName())
			}
			return 0, Errorf(TypeError, "%s indices must be integers or slices, not %s", what, key.TypeName())
		}
		if e, ok := err.(*Exception); ok && e.cls == IndexError {
			return 0, Errorf(IndexError, "cannot fit 'int' into an index-sized integer")
		}
		return 0, err
	}
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return -1, nil
	}
	return int(i), nil
}

// selectSlice returns items start, start+step, ... (count of them) in a
// new slice.
func selectSlice[T any](items []T, start, step, count int) []T {
	out := make([]T, count)
	if step == 1 {
		copy(out, items[start:start+count])
		return out
	}
	for i, j := 0, start; i < count; i, j = i+1, j+step {
		out[i] = items[j]
	}
	return out
}

// GetItem returns obj[key].
func (t *Thread) GetItem(obj, key Value) (Value, error) {
	switch o := obj.o.(type) {
	case *List:
		if o.cls == nil || !hasUserMethod(o.cls, "__getitem__") {
			if s, ok := key.o.(*Slice); ok {
				start, _, step, count, err := t.SliceIndices(s, o.Len())
				if err != nil {
					return Value{}, err
				}
				return Value{o: sliceList(o, start, step, count)}, nil
			}
			i, err := t.seqIndex(key, o.Len(), "list")
			if err != nil {
				return Value{}, err
			}
			if i < 0 {
				return Value{}, Errorf(IndexError, "list index out of range")
			}
			return o.At(i), nil
		}
	case *Tuple:
		if o.cls == nil {
			if s, ok := key.o.(*Slice); ok {
				start, _, step, count, err := t.SliceIndices(s, len(o.items))
				if err != nil {
					return Value{}, err
				}
				if start == 0 && step == 1 && count == len(o.items) {
					return obj, nil
				}
				return NewTuple(selectSlice(o.items, start, step, count)), nil
			}
			i, err := t.seqIndex(key, len(o.items), "tuple")
			if err != nil {
				return Value{}, err
			}
			if i < 0 {
				return Value{}, Errorf(IndexError, "tuple index out of range")
			}
			return o.items[i], nil
		}
	case *StrObject:
		if o.subclass() == nil {
			n := o.Len()
			if s, ok := key.o.(*Slice); ok {
				start, _, step, count, err := t.SliceIndices(s, n)
				if err != nil {
					return Value{}, err
				}
				if step == 1 {
					return strValue(o.Substr(start, start+count)), nil
				}
				buf := make([]rune, count)
				if o.IsASCII() {
					for i, j := 0, start; i < count; i, j = i+1, j+step {
						buf[i] = rune(o.s[j])
					}
				} else {
					rs := o.Runes()
					for i, j := 0, start; i < count; i, j = i+1, j+step {
						buf[i] = rs[j]
					}
				}
				return strValue(runesString(buf)), nil
			}
			i, err := t.seqIndex(key, n, "string")
			if err != nil {
				return Value{}, err
			}
			if i < 0 {
				return Value{}, Errorf(IndexError, "string index out of range")
			}
			return strValue(o.At(i)), nil
		}
	case *Dict:
		if o.cls == nil {
			v, ok, err := o.Get(t, key)
			if err != nil {
				return Value{}, err
			}
			if !ok {
				return Value{}, NewException(KeyError, key)
			}
			return v, nil
		}
		if !hasUserMethod(o.cls, "__getitem__") {
			v, ok, err := o.Get(t, key)
			if err != nil {
				return Value{}, err
			}
			if !ok {
				if m, found := o.cls.Lookup("__missing__"); found {
					return t.callMethod(m, obj, []Value{key}, nil)
				}
				return Value{}, NewException(KeyError, key)
			}
			return v, nil
		}
	case *Range:
		return t.rangeGetItem(o, key)
	case *Bytes:
		if s, ok := key.o.(*Slice); ok {
			start, _, step, count, err := t.SliceIndices(s, len(o.b))
			if err != nil {
				return Value{}, err
			}
			out := make([]byte, count)
			for i, j := 0, start; i < count; i, j = i+1, j+step {
				out[i] = o.b[j]
			}
			return Value{o: &Bytes{b: out, mutable: o.mutable}}, nil
		}
		what := "byte"
		if o.mutable {
			what = "bytearray"
		}
		i, err := t.seqIndex(key, len(o.b), what)
		if err != nil {
			return Value{}, err
		}
		if i < 0 {
			if o.mutable {
				return Value{}, Errorf(IndexError, "bytearray index out of range")
			}
			return Value{}, Errorf(IndexError, "index out of range")
		}
		return Int(int64(o.b[i])), nil
	case *Type:
		if m, ok := o.Lookup("__class_getitem__"); ok {
			if cm, ok := m.o.(*ClassMethod); ok {
				m = cm.fn
			}
			return t.callMethod(m, obj, []Value{key}, nil)
		}
		if o.builtin || o == nil {
			return Value{o: &GenericAlias{origin: obj, args: key}}, nil
		}
	}
	if ii, ok := obj.o.(IndexedItems); ok && key.IsSmallInt() {
		if v, ok := ii.GetIndex(t, key.SmallInt()); ok {
			return v, nil
		}
	}
	if r, ok, err := t.callSpecial(obj, "__getitem__", key); ok {
		return r, err
	}
	if _, ok := obj.o.(*Type); ok {
		return Value{}, Errorf(TypeError, "type '%s' is not subscriptable", obj.o.(*Type).Name)
	}
	return Value{}, Errorf(TypeError, "'%s' object is not subscriptable", obj.TypeName())
}

func hasUserMethod(cls *Type, name string) bool {
	m, ok := cls.Lookup(name)
	return ok && !isBuiltinSlot(m)
}

// SetItem performs obj[key] = v.
func (t *Thread) SetItem(obj, key, v Value) error {
	switch o := obj.o.(type) {
	case *List:
		if o.cls == nil || !hasUserMethod(o.cls, "__setitem__") {
			if s, ok := key.o.(*Slice); ok {
				return t.listSetSlice(o, s, v)
			}
			i, err := t.seqIndex(key, o.Len(), "list")
			if err != nil {
				return err
			}
			if i < 0 {
				return Errorf(IndexError, "list assignment index out of range")
			}
			o.SetAt(i, v)
			return nil
		}
	case *Dict:
		if o.cls == nil || !hasUserMethod(o.cls, "__setitem__") {
			return o.Set(t, key, v)
		}
	case *Bytes:
		if o.mutable {
			return t.bytearraySetItem(o, key, v)
		}
	}
	if ii, ok := obj.o.(IndexedItems); ok && key.IsSmallInt() {
		if ok, err := ii.SetIndex(t, key.SmallInt(), v); ok {
			return err
		}
	}
	if _, ok, err := t.callSpecial(obj, "__setitem__", key, v); ok {
		return err
	}
	return Errorf(TypeError, "'%s' object does not support item assignment", obj.TypeName())
}

func (t *Thread) listSetSlice(l *List, s *Slice, v Value) error {
	return t.listSetSlice3(l, s.Start, s.Stop, s.Step, v)
}

func (t *Thread) listSetSlice3(l *List, sStart, sStop, sStep, v Value) error {
	if nums, ok := l.numSliceSource(v); ok {
		start, stop, step, count, err := t.sliceIndices3(sStart, sStop, sStep, l.Len())
		if err != nil {
			return err
		}
		return l.assignNums(nums, start, stop, step, count)
	}
	var items []Value
	if src, ok := v.o.(*List); ok && src != l {
		items = src.snapshot() // not retained: copied into l below
	} else if src, ok := v.o.(*Tuple); ok {
		items = src.items
	} else {
		var err error
		items, err = t.ToSlice(v)
		if err != nil {
			if e, ok := err.(*Exception); ok && e.cls == TypeError {
				if sStep.IsNone() {
					return Errorf(TypeError, "can only assign an iterable")
				}
				return Errorf(TypeError, "must assign iterable to extended slice")
			}
			return err
		}
	}
	start, stop, step, count, err := t.sliceIndices3(sStart, sStop, sStep, l.Len())
	if err != nil {
		return err
	}
	if step == 1 {
		if stop < start {
			stop = start
		}
		if stop-start == len(items) {
			copy(l.Items()[start:stop], items)
			return nil
		}
		tail := append([]Value(nil), l.Items()[stop:]...)
		l.vals = append(append(l.Items()[:start], items...), tail...)
		return nil
	}
	if len(items) != count {
		return Errorf(ValueError, "attempt to assign sequence of size %d to extended slice of size %d", len(items), count)
	}
	for i, j := 0, start; i < count; i, j = i+1, j+step {
		l.SetAt(j, items[i])
	}
	return nil
}

// getSlice3 is obj[start:stop:step] for lists, tuples and strs without
// building a slice object; ok is false for other types.
func (t *Thread) getSlice3(obj, sStart, sStop, sStep Value) (Value, bool, error) {
	switch o := obj.o.(type) {
	case *List:
		if o.cls != nil {
			return Value{}, false, nil
		}
		start, _, step, count, err := t.sliceIndices3(sStart, sStop, sStep, o.Len())
		if err != nil {
			return Value{}, true, err
		}
		return Value{o: sliceList(o, start, step, count)}, true, nil
	case *Tuple:
		if o.cls != nil {
			return Value{}, false, nil
		}
		start, _, step, count, err := t.sliceIndices3(sStart, sStop, sStep, len(o.items))
		if err != nil {
			return Value{}, true, err
		}
		if start == 0 && step == 1 && count == len(o.items) {
			return obj, true, nil
		}
		return NewTuple(selectSlice(o.items, start, step, count)), true, nil
	}
	return Value{}, false, nil
}

// DelItem performs del obj[key].
func (t *Thread) DelItem(obj, key Value) error {
	switch o := obj.o.(type) {
	case *List:
		if o.cls == nil || !hasUserMethod(o.cls, "__delitem__") {
			if s, ok := key.o.(*Slice); ok {
				start, _, step, count, err := t.SliceIndices(s, o.Len())
				if err != nil {
					return err
				}
				if count == 0 {
					return nil
				}
				if step < 0 {
					start = start + (count-1)*step
					step = -step
				}
				keep := o.Items()[:0:0]
				for i, x := range o.Items() {
					if i >= start && (i-start)%step == 0 && (i-start)/step < count {
						continue
					}
					keep = append(keep, x)
				}
				o.SetItems(keep)
				return nil
			}
			i, err := t.seqIndex(key, o.Len(), "list")
			if err != nil {
				return err
			}
			if i < 0 {
				return Errorf(IndexError, "list assignment index out of range")
			}
			copy(o.Items()[i:], o.Items()[i+1:])
			o.SetAt(len(o.Items())-1, Value{})
			o.vals = o.Items()[:len(o.Items())-1]
			return nil
		}
	case *Dict:
		if o.cls == nil || !hasUserMethod(o.cls, "__delitem__") {
			ok, err := o.Delete(t, key)
			if err != nil {
				return err
			}
			if !ok {
				return NewException(KeyError, key)
			}
			return nil
		}
	}
	if _, ok, err := t.callSpecial(obj, "__delitem__", key); ok {
		return err
	}
	// CPython words it "doesn't" for an integer key of a type with
	// sequence methods (every class defined in Python has them)
	typ := obj.Type()
	_, hasItem := typ.Lookup("__getitem__")
	_, hasContains := typ.Lookup("__contains__")
	if (hasItem || hasContains || typ.flags&flagUserClass != 0) && hasIndex(key) {
		return Errorf(TypeError, "'%s' object doesn't support item deletion", obj.TypeName())
	}
	return Errorf(TypeError, "'%s' object does not support item deletion", obj.TypeName())
}

// GenericAlias is the result of subscripting a builtin class (list[int]),
// kept so that annotated code runs.
type GenericAlias struct {
	origin Value
	args   Value
}

// Type implements Object.
func (*GenericAlias) Type() *Type { return GenericAliasType }

// GenericAliasType is the type of list[int] and friends.
var GenericAliasType = NewCType("GenericAlias", "types", ObjectType, nil)
