package vm

import "strings"

// The str strategy of lists (see list_strategy.go): a list of only strs
// keeps their *StrObject pointers, 8 bytes an element instead of a 24-byte
// Value. A str subclass instance is a *StrObject too, so any str fits and
// reads back as the identical object.

// strItems holds the elements of a listStrs list.
type strItems struct{ s []*StrObject }

// strObjValues returns the strs as Values, in a new slice with room for
// capacity elements (at least len(strs)).
func strObjValues(strs []*StrObject, capacity int) []Value {
	out := make([]Value, len(strs), max(capacity, len(strs), 1))
	for i, s := range strs {
		out[i] = Value{o: s}
	}
	return out
}

// joinStrs is sep.join(strs) (every element a str).
func (t *Thread) joinStrs(sep string, strs []*StrObject) (Value, error) {
	switch len(strs) {
	case 0:
		return emptyStr, nil
	case 1:
		if strs[0].subclass() == nil {
			return Value{o: strs[0]}, nil
		}
	}
	return t.joinParts(sep, len(strs), func(i int) string { return strs[i].s })
}

// joinParts is sep.join of n strs, part(i) giving the text of the i-th
// (n >= 1).
func (t *Thread) joinParts(sep string, n int, part func(int) string) (Value, error) {
	size := len(sep) * (n - 1)
	for i := 0; i < n; i++ {
		if err := t.Check(); err != nil {
			return Value{}, err
		}
		size += len(part(i))
	}
	if err := t.vm.Charge(int64(size)); err != nil {
		return Value{}, err
	}
	var b strings.Builder
	b.Grow(size)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(part(i))
	}
	return Str(b.String()), nil
}
