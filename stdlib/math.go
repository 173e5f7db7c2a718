package stdlib

import (
	"math"
	"math/big"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/stdlib/internal/crmath"
	"github.com/pyasync/pyasync/vm"
)

// The math module, following CPython 3.11's Modules/mathmodule.c: the same
// special cases, error classes and messages, and the same algorithms where
// CPython does not defer to the C library (fsum, hypot/dist, gamma, lgamma,
// log of big ints, remainder).

func init() { register("math", initMath) }

func domainError() error { return vm.Errorf(vm.ValueError, "math domain error") }
func rangeError() error  { return vm.Errorf(vm.OverflowError, "math range error") }

// math1 is CPython's math_1: errors are inferred from the result.
func math1(name string, f func(float64) float64, canOverflow bool) fn {
	qual := "math." + name
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(qual, args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		r := f(x)
		if math.IsNaN(r) && !math.IsNaN(x) {
			return vm.Value{}, domainError()
		}
		if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsNaN(x) {
			if canOverflow {
				return vm.Value{}, rangeError()
			}
			return vm.Value{}, domainError()
		}
		return vm.Float(r), nil
	}
}

// errno-style results of the functions CPython implements itself.
const (
	errNone = iota
	errDom
	errRange
)

// math1a is CPython's math_1a for functions reporting errors explicitly.
func math1a(name string, f func(float64) (float64, int)) fn {
	qual := "math." + name
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(qual, args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		r, e := f(x)
		if e == errDom {
			return vm.Value{}, domainError()
		}
		if e == errRange && math.Abs(r) >= 1.5 {
			return vm.Value{}, rangeError()
		}
		return vm.Float(r), nil
	}
}

// math2 is CPython's math_2.
func math2(name string, f func(x, y float64) float64) fn {
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(name, args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		y, err := toFloat(t, args[1])
		if err != nil {
			return vm.Value{}, err
		}
		r := f(x, y)
		if math.IsNaN(r) {
			if !math.IsNaN(x) && !math.IsNaN(y) {
				return vm.Value{}, domainError()
			}
		} else if math.IsInf(r, 0) {
			if isFinite(x) && isFinite(y) {
				return vm.Value{}, rangeError()
			}
		}
		return vm.Float(r), nil
	}
}

// Computed in float64 arithmetic at run time, like CPython's constants.
var (
	piFloat  = math.Pi
	degToRad = piFloat / 180.0
	radToDeg = 180.0 / piFloat
)

func isFinite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

const (
	logPi  = 1.144729885849400174143427351353058711647
	sqrtPi = 1.772453850905516027298167483341145182798
)

var lanczosNum = [...]float64{
	23531376880.410759688572007674451636754734846804940,
	42919803642.649098768957899047001988850926355848959,
	35711959237.355668049440185451547166705960488635843,
	17921034426.037209699919755754458931112671403265390,
	6039542586.3520280050642916443072979210699388420708,
	1439720407.3117216736632230727949123939715485786772,
	248874557.86205415651146038641322942321632125127801,
	31426415.585400194380614231628318205362874684987640,
	2876370.6289353724412254090516208496135991145378768,
	186056.26539522349504029498971604569928220784236328,
	8071.6720023658162106380029022722506138218516325024,
	210.82427775157934587250973392071336271166969580291,
	2.5066282746310002701649081771338373386264310793408,
}

var lanczosDen = [...]float64{0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
	13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0}

const (
	lanczosG          = 6.024680040776729583740234375
	lanczosGMinusHalf = 5.524680040776729583740234375
)

var gammaIntegral = [...]float64{
	1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0,
	3628800.0, 39916800.0, 479001600.0, 6227020800.0, 87178291200.0,
	1307674368000.0, 20922789888000.0, 355687428096000.0,
	6402373705728000.0, 121645100408832000.0, 2432902008176640000.0,
	51090942171709440000.0, 1124000727777607680000.0,
}

