package vm

import "strings"

// The str strategy of lists (see list_strategy.go): a list of only strs
// keeps their *StrObject pointers, 8 bytes an element instead of a 24-byte
// Value. A str subclass instance is a *StrObject too, so any str fits and
// reads back as the identical object.

// strItems holds the elements of a listStrs list.
type strItems struct{ s []*StrObject }

// newStrItems returns the str storage of a list whose first element is s,
// with room for minListGrowth strs in the same allocation ("chars = []"
// then a few appends: one allocation, not one for the strItems and one
// for its array).
func newStrItems(s *StrObject) *strItems {
	x := &struct {
		it  strItems
		arr [minListGrowth]*StrObject
	}{}
	x.arr[0] = s
	x.it.s = x.arr[:1]
	return &x.it
}

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
	if sep == "" && len(strs) <= 255 {
		// "".join(chars) of a word's letters: sized and built without
		// joinParts' calls per part
		size, ascii := 0, true
		for _, s := range strs {
			size += len(s.s)
			ascii = ascii && s.ascii == 1
		}
		if size > 0 && size <= strInlineMax {
			if err := t.vm.Charge(int64(size)); err != nil {
				return Value{}, err
			}
			o, buf := strAlloc(size)
			k := 0
			for _, s := range strs {
				if len(s.s) == 1 {
					buf[k] = s.s[0]
					k++
				} else {
					k += copy(buf[k:], s.s)
				}
			}
			if ascii {
				o.ascii, o.nchars = 1, int32(size)
			}
			return Value{o: o}, nil
		}
	}
	sepASCII := true
	for i := 0; i < len(sep); i++ {
		sepASCII = sepASCII && sep[i] < 0x80
	}
	return t.joinParts(sep, sepASCII, len(strs), func(i int) *StrObject { return strs[i] })
}

// joinParts is sep.join of n strs, part(i) giving the i-th (n >= 1);
// sepASCII says sep is known to be ASCII. A short result (a word from its
// letters) is built in the str object's own bytes, ASCII when every part
// is known to be.
func (t *Thread) joinParts(sep string, sepASCII bool, n int, part func(int) *StrObject) (Value, error) {
	size := len(sep) * (n - 1)
	ascii := sep == "" || sepASCII
	for i := 0; i < n; i++ {
		if i&255 == 255 {
			if err := t.Check(); err != nil {
				return Value{}, err
			}
		}
		s := part(i)
		size += len(s.s)
		ascii = ascii && s.ascii == 1
	}
	if err := t.vm.Charge(int64(size)); err != nil {
		return Value{}, err
	}
	if size > 0 && size <= strInlineMax {
		o, buf := strAlloc(size)
		k := 0
		for i := 0; i < n; i++ {
			if i > 0 && sep != "" {
				k += copy(buf[k:], sep)
			}
			if p := part(i).s; len(p) == 1 {
				buf[k] = p[0]
				k++
			} else {
				k += copy(buf[k:], p)
			}
		}
		if ascii {
			o.ascii, o.nchars = 1, int32(size)
		}
		return Value{o: o}, nil
	}
	var b strings.Builder
	b.Grow(size)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(part(i).s)
	}
	return Str(b.String()), nil
}
