package vm

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/pyasync/pyasync/compiler"
)

// strSelf returns the receiver of a str method.
func strSelf(v Value) *StrObject { return v.o.(*StrObject) }

// newStrOfClass makes a str (or an instance of str subclass cls).
func newStrOfClass(cls *Type, s string) Value {
	if cls == nil || cls == StrType {
		return strValue(s)
	}
	return Value{o: &StrObject{s: s, ext: &strExt{cls: cls}}}
}

// plainStr returns a str value with the content of v (a str or an instance
// of a str subclass).
func plainStr(v Value) Value {
	if o := v.o.(*StrObject); o.subclass() != nil {
		return strValue(o.s)
	}
	return v
}

// byteOffset returns the byte offset of code point i (0 <= i <= Len()).
func (s *StrObject) byteOffset(i int) int {
	if s.IsASCII() {
		return i
	}
	if i >= s.Len() {
		return len(s.s)
	}
	off := 0
	for ; i > 0; i-- {
		_, n := decodeRune(s.s[off:])
		off += n
	}
	return off
}

// span returns the Go substring for code points [start, end) (already
// adjusted: 0 <= start, end <= Len()).
func (s *StrObject) span(start, end int) string {
	if start >= end {
		return ""
	}
	if s.IsASCII() {
		return s.s[start:end]
	}
	b := s.byteOffset(start)
	e := b
	for i := start; i < end; i++ {
		_, n := decodeRune(s.s[e:])
		e += n
	}
	return s.s[b:e]
}

// runeCount returns the number of code points of s.
func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return runeCountWTF8(s)
		}
	}
	return len(s)
}

// strArg checks that v is a str ("must be str, not int").
func strArg(v Value) (*StrObject, error) {
	if s, ok := v.o.(*StrObject); ok {
		return s, nil
	}
	return nil, Errorf(TypeError, "must be str, not %s", v.TypeName())
}

// strFind implements find/rfind/index/rindex's search: the code-point index
// of sub in s[start:end], or -1.
func strFind(s *StrObject, sub string, start, end int, reverse bool) int {
	n := s.Len()
	if start > n || end-start < runeCount(sub) {
		return -1
	}
	hay := s.span(start, end)
	var i int
	if reverse {
		i = strings.LastIndex(hay, sub)
	} else {
		i = strings.Index(hay, sub)
	}
	if i < 0 {
		return -1
	}
	return start + runeCount(hay[:i])
}

func strFindMethod(name string, reverse, raise bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsTuple(name, args, kw, 1, 3); err != nil {
			return Value{}, err
		}
		s := strSelf(self)
		start, end, err := t.startEnd(args[1:], s.Len())
		if err != nil {
			return Value{}, err
		}
		sub, err := strArg(args[0])
		if err != nil {
			return Value{}, err
		}
		i := strFind(s, sub.s, start, end, reverse)
		if i < 0 && raise {
			return Value{}, Errorf(ValueError, "substring not found")
		}
		return Int(int64(i)), nil
	}
}

func strCount(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if err := argsTuple("count", args, kw, 1, 3); err != nil {
		return Value{}, err
	}
	s := strSelf(self)
	n := s.Len()
	start, end, err := t.startEnd(args[1:], n)
	if err != nil {
		return Value{}, err
	}
	sub, err := strArg(args[0])
	if err != nil {
		return Value{}, err
	}
	if start > n || end < start {
		return Int(0), nil
	}
	hay := s.span(start, end)
	if sub.s == "" {
		return Int(int64(end - start + 1)), nil
	}
	return Int(int64(strings.Count(hay, sub.s))), nil
}

// strTailMatch is CPython's tailmatch for startswith and endswith (suffix).
func strTailMatch(s *StrObject, sub *StrObject, start, end int, suffix bool) bool {
	sublen := sub.Len()
	end -= sublen
	if end < start {
		return false
	}
	if sublen == 0 {
		return true
	}
	if suffix {
		return s.span(end, end+sublen) == sub.s
	}
	return s.span(start, start+sublen) == sub.s
}

func strStartsEnds(name string, suffix bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsTuple(name, args, kw, 1, 3); err != nil {
			return Value{}, err
		}
		s := strSelf(self)
		start, end, err := t.startEnd(args[1:], s.Len())
		if err != nil {
			return Value{}, err
		}
		switch o := args[0].o.(type) {
		case *StrObject:
			return Bool(strTailMatch(s, o, start, end, suffix)), nil
		case *Tuple:
			for _, x := range o.items {
				sub, ok := x.o.(*StrObject)
				if !ok {
					return Value{}, Errorf(TypeError, "tuple for %s must only contain str, not %s", name, x.TypeName())
				}
				if strTailMatch(s, sub, start, end, suffix) {
					return True, nil
				}
			}
			return False, nil
		}
		return Value{}, Errorf(TypeError, "%s first arg must be str or a tuple of str, not %s", name, args[0].TypeName())
	}
}

