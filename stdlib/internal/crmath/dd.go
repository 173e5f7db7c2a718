// Package crmath provides correctly rounded (to within a tiny fraction of
// an ulp) elementary functions. CPython's math module calls the C library,
// and glibc returns the correctly rounded result for nearly all arguments
// of exp, log, pow, sin, cos and friends, while Go's math package is often
// one ulp away; evaluating in double-double arithmetic (about 104 bits)
// and rounding once reproduces CPython's output. Not always: glibc's
// results are within about 0.51 ulp, not correctly rounded, so for
// arguments whose exact value lies very near halfway between two doubles
// (about one in a thousand random arguments of sin, cos, exp, log, atan2,
// sinh, asinh; 10.0 ** 23) python3 prints the other neighbour. Matching
// those would take glibc's own polynomial evaluations.
//
// The double-double primitives and the sin/cos/log evaluation follow
// stdlib/internal/mtrand/libm.go, which does the same for the random
// module's distributions.
package crmath

import (
	"math"
	"math/big"
	"sync"
)

// dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return
}

func quickTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return
}

func twoProd(a, b float64) (p, e float64) {
	p = a * b
	e = math.FMA(a, b, -p)
	return
}

func ddAdd(x, y dd) dd {
	s, e := twoSum(x.hi, y.hi)
	t, f := twoSum(x.lo, y.lo)
	e += t
	s, e = quickTwoSum(s, e)
	e += f
	s, e = quickTwoSum(s, e)
	return dd{s, e}
}

func ddNeg(x dd) dd { return dd{-x.hi, -x.lo} }

func ddSub(x, y dd) dd { return ddAdd(x, ddNeg(y)) }

func ddAddF(x dd, y float64) dd {
	s, e := twoSum(x.hi, y)
	e += x.lo
	s, e = quickTwoSum(s, e)
	return dd{s, e}
}

