package vm

import (
	"math"
	"math/big"
	"math/bits"
	"strings"

	"github.com/pyasync/pyasync/compiler"
)

// intMaxStrDigits is CPython's default limit on the number of decimal digits
// converted between int and str (sys.get_int_max_str_digits()).
const intDefaultMaxStrDigits = 4300

// intStrDigitsCheckThreshold is the smallest limit sys.set_int_max_str_digits
// accepts besides 0 (sys.int_info.str_digits_check_threshold).
const intStrDigitsCheckThreshold = 640

// intSafeStrBits is the largest bit length whose decimal form can never
// exceed any allowed limit (640 digits): such ints need no check.
const intSafeStrBits = 2120

// isIntValue reports whether v is an int (including bools and int subclass
// instances).
func isIntValue(v Value) bool {
	switch v.o.(type) {
	case intMarker, boolMarker, *bigInt:
		return true
	}
	return false
}

// plainInt returns v (an int, bool or instance of an int subclass) as an
// exact int value.
func plainInt(v Value) Value {
	switch o := v.o.(type) {
	case boolMarker:
		return Int(int64(v.n))
	case *bigInt:
		if o.cls != nil {
			return BigInt(o.v)
		}
	}
	return v
}

// newIntOfClass makes an instance of int subclass cls holding the int v.
func newIntOfClass(cls *Type, v Value) Value {
	if cls == IntType {
		return plainInt(v)
	}
	x, _ := v.ToBig()
	return Value{o: &bigInt{v: x, cls: cls}}
}

// intSign returns -1, 0 or 1.
func intSign(v Value) int {
	if n, ok := v.AsInt64(); ok {
		switch {
		case n < 0:
			return -1
		case n > 0:
			return 1
		}
		return 0
	}
	x, _ := v.ToBig()
	return x.Sign()
}

// intString is str(int) in base 10.
func intString(v Value) string {
	if n, ok := v.AsInt64(); ok {
		return itoa(n)
	}
	x, _ := v.ToBig()
	return x.String()
}