// strMapRunes builds a new string by calling fn on each code point.
func strMapRunes(s string, fn func(b *strings.Builder, rs []rune, i int)) string {
	rs := decodeWTF8(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := range rs {
		fn(&b, rs, i)
	}
	return b.String()
}

func strLower(s *StrObject) string {
	if s.IsASCII() {
		for i := 0; i < len(s.s); i++ {
			if c := s.s[i]; c >= 'A' && c <= 'Z' {
				return strings.ToLower(s.s)
			}
		}
		return s.s
	}
	return strMapRunes(s.s, func(b *strings.Builder, rs []rune, i int) { writeLowerAt(b, rs, i) })
}

func strUpper(s *StrObject) string {
	if s.IsASCII() {
		for i := 0; i < len(s.s); i++ {
			if c := s.s[i]; c >= 'a' && c <= 'z' {
				return strings.ToUpper(s.s)
			}
		}
		return s.s
	}
	return strMapRunes(s.s, func(b *strings.Builder, rs []rune, i int) { writeUpper(b, rs[i]) })
}

func strCasefold(s *StrObject) string {
	if s.IsASCII() {
		return strLower(s)
	}
	return strMapRunes(s.s, func(b *strings.Builder, rs []rune, i int) { writeFold(b, rs[i]) })
}

func strSwapcase(s *StrObject) string {
	return strMapRunes(s.s, func(b *strings.Builder, rs []rune, i int) {
		p := runeProps(rs[i])
		switch {
		case p&ucUpper != 0:
			writeLowerAt(b, rs, i)
		case p&ucLower != 0:
			writeUpper(b, rs[i])
		default:
			writeRune(b, rs[i])
		}
	})
}

func strTitle(s *StrObject) string {
	prevCased := false
	return strMapRunes(s.s, func(b *strings.Builder, rs []rune, i int) {
		if prevCased {
			writeLowerAt(b, rs, i)
		} else {
			writeTitle(b, rs[i])
		}
		prevCased = runeHas(rs[i], ucCased)
	})
}

func strCapitalize(s *StrObject) string {
	return strMapRunes(s.s, func(b *strings.Builder, rs []rune, i int) {
		if i == 0 {
			writeTitle(b, rs[i])
		} else {
			writeLowerAt(b, rs, i)
		}
	})
}

// strAll reports whether s is non-empty and every code point has flag.
func strAll(s string, flag uint16) bool {
	if s == "" {
		return false
	}
	for r := range codePoints(s) {
		if runeProps(r)&flag == 0 {
			return false
		}
	}
	return true
}

func strIsLower(s string) bool {
	cased := false
	for r := range codePoints(s) {
		p := runeProps(r)
		if p&(ucUpper|ucTitle) != 0 {
			return false
		}
		if p&ucLower != 0 {
			cased = true
		}
	}
	return cased
}

func strIsUpper(s string) bool {
	cased := false
	for r := range codePoints(s) {
		p := runeProps(r)
		if p&(ucLower|ucTitle) != 0 {
			return false
		}
		if p&ucUpper != 0 {
			cased = true
		}
	}
	return cased
}

func strIsTitle(s string) bool {
	cased, prev := false, false
	for r := range codePoints(s) {
		p := runeProps(r)
		switch {
		case p&(ucUpper|ucTitle) != 0:
			if prev {
				return false
			}
			prev, cased = true, true
		case p&ucLower != 0:
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

func strIsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	first := true
	for r := range codePoints(s) {
		p := runeProps(r)
		if first {
			first = false
			if p&ucXidStart == 0 && r != '_' {
				return false
			}
		} else if p&ucXidContinue == 0 {
			return false
		}
	}
	return true
}

// fillArg parses the fillchar argument of center/ljust/rjust.
func fillArg(args []Value, name string) (string, error) {
	if len(args) < 2 {
		return " ", nil
	}
	f, ok := args[1].o.(*StrObject)
	if !ok {
		return "", Errorf(TypeError, "The fill character must be a unicode character, not %s", args[1].TypeName())
	}
	if f.Len() != 1 {
		return "", Errorf(TypeError, "The fill character must be exactly one character long")
	}
	return f.s, nil
}

func strPadMethod(name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("str", name, args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		width, err := t.indexArg(args[0])
		if err != nil {
			return Value{}, err
		}
		fill, err := fillArg(args, name)
		if err != nil {
			return Value{}, err
		}
		s := strSelf(self)
		n := s.Len()
		if width <= n {
			return plainStr(self), nil
		}
		marg := width - n
		var left int
		switch name {
		case "ljust":
			left = 0
		case "rjust":
			left = marg
		default:
			left = marg/2 + (marg & width & 1)
		}
		if err := t.checkStrSize(len(fill), marg); err != nil {
			return Value{}, err
		}
		return Str(strings.Repeat(fill, left) + s.s + strings.Repeat(fill, marg-left)), nil
	}
}

// checkStrSize charges a result of count units of unit bytes before it
// is built (MemoryError, or the MaxMemory abort, instead of allocating).
func (t *Thread) checkStrSize(unit, count int) error {
	if t == nil {
		if count > 0 && unit > 0 && (count > (1<<34)/unit) {
			return NewException(MemoryError)
		}
		return nil
	}
	return t.vm.ChargeItems(int64(count), int64(unit))
}

func strZfill(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if err := argsOne("str", "zfill", args, kw); err != nil {
		return Value{}, err
	}
	width, err := t.indexArg(args[0])
	if err != nil {
		return Value{}, err
	}
	s := strSelf(self)
	n := s.Len()
	if width <= n {
		return plainStr(self), nil
	}
	if err := t.checkStrSize(1, width); err != nil {
		return Value{}, err
	}
	fill := strings.Repeat("0", width-n)
	if len(s.s) > 0 && (s.s[0] == '+' || s.s[0] == '-') {
		return Str(s.s[:1] + fill + s.s[1:]), nil
	}
	return Str(fill + s.s), nil
}

func strExpandTabs(t *Thread, self Value, args []Value, kw []string) (Value, error) {
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
	s := strSelf(self)
	if !strings.Contains(s.s, "\t") {
		return plainStr(self), nil
	}
	var b strings.Builder
	col := 0
	for r := range codePoints(s.s) {
		switch r {
		case '\t':
			if tab > 0 {
				incr := tab - col%tab
				col += incr
				if incr > 1<<12 {
					if err := t.checkStrSize(1, b.Len()+incr); err != nil {
						return Value{}, err
					}
				}
				b.WriteString(strings.Repeat(" ", incr))
			}
		case '\n', '\r':
			writeRune(&b, r)
			col = 0
		default:
			writeRune(&b, r)
			col++
		}
	}
	return Str(b.String()), nil
}

// stripString strips code points of chars (Python whitespace when chars is
// nil) from the ends selected by left and right.
func stripString(s string, chars *string, left, right bool) string {
	in := func(r rune) bool {
		if chars == nil {
			return isSpaceRune(r)
		}
		return strings.ContainsRune(*chars, r)
	}
	if left {
		s = strings.TrimLeftFunc(s, in)
	}
	if right {
		s = strings.TrimRightFunc(s, in)
	}
	return s
}

func strStripMethod(name string, left, right bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("str", name, args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		var chars *string
		if len(args) == 1 && !args[0].IsNone() {
			c, ok := args[0].o.(*StrObject)
			if !ok {
				return Value{}, Errorf(TypeError, "%s arg must be None or str", name)
			}
			chars = &c.s
		}
		s := strSelf(self)
		r := stripString(s.s, chars, left, right)
		if len(r) == len(s.s) {
			return plainStr(self), nil
		}
		return strValue(r), nil
	}
}

// isASCIIPySpace is str.isspace for an ASCII character.
func isASCIIPySpace(c byte) bool { return c < 128 && asciiProps[c]&ucSpace != 0 }

// splitWhitespace splits on runs of Python whitespace (max splits; -1 for
// no limit), from the right when reverse.
func splitWhitespace(s string, max int, reverse bool) []string {
	var out []string
	if !reverse {
		i := 0
		for max != 0 {
			for i < len(s) {
				r, n := decodeRune(s[i:])
				if !isSpaceRune(r) {
					break
				}
				i += n
			}
			if i >= len(s) {
				return out
			}
			j := i
			for j < len(s) {
				r, n := decodeRune(s[j:])
				if isSpaceRune(r) {
					break
				}
				j += n
			}
			out = append(out, s[i:j])
			i = j
			if max > 0 {
				max--
			}
		}
		for i < len(s) {
			r, n := decodeRune(s[i:])
			if !isSpaceRune(r) {
				break
			}
			i += n
		}
		if i < len(s) {
			out = append(out, s[i:])
		}
		return out
	}
	j := len(s)
	for max != 0 {
		for j > 0 {
			r, n := decodeLastRune(s[:j])
			if !isSpaceRune(r) {
				break
			}
			j -= n
		}
		if j <= 0 {
			break
		}
		i := j
		for i > 0 {
			r, n := decodeLastRune(s[:i])
			if isSpaceRune(r) {
				break
			}
			i -= n
		}
		out = append(out, s[i:j])
		j = i
		if max > 0 {
			max--
		}
	}
	if max == 0 {
		for j > 0 {
			r, n := decodeLastRune(s[:j])
			if !isSpaceRune(r) {
				break
			}
			j -= n
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

// splitSep splits on sep (non-empty), at most max times (-1: no limit).
func splitSep(s, sep string, max int, reverse bool) []string {
	if max < 0 {
		return strings.Split(s, sep)
	}
	if !reverse {
		return strings.SplitN(s, sep, max+1)
	}
	var out []string
	for max > 0 {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		out = append(out, s[i+len(sep):])
		s = s[:i]
		max--
	}
	out = append(out, s)
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

func strSplitMethod(name string, reverse bool) MethodFunc {
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
			max = n
			if max < 0 {
				max = -1
			}
		}
		s := strSelf(self)
		var parts []string
		if sepv.o == nil || sepv.IsNone() {
			if s.IsASCII() {
				parts = splitFunc(s.s, max, isASCIIPySpace, reverse)
			} else {
				parts = splitWhitespace(s.s, max, reverse)
			}
		} else {
			sep, ok := sepv.o.(*StrObject)
			if !ok {
				return Value{}, Errorf(TypeError, "must be str or None, not %s", sepv.TypeName())
			}
			if sep.s == "" {
				return Value{}, Errorf(ValueError, "empty separator")
			}
			if max == 0 {
				parts = []string{s.s}
			} else {
				parts = splitSep(s.s, sep.s, max, reverse)
			}
		}
		return NewList(strValues(parts, s.IsASCII())), nil
	}
}

// strValues makes str values for parts, allocating their objects together.
func strValues(parts []string, ascii bool) []Value {
	items := make([]Value, len(parts))
	slab := make([]StrObject, len(parts))
	for i, p := range parts {
		if len(p) <= 1 {
			items[i] = strValue(p)
			continue
		}
		o := &slab[i]
		o.s = p
		if ascii && len(p) <= math.MaxInt32 {
			o.ascii, o.nchars = 1, int32(len(p))
		}
		items[i] = Value{o: o}
	}
	return items
}

// isLineBreak reports the line boundaries of str.splitlines.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

func strSplitlines(t *Thread, self Value, args []Value, kw []string) (Value, error) {
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
	s := strSelf(self).s
	var items []Value
	i := 0
	for i < len(s) {
		j := i
		var eol int
		for {
			if j >= len(s) {
				eol = j
				break
			}
			r, n := decodeRune(s[j:])
			if isLineBreak(r) {
				eol = j
				j += n
				if r == '\r' && j < len(s) && s[j] == '\n' {
					j++
				}
				break
			}
			j += n
		}
		if keep {
			eol = j
		}
		items = append(items, strValue(s[i:eol]))
		i = j
	}
	return NewList(items), nil
}

func strPartitionMethod(name string, reverse bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("str", name, args, kw); err != nil {
			return Value{}, err
		}
		sep, err := strArg(args[0])
		if err != nil {
			return Value{}, err
		}
		if sep.s == "" {
			return Value{}, Errorf(ValueError, "empty separator")
		}
		s := strSelf(self)
		var i int
		if reverse {
			i = strings.LastIndex(s.s, sep.s)
		} else {
			i = strings.Index(s.s, sep.s)
		}
		if i < 0 {
			if reverse {
				return NewTuple([]Value{emptyStr, emptyStr, plainStr(self)}), nil
			}
			return NewTuple([]Value{plainStr(self), emptyStr, emptyStr}), nil
		}
		return NewTuple([]Value{strValue(s.s[:i]), plainStr(args[0]), strValue(s.s[i+len(sep.s):])}), nil
	}
}

func strReplace(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if err := argsPos("str", "replace", args, kw, 2, 3); err != nil {
		return Value{}, err
	}
	old, ok := args[0].o.(*StrObject)
	if !ok {
		return Value{}, Errorf(TypeError, "replace() argument 1 must be str, not %s", badArgName(args[0]))
	}
	nw, ok := args[1].o.(*StrObject)
	if !ok {
		return Value{}, Errorf(TypeError, "replace() argument 2 must be str, not %s", badArgName(args[1]))
	}
	count := -1
	if len(args) == 3 {
		n, err := t.indexArg(args[2])
		if err != nil {
			return Value{}, err
		}
		count = n
		if count < 0 {
			count = -1
		}
	}
	s := strSelf(self)
	if count == 0 || (old.s != "" && !strings.Contains(s.s, old.s)) {
		return plainStr(self), nil
	}
	if old.s == "" {
		n := s.Len() + 1
		if count > 0 && count < n {
			n = count
		}
		if err := t.checkStrSize(len(nw.s), n); err != nil {
			return Value{}, err
		}
		if !s.IsASCII() {
			// insert between code points (Go's Replace splits at UTF-8
			// sequences, which differs for WTF-8 surrogates)
			var b strings.Builder
			k := 0
			for r := range codePoints(s.s) {
				if count < 0 || k < count {
					b.WriteString(nw.s)
					k++
				}
				writeRune(&b, r)
			}
			if count < 0 || k < count {
				b.WriteString(nw.s)
			}
			return Str(b.String()), nil
		}
	}
	if grow := len(nw.s) - len(old.s); grow > 0 && old.s != "" && len(s.s) > 1<<10 {
		n := strings.Count(s.s, old.s)
		if count >= 0 && count < n {
			n = count
		}
		if err := t.checkStrSize(1, len(s.s)+n*grow); err != nil {
			return Value{}, err
		}
	}
	return Str(strings.Replace(s.s, old.s, nw.s, count)), nil
}

func strJoin(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if err := argsOne("str", "join", args, kw); err != nil {
		return Value{}, err
	}
	var items []Value
	switch o := args[0].o.(type) {
	case *List:
		if o.kind == listStrs {
			return t.joinStrs(strSelf(self).s, o.strs.s)
		}
		items = o.Items()
	case *Tuple:
		items = o.items
	default:
		if !isIterable(args[0]) {
			return Value{}, Errorf(TypeError, "can only join an iterable")
		}
		var err error
		items, err = t.ToSlice(args[0])
		if err != nil {
			return Value{}, err
		}
	}
	sep := strSelf(self).s
	switch len(items) {
	case 0:
		return emptyStr, nil
	case 1:
		if s, ok := items[0].o.(*StrObject); ok && s.subclass() == nil {
			return items[0], nil
		}
	}
	for i, it := range items {
		if _, ok := it.o.(*StrObject); !ok {
			return Value{}, Errorf(TypeError, "sequence item %d: expected str instance, %s found", i, it.TypeName())
		}
	}
	return t.joinParts(sep, strSelf(self).ascii == 1, len(items), func(i int) *StrObject { return items[i].o.(*StrObject) })
}

func strTranslate(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if err := argsOne("str", "translate", args, kw); err != nil {
		return Value{}, err
	}
	table := args[0]
	s := strSelf(self)
	var b strings.Builder
	// cache lookups per code point
	cache := map[rune]Value{}
	for r := range codePoints(s.s) {
		m, ok := cache[r]
		if !ok {
			v, err := t.GetItem(table, Int(int64(r)))
			if err != nil {
				if e, ok := err.(*Exception); ok && e.IsInstance(LookupError) {
					v = Value{}
				} else {
					return Value{}, err
				}
			}
			m = v
			cache[r] = m
		}
		switch o := m.o.(type) {
		case nil:
			writeRune(&b, r)
		case noneMarker:
		case *StrObject:
			b.WriteString(o.s)
		default:
			if !isIntValue(m) {
				return Value{}, Errorf(TypeError, "character mapping must return integer, None or str")
			}
			n, ok := m.AsInt64()
			if !ok || n < 0 || n > utf8.MaxRune {
				return Value{}, Errorf(ValueError, "character mapping must be in range(0x110000)")
			}
			writeRune(&b, rune(n))
		}
	}
	return Str(b.String()), nil
}

func strMaketrans(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
	if err := argsPos("str", "maketrans", args, kw, 1, 3); err != nil {
		return Value{}, err
	}
	d := NewDict()
	if len(args) == 1 {
		src, ok := args[0].o.(*Dict)
		if !ok {
			return Value{}, Errorf(TypeError, "if you give only one argument to maketrans it must be a dict")
		}
		var err error
		src.Items(func(k, v Value) bool {
			switch o := k.o.(type) {
			case *StrObject:
				if o.Len() != 1 {
					err = Errorf(ValueError, "string keys in translate table must be of length 1")
					return false
				}
				r, _ := decodeRune(o.s)
				err = d.Set(t, Int(int64(r)), v)
			default:
				if !isIntValue(k) {
					err = Errorf(TypeError, "keys in translate table must be strings or integers")
					return false
				}
				err = d.Set(t, plainInt(k), v)
			}
			return err == nil
		})
		if err != nil {
			return Value{}, err
		}
		return Value{o: d}, nil
	}
	x, ok := args[0].o.(*StrObject)
	if !ok {
		return Value{}, Errorf(TypeError, "first maketrans argument must be a string if there is a second argument")
	}
	y, ok := args[1].o.(*StrObject)
	if !ok {
		return Value{}, Errorf(TypeError, "maketrans() argument 2 must be str, not %s", badArgName(args[1]))
	}
	var z *StrObject
	if len(args) == 3 {
		z, ok = args[2].o.(*StrObject)
		if !ok {
			return Value{}, Errorf(TypeError, "maketrans() argument 3 must be str, not %s", badArgName(args[2]))
		}
	}
	xr, yr := x.Runes(), y.Runes()
	if len(xr) != len(yr) {
		return Value{}, Errorf(ValueError, "the first two maketrans arguments must have equal length")
	}
	for i := range xr {
		if err := d.Set(t, Int(int64(xr[i])), Int(int64(yr[i]))); err != nil {
			return Value{}, err
		}
	}
	if z != nil {
		for r := range codePoints(z.s) {
			if err := d.Set(t, Int(int64(r)), None); err != nil {
				return Value{}, err
			}
		}
	}
	return Value{o: d}, nil
}

// strRepeat returns s * n.
func strRepeat(t *Thread, s *StrObject, nv Value) (Value, error) {
	n, err := t.Index(nv)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(IndexError) {
			return Value{}, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
		}
		return Value{}, err
	}
	if n <= 0 || s.s == "" {
		return emptyStr, nil
	}
	if n == 1 && s.subclass() == nil {
		return Value{o: s}, nil
	}
	if n > (1<<34)/int64(len(s.s)) {
		return Value{}, NewException(MemoryError)
	}
	if err := t.vm.ChargeItems(n, int64(len(s.s))); err != nil {
		return Value{}, err
	}
	return Str(strings.Repeat(s.s, int(n))), nil
}

func strCompareMethod(op compiler.CompareOp, name string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		other, err := oneArg(args, kw, name)
		if err != nil {
			return Value{}, err
		}
		o, ok := other.o.(*StrObject)
		if !ok {
			return NotImplemented, nil
		}
		a := strSelf(self).s
		c := strings.Compare(a, o.s)
		return Bool(cmpResult(op, c)), nil
	}
}

func strNew(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
	cls, err := newClassArg("str", args, StrType)
	if err != nil {
		return Value{}, err
	}
	var obj, enc, errs Value
	if err := argsKw("str", args[1:], kw, 0, []string{"object", "encoding", "errors"}, &obj, &enc, &errs); err != nil {
		return Value{}, err
	}
	if obj.o == nil {
		if enc.o == nil && errs.o == nil {
			return newStrOfClass(cls, ""), nil
		}
		obj = NewBytes(nil)
	}
	if enc.o == nil && errs.o == nil {
		if o, ok := obj.o.(*StrObject); ok && o.subclass() == nil && cls == StrType {
			return obj, nil
		}
		s, err := t.Str(obj)
		if err != nil {
			return Value{}, err
		}
		return newStrOfClass(cls, s), nil
	}
	encoding, errors := "utf-8", "strict"
	if enc.o != nil {
		e, ok := enc.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "str() argument 'encoding' must be str, not %s", badArgName(enc))
		}
		encoding = e
	}
	if errs.o != nil {
		e, ok := errs.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "str() argument 'errors' must be str, not %s", badArgName(errs))
		}
		errors = e
	}
	var data []byte
	switch o := obj.o.(type) {
	case *Bytes:
		data = o.b
	case *StrObject:
		return Value{}, Errorf(TypeError, "decoding str is not supported")
	default:
		return Value{}, Errorf(TypeError, "decoding to str: need a bytes-like object, %s found", obj.TypeName())
	}
	s, err := decodeBytes(data, encoding, errors, obj)
	if err != nil {
		return Value{}, err
	}
	return newStrOfClass(cls, s), nil
}

