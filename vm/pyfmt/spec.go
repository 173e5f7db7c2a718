package pyfmt

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Spec is a parsed standard format specifier
//
//	[[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
//
// as accepted by format() and str.format in Python 3.11.  Fields keep what
// was written; the formatters apply the per-type defaults (type 'd' for
// int, none for float, 's' for str; alignment '>' for numbers and '<' for
// strings; the '0' flag selects fill '0' and, for numbers, '=' alignment).
type Spec struct {
	// Fill is the explicit fill character; valid only when FillSet.
	Fill rune
	// FillSet reports that a fill character was given (before an align).
	FillSet bool
	// Align is '<', '>', '^', '=' or 0 when not given.
	Align rune
	// Sign is '+', '-', ' ' or 0 when not given.
	Sign rune
	// NoNegZero is the 'z' option (coerce negative zero to zero).
	NoNegZero bool
	// Alternate is the '#' option.
	Alternate bool
	// ZeroPad is the '0' option that precedes the width.
	ZeroPad bool
	// Width is the minimum width, or -1.
	Width int
	// Grouping is ',' or '_' (thousands separator), or 0.
	Grouping rune
	// Precision is the precision, or -1.
	Precision int
	// Type is the presentation type, or 0 when not given.
	Type rune
	// TypeSet reports that a type character was present.  It matters only
	// when that character is U+0000, which CPython treats as "no type"
	// for float but as an unknown code for int and str.
	TypeSet bool
	// TypeName is the Python type name used in error messages ("int",
	// "float", "str" when empty, or e.g. "bool" for subclasses).
	TypeName string
}

// ParseSpec parses a format specifier.  Errors carry CPython's messages,
// except that a specifier with trailing garbage yields "Invalid format
// specifier" without the "'...' for object of type '...'" suffix that
// CPython 3.11 adds; use ParseSpecFor to get it.
func ParseSpec(spec string) (Spec, error) { return ParseSpecFor(spec, "") }

// ParseSpecFor parses a format specifier that will be applied to an object
// of the Python type typeName.  The type name is used in the message
// "Invalid format specifier '...' for object of type '...'" and is stored
// in the result for the formatters' own messages.
func ParseSpecFor(spec, typeName string) (Spec, error) {
	s := Spec{Fill: ' ', Width: -1, Precision: -1, TypeName: typeName}
	rs := []rune(spec)
	end := len(rs)
	pos := 0
	isAlign := func(r rune) bool { return r == '<' || r == '>' || r == '=' || r == '^' }

	if end-pos >= 2 && isAlign(rs[pos+1]) {
		s.Align = rs[pos+1]
		s.Fill = rs[pos]
		s.FillSet = true
		pos += 2
	} else if end-pos >= 1 && isAlign(rs[pos]) {
		s.Align = rs[pos]
		pos++
	}
	if end-pos >= 1 && (rs[pos] == ' ' || rs[pos] == '+' || rs[pos] == '-') {
		s.Sign = rs[pos]
		pos++
	}
	if end-pos >= 1 && rs[pos] == 'z' {
		s.NoNegZero = true
		pos++
	}
	if end-pos >= 1 && rs[pos] == '#' {
		s.Alternate = true
		pos++
	}
	if !s.FillSet && end-pos >= 1 && rs[pos] == '0' {
		s.ZeroPad = true
		pos++
	}
	n, consumed, err := getInteger(rs, &pos)
	if err != nil {
		return s, err
	}
	if consumed > 0 {
		s.Width = n
	}
	if end-pos > 0 && rs[pos] == ',' {
		s.Grouping = ','
		pos++
	}
	if end-pos > 0 && rs[pos] == '_' {
		if s.Grouping != 0 {
			return s, valueErr("Cannot specify both ',' and '_'.")
		}
		s.Grouping = '_'
		pos++
	}
	if end-pos > 0 && rs[pos] == ',' && s.Grouping == '_' {
		return s, valueErr("Cannot specify both ',' and '_'.")
	}
	if end-pos > 0 && rs[pos] == '.' {
		pos++
		n, consumed, err := getInteger(rs, &pos)
		if err != nil {
			return s, err
		}
		if consumed == 0 {
			return s, valueErr("Format specifier missing precision")
		}
		s.Precision = n
	}
	if end-pos > 1 {
		if typeName == "" {
			return s, valueErr("Invalid format specifier")
		}
		return s, valueErr("Invalid format specifier '%s' for object of type '%s'", spec, truncName(typeName))
	}
	if end-pos == 1 {
		s.Type = rs[pos]
		s.TypeSet = true
	}
	if s.Grouping != 0 && (s.Type != 0 || s.TypeSet) {
		if err := checkGrouping(s.Grouping, s.Type); err != nil {
			return s, err
		}
	}
	return s, nil
}

