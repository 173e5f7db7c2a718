package stdlib

import (
	"math"
	"math/cmplx"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/stdlib/internal/crmath"
	"github.com/pyasync/pyasync/vm"
)

// The cmath module: functions of complex numbers with CPython's error
// conventions (finite arguments giving a NaN raise ValueError "math domain
// error", giving an infinity raise OverflowError "math range error").
// Finite arguments are computed with CPython's formulas (the mathematics
// of Kahan's and Hull et al.'s papers) over the real functions of crmath,
// which round as glibc does for nearly all arguments (see crmath's package
// comment for the near-halfway cases where glibc is not correctly rounded
// and python3's last digit differs). Infinite and NaN arguments take C99
// Annex G's values (Go's math/cmplx), with CPython's choice written out
// where the annex leaves a sign open. The inverse functions are in
// cmath_inverse.go.

func init() {
	register("cmath", initCmath)
	f := &vm.RealFuncs
	f.Sin, f.Cos, f.Exp, f.Log, f.Pow, f.Atan2, f.Hypot = crmath.Sin, crmath.Cos, crmath.Exp, crmath.Log, crmath.Pow, crmath.Atan2, crmath.Hypot
}

// cmath1 wraps a function of one complex argument with CPython's checks.
func cmath1(name string, f func(complex128) (complex128, error)) fn {
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		z, err := t.ToComplex(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		r, err := f(z)
		if err != nil {
			return vm.Value{}, err
		}
		if cFinite(z) {
			if math.IsNaN(real(r)) || math.IsNaN(imag(r)) {
				return vm.Value{}, domainError()
			}
			if math.IsInf(real(r), 0) || math.IsInf(imag(r), 0) {
				return vm.Value{}, rangeError()
			}
		}
		return vm.NewComplex(r), nil
	}
}

func cFinite(z complex128) bool { return isFinite(real(z)) && isFinite(imag(z)) }

// cSqrt is the principal square root, exact for perfect squares and with
// the sign of a zero imaginary part kept.
func cSqrt(z complex128) (complex128, error) {
	re, im := real(z), imag(z)
	if !cFinite(z) {
		return sqrtSpecial(re, im), nil
	}
	if re == 0 && im == 0 {
		return complex(0, im), nil
	}
	ax, ay := math.Abs(re), math.Abs(im)
	const dblMin = 2.2250738585072014e-308
	var s float64
	if ax < dblMin && ay < dblMin {
		// subnormal parts: scale by 2**54 to keep precision
		x2, y2 := math.Ldexp(ax, 54), math.Ldexp(ay, 54)
		s = math.Ldexp(math.Sqrt((x2+crmath.Hypot(x2, y2))/2), -27)
	} else {
		// sqrt((ax+|z|)/2) without overflow
		s = 2 * math.Sqrt(ax/8+crmath.Hypot(ax/8, ay/8))
	}
	d := ay / (2 * s)
	if re >= 0 {
		return complex(s, math.Copysign(d, im)), nil
	}
	return complex(d, math.Copysign(s, im)), nil
}

// sqrtSpecial is sqrt of an infinite or NaN argument (C99 Annex G, with
// CPython's choices where the annex leaves a sign open).
func sqrtSpecial(x, y float64) complex128 {
	inf, nan := math.Inf(1), math.NaN()
	switch {
	case math.IsInf(y, 0):
		return complex(inf, y)
	case math.IsNaN(x) || math.IsNaN(y) && !math.IsInf(x, 0):
		return complex(nan, nan)
	case math.IsInf(x, 1):
		if math.IsNaN(y) {
			return complex(inf, nan)
		}
		return complex(inf, math.Copysign(0, y))
	}
	// x is -inf
	if math.IsNaN(y) {
		return complex(nan, inf)
	}
	return complex(0, math.Copysign(inf, y))
}

func cExp(z complex128) (complex128, error) {
	re, im := real(z), imag(z)
	if !cFinite(z) {
		if math.IsInf(im, 0) && (isFinite(re) || math.IsInf(re, 1)) {
			return 0, domainError()
		}
		if math.IsInf(re, -1) && math.IsInf(im, 0) {
			return 0, nil // +0+0i (C99 leaves both signs open)
		}
		return cmplx.Exp(z), nil
	}
	var r complex128
	if re > 708 {
		l := crmath.Exp(re - 1)
		r = complex(l*crmath.Cos(im)*math.E, l*crmath.Sin(im)*math.E)
	} else {
		l := crmath.Exp(re)
		r = complex(l*crmath.Cos(im), l*crmath.Sin(im))
	}
	if im == 0 {
		r = complex(real(r), im)
	}
	if math.IsInf(real(r), 0) || math.IsInf(imag(r), 0) {
		return 0, rangeError()
	}
	return r, nil
}

