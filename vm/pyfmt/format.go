package pyfmt

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// numberParts is a formatted number split the way calc_number_widths
// sees it: sign, prefix ("0x"), integer digits and the remainder (decimal
// point, fraction, exponent, '%', or the character for type 'c').
type numberParts struct {
	neg    bool
	prefix string
	digits string
	rest   string
}

// layoutNumber assembles a number with sign, padding and grouping exactly
// like CPython's calc_number_widths and fill_number.  sep is the
// thousands separator ("" for none) applied every group digits.
func layoutNumber(p numberParts, sign, fill, align rune, width int, sep string, group int) (string, error) {
	var signCh rune
	switch sign {
	case '+':
		signCh = '+'
		if p.neg {
			signCh = '-'
		}
	case ' ':
		signCh = ' '
		if p.neg {
			signCh = '-'
		}
	default:
		if p.neg {
			signCh = '-'
		}
	}
	nSign := 0
	if signCh != 0 {
		nSign = 1
	}
	nRest := utf8.RuneCountInString(p.rest)
	nonDigit := nSign + len(p.prefix) + nRest
	minWidth := 0
	if fill == '0' && align == '=' {
		minWidth = width - nonDigit
	}
	if width > MaxOutput {
		return "", memoryErr()
	}
	grouped := ""
	if p.digits != "" {
		grouped = groupDigits(p.digits, minWidth, sep, group)
	}
	nGrouped := len(grouped)
	padding := width - (nonDigit + nGrouped)
	var lpad, spad, rpad int
	if padding > 0 {
		switch align {
		case '<':
			rpad = padding
		case '^':
			lpad = padding / 2
			rpad = padding - lpad
		case '=':
			spad = padding
		default:
			lpad = padding
		}
	}
	var b strings.Builder
	b.Grow(nonDigit + nGrouped + max(padding, 0) + 8)
	writeFill(&b, fill, lpad)
	if signCh != 0 {
		b.WriteRune(signCh)
	}
	b.WriteString(p.prefix)
	writeFill(&b, fill, spad)
	b.WriteString(grouped)
	b.WriteString(p.rest)
	writeFill(&b, fill, rpad)
	return b.String(), nil
}

func writeFill(b *strings.Builder, fill rune, n int) {
	if n > 0 {
		b.WriteString(strings.Repeat(string(fill), n))
	}
}

// groupDigits inserts separators into digits (and left zero padding up to
// minWidth) following _PyUnicode_InsertThousandsGrouping.  group == 0 or
// sep == "" means no grouping.
func groupDigits(digits string, minWidth int, sep string, group int) string {
	remaining := len(digits)
	var pieces []string // right to left
	if sep == "" || group == 0 {
		l := max(remaining, minWidth, 1)
		return strings.Repeat("0", l-remaining) + digits
	}
	sepLen := utf8.RuneCountInString(sep)
	for {
		l := min(group, max(remaining, minWidth, 1))
		nZeros := max(0, l-remaining)
		nChars := max(0, min(remaining, l))
		pieces = append(pieces, strings.Repeat("0", nZeros)+digits[remaining-nChars:remaining])
		remaining -= nChars
		minWidth -= l
		if remaining <= 0 && minWidth <= 0 {
			break
		}
		minWidth -= sepLen
	}
	var b strings.Builder
	for i := len(pieces) - 1; i >= 0; i-- {
		b.WriteString(pieces[i])
		if i > 0 {
			b.WriteString(sep)
		}
	}
	return b.String()
}

func separator(spec Spec, typ rune) (string, int) {
	switch {
	case typ == 'n' || spec.Grouping == 0:
		return "", 0
	case spec.Grouping == ',':
		return ",", 3
	case typ == 'b' || typ == 'o' || typ == 'x' || typ == 'X':
		return "_", 4
	default:
		return "_", 3
	}
}

