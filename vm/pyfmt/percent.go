package pyfmt

import (
	"math/big"
	"strings"
	"unicode/utf8"
)

// PercentSpec is one conversion specifier of a printf-style format
//
//	%[(key)][flags][width][.precision][length]type
//
// with the '*' width and precision already resolved to numbers (see
// FormatPercent).  Width and Prec are -1 when absent.
type PercentSpec struct {
	Key    string // the mapping key, when HasKey
	HasKey bool
	Minus  bool // '-': left-justify
	Plus   bool // '+': always show a sign
	Space  bool // ' ': blank before positive numbers
	Alt    bool // '#': alternate form
	Zero   bool // '0': zero padding for numbers
	Width  int
	Prec   int
	Verb   rune // conversion character
	// Index is the code-point index of Verb in the format string, used in
	// the "unsupported format character" message.
	Index int
}

// PercentArgs is the right operand of str % operand as seen by
// FormatPercent, implemented by the VM.  Values are opaque handles.
type PercentArgs interface {
	// Len returns the number of items when the operand is a tuple, or -1
	// when it is any other object (a single argument).
	Len() int
	// Item returns tuple item i, or the operand itself when i == -1.
	Item(i int) any
	// IsMapping reports whether the operand supports %(key) lookups:
	// CPython's PyMapping_Check(operand) && !tuple && !str (true for
	// dicts, lists, bytes, objects with __getitem__, ...).  It also
	// suppresses "not all arguments converted".
	IsMapping() bool
	// Lookup returns operand[key] (the VM's exception on failure).
	Lookup(key string) (any, error)
	// StarArg converts the argument of a '*' width or precision.  It
	// should return ErrStarWantsInt for non-int values; StarFromInt does
	// the range conversion.
	StarArg(v any, precision bool) (int, error)
	// Int converts v for d i u o x X: an int as is, otherwise via
	// __index__ (o x X) or __int__ (d i u); for unsuitable objects return
	// PercentIntTypeError.
	Int(v any, verb rune) (*big.Int, error)
	// Float converts v for e E f F g G via __float__; for unsuitable
	// objects return PercentFloatTypeError.
	Float(v any, verb rune) (float64, error)
	// Char converts v for c: a str of length 1 or an int (see
	// CharFromInt); otherwise return ErrCharRequiresIntOrChar.
	Char(v any) (rune, error)
	// Str converts v for s (str()), r (repr()) or a (ascii()).
	Str(v any, verb rune) (string, error)
}

// Errors and error constructors for PercentArgs implementations.
var (
	// ErrStarWantsInt is CPython's TypeError for a non-int '*' argument.
	ErrStarWantsInt error = typeErr("* wants int")
	// ErrCharRequiresIntOrChar is CPython's TypeError for a bad %c argument.
	ErrCharRequiresIntOrChar error = typeErr("%%c requires int or char")
)

// PercentIntTypeError is the TypeError for a %d (etc.) argument that is not
// a number: "%d format: a real number is required, not str", or for o x X
// "%x format: an integer is required, not float".
func PercentIntTypeError(verb rune, typeName string) error {
	if verb == 'o' || verb == 'x' || verb == 'X' {
		return typeErr("%%%c format: an integer is required, not %s", verb, truncName(typeName))
	}
	return typeErr("%%%c format: a real number is required, not %s", verb, truncName(typeName))
}

// PercentFloatTypeError is the TypeError for a %f (etc.) argument that
// cannot be converted to float: "must be real number, not str".
func PercentFloatTypeError(typeName string) error {
	return typeErr("must be real number, not %s", truncName(typeName))
}

// CharFromInt validates an int argument of %c.
func CharFromInt(x *big.Int) (rune, error) {
	if !x.IsInt64() || x.Sign() < 0 || x.Int64() > 0x10ffff {
		return 0, overflowErr("%c arg not in range(0x110000)")
	}
	return rune(x.Int64()), nil
}

// StarFromInt converts the int argument of a '*' width (Py_ssize_t) or
// precision (C int) with CPython's OverflowError messages.
func StarFromInt(x *big.Int, precision bool) (int, error) {
	if precision {
		if !x.IsInt64() || x.Int64() > 1<<31-1 || x.Int64() < -1<<31 {
			return 0, overflowErr("Python int too large to convert to C int")
		}
		return int(x.Int64()), nil
	}
	if !x.IsInt64() {
		return 0, overflowErr("Python int too large to convert to C ssize_t")
	}
	return int(x.Int64()), nil
}

