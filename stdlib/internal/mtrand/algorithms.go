package mtrand

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"sort"
)

// RandBelow64 returns a uniformly distributed integer in [0, n) using
// CPython's _randbelow_with_getrandbits: k = n.bit_length(), then
// getrandbits(k) until the result is below n.  n must be positive; for
// n == 0 it returns 0 without consuming any output.
func (r *Random) RandBelow64(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	k := bits.Len64(n)
	v := r.GetRandBits64(k)
	for v >= n {
		v = r.GetRandBits64(k)
	}
	return v
}

// RandBelow is RandBelow64 for an arbitrarily large n > 0.  For n <= 0 it
// returns 0 without consuming any output.
func (r *Random) RandBelow(n *big.Int) *big.Int {
	if n.Sign() <= 0 {
		return new(big.Int)
	}
	if n.IsUint64() {
		return new(big.Int).SetUint64(r.RandBelow64(n.Uint64()))
	}
	k := n.BitLen()
	v, _ := r.GetRandBits(k)
	for v.Cmp(n) >= 0 {
		v, _ = r.GetRandBits(k)
	}
	return v
}

// RandRangeStop implements the one-argument form random.randrange(stop).
func (r *Random) RandRangeStop(stop *big.Int) (*big.Int, error) {
	if stop.Sign() > 0 {
		return r.RandBelow(stop), nil
	}
	return nil, valueError("empty range for randrange()")
}

// RandRangeStop64 is RandRangeStop for an int64 argument.
func (r *Random) RandRangeStop64(stop int64) (int64, error) {
	if stop > 0 {
		return int64(r.RandBelow64(uint64(stop))), nil
	}
	return 0, valueError("empty range for randrange()")
}

// RandRange implements random.randrange(start, stop, step) (pass a step of
// 1 for the two-argument form), including CPython's error messages.
func (r *Random) RandRange(start, stop, step *big.Int) (*big.Int, error) {
	width := new(big.Int).Sub(stop, start)
	if step.IsInt64() && step.Int64() == 1 {
		if width.Sign() > 0 {
			return width.Add(start, r.RandBelow(width)), nil
		}
		return nil, valueError(fmt.Sprintf("empty range for randrange() (%s, %s, %s)", start, stop, width))
	}
	var n big.Int
	switch step.Sign() {
	case 1:
		n.Add(width, step)
		n.Sub(&n, big.NewInt(1))
		floorDiv(&n, &n, step)
	case -1:
		n.Add(width, step)
		n.Add(&n, big.NewInt(1))
		floorDiv(&n, &n, step)
	default:
		return nil, valueError("zero step for randrange()")
	}
	if n.Sign() <= 0 {
		return nil, valueError("empty range for randrange()")
	}
	res := r.RandBelow(&n)
	res.Mul(res, step)
	return res.Add(res, start), nil
}

// floorDiv sets z = floor(x / y) (Python's //).
func floorDiv(z, x, y *big.Int) {
	var m big.Int
	z.DivMod(x, y, &m) // Euclidean: m >= 0
	if m.Sign() != 0 && y.Sign() < 0 {
		z.Sub(z, big.NewInt(1))
	}
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// RandRange64 is RandRange for int64 arguments.  It consumes the
// generator exactly like RandRange; ranges whose size does not fit in
// int64 are handled with big integers.
func (r *Random) RandRange64(start, stop, step int64) (int64, error) {
	if step == 1 {
		width := stop - start
		if (stop >= start) == (width >= 0) { // no overflow
			if width > 0 {
				return start + int64(r.RandBelow64(uint64(width))), nil
			}
			return 0, valueError(fmt.Sprintf("empty range for randrange() (%d, %d, %d)", start, stop, width))
		}
	}
	const lim = 1 << 61
	if step != 0 && start > -lim && start < lim && stop > -lim && stop < lim && step > -lim && step < lim {
		width := stop - start
		var n int64
		if step > 0 {
			n = floorDiv64(width+step-1, step)
		} else {
			n = floorDiv64(width+step+1, step)
		}
		if n <= 0 {
			return 0, valueError("empty range for randrange()")
		}
		return start + step*int64(r.RandBelow64(uint64(n))), nil
	}
	res, err := r.RandRange(big.NewInt(start), big.NewInt(stop), big.NewInt(step))
	if err != nil {
		return 0, err
	}
	return res.Int64(), nil
}

// RandInt implements random.randint(a, b) == randrange(a, b+1).
func (r *Random) RandInt(a, b *big.Int) (*big.Int, error) {
	stop := new(big.Int).Add(b, big.NewInt(1))
	return r.RandRange(a, stop, big.NewInt(1))
}

// RandInt64 is RandInt for int64 arguments.
func (r *Random) RandInt64(a, b int64) (int64, error) {
	if b == math.MaxInt64 {
		res, err := r.RandInt(big.NewInt(a), big.NewInt(b))
		if err != nil {
			return 0, err
		}
		return res.Int64(), nil
	}
	return r.RandRange64(a, b+1, 1)
}

// Choice returns the index chosen by random.choice(seq) for a sequence of
// length n, or CPython's IndexError for an empty sequence.
func (r *Random) Choice(n int) (int, error) {
	if n <= 0 {
		return 0, &Error{Type: "IndexError", Msg: "Cannot choose from an empty sequence"}
	}
	return int(r.RandBelow64(uint64(n))), nil
}

// Shuffle performs random.shuffle on a sequence of length n, calling
// swap(i, j) for each exchange x[i], x[j] = x[j], x[i] in CPython's order.
func (r *Random) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i >= 1; i-- {
		j := int(r.RandBelow64(uint64(i + 1)))
		swap(i, j)
	}
}