func itoa(n int64) string {
	var buf [20]byte
	i := len(buf)
	u := uint64(n)
	if n < 0 {
		u = uint64(-n)
	}
	for u >= 10 {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	i--
	buf[i] = byte('0' + u)
	if n < 0 {
		return "-" + string(buf[i:])
	}
	return string(buf[i:])
}

// IndexValue converts v to an int via __index__, without size limit.
func (t *Thread) IndexValue(v Value) (Value, error) {
	if isIntValue(v) {
		return plainInt(v), nil
	}
	if r, ok, err := t.callSpecial(v, "__index__"); ok {
		if err != nil {
			return Value{}, err
		}
		if !isIntValue(r) {
			return Value{}, Errorf(TypeError, "__index__ returned non-int (type %s)", r.TypeName())
		}
		return plainInt(r), nil
	}
	return Value{}, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", v.TypeName())
}

// intInvalidLiteral is the ValueError of int(str) with a malformed string.
func intInvalidLiteral(base int, orig Value) error {
	r := plainRepr(orig)
	if rs := []rune(r); len(rs) > 200 {
		r = string(rs[:200])
	}
	return Errorf(ValueError, "invalid literal for int() with base %d: %s", base, r)
}

// parseIntString converts s as int(s, base) does (base 0 or 2..36). orig is
// the original object, for the error message.
func parseIntString(s string, base int, orig Value, limit int) (Value, error) {
	// Unicode whitespace and decimal digits are accepted like their ASCII
	// counterparts.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r < 0x80:
				b.WriteRune(r)
			case isSpaceRune(r):
				b.WriteByte(' ')
			case decimalValue(r) >= 0:
				b.WriteByte(byte('0' + decimalValue(r)))
			default:
				b.WriteByte(0xff) // never valid
			}
		}
		s = b.String()
	}
	isSpace := func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f) }
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	s = s[i:j]
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	origBase := base
	prefixed := false
	if len(s) >= 2 && s[0] == '0' {
		p := s[1] | 0x20
		if (p == 'x' && (base == 16 || base == 0)) || (p == 'o' && (base == 8 || base == 0)) || (p == 'b' && (base == 2 || base == 0)) {
			switch p {
			case 'x':
				base = 16
			case 'o':
				base = 8
			case 'b':
				base = 2
			}
			s = s[2:]
			prefixed = true
		}
	}
	if base == 0 {
		base = 10
		if len(s) > 0 && s[0] == '0' {
			// leading zeros are only allowed in zero itself
			for k := 0; k < len(s); k++ {
				if s[k] != '0' && s[k] != '_' {
					return Value{}, intInvalidLiteral(origBase, orig)
				}
			}
		}
	}
	if prefixed && len(s) > 0 && s[0] == '_' {
		s = s[1:]
	}
	if len(s) == 0 {
		return Value{}, intInvalidLiteral(origBase, orig)
	}
	// validate digits and underscores, accumulating into an int64 while it
	// fits
	var acc uint64
	fits := true
	ndigits := 0
	prevUnderscore := true
	hasUnderscore := false
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c == '_' {
			if prevUnderscore {
				return Value{}, intInvalidLiteral(origBase, orig)
			}
			prevUnderscore = true
			hasUnderscore = true
			continue
		}
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			d = 99
		}
		if d >= base {
			return Value{}, intInvalidLiteral(origBase, orig)
		}
		prevUnderscore = false
		ndigits++
		if fits {
			hi, lo := bits.Mul64(acc, uint64(base))
			lo2, carry := bits.Add64(lo, uint64(d), 0)
			if hi != 0 || carry != 0 || lo2 > math.MaxInt64 {
				fits = false
			} else {
				acc = lo2
			}
		}
	}
	if prevUnderscore {
		return Value{}, intInvalidLiteral(origBase, orig)
	}
	if base&(base-1) != 0 && limit > 0 && ndigits > limit {
		return Value{}, Errorf(ValueError, "Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", limit, ndigits)
	}
	if fits {
		n := int64(acc)
		if neg {
			n = -n
		}
		return Int(n), nil
	}
	if hasUnderscore {
		s = strings.ReplaceAll(s, "_", "")
	}
	x, ok := new(big.Int).SetString(s, base)
	if !ok {
		return Value{}, intInvalidLiteral(origBase, orig)
	}
	if neg {
		x.Neg(x)
	}
	return BigInt(x), nil
}

// checkIntStrDigits reports CPython's error for converting an int with more
// decimal digits than the interpreter's sys.get_int_max_str_digits() to a
// decimal string.
func (t *Thread) checkIntStrDigits(x *big.Int) error {
	limit := t.vm.intMaxStrDigits
	if limit == 0 || x.BitLen() <= intSafeStrBits {
		return nil
	}
	// a number of b bits has at most floor(b*log10(2))+1 digits
	if float64(x.BitLen())*0.30102999566398120 < float64(limit-1) {
		return nil
	}
	if len(new(big.Int).Abs(x).String()) > limit {
		return Errorf(ValueError, "Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", limit)
	}
	return nil
}

// floatToInt converts a float to an int by truncation.
func floatToInt(f float64) (Value, error) {
	if math.IsInf(f, 0) {
		return Value{}, Errorf(OverflowError, "cannot convert float infinity to integer")
	}
	if math.IsNaN(f) {
		return Value{}, Errorf(ValueError, "cannot convert float NaN to integer")
	}
	f = math.Trunc(f)
	if f >= -(1<<63) && f < 1<<63 {
		return Int(int64(f)), nil
	}
	x, _ := big.NewFloat(f).Int(nil)
	return BigInt(x), nil
}