func strEncode(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	var enc, errs Value
	if err := argsKw("encode", args, kw, 0, []string{"encoding", "errors"}, &enc, &errs); err != nil {
		return Value{}, err
	}
	encoding, errors := "utf-8", "strict"
	if enc.o != nil {
		e, ok := enc.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "encode() argument 'encoding' must be str, not %s", badArgName(enc))
		}
		encoding = e
	}
	if errs.o != nil {
		e, ok := errs.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "encode() argument 'errors' must be str, not %s", badArgName(errs))
		}
		errors = e
	}
	so := strSelf(self)
	if so.ascii == 1 {
		// known to be ASCII: its bytes in every encoding asked for here
		switch normalizeEncoding(encoding) {
		case "utf-8", "ascii", "latin-1":
			return bytesCopy(so.s), nil
		}
	}
	b, err := encodeString(so.s, encoding, errors)
	if err != nil {
		return Value{}, err
	}
	return NewBytes(b), nil
}

// strIterator iterates the code points of a str without allocating for
// ASCII characters.
type strIterator struct {
	s   *StrObject
	off int // byte offset of the next character
}

// Type implements Object.
func (it *strIterator) Type() *Type {
	if it.s != nil && !it.s.IsASCII() {
		return StrUnicodeIteratorType
	}
	return StrIteratorType
}