func lanczosSum(x float64) float64 {
	num, den := 0.0, 0.0
	if x < 5.0 {
		for i := len(lanczosNum) - 1; i >= 0; i-- {
			num = num*x + lanczosNum[i]
			den = den*x + lanczosDen[i]
		}
	} else {
		for i := range lanczosNum {
			num = num/x + lanczosNum[i]
			den = den/x + lanczosDen[i]
		}
	}
	return num / den
}

func sinpi(x float64) float64 {
	y := math.Mod(math.Abs(x), 2.0)
	n := int(math.Round(2.0 * y))
	var r float64
	switch n {
	case 0:
		r = crmath.Sin(math.Pi * y)
	case 1:
		r = crmath.Cos(math.Pi * (y - 0.5))
	case 2:
		r = crmath.Sin(math.Pi * (1.0 - y))
	case 3:
		r = -crmath.Cos(math.Pi * (y - 1.5))
	default:
		r = crmath.Sin(math.Pi * (y - 2.0))
	}
	return math.Copysign(1.0, x) * r
}

func tgamma(x float64) (float64, int) {
	if !isFinite(x) {
		if math.IsNaN(x) || x > 0 {
			return x, errNone
		}
		return math.NaN(), errDom
	}
	if x == 0 {
		return math.Copysign(math.Inf(1), x), errDom
	}
	if x == math.Floor(x) {
		if x < 0 {
			return math.NaN(), errDom
		}
		if x <= float64(len(gammaIntegral)) {
			return gammaIntegral[int(x)-1], errNone
		}
	}
	absx := math.Abs(x)
	if absx < 1e-20 {
		r := 1.0 / x
		if math.IsInf(r, 0) {
			return r, errRange
		}
		return r, errNone
	}
	if absx > 200.0 {
		if x < 0 {
			return 0.0 / sinpi(x), errNone
		}
		return math.Inf(1), errRange
	}
	y := absx + lanczosGMinusHalf
	var z float64
	if absx > lanczosGMinusHalf {
		q := y - absx
		z = q - lanczosGMinusHalf
	} else {
		q := y - lanczosGMinusHalf
		z = q - absx
	}
	z = z * lanczosG / y
	var r float64
	if x < 0 {
		r = -math.Pi / sinpi(absx) / absx * crmath.Exp(y) / lanczosSum(absx)
		r -= z * r
		if absx < 140.0 {
			r /= crmath.Pow(y, absx-0.5)
		} else {
			sqrtpow := crmath.Pow(y, absx/2.0-0.25)
			r /= sqrtpow
			r /= sqrtpow
		}
	} else {
		r = lanczosSum(absx) / crmath.Exp(y)
		r += z * r
		if absx < 140.0 {
			r *= crmath.Pow(y, absx-0.5)
		} else {
			sqrtpow := crmath.Pow(y, absx/2.0-0.25)
			r *= sqrtpow
			r *= sqrtpow
		}
	}
	if math.IsInf(r, 0) {
		return r, errRange
	}
	return r, errNone
}

func lgamma(x float64) (float64, int) {
	if !isFinite(x) {
		if math.IsNaN(x) {
			return x, errNone
		}
		return math.Inf(1), errNone
	}
	if x == math.Floor(x) && x <= 2.0 {
		if x <= 0 {
			return math.Inf(1), errDom
		}
		return 0.0, errNone
	}
	absx := math.Abs(x)
	if absx < 1e-20 {
		return -crmath.Log(absx), errNone
	}
	r := crmath.Log(lanczosSum(absx)) - lanczosG
	r += (absx - 0.5) * (crmath.Log(absx+lanczosG-0.5) - 1)
	if x < 0 {
		r = logPi - crmath.Log(math.Abs(sinpi(absx))) - crmath.Log(absx) - r
	}
	if math.IsInf(r, 0) {
		return r, errRange
	}
	return r, errNone
}