// percentState mirrors the argument bookkeeping of CPython's
// unicode_formatter_t.
type percentState struct {
	args   PercentArgs
	cur    any // current single argument (operand or looked-up value)
	curSet bool
	arglen int
	argidx int
}

func (st *percentState) next() (any, error) {
	if st.argidx < st.arglen {
		st.argidx++
		if st.arglen < 0 {
			if st.curSet {
				return st.cur, nil
			}
			return st.args.Item(-1), nil
		}
		return st.args.Item(st.argidx - 1), nil
	}
	return nil, typeErr("not enough arguments for format string")
}

// FormatPercent evaluates format % args with CPython 3.11's semantics
// (PyUnicode_Format), including the order in which arguments are consumed
// and errors are reported.
func FormatPercent(format string, args PercentArgs) (string, error) {
	f := []rune(format)
	st := &percentState{args: args, arglen: args.Len()}
	if st.arglen < 0 {
		st.arglen, st.argidx = -1, -2
	}
	dict := args.IsMapping()
	var out strings.Builder
	pos := 0
	for pos < len(f) {
		if f[pos] != '%' {
			start := pos
			for pos < len(f) && f[pos] != '%' {
				pos++
			}
			out.WriteString(string(f[start:pos]))
			continue
		}
		pos++
		if pos < len(f) && f[pos] == '%' {
			out.WriteByte('%')
			pos++
			continue
		}
		spec, err := parsePercentSpec(f, &pos, st, dict)
		if err != nil {
			return "", err
		}
		v, err := st.next()
		if err != nil {
			return "", err
		}
		var s string
		switch spec.Verb {
		case 's', 'r', 'a':
			str, err := args.Str(v, spec.Verb)
			if err != nil {
				return "", err
			}
			s, err = PercentStr(str, spec)
			if err != nil {
				return "", err
			}
		case 'd', 'i', 'u', 'o', 'x', 'X':
			x, err := args.Int(v, spec.Verb)
			if err != nil {
				return "", err
			}
			s, err = PercentInt(x, spec)
			if err != nil {
				return "", err
			}
		case 'e', 'E', 'f', 'F', 'g', 'G':
			x, err := args.Float(v, spec.Verb)
			if err != nil {
				return "", err
			}
			s, err = PercentFloat(x, spec)
			if err != nil {
				return "", err
			}
		case 'c':
			r, err := args.Char(v)
			if err != nil {
				return "", err
			}
			s, err = PercentStr(string(r), spec)
			if err != nil {
				return "", err
			}
		default:
			return "", unsupportedChar(spec.Verb, spec.Index)
		}
		out.WriteString(s)
		if out.Len() > 4*MaxOutput {
			return "", memoryErr()
		}
		if dict && st.argidx < st.arglen {
			return "", typeErr("not all arguments converted during string formatting")
		}
	}
	if st.argidx < st.arglen && !dict {
		return "", typeErr("not all arguments converted during string formatting")
	}
	return out.String(), nil
}

func unsupportedChar(ch rune, index int) error {
	c := '?'
	if ch >= 31 && ch <= 126 {
		c = ch
	}
	return valueErr("unsupported format character '%c' (0x%x) at index %d", c, ch, index)
}