func ddMul(x, y dd) dd {
	p, e := twoProd(x.hi, y.hi)
	e += float64(x.hi*y.lo) + float64(x.lo*y.hi)
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

func ddMulF(x dd, y float64) dd {
	p, e := twoProd(x.hi, y)
	e += float64(x.lo * y)
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

func ddDiv(x, y dd) dd {
	q1 := x.hi / y.hi
	r := ddSub(x, ddMulF(y, q1))
	q2 := r.hi / y.hi
	r = ddSub(r, ddMulF(y, q2))
	q3 := r.hi / y.hi
	q1, q2 = quickTwoSum(q1, q2)
	return ddAddF(dd{q1, q2}, q3)
}

// round returns hi+lo rounded to the nearest float64.
func (x dd) round() float64 { return x.hi + x.lo }

var (
	ln2DD = dd{0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56}
	ln2C  = [3]float64{0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56, 0x1.7b57a079a1934p-111}
	pio2C = [3]float64{0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54, -0x1.f1976b7ed8fbcp-110}
	pio2D = dd{0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54}
	piDD  = dd{0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53}

	atanhCoef [23]dd // 1/(2k+1)
	expCoef   [12]dd // 1/k!
	sinCoef   [15]dd // (-1)^k/(2k+1)!
	cosCoef   [15]dd // (-1)^k/(2k)!
)

func init() {
	one := dd{1, 0}
	for k := range atanhCoef {
		atanhCoef[k] = ddDiv(one, dd{float64(2*k + 1), 0})
	}
	f := one
	for k := range expCoef {
		if k > 0 {
			f = ddMulF(f, float64(k))
		}
		expCoef[k] = ddDiv(one, f)
	}
	// factorials up to 29!
	var fact [30]dd
	fact[0] = one
	for k := 1; k < 30; k++ {
		fact[k] = ddMulF(fact[k-1], float64(k))
	}
	for k := range sinCoef {
		c := ddDiv(one, fact[2*k+1])
		d := ddDiv(one, fact[2*k])
		if k%2 == 1 {
			c, d = ddNeg(c), ddNeg(d)
		}
		sinCoef[k] = c
		cosCoef[k] = d
	}
}

// logDD returns log(x) in double-double for finite x > 0.
func logDD(x float64) dd {
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	// log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716.
	num := dd{m - 1, 0}
	dh, dl := twoSum(m, 1)
	s := ddDiv(num, dd{dh, dl})
	s2 := ddMul(s, s)
	sum := atanhCoef[len(atanhCoef)-1]
	for k := len(atanhCoef) - 2; k >= 0; k-- {
		sum = ddAdd(ddMul(sum, s2), atanhCoef[k])
	}
	res := ddMulF(ddMul(s, sum), 2)
	if e != 0 {
		res = ddAdd(ddMulF(ln2DD, float64(e)), res)
	}
	return res
}

// crLog is a correctly rounded natural logarithm.
func crLog(x float64) float64 {
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

var (
	bigPiOnce sync.Once
	bigPio2   *big.Float
)

const bigPiPrec = 1400

// bigAtanInv returns atan(1/n) with bigPiPrec bits.
func bigAtanInv(n int64) *big.Float {
	prec := uint(bigPiPrec + 64)
	x := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), new(big.Float).SetPrec(prec).SetInt64(n))
	x2 := new(big.Float).SetPrec(prec).Mul(x, x)
	sum := new(big.Float).SetPrec(prec).Set(x)
	term := new(big.Float).SetPrec(prec).Set(x)
	tmp := new(big.Float).SetPrec(prec)
	limit := new(big.Float).SetMantExp(big.NewFloat(1), -int(prec))
	for k := int64(3); ; k += 2 {
		term.Mul(term, x2)
		term.Neg(term)
		tmp.Quo(term, tmp.SetInt64(k))
		if tmp.Sign() == 0 || new(big.Float).Abs(tmp).Cmp(limit) < 0 {
			break
		}
		sum.Add(sum, tmp)
	}
	return sum
}

func pio2Big() *big.Float {
	bigPiOnce.Do(func() {
		// Machin: pi/4 = 4 atan(1/5) - atan(1/239)
		a := bigAtanInv(5)
		a.Mul(a, big.NewFloat(4))
		a.Sub(a, bigAtanInv(239))
		a.Mul(a, big.NewFloat(2)) // pi/2
		bigPio2 = a
	})
	return bigPio2
}

// reducePio2 returns r and q with x = q*pi/2 + r, |r| <= ~pi/4, for finite x.
func reducePio2(x float64) (dd, int) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dd{math.NaN(), 0}, 0
	}
	if math.Abs(x) <= math.Pi/4 {
		return dd{x, 0}, 0
	}
	if math.Abs(x) < 1<<20 {
		k := math.Round(x / pio2C[0])
		p1, e1 := twoProd(k, pio2C[0])
		p2, e2 := twoProd(k, pio2C[1])
		h, l := twoSum(x, -p1)
		r := dd{h, l}
		r = ddAdd(r, dd{-e1, 0})
		r = ddAdd(r, dd{-p2, -e2})
		r = ddAddF(r, -k*pio2C[2])
		return r, int(int64(k) & 3)
	}
	prec := uint(bigPiPrec)
	p := pio2Big()
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	q := new(big.Float).SetPrec(prec).Quo(bx, p)
	qi, _ := q.Int(nil)
	// round to nearest
	frac := new(big.Float).SetPrec(prec).Sub(q, new(big.Float).SetPrec(prec).SetInt(qi))
	half := big.NewFloat(0.5)
	if frac.Cmp(half) > 0 {
		qi.Add(qi, big.NewInt(1))
	} else if frac.Cmp(new(big.Float).Neg(half)) < 0 {
		qi.Sub(qi, big.NewInt(1))
	}
	rr := new(big.Float).SetPrec(prec).Mul(new(big.Float).SetPrec(prec).SetInt(qi), p)
	rr.Sub(bx, rr)
	hi, _ := rr.Float64()
	rr.Sub(rr, new(big.Float).SetFloat64(hi))
	lo, _ := rr.Float64()
	quad := new(big.Int).And(qi, big.NewInt(3)).Int64()
	return dd{hi, lo}, int(quad)
}

func sinPoly(r dd) dd {
	r2 := ddMul(r, r)
	sum := sinCoef[len(sinCoef)-1]
	for k := len(sinCoef) - 2; k >= 0; k-- {
		sum = ddAdd(ddMul(sum, r2), sinCoef[k])
	}
	return ddMul(sum, r)
}

func cosPoly(r dd) dd {
	r2 := ddMul(r, r)
	sum := cosCoef[len(cosCoef)-1]
	for k := len(cosCoef) - 2; k >= 0; k-- {
		sum = ddAdd(ddMul(sum, r2), cosCoef[k])
	}
	return sum
}

// sinDD returns sin(x) in double-double for finite x.
func sinDD(x float64) dd {
	r, q := reducePio2(x)
	switch q {
	case 0:
		return sinPoly(r)
	case 1:
		return cosPoly(r)
	case 2:
		return ddNeg(sinPoly(r))
	default:
		return ddNeg(cosPoly(r))
	}
}

// cosDD returns cos(x) in double-double for finite x.
func cosDD(x float64) dd {
	r, q := reducePio2(x)
	switch q {
	case 0:
		return cosPoly(r)
	case 1:
		return ddNeg(sinPoly(r))
	case 2:
		return ddNeg(cosPoly(r))
	default:
		return sinPoly(r)
	}
}

// asinSmallDD returns asin(z) in double-double for a double-double
// 0 <= z <= 0.5 (plus rounding), by one Newton step from math.Asin.
func asinSmallDD(z dd) dd {
	y0 := math.Asin(z.hi)
	if y0 == 0 {
		return z
	}
	res := ddSub(z, sinDD(y0))
	delta := res.round() / math.Cos(y0)
	h, l := quickTwoSum(y0, delta)
	return dd{h, l}
}
