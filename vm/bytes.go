package vm

import (
	"bytes"
	"strings"

	"github.com/pyasync/pyasync/compiler"
)

// bytesSelf returns the receiver of a bytes or bytearray method.
func bytesSelf(v Value) *Bytes {
	if s, ok := v.o.(*bytesSub); ok {
		return &s.Bytes
	}
	return v.o.(*Bytes)
}

// typeName is "bytes" or "bytearray".
func (b *Bytes) typeName() string {
	if b.mutable {
		return "bytearray"
	}
	return "bytes"
}

// like returns a new bytes or bytearray (matching b) holding data.
func (b *Bytes) like(data []byte) Value {
	return Value{o: &Bytes{b: data, mutable: b.mutable}}
}

// same returns b itself for bytes, or a copy for bytearray (methods of
// bytearray always return new objects).
func (b *Bytes) same() Value {
	if b.mutable {
		return Value{o: &Bytes{b: append([]byte(nil), b.b...), mutable: true}}
	}
	return Value{o: b}
}

// NewByteArray returns a bytearray holding b (not copied).
func NewByteArray(b []byte) Value { return Value{o: &Bytes{b: b, mutable: true}} }

// bytesLike returns the content of a bytes-like object.
func bytesLike(v Value) ([]byte, bool) {
	if b, ok := v.o.(*Bytes); ok {
		return b.b, true
	}
	if b, ok := v.o.(Buffer); ok {
		return b.BufferBytes(), true
	}
	return nil, false
}

// bytesArg requires a bytes-like argument.
func bytesArg(v Value) ([]byte, error) {
	if b, ok := bytesLike(v); ok {
		return b, nil
	}
	return nil, Errorf(TypeError, "a bytes-like object is required, not '%s'", v.TypeName())
}

// byteValue converts an int argument to a byte ("byte must be in range").
func (t *Thread) byteValue(v Value) (byte, error) {
	x, err := t.IndexValue(v)
	if err != nil {
		return 0, err
	}
	n, ok := x.AsInt64()
	if !ok || n < 0 || n > 255 {
		return 0, Errorf(ValueError, "byte must be in range(0, 256)")
	}
	return byte(n), nil
}

// subArg converts the sub argument of find/count/index...: an int or a
// bytes-like object.
func (t *Thread) subArg(v Value) ([]byte, error) {
	if b, ok := bytesLike(v); ok {
		return b, nil
	}
	if isIntValue(v) {
		c, err := t.byteValue(v)
		if err != nil {
			return nil, err
		}
		return []byte{c}, nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		c, err := t.byteValue(v)
		if err != nil {
			return nil, err
		}
		return []byte{c}, nil
	}
	return nil, Errorf(TypeError, "argument should be integer or bytes-like object, not '%s'", v.TypeName())
}

// bytesFromIterable collects an iterable of ints into bytes.
func (t *Thread) bytesFromIterable(v Value, rangeMsg string) ([]byte, error) {
	var out []byte
	err := t.ForEach(v, func(x Value) error {
		xi, err := t.IndexValue(x)
		if err != nil {
			return err
		}
		n, ok := xi.AsInt64()
		if !ok || n < 0 || n > 255 {
			return Errorf(ValueError, "%s", rangeMsg)
		}
		out = append(out, byte(n))
		return nil
	})
	return out, err
}

// bytesFromObject is PyObject_Bytes: the bytes of a bytes-like object, of
// __bytes__, or of an iterable of ints (not of str or int).
func (t *Thread) bytesFromObject(v Value) ([]byte, error) {
	if b, ok := bytesLike(v); ok {
		return b, nil
	}
	if r, ok, err := t.callSpecial(v, "__bytes__"); ok {
		if err != nil {
			return nil, err
		}
		b, ok := r.o.(*Bytes)
		if !ok || b.mutable {
			return nil, Errorf(TypeError, "__bytes__ returned non-bytes (type %s)", r.TypeName())
		}
		return b.b, nil
	}
	switch v.o.(type) {
	case *StrObject:
	default:
		if isIterable(v) {
			return t.bytesFromIterable(v, "bytes must be in range(0, 256)")
		}
	}
	return nil, Errorf(TypeError, "cannot convert '%s' object to bytes", v.TypeName())
}

