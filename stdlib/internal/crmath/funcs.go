package crmath

import (
	"math"
	"math/big"
)

var (
	invLn2DD  = dd{0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56}
	invLn10DD = dd{0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57}
)

// expParts returns em and k with exp(x) = (1 + em) * 2**k, em in
// double-double; when k == 0, em is expm1(x) to full relative precision.
func expParts(x dd) (dd, int) {
	k := math.Round(x.hi / ln2C[0])
	r := x
	if k != 0 {
		p1, e1 := twoProd(k, ln2C[0])
		p2, e2 := twoProd(k, ln2C[1])
		r = ddAdd(r, dd{-p1, -e1})
		r = ddAdd(r, dd{-p2, -e2})
		r = ddAddF(r, -k*ln2C[2])
	}
	const sq = 10
	t := dd{math.Ldexp(r.hi, -sq), math.Ldexp(r.lo, -sq)}
	sum := expCoef[len(expCoef)-1]
	for i := len(expCoef) - 2; i >= 1; i-- {
		sum = ddAdd(ddMul(sum, t), expCoef[i])
	}
	em := ddMul(sum, t)
	for i := 0; i < sq; i++ {
		em = ddAdd(ddMulF(em, 2), ddMul(em, em))
	}
	return em, int(k)
}

// scale rounds m * 2**k to float64, handling overflow and subnormals.
func scale(m dd, k int) float64 {
	if k > -1000 && k < 1000 {
		return math.Ldexp(m.round(), k)
	}
	f := new(big.Float).SetPrec(200).SetFloat64(m.hi)
	f.Add(f, new(big.Float).SetFloat64(m.lo))
	f.SetMantExp(f, k)
	v, _ := f.Float64()
	return v
}

// expDD rounds exp(x) for a double-double x.
func expDD(x dd) float64 {
	switch {
	case math.IsNaN(x.hi):
		return x.hi
	case x.hi > 710:
		return math.Inf(1)
	case x.hi < -746:
		return 0
	}
	em, k := expParts(x)
	return scale(ddAddF(em, 1), k)
}

// expFull returns exp(x) as m * 2**k with m in double-double.
func expFull(x float64) (dd, int) {
	em, k := expParts(dd{x, 0})
	return ddAddF(em, 1), k
}

// Exp is a correctly rounded e**x.
func Exp(x float64) float64 {
	switch {
	case math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return 0
	case x == 0:
		return 1
	}
	return expDD(dd{x, 0})
}

// Exp2 is a correctly rounded 2**x.
func Exp2(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return 0
	case x == math.Trunc(x) && math.Abs(x) < 2000:
		return math.Ldexp(1, int(x))
	}
	return expDD(ddMulF(ln2DD, x))
}

// Expm1 is fdlibm's e**x - 1, which is what glibc computes.
func Expm1(x float64) float64 { return math.Expm1(x) }

// Log is a correctly rounded natural logarithm (NaN for negative x, -Inf
// for zero).
func Log(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	case x == 1:
		return 0
	}
	return logDD(x).round()
}

// Log2 is a correctly rounded base-2 logarithm.
func Log2(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	if m, e := math.Frexp(x); m == 0.5 {
		return float64(e - 1)
	}
	return ddMul(logDD(x), invLn2DD).round()
}

// Log10 is a correctly rounded base-10 logarithm.
func Log10(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	case x == 1:
		return 0
	}
	// glibc's __ieee754_log10 (fdlibm) on top of the correctly rounded log
	const (
		ivln10  = 4.34294481903251816668e-01
		log10Hi = 3.01029995663611771306e-01
		log10Lo = 3.69423907715893078616e-13
		twoTo54 = 1.80143985094819840000e+16
	)
	k := 0
	bits := math.Float64bits(x)
	hx := int32(bits >> 32)
	if hx < 0x00100000 {
		k -= 54
		x *= twoTo54
		bits = math.Float64bits(x)
		hx = int32(bits >> 32)
	}
	k += int(hx>>20) - 1023
	i := int32(uint32(k)&0x80000000) >> 31
	i = int32(uint32(i) & 1)
	hx = (hx & 0x000fffff) | ((0x3ff - i) << 20)
	y := float64(int32(k) + i)
	x = math.Float64frombits(uint64(uint32(hx))<<32 | bits&0xffffffff)
	z := y*log10Lo + ivln10*Log(x)
	return z + y*log10Hi
}