// sampleSetSize returns the setsize threshold of random.sample.
func sampleSetSize(k int) int {
	setsize := 21
	if k > 5 {
		e := math.Ceil(crLog(float64(k)*3) / crLog(4))
		if e >= 31 {
			return math.MaxInt
		}
		setsize += 1 << (2 * int(e))
	}
	return setsize
}

// Sample returns the population indices chosen by random.sample(population,
// k) for a population of length n, in selection order.  Like CPython it
// uses a pool when n is small relative to k and a set of already selected
// indices otherwise.
func (r *Random) Sample(n, k int) ([]int, error) {
	if k < 0 || k > n {
		return nil, valueError("Sample larger than population or is negative")
	}
	result := make([]int, k)
	if n <= sampleSetSize(k) {
		pool := make([]int, n)
		for i := range pool {
			pool[i] = i
		}
		for i := 0; i < k; i++ {
			j := int(r.RandBelow64(uint64(n - i)))
			result[i] = pool[j]
			pool[j] = pool[n-i-1]
		}
		return result, nil
	}
	selected := make(map[int]struct{}, k)
	for i := 0; i < k; i++ {
		j := int(r.RandBelow64(uint64(n)))
		for {
			if _, ok := selected[j]; !ok {
				break
			}
			j = int(r.RandBelow64(uint64(n)))
		}
		selected[j] = struct{}{}
		result[i] = j
	}
	return result, nil
}

// SampleCounts implements random.sample(population, k, counts=counts) for
// a population of length n: it returns population indices.  The total of
// the counts must fit in an int.
func (r *Random) SampleCounts(n int, counts []int, k int) ([]int, error) {
	if len(counts) != n {
		return nil, valueError("The number of counts does not match the population")
	}
	cum := make([]int, n)
	total := 0
	for i, c := range counts {
		total += c
		cum[i] = total
	}
	if n == 0 {
		// cum_counts.pop() on an empty list.
		return nil, &Error{Type: "IndexError", Msg: "pop from empty list"}
	}
	if total <= 0 {
		return nil, valueError("Total of counts must be greater than zero")
	}
	sel, err := r.Sample(total, k)
	if err != nil {
		return nil, err
	}
	cum = cum[:n-1]
	for i, s := range sel {
		// bisect_right(cum, s)
		sel[i] = sort.Search(len(cum), func(x int) bool { return cum[x] > s })
	}
	return sel, nil
}

// Choices returns the indices chosen by random.choices(population, k=k)
// without weights for a population of length n: floor(random() * n) for
// each pick.  For an empty population and k > 0 CPython consumes one
// random() and then fails indexing the population at 0; Choices consumes
// the same and returns []int{0}, so that indexing the population raises
// the right IndexError.  A negative k gives an empty result.
func (r *Random) Choices(n, k int) []int {
	if n <= 0 && k > 0 {
		r.Random()
		return []int{0}
	}
	fn := float64(n)
	out := make([]int, max(k, 0))
	for i := range out {
		out[i] = int(math.Floor(r.Random() * fn))
	}
	return out
}