func mAtan2(y, x float64) float64 {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.NaN()
	}
	if math.IsInf(y, 0) {
		if math.IsInf(x, 0) {
			if math.Copysign(1, x) == 1 {
				return math.Copysign(0.25*math.Pi, y)
			}
			return math.Copysign(0.75*math.Pi, y)
		}
		return math.Copysign(0.5*math.Pi, y)
	}
	if math.IsInf(x, 0) || y == 0 {
		if math.Copysign(1, x) == 1 {
			return math.Copysign(0, y)
		}
		return math.Copysign(math.Pi, y)
	}
	return crmath.Atan2(y, x)
}

func mRemainder(x, y float64) float64 {
	if isFinite(x) && isFinite(y) {
		if y == 0 {
			return math.NaN()
		}
		absx, absy := math.Abs(x), math.Abs(y)
		m := math.Mod(absx, absy)
		c := absy - m
		var r float64
		switch {
		case m < c:
			r = m
		case m > c:
			r = -c
		default:
			r = m - 2.0*math.Mod(0.5*(absx-m), absy)
		}
		return math.Copysign(1.0, x) * r
	}
	if math.IsNaN(x) {
		return x
	}
	if math.IsNaN(y) {
		return y
	}
	if math.IsInf(x, 0) {
		return math.NaN()
	}
	return x
}

func mLog(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) {
		if isFinite(x) {
			if x > 0 {
				return f(x), true
			}
			if x == 0 {
				return math.Inf(-1), false
			}
			return math.NaN(), false
		}
		if math.IsNaN(x) {
			return x, true
		}
		if x > 0 {
			return x, true
		}
		return math.NaN(), false
	}
}

// bigFrexp returns x ~= m * 2**e with 0.5 <= m < 1, m rounded to 53 bits.
func bigFrexp(b *big.Int) (float64, int) {
	f := new(big.Float).SetPrec(53).SetMode(big.ToNearestEven).SetInt(b)
	mant := new(big.Float)
	e := f.MantExp(mant)
	m, _ := mant.Float64()
	return m, e
}

// logHelper is CPython's loghelper: ints of any size are handled exactly.
func logHelper(t *vm.Thread, v vm.Value, f func(float64) float64) (float64, error) {
	lf := mLog(f)
	if isIntLike(v) {
		b, _ := v.ToBig()
		if b.Sign() <= 0 {
			return 0, domainError()
		}
		x, _ := new(big.Float).SetInt(b).Float64()
		if math.IsInf(x, 0) {
			m, e := bigFrexp(b)
			return f(m) + f(2.0)*float64(e), nil
		}
		return f(x), nil
	}
	x, err := toFloat(t, v)
	if err != nil {
		return 0, err
	}
	r, ok := lf(x)
	if !ok || (math.IsNaN(r) && !math.IsNaN(x)) {
		return 0, domainError()
	}
	if math.IsInf(r, 0) && isFinite(x) {
		return 0, domainError()
	}
	return r, nil
}

func mathLog(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if len(kw) > 0 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "log() takes no keyword arguments")
	}
	if len(args) < 1 || len(args) > 2 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "math.log requires 1 to 2 arguments")
	}
	num, err := logHelper(t, args[0], crmath.Log)
	if err != nil {
		return vm.Value{}, err
	}
	if len(args) == 1 {
		return vm.Float(num), nil
	}
	den, err := logHelper(t, args[1], crmath.Log)
	if err != nil {
		return vm.Value{}, err
	}
	if den == 0 {
		return vm.Value{}, vm.Errorf(vm.ZeroDivisionError, "float division by zero")
	}
	return vm.Float(num / den), nil
}

func logN(name string, f func(float64) float64) fn {
	qual := "math." + name
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(qual, args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		r, err := logHelper(t, args[0], f)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r), nil
	}
}

// floatToInt converts an integral float to an int value.
func floatToInt(x float64) (vm.Value, error) {
	if math.IsInf(x, 0) {
		return vm.Value{}, vm.Errorf(vm.OverflowError, "cannot convert float infinity to integer")
	}
	if math.IsNaN(x) {
		return vm.Value{}, vm.Errorf(vm.ValueError, "cannot convert float NaN to integer")
	}
	if x >= -9.2e18 && x <= 9.2e18 {
		return vm.Int(int64(x)), nil
	}
	b, _ := new(big.Float).SetFloat64(x).Int(nil)
	return vm.BigInt(b), nil
}

