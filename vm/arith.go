package vm

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/pyasync/pyasync/compiler"
)

// numKind classifies a numeric operand.
type numKind uint8

const (
	numNone numKind = iota
	numSmall
	numBig
	numFloat
)

func numOf(v Value) numKind {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		return numSmall
	case *bigInt:
		if o.cls != nil {
			// instances of int subclasses go through their (possibly
			// overridden) dunder methods
			return numNone
		}
		return numBig
	case floatMarker:
		return numFloat
	}
	return numNone
}

// toFloat converts an int or float to float64 (OverflowError for huge ints).
func toFloat(v Value) (float64, error) {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		return float64(int64(v.n)), nil
	case floatMarker:
		return math.Float64frombits(v.n), nil
	case *bigInt:
		f, _ := new(big.Float).SetInt(o.v).Float64()
		if math.IsInf(f, 0) {
			return 0, Errorf(OverflowError, "int too large to convert to float")
		}
		return f, nil
	}
	return 0, Errorf(TypeError, "must be real number, not %s", v.TypeName())
}

// numericBinary computes a op b for ints, bools and floats. ok is false when
// either operand is not a number.
func numericBinary(op compiler.BinaryOp, a, b Value) (Value, bool, error) {
	ka, kb := numOf(a), numOf(b)
	if ka == numNone || kb == numNone {
		return Value{}, false, nil
	}
	if ka == numFloat || kb == numFloat {
		if op == compiler.OpLShift || op == compiler.OpRShift || op == compiler.OpAnd || op == compiler.OpOr || op == compiler.OpXor || op == compiler.OpMatMul {
			return Value{}, false, nil
		}
		x, err := toFloat(a)
		if err != nil {
			return Value{}, true, err
		}
		y, err := toFloat(b)
		if err != nil {
			return Value{}, true, err
		}
		v, err := floatBinary(op, x, y)
		return v, true, err
	}
	if op == compiler.OpMatMul {
		return Value{}, false, nil
	}
	if ka == numSmall && kb == numSmall {
		v, err := smallIntBinary(op, int64(a.n), int64(b.n))
		return v, true, err
	}
	x, _ := a.ToBig()
	y, _ := b.ToBig()
	v, err := bigIntBinary(op, x, y)
	return v, true, err
}

func smallIntBinary(op compiler.BinaryOp, x, y int64) (Value, error) {
	switch op {
	case compiler.OpAdd:
		r := x + y
		if (r > x) == (y > 0) {
			return Int(r), nil
		}
	case compiler.OpSub:
		r := x - y
		if (r < x) == (y > 0) {
			return Int(r), nil
		}
	case compiler.OpMul:
		hi, lo := bits.Mul64(uint64(absInt64(x)), uint64(absInt64(y)))
		if hi == 0 && lo <= math.MaxInt64 && x != math.MinInt64 && y != math.MinInt64 {
			r := int64(lo)
			if (x < 0) != (y < 0) {
				r = -r
			}
			return Int(r), nil
		}
	case compiler.OpTrueDiv:
		if y == 0 {
			return Value{}, Errorf(ZeroDivisionError, "division by zero")
		}
		if absInt64(x) < 1<<53 && absInt64(y) < 1<<53 {
			return Float(float64(x) / float64(y)), nil
		}
	case compiler.OpFloorDiv:
		if y == 0 {
			return Value{}, Errorf(ZeroDivisionError, "integer division or modulo by zero")
		}
		if !(x == math.MinInt64 && y == -1) {
			q := x / y
			if (x%y != 0) && ((x < 0) != (y < 0)) {
				q--
			}
			return Int(q), nil
		}
	case compiler.OpMod:
		if y == 0 {
			return Value{}, Errorf(ZeroDivisionError, "integer modulo by zero")
		}
		if y == -1 {
			return Int(0), nil
		}
		r := x % y
		if r != 0 && ((r < 0) != (y < 0)) {
			r += y
		}
		return Int(r), nil
	case compiler.OpPow:
		if y < 0 {
			if x == 0 {
				return Value{}, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
			}
			return Float(pyPow(float64(x), float64(y))), nil
		}
		r, ok := powInt64(x, y)
		if ok {
			return Int(r), nil
		}
	case compiler.OpLShift:
		if y < 0 {
			return Value{}, Errorf(ValueError, "negative shift count")
		}
		if x == 0 {
			return Int(0), nil
		}
		if y < 63 {
			r := x << uint(y)
			if r>>uint(y) == x {
				return Int(r), nil
			}
		}
	case compiler.OpRShift:
		if y < 0 {
			return Value{}, Errorf(ValueError, "negative shift count")
		}
		if y > 63 {
			y = 63
		}
		return Int(x >> uint(y)), nil
	case compiler.OpAnd:
		return Int(x & y), nil
	case compiler.OpOr:
		return Int(x | y), nil
	case compiler.OpXor:
		return Int(x ^ y), nil
	}
	return bigIntBinary(op, big.NewInt(x), big.NewInt(y))
}

