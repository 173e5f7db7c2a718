package vm

import (
	"strings"

	"github.com/pyasync/pyasync/vm/pyfmt"
)

// str.format and str.format_map: a port of CPython's
// Objects/stringlib/unicode_format.h.

// pyfmtError converts an error of package pyfmt to the Python exception it
// stands for (other errors pass through).
func pyfmtError(err error) error {
	fe, ok := err.(*pyfmt.FormatError)
	if !ok {
		return err
	}
	switch fe.Type {
	case "TypeError":
		return Errorf(TypeError, "%s", fe.Msg)
	case "OverflowError":
		return Errorf(OverflowError, "%s", fe.Msg)
	case "MemoryError":
		return NewException(MemoryError)
	}
	return Errorf(ValueError, "%s", fe.Msg)
}

type autoNumberState uint8

const (
	ansInit autoNumberState = iota
	ansAuto
	ansManual
)

type autoNumber struct {
	state autoNumberState
	next  int
}

// formatter holds the arguments of one str.format call.
type formatter struct {
	t      *Thread
	args   []Value
	kwargs *Dict // str.format keyword arguments (nil if none)
	// mapping is the argument of format_map (kwargs and args unused then).
	mapping    Value
	formatMap  bool
	autoNumber autoNumber
}

// strFormat implements str.format(*args, **kwargs) (mapping invalid) and
// str.format_map(mapping).
func (t *Thread) strFormat(format string, args []Value, kwargs *Dict, mapping Value) (string, error) {
	f := &formatter{t: t, args: args, kwargs: kwargs, mapping: mapping, formatMap: mapping.o != nil}
	var b strings.Builder
	if err := f.build(&b, []rune(format), 2); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (f *formatter) build(b *strings.Builder, s []rune, depth int) error {
	if depth <= 0 {
		return Errorf(ValueError, "Max string recursion exceeded")
	}
	pos := 0
	for pos < len(s) {
		start := pos
		var c rune
		markup := false
		for pos < len(s) {
			c = s[pos]
			pos++
			if c == '{' || c == '}' {
				markup = true
				break
			}
		}
		atEnd := pos >= len(s)
		n := pos - start
		if c == '}' && markup && (atEnd || s[pos] != '}') {
			return Errorf(ValueError, "Single '}' encountered in format string")
		}
		if atEnd && c == '{' && markup {
			return Errorf(ValueError, "Single '{' encountered in format string")
		}
		if markup && !atEnd {
			if s[pos] == c {
				pos++
				markup = false
			} else {
				n--
			}
		}
		b.WriteString(string(s[start : start+n]))
		if !markup {
			continue
		}
		// parse the field
		name, spec, conv, expand, next, err := parseFormatField(s, pos)
		if err != nil {
			return err
		}
		pos = next
		if err := f.outputMarkup(b, name, spec, conv, expand, depth); err != nil {
			return err
		}
	}
	return nil
}

// parseFormatField parses a replacement field after its '{'; it returns the
// field name, the format spec, the conversion (0 if none), whether the spec
// contains nested fields, and the position after the closing '}'.
func parseFormatField(s []rune, pos int) (name, spec []rune, conv rune, expand bool, next int, err error) {
	start := pos
	var c rune
	for pos < len(s) {
		c = s[pos]
		pos++
		if c == '{' {
			return nil, nil, 0, false, 0, Errorf(ValueError, "unexpected '{' in field name")
		}
		if c == '[' {
			for pos < len(s) && s[pos] != ']' {
				pos++
			}
			continue
		}
		if c == '}' || c == ':' || c == '!' {
			break
		}
	}
	if c == '}' || c == ':' || c == '!' {
		name = s[start : pos-1]
	} else {
		name = s[start:pos]
	}
	if c == '!' || c == ':' {
		if c == '!' {
			if pos >= len(s) {
				return nil, nil, 0, false, 0, Errorf(ValueError, "end of string while looking for conversion specifier")
			}
			conv = s[pos]
			pos++
			if pos < len(s) {
				c = s[pos]
				pos++
				if c == '}' {
					return name, nil, conv, false, pos, nil
				}
				if c != ':' {
					return nil, nil, 0, false, 0, Errorf(ValueError, "expected ':' after conversion specifier")
				}
			}
		}
		specStart := pos
		count := 1
		for pos < len(s) {
			c = s[pos]
			pos++
			switch c {
			case '{':
				expand = true
				count++
			case '}':
				count--
				if count == 0 {
					return name, s[specStart : pos-1], conv, expand, pos, nil
				}
			}
		}
		return nil, nil, 0, false, 0, Errorf(ValueError, "unmatched '{' in format spec")
	}
	if c != '}' {
		return nil, nil, 0, false, 0, Errorf(ValueError, "expected '}' before end of string")
	}
	return name, nil, conv, false, pos, nil
}

// formatInteger is CPython's get_integer: the value of a string of decimal
// digits, or -1.
func formatInteger(s []rune) (int, error) {
	if len(s) == 0 {
		return -1, nil
	}
	n := 0
	for _, r := range s {
		d := decimalValue(r)
		if d < 0 {
			return -1, nil
		}
		if n > (1<<62)/10 {
			return -1, Errorf(ValueError, "Too many decimal digits in format string")
		}
		n = n*10 + d
	}
	return n, nil
}

func (f *formatter) outputMarkup(b *strings.Builder, name, spec []rune, conv rune, expand bool, depth int) error {
	obj, err := f.fieldObject(name)
	if err != nil {
		return err
	}
	t := f.t
	switch conv {
	case 0:
	case 'r':
		s, err := t.Repr(obj)
		if err != nil {
			return err
		}
		obj = Str(s)
	case 's':
		obj, err = t.StrValue(obj)
		if err != nil {
			return err
		}
	case 'a':
		s, err := t.Repr(obj)
		if err != nil {
			return err
		}
		obj = Str(asciiEscape(s))
	default:
		if conv > 32 && conv < 127 {
			return Errorf(ValueError, "Unknown conversion specifier %c", conv)
		}
		return Errorf(ValueError, "Unknown conversion specifier \\x%x", conv)
	}
	specStr := string(spec)
	if expand {
		var sb strings.Builder
		if err := f.build(&sb, spec, depth-1); err != nil {
			return err
		}
		specStr = sb.String()
	}
	if so, ok := obj.o.(*StrObject); ok && so.subclass() == nil && specStr == "" {
		b.WriteString(so.s)
		return nil
	}
	r, err := t.Format(obj, specStr)
	if err != nil {
		return err
	}
	b.WriteString(r.o.(*StrObject).s)
	return nil
}

func (f *formatter) fieldObject(field []rune) (Value, error) {
	t := f.t
	i := 0
	for i < len(field) && field[i] != '.' && field[i] != '[' {
		i++
	}
	first, rest := field[:i], field[i:]
	idx, err := formatInteger(first)
	if err != nil {
		return Value{}, err
	}
	empty := len(first) == 0
	numeric := empty || idx != -1
	an := &f.autoNumber
	if an.state == ansInit && numeric {
		if empty {
			an.state = ansAuto
		} else {
			an.state = ansManual
		}
	}
	if numeric {
		if an.state == ansManual {
			if empty {
				return Value{}, Errorf(ValueError, "cannot switch from manual field specification to automatic field numbering")
			}
		} else if !empty {
			return Value{}, Errorf(ValueError, "cannot switch from automatic field numbering to manual field specification")
		}
		if empty {
			idx = an.next
			an.next++
		}
	}
	var obj Value
	if idx == -1 {
		key := Str(string(first))
		switch {
		case f.formatMap:
			obj, err = t.GetItem(f.mapping, key)
			if err != nil {
				return Value{}, err
			}
		case f.kwargs == nil:
			return Value{}, NewException(KeyError, key)
		default:
			v, ok := f.kwargs.GetStr(string(first))
			if !ok {
				return Value{}, NewException(KeyError, key)
			}
			obj = v
		}
	} else {
		if f.formatMap {
			return Value{}, Errorf(ValueError, "Format string contains positional fields")
		}
		if idx >= len(f.args) {
			return Value{}, Errorf(IndexError, "Replacement index %d out of range for positional args tuple", idx)
		}
		obj = f.args[idx]
	}
	// the rest: .attr and [key] accessors
	pos := 0
	for pos < len(rest) {
		c := rest[pos]
		pos++
		var name []rune
		switch c {
		case '.':
			start := pos
			for pos < len(rest) && rest[pos] != '.' && rest[pos] != '[' {
				pos++
			}
			name = rest[start:pos]
			if len(name) == 0 {
				return Value{}, Errorf(ValueError, "Empty attribute in format string")
			}
			obj, err = t.GetAttr(obj, string(name))
		case '[':
			start := pos
			seen := false
			for pos < len(rest) {
				c := rest[pos]
				pos++
				if c == ']' {
					seen = true
					break
				}
			}
			if !seen {
				return Value{}, Errorf(ValueError, "Missing ']' in format string")
			}
			name = rest[start : pos-1]
			n, err2 := formatInteger(name)
			if err2 != nil {
				return Value{}, err2
			}
			if len(name) == 0 {
				return Value{}, Errorf(ValueError, "Empty attribute in format string")
			}
			if n == -1 {
				obj, err = t.GetItem(obj, Str(string(name)))
			} else {
				obj, err = t.GetItem(obj, Int(int64(n)))
			}
		default:
			return Value{}, Errorf(ValueError, "Only '.' or '[' may follow ']' in format field specifier")
		}
		if err != nil {
			return Value{}, err
		}
	}
	return obj, nil
}