// roundingFunc implements floor and ceil.
func roundingFunc(name, dunder string, f func(float64) float64) fn {
	qual := "math." + name
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(qual, args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		v := args[0]
		if v.IsFloat() {
			return floatToInt(f(v.AsFloat()))
		}
		if isIntLike(v) {
			if v.IsBool() {
				n, _ := v.AsInt64()
				return vm.Int(n), nil
			}
			return v, nil
		}
		if _, ok := v.Type().Lookup(dunder); ok {
			return t.CallMethod(v, dunder)
		}
		x, err := toFloat(t, v)
		if err != nil {
			return vm.Value{}, err
		}
		return floatToInt(f(x))
	}
}

// vectorNorm is CPython's vector_norm (used by hypot and dist).
func vectorNorm(vec []float64, maxv float64, foundNaN bool) float64 {
	if math.IsInf(maxv, 0) {
		return maxv
	}
	if foundNaN {
		return math.NaN()
	}
	if maxv == 0 || len(vec) <= 1 {
		return maxv
	}
	_, maxE := math.Frexp(maxv)
	if maxE < -1023 {
		const dblMin = 2.2250738585072014e-308
		for i := range vec {
			vec[i] /= dblMin
		}
		return dblMin * vectorNorm(vec, maxv/dblMin, foundNaN)
	}
	scale := math.Ldexp(1.0, -maxE)
	csum, frac1, frac2 := 1.0, 0.0, 0.0
	for _, x := range vec {
		x *= scale
		prHi := x * x
		prLo := math.FMA(x, x, -prHi)
		smHi := csum + prHi
		smLo := prHi - (smHi - csum)
		csum = smHi
		frac1 += prLo
		frac2 += smLo
	}
	h := math.Sqrt(csum - 1.0 + (frac1 + frac2))
	prHi := -h * h
	prLo := math.FMA(-h, h, -prHi)
	smHi := csum + prHi
	smLo := prHi - (smHi - csum)
	csum = smHi
	frac1 += prLo
	frac2 += smLo
	x := csum - 1.0 + (frac1 + frac2)
	h += x / (2.0 * h)
	return h / scale
}

// realArg is ASSIGN_DOUBLE of hypot/dist: floats and ints only.
func realArg(v vm.Value) (float64, error) {
	if v.IsFloat() {
		return v.AsFloat(), nil
	}
	if isIntLike(v) {
		b, _ := v.ToBig()
		f, _ := new(big.Float).SetInt(b).Float64()
		if math.IsInf(f, 0) {
			return 0, vm.Errorf(vm.OverflowError, "int too large to convert to float")
		}
		return f, nil
	}
	return 0, vm.Errorf(vm.TypeError, "must be real number, not %s", v.TypeName())
}

func mathFsum(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("math.fsum", args, kw, 1, 1); err != nil {
		return vm.Value{}, err
	}
	var p []float64
	specialSum, infSum := 0.0, 0.0
	var ferr error
	err := t.ForEach(args[0], func(item vm.Value) error {
		x, err := toFloat(t, item)
		if err != nil {
			return err
		}
		xsave := x
		i := 0
		for j := 0; j < len(p); j++ {
			y := p[j]
			if math.Abs(x) < math.Abs(y) {
				x, y = y, x
			}
			hi := x + y
			yr := hi - x
			lo := y - yr
			if lo != 0 {
				p[i] = lo
				i++
			}
			x = hi
		}
		p = p[:i]
		if x != 0 {
			if !isFinite(x) {
				if isFinite(xsave) {
					ferr = vm.Errorf(vm.OverflowError, "intermediate overflow in fsum")
					return ferr
				}
				if math.IsInf(xsave, 0) {
					infSum += xsave
				}
				specialSum += xsave
				p = p[:0]
			} else {
				p = append(p, x)
			}
		}
		return nil
	})
	if err != nil {
		return vm.Value{}, err
	}
	if specialSum != 0 {
		if math.IsNaN(infSum) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "-inf + inf in fsum")
		}
		return vm.Float(specialSum), nil
	}
	hi := 0.0
	n := len(p)
	if n > 0 {
		n--
		hi = p[n]
		lo := 0.0
		for n > 0 {
			x := hi
			n--
			y := p[n]
			hi = x + y
			yr := hi - x
			lo = y - yr
			if lo != 0 {
				break
			}
		}
		if n > 0 && ((lo < 0 && p[n-1] < 0) || (lo > 0 && p[n-1] > 0)) {
			y := lo * 2.0
			x := hi + y
			yr := x - hi
			if y == yr {
				hi = x
			}
		}
	}
	return vm.Float(hi), nil
}