func bytesNew(mutable bool) MethodFunc {
	name := "bytes"
	typ := BytesType
	if mutable {
		name, typ = "bytearray", ByteArrayType
	}
	return func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, err := newClassArg(name, args, typ)
		if err != nil {
			return Value{}, err
		}

		var src, enc, errs Value
		if err := argsKw(name, args[1:], kw, 0, []string{"source", "encoding", "errors"}, &src, &enc, &errs); err != nil {
			return Value{}, err
		}
		mk := func(b []byte) Value {
			if cls != typ {
				return Value{o: &bytesSub{Bytes: Bytes{b: b, mutable: mutable}, cls: cls}}
			}
			return Value{o: &Bytes{b: b, mutable: mutable}}
		}
		if src.o == nil {
			if enc.o != nil {
				return Value{}, Errorf(TypeError, "encoding without a string argument")
			}
			if errs.o != nil {
				return Value{}, Errorf(TypeError, "errors without a string argument")
			}
			return mk([]byte{}), nil
		}
		if s, ok := src.o.(*StrObject); ok {
			if enc.o == nil {
				return Value{}, Errorf(TypeError, "string argument without an encoding")
			}
			e, ok := enc.AsStr()
			if !ok {
				return Value{}, Errorf(TypeError, "%s() argument 'encoding' must be str, not %s", name, badArgName(enc))
			}
			er := "strict"
			if errs.o != nil {
				if er, ok = errs.AsStr(); !ok {
					return Value{}, Errorf(TypeError, "%s() argument 'errors' must be str, not %s", name, badArgName(errs))
				}
			}
			b, err := encodeString(s.s, e, er)
			if err != nil {
				return Value{}, err
			}
			return mk(b), nil
		}
		if enc.o != nil {
			return Value{}, Errorf(TypeError, "encoding without a string argument")
		}
		if errs.o != nil {
			return Value{}, Errorf(TypeError, "errors without a string argument")
		}
		if !mutable {
			if r, ok, err := t.callSpecial(src, "__bytes__"); ok {
				if err != nil {
					return Value{}, err
				}
				b, ok := r.o.(*Bytes)
				if !ok || b.mutable {
					return Value{}, Errorf(TypeError, "__bytes__ returned non-bytes (type %s)", r.TypeName())
				}
				return r, nil
			}
		}
		if b, ok := bytesLike(src); ok {
			if !mutable {
				if o, ok := src.o.(*Bytes); ok && !o.mutable && cls == typ {
					return src, nil
				}
			}
			return mk(append([]byte{}, b...)), nil
		}
		if isIntValue(src) || hasIndex(src) {
			n, err := t.IndexValue(src)
			if err != nil {
				return Value{}, err
			}
			c, ok := n.AsInt64()
			if !ok {
				return Value{}, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
			}
			if c < 0 {
				return Value{}, Errorf(ValueError, "negative count")
			}
			if c > 1<<34 {
				return Value{}, NewException(MemoryError)
			}
			return mk(make([]byte, c)), nil
		}
		if isIterable(src) {
			msg := "bytes must be in range(0, 256)"
			if mutable {
				msg = "byte must be in range(0, 256)"
			}
			b, err := t.bytesFromIterable(src, msg)
			if err != nil {
				return Value{}, err
			}
			if b == nil {
				b = []byte{}
			}
			return mk(b), nil
		}
		return Value{}, Errorf(TypeError, "cannot convert '%s' object to %s", src.TypeName(), name)
	}
}

func hasIndex(v Value) bool {
	if v.Object() == nil {
		return isIntValue(v)
	}
	_, ok := v.Type().Lookup("__index__")
	return ok
}

// bytesIterator iterates the ints of a bytes or bytearray.
type bytesIterator struct {
	b *Bytes
	i int
}

// Type implements Object.
func (it *bytesIterator) Type() *Type {
	if it.b != nil && it.b.mutable {
		return ByteArrayIteratorType
	}
	return BytesIteratorType
}

// The iterator types of bytes and bytearray.
var (
	BytesIteratorType     = newBuiltinType("bytes_iterator", ObjectType)
	ByteArrayIteratorType = newBuiltinType("bytearray_iterator", ObjectType)
)

func (it *bytesIterator) next() (Value, bool) {
	if it.b == nil || it.i >= len(it.b.b) {
		return Value{}, false
	}
	it.i++
	return Int(int64(it.b.b[it.i-1])), true
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isASCIILower(c byte) bool { return c >= 'a' && c <= 'z' }
func isASCIIUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }
func isASCIIAlpha(c byte) bool { return isASCIILower(c) || isASCIIUpper(c) }

func bytesAll(b []byte, pred func(byte) bool) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !pred(c) {
			return false
		}
	}
	return true
}

func asciiMap(b []byte, fn func(i int, c byte) byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = fn(i, c)
	}
	return out
}

func toLowerByte(c byte) byte {
	if isASCIIUpper(c) {
		return c + 32
	}
	return c
}

func toUpperByte(c byte) byte {
	if isASCIILower(c) {
		return c - 32
	}
	return c
}

// bytesFind searches sub in b[start:end] (adjusted like find).
func bytesFind(b, sub []byte, start, end int, reverse bool) int {
	if start > len(b) || end-start < len(sub) {
		return -1
	}
	var i int
	if reverse {
		i = bytes.LastIndex(b[start:end], sub)
	} else {
		i = bytes.Index(b[start:end], sub)
	}
	if i < 0 {
		return -1
	}
	return start + i
}

func bytesFindMethod(name string, reverse, raise bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsTuple(name, args, kw, 1, 3); err != nil {
			return Value{}, err
		}
		b := bytesSelf(self).b
		start, end, err := t.startEnd(args[1:], len(b))
		if err != nil {
			return Value{}, err
		}
		sub, err := t.subArg(args[0])
		if err != nil {
			return Value{}, err
		}
		i := bytesFind(b, sub, start, end, reverse)
		if i < 0 && raise {
			return Value{}, Errorf(ValueError, "subsection not found")
		}
		return Int(int64(i)), nil
	}
}

func bytesTailMatch(b, sub []byte, start, end int, suffix bool) bool {
	end -= len(sub)
	if end < start {
		return false
	}
	if suffix {
		return bytes.Equal(b[end:end+len(sub)], sub)
	}
	return bytes.Equal(b[start:start+len(sub)], sub)
}

func bytesStartsEnds(name string, suffix bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsTuple(name, args, kw, 1, 3); err != nil {
			return Value{}, err
		}
		b := bytesSelf(self).b
		start, end, err := t.startEnd(args[1:], len(b))
		if err != nil {
			return Value{}, err
		}
		if tup, ok := args[0].o.(*Tuple); ok {
			for _, x := range tup.items {
				sub, err := bytesArg(x)
				if err != nil {
					return Value{}, err
				}
				if bytesTailMatch(b, sub, start, end, suffix) {
					return True, nil
				}
			}
			return False, nil
		}
		sub, ok := bytesLike(args[0])
		if !ok {
			return Value{}, Errorf(TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name, args[0].TypeName())
		}
		return Bool(bytesTailMatch(b, sub, start, end, suffix)), nil
	}
}

