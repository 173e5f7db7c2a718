package vm

import (
	"math"
	"math/big"
)

// pyPow computes x**y like the C library's pow, which CPython uses: the
// result is correctly rounded (Go's math.Pow can be off by an ulp or two).
// The general case evaluates exp(y*log(x)) in double-double arithmetic,
// about 100 bits of precision.
func pyPow(x, y float64) float64 {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) || x == 0 || y == 0 {
		return math.Pow(x, y)
	}
	neg := false
	if x < 0 {
		if y != math.Trunc(y) {
			return math.NaN()
		}
		x = -x
		neg = math.Abs(y) < 1<<53 && math.Mod(y, 2) != 0
	}
	var r float64
	switch {
	case x == 1:
		r = 1
	case y == 1:
		r = x
	case y == 2:
		r = x * x
	case y == -1:
		r = 1 / x
	case y == 0.5:
		r = math.Sqrt(x)
	default:
		var ok bool
		if r, ok = halfIntPow(x, y); !ok {
			r = ddPow(x, y)
		}
	}
	if neg {
		return -r
	}
	return r
}

// halfIntPow computes x**y for y = k/2 with a small integer k as
// sqrt(x)**k in double-double arithmetic (as precise as ddPow, several
// times cheaper: nbody's ** -1.5); ok is false when y is not such a number
// or the result is not a normal float.
func halfIntPow(x, y float64) (float64, bool) {
	k2 := y * 2
	if k2 != math.Trunc(k2) || math.Abs(k2) > 64 {
		return 0, false
	}
	k := int(k2)
	var base dd
	if k%2 == 0 {
		base, k = dd{x, 0}, k/2
	} else {
		s := math.Sqrt(x)
		base = dd{s, math.FMA(-s, s, x) / (2 * s)}
		base = quickTwoSum(base.hi, base.lo)
	}
	neg := k < 0
	if neg {
		k = -k
	}
	p := dd{1, 0}
	for k > 0 {
		if k&1 != 0 {
			p = ddMul(p, base)
		}
		k >>= 1
		if k > 0 {
			base = ddMul(base, base)
		}
	}
	if neg {
		p = ddDiv(dd{1, 0}, p)
	}
	if a := math.Abs(p.hi); !(a > 0x1p-1000 && a < 0x1p1000) {
		return 0, false
	}
	return p.hi + p.lo, true
}

// dd is a double-double number hi+lo with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	e := (a - (s - bb)) + (b - bb)
	return dd{s, e}
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func ddAdd(a, b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = quickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return quickTwoSum(s.hi, s.lo)
}

func ddMul(a, b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(p.hi, p.lo)
}

func ddMulF(a dd, b float64) dd {
	p := twoProd(a.hi, b)
	p.lo += a.lo * b
	return quickTwoSum(p.hi, p.lo)
}

func ddDiv(a, b dd) dd {
	q1 := a.hi / b.hi
	r := ddAdd(a, ddMulF(b, -q1))
	q2 := r.hi / b.hi
	r = ddAdd(r, ddMulF(b, -q2))
	q3 := r.hi / b.hi
	q := quickTwoSum(q1, q2)
	return ddAdd(q, dd{q3, 0})
}

var ddLn2 = dd{0.6931471805599453, 2.3190468138462996e-17}

// ddLog returns log(x) for finite x > 0.
func ddLog(x float64) dd {
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	num := dd{m - 1, 0} // exact
	den := twoSum(m, 1)
	s := ddDiv(num, den)
	s2 := ddMul(s, s)
	// atanh(s) = s + s^3/3 + s^5/5 + ...
	sum := dd{0, 0}
	term := s
	for k := 1; k < 80; k += 2 {
		t := ddDiv(term, dd{float64(k), 0})
		sum = ddAdd(sum, t)
		if math.Abs(t.hi) < 1e-34*math.Abs(sum.hi) {
			break
		}
		term = ddMul(term, s2)
	}
	logm := dd{2 * sum.hi, 2 * sum.lo}
	return ddAdd(ddMulF(ddLn2, float64(e)), logm)
}

// ddPow computes x**y for finite x > 0, x != 1, and y finite non-zero.
func ddPow(x, y float64) float64 {
	l := ddLog(x)
	// decided on the product alone: y*log(x) may overflow, which makes
	// the double-double product NaN
	if p := l.hi * y; p > 710 {
		return math.Inf(1)
	} else if p < -746 {
		return 0
	}
	t := ddMulF(l, y)
	k := math.Round(t.hi / ddLn2.hi)
	r := ddAdd(t, ddMulF(ddLn2, -k))
	// exp(r) = exp(r/256)**256
	const squarings = 8
	r = dd{math.Ldexp(r.hi, -squarings), math.Ldexp(r.lo, -squarings)}
	sum := dd{1, 0}
	term := dd{1, 0}
	for n := 1; n < 30; n++ {
		term = ddMul(term, r)
		term = ddDiv(term, dd{float64(n), 0})
		sum = ddAdd(sum, term)
		if math.Abs(term.hi) < 1e-36 {
			break
		}
	}
	for i := 0; i < squarings; i++ {
		sum = ddMul(sum, sum)
	}
	ki := int(k)
	_, fe := math.Frexp(sum.hi)
	if y == math.Trunc(y) && math.Abs(y) <= 1024 {
		// An exact result may lie exactly halfway between two doubles,
		// where the approximation cannot decide: compute it exactly.
		half := math.Ldexp(1, fe-54)
		if math.Abs(math.Abs(sum.lo)-half) < math.Ldexp(half, -30) {
			return exactIntPow(x, int(y))
		}
	}
	if fe+ki > -1021 && fe+ki < 1024 {
		return math.Ldexp(sum.hi+sum.lo, ki)
	}
	// subnormal or overflowing result: scale exactly, then round once
	b := new(big.Float).SetPrec(200).SetFloat64(sum.hi)
	b.Add(b, new(big.Float).SetPrec(200).SetFloat64(sum.lo))
	b.SetMantExp(b, ki)
	f, _ := b.Float64()
	return f
}

// exactIntPow computes x**n for an integer n, rounding the exact result
// once.
func exactIntPow(x float64, n int) float64 {
	neg := n < 0
	if neg {
		n = -n
	}
	prec := uint(53*n + 64)
	r := new(big.Float).SetPrec(prec).SetInt64(1)
	b := new(big.Float).SetPrec(prec).SetFloat64(x)
	for n > 0 {
		if n&1 == 1 {
			r.Mul(r, b)
		}
		n >>= 1
		if n > 0 {
			b.Mul(b, b)
		}
	}
	if neg {
		one := new(big.Float).SetPrec(prec).SetInt64(1)
		r = new(big.Float).SetPrec(prec).Quo(one, r)
	}
	f, _ := r.Float64()
	return f
}