// ToInt implements int(v) (PyNumber_Long).
func (t *Thread) ToInt(v Value) (Value, error) {
	switch o := v.o.(type) {
	case intMarker:
		return v, nil
	case boolMarker, *bigInt:
		return plainInt(v), nil
	case floatMarker:
		return floatToInt(v.AsFloat())
	case *StrObject:
		if o.subclass() == nil {
			return parseIntString(o.s, 10, v, t.vm.intMaxStrDigits)
		}
	}
	if r, ok, err := t.callSpecial(v, "__int__"); ok {
		if err != nil {
			return Value{}, err
		}
		if !isIntValue(r) {
			return Value{}, Errorf(TypeError, "__int__ returned non-int (type %s)", r.TypeName())
		}
		return plainInt(r), nil
	}
	if r, ok, err := t.callSpecial(v, "__index__"); ok {
		if err != nil {
			return Value{}, err
		}
		if !isIntValue(r) {
			return Value{}, Errorf(TypeError, "__index__ returned non-int (type %s)", r.TypeName())
		}
		return plainInt(r), nil
	}
	if r, ok, err := t.callSpecial(v, "__trunc__"); ok {
		if err != nil {
			return Value{}, err
		}
		if isIntValue(r) {
			return plainInt(r), nil
		}
		if _, ok := r.Type().Lookup("__index__"); !ok {
			return Value{}, Errorf(TypeError, "__trunc__ returned non-Integral (type %s)", r.TypeName())
		}
		return t.IndexValue(r)
	}
	switch o := v.o.(type) {
	case *StrObject:
		return parseIntString(o.s, 10, v, t.vm.intMaxStrDigits)
	case *Bytes:
		return parseIntString(string(o.b), 10, v, t.vm.intMaxStrDigits)
	}
	return Value{}, Errorf(TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", v.TypeName())
}

func intNew(t *Thread, _ Value, args []Value, kwnames []string) (Value, error) {
	cls, err := newClassArg("int", args, IntType)
	if err != nil {
		return Value{}, err
	}
	args = args[1:]
	npos := len(args) - len(kwnames)
	var x, base Value
	if npos > 2 {
		return Value{}, Errorf(TypeError, "int() takes at most 2 arguments (%d given)", len(args))
	}
	if npos > 0 {
		x = args[0]
	}
	if npos > 1 {
		base = args[1]
	}
	for i, k := range kwnames {
		if k != "base" {
			return Value{}, Errorf(TypeError, "'%s' is an invalid keyword argument for int()", k)
		}
		if base.o != nil {
			return Value{}, Errorf(TypeError, "argument for int() given by name ('base') and position (2)")
		}
		base = args[npos+i]
	}
	var r Value
	switch {
	case x.o == nil && base.o == nil:
		r = Int(0)
	case x.o == nil:
		return Value{}, Errorf(TypeError, "int() missing string argument")
	case base.o == nil:
		r, err = t.ToInt(x)
	default:
		b, err := t.Index(base)
		if err != nil {
			return Value{}, err
		}
		if (b != 0 && b < 2) || b > 36 {
			return Value{}, Errorf(ValueError, "int() base must be >= 2 and <= 36, or 0")
		}
		switch o := x.o.(type) {
		case *StrObject:
			r, err = parseIntString(o.s, int(b), x, t.vm.intMaxStrDigits)
		case *Bytes:
			r, err = parseIntString(string(o.b), int(b), x, t.vm.intMaxStrDigits)
		default:
			return Value{}, Errorf(TypeError, "int() can't convert non-string with explicit base")
		}
		if err != nil {
			return Value{}, err
		}
	}
	if err != nil {
		return Value{}, err
	}
	return newIntOfClass(cls, r), nil
}

// newClassArg checks the class argument of a builtin type's __new__.
func newClassArg(name string, args []Value, base *Type) (*Type, error) {
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
	if cls.builtin && cls != base {
		return nil, Errorf(TypeError, "%s.__new__(%s) is not safe, use %s.__new__()", name, cls.Name, cls.Name)
	}
	return cls, nil
}

// intSelf returns the receiver of an int method as a plain int.
func intSelf(self Value) Value { return plainInt(self) }

func oneArg(args []Value, kwnames []string, name string) (Value, error) {
	if len(kwnames) > 0 {
		return Value{}, Errorf(TypeError, "wrapper %s() takes no keyword arguments", name)
	}
	if len(args) != 1 {
		return Value{}, Errorf(TypeError, "expected 1 argument, got %d", len(args))
	}
	return args[0], nil
}

// intBinaryMethod makes int.__op__ (or __rop__ when reflected).
func intBinaryMethod(op compiler.BinaryOp, reflected bool, name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kwnames []string) (Value, error) {
		other, err := oneArg(args, kwnames, name)
		if err != nil {
			return Value{}, err
		}
		if !isIntValue(other) {
			return NotImplemented, nil
		}
		a, b := intSelf(self), plainInt(other)
		if reflected {
			a, b = b, a
		}
		v, _, err := numericBinary(op, a, b)
		return v, err
	}
}

