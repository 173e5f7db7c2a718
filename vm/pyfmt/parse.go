package pyfmt

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isPrintable approximates Python's str.isprintable for one character.
func isPrintable(r rune) bool { return unicode.IsPrint(r) }

// isPySpace reports whether r is whitespace for str.isspace() (outside
// ASCII; ASCII characters are passed through unchanged by CPython's
// float() preprocessing).
func isPySpace(r rune) bool {
	switch r {
	case 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// FloatFromString converts a str to float like Python's float(s): leading
// and trailing whitespace (including Unicode whitespace) is ignored,
// Unicode decimal digits are accepted, underscores are allowed between
// digits, and "inf", "infinity" and "nan" (any case, optionally signed)
// are recognised.  Overflow gives ±inf and underflow ±0.  Otherwise the
// error is ValueError "could not convert string to float: '...'".
func FloatFromString(s string) (float64, error) {
	bad := func() (float64, error) {
		return 0, valueErr("could not convert string to float: %s", StrRepr(s))
	}
	t := s
	// _PyUnicode_TransformDecimalAndSpaceToASCII
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x7f {
			var b strings.Builder
			for _, r := range s {
				switch {
				case r < 0x7f:
					b.WriteRune(r)
				case isPySpace(r):
					b.WriteByte(' ')
				default:
					d := decimalValue(r)
					if d < 0 {
						return bad()
					}
					b.WriteByte(byte('0' + d))
				}
			}
			t = b.String()
			break
		}
	}
	if strings.IndexByte(t, 0) >= 0 {
		return bad()
	}
	if strings.IndexByte(t, '_') >= 0 {
		// _Py_string_to_number_with_underscores
		var b strings.Builder
		var prev byte
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c == '_' {
				if !(prev >= '0' && prev <= '9') {
					return bad()
				}
			} else {
				b.WriteByte(c)
				if prev == '_' && !(c >= '0' && c <= '9') {
					return bad()
				}
			}
			prev = c
		}
		if prev == '_' {
			return bad()
		}
		t = b.String()
	}
	t = strings.Trim(t, " \t\n\v\f\r")
	if t == "" {
		return bad()
	}
	body := t
	neg := false
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	switch strings.ToLower(body) {
	case "inf", "infinity":
		if neg {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	case "nan":
		// CPython's NaN has the quiet bit only (0x7ff8000000000000).
		if neg {
			return math.Float64frombits(0xfff8000000000000), nil
		}
		return math.Float64frombits(0x7ff8000000000000), nil
	}
	if !isDecimalFloat(body) {
		return bad()
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return bad()
		}
	}
	return f, nil
}

// isDecimalFloat reports whether s matches digits [. digits] [e [sign]
// digits] with at least one mantissa digit.
func isDecimalFloat(s string) bool {
	i, n := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		n++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		m := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			m++
		}
		if m == 0 {
			return false
		}
	}
	return i == len(s)
}

// StrRepr returns Python's repr() of a str: quoted with ' unless the
// string contains ' and no ", with backslash escapes for \\, the quote,
// \t \n \r, other control characters (\xhh) and non-printable characters
// (\xhh, \uhhhh, \Uhhhhhhhh).  Printability follows Go's unicode tables
// (Python's str.isprintable, possibly a different Unicode version).
// Invalid UTF-8 bytes are shown as \xhh, except that WTF-8 encoded
// surrogates are shown as \udxxx.
func StrRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	const hexdigits = "0123456789abcdef"
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if i+2 < len(s) && s[i] == 0xed && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2] >= 0x80 && s[i+2] <= 0xbf {
				sur := 0xd000 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)
				b.WriteString(`\u`)
				b.WriteString(strconv.FormatInt(int64(sur), 16))
				i += 3
				continue
			}
			b.WriteString(`\x`)
			b.WriteByte(hexdigits[s[i]>>4])
			b.WriteByte(hexdigits[s[i]&15])
			i++
			continue
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hexdigits[r>>4])
			b.WriteByte(hexdigits[r&15])
		case r < 0x7f:
			b.WriteRune(r)
		case isPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			b.WriteString(`\x`)
			b.WriteByte(hexdigits[r>>4])
			b.WriteByte(hexdigits[r&15])
		case r <= 0xffff:
			b.WriteString(`\u`)
			for sh := 12; sh >= 0; sh -= 4 {
				b.WriteByte(hexdigits[(r>>sh)&15])
			}
		default:
			b.WriteString(`\U`)
			for sh := 28; sh >= 0; sh -= 4 {
				b.WriteByte(hexdigits[(r>>sh)&15])
			}
		}
	}
	b.WriteByte(quote)
	return b.String()
}
