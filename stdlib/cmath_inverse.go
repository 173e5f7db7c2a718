package stdlib

import (
	"math"
	"math/cmplx"

	"github.com/pyasync/pyasync/stdlib/internal/crmath"
)

// The inverse trigonometric and hyperbolic functions of cmath, from W.
// Kahan, "Branch Cuts for Complex Elementary Functions, or Much Ado About
// Nothing's Sign Bit" (1987): acos, acosh and asinh are written with two
// principal square roots whose products give the real and imaginary parts
// (the signs of zeros on the branch cuts come out right by themselves);
// atanh is Kahan's algorithm with log1p. Far from the origin (beyond
// cmLarge) the leading term of the asymptotic expansion (log 2z, 1/z) is
// used instead, so nothing overflows. asin and atan are asinh and atanh
// turned by i. Infinite and NaN arguments take C99 Annex G's values (Go's
// math/cmplx), which CPython's special-value tables also give, except
// where the annex leaves a sign open and CPython chose otherwise (the
// cases written out below).

const (
	cmLarge     = math.MaxFloat64 / 4     // beyond this, the asymptotic forms
	cmSqrtLarge = 6.703903964971298e+153  // sqrt(cmLarge)
	cmSqrtMin   = 1.4916681462400413e-154 // sqrt of the smallest normal double
)

// logHalfPlus2Ln2 is log|z| + log 2 for a z too large for hypot, i.e.
// log(hypot(x/2, y/2)) + 2 log 2, the real part of log 2z.
func logHalfPlus2Ln2(x, y float64) float64 {
	return crmath.Log(crmath.Hypot(x/2, y/2)) + 2*math.Ln2
}

func cAcos(z complex128) (complex128, error) {
	x, y := real(z), imag(z)
	if !cFinite(z) {
		if math.IsInf(x, 0) && math.IsNaN(y) {
			return complex(math.NaN(), math.Inf(1)), nil
		}
		return cmplx.Acos(z), nil
	}
	if math.Abs(x) > cmLarge || math.Abs(y) > cmLarge {
		re := crmath.Atan2(math.Abs(y), x)
		l := logHalfPlus2Ln2(x, y)
		if x < 0 {
			return complex(re, -math.Copysign(l, y)), nil
		}
		return complex(re, math.Copysign(l, -y)), nil
	}
	s1, _ := cSqrt(complex(1-x, -y))
	s2, _ := cSqrt(complex(1+x, y))
	re := 2 * crmath.Atan2(real(s1), real(s2))
	im := crmath.Asinh(real(s2)*imag(s1) - imag(s2)*real(s1))
	return complex(re, im), nil
}

func cAcosh(z complex128) (complex128, error) {
	x, y := real(z), imag(z)
	if !cFinite(z) {
		if x == 0 && math.IsNaN(y) {
			return complex(math.NaN(), math.NaN()), nil
		}
		return cmplx.Acosh(z), nil
	}
	if math.Abs(x) > cmLarge || math.Abs(y) > cmLarge {
		return complex(logHalfPlus2Ln2(x, y), crmath.Atan2(y, x)), nil
	}
	s1, _ := cSqrt(complex(x-1, y))
	s2, _ := cSqrt(complex(x+1, y))
	re := crmath.Asinh(real(s1)*real(s2) + imag(s1)*imag(s2))
	im := 2 * crmath.Atan2(imag(s1), real(s2))
	return complex(re, im), nil
}

func cAsinh(z complex128) (complex128, error) {
	x, y := real(z), imag(z)
	if !cFinite(z) {
		if math.IsNaN(x) && math.IsInf(y, 0) {
			return complex(math.Inf(1), math.NaN()), nil
		}
		return cmplx.Asinh(z), nil
	}
	if math.Abs(x) > cmLarge || math.Abs(y) > cmLarge {
		l := logHalfPlus2Ln2(x, y)
		re := math.Copysign(l, x)
		if y < 0 {
			re = -math.Copysign(l, -x)
		}
		return complex(re, crmath.Atan2(y, math.Abs(x))), nil
	}
	s1, _ := cSqrt(complex(1+y, -x))
	s2, _ := cSqrt(complex(1-y, x))
	re := crmath.Asinh(real(s1)*imag(s2) - real(s2)*imag(s1))
	im := crmath.Atan2(y, real(s1)*real(s2)-imag(s1)*imag(s2))
	return complex(re, im), nil
}

func cAsin(z complex128) (complex128, error) {
	if !cFinite(z) {
		if math.IsInf(real(z), 0) && math.IsNaN(imag(z)) {
			return complex(math.NaN(), math.Inf(-1)), nil
		}
		return cmplx.Asin(z), nil
	}
	s, _ := cAsinh(complex(-imag(z), real(z)))
	return complex(imag(s), -real(s)), nil
}

func cAtanh(z complex128) (complex128, error) {
	x, y := real(z), imag(z)
	if !cFinite(z) {
		return cmplx.Atanh(z), nil
	}
	if x < 0 { // atanh is odd: compute in the right half-plane
		r, err := cAtanh(complex(-x, -y))
		return -r, err
	}
	ay := math.Abs(y)
	switch {
	case x > cmSqrtLarge || ay > cmSqrtLarge:
		// atanh z ≈ 1/z ± iπ/2
		h := crmath.Hypot(x/2, y/2)
		return complex(x/4/h/h, -math.Copysign(math.Pi/2, -y)), nil
	case x == 1 && ay < cmSqrtMin:
		if ay == 0 {
			return 0, domainError()
		}
		re := -crmath.Log(math.Sqrt(ay) / math.Sqrt(crmath.Hypot(ay, 2)))
		return complex(re, math.Copysign(crmath.Atan2(2, -ay)/2, y)), nil
	}
	re := crmath.Log1p(4*x/((1-x)*(1-x)+ay*ay)) / 4
	im := -crmath.Atan2(-2*y, (1-x)*(1+x)-ay*ay) / 2
	return complex(re, im), nil
}

func cAtan(z complex128) (complex128, error) {
	if !cFinite(z) {
		if math.IsInf(real(z), 0) && math.IsNaN(imag(z)) {
			return complex(math.Copysign(math.Pi/2, real(z)), math.Copysign(0, -1)), nil
		}
		return cmplx.Atan(z), nil
	}
	s, err := cAtanh(complex(-imag(z), real(z)))
	if err != nil {
		return 0, err
	}
	return complex(imag(s), -real(s)), nil
}
