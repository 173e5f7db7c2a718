package vm

import (
	"math"
	"slices"
	"unsafe"
)

// List storage strategies (PyPy's idea). A list whose elements are all small
// ints keeps only their int64 payloads, one whose elements are all floats
// only their float64 bits, in List.nums: 8 bytes an element instead of a
// 24-byte Value, and pointer-free, so the collector never scans it. The first
// element of another kind switches the list to the general []Value storage
// (List.vals) for good. A list of only strs keeps their *StrObject
// pointers (List.strs): 8 bytes an element, not pointer-free but a third
// of the general storage (list_strs.go).
//
// Observable behaviour is unchanged: Is() compares inline ints and floats by
// kind and payload, so an element read back from nums is identical to the
// one stored.
//
// Code that needs a []Value calls Items(), which switches the list to the
// general storage; the hot operations (index, store, append, iteration,
// len, repetition, slicing, sort, count, extend) work on nums directly,
// and index, store, append, iteration, len, slicing, copying and
// str.join on strs.

// listKind says which storage a List uses.
type listKind uint8

const (
	listValues listKind = iota // vals holds the elements
	listInts                   // nums holds int64 payloads of small ints
	listFloats                 // nums holds float64 bits
	listStrs                   // strs holds the elements, all *StrObject
)

// numeric reports whether the list's elements are in nums.
func (k listKind) numeric() bool { return k == listInts || k == listFloats }

// kindOf returns the strategy a list whose first element is v takes.
func kindOf(v Value) listKind {
	switch v.o.(type) {
	case intMarker:
		return listInts
	case floatMarker:
		return listFloats
	case *StrObject:
		return listStrs
	}
	return listValues
}

// fits reports whether v can be stored in a list of kind k without
// switching to the general storage.
func (k listKind) fits(v Value) bool {
	switch k {
	case listInts:
		_, ok := v.o.(intMarker)
		return ok
	case listFloats:
		_, ok := v.o.(floatMarker)
		return ok
	case listStrs:
		_, ok := v.o.(*StrObject)
		return ok
	}
	return true
}

// value rebuilds the element with payload n of a numeric list of kind k.
func (k listKind) value(n uint64) Value {
	if k == listInts {
		return Value{o: intMarker{}, n: n}
	}
	return Value{o: floatMarker{}, n: n}
}

// newIntList returns an empty list using the int strategy with room for n.
func newIntList(n int) *List { return &List{kind: listInts, nums: make([]uint64, 0, n)} }

// buildList returns a new list of a copy of items, with the numeric
// strategy when they all fit one.
func buildList(items []Value) *List {
	if len(items) == 0 {
		return &List{}
	}
	k := kindOf(items[0])
	if k != listValues {
		for _, v := range items[1:] {
			if !k.fits(v) {
				k = listValues
				break
			}
		}
	}
	switch k {
	case listValues:
		return &List{vals: append([]Value(nil), items...)}
	case listStrs:
		strs := make([]*StrObject, len(items))
		for i, v := range items {
			strs[i] = v.o.(*StrObject)
		}
		return &List{kind: k, strs: &strItems{strs}}
	}
	nums := make([]uint64, len(items))
	for i, v := range items {
		nums[i] = v.n
	}
	return &List{kind: k, nums: nums}
}

// Len returns the number of elements.
func (l *List) Len() int {
	switch l.kind {
	case listValues:
		return len(l.vals)
	case listStrs:
		return len(l.strs.s)
	}
	return len(l.nums)
}

// Cap returns the number of elements the storage holds without growing.
func (l *List) Cap() int {
	switch l.kind {
	case listValues:
		return cap(l.vals)
	case listStrs:
		return cap(l.strs.s)
	}
	return cap(l.nums)
}

// At returns element i (0 <= i < Len()).
func (l *List) At(i int) Value {
	switch l.kind {
	case listValues:
		return l.vals[i]
	case listStrs:
		return Value{o: l.strs.s[i]}
	}
	return l.kind.value(l.nums[i])
}

// SetAt stores v as element i (0 <= i < Len()).
func (l *List) SetAt(i int, v Value) {
	if l.kind == listValues {
		l.vals[i] = v
		return
	}
	if l.kind.fits(v) {
		if l.kind == listStrs {
			l.strs.s[i] = v.o.(*StrObject)
			return
		}
		l.nums[i] = v.n
		return
	}
	l.generalize()
	l.vals[i] = v
}

// Items returns the list's elements (shared, not copied), switching the list
// to the general storage.
func (l *List) Items() []Value {
	if l.kind != listValues {
		l.generalize()
	}
	return l.vals
}

