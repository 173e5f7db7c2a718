package pyfmt

import (
	"math"
	"strconv"
	"strings"
)

// Flags for FloatToString, mirroring CPython's Py_DTSF_* flags.
const (
	// DTSFSign always adds a sign ('+' for non-negative values).
	DTSFSign = 1 << iota
	// DTSFAddDot0 adds ".0" to integral values shown without exponent.
	DTSFAddDot0
	// DTSFAlt selects the alternate form: always keep the decimal point
	// and, for 'g', trailing zeros.
	DTSFAlt
	// DTSFNoNeg0 turns a negative zero result (after rounding) into zero.
	DTSFNoNeg0
)

// decimalDigits returns the significant decimal digits of |f| (finite)
// and the decimal point position decpt, so that |f| ~= 0.DIGITS * 10**decpt.
// Trailing zeros are removed; a zero result is ("0", 1).
//
// mode 0 gives the shortest digits that round-trip, mode 2 rounds to
// ndigits significant digits and mode 3 rounds to ndigits digits after
// the decimal point, like David Gay's dtoa.  Rounding is correct
// (round-half-even on the exact binary value).
func decimalDigits(f float64, mode, ndigits int) (string, int) {
	f = math.Abs(f)
	if f == 0 {
		return "0", 1
	}
	var digits string
	var decpt int
	switch mode {
	case 0, 2:
		prec := -1
		if mode == 2 {
			prec = ndigits - 1
		}
		s := strconv.FormatFloat(f, 'e', prec, 64)
		e := strings.IndexByte(s, 'e')
		exp, _ := strconv.Atoi(s[e+1:])
		mant := s[:e]
		if len(mant) > 1 {
			mant = mant[:1] + mant[2:]
		}
		digits, decpt = mant, exp+1
	default:
		s := strconv.FormatFloat(f, 'f', ndigits, 64)
		dot := strings.IndexByte(s, '.')
		if dot < 0 {
			digits, decpt = s, len(s)
		} else {
			digits, decpt = s[:dot]+s[dot+1:], dot
		}
		i := 0
		for i < len(digits) && digits[i] == '0' {
			i++
		}
		digits = digits[i:]
		decpt -= i
	}
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return "0", 1
	}
	return digits, decpt
}

// FloatToString formats val like CPython's PyOS_double_to_string.  code
// is one of 'e', 'E', 'f', 'F', 'g', 'G' or 'r' (repr style, shortest
// round-trip digits; precision must be 0).  flags is a combination of the
// DTSF* constants.  Infinities and NaNs give "inf", "nan" (upper case for
// the upper-case codes), with a sign as appropriate; a NaN never shows
// '-'.
func FloatToString(val float64, code byte, precision int, flags int) string {
	upper := false
	mode := 0
	switch code {
	case 'E':
		upper = true
		code = 'e'
		fallthrough
	case 'e':
		mode = 2
		precision++
	case 'F':
		upper = true
		code = 'f'
		fallthrough
	case 'f':
		mode = 3
	case 'G':
		upper = true
		code = 'g'
		fallthrough
	case 'g':
		mode = 2
		if precision == 0 {
			precision = 1
		}
	case 'r':
		mode = 0
		precision = 0
	default:
		panic("pyfmt: FloatToString: bad format code " + string(rune(code)))
	}
	alwaysSign := flags&DTSFSign != 0
	addDot0 := flags&DTSFAddDot0 != 0
	alt := flags&DTSFAlt != 0
	noNeg0 := flags&DTSFNoNeg0 != 0

	var b strings.Builder
	if math.IsNaN(val) || math.IsInf(val, 0) {
		if math.IsInf(val, -1) {
			b.WriteByte('-')
		} else if alwaysSign {
			b.WriteByte('+')
		}
		switch {
		case math.IsNaN(val) && upper:
			b.WriteString("NAN")
		case math.IsNaN(val):
			b.WriteString("nan")
		case upper:
			b.WriteString("INF")
		default:
			b.WriteString("inf")
		}
		return b.String()
	}

	digits, decpt := decimalDigits(val, mode, precision)
	neg := math.Signbit(val)
	if noNeg0 && neg && digits == "0" {
		neg = false
	}
	nd := len(digits)

	// Choose between fixed and exponent notation and compute the slice
	// [vstart, vend) of the virtual digit string (digits padded with
	// zeros on both sides) to print.
	useExp := false
	vend := nd
	switch code {
	case 'e':
		useExp = true
		vend = precision
	case 'f':
		vend = decpt + precision
	case 'g':
		limit := precision
		if addDot0 {
			limit = precision - 1
		}
		if decpt <= -4 || decpt > limit {
			useExp = true
		}
		if alt {
			vend = precision
		}
	case 'r':
		if decpt <= -4 || decpt > 16 {
			useExp = true
		}
	}
	exp := 0
	if useExp {
		exp = decpt - 1
		decpt = 1
	}
	vstart := 0
	if decpt <= 0 {
		vstart = decpt - 1
	}
	if !useExp && addDot0 {
		vend = max(vend, decpt+1)
	} else {
		vend = max(vend, decpt)
	}

	if neg {
		b.WriteByte('-')
	} else if alwaysSign {
		b.WriteByte('+')
	}
	zeros := func(n int) {
		for ; n > 0; n-- {
			b.WriteByte('0')
		}
	}
	if decpt <= 0 {
		zeros(decpt - vstart)
		b.WriteByte('.')
		zeros(-decpt)
	} else {
		zeros(-vstart)
	}
	if 0 < decpt && decpt <= nd {
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	} else {
		b.WriteString(digits)
	}
	if nd < decpt {
		zeros(decpt - nd)
		b.WriteByte('.')
		zeros(vend - decpt)
	} else {
		zeros(vend - nd)
	}
	s := b.String()
	if strings.HasSuffix(s, ".") && !alt {
		s = s[:len(s)-1]
	}
	if useExp {
		e := byte('e')
		if upper {
			e = 'E'
		}
		sign := byte('+')
		if exp < 0 {
			sign = '-'
			exp = -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		s += string([]byte{e, sign}) + es
	}
	return s
}

// FloatRepr returns CPython's repr(f), which is also str(f): the shortest
// digits that round-trip, in fixed notation when 1e-4 <= |f| < 1e16 and
// in exponent notation otherwise ("1e+16", "1.5e-05"), with ".0" added to
// integral values ("1.0", "-0.0"), and "inf", "-inf", "nan".
func FloatRepr(f float64) string {
	return FloatToString(f, 'r', 0, DTSFAddDot0)
}