// ChoicesWeights implements random.choices(population, weights, k=k): the
// weights are accumulated with float64 additions (exact for integer
// weights below 2**53) and passed to ChoicesCumWeights.
func (r *Random) ChoicesWeights(n int, weights []float64, k int) ([]int, error) {
	cum := make([]float64, len(weights))
	var s float64
	for i, w := range weights {
		if i == 0 {
			s = w
		} else {
			s += w
		}
		cum[i] = s
	}
	return r.ChoicesCumWeights(n, cum, k)
}

// ChoicesCumWeights implements random.choices(population,
// cum_weights=cum, k=k): each pick is bisect_right(cum, random() * total,
// 0, n-1).
func (r *Random) ChoicesCumWeights(n int, cum []float64, k int) ([]int, error) {
	if len(cum) != n {
		return nil, valueError("The number of weights does not match the population")
	}
	if n == 0 {
		return nil, &Error{Type: "IndexError", Msg: "list index out of range"}
	}
	total := cum[n-1] + 0.0
	if total <= 0.0 {
		return nil, valueError("Total of weights must be greater than zero")
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return nil, valueError("Total of weights must be finite")
	}
	hi := n - 1
	out := make([]int, max(k, 0))
	for i := range out {
		x := float64(r.Random() * total)
		lo, h := 0, hi
		for lo < h {
			mid := (lo + h) / 2
			if x < cum[mid] {
				h = mid
			} else {
				lo = mid + 1
			}
		}
		out[i] = lo
	}
	return out, nil
}

// Uniform implements random.uniform(a, b) = a + (b-a) * random().
func (r *Random) Uniform(a, b float64) float64 {
	return a + float64((b-a)*r.Random())
}

// Triangular implements random.triangular(low, high) (mode None).
func (r *Random) Triangular(low, high float64) float64 {
	return r.triangular(low, high, 0.5)
}

// TriangularMode implements random.triangular(low, high, mode).  When high
// == low CPython's division raises ZeroDivisionError internally and low is
// returned (after one random() call), which is reproduced here.
func (r *Random) TriangularMode(low, high, mode float64) float64 {
	if high-low == 0 {
		r.Random()
		return low
	}
	return r.triangular(low, high, (mode-low)/(high-low))
}

func (r *Random) triangular(low, high, c float64) float64 {
	u := r.Random()
	if u > c {
		u = 1.0 - u
		c = 1.0 - c
		low, high = high, low
	}
	return low + float64((high-low)*math.Sqrt(float64(u*c)))
}

// Constants of Lib/random.py, bit-exact.
var (
	nvMagicConst = math.Float64frombits(0x3ffb72cd3f331398) // 4 * exp(-0.5) / sqrt(2.0)
	twoPi        = math.Float64frombits(0x401921fb54442d18) // math.tau
	log4         = math.Float64frombits(0x3ff62e42fefa39ef) // log(4.0)
	sgMagicConst = math.Float64frombits(0x40040859baee748f) // 1.0 + log(4.5)
	eConst       = math.E
	piConst      = math.Pi
)

// NormalVariate implements random.normalvariate(mu, sigma) (Kinderman and
// Monahan).
func (r *Random) NormalVariate(mu, sigma float64) float64 {
	var z float64
	for {
		u1 := r.Random()
		u2 := 1.0 - r.Random()
		z = float64(nvMagicConst*(u1-0.5)) / u2
		zz := float64(z*z) / 4.0
		if zz <= -crLog(u2) {
			break
		}
	}
	return mu + float64(z*sigma)
}

// Gauss implements random.gauss(mu, sigma), including the cached second
// value (gauss_next) that the next call returns.  Seeding clears it.
func (r *Random) Gauss(mu, sigma float64) float64 {
	z := r.gaussNext
	has := r.hasGaussNext
	r.hasGaussNext = false
	r.gaussNext = 0
	if !has {
		x2pi := float64(r.Random() * twoPi)
		g2rad := math.Sqrt(float64(-2.0 * crLog(1.0-r.Random())))
		z = float64(crCos(x2pi) * g2rad)
		r.gaussNext = float64(crSin(x2pi) * g2rad)
		r.hasGaussNext = true
	}
	return mu + float64(z*sigma)
}

// LogNormVariate implements random.lognormvariate(mu, sigma).
func (r *Random) LogNormVariate(mu, sigma float64) float64 {
	return crExp(r.NormalVariate(mu, sigma))
}