func bytesSplitWhitespace(b []byte, max int, reverse bool) [][]byte {
	s := string(b)
	var parts []string
	// ASCII whitespace only: reuse the str splitter on a string where
	// non-ASCII bytes cannot be whitespace.
	if !reverse {
		parts = splitFunc(s, max, isASCIISpace, false)
	} else {
		parts = splitFunc(s, max, isASCIISpace, true)
	}
	out := make([][]byte, len(parts))
	for i, p := range parts {
		out[i] = []byte(p)
	}
	return out
}

// splitFunc splits s on runs of bytes satisfying space.
func splitFunc(s string, max int, space func(byte) bool, reverse bool) []string {
	var out []string
	if !reverse {
		i := 0
		for max != 0 {
			for i < len(s) && space(s[i]) {
				i++
			}
			if i >= len(s) {
				return out
			}
			j := i
			for j < len(s) && !space(s[j]) {
				j++
			}
			out = append(out, s[i:j])
			i = j
			if max > 0 {
				max--
			}
		}
		for i < len(s) && space(s[i]) {
			i++
		}
		if i < len(s) {
			out = append(out, s[i:])
		}
		return out
	}
	j := len(s)
	for max != 0 {
		for j > 0 && space(s[j-1]) {
			j--
		}
		if j <= 0 {
			break
		}
		i := j
		for i > 0 && !space(s[i-1]) {
			i--
		}
		out = append(out, s[i:j])
		j = i
		if max > 0 {
			max--
		}
	}
	if max == 0 {
		for j > 0 && space(s[j-1]) {
			j--
		}
		if j > 0 {
			out = append(out, s[:j])
		}
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

func bytesSplitMethod(name string, reverse bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		var sepv, maxv Value
		if err := argsKw(name, args, kw, 0, []string{"sep", "maxsplit"}, &sepv, &maxv); err != nil {
			return Value{}, err
		}
		max := -1
		if maxv.o != nil {
			n, err := t.indexArg(maxv)
			if err != nil {
				return Value{}, err
			}
			if n >= 0 {
				max = n
			}
		}
		self0 := bytesSelf(self)
		var parts [][]byte
		if sepv.o == nil || sepv.IsNone() {
			parts = bytesSplitWhitespace(self0.b, max, reverse)
		} else {
			sep, err := bytesArg(sepv)
			if err != nil {
				return Value{}, err
			}
			if len(sep) == 0 {
				return Value{}, Errorf(ValueError, "empty separator")
			}
			for _, p := range splitSep(string(self0.b), string(sep), max, reverse) {
				parts = append(parts, []byte(p))
			}
		}
		items := make([]Value, len(parts))
		for i, p := range parts {
			items[i] = self0.like(p)
		}
		return NewList(items), nil
	}
}

func bytesStripMethod(name string, left, right bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos(bytesSelf(self).typeName(), name, args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		var in func(c byte) bool
		if len(args) == 1 && !args[0].IsNone() {
			chars, err := bytesArg(args[0])
			if err != nil {
				return Value{}, err
			}
			in = func(c byte) bool { return bytes.IndexByte(chars, c) >= 0 }
		} else {
			in = isASCIISpace
		}
		i, j := 0, len(b.b)
		if left {
			for i < j && in(b.b[i]) {
				i++
			}
		}
		if right {
			for j > i && in(b.b[j-1]) {
				j--
			}
		}
		if i == 0 && j == len(b.b) {
			return b.same(), nil
		}
		return b.like(append([]byte{}, b.b[i:j]...)), nil
	}
}

func bytesPadMethod(name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		b := bytesSelf(self)
		if err := argsPos(b.typeName(), name, args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		width, err := t.indexArg(args[0])
		if err != nil {
			return Value{}, err
		}
		fill := byte(' ')
		if len(args) == 2 {
			f, ok := bytesLike(args[1])
			if !ok || len(f) != 1 {
				return Value{}, Errorf(TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name, badArgName(args[1]))
			}
			fill = f[0]
		}
		n := len(b.b)
		if width <= n {
			return b.same(), nil
		}
		if err := t.checkStrSize(1, width); err != nil {
			return Value{}, err
		}
		marg := width - n
		var left int
		switch name {
		case "ljust":
		case "rjust":
			left = marg
		default:
			left = marg/2 + (marg & width & 1)
		}
		out := bytes.Repeat([]byte{fill}, width)
		copy(out[left:], b.b)
		return b.like(out), nil
	}
}

func bytesHex(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	var sepv, bpsv Value
	if err := argsKw("hex", args, kw, 0, []string{"sep", "bytes_per_sep"}, &sepv, &bpsv); err != nil {
		return Value{}, err
	}
	b := bytesSelf(self).b
	const digits = "0123456789abcdef"
	if sepv.o == nil {
		out := make([]byte, 2*len(b))
		for i, c := range b {
			out[2*i] = digits[c>>4]
			out[2*i+1] = digits[c&15]
		}
		return Str(string(out)), nil
	}
	var sep string
	switch o := sepv.o.(type) {
	case *StrObject:
		sep = o.s
		if o.Len() != 1 {
			return Value{}, Errorf(ValueError, "sep must be length 1.")
		}
		if !o.IsASCII() {
			return Value{}, Errorf(ValueError, "sep must be ASCII.")
		}
	case *Bytes:
		if len(o.b) != 1 {
			return Value{}, Errorf(ValueError, "sep must be length 1.")
		}
		sep = string(o.b)
	default:
		if _, err := t.Len(sepv); err != nil {
			return Value{}, err
		}
		return Value{}, Errorf(TypeError, "sep must be str or bytes.")
	}
	bps := 1
	if bpsv.o != nil {
		n, err := t.indexArg(bpsv)
		if err != nil {
			return Value{}, err
		}
		bps = n
	}
	if len(b) == 0 {
		return emptyStr, nil
	}
	var sb strings.Builder
	step := bps
	if step < 0 {
		step = -step
	}
	if step == 0 {
		step = len(b)
	}
	// group boundaries count from the right for positive bytes_per_sep
	for i, c := range b {
		if i > 0 {
			var boundary bool
			if bps > 0 {
				boundary = (len(b)-i)%step == 0
			} else {
				boundary = i%step == 0
			}
			if boundary && bps != 0 {
				sb.WriteString(sep)
			}
		}
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return Str(sb.String()), nil
}

func bytesFromHex(t *Thread, cls Value, args []Value, kw []string) (Value, error) {
	c, _ := cls.o.(*Type)
	name := "bytes"
	if c == ByteArrayType {
		name = "bytearray"
	}
	if err := argsOne(name, "fromhex", args, kw); err != nil {
		return Value{}, err
	}
	s, ok := args[0].o.(*StrObject)
	if !ok {
		return Value{}, Errorf(TypeError, "fromhex() argument must be str, not %s", badArgName(args[0]))
	}
	hexv := func(r rune) int {
		switch {
		case r >= '0' && r <= '9':
			return int(r - '0')
		case r >= 'a' && r <= 'f':
			return int(r-'a') + 10
		case r >= 'A' && r <= 'F':
			return int(r-'A') + 10
		}
		return -1
	}
	rs := s.Runes()
	var out []byte
	for i := 0; i < len(rs); {
		if isSpaceRune(rs[i]) && rs[i] < 128 {
			i++
			continue
		}
		hi := hexv(rs[i])
		if hi < 0 {
			return Value{}, Errorf(ValueError, "non-hexadecimal number found in fromhex() arg at position %d", i)
		}
		if i+1 >= len(rs) || hexv(rs[i+1]) < 0 {
			return Value{}, Errorf(ValueError, "non-hexadecimal number found in fromhex() arg at position %d", i+1)
		}
		out = append(out, byte(hi<<4|hexv(rs[i+1])))
		i += 2
	}
	if out == nil {
		out = []byte{}
	}
	r := Value{o: &Bytes{b: out, mutable: c == ByteArrayType}}
	if c != nil && c != BytesType && c != ByteArrayType {
		return t.Call(cls, []Value{r}, nil)
	}
	return r, nil
}

func bytesCompareMethod(op compiler.CompareOp, name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		other, err := oneArg(args, kw, name)
		if err != nil {
			return Value{}, err
		}
		o, ok := bytesLike(other)
		if !ok {
			return NotImplemented, nil
		}
		return Bool(cmpResult(op, bytes.Compare(bytesSelf(self).b, o))), nil
	}
}

func bytesJoin(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	b := bytesSelf(self)
	if err := argsOne(b.typeName(), "join", args, kw); err != nil {
		return Value{}, err
	}
	if !isIterable(args[0]) {
		return Value{}, Errorf(TypeError, "can only join an iterable")
	}
	items, err := t.ToSlice(args[0])
	if err != nil {
		return Value{}, err
	}
	var out []byte
	for i, it := range items {
		p, ok := bytesLike(it)
		if !ok {
			return Value{}, Errorf(TypeError, "sequence item %d: expected a bytes-like object, %s found", i, it.TypeName())
		}
		if err := t.Check(); err != nil {
			return Value{}, err
		}
		if len(out)+len(b.b)+len(p) > cap(out) {
			if err := t.vm.Charge(int64(2*cap(out) + len(b.b) + len(p))); err != nil {
				return Value{}, err
			}
		}
		if i > 0 {
			out = append(out, b.b...)
		}
		out = append(out, p...)
	}
	if out == nil {
		out = []byte{}
	}
	return b.like(out), nil
}

func bytesTitle(b []byte) []byte {
	prev := false
	return asciiMap(b, func(i int, c byte) byte {
		var r byte
		if prev {
			r = toLowerByte(c)
		} else {
			r = toUpperByte(c)
		}
		prev = isASCIIAlpha(c)
		return r
	})
}

func bytesIsTitle(b []byte) bool {
	cased, prev := false, false
	for _, c := range b {
		switch {
		case isASCIIUpper(c):
			if prev {
				return false
			}
			prev, cased = true, true
		case isASCIILower(c):
			if !prev {
				return false
			}
			prev, cased = true, true
		default:
			prev = false
		}
	}
	return cased
}

func init() {
	for _, typ := range []*Type{BytesType, ByteArrayType} {
		B := typ
		tn := typ.Name
		mutable := typ == ByteArrayType
		B.NewStaticMethod("__new__", bytesNew(mutable))
		B.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			s, _ := simpleRepr(self)
			return Str(s), nil
		})
		B.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return Int(int64(len(bytesSelf(self).b))), nil
		})
		B.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			x, err := oneArg(args, kw, "__getitem__")
			if err != nil {
				return Value{}, err
			}
			return t.GetItem(Value{o: bytesSelf(self)}, x)
		})
		B.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return Value{o: &bytesIterator{b: bytesSelf(self)}}, nil
		})
		B.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			x, err := oneArg(args, kw, "__contains__")
			if err != nil {
				return Value{}, err
			}
			ok, err := t.bytesContains(bytesSelf(self), x)
			return Bool(ok), err
		})
		B.NewMethod("__add__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			x, err := oneArg(args, kw, "__add__")
			if err != nil {
				return Value{}, err
			}
			o, ok := bytesLike(x)
			if !ok {
				if reflectedIsBuiltin(x, "__radd__") {
					return Value{}, Errorf(TypeError, "can't concat %s to %s", x.TypeName(), self.TypeName())
				}
				return NotImplemented, nil
			}
			b := bytesSelf(self)
			out := make([]byte, 0, len(b.b)+len(o))
			out = append(append(out, b.b...), o...)
			return b.like(out), nil
		})
		mul := func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			x, err := repeatArg(args, kw)
			if err != nil {
				return Value{}, err
			}
			if !hasIndex(x) {
				if reflectedIsBuiltin(x, "__rmul__") {
					return Value{}, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", x.TypeName())
				}
				return NotImplemented, nil
			}
			n, err := t.Index(x)
			if err != nil {
				if e, ok := err.(*Exception); ok && e.IsInstance(IndexError) {
					return Value{}, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
				}
				return Value{}, err
			}
			b := bytesSelf(self)
			if n <= 0 {
				return b.like([]byte{}), nil
			}
			if len(b.b) > 0 && n > (1<<34)/int64(len(b.b)) {
				return Value{}, NewException(MemoryError)
			}
			if err := t.vm.ChargeItems(n, int64(len(b.b))); err != nil {
				return Value{}, err
			}
			return b.like(bytes.Repeat(b.b, int(n))), nil
		}
		B.NewMethod("__mul__", mul)
		B.NewMethod("__rmul__", mul)
		B.NewMethod("__mod__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			x, err := oneArg(args, kw, "__mod__")
			if err != nil {
				return Value{}, err
			}
			b := bytesSelf(self)
			r, err := t.bytesPercentFormat(b.b, x)
			if err != nil {
				return Value{}, err
			}
			return b.like(r), nil
		})
		B.NewMethod("__rmod__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if _, err := oneArg(args, kw, "__rmod__"); err != nil {
				return Value{}, err
			}
			return NotImplemented, nil
		})
		for op, n := range cmpNames {
			B.NewMethod(n, bytesCompareMethod(compiler.CompareOp(op), n))
		}
		B.NewMethod("__getnewargs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return NewTuple([]Value{NewBytes(append([]byte(nil), bytesSelf(self).b...))}), nil
		})
		B.NewMethod("decode", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			var enc, errs Value
			if err := argsKw("decode", args, kw, 0, []string{"encoding", "errors"}, &enc, &errs); err != nil {
				return Value{}, err
			}
			encoding, errors := "utf-8", "strict"
			if enc.o != nil {
				e, ok := enc.AsStr()
				if !ok {
					return Value{}, Errorf(TypeError, "decode() argument 'encoding' must be str, not %s", badArgName(enc))
				}
				encoding = e
			}
			if errs.o != nil {
				e, ok := errs.AsStr()
				if !ok {
					return Value{}, Errorf(TypeError, "decode() argument 'errors' must be str, not %s", badArgName(errs))
				}
				errors = e
			}
			s, err := decodeBytes(bytesSelf(self).b, encoding, errors, self)
			if err != nil {
				return Value{}, err
			}
			return Str(s), nil
		})
		B.NewMethod("hex", bytesHex)
		B.NewClassMethod("fromhex", bytesFromHex)
		B.NewMethod("count", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := argsTuple("count", args, kw, 1, 3); err != nil {
				return Value{}, err
			}
			b := bytesSelf(self).b
			start, end, err := t.startEnd(args[1:], len(b))
			if err != nil {
				return Value{}, err
			}
			sub, err := t.subArg(args[0])
			if err != nil {
				return Value{}, err
			}
			if start > len(b) || end < start {
				return Int(0), nil
			}
			if len(sub) == 0 {
				return Int(int64(end - start + 1)), nil
			}
			return Int(int64(bytes.Count(b[start:end], sub))), nil
		})
		B.NewMethod("find", bytesFindMethod("find", false, false))
		B.NewMethod("rfind", bytesFindMethod("rfind", true, false))
		B.NewMethod("index", bytesFindMethod("index", false, true))
		B.NewMethod("rindex", bytesFindMethod("rindex", true, true))
		B.NewMethod("startswith", bytesStartsEnds("startswith", false))
		B.NewMethod("endswith", bytesStartsEnds("endswith", true))
		B.NewMethod("join", bytesJoin)
		B.NewMethod("split", bytesSplitMethod("split", false))
		B.NewMethod("rsplit", bytesSplitMethod("rsplit", true))
		B.NewMethod("strip", bytesStripMethod("strip", true, true))
		B.NewMethod("lstrip", bytesStripMethod("lstrip", true, false))
		B.NewMethod("rstrip", bytesStripMethod("rstrip", false, true))
		B.NewMethod("center", bytesPadMethod("center"))
		B.NewMethod("ljust", bytesPadMethod("ljust"))
		B.NewMethod("rjust", bytesPadMethod("rjust"))
		B.NewMethod("replace", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			b := bytesSelf(self)
			if err := argsPos(b.typeName(), "replace", args, kw, 2, 3); err != nil {
				return Value{}, err
			}
			old, err := bytesArg(args[0])
			if err != nil {
				return Value{}, err
			}
			nw, err := bytesArg(args[1])
			if err != nil {
				return Value{}, err
			}
			count := -1
			if len(args) == 3 {
				if count, err = t.indexArg(args[2]); err != nil {
					return Value{}, err
				}
				if count < 0 {
					count = -1
				}
			}
			if grow := len(nw) - len(old); grow > 0 && len(old) > 0 && len(b.b) > 1<<10 {
				n := bytes.Count(b.b, old)
				if count >= 0 && count < n {
					n = count
				}
				if err := t.checkStrSize(1, len(b.b)+n*grow); err != nil {
					return Value{}, err
				}
			}
			return b.like(bytes.Replace(b.b, old, nw, count)), nil
		})
		B.NewMethod("partition", bytesPartition(tn, false))
		B.NewMethod("rpartition", bytesPartition(tn, true))
		B.NewMethod("removeprefix", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			b := bytesSelf(self)
			if err := argsOne(b.typeName(), "removeprefix", args, kw); err != nil {
				return Value{}, err
			}
			p, err := bytesArg(args[0])
			if err != nil {
				return Value{}, err
			}
			if len(p) > 0 && bytes.HasPrefix(b.b, p) {
				return b.like(append([]byte{}, b.b[len(p):]...)), nil
			}
			return b.same(), nil
		})
		B.NewMethod("removesuffix", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			b := bytesSelf(self)
			if err := argsOne(b.typeName(), "removesuffix", args, kw); err != nil {
				return Value{}, err
			}
			p, err := bytesArg(args[0])
			if err != nil {
				return Value{}, err
			}
			if len(p) > 0 && bytes.HasSuffix(b.b, p) {
				return b.like(append([]byte{}, b.b[:len(b.b)-len(p)]...)), nil
			}
			return b.same(), nil
		})
		B.NewMethod("zfill", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			b := bytesSelf(self)
			if err := argsOne(b.typeName(), "zfill", args, kw); err != nil {
				return Value{}, err
			}
			width, err := t.indexArg(args[0])
			if err != nil {
				return Value{}, err
			}
			if width <= len(b.b) {
				return b.same(), nil
			}
			fill := bytes.Repeat([]byte{'0'}, width-len(b.b))
			if len(b.b) > 0 && (b.b[0] == '+' || b.b[0] == '-') {
				return b.like(append(append([]byte{b.b[0]}, fill...), b.b[1:]...)), nil
			}
			return b.like(append(fill, b.b...)), nil
		})
		B.NewMethod("expandtabs", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			var tv Value
			if err := argsKw("expandtabs", args, kw, 0, []string{"tabsize"}, &tv); err != nil {
				return Value{}, err
			}
			tab := 8
			if tv.o != nil {
				n, err := t.indexArg(tv)
				if err != nil {
					return Value{}, err
				}
				tab = n
			}
			b := bytesSelf(self)
			var out []byte
			col := 0
			for _, c := range b.b {
				switch c {
				case '\t':
					if tab > 0 {
						incr := tab - col%tab
						col += incr
						if incr > 1<<12 {
							if err := t.checkStrSize(1, len(out)+incr); err != nil {
								return Value{}, err
							}
						}
						out = append(out, bytes.Repeat([]byte{' '}, incr)...)
					}
				case '\n', '\r':
					out = append(out, c)
					col = 0
				default:
					out = append(out, c)
					col++
				}
			}
			if out == nil {
				out = []byte{}
			}
			return b.like(out), nil
		})
		B.NewMethod("splitlines", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			var kv Value
			if err := argsKw("splitlines", args, kw, 0, []string{"keepends"}, &kv); err != nil {
				return Value{}, err
			}
			keep := false
			if kv.o != nil {
				n, err := t.IndexValue(kv)
				if err != nil {
					return Value{}, err
				}
				keep = intSign(n) != 0
			}
			b := bytesSelf(self)
			var items []Value
			s := b.b
			i := 0
			for i < len(s) {
				j := i
				for j < len(s) && s[j] != '\n' && s[j] != '\r' {
					j++
				}
				eol := j
				if j < len(s) {
					if s[j] == '\r' && j+1 < len(s) && s[j+1] == '\n' {
						j += 2
					} else {
						j++
					}
					if keep {
						eol = j
					}
				}
				items = append(items, b.like(append([]byte{}, s[i:eol]...)))
				i = j
			}
			return NewList(items), nil
		})
		B.NewMethod("translate", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			var table, del Value
			if err := argsKw("translate", args, kw, 1, []string{"table", "delete"}, &table, &del); err != nil {
				return Value{}, err
			}
			b := bytesSelf(self)
			var tbl []byte
			if !table.IsNone() {
				tb, err := bytesArg(table)
				if err != nil {
					return Value{}, err
				}
				if len(tb) != 256 {
					return Value{}, Errorf(ValueError, "translation table must be 256 characters long")
				}
				tbl = tb
			}
			var delset []byte
			if del.o != nil {
				d, err := bytesArg(del)
				if err != nil {
					return Value{}, err
				}
				delset = d
			}
			out := make([]byte, 0, len(b.b))
			for _, c := range b.b {
				if bytes.IndexByte(delset, c) >= 0 {
					continue
				}
				if tbl != nil {
					c = tbl[c]
				}
				out = append(out, c)
			}
			return b.like(out), nil
		})
		B.NewStaticMethod("maketrans", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
			if err := argsPos(tn, "maketrans", args, kw, 2, 2); err != nil {
				return Value{}, err
			}
			from, err := bytesArg(args[0])
			if err != nil {
				return Value{}, err
			}
			to, err := bytesArg(args[1])
			if err != nil {
				return Value{}, err
			}
			if len(from) != len(to) {
				return Value{}, Errorf(ValueError, "maketrans arguments must have same length")
			}
			tbl := make([]byte, 256)
			for i := range tbl {
				tbl[i] = byte(i)
			}
			for i, c := range from {
				tbl[c] = to[i]
			}
			return NewBytes(tbl), nil
		})
		caseMethods := map[string]func([]byte) []byte{
			"lower": func(b []byte) []byte { return asciiMap(b, func(_ int, c byte) byte { return toLowerByte(c) }) },
			"upper": func(b []byte) []byte { return asciiMap(b, func(_ int, c byte) byte { return toUpperByte(c) }) },
			"swapcase": func(b []byte) []byte {
				return asciiMap(b, func(_ int, c byte) byte {
					if isASCIIUpper(c) {
						return c + 32
					}
					return toUpperByte(c)
				})
			},
			"capitalize": func(b []byte) []byte {
				return asciiMap(b, func(i int, c byte) byte {
					if i == 0 {
						return toUpperByte(c)
					}
					return toLowerByte(c)
				})
			},
			"title": bytesTitle,
		}
		for name, fn := range caseMethods {
			name, fn := name, fn
			B.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				b := bytesSelf(self)
				if err := argsNone(b.typeName(), name, args, kw); err != nil {
					return Value{}, err
				}
				return b.like(fn(b.b)), nil
			})
		}
		preds := map[string]func([]byte) bool{
			"isalnum": func(b []byte) bool {
				return bytesAll(b, func(c byte) bool { return isASCIIAlpha(c) || isASCIIDigit(c) })
			},
			"isalpha": func(b []byte) bool { return bytesAll(b, isASCIIAlpha) },
			"isdigit": func(b []byte) bool { return bytesAll(b, isASCIIDigit) },
			"isspace": func(b []byte) bool { return bytesAll(b, isASCIISpace) },
			"isascii": func(b []byte) bool {
				for _, c := range b {
					if c >= 0x80 {
						return false
					}
				}
				return true
			},
			"islower": func(b []byte) bool {
				cased := false
				for _, c := range b {
					if isASCIIUpper(c) {
						return false
					}
					cased = cased || isASCIILower(c)
				}
				return cased
			},
			"isupper": func(b []byte) bool {
				cased := false
				for _, c := range b {
					if isASCIILower(c) {
						return false
					}
					cased = cased || isASCIIUpper(c)
				}
				return cased
			},
			"istitle": bytesIsTitle,
		}
		for name, fn := range preds {
			name, fn := name, fn
			B.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				b := bytesSelf(self)
				if err := argsNone(b.typeName(), name, args, kw); err != nil {
					return Value{}, err
				}
				return Bool(fn(b.b)), nil
			})
		}
	}
	BytesType.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(strHash(string(bytesSelf(self).b))), nil
	})
	checkArity(BytesType, aritySlot0, "__hash__")
	for _, typ := range []*Type{BytesType, ByteArrayType} {
		checkArity(typ, aritySlot0, "__repr__", "__len__", "__iter__")
		checkArity(typ, arityMethod0, "__getnewargs__")
	}
	ByteArrayType.Dict.SetStr("__hash__", None)
	bytearrayMethods()

	for _, typ := range []*Type{BytesIteratorType, ByteArrayIteratorType} {
		typ.final = true
		typ.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return self, nil })
		typ.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			v, ok := self.o.(*bytesIterator).next()
			if !ok {
				return Value{}, NewException(StopIteration)
			}
			return v, nil
		})
		typ.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			it := self.o.(*bytesIterator)
			if it.b == nil || it.i >= len(it.b.b) {
				return Int(0), nil
			}
			return Int(int64(len(it.b.b) - it.i)), nil
		})
	}
}