func absInt64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func powInt64(x, y int64) (int64, bool) {
	r := int64(1)
	for y > 0 {
		if y&1 == 1 {
			hi, lo := bits.Mul64(uint64(absInt64(r)), uint64(absInt64(x)))
			if hi != 0 || lo > math.MaxInt64 || x == math.MinInt64 {
				return 0, false
			}
			neg := (r < 0) != (x < 0)
			r = int64(lo)
			if neg {
				r = -r
			}
		}
		y >>= 1
		if y > 0 {
			hi, lo := bits.Mul64(uint64(absInt64(x)), uint64(absInt64(x)))
			if hi != 0 || lo > math.MaxInt64 || x == math.MinInt64 {
				return 0, false
			}
			x = int64(lo)
		}
	}
	return r, true
}

func bigIntBinary(op compiler.BinaryOp, x, y *big.Int) (Value, error) {
	z := new(big.Int)
	switch op {
	case compiler.OpAdd:
		z.Add(x, y)
	case compiler.OpSub:
		z.Sub(x, y)
	case compiler.OpMul:
		z.Mul(x, y)
	case compiler.OpTrueDiv:
		if y.Sign() == 0 {
			return Value{}, Errorf(ZeroDivisionError, "division by zero")
		}
		f, err := bigTrueDiv(x, y)
		return Float(f), err
	case compiler.OpFloorDiv:
		if y.Sign() == 0 {
			return Value{}, Errorf(ZeroDivisionError, "integer division or modulo by zero")
		}
		m := new(big.Int)
		z.DivMod(x, y, m)
		// big.DivMod is Euclidean (m >= 0); Python floors toward -inf
		if m.Sign() != 0 && y.Sign() < 0 {
			z.Sub(z, big.NewInt(1))
		}
	case compiler.OpMod:
		if y.Sign() == 0 {
			return Value{}, Errorf(ZeroDivisionError, "integer modulo by zero")
		}
		z.Mod(x, y) // Euclidean: 0 <= z < |y|
		if z.Sign() != 0 && y.Sign() < 0 {
			z.Add(z, y)
		}
	case compiler.OpPow:
		if y.Sign() < 0 {
			fx, _ := new(big.Float).SetInt(x).Float64()
			fy, _ := new(big.Float).SetInt(y).Float64()
			if fx == 0 {
				return Value{}, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
			}
			return Float(pyPow(fx, fy)), nil
		}
		if y.BitLen() > 64 && x.CmpAbs(big.NewInt(1)) > 0 {
			return Value{}, Errorf(MemoryError, "")
		}
		z.Exp(x, y, nil)
	case compiler.OpLShift:
		if y.Sign() < 0 {
			return Value{}, Errorf(ValueError, "negative shift count")
		}
		if !y.IsInt64() || y.Int64() > 1<<32 {
			return Value{}, Errorf(OverflowError, "too many digits in integer")
		}
		z.Lsh(x, uint(y.Int64()))
	case compiler.OpRShift:
		if y.Sign() < 0 {
			return Value{}, Errorf(ValueError, "negative shift count")
		}
		if !y.IsInt64() || y.Int64() > 1<<32 {
			if x.Sign() < 0 {
				return Int(-1), nil
			}
			return Int(0), nil
		}
		z.Rsh(x, uint(y.Int64()))
	case compiler.OpAnd:
		z.And(x, y)
	case compiler.OpOr:
		z.Or(x, y)
	case compiler.OpXor:
		z.Xor(x, y)
	default:
		return Value{}, Errorf(TypeError, "unsupported operand")
	}
	return BigInt(z), nil
}

// bigTrueDiv divides two ints giving the correctly rounded float.
func bigTrueDiv(x, y *big.Int) (float64, error) {
	q := new(big.Rat).SetFrac(x, y)
	f, _ := q.Float64()
	if f == 0 && (x.Sign() < 0) != (y.Sign() < 0) {
		f = math.Copysign(0, -1)
	}
	if math.IsInf(f, 0) {
		return 0, Errorf(OverflowError, "integer division result too large for a float")
	}
	return f, nil
}

// floatBinary computes x op y on floats with Python's semantics.
func floatBinary(op compiler.BinaryOp, x, y float64) (Value, error) {
	switch op {
	case compiler.OpAdd:
		return Float(x + y), nil
	case compiler.OpSub:
		return Float(x - y), nil
	case compiler.OpMul:
		return Float(x * y), nil
	case compiler.OpTrueDiv:
		if y == 0 {
			return Value{}, Errorf(ZeroDivisionError, "float division by zero")
		}
		return Float(x / y), nil
	case compiler.OpFloorDiv:
		if y == 0 {
			return Value{}, Errorf(ZeroDivisionError, "float floor division by zero")
		}
		q, _ := floatDivmod(x, y)
		return Float(q), nil
	case compiler.OpMod:
		if y == 0 {
			return Value{}, Errorf(ZeroDivisionError, "float modulo")
		}
		_, m := floatDivmod(x, y)
		return Float(m), nil
	case compiler.OpPow:
		return floatPow(x, y)
	}
	return Value{}, nil
}

