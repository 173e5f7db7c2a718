package vm

import (
	"math"
	"unicode/utf8"

	"github.com/pyasync/pyasync/compiler"
)

// The numeric builtins: abs, divmod, pow, round, bin, oct, hex, chr, ord.

// Abs returns abs(v).
func (t *Thread) Abs(v Value) (Value, error) {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		n := int64(v.n)
		if n >= 0 {
			return Int(n), nil
		}
		return t.unaryOp("__neg__", "-", Int(n))
	case floatMarker:
		return Float(math.Abs(v.AsFloat())), nil
	case *bigInt:
		if o.cls == nil {
			if o.v.Sign() < 0 {
				return t.unaryOp("__neg__", "-", v)
			}
			return v, nil
		}
	}
	if r, ok, err := t.callSpecial(v, "__abs__"); ok {
		return r, err
	}
	return Value{}, Errorf(TypeError, "bad operand type for abs(): '%s'", v.TypeName())
}

// binaryDunder dispatches a binary operation that has no operator syntax
// (divmod) through name/rname like the operators do.
func (t *Thread) binaryDunder(a, b Value, name, rname string) (Value, bool, error) {
	ta, tb := a.Type(), b.Type()
	triedReflected := false
	if ta != tb && ta.IsSubtype(tb) {
		if rm, ok := tb.Lookup(rname); ok {
			if am, ok2 := ta.Lookup(rname); !ok2 || !Is(am, rm) {
				triedReflected = true
				r, err := t.callMethod(rm, b, []Value{a}, nil)
				if err != nil || !Is(r, NotImplemented) {
					return r, true, err
				}
			}
		}
	}
	if r, ok, err := t.callSpecial(a, name, b); ok {
		if err != nil || !Is(r, NotImplemented) {
			return r, true, err
		}
	}
	if ta != tb && !triedReflected {
		if r, ok, err := t.callSpecial(b, rname, a); ok {
			if err != nil || !Is(r, NotImplemented) {
				return r, true, err
			}
		}
	}
	return Value{}, false, nil
}