func bytesPartition(tn string, reverse bool) MethodFunc {
	name := "partition"
	if reverse {
		name = "rpartition"
	}
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		b := bytesSelf(self)
		if err := argsOne(tn, name, args, kw); err != nil {
			return Value{}, err
		}
		sep, err := bytesArg(args[0])
		if err != nil {
			return Value{}, err
		}
		if len(sep) == 0 {
			return Value{}, Errorf(ValueError, "empty separator")
		}
		var i int
		if reverse {
			i = bytes.LastIndex(b.b, sep)
		} else {
			i = bytes.Index(b.b, sep)
		}
		empty := func() Value { return b.like([]byte{}) }
		if i < 0 {
			if reverse {
				return NewTuple([]Value{empty(), empty(), b.same()}), nil
			}
			return NewTuple([]Value{b.same(), empty(), empty()}), nil
		}
		return NewTuple([]Value{
			b.like(append([]byte{}, b.b[:i]...)),
			b.like(append([]byte{}, sep...)),
			b.like(append([]byte{}, b.b[i+len(sep):]...)),
		}), nil
	}
}

// bytesContains is "x in b" for bytes and bytearray.
func (t *Thread) bytesContains(b *Bytes, x Value) (bool, error) {
	if o, ok := bytesLike(x); ok {
		return bytes.Contains(b.b, o), nil
	}
	if !hasIndex(x) {
		return false, Errorf(TypeError, "a bytes-like object is required, not '%s'", x.TypeName())
	}
	c, err := t.byteValue(x)
	if err != nil {
		return false, err
	}
	return bytes.IndexByte(b.b, c) >= 0, nil
}