// parsePercentSpec parses a conversion specifier starting at *pos (just
// after the '%'), consuming '*' arguments and mapping lookups through st
// like unicode_format_arg_parse.  When st is nil, '*' leaves Width or
// Prec at -2 and keys are not looked up.
func parsePercentSpec(f []rune, pos *int, st *percentState, dict bool) (PercentSpec, error) {
	spec := PercentSpec{Width: -1, Prec: -1}
	read := func(i int) rune {
		if i < len(f) {
			return f[i]
		}
		return 0
	}
	p := *pos
	cnt := len(f) - p // CPython's fmtcnt
	defer func() { *pos = p }()
	ch := read(p)

	if read(p) == '(' {
		if st != nil && !dict {
			return spec, typeErr("format requires a mapping")
		}
		p++
		cnt--
		keystart := p
		pcount := 1
		for pcount > 0 {
			cnt--
			if cnt < 0 {
				break
			}
			ch = read(p)
			if ch == ')' {
				pcount--
			} else if ch == '(' {
				pcount++
			}
			p++
		}
		if cnt < 0 || pcount > 0 {
			return spec, valueErr("incomplete format key")
		}
		spec.Key = string(f[keystart : p-1])
		spec.HasKey = true
		if st != nil {
			v, err := st.args.Lookup(spec.Key)
			if err != nil {
				return spec, err
			}
			st.cur, st.curSet = v, true
			st.arglen, st.argidx = -1, -2
		}
	}

	for {
		cnt--
		if cnt < 0 {
			break
		}
		ch = read(p)
		p++
		switch ch {
		case '-':
			spec.Minus = true
			continue
		case '+':
			spec.Plus = true
			continue
		case ' ':
			spec.Space = true
			continue
		case '#':
			spec.Alt = true
			continue
		case '0':
			spec.Zero = true
			continue
		}
		break
	}

	star := func(precision bool) (int, error) {
		if st == nil {
			return -2, nil
		}
		v, err := st.next()
		if err != nil {
			return 0, err
		}
		return st.args.StarArg(v, precision)
	}

	if ch == '*' {
		w, err := star(false)
		if err != nil {
			return spec, err
		}
		if w < 0 && w != -2 {
			spec.Minus = true
			w = -w
		}
		spec.Width = w
		cnt--
		if cnt >= 0 {
			ch = read(p)
			p++
		}
	} else if ch >= '0' && ch <= '9' {
		spec.Width = int(ch - '0')
		for {
			cnt--
			if cnt < 0 {
				break
			}
			ch = read(p)
			p++
			if ch < '0' || ch > '9' {
				break
			}
			d := int(ch - '0')
			if spec.Width > (1<<63-1-d)/10 {
				return spec, valueErr("width too big")
			}
			spec.Width = spec.Width*10 + d
		}
	}

	if ch == '.' {
		spec.Prec = 0
		cnt--
		if cnt >= 0 {
			ch = read(p)
			p++
		}
		if ch == '*' {
			pr, err := star(true)
			if err != nil {
				return spec, err
			}
			if pr < 0 && pr != -2 {
				pr = 0
			}
			spec.Prec = pr
			cnt--
			if cnt >= 0 {
				ch = read(p)
				p++
			}
		} else if ch >= '0' && ch <= '9' {
			spec.Prec = int(ch - '0')
			for {
				cnt--
				if cnt < 0 {
					break
				}
				ch = read(p)
				p++
				if ch < '0' || ch > '9' {
					break
				}
				d := int(ch - '0')
				if spec.Prec > (1<<31-1-d)/10 {
					return spec, valueErr("precision too big")
				}
				spec.Prec = spec.Prec*10 + d
			}
		}
	}

	if cnt >= 0 && (ch == 'h' || ch == 'l' || ch == 'L') {
		cnt--
		if cnt >= 0 {
			ch = read(p)
			p++
		}
	}
	if cnt < 0 {
		return spec, valueErr("incomplete format")
	}
	spec.Verb = ch
	spec.Index = p - 1
	return spec, nil
}

// PercentItem is an element of a parsed %-format: either literal text or
// a conversion.
type PercentItem struct {
	// Literal is the text of a literal chunk ("%%" becomes "%").
	Literal string
	// Conv is the conversion, when IsConv.
	Conv   PercentSpec
	IsConv bool
	// WidthStar and PrecStar report '*' width and precision, which take
	// their values from the argument list before the converted value.
	WidthStar, PrecStar bool
}

// ParsePercent splits a %-format into literal chunks and conversions
// without consuming any arguments.  It reports the first syntax error
// ("incomplete format", "incomplete format key", "width too big",
// "precision too big"); unsupported conversion characters are returned
// as conversions (FormatPercent reports them only after fetching the
// argument, like CPython).
func ParsePercent(format string) ([]PercentItem, error) {
	f := []rune(format)
	var items []PercentItem
	pos := 0
	for pos < len(f) {
		if f[pos] != '%' {
			start := pos
			for pos < len(f) && f[pos] != '%' {
				pos++
			}
			items = append(items, PercentItem{Literal: string(f[start:pos])})
			continue
		}
		pos++
		if pos < len(f) && f[pos] == '%' {
			items = append(items, PercentItem{Literal: "%"})
			pos++
			continue
		}
		spec, err := parsePercentSpec(f, &pos, nil, true)
		if err != nil {
			return items, err
		}
		it := PercentItem{Conv: spec, IsConv: true}
		if spec.Width == -2 {
			it.WidthStar = true
			it.Conv.Width = -1
		}
		if spec.Prec == -2 {
			it.PrecStar = true
			it.Conv.Prec = -1
		}
		items = append(items, it)
	}
	return items, nil
}