// ExpoVariate implements random.expovariate(lambd).  lambd == 0 gives
// ZeroDivisionError after consuming one random(), like CPython.
func (r *Random) ExpoVariate(lambd float64) (float64, error) {
	l := -crLog(1.0 - r.Random())
	if lambd == 0 {
		return 0, &Error{Type: "ZeroDivisionError", Msg: "float division by zero"}
	}
	return l / lambd, nil
}

// VonMisesVariate implements random.vonmisesvariate(mu, kappa).
func (r *Random) VonMisesVariate(mu, kappa float64) float64 {
	if kappa <= 1e-6 {
		return float64(twoPi * r.Random())
	}
	s := 0.5 / kappa
	rr := s + math.Sqrt(1.0+float64(s*s))
	var z float64
	for {
		u1 := r.Random()
		z = crCos(float64(piConst * u1))
		d := z / (rr + z)
		u2 := r.Random()
		if u2 < 1.0-float64(d*d) || u2 <= float64((1.0-d)*crExp(d)) {
			break
		}
	}
	q := 1.0 / rr
	f := (q + z) / (1.0 + float64(q*z))
	u3 := r.Random()
	if u3 > 0.5 {
		return pyFmod(mu+crAcos(f), twoPi)
	}
	return pyFmod(mu-crAcos(f), twoPi)
}

// pyFmod is Python's float % (result has the sign of the divisor).
func pyFmod(x, y float64) float64 {
	mod := math.Mod(x, y)
	if mod != 0 {
		if (y < 0) != (mod < 0) {
			mod += y
		}
	} else {
		mod = math.Copysign(0, y)
	}
	return mod
}

// GammaVariate implements random.gammavariate(alpha, beta).
func (r *Random) GammaVariate(alpha, beta float64) (float64, error) {
	if alpha <= 0.0 || beta <= 0.0 {
		return 0, valueError("gammavariate: alpha and beta must be > 0.0")
	}
	if alpha > 1.0 {
		ainv := math.Sqrt(float64(2.0*alpha) - 1.0)
		bbb := alpha - log4
		ccc := alpha + ainv
		for {
			u1 := r.Random()
			if !(1e-7 < u1 && u1 < 0.9999999) {
				continue
			}
			u2 := 1.0 - r.Random()
			v := crLog(u1/(1.0-u1)) / ainv
			x := float64(alpha * crExp(v))
			z := float64(float64(u1*u1) * u2)
			rv := bbb + float64(ccc*v) - x
			if rv+sgMagicConst-float64(4.5*z) >= 0.0 || rv >= crLog(z) {
				return float64(x * beta), nil
			}
		}
	}
	if alpha == 1.0 {
		return float64(-crLog(1.0-r.Random()) * beta), nil
	}
	var x float64
	for {
		u := r.Random()
		b := (eConst + alpha) / eConst
		p := float64(b * u)
		if p <= 1.0 {
			x = crPow(p, 1.0/alpha)
		} else {
			x = -crLog((b - p) / alpha)
		}
		u1 := r.Random()
		if p > 1.0 {
			if u1 <= crPow(x, alpha-1.0) {
				break
			}
		} else if u1 <= crExp(-x) {
			break
		}
	}
	return float64(x * beta), nil
}

// BetaVariate implements random.betavariate(alpha, beta).
func (r *Random) BetaVariate(alpha, beta float64) (float64, error) {
	y, err := r.GammaVariate(alpha, 1.0)
	if err != nil {
		return 0, err
	}
	if y != 0 {
		y2, err := r.GammaVariate(beta, 1.0)
		if err != nil {
			return 0, err
		}
		return y / (y + y2), nil
	}
	return 0.0, nil
}

// ParetoVariate implements random.paretovariate(alpha).  alpha == 0 gives
// ZeroDivisionError after consuming one random(), like CPython.
func (r *Random) ParetoVariate(alpha float64) (float64, error) {
	u := 1.0 - r.Random()
	if alpha == 0 {
		return 0, &Error{Type: "ZeroDivisionError", Msg: "float division by zero"}
	}
	return crPow(u, -1.0/alpha), nil
}

// WeibullVariate implements random.weibullvariate(alpha, beta).  beta == 0
// gives ZeroDivisionError after consuming one random(), like CPython.
func (r *Random) WeibullVariate(alpha, beta float64) (float64, error) {
	u := 1.0 - r.Random()
	if beta == 0 {
		return 0, &Error{Type: "ZeroDivisionError", Msg: "float division by zero"}
	}
	return float64(alpha * crPow(-crLog(u), 1.0/beta)), nil
}
