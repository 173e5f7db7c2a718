package vm

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm/pyfmt"
)

// asFloat is PyFloat_AsDouble: floats, ints, and objects with __float__ or
// __index__.
func (t *Thread) asFloat(v Value) (float64, error) {
	switch v.o.(type) {
	case floatMarker:
		return v.AsFloat(), nil
	case intMarker, boolMarker, *bigInt:
		return toFloat(v)
	}
	if r, ok, err := t.callSpecial(v, "__float__"); ok {
		if err != nil {
			return 0, err
		}
		if !r.IsFloat() {
			return 0, Errorf(TypeError, "%s.__float__ returned non-float (type %s)", v.TypeName(), r.TypeName())
		}
		return r.AsFloat(), nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		r, err := t.IndexValue(v)
		if err != nil {
			return 0, err
		}
		return toFloat(r)
	}
	return 0, Errorf(TypeError, "must be real number, not %s", v.TypeName())
}

// parseFloatString converts the text of a str (or bytes, for the message)
// to a float.
func parseFloatString(s string, orig Value) (float64, error) {
	f, err := pyfmt.FloatFromString(s)
	if err != nil {
		if b, ok := orig.o.(*Bytes); ok {
			return 0, Errorf(ValueError, "could not convert string to float: %s", bytesRepr(b.b))
		}
		return 0, pyfmtError(err)
	}
	return f, nil
}

// ToFloat implements float(v) (PyNumber_Float).
func (t *Thread) ToFloat(v Value) (float64, error) {
	switch o := v.o.(type) {
	case floatMarker:
		return v.AsFloat(), nil
	case intMarker, boolMarker, *bigInt:
		return toFloat(v)
	case *StrObject:
		if o.subclass() == nil {
			return parseFloatString(o.s, v)
		}
	}
	if r, ok, err := t.callSpecial(v, "__float__"); ok {
		if err != nil {
			return 0, err
		}
		if !r.IsFloat() {
			return 0, Errorf(TypeError, "%s.__float__ returned non-float (type %s)", v.TypeName(), r.TypeName())
		}
		return r.AsFloat(), nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		r, err := t.IndexValue(v)
		if err != nil {
			return 0, err
		}
		return toFloat(r)
	}
	switch o := v.o.(type) {
	case *StrObject:
		return parseFloatString(o.s, v)
	case *Bytes:
		return parseFloatString(string(o.b), v)
	}
	return 0, Errorf(TypeError, "float() argument must be a string or a real number, not '%s'", v.TypeName())
}

func floatNew(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
	cls, err := newClassArg("float", args, FloatType)
	if err != nil {
		return Value{}, err
	}
	args = args[1:]
	if len(kw) > 0 {
		return Value{}, Errorf(TypeError, "float() takes no keyword arguments")
	}
	if len(args) > 1 {
		return Value{}, Errorf(TypeError, "float expected at most 1 argument, got %d", len(args))
	}
	f := 0.0
	if len(args) == 1 {
		var err error
		if f, err = t.ToFloat(args[0]); err != nil {
			return Value{}, err
		}
	}
	if cls != FloatType {
		return Value{o: &floatSub{f: f, cls: cls}}, nil
	}
	return Float(f), nil
}

// floatSelf returns the receiver of a float method.
func floatSelf(v Value) float64 {
	if s, ok := v.o.(*floatSub); ok {
		return s.f
	}
	return v.AsFloat()
}

// floatOperand converts the other operand of a float dunder; ok is false
// for types float does not handle.
func floatOperand(v Value) (float64, bool, error) {
	switch o := v.o.(type) {
	case floatMarker:
		return v.AsFloat(), true, nil
	case *floatSub:
		return o.f, true, nil
	case intMarker, boolMarker, *bigInt:
		f, err := toFloat(plainInt(v))
		return f, true, err
	}
	return 0, false, nil
}