// PercentInt formats an integer for the conversions d i u o x X with the
// flags, width and precision (minimum number of digits) of spec.
func PercentInt(x *big.Int, spec PercentSpec) (string, error) {
	if spec.Prec > 1<<31-1-3 {
		return "", overflowErr("precision too large")
	}
	if spec.Prec > MaxOutput || spec.Width > MaxOutput {
		return "", memoryErr()
	}
	base := 10
	prefix := ""
	switch spec.Verb {
	case 'o':
		base, prefix = 8, "0o"
	case 'x', 'X':
		base, prefix = 16, "0x"
	}
	var abs big.Int
	abs.Abs(x)
	digits := abs.Text(base)
	sign := ""
	if x.Sign() < 0 {
		sign = "-"
	}
	if !spec.Alt {
		prefix = ""
	}
	if spec.Prec > len(digits) {
		digits = strings.Repeat("0", spec.Prec-len(digits)) + digits
	}
	s := sign + prefix + digits
	if spec.Verb == 'X' {
		s = strings.ToUpper(s)
	}
	return percentOutput(s, spec, true), nil
}

// PercentFloat formats a float for the conversions e E f F g G (precision
// defaults to 6, '#' selects the alternate form).
func PercentFloat(f float64, spec PercentSpec) (string, error) {
	if spec.Prec > MaxOutput || spec.Width > MaxOutput {
		return "", memoryErr()
	}
	prec := spec.Prec
	if prec < 0 {
		prec = 6
	}
	flags := 0
	if spec.Alt {
		flags = DTSFAlt
	}
	return percentOutput(FloatToString(f, byte(spec.Verb), prec, flags), spec, true), nil
}

// PercentStr pads (and for s r a, truncates to the precision) the text
// of a s, r, a or c conversion: s is the already converted str(), repr(),
// ascii() or the character.
func PercentStr(s string, spec PercentSpec) (string, error) {
	if spec.Width > MaxOutput {
		return "", memoryErr()
	}
	return percentOutput(s, spec, false), nil
}

// percentOutput implements unicode_format_arg_output.
func percentOutput(str string, spec PercentSpec, numeric bool) string {
	fill := ' '
	if numeric && spec.Zero {
		fill = '0'
	}
	n := utf8.RuneCountInString(str)
	width := spec.Width
	if (width == -1 || width <= n) && (spec.Prec == -1 || spec.Prec >= n) && !spec.Plus && !spec.Space {
		return str
	}
	rs := []rune(str)
	if spec.Verb == 's' || spec.Verb == 'r' || spec.Verb == 'a' {
		if spec.Prec >= 0 && n > spec.Prec {
			n = spec.Prec
		}
	}
	pindex := 0
	var signCh rune
	sign := numeric
	if sign {
		switch {
		case rs[0] == '-' || rs[0] == '+':
			signCh = rs[0]
			n--
			pindex++
		case spec.Plus:
			signCh = '+'
		case spec.Space:
			signCh = ' '
		default:
			sign = false
		}
	}
	if width < n {
		width = n
	}
	altPrefix := spec.Alt && (spec.Verb == 'x' || spec.Verb == 'X' || spec.Verb == 'o')
	var b strings.Builder
	if sign {
		if fill != ' ' {
			b.WriteRune(signCh)
		}
		if width > n {
			width--
		}
	}
	if altPrefix {
		if fill != ' ' {
			b.WriteString(string(rs[pindex : pindex+2]))
			pindex += 2
		}
		width -= 2
		if width < 0 {
			width = 0
		}
		n -= 2
	}
	if width > n && !spec.Minus {
		writeFill(&b, fill, width-n)
		width = n
	}
	if fill == ' ' {
		if sign {
			b.WriteRune(signCh)
		}
		if altPrefix {
			b.WriteString(string(rs[pindex : pindex+2]))
			pindex += 2
		}
	}
	if n > 0 {
		b.WriteString(string(rs[pindex : pindex+n]))
	}
	if width > n {
		writeFill(&b, ' ', width-n)
	}
	return b.String()
}