// StrUnicodeIteratorType is the type of iterators over non-ASCII strings.
var StrUnicodeIteratorType = newBuiltinType("str_iterator", ObjectType)

func (it *strIterator) next() (Value, bool) {
	if it.s == nil || it.off >= len(it.s.s) {
		it.s = nil
		return Value{}, false
	}
	c := it.s.s[it.off]
	if c < utf8.RuneSelf {
		it.off++
		return asciiChars[c], true
	}
	_, n := decodeRune(it.s.s[it.off:])
	v := Str(it.s.s[it.off : it.off+n])
	it.off += n
	return v, true
}

func newStrIterator(s *StrObject) Value {
	s.scan()
	return Value{o: &strIterator{s: s}}
}

// strContains is the "in" test on strings.
func strContains(s *StrObject, item Value) (bool, error) {
	sub, ok := item.o.(*StrObject)
	if !ok {
		return false, Errorf(TypeError, "'in <string>' requires string as left operand, not %s", item.TypeName())
	}
	return strings.Contains(s.s, sub.s), nil
}

// binaryOpError builds CPython's messages for sequence operands that no
// dunder method handled (str + int, list * float, ...); it returns nil when
// the generic "unsupported operand" message applies.
func binaryOpError(op compiler.BinaryOp, a, b Value) error {
	switch op {
	case compiler.OpAdd:
		switch o := a.o.(type) {
		case *StrObject:
			return Errorf(TypeError, "can only concatenate str (not \"%s\") to str", b.TypeName())
		case *List:
			if o.cls == nil {
				return Errorf(TypeError, "can only concatenate list (not \"%s\") to list", b.TypeName())
			}
		case *Tuple:
			if o.cls == nil {
				return Errorf(TypeError, "can only concatenate tuple (not \"%s\") to tuple", b.TypeName())
			}
		case *Bytes:
			return Errorf(TypeError, "can't concat %s to %s", b.TypeName(), a.TypeName())
		}
	case compiler.OpMul:
		return seqRepeatError(a, b)
	case compiler.OpMod:
		if _, ok := a.o.(*StrObject); ok {
			return Errorf(TypeError, "not all arguments converted during string formatting")
		}
	}
	return nil
}