func indexArg(t *vm.Thread, v vm.Value) (*big.Int, error) { return toBigInt(t, v) }

func bigFactorial(n int64) *big.Int {
	return new(big.Int).MulRange(1, max(n, 1))
}

func mathComb(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("comb", args, kw, 2, 2); err != nil {
		return vm.Value{}, err
	}
	n, err := indexArg(t, args[0])
	if err != nil {
		return vm.Value{}, err
	}
	k, err := indexArg(t, args[1])
	if err != nil {
		return vm.Value{}, err
	}
	if n.Sign() < 0 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "n must be a non-negative integer")
	}
	if k.Sign() < 0 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "k must be a non-negative integer")
	}
	if k.Cmp(n) > 0 {
		return vm.Int(0), nil
	}
	nk := new(big.Int).Sub(n, k)
	if nk.Cmp(k) < 0 {
		k = nk
	}
	if !k.IsInt64() {
		return vm.Value{}, vm.Errorf(vm.OverflowError, "min(n - k, k) must not exceed %d", int64(math.MaxInt64))
	}
	if n.IsInt64() {
		return vm.BigInt(new(big.Int).Binomial(n.Int64(), k.Int64())), nil
	}
	// n huge, k small: product of k terms
	res := big.NewInt(1)
	kk := k.Int64()
	term := new(big.Int)
	for i := int64(0); i < kk; i++ {
		term.Sub(n, big.NewInt(i))
		res.Mul(res, term)
		res.Quo(res, big.NewInt(i+1))
	}
	return vm.BigInt(res), nil
}

func mathPerm(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("perm", args, kw, 1, 2); err != nil {
		return vm.Value{}, err
	}
	n, err := indexArg(t, args[0])
	if err != nil {
		return vm.Value{}, err
	}
	if len(args) == 1 || args[1].IsNone() {
		if n.Sign() < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "n must be a non-negative integer")
		}
		if !n.IsInt64() {
			return vm.Value{}, vm.Errorf(vm.OverflowError, "n must not exceed %d", int64(math.MaxInt64))
		}
		return vm.BigInt(bigFactorial(n.Int64())), nil
	}
	k, err := indexArg(t, args[1])
	if err != nil {
		return vm.Value{}, err
	}
	if n.Sign() < 0 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "n must be a non-negative integer")
	}
	if k.Sign() < 0 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "k must be a non-negative integer")
	}
	if k.Cmp(n) > 0 {
		return vm.Int(0), nil
	}
	if !k.IsInt64() {
		return vm.Value{}, vm.Errorf(vm.OverflowError, "k must not exceed %d", int64(math.MaxInt64))
	}
	res := big.NewInt(1)
	term := new(big.Int)
	for i := int64(0); i < k.Int64(); i++ {
		term.Sub(n, big.NewInt(i))
		res.Mul(res, term)
	}
	return vm.BigInt(res), nil
}