func floatBinaryMethod(op compiler.BinaryOp, reflected bool, name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		other, err := oneArg(args, kw, name)
		if err != nil {
			return Value{}, err
		}
		y, ok, err := floatOperand(other)
		if !ok {
			return NotImplemented, nil
		}
		if err != nil {
			return Value{}, err
		}
		x := floatSelf(self)
		if reflected {
			x, y = y, x
		}
		return floatBinary(op, x, y)
	}
}

func floatCompareMethod(op compiler.CompareOp, name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		other, err := oneArg(args, kw, name)
		if err != nil {
			return Value{}, err
		}
		if isIntValue(other) {
			other = plainInt(other)
		} else if fs, ok := other.o.(*floatSub); ok {
			other = Float(fs.f)
		}
		if numOf(other) == numNone {
			return NotImplemented, nil
		}
		c, _ := compareNumbers(Float(floatSelf(self)), other)
		if c == 2 {
			return Bool(op == compiler.CmpNE), nil
		}
		return Bool(cmpResult(op, c)), nil
	}
}

// floatAsIntegerRatio is float.as_integer_ratio.
func floatAsIntegerRatio(f float64) (Value, error) {
	if math.IsInf(f, 0) {
		return Value{}, Errorf(OverflowError, "cannot convert Infinity to integer ratio")
	}
	if math.IsNaN(f) {
		return Value{}, Errorf(ValueError, "cannot convert NaN to integer ratio")
	}
	r, _ := new(big.Float).SetFloat64(f).Rat(nil)
	return Tuple2(BigInt(new(big.Int).Set(r.Num())), BigInt(new(big.Int).Set(r.Denom()))), nil
}

// floatHex is float.hex (CPython's float_hex).
func floatHex(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return pyfmt.FloatRepr(x)
	}
	if x == 0 {
		if math.Signbit(x) {
			return "-0x0.0p+0"
		}
		return "0x0.0p+0"
	}
	m, e := math.Frexp(math.Abs(x))
	shift := 1 - max(-1021-e, 0)
	m = math.Ldexp(m, shift)
	e -= shift
	const hexdigits = "0123456789abcdef"
	var b strings.Builder
	if x < 0 {
		b.WriteByte('-')
	}
	b.WriteString("0x")
	b.WriteByte(hexdigits[int(m)])
	m -= float64(int(m))
	b.WriteByte('.')
	for i := 0; i < 13; i++ {
		m *= 16
		b.WriteByte(hexdigits[int(m)])
		m -= float64(int(m))
	}
	b.WriteByte('p')
	if e < 0 {
		b.WriteByte('-')
		e = -e
	} else {
		b.WriteByte('+')
	}
	b.WriteString(strconv.Itoa(e))
	return b.String()
}

// floatFromHex is float.fromhex.
func floatFromHex(s string) (float64, error) {
	invalid := func() (float64, error) {
		return 0, Errorf(ValueError, "invalid hexadecimal floating-point string")
	}
	s = strings.TrimFunc(s, isSpaceRune)
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	sign := func(f float64) float64 {
		if neg {
			return -f
		}
		return f
	}
	switch strings.ToLower(s) {
	case "inf", "infinity":
		return sign(math.Inf(1)), nil
	case "nan":
		return math.NaN(), nil
	}
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	isHex := func(c byte) bool {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
	}
	i := 0
	for i < len(s) && isHex(s[i]) {
		i++
	}
	intPart := s[:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && isHex(s[i]) {
			i++
		}
		frac = s[j:i]
	}
	if intPart == "" && frac == "" {
		return invalid()
	}
	exp := int64(0)
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		i++
		j := i
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		k := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if k == i {
			return invalid()
		}
		e, err := strconv.ParseInt(s[j:i], 10, 64)
		if err != nil || e > 1<<40 || e < -(1<<40) {
			if s[j] == '-' {
				return sign(0), nil
			}
			if strings.Trim(intPart+frac, "0") == "" {
				return sign(0), nil
			}
			return 0, Errorf(OverflowError, "hexadecimal value too large to represent as a float")
		}
		exp = e
	}
	if i != len(s) {
		return invalid()
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return sign(0), nil
	}
	mant, _ := new(big.Int).SetString(digits, 16)
	exp -= 4 * int64(len(frac))
	// value = mant * 2**exp, rounded half-even to a double
	bf := new(big.Float).SetPrec(uint(mant.BitLen()) + 1).SetInt(mant)
	if exp > 1<<20 {
		return 0, Errorf(OverflowError, "hexadecimal value too large to represent as a float")
	}
	if exp < -(1 << 20) {
		return sign(0), nil
	}
	bf.SetMantExp(bf, int(exp))
	f, _ := bf.Float64()
	if math.IsInf(f, 0) {
		return 0, Errorf(OverflowError, "hexadecimal value too large to represent as a float")
	}
	return sign(f), nil
}