// floatDivmod is CPython's float_divmod.
func floatDivmod(vx, wx float64) (float64, float64) {
	mod := math.Mod(vx, wx)
	div := (vx - mod) / wx
	if mod != 0 {
		if (wx < 0) != (mod < 0) {
			mod += wx
			div -= 1.0
		}
	} else {
		mod = math.Copysign(0, wx)
	}
	var floordiv float64
	if div != 0 {
		floordiv = math.Floor(div)
		if div-floordiv > 0.5 {
			floordiv += 1.0
		}
	} else {
		floordiv = math.Copysign(0, vx/wx)
	}
	return floordiv, mod
}

func floatPow(x, y float64) (Value, error) {
	if y == 0 {
		return Float(1), nil
	}
	if x == 0 && y < 0 {
		if math.IsInf(y, -1) {
			return Float(math.Inf(1)), nil
		}
		return Value{}, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
	}
	if x < 0 && y != math.Trunc(y) && !math.IsInf(y, 0) && !math.IsNaN(y) && !math.IsInf(x, 0) {
		// a negative number to a fractional power is complex
		return complexPow(complex(x, 0), complex(y, 0))
	}
	r := pyPow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return Value{}, Errorf(OverflowError, "(34, 'Numerical result out of range')")
	}
	return Float(r), nil
}

// compareNumbers compares two numbers exactly (ints against floats without
// rounding), returning -1, 0, 1, or 2 when unordered (NaN).
func compareNumbers(a, b Value) (int, bool) {
	ka, kb := numOf(a), numOf(b)
	if ka == numNone || kb == numNone {
		return 0, false
	}
	if ka == numSmall && kb == numSmall {
		x, y := int64(a.n), int64(b.n)
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	if ka == numFloat && kb == numFloat {
		x, y := a.AsFloat(), b.AsFloat()
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		case x == y:
			return 0, true
		}
		return 2, true
	}
	if ka != numFloat && kb != numFloat {
		x, _ := a.ToBig()
		y, _ := b.ToBig()
		return x.Cmp(y), true
	}
	// int vs float
	if ka == numFloat {
		c, ok := compareIntFloat(b, a.AsFloat())
		if c == 2 {
			return 2, ok
		}
		return -c, ok
	}
	return compareIntFloat(a, b.AsFloat())
}

func compareIntFloat(i Value, f float64) (int, bool) {
	if math.IsNaN(f) {
		return 2, true
	}
	if math.IsInf(f, 1) {
		return -1, true
	}
	if math.IsInf(f, -1) {
		return 1, true
	}
	if i.IsSmallInt() || i.IsBool() {
		x := int64(i.n)
		if absInt64(x) < 1<<53 {
			fx := float64(x)
			switch {
			case fx < f:
				return -1, true
			case fx > f:
				return 1, true
			}
			return 0, true
		}
	}
	x, _ := i.ToBig()
	bf := new(big.Float).SetPrec(0).SetFloat64(f)
	bx := new(big.Float).SetPrec(0).SetInt(x)
	return bx.Cmp(bf), true
}

// intHash is Python's hash for ints: reduction modulo 2**61-1.
func intHash(v Value) int64 {
	const modulus = (1 << 61) - 1
	if x, ok := v.AsInt64(); ok {
		var h int64
		if x >= 0 {
			h = int64(uint64(x) % modulus)
		} else {
			h = -int64(uint64(-x) % modulus)
		}
		if h == -1 {
			h = -2
		}
		return h
	}
	x, _ := v.ToBig()
	m := new(big.Int).Mod(new(big.Int).Abs(x), big.NewInt(modulus)).Int64()
	if x.Sign() < 0 {
		m = -m
	}
	if m == -1 {
		m = -2
	}
	return m
}

// floatHash is CPython's _Py_HashDouble (without the NaN identity part).
func floatHash(f float64) int64 {
	const modulusBits = 61
	const modulus = (1 << modulusBits) - 1
	if math.IsInf(f, 1) {
		return 314159
	}
	if math.IsInf(f, -1) {
		return -314159
	}
	if math.IsNaN(f) {
		return 0
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return intHash(Int(int64(f)))
	}
	m, e := math.Frexp(f)
	sign := int64(1)
	if m < 0 {
		sign = -1
		m = -m
	}
	var x uint64
	for m != 0 {
		x = ((x << 28) & modulus) | x>>(modulusBits-28)
		m *= 268435456.0
		e -= 28
		y := uint64(m)
		m -= float64(y)
		x += y
		if x >= modulus {
			x -= modulus
		}
	}
	if e >= 0 {
		e = e % modulusBits
	} else {
		e = modulusBits - 1 - ((-1 - e) % modulusBits)
	}
	x = ((x << uint(e)) & modulus) | x>>(modulusBits-uint(e))
	h := int64(x) * sign
	if h == -1 {
		h = -2
	}
	return h
}