func mathPow(x, y float64) (float64, error) {
	if y == 0 {
		return 1, nil
	}
	if !isFinite(x) || !isFinite(y) {
		switch {
		case math.IsNaN(x):
			if y == 0 {
				return 1, nil
			}
			return x, nil
		case math.IsNaN(y):
			if x == 1 {
				return 1, nil
			}
			return y, nil
		case math.IsInf(x, 0):
			oddY := isFinite(y) && math.Mod(math.Abs(y), 2.0) == 1.0
			if x > 0 {
				if y > 0 {
					return x, nil
				}
				return 0, nil
			}
			if y > 0 {
				if oddY {
					return x, nil
				}
				return math.Abs(x), nil
			}
			if oddY {
				return math.Copysign(0, x), nil
			}
			return 0, nil
		default: // y infinite
			ax := math.Abs(x)
			switch {
			case ax == 1:
				return 1, nil
			case y > 0 && ax > 1:
				return y, nil
			case y < 0 && ax < 1:
				return -y, nil
			}
			return 0, nil
		}
	}
	r := crmath.Pow(x, y)
	if math.IsNaN(r) {
		return 0, domainError()
	}
	if math.IsInf(r, 0) {
		if x == 0 {
			return 0, domainError()
		}
		return 0, rangeError()
	}
	return r, nil
}