// intCompareMethod makes int.__lt__ and friends.
func intCompareMethod(op compiler.CompareOp, name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kwnames []string) (Value, error) {
		other, err := oneArg(args, kwnames, name)
		if err != nil {
			return Value{}, err
		}
		if !isIntValue(other) {
			return NotImplemented, nil
		}
		c, _ := compareNumbers(intSelf(self), plainInt(other))
		return Bool(cmpResult(op, c)), nil
	}
}

// divmodNumbers computes divmod(a, b) for ints and floats.
func divmodNumbers(a, b Value) (Value, bool, error) {
	ka, kb := numOf(a), numOf(b)
	if ka == numNone || kb == numNone {
		return Value{}, false, nil
	}
	if ka == numFloat || kb == numFloat {
		x, err := toFloat(a)
		if err != nil {
			return Value{}, true, err
		}
		y, err := toFloat(b)
		if err != nil {
			return Value{}, true, err
		}
		if y == 0 {
			return Value{}, true, Errorf(ZeroDivisionError, "float divmod()")
		}
		q, r := floatDivmod(x, y)
		return Tuple2(Float(q), Float(r)), true, nil
	}
	a, b = plainInt(a), plainInt(b)
	q, _, err := numericBinary(compiler.OpFloorDiv, a, b)
	if err != nil {
		return Value{}, true, err
	}
	r, _, err := numericBinary(compiler.OpMod, a, b)
	if err != nil {
		return Value{}, true, err
	}
	return Tuple2(q, r), true, nil
}

// intPowMod computes pow(a, b, m) for ints.
func intPowMod(a, b, m Value) (Value, error) {
	mb, _ := m.ToBig()
	if mb.Sign() == 0 {
		return Value{}, Errorf(ValueError, "pow() 3rd argument cannot be 0")
	}
	ab, _ := a.ToBig()
	bb, _ := b.ToBig()
	mod := new(big.Int).Abs(mb)
	r := new(big.Int)
	if mod.Cmp(big.NewInt(1)) != 0 {
		base := new(big.Int).Mod(ab, mod)
		exp := bb
		if bb.Sign() < 0 {
			inv := new(big.Int).ModInverse(base, mod)
			if inv == nil || new(big.Int).GCD(nil, nil, base, mod).Cmp(big.NewInt(1)) != 0 {
				return Value{}, Errorf(ValueError, "base is not invertible for the given modulus")
			}
			base = inv
			exp = new(big.Int).Neg(bb)
		}
		r.Exp(base, exp, mod)
	}
	if mb.Sign() < 0 && r.Sign() != 0 {
		r.Add(r, mb)
	}
	return BigInt(r), nil
}

// intRoundNeg rounds x to a multiple of 10**(-ndigits) (ndigits < 0), half
// to even.
func intRoundNeg(x Value, ndigits Value) Value {
	nd, _ := ndigits.ToBig()
	// |ndigits| larger than the number of digits gives zero
	xb, _ := x.ToBig()
	digits := int64(len(new(big.Int).Abs(xb).String()))
	if !nd.IsInt64() || -nd.Int64() > digits {
		return Int(0)
	}
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(-nd.Int64()), nil)
	q, r := new(big.Int).DivMod(xb, pow, new(big.Int)) // r >= 0, floor division
	twice := new(big.Int).Lsh(r, 1)
	c := twice.Cmp(pow)
	if c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	return BigInt(q.Mul(q, pow))
}