// snapshot returns the elements as Values without changing the storage:
// the general storage itself, or a fresh copy of a numeric list's (so the
// caller must not keep or modify it).
func (l *List) snapshot() []Value {
	if l.kind == listValues {
		return l.vals
	}
	if l.kind == listStrs {
		return strObjValues(l.strs.s, 0)
	}
	out := make([]Value, len(l.nums))
	k := l.kind
	for i, n := range l.nums {
		out[i] = k.value(n)
	}
	return out
}

// SetItems replaces the list's elements (not copied).
func (l *List) SetItems(items []Value) {
	l.vals, l.nums, l.strs, l.kind = items, nil, nil, listValues
}

// Append adds v at the end.
func (l *List) Append(v Value) {
	switch l.kind {
	case listValues:
		if cap(l.vals) == 0 {
			switch k := kindOf(v); k {
			case listValues:
			case listStrs:
				l.kind, l.strs = k, newStrItems(v.o.(*StrObject))
				return
			default:
				nums := append(l.nums[:0], v.n)
				if cap(nums) < minListGrowth {
					nums = append(make([]uint64, 0, minListGrowth), v.n)
				}
				l.kind, l.nums, l.vals = k, nums, nil
				return
			}
			l.vals = append(make([]Value, 0, minListGrowth), v)
			return
		}
		l.vals = append(l.vals, v)
		return
	case listStrs:
		if s, ok := v.o.(*StrObject); ok {
			l.strs.s = append(l.strs.s, s)
			return
		}
		l.generalize()
		l.vals = append(l.vals, v)
		return
	}
	if l.kind.fits(v) {
		l.nums = append(l.nums, v.n)
		return
	}
	l.generalize()
	l.vals = append(l.vals, v)
}

// minListGrowth is the room the first append gives an empty list, as
// CPython's list_resize does: a list built by appends ("chars = []" then
// a few appends) is allocated once instead of at 1, 2 and 4 elements.
const minListGrowth = 4

// generalize switches a numeric list to the []Value storage.
func (l *List) generalize() {
	if l.kind == listValues {
		return
	}
	if l.kind == listStrs {
		l.vals, l.strs, l.kind = strObjValues(l.strs.s, cap(l.strs.s)), nil, listValues
		return
	}
	vals := make([]Value, len(l.nums), max(cap(l.nums), 1))
	k := l.kind
	for i, n := range l.nums {
		vals[i] = k.value(n)
	}
	l.vals, l.nums, l.kind = vals, nil, listValues
}

// copyList returns a new list holding the elements of l (a shallow copy,
// same strategy).
func copyList(l *List) *List {
	switch l.kind {
	case listValues:
		return &List{vals: append([]Value(nil), l.vals...)}
	case listStrs:
		return &List{kind: listStrs, strs: &strItems{append([]*StrObject(nil), l.strs.s...)}}
	}
	return &List{kind: l.kind, nums: append([]uint64(nil), l.nums...)}
}

// sliceList returns the elements start, start+step, ... (count of them) as a
// new list of the same strategy.
func sliceList(l *List, start, step, count int) *List {
	switch l.kind {
	case listValues:
		return &List{vals: selectSlice(l.vals, start, step, count)}
	case listStrs:
		return &List{kind: listStrs, strs: &strItems{selectSlice(l.strs.s, start, step, count)}}
	}
	out := make([]uint64, count)
	if step == 1 {
		copy(out, l.nums[start:start+count])
	} else {
		for i, j := 0, start; i < count; i, j = i+1, j+step {
			out[i] = l.nums[j]
		}
	}
	return &List{kind: l.kind, nums: out}
}

// repeatNumList is l * n for a numeric list l.
func (t *Thread) repeatNumList(l *List, n int) (Value, error) {
	if n <= 0 || len(l.nums) == 0 {
		return Value{o: &List{}}, nil
	}
	if n > (1<<40)/len(l.nums) {
		return Value{}, Errorf(MemoryError, "")
	}
	if t != nil {
		if err := t.vm.ChargeItems(int64(len(l.nums))*int64(n), 8); err != nil {
			return Value{}, err
		}
	}
	return Value{o: &List{kind: l.kind, nums: repeatNums(l.nums, n)}}, nil
}

// repeatNums returns nums repeated n times (n > 0, nums not empty).
func repeatNums(nums []uint64, n int) []uint64 {
	out := make([]uint64, len(nums)*n)
	copy(out, nums)
	for filled := len(nums); filled < len(out); filled *= 2 {
		copy(out[filled:], out[:filled])
	}
	return out
}

