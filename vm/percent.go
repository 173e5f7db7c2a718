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
	t := p.t
	if b, ok := x.ToBig(); ok {
		if verb == 'd' || verb == 'i' || verb == 'u' {
			if err := t.checkIntStrDigits(b); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
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

// strPercent is a % b for a plain str a without looking up and calling
// str.__mod__, when b's type is not a str subclass (whose __rmod__ would be
// tried first).
func (t *Thread) strPercent(a, b Value) (Value, bool, error) {
	x, ok := a.o.(*StrObject)
	if !ok || x.subclass() != nil {
		return Value{}, false, nil
	}
	if y, ok := b.o.(*StrObject); ok && y.subclass() != nil {
		return Value{}, false, nil
	}
	s, err := t.percentFormat(x.s, b)
	if err != nil {
		return Value{}, true, err
	}
	return Str(s), true, nil
}

// percentFormat evaluates format % v for a str format.
func (t *Thread) percentFormat(format string, v Value) (string, error) {
	if s, ok := percentSimple(format, v); ok {
		return s, nil
	}
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

// bytesPercentArgs adapts the operand of bytes % operand: the format and
// the inserted bytes travel through pyfmt as latin-1 text.
type bytesPercentArgs struct {
	percentArgs
}

// Lookup implements pyfmt.PercentArgs: mapping keys are bytes.
func (p *bytesPercentArgs) Lookup(key string) (any, error) {
	b, _ := encodeString(key, "latin-1", "strict")
	return p.t.GetItem(p.v, NewBytes(b))
}

// Char implements pyfmt.PercentArgs: %c takes an int in range(256) or a
// single byte.
func (p *bytesPercentArgs) Char(v any) (rune, error) {
	x := v.(Value)
	if b, ok := bytesLike(x); ok && len(b) == 1 {
		return rune(b[0]), nil
	}
	if !hasIndex(x) {
		return 0, Errorf(TypeError, "%s", "%c requires an integer in range(256) or a single byte")
	}
	r, err := p.t.IndexValue(x)
	if err != nil {
		return 0, err
	}
	n, ok := r.AsInt64()
	if !ok || n < 0 || n > 255 {
		return 0, Errorf(OverflowError, "%s", "%c arg not in range(256)")
	}
	return rune(n), nil
}

// Str implements pyfmt.PercentArgs: %s and %b insert bytes, %r and %a the
// ASCII repr.
func (p *bytesPercentArgs) Str(v any, verb rune) (string, error) {
	x := v.(Value)
	if verb == 'r' || verb == 'a' {
		s, err := p.t.Repr(x)
		return asciiEscape(s), err
	}
	b, ok := bytesLike(x)
	if !ok {
		if r, found, err := p.t.callSpecial(x, "__bytes__"); found {
			if err != nil {
				return "", err
			}
			if b, ok = bytesLike(r); !ok {
				return "", Errorf(TypeError, "__bytes__ returned non-bytes (type %s)", r.TypeName())
			}
		} else {
			return "", Errorf(TypeError, "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'", x.TypeName())
		}
	}
	s, _ := decodeBytes(b, "latin-1", "strict", Value{})
	return s, nil
}

// bytesPercentFormat evaluates format % v for a bytes format.
func (t *Thread) bytesPercentFormat(format []byte, v Value) ([]byte, error) {
	f, _ := decodeBytes(format, "latin-1", "strict", Value{})
	// %b is bytes' spelling of %s
	if items, err := pyfmt.ParsePercent(f); err == nil {
		var rs []rune
		for _, it := range items {
			if it.IsConv && it.Conv.Verb == 'b' {
				if rs == nil {
					rs = []rune(f)
				}
				rs[it.Conv.Index] = 's'
			}
		}
		if rs != nil {
			f = string(rs)
		}
	}
	p := &bytesPercentArgs{percentArgs{t: t, v: v}}
	if tup, ok := v.o.(*Tuple); ok {
		p.isTup = true
		p.tuple = tup.items
	}
	s, err := pyfmt.FormatPercent(f, p)
	if err != nil {
		if fe, ok := err.(*pyfmt.FormatError); ok && fe.Msg == "not all arguments converted during string formatting" {
			return nil, Errorf(TypeError, "not all arguments converted during bytes formatting")
		}
		return nil, pyfmtError(err)
	}
	return encodeString(s, "latin-1", "strict")
}