// Log1p is fdlibm's log(1 + x), which is what glibc computes.
func Log1p(x float64) float64 { return math.Log1p(x) }

// Pow is a correctly rounded x**y with the C99 special cases of math.Pow.
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) || x == 0:
		return math.Pow(x, y)
	case y == 1:
		return x
	case x < 0:
		if y != math.Trunc(y) {
			return math.NaN()
		}
		v := Pow(-x, y)
		if math.Abs(y) < 1<<53 && int64(y)%2 != 0 {
			return -v
		}
		return v
	}
	if y == 2 {
		return x * x
	}
	if y == 0.5 {
		return math.Sqrt(x)
	}
	if m, e := math.Frexp(x); m == 0.5 && y == math.Trunc(y) && math.Abs(y) < 1<<20 {
		return math.Ldexp(1, (e-1)*int(y))
	}
	l := logDD(x)
	if p := l.hi * y; math.Abs(p) > 1e4 || math.IsNaN(p) {
		if p > 0 {
			return math.Inf(1)
		}
		return 0
	}
	return expDD(ddMulF(l, y))
}

// Sin is a correctly rounded sine.
func Sin(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return x
	}
	if math.IsInf(x, 0) {
		return math.NaN()
	}
	if math.Abs(x) < 0x1p-26 {
		return x
	}
	return sinDD(x).round()
}

// Cos is a correctly rounded cosine.
func Cos(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.NaN()
	}
	if math.Abs(x) < 0x1p-27 {
		return 1
	}
	return cosDD(x).round()
}

// Tan is a correctly rounded tangent.
func Tan(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return x
	}
	if math.IsInf(x, 0) {
		return math.NaN()
	}
	if math.Abs(x) < 0x1p-26 {
		return x
	}
	return ddDiv(sinDD(x), cosDD(x)).round()
}

// atanDD returns atan(x) in double-double by a Newton step from math.Atan.
func atanDD(x float64) dd {
	y0 := math.Atan(x)
	s, c := sinDD(y0), cosDD(y0)
	num := ddSub(ddMulF(c, x), s)
	den := ddAdd(c, ddMulF(s, x))
	delta := ddDiv(num, den).round()
	h, l := quickTwoSum(y0, delta)
	return dd{h, l}
}

// Atan is a correctly rounded arc tangent.
func Atan(x float64) float64 {
	switch {
	case x == 0 || math.IsNaN(x):
		return x
	case math.IsInf(x, 0):
		return math.Copysign(pio2D.round(), x)
	case math.Abs(x) < 0x1p-27:
		return x
	case math.Abs(x) > 0x1p60:
		return ddSub(dd{math.Copysign(pio2D.hi, x), math.Copysign(pio2D.lo, x)}, dd{1 / x, 0}).round()
	}
	return atanDD(x).round()
}

// Atan2 is a correctly rounded atan2(y, x) for finite non-zero arguments,
// math.Atan2 otherwise.
func Atan2(y, x float64) float64 {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) || x == 0 || y == 0 {
		return math.Atan2(y, x)
	}
	if x > 0 && math.Abs(y) <= x*0x1p-28 {
		// atan t = t - t³/3 + ...: the cube is below half an ulp of t, and
		// the division is correctly rounded (also when y/x is subnormal,
		// which scaling below would round twice)
		return y / x
	}
	// scale to avoid overflow in the residual (atan2 is scale-invariant)
	_, ex := math.Frexp(math.Max(math.Abs(x), math.Abs(y)))
	x, y = math.Ldexp(x, -ex), math.Ldexp(y, -ex)
	if x == 0 || y == 0 {
		return math.Atan2(y, x)
	}
	y0 := math.Atan2(y, x)
	s, c := sinDD(y0), cosDD(y0)
	num := ddSub(ddMulF(c, y), ddMulF(s, x))
	den := ddAdd(ddMulF(c, x), ddMulF(s, y))
	delta := ddDiv(num, den).round()
	h, l := quickTwoSum(y0, delta)
	return dd{h, l}.round()
}