// Divmod returns divmod(a, b).
func (t *Thread) Divmod(a, b Value) (Value, error) {
	if v, ok, err := divmodNumbers(a, b); ok {
		return v, err
	}
	if r, ok, err := t.binaryDunder(a, b, "__divmod__", "__rdivmod__"); ok {
		return r, err
	}
	return Value{}, Errorf(TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'", a.TypeName(), b.TypeName())
}

// Pow returns pow(a, b, m); m is None or the zero Value for two arguments.
func (t *Thread) Pow(a, b, m Value) (Value, error) {
	if m.o == nil || m.IsNone() {
		return t.binaryOp(compiler.OpPow, a, b)
	}
	if isIntValue(a) && isIntValue(b) && isIntValue(m) {
		return intPowMod(plainInt(a), plainInt(b), plainInt(m))
	}
	ka, kb, km := numOf(a), numOf(b), numOf(m)
	if ka != numNone && kb != numNone && km != numNone {
		return Value{}, Errorf(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
	}
	if r, ok, err := t.callSpecial(a, "__pow__", b, m); ok {
		if err != nil || !Is(r, NotImplemented) {
			return r, err
		}
	}
	if a.Type() != b.Type() {
		// CPython's ternary_op also tries the second operand's slot, which
		// for builtin numbers means the float/int implementations.
		if ka != numNone && kb != numNone {
			return Value{}, Errorf(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
		}
	}
	return Value{}, Errorf(TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'", a.TypeName(), b.TypeName(), m.TypeName())
}

// Round returns round(x, ndigits); nd is the zero Value when absent.
func (t *Thread) Round(x, nd Value) (Value, error) {
	switch x.o.(type) {
	case floatMarker:
		return t.floatRound(x.AsFloat(), nd)
	case intMarker, boolMarker:
		xi := plainInt(x)
		if nd.o == nil || nd.IsNone() {
			return xi, nil
		}
		n, err := t.IndexValue(nd)
		if err != nil {
			return Value{}, err
		}
		if intSign(n) >= 0 {
			return xi, nil
		}
		return intRoundNeg(xi, n), nil
	}
	m, ok := x.Type().Lookup("__round__")
	if !ok || m.IsNone() {
		return Value{}, Errorf(TypeError, "type %s doesn't define __round__ method", x.TypeName())
	}
	if nd.o == nil || nd.IsNone() {
		return t.callMethod(m, x, nil, nil)
	}
	return t.callMethod(m, x, []Value{nd}, nil)
}

// intToBase formats an int for bin/oct/hex.
func intToBase(v Value, base int, prefix string) string {
	x, _ := v.ToBig()
	if x.Sign() < 0 {
		return "-" + prefix + new(bigIntT).Neg(x).Text(base)
	}
	return prefix + x.Text(base)
}

func baseBuiltin(name string, base int, prefix string) BuiltinFunc {
	return func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount(name, args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		v, err := t.IndexValue(args[0])
		if err != nil {
			return Value{}, err
		}
		if n, ok := v.AsInt64(); ok && n >= 0 && n < 1<<62 {
			return Str(prefix + formatUint(uint64(n), base)), nil
		}
		return Str(intToBase(v, base, prefix)), nil
	}
}

func formatUint(n uint64, base int) string {
	const digits = "0123456789abcdef"
	var buf [64]byte
	i := len(buf)
	for n >= uint64(base) {
		i--
		buf[i] = digits[n%uint64(base)]
		n /= uint64(base)
	}
	i--
	buf[i] = digits[n]
	return string(buf[i:])
}

func init() {
	builtinFuncs["abs"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("abs", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		return t.Abs(args[0])
	}
	builtinFuncs["divmod"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("divmod", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		return t.Divmod(args[0], args[1])
	}
	builtinFuncs["pow"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		var base, exp, mod Value
		if err := UnpackArgs("pow", args, kw, []string{"base", "exp", "mod?"}, &base, &exp, &mod); err != nil {
			return Value{}, err
		}
		return t.Pow(base, exp, mod)
	}
	builtinFuncs["round"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		var num, nd Value
		if err := UnpackArgs("round", args, kw, []string{"number", "ndigits?"}, &num, &nd); err != nil {
			return Value{}, err
		}
		return t.Round(num, nd)
	}
	builtinFuncs["bin"] = baseBuiltin("bin", 2, "0b")
	builtinFuncs["oct"] = baseBuiltin("oct", 8, "0o")
	builtinFuncs["hex"] = baseBuiltin("hex", 16, "0x")
	builtinFuncs["chr"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("chr", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		v, err := t.IndexValue(args[0])
		if err != nil {
			return Value{}, err
		}
		n, ok := v.AsInt64()
		if !ok || n > math.MaxInt32 || n < math.MinInt32 {
			return Value{}, Errorf(OverflowError, "Python int too large to convert to C int")
		}
		if n < 0 || n > utf8.MaxRune {
			return Value{}, Errorf(ValueError, "chr() arg not in range(0x110000)")
		}
		if n < 128 {
			return asciiChars[n], nil
		}
		return Str(runesString([]rune{rune(n)})), nil
	}
	builtinFuncs["ord"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("ord", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		switch o := args[0].o.(type) {
		case *StrObject:
			if len(o.s) == 1 {
				return Int(int64(o.s[0])), nil
			}
			if n := o.Len(); n != 1 {
				return Value{}, Errorf(TypeError, "ord() expected a character, but string of length %d found", n)
			}
			r, _ := decodeRune(o.s)
			return Int(int64(r)), nil
		case *Bytes:
			if len(o.b) != 1 {
				return Value{}, Errorf(TypeError, "ord() expected a character, but string of length %d found", len(o.b))
			}
			return Int(int64(o.b[0])), nil
		}
		return Value{}, Errorf(TypeError, "ord() expected string of length 1, but %s found", args[0].TypeName())
	}
}