// appendList appends src's elements to l (src may be l).
func (l *List) appendList(src *List) {
	if src.kind == listStrs {
		if l.kind == listStrs {
			l.strs.s = append(l.strs.s, src.strs.s...)
			return
		}
		if len(l.vals) == 0 && cap(l.vals) == 0 && l.kind == listValues {
			l.kind, l.strs = listStrs, &strItems{append([]*StrObject(nil), src.strs.s...)}
			return
		}
		l.Items()
		l.vals = append(l.vals, src.snapshot()...)
		return
	}
	if l.kind.numeric() && l.kind == src.kind {
		l.nums = append(l.nums, src.nums...)
		return
	}
	if len(l.vals) == 0 && cap(l.vals) == 0 && l.kind == listValues && src.kind != listValues {
		l.kind, l.nums = src.kind, append([]uint64(nil), src.nums...)
		return
	}
	if src.kind == listValues {
		l.Items()
		l.vals = append(l.vals, src.vals...)
		return
	}
	l.Items()
	k := src.kind
	for _, n := range src.nums {
		l.vals = append(l.vals, k.value(n))
	}
}

// numSliceSource returns the payloads to assign to a slice of l from v
// when both are numeric lists of the same kind (a copy when v is l).
func (l *List) numSliceSource(v Value) ([]uint64, bool) {
	src, ok := v.o.(*List)
	if !ok || !l.kind.numeric() || src.kind != l.kind {
		return nil, false
	}
	if src == l {
		return append([]uint64(nil), src.nums...), true
	}
	return src.nums, true
}

// assignNums is l[start:stop:step] = nums for a numeric list (count is
// the slice's length).
func (l *List) assignNums(nums []uint64, start, stop, step, count int) error {
	if step == 1 {
		stop = max(stop, start)
		l.nums = slices.Replace(l.nums, start, stop, nums...)
		return nil
	}
	if len(nums) != count {
		return Errorf(ValueError, "attempt to assign sequence of size %d to extended slice of size %d", len(nums), count)
	}
	for i, j := 0, start; i < count; i, j = i+1, j+step {
		l.nums[j] = nums[i]
	}
	return nil
}

// countNum counts the elements equal to v in a numeric list, when that can
// be decided on payloads alone (ok false otherwise: the caller compares
// Values).
func (l *List) countNum(v Value) (n int, ok bool) {
	if l.kind == listInts {
		if _, isInt := v.o.(intMarker); isInt {
			for _, x := range l.nums {
				if x == v.n {
					n++
				}
			}
			return n, true
		}
	}
	if l.kind == listFloats {
		if _, isFloat := v.o.(floatMarker); isFloat {
			f := math.Float64frombits(v.n)
			for _, x := range l.nums {
				// CPython tests identity first: the same NaN object counts.
				if math.Float64frombits(x) == f || x == v.n && f != f {
					n++
				}
			}
			return n, true
		}
	}
	return 0, false
}

// sortNums sorts a numeric list in place without a key, as list.sort does
// (stable; reverse keeps equal elements in order). ok is false when the
// list holds a NaN (CPython's result then depends on its algorithm's
// comparisons; the general sort reproduces them).
func (l *List) sortNums(reverse bool) bool {
	switch l.kind {
	case listInts:
		s := int64s(l.nums)
		if reverse {
			slices.SortFunc(s, func(a, b int64) int { return cmpOrdered(b, a) })
		} else {
			slices.Sort(s)
		}
		return true
	case listFloats:
		for _, x := range l.nums {
			if f := math.Float64frombits(x); f != f {
				return false
			}
		}
		// Unstable sort on the values, then put the zeros (the only equal
		// floats with distinct bits: 0.0 and -0.0) back in their original
		// order, which is what a stable sort leaves.
		var zeros []uint64
		for _, x := range l.nums {
			if x<<1 == 0 {
				zeros = append(zeros, x)
			}
		}
		s := float64s(l.nums)
		if reverse {
			slices.SortFunc(s, func(a, b float64) int { return cmpOrdered(b, a) })
		} else {
			slices.Sort(s)
		}
		if len(zeros) > 0 {
			i, _ := slices.BinarySearchFunc(s, 0.0, func(a, b float64) int {
				if reverse {
					return cmpOrdered(b, a)
				}
				return cmpOrdered(a, b)
			})
			copy(l.nums[i:], zeros)
		}
		return true
	}
	return false
}

// int64s and float64s view a payload slice as its numbers.
func int64s(n []uint64) []int64 {
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(n))), len(n))
}

func float64s(n []uint64) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(n))), len(n))
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