// asinDD returns asin(x) in double-double for |x| <= 1.
func asinDD(x float64) dd {
	ax := math.Abs(x)
	if ax <= 0.5 {
		return asinSmallDD(dd{x, 0})
	}
	v := (1 - ax) / 2
	s := math.Sqrt(v)
	rem := math.FMA(-s, s, v)
	h, l := quickTwoSum(s, rem/(2*s))
	a := ddSub(pio2D, ddMulF(asinSmallDD(dd{h, l}), 2))
	if x < 0 {
		return ddNeg(a)
	}
	return a
}

// Asin is a correctly rounded arc sine.
func Asin(x float64) float64 {
	switch {
	case math.IsNaN(x) || x > 1 || x < -1:
		return math.NaN()
	case x == 0 || math.Abs(x) < 0x1p-27:
		return x
	case x == 1 || x == -1:
		return math.Copysign(pio2D.round(), x)
	}
	return asinDD(x).round()
}

// Acos is a correctly rounded arc cosine.
func Acos(x float64) float64 {
	switch {
	case math.IsNaN(x) || x > 1 || x < -1:
		return math.NaN()
	case x == 1:
		return 0
	case x == -1:
		return piDD.round()
	}
	if math.Abs(x) <= 0.5 {
		return ddSub(pio2D, asinSmallDD(dd{x, 0})).round()
	}
	var v float64
	if x > 0 {
		v = (1 - x) / 2
	} else {
		v = (1 + x) / 2
	}
	s := math.Sqrt(v)
	rem := math.FMA(-s, s, v)
	h, l := quickTwoSum(s, rem/(2*s))
	a := ddMulF(asinSmallDD(dd{h, l}), 2)
	if x > 0 {
		return a.round()
	}
	return ddSub(piDD, a).round()
}

// highWord returns the high 32 bits of |x|, as fdlibm's thresholds use.
func highWord(x float64) uint32 { return uint32(math.Float64bits(x)>>32) & 0x7fffffff }

// The hyperbolic functions follow glibc's (fdlibm) algorithms, with the
// correctly rounded Exp and Log and fdlibm's expm1/log1p (which Go's math
// package reproduces exactly).

// Sinh is glibc's hyperbolic sine.
func Sinh(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	h := 0.5
	if x < 0 {
		h = -h
	}
	ix := highWord(x)
	ax := math.Abs(x)
	if ix < 0x40360000 { // |x| < 22
		if ix < 0x3e300000 { // |x| < 2**-28
			return x
		}
		t := math.Expm1(ax)
		if ix < 0x3ff00000 {
			return h * (2.0*t - t*t/(t+1))
		}
		return h * (t + t/(t+1))
	}
	if ix < 0x40862e42 {
		return h * Exp(ax)
	}
	if math.Float64bits(ax) <= 0x408633ce8fb9f87d {
		w := Exp(0.5 * ax)
		t := h * w
		return t * w
	}
	return x * 1.0e307
}

// Cosh is glibc's hyperbolic cosine.
func Cosh(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	ax := math.Abs(x)
	if math.IsInf(x, 0) {
		return ax
	}
	ix := highWord(x)
	if ix < 0x40360000 {
		if ix < 0x3fd62e43 {
			if ix < 0x3c800000 {
				return 1
			}
			t := math.Expm1(ax)
			w := 1 + t
			return 1 + (t*t)/(w+w)
		}
		t := Exp(ax)
		return 0.5*t + 0.5/t
	}
	if ix < 0x40862e42 {
		return 0.5 * Exp(ax)
	}
	if math.Float64bits(ax) <= 0x408633ce8fb9f87d {
		w := Exp(0.5 * ax)
		t := 0.5 * w
		return t * w
	}
	return math.Inf(1)
}

