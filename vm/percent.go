package vm

import (
	"math/big"

	"github.com/pyasync/pyasync/vm/pyfmt"
)

// percentArgs adapts the right operand of str % operand to pyfmt.
type percentArgs struct {
	t     *Thread
	v     Value
	tuple []Value
	isTup bool
}

// Len implements pyfmt.PercentArgs.
func (p *percentArgs) Len() int {
	if p.isTup {
		return len(p.tuple)
	}
	return -1
}

// Item implements pyfmt.PercentArgs.
func (p *percentArgs) Item(i int) any {
	if i < 0 {
		return p.v
	}
	return p.tuple[i]
}

// IsMapping implements pyfmt.PercentArgs.
func (p *percentArgs) IsMapping() bool {
	switch p.v.o.(type) {
	case *Tuple, *StrObject:
		return false
	case *Dict, *List, *Bytes:
		return true
	}
	if p.v.Object() == nil {
		return false
	}
	_, ok := p.v.Type().Lookup("__getitem__")
	return ok
}

// Lookup implements pyfmt.PercentArgs.
func (p *percentArgs) Lookup(key string) (any, error) {
	return p.t.GetItem(p.v, Str(key))
}

// StarArg implements pyfmt.PercentArgs.
func (p *percentArgs) StarArg(v any, precision bool) (int, error) {
	x := v.(Value)
	b, ok := x.ToBig()
	if !ok {
		return 0, pyfmt.ErrStarWantsInt
	}
	return pyfmt.StarFromInt(b, precision)
}

// Int implements pyfmt.PercentArgs.
func (p *percentArgs) Int(v any, verb rune) (*big.Int, error) {
	x := v.(Value)
	if b, ok := x.ToBig(); ok {
		return b, nil
	}
	t := p.t
	if verb == 'o' || verb == 'x' || verb == 'X' {
		if _, ok := x.Type().Lookup("__index__"); !ok {
			return nil, pyfmt.PercentIntTypeError(verb, x.TypeName())
		}
		r, err := t.IndexValue(x)
		if err != nil {
			return nil, err
		}
		b, _ := r.ToBig()
		return b, nil
	}
	if !isNumberLike(x) {
		return nil, pyfmt.PercentIntTypeError(verb, x.TypeName())
	}
	r, err := t.ToInt(x)
	if err != nil {
		return nil, err
	}
	b, _ := r.ToBig()
	return b, nil
}

// isNumberLike is PyNumber_Check: ints, floats and objects with __int__,
// __float__ or __index__.
func isNumberLike(v Value) bool {
	switch v.o.(type) {
	case intMarker, boolMarker, floatMarker, *bigInt:
		return true
	case *StrObject, *Bytes, *List, *Tuple, *Dict, noneMarker:
		return false
	}
	for _, n := range []string{"__int__", "__float__", "__index__"} {
		if _, ok := v.Type().Lookup(n); ok {
			return true
		}
	}
	return false
}

// Float implements pyfmt.PercentArgs.
func (p *percentArgs) Float(v any, verb rune) (float64, error) {
	x := v.(Value)
	f, err := p.t.asFloat(x)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.cls == TypeError {
			if !isNumberLike(x) {
				return 0, pyfmt.PercentFloatTypeError(x.TypeName())
			}
		}
		return 0, err
	}
	return f, nil
}

// Char implements pyfmt.PercentArgs.
func (p *percentArgs) Char(v any) (rune, error) {
	x := v.(Value)
	if s, ok := x.o.(*StrObject); ok {
		if s.Len() != 1 {
			return 0, pyfmt.ErrCharRequiresIntOrChar
		}
		return s.Runes()[0], nil
	}
	if !isIntValue(x) {
		if _, ok := x.Type().Lookup("__index__"); !ok {
			return 0, pyfmt.ErrCharRequiresIntOrChar
		}
	}
	r, err := p.t.IndexValue(x)
	if err != nil {
		return 0, err
	}
	b, _ := r.ToBig()
	return pyfmt.CharFromInt(b)
}

// Str implements pyfmt.PercentArgs.
func (p *percentArgs) Str(v any, verb rune) (string, error) {
	x := v.(Value)
	switch verb {
	case 'r':
		return p.t.Repr(x)
	case 'a':
		s, err := p.t.Repr(x)
		return asciiEscape(s), err
	}
	return p.t.Str(x)
}

// percentFormat evaluates format % v for a str format.
func (t *Thread) percentFormat(format string, v Value) (string, error) {
	p := &percentArgs{t: t, v: v}
	if tup, ok := v.o.(*Tuple); ok {
		p.isTup = true
		p.tuple = tup.items
	}
	s, err := pyfmt.FormatPercent(format, p)
	if err != nil {
		return "", pyfmtError(err)
	}
	return s, nil
}