func bytearrayMethods() {
	A := ByteArrayType
	A.NewMethod("append", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("bytearray", "append", args, kw); err != nil {
			return Value{}, err
		}
		c, err := t.byteValue(args[0])
		if err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		b.b = append(b.b, c)
		return None, nil
	})
	A.NewMethod("extend", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("bytearray", "extend", args, kw); err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		if o, ok := bytesLike(args[0]); ok {
			if err := b.checkResize(); err != nil {
				return Value{}, err
			}
			b.b = append(b.b, o...)
			return None, nil
		}
		if _, ok := args[0].o.(*StrObject); ok {
			return Value{}, Errorf(TypeError, "expected iterable of integers; got: 'str'")
		}
		if !isIterable(args[0]) {
			return Value{}, Errorf(TypeError, "can't extend bytearray with %s", args[0].TypeName())
		}
		data, err := t.bytesFromIterable(args[0], "byte must be in range(0, 256)")
		if err != nil {
			return Value{}, err
		}
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		b.b = append(b.b, data...)
		return None, nil
	})
	A.NewMethod("pop", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("bytearray", "pop", args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		i := -1
		if len(args) == 1 {
			n, err := t.indexArg(args[0])
			if err != nil {
				return Value{}, err
			}
			i = n
		}
		if len(b.b) == 0 {
			return Value{}, Errorf(IndexError, "pop from empty bytearray")
		}
		if i < 0 {
			i += len(b.b)
		}
		if i < 0 || i >= len(b.b) {
			return Value{}, Errorf(IndexError, "pop index out of range")
		}
		c := b.b[i]
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		b.b = append(b.b[:i], b.b[i+1:]...)
		return Int(int64(c)), nil
	})
	A.NewMethod("insert", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("bytearray", "insert", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		i, err := t.indexArg(args[0])
		if err != nil {
			return Value{}, err
		}
		c, err := t.byteValue(args[1])
		if err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		n := len(b.b)
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		}
		if i > n {
			i = n
		}
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		b.b = append(b.b, 0)
		copy(b.b[i+1:], b.b[i:])
		b.b[i] = c
		return None, nil
	})
	A.NewMethod("remove", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("bytearray", "remove", args, kw); err != nil {
			return Value{}, err
		}
		c, err := t.byteValue(args[0])
		if err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		i := bytes.IndexByte(b.b, c)
		if i < 0 {
			return Value{}, Errorf(ValueError, "value not found in bytearray")
		}
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		b.b = append(b.b[:i], b.b[i+1:]...)
		return None, nil
	})
	A.NewMethod("clear", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("bytearray", "clear", args, kw); err != nil {
			return Value{}, err
		}
		if err := bytesSelf(self).checkResize(); err != nil {
			return Value{}, err
		}
		bytesSelf(self).b = []byte{}
		return None, nil
	})
	A.NewMethod("reverse", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("bytearray", "reverse", args, kw); err != nil {
			return Value{}, err
		}
		b := bytesSelf(self).b
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return None, nil
	})
	A.NewMethod("copy", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("bytearray", "copy", args, kw); err != nil {
			return Value{}, err
		}
		return NewByteArray(append([]byte{}, bytesSelf(self).b...)), nil
	})
	A.NewMethod("__iadd__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := oneArg(args, kw, "__iadd__")
		if err != nil {
			return Value{}, err
		}
		o, ok := bytesLike(x)
		if !ok {
			return Value{}, Errorf(TypeError, "can't concat %s to bytearray", x.TypeName())
		}
		b := bytesSelf(self)
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		b.b = append(b.b, o...)
		return self, nil
	})
	A.NewMethod("__imul__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := oneArg(args, kw, "__imul__")
		if err != nil {
			return Value{}, err
		}
		if !hasIndex(x) {
			return NotImplemented, nil
		}
		n, err := t.indexArg(x)
		if err != nil {
			return Value{}, err
		}
		b := bytesSelf(self)
		if err := b.checkResize(); err != nil {
			return Value{}, err
		}
		if n <= 0 {
			b.b = []byte{}
		} else {
			if len(b.b) > 0 && n > (1<<34)/len(b.b) {
				return Value{}, NewException(MemoryError)
			}
			if err := t.vm.ChargeItems(int64(n), int64(len(b.b))); err != nil {
				return Value{}, err
			}
			b.b = bytes.Repeat(b.b, n)
		}
		return self, nil
	})
	A.NewMethod("__setitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("bytearray", "__setitem__", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		return None, t.bytearraySetItem(bytesSelf(self), args[0], args[1])
	})
	A.NewMethod("__delitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("bytearray", "__delitem__", args, kw); err != nil {
			return Value{}, err
		}
		return None, t.bytearrayDelItem(bytesSelf(self), args[0])
	})
}

