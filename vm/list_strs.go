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
	size := len(sep) * (len(strs) - 1)
	for _, s := range strs {
		if err := t.Check(); err != nil {
			return Value{}, err
		}
		size += len(s.s)
	}
	if err := t.vm.Charge(int64(size)); err != nil {
		return Value{}, err
	}
	var b strings.Builder
	b.Grow(size)
	for i, s := range strs {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s.s)
	}
	return Str(b.String()), nil
}