// FormatInt formats a Python int like format(x, spec) (int.__format__) for
// a non-empty specifier.  Types b c d o x X n format the integer; e E f F
// g G % convert it to float first (OverflowError "int too large to
// convert to float" if it does not fit).  For an empty specifier CPython
// uses str(x), which the caller should do (it matters for int subclasses
// such as bool).
func FormatInt(x *big.Int, spec Spec) (string, error) {
	typ := spec.Type
	if typ == 0 {
		if spec.TypeSet {
			return "", unknownCode(0, spec.typeName("int"))
		}
		typ = 'd'
	}
	switch typ {
	case 'b', 'c', 'd', 'o', 'x', 'X', 'n':
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		f, ok := bigToFloat(x)
		if !ok {
			return "", overflowErr("int too large to convert to float")
		}
		return formatFloat(f, spec)
	default:
		return "", unknownCode(typ, spec.typeName("int"))
	}
	if err := checkIntSpec(spec, typ); err != nil {
		return "", err
	}
	if typ == 'c' {
		if !x.IsInt64() {
			return "", overflowErr("Python int too large to convert to C long")
		}
		return formatChar(x.Int64(), spec)
	}
	var abs big.Int
	abs.Abs(x)
	return formatIntDigits(x.Sign() < 0, abs.Text(intBase(typ)), spec, typ)
}

// FormatInt64 is FormatInt for an int64 value.
func FormatInt64(x int64, spec Spec) (string, error) {
	typ := spec.Type
	if typ == 0 {
		if spec.TypeSet {
			return "", unknownCode(0, spec.typeName("int"))
		}
		typ = 'd'
	}
	switch typ {
	case 'b', 'c', 'd', 'o', 'x', 'X', 'n':
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		return formatFloat(float64(x), spec)
	default:
		return "", unknownCode(typ, spec.typeName("int"))
	}
	if err := checkIntSpec(spec, typ); err != nil {
		return "", err
	}
	if typ == 'c' {
		return formatChar(x, spec)
	}
	u := uint64(x)
	if x < 0 {
		u = -u
	}
	return formatIntDigits(x < 0, strconv.FormatUint(u, intBase(typ)), spec, typ)
}

func checkIntSpec(spec Spec, typ rune) error {
	if spec.Precision != -1 {
		return valueErr("Precision not allowed in integer format specifier")
	}
	if spec.NoNegZero {
		return valueErr("Negative zero coercion (z) not allowed in integer format specifier")
	}
	if typ == 'c' {
		if spec.Sign != 0 {
			return valueErr("Sign not allowed with integer format specifier 'c'")
		}
		if spec.Alternate {
			return valueErr("Alternate form (#) not allowed with integer format specifier 'c'")
		}
	}
	return nil
}

func intBase(typ rune) int {
	switch typ {
	case 'b':
		return 2
	case 'o':
		return 8
	case 'x', 'X':
		return 16
	}
	return 10
}

func formatChar(x int64, spec Spec) (string, error) {
	if x < 0 || x > 0x10ffff {
		return "", overflowErr("%c arg not in range(0x110000)")
	}
	fill, align := spec.numericFillAlign()
	return layoutNumber(numberParts{rest: string(rune(x))}, spec.Sign, fill, align, spec.Width, "", 0)
}

func formatIntDigits(neg bool, digits string, spec Spec, typ rune) (string, error) {
	p := numberParts{neg: neg, digits: digits}
	if typ == 'X' {
		p.digits = strings.ToUpper(digits)
	}
	if spec.Alternate {
		switch typ {
		case 'b':
			p.prefix = "0b"
		case 'o':
			p.prefix = "0o"
		case 'x':
			p.prefix = "0x"
		case 'X':
			p.prefix = "0X"
		}
	}
	fill, align := spec.numericFillAlign()
	sep, group := separator(spec, typ)
	return layoutNumber(p, spec.Sign, fill, align, spec.Width, sep, group)
}

// bigToFloat converts x to the nearest float64 (ties to even) like
// PyLong_AsDouble; ok is false when the result overflows.
func bigToFloat(x *big.Int) (float64, bool) {
	if x.IsInt64() {
		return float64(x.Int64()), true
	}
	f, _ := new(big.Float).SetInt(x).Float64()
	return f, !math.IsInf(f, 0)
}