// checkGrouping validates a thousands separator against a presentation
// type, as parse_internal_render_format_spec does.
func checkGrouping(sep, typ rune) error {
	switch typ {
	case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0:
		return nil
	case 'b', 'o', 'x', 'X':
		if sep == '_' {
			return nil
		}
	}
	if typ > 32 && typ < 128 {
		return valueErr("Cannot specify '%c' with '%c'.", sep, typ)
	}
	return valueErr("Cannot specify '%c' with '\\x%x'.", sep, typ)
}

// truncName mimics the %.200s used for type names in CPython messages.
func truncName(name string) string {
	if utf8.RuneCountInString(name) <= 200 {
		return name
	}
	return string([]rune(name)[:200])
}

// decimalValue returns the value of a Unicode decimal digit (category
// Nd), or -1.
func decimalValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return -1
	}
	// Nd characters come in contiguous runs of ten starting at zero.
	start := r
	for start > 0 && unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return int(r-start) % 10
}

// getInteger consumes decimal digits (any Unicode decimal digit, like
// CPython) and returns their value and count.
func getInteger(rs []rune, pos *int) (int, int, error) {
	const maxSsize = 1<<63 - 1
	acc, n := 0, 0
	for ; *pos < len(rs); *pos, n = *pos+1, n+1 {
		d := decimalValue(rs[*pos])
		if d < 0 {
			break
		}
		if acc > (maxSsize-d)/10 {
			return 0, n, valueErr("Too many decimal digits in format string")
		}
		acc = acc*10 + d
	}
	return acc, n, nil
}

func (s Spec) typeName(def string) string {
	if s.TypeName != "" {
		return truncName(s.TypeName)
	}
	return def
}

// numericFillAlign returns the effective fill and alignment for numbers.
func (s Spec) numericFillAlign() (rune, rune) {
	fill, align := ' ', rune('>')
	if s.FillSet {
		fill = s.Fill
	} else if s.ZeroPad {
		fill = '0'
	}
	if s.Align != 0 {
		align = s.Align
	} else if s.ZeroPad {
		align = '='
	}
	return fill, align
}

func unknownCode(typ rune, typeName string) error {
	if typ > 32 && typ < 128 {
		return valueErr("Unknown format code '%c' for object of type '%s'", typ, typeName)
	}
	return valueErr("Unknown format code '\\x%x' for object of type '%s'", typ, typeName)
}

// String reconstructs a specifier equivalent to s.
func (s Spec) String() string {
	var b []rune
	if s.Align != 0 {
		if s.FillSet {
			b = append(b, s.Fill)
		}
		b = append(b, s.Align)
	}
	if s.Sign != 0 {
		b = append(b, s.Sign)
	}
	if s.NoNegZero {
		b = append(b, 'z')
	}
	if s.Alternate {
		b = append(b, '#')
	}
	if s.ZeroPad {
		b = append(b, '0')
	}
	out := string(b)
	switch {
	case s.Width == 0 && !s.ZeroPad && !s.FillSet:
		// A plain "0" would be read as the '0' flag; CPython accepts
		// any Unicode decimal digit in the width.
		out += "\u0660"
	case s.Width >= 0:
		out += fmt.Sprint(s.Width)
	}
	if s.Grouping != 0 {
		out += string(s.Grouping)
	}
	if s.Precision >= 0 {
		out += "." + fmt.Sprint(s.Precision)
	}
	if s.Type != 0 || s.TypeSet {
		out += string(s.Type)
	}
	return out
}