// bytearraySetItem implements b[key] = v for bytearrays (ints and slices).
func (t *Thread) bytearraySetItem(b *Bytes, key, v Value) error {
	s, ok := key.o.(*Slice)
	if !ok {
		i, err := t.seqIndex(key, len(b.b), "bytearray")
		if err != nil {
			return err
		}
		if i < 0 {
			return Errorf(IndexError, "bytearray index out of range")
		}
		c, err := t.byteValue(v)
		if err != nil {
			return err
		}
		b.b[i] = c
		return nil
	}
	var data []byte
	if o, ok := bytesLike(v); ok {
		data = append([]byte(nil), o...)
	} else if isIntValue(v) {
		return Errorf(TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)")
	} else {
		if _, ok := v.o.(*StrObject); ok {
			return Errorf(TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)")
		}
		var err error
		data, err = t.bytesFromIterable(v, "byte must be in range(0, 256)")
		if err != nil {
			return err
		}
	}
	start, stop, step, count, err := t.SliceIndices(s, len(b.b))
	if err != nil {
		return err
	}
	if step == 1 {
		if stop < start {
			stop = start
		}
		tail := append([]byte(nil), b.b[stop:]...)
		if err := b.checkResize(); err != nil {
			return err
		}
		b.b = append(append(b.b[:start], data...), tail...)
		return nil
	}
	if len(data) != count {
		return Errorf(ValueError, "attempt to assign bytes of size %d to extended slice of size %d", len(data), count)
	}
	for i, j := 0, start; i < count; i, j = i+1, j+step {
		b.b[j] = data[i]
	}
	return nil
}

// bytearrayDelItem implements del b[key] for bytearrays.
func (t *Thread) bytearrayDelItem(b *Bytes, key Value) error {
	s, ok := key.o.(*Slice)
	if !ok {
		i, err := t.seqIndex(key, len(b.b), "bytearray")
		if err != nil {
			return err
		}
		if i < 0 {
			return Errorf(IndexError, "bytearray index out of range")
		}
		if err := b.checkResize(); err != nil {
			return err
		}
		b.b = append(b.b[:i], b.b[i+1:]...)
		return nil
	}
	start, _, step, count, err := t.SliceIndices(s, len(b.b))
	if err != nil {
		return err
	}
	if count == 0 {
		return nil
	}
	if step < 0 {
		start = start + (count-1)*step
		step = -step
	}
	keep := b.b[:0:0]
	for i, c := range b.b {
		if i >= start && (i-start)%step == 0 && (i-start)/step < count {
			continue
		}
		keep = append(keep, c)
	}
	if err := b.checkResize(); err != nil {
		return err
	}
	b.b = keep
	return nil
}