func init() {
	S := StrType
	S.NewStaticMethod("__new__", strNew)
	S.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(reprString(strSelf(self).s)), nil
	})
	S.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return plainStr(self), nil
	})
	S.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(strSelf(self).hash()), nil
	})
	S.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(int64(strSelf(self).Len())), nil
	})
	S.NewMethod("__format__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		spec, err := formatSpecArg("str", args, kw)
		if err != nil {
			return Value{}, err
		}
		if spec == "" {
			return t.StrValue(self)
		}
		return t.Format(plainStr(self), spec)
	})
	S.NewMethod("__getnewargs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewTuple([]Value{plainStr(self)}), nil
	})
	S.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := oneArg(args, kw, "__contains__")
		if err != nil {
			return Value{}, err
		}
		ok, err := strContains(strSelf(self), x)
		return Bool(ok), err
	})
	S.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := oneArg(args, kw, "__getitem__")
		if err != nil {
			return Value{}, err
		}
		return t.GetItem(plainStr(self), x)
	})
	S.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return newStrIterator(strSelf(self)), nil
	})
	S.NewMethod("__add__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := oneArg(args, kw, "__add__")
		if err != nil {
			return Value{}, err
		}
		o, ok := x.o.(*StrObject)
		if !ok {
			if reflectedIsBuiltin(x, "__radd__") {
				return Value{}, Errorf(TypeError, "can only concatenate str (not \"%s\") to str", x.TypeName())
			}
			return NotImplemented, nil
		}
		return strConcat(strSelf(self), o), nil
	})
	mul := func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := repeatArg(args, kw)
		if err != nil {
			return Value{}, err
		}
		if ok, err := RepeatCount(x); !ok {
			return NotImplemented, err
		}
		return strRepeat(t, strSelf(self), x)
	}
	S.NewMethod("__mul__", mul)
	S.NewMethod("__rmul__", mul)
	S.NewMethod("__mod__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		x, err := oneArg(args, kw, "__mod__")
		if err != nil {
			return Value{}, err
		}
		s, err := t.percentFormat(strSelf(self).s, x)
		if err != nil {
			return Value{}, err
		}
		return Str(s), nil
	})
	S.NewMethod("__rmod__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if _, err := oneArg(args, kw, "__rmod__"); err != nil {
			return Value{}, err
		}
		return NotImplemented, nil
	})
	for op, n := range cmpNames {
		S.NewMethod(n, strCompareMethod(compiler.CompareOp(op), n))
	}
	checkArity(S, aritySlot0, "__repr__", "__str__", "__hash__", "__len__", "__iter__")
	checkArity(S, arityMethod0, "__getnewargs__")

	S.NewMethod("capitalize", strCaseMethod("capitalize", strCapitalize))
	S.NewMethod("casefold", strCaseMethod("casefold", strCasefold))
	S.NewMethod("lower", strCaseMethod("lower", strLower))
	S.NewMethod("upper", strCaseMethod("upper", strUpper))
	S.NewMethod("swapcase", strCaseMethod("swapcase", strSwapcase))
	S.NewMethod("title", strCaseMethod("title", strTitle))
	S.NewMethod("center", strPadMethod("center"))
	S.NewMethod("ljust", strPadMethod("ljust"))
	S.NewMethod("rjust", strPadMethod("rjust"))
	S.NewMethod("zfill", strZfill)
	S.NewMethod("count", strCount)
	S.NewMethod("find", strFindMethod("find", false, false))
	S.NewMethod("rfind", strFindMethod("rfind", true, false))
	S.NewMethod("index", strFindMethod("index", false, true))
	S.NewMethod("rindex", strFindMethod("rindex", true, true))
	S.NewMethod("startswith", strStartsEnds("startswith", false))
	S.NewMethod("endswith", strStartsEnds("endswith", true))
	S.NewMethod("expandtabs", strExpandTabs)
	S.NewMethod("strip", strStripMethod("strip", true, true))
	S.NewMethod("lstrip", strStripMethod("lstrip", true, false))
	S.NewMethod("rstrip", strStripMethod("rstrip", false, true))
	S.NewMethod("split", strSplitMethod("split", false))
	S.NewMethod("rsplit", strSplitMethod("rsplit", true))
	S.NewMethod("splitlines", strSplitlines)
	S.NewMethod("partition", strPartitionMethod("partition", false))
	S.NewMethod("rpartition", strPartitionMethod("rpartition", true))
	S.NewMethod("replace", strReplace)
	S.NewMethod("join", strJoin)
	S.NewMethod("translate", strTranslate)
	S.NewStaticMethod("maketrans", strMaketrans)
	S.NewMethod("encode", strEncode)
	S.NewMethod("removeprefix", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("str", "removeprefix", args, kw); err != nil {
			return Value{}, err
		}
		p, ok := args[0].o.(*StrObject)
		if !ok {
			return Value{}, Errorf(TypeError, "removeprefix() argument must be str, not %s", badArgName(args[0]))
		}
		s := strSelf(self)
		if p.s != "" && strings.HasPrefix(s.s, p.s) {
			return strValue(s.s[len(p.s):]), nil
		}
		return plainStr(self), nil
	})
	S.NewMethod("removesuffix", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("str", "removesuffix", args, kw); err != nil {
			return Value{}, err
		}
		p, ok := args[0].o.(*StrObject)
		if !ok {
			return Value{}, Errorf(TypeError, "removesuffix() argument must be str, not %s", badArgName(args[0]))
		}
		s := strSelf(self)
		if p.s != "" && strings.HasSuffix(s.s, p.s) {
			return strValue(s.s[:len(s.s)-len(p.s)]), nil
		}
		return plainStr(self), nil
	})
	preds := map[string]func(s *StrObject) bool{
		"isalpha":   func(s *StrObject) bool { return strAll(s.s, ucAlpha) },
		"isalnum":   func(s *StrObject) bool { return strAll(s.s, ucAlpha|ucDecimal|ucDigit|ucNumeric) },
		"isdecimal": func(s *StrObject) bool { return strAll(s.s, ucDecimal) },
		"isdigit":   func(s *StrObject) bool { return strAll(s.s, ucDigit) },
		"isnumeric": func(s *StrObject) bool { return strAll(s.s, ucNumeric) },
		"isspace":   func(s *StrObject) bool { return strAll(s.s, ucSpace) },
		"isprintable": func(s *StrObject) bool {
			return s.s == "" || strAll(s.s, ucPrintable)
		},
		"isascii":      func(s *StrObject) bool { return s.IsASCII() },
		"islower":      func(s *StrObject) bool { return strIsLower(s.s) },
		"isupper":      func(s *StrObject) bool { return strIsUpper(s.s) },
		"istitle":      func(s *StrObject) bool { return strIsTitle(s.s) },
		"isidentifier": func(s *StrObject) bool { return strIsIdentifier(s.s) },
	}
	for name, fn := range preds {
		name, fn := name, fn
		S.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := argsNone("str", name, args, kw); err != nil {
				return Value{}, err
			}
			return Bool(fn(strSelf(self))), nil
		})
	}
	// formatResult is str.format's result s: the string itself, even of
	// a str subclass, when it has no replacement field or brace to copy
	// it from (CPython returns its input then).
	formatResult := func(self Value, s string) Value {
		if in := strSelf(self).s; s != "" && s == in && !strings.ContainsAny(in, "{}") {
			return self
		}
		return Str(s)
	}
	S.NewMethod("format", chargeMethod(func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		var kwargs *Dict
		if len(kw) > 0 {
			kwargs = NewDictSize(len(kw))
			for i, k := range kw {
				kwargs.SetStr(k, args[npos+i])
			}
		}
		s, err := t.strFormat(strSelf(self).s, args[:npos], kwargs, Value{})
		if err != nil {
			return Value{}, err
		}
		return formatResult(self, s), nil
	}))
	S.NewMethod("format_map", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("str", "format_map", args, kw); err != nil {
			return Value{}, err
		}
		s, err := t.strFormat(strSelf(self).s, nil, nil, args[0])
		if err != nil {
			return Value{}, err
		}
		return formatResult(self, s), nil
	})

	for _, typ := range []*Type{StrIteratorType, StrUnicodeIteratorType} {
		typ.final = true
		typ.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return self, nil })
		typ.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			v, ok := self.o.(*strIterator).next()
			if !ok {
				return Value{}, NewException(StopIteration)
			}
			return v, nil
		})
		typ.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			it, ok := self.o.(*strIterator)
			if !ok || it.s == nil {
				return Int(0), nil
			}
			return Int(int64(runeCount(it.s.s[it.off:]))), nil
		})
	}
}