func intBitLength(v Value) int {
	if n, ok := v.AsInt64(); ok {
		if n < 0 {
			if n == math.MinInt64 {
				return 64
			}
			n = -n
		}
		return bits.Len64(uint64(n))
	}
	x, _ := v.ToBig()
	return x.BitLen()
}

func intByteOrder(v Value) (bool, error) {
	if v.o == nil {
		return false, nil
	}
	s, ok := v.AsStr()
	if !ok {
		return false, Errorf(TypeError, "to_bytes() argument 'byteorder' must be str, not %s", badArgName(v))
	}
	switch s {
	case "little":
		return true, nil
	case "big":
		return false, nil
	}
	return false, Errorf(ValueError, "byteorder must be either 'little' or 'big'")
}

// intToBytes is int.to_bytes.
func intToBytes(t *Thread, self Value, args []Value, kwnames []string) (Value, error) {
	var length, order, signed Value
	if err := argsKw("to_bytes", args, kwnames, 0, []string{"length", "byteorder", "*signed"}, &length, &order, &signed); err != nil {
		return Value{}, err
	}
	n := int64(1)
	if length.o != nil {
		var err error
		n, err = t.Index(length)
		if err != nil {
			return Value{}, err
		}
		if n < 0 {
			return Value{}, Errorf(ValueError, "length argument must be non-negative")
		}
	}
	little, err := intByteOrder(order)
	if err != nil {
		return Value{}, err
	}
	isSigned := false
	if signed.o != nil {
		if isSigned, err = t.Truth(signed); err != nil {
			return Value{}, err
		}
	}
	x, _ := intSelf(self).ToBig()
	if x.Sign() < 0 && !isSigned {
		return Value{}, Errorf(OverflowError, "can't convert negative int to unsigned")
	}
	// two's complement in n bytes
	v := x
	if x.Sign() < 0 {
		v = new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), uint(n*8)), x)
	}
	tooBig := false
	if isSigned {
		if x.Sign() >= 0 {
			tooBig = int64(x.BitLen()) > n*8-1
		} else {
			tooBig = int64(new(big.Int).Not(x).BitLen()) > n*8-1
		}
	} else {
		tooBig = int64(x.BitLen()) > n*8
	}
	if tooBig || n > 1<<30 {
		return Value{}, Errorf(OverflowError, "int too big to convert")
	}
	out := make([]byte, n)
	v.FillBytes(out)
	if little {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return NewBytes(out), nil
}

// intFromBytes is the classmethod int.from_bytes.
func intFromBytes(t *Thread, cls Value, args []Value, kwnames []string) (Value, error) {
	var data, order, signed Value
	if err := argsKw("from_bytes", args, kwnames, 1, []string{"bytes", "byteorder", "*signed"}, &data, &order, &signed); err != nil {
		return Value{}, err
	}
	little, err := intByteOrder(order)
	if err != nil {
		return Value{}, err
	}
	isSigned := false
	if signed.o != nil {
		if isSigned, err = t.Truth(signed); err != nil {
			return Value{}, err
		}
	}
	b, err := t.bytesFromObject(data)
	if err != nil {
		return Value{}, err
	}
	buf := append([]byte(nil), b...)
	if little {
		for i, j := 0, len(buf)-1; i < j; i, j = i+1, j-1 {
			buf[i], buf[j] = buf[j], buf[i]
		}
	}
	x := new(big.Int).SetBytes(buf)
	if isSigned && len(buf) > 0 && buf[0]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(len(buf)*8)))
	}
	r := BigInt(x)
	if c, ok := cls.o.(*Type); ok && c != IntType {
		return t.Call(cls, []Value{r}, nil)
	}
	return r, nil
}