func cLog(z complex128) (complex128, error) {
	re, im := real(z), imag(z)
	if !cFinite(z) {
		return cmplx.Log(z), nil
	}
	if re == 0 && im == 0 {
		return 0, domainError()
	}
	ax, ay := math.Abs(re), math.Abs(im)
	if ax < ay {
		ax, ay = ay, ax
	}
	var l float64
	h := crmath.Hypot(ax, ay)
	switch {
	case math.IsInf(h, 0):
		l = crmath.Log(crmath.Hypot(ax/2, ay/2)) + math.Ln2
	case h < 0x1p-1022:
		// a subnormal modulus: scaled by 2**53 so its log is not rounded twice
		l = crmath.Log(crmath.Hypot(ax*0x1p53, ay*0x1p53)) - 53*math.Ln2
	case h > 0.71 && h < 1.73:
		l = math.Log1p((ax-1)*(ax+1)+ay*ay) / 2
	default:
		l = crmath.Log(h)
	}
	return complex(l, crmath.Atan2(im, re)), nil
}

func cLog10(z complex128) (complex128, error) {
	r, err := cLog(z)
	if err != nil {
		return 0, err
	}
	return complex(real(r)/math.Ln10, imag(r)/math.Ln10), nil
}

func cPhase(t *vm.Thread, v vm.Value) (float64, error) {
	z, err := t.ToComplex(v)
	if err != nil {
		return 0, err
	}
	p := crmath.Atan2(imag(z), real(z))
	if p == 0 && imag(z) != 0 && cFinite(z) {
		// the C library reports a phase that underflows to zero as a
		// range error, and CPython's phase (not polar) raises it
		return 0, rangeError()
	}
	return p, nil
}

func initCmath(_ *vm.VM, m *vm.Module) error {
	m.Set("pi", vm.Float(math.Pi))
	m.Set("e", vm.Float(math.E))
	m.Set("tau", vm.Float(2*math.Pi))
	m.Set("inf", vm.Float(math.Inf(1)))
	m.Set("infj", vm.NewComplex(complex(0, math.Inf(1))))
	m.Set("nan", vm.Float(math.NaN()))
	m.Set("nanj", vm.NewComplex(complex(0, math.NaN())))
	for name, f := range map[string]func(complex128) (complex128, error){
		"sqrt":  cSqrt,
		"exp":   cExp,
		"log10": cLog10,
		"sin":   cSin,
		"cos":   cCos,
		"tan":   cTan,
		"asin":  cAsin,
		"acos":  cAcos,
		"atan":  cAtan,
		"sinh":  cSinh,
		"cosh":  cCosh,
		"tanh":  cTanh,
		"asinh": cAsinh,
		"acosh": cAcosh,
		"atanh": cAtanh,
	} {
		m.SetFunc(name, cmath1(name, f))
	}
	m.SetFunc("log", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("log", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		z, err := t.ToComplex(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		r, err := cLog(z)
		if err != nil {
			return vm.Value{}, err
		}
		if len(args) == 2 {
			b, err := t.ToComplex(args[1])
			if err != nil {
				return vm.Value{}, err
			}
			lb, err := cLog(b)
			if err != nil {
				return vm.Value{}, err
			}
			return t.BinaryOp(compiler.OpTrueDiv, vm.NewComplex(r), vm.NewComplex(lb))
		}
		return vm.NewComplex(r), nil
	})
	m.SetFunc("phase", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("phase", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		p, err := cPhase(t, args[0])
		return vm.Float(p), err
	})
	m.SetFunc("polar", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("polar", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		z, err := t.ToComplex(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		r := crmath.Hypot(real(z), imag(z))
		if math.IsInf(r, 0) && cFinite(z) {
			return vm.Value{}, rangeError()
		}
		return vm.Tuple2(vm.Float(r), vm.Float(crmath.Atan2(imag(z), real(z)))), nil
	})
	m.SetFunc("rect", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("rect", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		r, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		phi, err := toFloat(t, args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if isFinite(r) && math.IsInf(phi, 0) {
			if r == 0 {
				return vm.NewComplex(0), nil
			}
			return vm.Value{}, domainError()
		}
		if phi == 0 {
			return vm.NewComplex(complex(r, r*phi)), nil
		}
		return vm.NewComplex(complex(r*crmath.Cos(phi), r*crmath.Sin(phi))), nil
	})
	pred := func(name string, f func(complex128) bool) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			z, err := t.ToComplex(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Bool(f(z)), nil
		})
	}
	pred("isfinite", cFinite)
	pred("isnan", func(z complex128) bool { return math.IsNaN(real(z)) || math.IsNaN(imag(z)) })
	pred("isinf", func(z complex128) bool { return math.IsInf(real(z), 0) || math.IsInf(imag(z), 0) })
	m.SetFunc("isclose", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var a, b, relTol, absTol vm.Value
		if err := vm.UnpackArgs("isclose", args, kw, []string{"a", "b", "*rel_tol?", "*abs_tol?"}, &a, &b, &relTol, &absTol); err != nil {
			return vm.Value{}, err
		}
		x, err := t.ToComplex(a)
		if err != nil {
			return vm.Value{}, err
		}
		y, err := t.ToComplex(b)
		if err != nil {
			return vm.Value{}, err
		}
		rel, abs := 1e-9, 0.0
		if relTol.IsValid() {
			if rel, err = toFloat(t, relTol); err != nil {
				return vm.Value{}, err
			}
		}
		if absTol.IsValid() {
			if abs, err = toFloat(t, absTol); err != nil {
				return vm.Value{}, err
			}
		}
		if rel < 0 || abs < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "tolerances must be non-negative")
		}
		if x == y {
			return vm.True, nil
		}
		if math.IsInf(real(x), 0) || math.IsInf(imag(x), 0) || math.IsInf(real(y), 0) || math.IsInf(imag(y), 0) {
			return vm.False, nil
		}
		d := cmplx.Abs(x - y)
		return vm.Bool(d <= rel*cmplx.Abs(y) || d <= rel*cmplx.Abs(x) || d <= abs), nil
	})
	return nil
}