func strCaseMethod(name string, fn func(*StrObject) string) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("str", name, args, kw); err != nil {
			return Value{}, err
		}
		s := strSelf(self)
		r := fn(s)
		if r == s.s {
			return plainStr(self), nil
		}
		return strValue(r), nil
	}
}

// reflectedIsBuiltin reports whether v's type has no reflected method name
// other than one implemented in Go (which never handles sequences), so that
// a sequence's __add__ can raise its own TypeError at once like CPython's
// sq_concat.
func reflectedIsBuiltin(v Value, name string) bool {
	m, ok := v.Type().Lookup(name)
	return !ok || m.IsNone() || isBuiltinSlot(m)
}

// repeatArg checks the argument of a sequence's __mul__ (CPython's
// ssizeargfunc wrapper, whose messages start with a space).
func repeatArg(args []Value, kw []string) (Value, error) {
	if len(kw) > 0 {
		return Value{}, Errorf(TypeError, "wrapper __mul__() takes no keyword arguments")
	}
	if len(args) != 1 {
		return Value{}, Errorf(TypeError, " expected 1 argument, got %d", len(args))
	}
	return args[0], nil
}

// RepeatCount checks the argument x of a sequence's __mul__ or __rmul__:
// false with no error when x has no __index__ but a script-defined
// reflected method may handle the operator (return NotImplemented), false
// with CPython's TypeError when none can, true when x is a count.
func RepeatCount(x Value) (bool, error) {
	if hasIndex(x) {
		return true, nil
	}
	if reflectedIsBuiltin(x, "__rmul__") {
		return false, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", x.TypeName())
	}
	return false, nil
}

func isSequenceValue(v Value) bool {
	switch v.o.(type) {
	case *StrObject, *List, *Tuple, *Bytes, SequenceRepeater:
		return true
	}
	return false
}

// seqRepeatError is CPython's error for sequence * non-int when no dunder
// method of either operand can handle it: "can't multiply sequence by
// non-int of type 'float'". It is checked before dispatching the operator,
// so that str.__mul__ called directly can report the argument error.
func seqRepeatError(a, b Value) error {
	if !reflectedIsBuiltin(a, "__mul__") || !reflectedIsBuiltin(b, "__rmul__") {
		return nil // a script-defined method may handle it
	}
	if isSequenceValue(a) && !hasIndex(b) {
		return Errorf(TypeError, "can't multiply sequence by non-int of type '%s'", b.TypeName())
	}
	if isSequenceValue(b) && !hasIndex(a) {
		return Errorf(TypeError, "can't multiply sequence by non-int of type '%s'", a.TypeName())
	}
	return nil
}