// Tanh is glibc's hyperbolic tangent.
func Tanh(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	if math.IsInf(x, 0) {
		return math.Copysign(1, x)
	}
	ix := highWord(x)
	var z float64
	if ix < 0x40360000 {
		if x == 0 {
			return x
		}
		if ix < 0x3c800000 {
			return x * (1 + x)
		}
		if ix >= 0x3ff00000 {
			t := math.Expm1(2 * math.Abs(x))
			z = 1 - 2/(t+2)
		} else {
			t := math.Expm1(-2 * math.Abs(x))
			z = -t / (t + 2)
		}
	} else {
		z = 1
	}
	return math.Copysign(z, x)
}

const ln2Hi = 6.93147180559945286227e-01

// Asinh is glibc's inverse hyperbolic sine.
func Asinh(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	ix := highWord(x)
	if ix < 0x3e300000 {
		return x
	}
	xa := math.Abs(x)
	var w float64
	switch {
	case ix > 0x41b00000:
		w = Log(xa) + ln2Hi
	case ix > 0x40000000:
		w = Log(2.0*xa + 1/(math.Sqrt(xa*xa+1)+xa))
	default:
		t := xa * xa
		w = math.Log1p(xa + t/(1+math.Sqrt(1+t)))
	}
	return math.Copysign(w, x)
}

// Acosh is glibc's inverse hyperbolic cosine.
func Acosh(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 1:
		return math.NaN()
	case math.IsInf(x, 1):
		return x
	case x == 1:
		return 0
	}
	hx := highWord(x)
	switch {
	case hx >= 0x41b00000:
		return Log(x) + ln2Hi
	case hx > 0x40000000:
		t := x * x
		return Log(2.0*x - 1/(x+math.Sqrt(t-1)))
	}
	t := x - 1
	return math.Log1p(t + math.Sqrt(2.0*t+t*t))
}

// Atanh is glibc's inverse hyperbolic tangent.
func Atanh(x float64) float64 {
	xa := math.Abs(x)
	switch {
	case math.IsNaN(x) || xa > 1:
		return math.NaN()
	case xa == 1:
		return math.Copysign(math.Inf(1), x)
	}
	var t float64
	if xa < 0.5 {
		if xa < 0x1p-28 {
			return x
		}
		t = xa + xa
		t = 0.5 * math.Log1p(t+t*xa/(1.0-xa))
	} else {
		t = 0.5 * math.Log1p((xa+xa)/(1.0-xa))
	}
	return math.Copysign(t, x)
}

// cbrtFactor is glibc's table, divided in float64 arithmetic as C does.
var cbrtFactor = func() [5]float64 {
	cbrt2, sqrCbrt2 := 1.2599210498948731648, 1.5874010519681994748
	one := 1.0
	return [5]float64{one / sqrCbrt2, one / cbrt2, 1.0, cbrt2, sqrCbrt2}
}()

// Cbrt is the cube root computed the way glibc does (its result is not
// always correctly rounded, and CPython shows glibc's).
func Cbrt(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x + x
	}
	xm, xe := math.Frexp(math.Abs(x))
	u := 0.354895765043919860 + ((1.50819193781584896 + ((-2.11499494167371287 + ((2.44693122563534430 +
		((-1.83469277483613086 + (0.784932344976639262-0.145263899385486377*xm)*xm) * xm)) * xm)) * xm)) * xm)
	t2 := u * u * u
	ym := u * (t2 + 2.0*xm) / (2.0*t2 + xm) * cbrtFactor[2+xe%3]
	if x < 0 {
		ym = -ym
	}
	return math.Ldexp(ym, xe/3)
}