// FormatFloat formats a float like format(f, spec) (float.__format__)
// for a non-empty specifier (an empty one means str(f), which equals
// FloatRepr(f)).
func FormatFloat(f float64, spec Spec) (string, error) {
	switch spec.Type {
	case 0, 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%':
		return formatFloat(f, spec)
	}
	return "", unknownCode(spec.Type, spec.typeName("float"))
}

func formatFloat(val float64, spec Spec) (string, error) {
	const intMax = 1<<31 - 1
	if spec.Precision > intMax {
		return "", valueErr("precision too big")
	}
	if spec.Precision > MaxOutput || spec.Width > MaxOutput {
		return "", memoryErr()
	}
	typ := spec.Type
	code := byte(typ)
	flags := 0
	defPrec := 6
	if spec.Alternate {
		flags |= DTSFAlt
	}
	if spec.NoNegZero {
		flags |= DTSFNoNeg0
	}
	if typ == 0 {
		flags |= DTSFAddDot0
		code = 'r'
		defPrec = 0
	}
	if typ == 'n' {
		code = 'g'
	}
	addPct := false
	if typ == '%' {
		code = 'f'
		val = float64(val * 100)
		addPct = true
	}
	prec := spec.Precision
	if prec < 0 {
		prec = defPrec
	} else if code == 'r' {
		code = 'g'
	}
	s := FloatToString(val, code, prec, flags)
	if addPct {
		s += "%"
	}
	p := numberParts{}
	if s[0] == '-' {
		p.neg = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	p.digits, p.rest = s[:i], s[i:]
	fill, align := spec.numericFillAlign()
	sep, group := separator(spec, typ)
	return layoutNumber(p, spec.Sign, fill, align, spec.Width, sep, group)
}

// FormatStr formats a str like format(s, spec) (str.__format__): fill,
// alignment (default '<'), width and precision (truncation), all counted
// in code points.
func FormatStr(s string, spec Spec) (string, error) {
	typ := spec.Type
	if typ == 0 && spec.TypeSet {
		return "", unknownCode(0, spec.typeName("str"))
	}
	if typ == 0 {
		typ = 's'
		if spec.Grouping != 0 {
			return "", checkGrouping(spec.Grouping, 's')
		}
	}
	if typ != 's' {
		return "", unknownCode(typ, spec.typeName("str"))
	}
	switch spec.Sign {
	case ' ':
		return "", valueErr("Space not allowed in string format specifier")
	case '+', '-':
		return "", valueErr("Sign not allowed in string format specifier")
	}
	if spec.NoNegZero {
		return "", valueErr("Negative zero coercion (z) not allowed in string format specifier")
	}
	if spec.Alternate {
		return "", valueErr("Alternate form (#) not allowed in string format specifier")
	}
	if spec.Align == '=' {
		return "", valueErr("'=' alignment not allowed in string format specifier")
	}
	n := utf8.RuneCountInString(s)
	if (spec.Width == -1 || spec.Width <= n) && (spec.Precision == -1 || spec.Precision >= n) {
		return s, nil
	}
	if spec.Width > MaxOutput {
		return "", memoryErr()
	}
	if spec.Precision >= 0 && n >= spec.Precision {
		s = truncateRunes(s, spec.Precision)
		n = spec.Precision
	}
	fill := ' '
	if spec.FillSet {
		fill = spec.Fill
	} else if spec.ZeroPad {
		fill = '0'
	}
	align := spec.Align
	if align == 0 {
		align = '<'
	}
	total := max(spec.Width, n)
	var lpad int
	switch align {
	case '>':
		lpad = total - n
	case '^':
		lpad = (total - n) / 2
	}
	var b strings.Builder
	writeFill(&b, fill, lpad)
	b.WriteString(s)
	writeFill(&b, fill, total-n-lpad)
	return b.String(), nil
}

// truncateRunes returns the first n code points of s.
func truncateRunes(s string, n int) string {
	i := 0
	for n > 0 && i < len(s) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n--
	}
	return s[:i]
}
