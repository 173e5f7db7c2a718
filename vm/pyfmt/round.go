package pyfmt

import (
	"math"
	"math/big"
	"strconv"
)

// RoundHalfEven rounds to the nearest integral value, ties to even, as
// Python's round(x) does before converting to int (the caller raises for
// infinities and NaNs).
func RoundHalfEven(x float64) float64 { return math.RoundToEven(x) }

// FormatRound implements Python's round(x, ndigits) for a float x: x is
// rounded to ndigits decimal places (negative ndigits round to tens,
// hundreds, ...) with round-half-even applied to the exact decimal value
// of the double, like CPython's correctly rounded double_round.  So
// round(2.675, 2) == 2.67 and round(0.125, 2) == 0.12.  NaNs and
// infinities are returned unchanged; a result too large to represent
// gives OverflowError "rounded value too large to represent".
func FormatRound(x float64, ndigits int) (float64, error) {
	const ndigitsMax = 323  // (DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103
	const ndigitsMin = -308 // -(DBL_MAX_EXP + 1) * 0.30103
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x, nil
	}
	if ndigits > ndigitsMax {
		return x, nil
	}
	if ndigits < ndigitsMin {
		return math.Copysign(0, x), nil
	}
	var rounded float64
	if ndigits >= 0 {
		s := strconv.FormatFloat(x, 'f', ndigits, 64)
		rounded, _ = strconv.ParseFloat(s, 64)
	} else {
		// x = mant * 2**exp exactly; divide by 10**-ndigits and round
		// half to even to an integer q; the result is q * 10**-ndigits.
		bf := new(big.Float).SetFloat64(math.Abs(x))
		num, _ := bf.Rat(nil)
		pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-ndigits)), nil)
		num.Quo(num, new(big.Rat).SetInt(pow))
		q, r := new(big.Int).QuoRem(num.Num(), num.Denom(), new(big.Int))
		twice := new(big.Int).Lsh(r, 1)
		switch twice.Cmp(num.Denom()) {
		case 1:
			q.Add(q, big.NewInt(1))
		case 0:
			if q.Bit(0) == 1 {
				q.Add(q, big.NewInt(1))
			}
		}
		var err error
		rounded, err = strconv.ParseFloat(q.String()+"e"+strconv.Itoa(-ndigits), 64)
		if err != nil && !math.IsInf(rounded, 0) {
			rounded = 0
		}
		if x < 0 {
			rounded = -rounded
		}
	}
	if math.IsInf(rounded, 0) {
		return 0, overflowErr("rounded value too large to represent")
	}
	if rounded == 0 {
		rounded = math.Copysign(0, x)
	}
	return rounded, nil
}