func init() {
	IntType.NewStaticMethod("__new__", intNew)
	IntType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x := intSelf(self)
		if b, ok := x.o.(*bigInt); ok {
			if err := t.checkIntStrDigits(b.v); err != nil {
				return Value{}, err
			}
		}
		return Str(intString(x)), nil
	})
	IntType.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(intHash(self)), nil
	})
	IntType.NewMethod("__bool__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(intSign(self) != 0), nil
	})
	same := func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return intSelf(self), nil
	}
	for _, n := range []string{"__int__", "__index__", "__trunc__", "__floor__", "__ceil__", "conjugate", "__pos__"} {
		IntType.NewMethod(n, same)
	}
	IntType.NewMethod("__float__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		f, err := toFloat(intSelf(self))
		return Float(f), err
	})
	IntType.NewMethod("__neg__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.unaryOp("__neg__", "-", intSelf(self))
	})
	IntType.NewMethod("__invert__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.unaryOp("__invert__", "~", intSelf(self))
	})
	IntType.NewMethod("__abs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x := intSelf(self)
		if intSign(x) < 0 {
			return t.unaryOp("__neg__", "-", x)
		}
		return x, nil
	})
	IntType.NewMethod("__round__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("int", "__round__", args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		x := intSelf(self)
		if len(args) == 0 || args[0].IsNone() {
			return x, nil
		}
		nd, err := t.IndexValue(args[0])
		if err != nil {
			return Value{}, err
		}
		if intSign(nd) >= 0 {
			return x, nil
		}
		return intRoundNeg(x, nd), nil
	})
	IntType.NewMethod("__format__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		spec, err := formatSpecArg("int", args, kw)
		if err != nil {
			return Value{}, err
		}
		if self.IsBool() {
			return t.Format(self, spec)
		}
		if spec == "" {
			return t.StrValue(self)
		}
		return t.Format(intSelf(self), spec)
	})
	IntType.NewMethod("__getnewargs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewTuple([]Value{intSelf(self)}), nil
	})
	IntType.NewMethod("bit_length", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(int64(intBitLength(self))), nil
	})
	IntType.NewMethod("bit_count", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if n, ok := self.AsInt64(); ok && n != math.MinInt64 {
			if n < 0 {
				n = -n
			}
			return Int(int64(bits.OnesCount64(uint64(n)))), nil
		}
		x, _ := self.ToBig()
		c := 0
		for _, w := range new(big.Int).Abs(x).Bits() {
			c += bits.OnesCount(uint(w))
		}
		return Int(int64(c)), nil
	})
	IntType.NewMethod("as_integer_ratio", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Tuple2(intSelf(self), Int(1)), nil
	})
	IntType.NewMethod("to_bytes", intToBytes)
	IntType.NewClassMethod("from_bytes", intFromBytes)
	IntType.NewGetSet("real", func(t *Thread, self Value) (Value, error) { return intSelf(self), nil }, nil)
	IntType.NewGetSet("numerator", func(t *Thread, self Value) (Value, error) { return intSelf(self), nil }, nil)
	IntType.NewGetSet("imag", func(t *Thread, self Value) (Value, error) { return Int(0), nil }, nil)
	IntType.NewGetSet("denominator", func(t *Thread, self Value) (Value, error) { return Int(1), nil }, nil)

	for op, n := range binaryNames {
		if n.name == "" || compiler.BinaryOp(op) == compiler.OpMatMul || compiler.BinaryOp(op) == compiler.OpPow {
			continue
		}
		IntType.NewMethod(n.name, intBinaryMethod(compiler.BinaryOp(op), false, n.name))
		IntType.NewMethod(n.rname, intBinaryMethod(compiler.BinaryOp(op), true, n.rname))
	}
	intPow := func(reflected bool) MethodFunc {
		return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := powArgs(args, kw); err != nil {
				return Value{}, err
			}
			other := args[0]
			if !isIntValue(other) {
				return NotImplemented, nil
			}
			a, b := intSelf(self), plainInt(other)
			if reflected {
				a, b = b, a
			}
			if len(args) == 2 && !args[1].IsNone() {
				if !isIntValue(args[1]) {
					return NotImplemented, nil
				}
				return intPowMod(a, b, plainInt(args[1]))
			}
			v, _, err := numericBinary(compiler.OpPow, a, b)
			return v, err
		}
	}
	IntType.NewMethod("__pow__", intPow(false))
	IntType.NewMethod("__rpow__", intPow(true))
	intDivmod := func(reflected bool) MethodFunc {
		return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			other, err := oneArg(args, kw, "__divmod__")
			if err != nil {
				return Value{}, err
			}
			if !isIntValue(other) {
				return NotImplemented, nil
			}
			a, b := intSelf(self), plainInt(other)
			if reflected {
				a, b = b, a
			}
			v, _, err := divmodNumbers(a, b)
			return v, err
		}
	}
	IntType.NewMethod("__divmod__", intDivmod(false))
	IntType.NewMethod("__rdivmod__", intDivmod(true))
	for op, n := range cmpNames {
		IntType.NewMethod(n, intCompareMethod(compiler.CompareOp(op), n))
	}

	checkArity(IntType, aritySlot0, "__repr__", "__hash__", "__bool__", "__int__", "__index__", "__pos__",
		"__float__", "__neg__", "__invert__", "__abs__")
	checkArity(IntType, arityMethod0, "__trunc__", "__floor__", "__ceil__", "conjugate", "__getnewargs__",
		"bit_length", "bit_count", "as_integer_ratio")

	// ---- bool ----
	BoolType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if _, err := newClassArg("bool", args, BoolType); err != nil {
			return Value{}, err
		}
		args = args[1:]
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "bool() takes no keyword arguments")
		}
		if len(args) > 1 {
			return Value{}, Errorf(TypeError, "bool expected at most 1 argument, got %d", len(args))
		}
		if len(args) == 0 {
			return False, nil
		}
		b, err := t.Truth(args[0])
		return Bool(b), err
	})
	BoolType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if self.n != 0 {
			return Str("True"), nil
		}
		return Str("False"), nil
	})
	checkArity(BoolType, aritySlot0, "__repr__")
	for _, op := range []compiler.BinaryOp{compiler.OpAnd, compiler.OpOr, compiler.OpXor} {
		n := binaryNames[op]
		for _, reflected := range []bool{false, true} {
			name := n.name
			if reflected {
				name = n.rname
			}
			intFn := intBinaryMethod(op, reflected, name)
			op := op
			BoolType.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if len(args) == 1 && len(kw) == 0 && self.IsBool() && args[0].IsBool() {
					x, y := self.n != 0, args[0].n != 0
					switch op {
					case compiler.OpAnd:
						return Bool(x && y), nil
					case compiler.OpOr:
						return Bool(x || y), nil
					}
					return Bool(x != y), nil
				}
				return intFn(t, self, args, kw)
			})
		}
	}
}

// powArgs checks the arguments of __pow__ and __rpow__.
func powArgs(args []Value, kw []string) error {
	if len(kw) > 0 {
		return Errorf(TypeError, "wrapper __pow__() takes no keyword arguments")
	}
	if len(args) < 1 {
		return Errorf(TypeError, " expected at least 1 argument, got %d", len(args))
	}
	if len(args) > 2 {
		return Errorf(TypeError, " expected at most 2 arguments, got %d", len(args))
	}
	return nil
}

// formatSpecArg extracts the format_spec argument of a __format__ method.
func formatSpecArg(typ string, args []Value, kwnames []string) (string, error) {
	if err := argsOne(typ, "__format__", args, kwnames); err != nil {
		return "", err
	}
	s, ok := args[0].AsStr()
	if !ok {
		return "", Errorf(TypeError, "__format__() argument must be str, not %s", badArgName(args[0]))
	}
	return s, nil
}