// floatRound is float.__round__.
func (t *Thread) floatRound(x float64, nd Value) (Value, error) {
	if nd.o == nil || nd.IsNone() {
		r := math.Round(x)
		if math.Abs(x-r) == 0.5 {
			r = 2 * math.Round(x/2)
		}
		return floatToInt(r)
	}
	n, err := t.IndexValue(nd)
	if err != nil {
		return Value{}, err
	}
	digits, ok := n.AsInt64()
	if !ok || digits > 1<<30 {
		digits = 1 << 30
		if intSign(n) < 0 {
			digits = -(1 << 30)
		}
	} else if digits < -(1 << 30) {
		digits = -(1 << 30)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return Float(x), nil
	}
	r, err := pyfmt.FormatRound(x, int(digits))
	if err != nil {
		return Value{}, pyfmtError(err)
	}
	return Float(r), nil
}

func init() {
	F := FloatType
	F.NewStaticMethod("__new__", floatNew)
	F.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(pyfmt.FloatRepr(floatSelf(self))), nil
	})
	F.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		f := floatSelf(self)
		if math.IsNaN(f) {
			return Int(identityHash(self)), nil
		}
		return Int(floatHash(f)), nil
	})
	F.NewMethod("__bool__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(floatSelf(self) != 0), nil
	})
	F.NewMethod("__float__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Float(floatSelf(self)), nil
	})
	toInt := func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return floatToInt(floatSelf(self))
	}
	F.NewMethod("__int__", toInt)
	F.NewMethod("__trunc__", toInt)
	F.NewMethod("__floor__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return floatToInt(math.Floor(floatSelf(self)))
	})
	F.NewMethod("__ceil__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return floatToInt(math.Ceil(floatSelf(self)))
	})
	F.NewMethod("__neg__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Float(-floatSelf(self)), nil
	})
	F.NewMethod("__pos__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Float(floatSelf(self)), nil
	})
	F.NewMethod("__abs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Float(math.Abs(floatSelf(self))), nil
	})
	F.NewMethod("conjugate", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("float", "conjugate", args, kw); err != nil {
			return Value{}, err
		}
		return Float(floatSelf(self)), nil
	})
	F.NewGetSet("real", func(t *Thread, self Value) (Value, error) { return Float(floatSelf(self)), nil }, nil)
	F.NewGetSet("imag", func(t *Thread, self Value) (Value, error) { return Float(0), nil }, nil)
	F.NewMethod("is_integer", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("float", "is_integer", args, kw); err != nil {
			return Value{}, err
		}
		f := floatSelf(self)
		return Bool(!math.IsInf(f, 0) && !math.IsNaN(f) && f == math.Trunc(f)), nil
	})
	F.NewMethod("as_integer_ratio", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("float", "as_integer_ratio", args, kw); err != nil {
			return Value{}, err
		}
		return floatAsIntegerRatio(floatSelf(self))
	})
	F.NewMethod("hex", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("float", "hex", args, kw); err != nil {
			return Value{}, err
		}
		return Str(floatHex(floatSelf(self))), nil
	})
	F.NewClassMethod("fromhex", func(t *Thread, cls Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("float", "fromhex", args, kw); err != nil {
			return Value{}, err
		}
		s, ok := args[0].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "bad argument type for built-in operation")
		}
		f, err := floatFromHex(s)
		if err != nil {
			return Value{}, err
		}
		if c, ok := cls.o.(*Type); ok && c != FloatType {
			return t.Call(cls, []Value{Float(f)}, nil)
		}
		return Float(f), nil
	})
	F.NewMethod("__round__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("float", "__round__", args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		var nd Value
		if len(args) == 1 {
			nd = args[0]
		}
		return t.floatRound(floatSelf(self), nd)
	})
	F.NewMethod("__format__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		spec, err := formatSpecArg("float", args, kw)
		if err != nil {
			return Value{}, err
		}
		if _, ok := self.o.(*floatSub); ok && spec == "" {
			return t.StrValue(self)
		}
		return t.Format(Float(floatSelf(self)), spec)
	})
	F.NewMethod("__getnewargs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewTuple([]Value{Float(floatSelf(self))}), nil
	})
	for op, n := range binaryNames {
		switch compiler.BinaryOp(op) {
		case compiler.OpAdd, compiler.OpSub, compiler.OpMul, compiler.OpTrueDiv, compiler.OpFloorDiv, compiler.OpMod:
			F.NewMethod(n.name, floatBinaryMethod(compiler.BinaryOp(op), false, n.name))
			F.NewMethod(n.rname, floatBinaryMethod(compiler.BinaryOp(op), true, n.rname))
		}
	}
	floatPowMethod := func(reflected bool) MethodFunc {
		return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := powArgs(args, kw); err != nil {
				return Value{}, err
			}
			y, ok, err := floatOperand(args[0])
			if !ok {
				return NotImplemented, nil
			}
			if err != nil {
				return Value{}, err
			}
			if len(args) == 2 && !args[1].IsNone() {
				return Value{}, Errorf(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
			}
			x := floatSelf(self)
			if reflected {
				x, y = y, x
			}
			return floatPow(x, y)
		}
	}
	F.NewMethod("__pow__", floatPowMethod(false))
	F.NewMethod("__rpow__", floatPowMethod(true))
	floatDivmodMethod := func(reflected bool) MethodFunc {
		return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			other, err := oneArg(args, kw, "__divmod__")
			if err != nil {
				return Value{}, err
			}
			if isIntValue(other) {
				other = plainInt(other)
			} else if fs, ok := other.o.(*floatSub); ok {
				other = Float(fs.f)
			}
			if numOf(other) == numNone {
				return NotImplemented, nil
			}
			a, b := Value(Float(floatSelf(self))), other
			if reflected {
				a, b = b, a
			}
			v, _, err := divmodNumbers(a, b)
			return v, err
		}
	}
	F.NewMethod("__divmod__", floatDivmodMethod(false))
	F.NewMethod("__rdivmod__", floatDivmodMethod(true))
	for op, n := range cmpNames {
		F.NewMethod(n, floatCompareMethod(compiler.CompareOp(op), n))
	}
	checkArity(F, aritySlot0, "__repr__", "__hash__", "__bool__", "__float__", "__int__", "__neg__", "__pos__", "__abs__")
	checkArity(F, arityMethod0, "__trunc__", "__floor__", "__ceil__", "__getnewargs__")
}

// floatSub is an instance of a float subclass.
type floatSub struct {
	f    float64
	cls  *Type
	dict *Dict
}

// Type implements Object.
func (f *floatSub) Type() *Type { return f.cls }

// scalarSubclassDict returns the __dict__ of an instance of a subclass of
// int, str or float (creating it when create is set), or nil for plain
// values and for classes with __slots__.
func scalarSubclassDict(v Value, create bool) *Dict {
	var cls *Type
	var dict **Dict
	switch o := v.o.(type) {
	case *bigInt:
		cls, dict = o.cls, &o.dict
	case *StrObject:
		if o.ext == nil {
			return nil
		}
		cls, dict = o.ext.cls, &o.ext.dict
	case *floatSub:
		cls, dict = o.cls, &o.dict
	case *bytesSub:
		cls, dict = o.cls, &o.dict
	default:
		return nil
	}
	if cls == nil || (cls.slots != nil && *dict == nil) {
		return nil
	}
	if *dict == nil && create {
		*dict = NewDict()
	}
	return *dict
}