func initMath(v *vm.VM, m *vm.Module) error {
	m.Set("pi", vm.Float(math.Pi))
	m.Set("e", vm.Float(math.E))
	m.Set("tau", vm.Float(2*math.Pi))
	m.Set("inf", vm.Float(math.Inf(1)))
	m.Set("nan", vm.Float(math.NaN()))

	for _, f := range []struct {
		name string
		f    func(float64) float64
		of   bool
	}{
		{"acos", crmath.Acos, false}, {"acosh", crmath.Acosh, false}, {"asin", crmath.Asin, false},
		{"asinh", crmath.Asinh, false}, {"atan", crmath.Atan, false}, {"atanh", crmath.Atanh, false},
		{"cbrt", crmath.Cbrt, false}, {"cos", crmath.Cos, false}, {"cosh", crmath.Cosh, true},
		{"exp", crmath.Exp, true}, {"exp2", crmath.Exp2, true}, {"expm1", crmath.Expm1, true},
		{"fabs", math.Abs, false}, {"log1p", crmath.Log1p, false}, {"sin", crmath.Sin, false},
		{"sinh", crmath.Sinh, true}, {"sqrt", math.Sqrt, false}, {"tan", crmath.Tan, false},
		{"tanh", crmath.Tanh, false},
	} {
		m.SetFunc(f.name, math1(f.name, f.f, f.of))
	}
	m.SetFunc("erf", math1a("erf", func(x float64) (float64, int) { return crmath.Erf(x), errNone }))
	m.SetFunc("erfc", math1a("erfc", func(x float64) (float64, int) { return crmath.Erfc(x), errNone }))
	m.SetFunc("gamma", math1a("gamma", tgamma))
	m.SetFunc("lgamma", math1a("lgamma", lgamma))
	m.SetFunc("atan2", math2("atan2", mAtan2))
	m.SetFunc("remainder", math2("remainder", mRemainder))
	m.SetFunc("log", mathLog)
	m.SetFunc("log2", logN("log2", crmath.Log2))
	m.SetFunc("log10", logN("log10", crmath.Log10))
	m.SetFunc("floor", roundingFunc("floor", "__floor__", math.Floor))
	m.SetFunc("ceil", roundingFunc("ceil", "__ceil__", math.Ceil))
	m.SetFunc("trunc", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("math.trunc", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		v := args[0]
		if v.IsFloat() {
			return floatToInt(math.Trunc(v.AsFloat()))
		}
		if isIntLike(v) {
			if v.IsBool() {
				n, _ := v.AsInt64()
				return vm.Int(n), nil
			}
			return v, nil
		}
		if _, ok := v.Type().Lookup("__trunc__"); ok {
			return t.CallMethod(v, "__trunc__")
		}
		return vm.Value{}, vm.Errorf(vm.TypeError, "type %s doesn't define __trunc__ method", v.TypeName())
	})
	m.SetFunc("pow", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("pow", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		y, err := toFloat(t, args[1])
		if err != nil {
			return vm.Value{}, err
		}
		r, err := mathPow(x, y)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r), nil
	})
	m.SetFunc("fmod", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("fmod", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		y, err := toFloat(t, args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if math.IsInf(y, 0) && isFinite(x) {
			return vm.Float(x), nil
		}
		r := math.Mod(x, y)
		if math.IsNaN(r) && !math.IsNaN(x) && !math.IsNaN(y) {
			return vm.Value{}, domainError()
		}
		return vm.Float(r), nil
	})
	m.SetFunc("copysign", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("copysign", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		y, err := toFloat(t, args[1])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(math.Copysign(x, y)), nil
	})
	m.SetFunc("modf", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("math.modf", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if math.IsInf(x, 0) {
			return vm.Tuple2(vm.Float(math.Copysign(0, x)), vm.Float(x)), nil
		}
		if math.IsNaN(x) {
			return vm.Tuple2(vm.Float(x), vm.Float(x)), nil
		}
		ip, frac := math.Modf(x)
		return vm.Tuple2(vm.Float(frac), vm.Float(ip)), nil
	})
	m.SetFunc("frexp", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("math.frexp", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
			return vm.Tuple2(vm.Float(x), vm.Int(0)), nil
		}
		fr, e := math.Frexp(x)
		return vm.Tuple2(vm.Float(fr), vm.Int(int64(e))), nil
	})
	m.SetFunc("ldexp", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("ldexp", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if !isIntLike(args[1]) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "Expected an int as second argument to ldexp.")
		}
		eb, _ := args[1].ToBig()
		var r float64
		switch {
		case x == 0 || !isFinite(x):
			r = x
		case eb.Cmp(big.NewInt(math.MaxInt32)) > 0:
			return vm.Value{}, rangeError()
		case eb.Cmp(big.NewInt(math.MinInt32)) < 0:
			r = math.Copysign(0, x)
		default:
			r = math.Ldexp(x, int(eb.Int64()))
			if math.IsInf(r, 0) {
				return vm.Value{}, rangeError()
			}
		}
		return vm.Float(r), nil
	})
	m.SetFunc("hypot", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.NoKwargs("hypot", kw); err != nil {
			return vm.Value{}, err
		}
		vec := make([]float64, len(args))
		maxv, foundNaN := 0.0, false
		for i, a := range args {
			x, err := realArg(a)
			if err != nil {
				return vm.Value{}, err
			}
			x = math.Abs(x)
			vec[i] = x
			foundNaN = foundNaN || math.IsNaN(x)
			if x > maxv {
				maxv = x
			}
		}
		return vm.Float(vectorNorm(vec, maxv, foundNaN)), nil
	})
	m.SetFunc("dist", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("dist", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		p, err := t.ToSlice(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		q, err := t.ToSlice(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if len(p) != len(q) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "both points must have the same number of dimensions")
		}
		vec := make([]float64, len(p))
		maxv, foundNaN := 0.0, false
		for i := range p {
			px, err := realArg(p[i])
			if err != nil {
				return vm.Value{}, err
			}
			qx, err := realArg(q[i])
			if err != nil {
				return vm.Value{}, err
			}
			x := math.Abs(px - qx)
			vec[i] = x
			foundNaN = foundNaN || math.IsNaN(x)
			if x > maxv {
				maxv = x
			}
		}
		return vm.Float(vectorNorm(vec, maxv, foundNaN)), nil
	})
	m.SetFunc("isclose", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var av, bv, relv, absv vm.Value
		if err := vm.UnpackArgs("isclose", args, kw, []string{"/a", "/b", "*rel_tol?", "*abs_tol?"}, &av, &bv, &relv, &absv); err != nil {
			return vm.Value{}, err
		}
		a, err := toFloat(t, av)
		if err != nil {
			return vm.Value{}, err
		}
		b, err := toFloat(t, bv)
		if err != nil {
			return vm.Value{}, err
		}
		relTol, absTol := 1e-09, 0.0
		if relv.IsValid() {
			if relTol, err = toFloat(t, relv); err != nil {
				return vm.Value{}, err
			}
		}
		if absv.IsValid() {
			if absTol, err = toFloat(t, absv); err != nil {
				return vm.Value{}, err
			}
		}
		if relTol < 0 || absTol < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "tolerances must be non-negative")
		}
		if a == b {
			return vm.True, nil
		}
		if math.IsInf(a, 0) || math.IsInf(b, 0) {
			return vm.False, nil
		}
		diff := math.Abs(b - a)
		return vm.Bool(diff <= math.Abs(relTol*b) || diff <= math.Abs(relTol*a) || diff <= absTol), nil
	})
	pred := func(name string, f func(float64) bool) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("math."+name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			x, err := toFloat(t, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Bool(f(x)), nil
		})
	}
	pred("isfinite", isFinite)
	pred("isinf", func(x float64) bool { return math.IsInf(x, 0) })
	pred("isnan", math.IsNaN)
	plain := func(name string, f func(float64) float64) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("math."+name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			x, err := toFloat(t, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Float(f(x)), nil
		})
	}
	plain("degrees", func(x float64) float64 { return x * radToDeg })
	plain("radians", func(x float64) float64 { return x * degToRad })
	m.SetFunc("factorial", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("math.factorial", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := indexArg(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if !n.IsInt64() {
			if n.Sign() < 0 {
				return vm.Value{}, vm.Errorf(vm.ValueError, "factorial() not defined for negative values")
			}
			return vm.Value{}, vm.Errorf(vm.OverflowError, "factorial() argument should not exceed %d", int64(math.MaxInt64))
		}
		if n.Sign() < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "factorial() not defined for negative values")
		}
		return vm.BigInt(bigFactorial(n.Int64())), nil
	})
	m.SetFunc("gcd", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.NoKwargs("gcd", kw); err != nil {
			return vm.Value{}, err
		}
		res := new(big.Int)
		for _, a := range args {
			x, err := indexArg(t, a)
			if err != nil {
				return vm.Value{}, err
			}
			res.GCD(nil, nil, res.Abs(res), x.Abs(x))
		}
		return vm.BigInt(res), nil
	})
	m.SetFunc("lcm", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.NoKwargs("lcm", kw); err != nil {
			return vm.Value{}, err
		}
		res := big.NewInt(1)
		for _, a := range args {
			x, err := indexArg(t, a)
			if err != nil {
				return vm.Value{}, err
			}
			x.Abs(x)
			if res.Sign() == 0 || x.Sign() == 0 {
				res.SetInt64(0)
				continue
			}
			g := new(big.Int).GCD(nil, nil, res, x)
			res.Mul(res, new(big.Int).Quo(x, g))
		}
		return vm.BigInt(res), nil
	})
	m.SetFunc("comb", mathComb)
	m.SetFunc("perm", mathPerm)
	m.SetFunc("isqrt", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("math.isqrt", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := indexArg(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if n.Sign() < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "isqrt() argument must be nonnegative")
		}
		return vm.BigInt(n.Sqrt(n)), nil
	})
	m.SetFunc("prod", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var it, start vm.Value
		if err := vm.UnpackArgs("prod", args, kw, []string{"/iterable", "*start?"}, &it, &start); err != nil {
			return vm.Value{}, err
		}
		res := vm.Int(1)
		if start.IsValid() {
			res = start
		}
		err := t.ForEach(it, func(x vm.Value) error {
			r, err := t.BinaryOp(compiler.OpMul, res, x)
			res = r
			return err
		})
		if err != nil {
			return vm.Value{}, err
		}
		return res, nil
	})
	m.SetFunc("fsum", mathFsum)
	m.SetFunc("nextafter", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("nextafter", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		y, err := toFloat(t, args[1])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(math.Nextafter(x, y)), nil
	})
	m.SetFunc("ulp", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("math.ulp", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		x, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if math.IsNaN(x) {
			return vm.Float(x), nil
		}
		x = math.Abs(x)
		if math.IsInf(x, 0) {
			return vm.Float(x), nil
		}
		x2 := math.Nextafter(x, math.Inf(1))
		if math.IsInf(x2, 0) {
			return vm.Float(x - math.Nextafter(x, math.Inf(-1))), nil
		}
		return vm.Float(x2 - x), nil
	})
	return nil
}
