package vm

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/pyasync/pyasync/vm/pyfmt"
)

// objectID returns a stable identity for v (id()).
func objectID(v Value) uintptr {
	switch v.o.(type) {
	case intMarker, floatMarker, boolMarker, noneMarker:
		return uintptr(v.n)*8 + 0x1000
	}
	type iface struct{ typ, data unsafe.Pointer }
	return uintptr((*iface)(unsafe.Pointer(&v.o)).data)
}

// reprString is repr() of a str: CPython's quoting rules.
func reprString(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			if i+2 < len(s) && s[i] == 0xed && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2] >= 0x80 && s[i+2] <= 0xbf {
				// a lone surrogate stored as WTF-8
				r, n = 0xd000|rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f), 3
			} else {
				fmt.Fprintf(&b, `\x%02x`, s[i])
				i++
				continue
			}
		}
		i += n
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case isPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// isPrintable is Python's str.isprintable for one code point.
func isPrintable(r rune) bool { return pyIsPrintable(r) }

// asciiEscape is ascii(): repr with non-ASCII escaped.
func asciiEscape(s string) string {
	var b strings.Builder
	for r := range codePoints(s) {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	return b.String()
}

// bytesRepr is repr() of bytes.
func bytesRepr(data []byte) string {
	quote := byte('\'')
	if strings.IndexByte(string(data), '\'') >= 0 && strings.IndexByte(string(data), '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(quote)
	for _, c := range data {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// simpleRepr renders values whose repr needs no script code.
func simpleRepr(v Value) (string, bool) {
	switch o := v.o.(type) {
	case intMarker:
		return strconv.FormatInt(int64(v.n), 10), true
	case boolMarker:
		if v.n != 0 {
			return "True", true
		}
		return "False", true
	case noneMarker:
		return "None", true
	case floatMarker:
		return pyfmt.FloatRepr(v.AsFloat()), true
	case *bigInt:
		if o.cls == nil && o.v.BitLen() <= intSafeStrBits { // larger ones may exceed int_max_str_digits
			return bigString(o.v), true
		}
	case *StrObject:
		if o.subclass() == nil {
			return reprString(o.s), true
		}
	case *Bytes:
		if o.mutable {
			return "bytearray(" + bytesRepr(o.b) + ")", true
		}
		return bytesRepr(o.b), true
	case *Type:
		if o.Type() == TypeType || o.Type().builtin {
			return "<class '" + o.FullName() + "'>", true
		}
	case *Function:
		return fmt.Sprintf("<function %s at 0x%x>", o.qualname, objectID(v)), true
	case *Builtin:
		if o.self.o != nil {
			return fmt.Sprintf("<built-in method %s of %s object at 0x%x>", o.name, o.self.TypeName(), objectID(o.self)), true
		}
		return "<built-in function " + o.name + ">", true
	case *BuiltinMethod:
		return fmt.Sprintf("<method '%s' of '%s' objects>", o.name, o.owner.Name), true
	case *BoundMethod:
		if m, ok := o.fn.o.(*BuiltinMethod); ok {
			return fmt.Sprintf("<built-in method %s of %s object at 0x%x>", m.name, o.self.TypeName(), objectID(o.self)), true
		}
	case *Module:
		if o.file != "" {
			return fmt.Sprintf("<module '%s' from '%s'>", o.Name, o.file), true
		}
		if o.made {
			return fmt.Sprintf("<module '%s'>", o.Name), true
		}
		return fmt.Sprintf("<module '%s' (built-in)>", o.Name), true
	case *Range:
		if o.big != nil {
			return bigRangeRepr(o.big), true
		}
		if o.step == 1 {
			return fmt.Sprintf("range(%d, %d)", o.start, o.stop), true
		}
		return fmt.Sprintf("range(%d, %d, %d)", o.start, o.stop, o.step), true
	case *Generator:
		return fmt.Sprintf("<%s object %s at 0x%x>", o.Type().Name, o.QualName(), objectID(v)), true
	case *ellipsisObject:
		return "Ellipsis", true
	case *notImplementedObject:
		return "NotImplemented", true
	case *Cell:
		return fmt.Sprintf("<cell at 0x%x>", objectID(v)), true
	case *CodeObject:
		return fmt.Sprintf("<code object %s at 0x%x, file \"%s\", line %d>", o.code.Name, objectID(v), o.code.Filename, o.code.FirstLine), true
	}
	return "", false
}

func bigString(x *big.Int) string { return x.String() }

// Repr returns repr(v).
func (t *Thread) Repr(v Value) (string, error) {
	if s, ok := simpleRepr(v); ok {
		return s, nil
	}
	cls := v.Type()
	m, ok := cls.Lookup("__repr__")
	if ok && !isObjectSlot(m, "__repr__") {
		if t.vm.reprDepth > t.vm.nativeLimit() {
			return "", Errorf(RecursionError, "maximum recursion depth exceeded while getting the repr of an object")
		}
		if err := t.enterC(whileRepr); err != nil {
			return "", err
		}
		t.vm.reprDepth++
		r, err := t.callMethod(m, v, nil, nil)
		t.vm.reprDepth--
		t.leaveC()
		if err != nil {
			return "", err
		}
		s, ok := r.AsStr()
		if !ok {
			return "", Errorf(TypeError, "__repr__ returned non-string (type %s)", r.TypeName())
		}
		return s, nil
	}
	return defaultRepr(v), nil
}

func defaultRepr(v Value) string {
	cls := v.Type()
	if c, ok := v.o.(*Type); ok {
		return "<class '" + c.FullName() + "'>"
	}
	return fmt.Sprintf("<%s object at 0x%x>", cls.FullName(), objectID(v))
}

// Str returns str(v) as a Go string.
func (t *Thread) Str(v Value) (string, error) {
	switch o := v.o.(type) {
	case *StrObject:
		if o.subclass() == nil {
			return o.s, nil
		}
	case intMarker, floatMarker, boolMarker, noneMarker:
		s, _ := simpleRepr(v)
		return s, nil
	}
	cls := v.Type()
	if m, ok := cls.Lookup("__str__"); ok && !isObjectSlot(m, "__str__") {
		if err := t.enterC(whileStr); err != nil {
			return "", err
		}
		r, err := t.callMethod(m, v, nil, nil)
		t.leaveC()
		if err != nil {
			return "", err
		}
		s, ok := r.AsStr()
		if !ok {
			return "", Errorf(TypeError, "__str__ returned non-string (type %s)", r.TypeName())
		}
		return s, nil
	}
	return t.Repr(v)
}

// StrValue returns str(v) as a str Value (v itself when it is a str).
func (t *Thread) StrValue(v Value) (Value, error) {
	switch o := v.o.(type) {
	case *StrObject:
		if o.subclass() == nil {
			return v, nil
		}
	case intMarker:
		// str(i): the digits go straight into the str object
		var buf [20]byte
		return Value{o: newASCIIStr(strconv.AppendInt(buf[:0], int64(v.n), 10))}, nil
	}
	s, err := t.Str(v)
	if err != nil {
		return Value{}, err
	}
	return Str(s), nil
}

// Format returns format(v, spec) as a str Value.
func (t *Thread) Format(v Value, spec string) (Value, error) {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		if v.IsBool() && spec == "" {
			s, _ := simpleRepr(v)
			return Str(s), nil
		}
		sp, err := pyfmt.ParseSpecFor(spec, v.TypeName())
		if err != nil {
			return Value{}, fmtError(err)
		}
		s, err := pyfmt.FormatInt64(int64(v.n), sp)
		if err != nil {
			return Value{}, fmtError(err)
		}
		return Str(s), nil
	case *bigInt:
		if o.cls != nil {
			break // an int subclass: its __format__
		}
		sp, err := pyfmt.ParseSpecFor(spec, "int")
		if err != nil {
			return Value{}, fmtError(err)
		}
		if sp.Type == 0 || sp.Type == 'd' || sp.Type == 'n' {
			if err := t.checkIntStrDigits(o.v); err != nil {
				return Value{}, err
			}
		}
		s, err := pyfmt.FormatInt(o.v, sp)
		if err != nil {
			return Value{}, fmtError(err)
		}
		return Str(s), nil
	case floatMarker:
		sp, err := pyfmt.ParseSpecFor(spec, "float")
		if err != nil {
			return Value{}, fmtError(err)
		}
		s, err := pyfmt.FormatFloat(v.AsFloat(), sp)
		if err != nil {
			return Value{}, fmtError(err)
		}
		return Str(s), nil
	case *StrObject:
		if o.subclass() == nil {
			if spec == "" {
				return v, nil
			}
			sp, err := pyfmt.ParseSpecFor(spec, "str")
			if err != nil {
				return Value{}, fmtError(err)
			}
			s, err := pyfmt.FormatStr(o.s, sp)
			if err != nil {
				return Value{}, fmtError(err)
			}
			return Str(s), nil
		}
	}
	cls := v.Type()
	if m, ok := cls.Lookup("__format__"); ok && !isObjectSlot(m, "__format__") {
		r, err := t.callMethod(m, v, []Value{Str(spec)}, nil)
		if err != nil {
			return Value{}, err
		}
		if _, ok := r.AsStr(); !ok {
			return Value{}, Errorf(TypeError, "__format__ must return a str, not %s", r.TypeName())
		}
		return r, nil
	}
	if spec != "" {
		return Value{}, Errorf(TypeError, "unsupported format string passed to %s.__format__", cls.Name)
	}
	// object.__format__, which CPython calls the charged way (METH_O)
	if err := t.enterC(whileCalling); err != nil {
		return Value{}, err
	}
	r, err := t.StrValue(v)
	t.leaveC()
	return r, err
}

func fmtError(err error) error {
	if fe, ok := err.(*pyfmt.FormatError); ok {
		cls := ValueError
		if c, ok := ExceptionTypes[fe.Type]; ok {
			cls = c
		}
		return Errorf(cls, "%s", fe.Msg)
	}
	return Errorf(ValueError, "%v", err)
}