// logLargeDouble is CPython's CM_LOG_LARGE_DOUBLE: beyond it, sinh and
// cosh are computed from x-1 to avoid a premature overflow.
const logLargeDouble = 708.3964185322641

func cSinh(z complex128) (complex128, error) { return hyperbolic(z, true) }

func cCosh(z complex128) (complex128, error) { return hyperbolic(z, false) }

// hyperbolic is sinh(z) (or, without sinh, cosh(z)) by CPython's formulas:
// sinh(x)cos(y) + i cosh(x)sin(y) (cosh(x)cos(y) + i sinh(x)sin(y)), from
// x-1 times e for a large x, and a domain error for an infinite imaginary
// part.
func hyperbolic(z complex128, sinh bool) (complex128, error) {
	x, y := real(z), imag(z)
	if !cFinite(z) {
		if math.IsInf(y, 0) && !math.IsNaN(x) {
			return 0, domainError()
		}
		nan := math.NaN()
		if sinh {
			switch { // C99 Annex G leaves these signs open; CPython's choices
			case math.IsNaN(y) && x == 0:
				return complex(0, nan), nil
			case math.IsNaN(y) && math.IsInf(x, 0):
				return complex(math.Inf(1), nan), nil
			}
			return cmplx.Sinh(z), nil
		}
		if math.IsNaN(y) && x == 0 || math.IsNaN(x) && y == 0 {
			return complex(nan, 0), nil
		}
		return cmplx.Cosh(z), nil
	}
	re, im := crmath.Sinh, crmath.Cosh
	if !sinh {
		re, im = im, re
	}
	scale := 1.0
	if math.Abs(x) > logLargeDouble {
		x, scale = x-math.Copysign(1, x), math.E
	}
	r := complex(crmath.Cos(y)*re(x)*scale, crmath.Sin(y)*im(x)*scale)
	if math.IsInf(real(r), 0) || math.IsInf(imag(r), 0) {
		return 0, rangeError()
	}
	return r, nil
}

// cSin is sin(z) = -i sinh(iz), as CPython computes it.
func cSin(z complex128) (complex128, error) {
	s, err := cSinh(complex(-imag(z), real(z)))
	return complex(imag(s), -real(s)), err
}

// cCos is cos(z) = cosh(iz).
func cCos(z complex128) (complex128, error) {
	return cCosh(complex(-imag(z), real(z)))
}

// cTanh follows CPython's formulas (which keep tanh finite for a large
// real part).
func cTanh(z complex128) (complex128, error) {
	x, y := real(z), imag(z)
	if !cFinite(z) {
		if math.IsInf(y, 0) && isFinite(x) {
			return 0, domainError()
		}
		if math.IsInf(x, 0) && !math.IsNaN(y) {
			// ±1 ± 0i: the zero takes the sign of sin(2y), + for an infinite y
			zero := 0.0
			if isFinite(y) {
				zero = math.Copysign(0, crmath.Sin(y)*crmath.Cos(y))
			}
			return complex(math.Copysign(1, x), zero), nil
		}
		return cmplx.Tanh(z), nil
	}
	if math.Abs(x) > logLargeDouble {
		return complex(math.Copysign(1, x), 4*crmath.Sin(y)*crmath.Cos(y)*crmath.Exp(-2*math.Abs(x))), nil
	}
	tx, ty, cx := crmath.Tanh(x), crmath.Tan(y), 1/crmath.Cosh(x)
	txty := tx * ty
	denom := 1 + txty*txty
	return complex(tx*(1+ty*ty)/denom, ((ty/denom)*cx)*cx), nil
}

// cTan is tan(z) = -i tanh(iz).
func cTan(z complex128) (complex128, error) {
	s, err := cTanh(complex(-imag(z), real(z)))
	return complex(imag(s), -real(s)), err
}
