package stdlib

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pyasync/pyasync/vm"
	"github.com/pyasync/pyasync/vm/pyfmt"
)

// The json module: dumps/dump/loads/load with CPython's output and error
// messages, JSONDecodeError, and JSONEncoder/JSONDecoder classes (written in
// Python on top of the Go encoder and decoder so that scripts can subclass
// them).

// jsonDecodeError is json.JSONDecodeError (json.decoder.JSONDecodeError).
var jsonDecodeError = vm.NewExceptionType("JSONDecodeError", "json.decoder", vm.ValueError)

func init() {
	register("json", initJSON)
	jsonDecodeError.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var msg, doc, pos vm.Value
		if err := vm.UnpackArgs("JSONDecodeError", args, kw, []string{"msg", "doc", "pos"}, &msg, &doc, &pos); err != nil {
			return vm.Value{}, err
		}
		m, err := t.Str(msg)
		if err != nil {
			return vm.Value{}, err
		}
		d, _ := doc.AsStr()
		p, err := t.Index(pos)
		if err != nil {
			return vm.Value{}, err
		}
		line, col := lineCol([]rune(d), int(p))
		e := self.Object().(*vm.Exception)
		e.Args = []vm.Value{vm.Str(fmt.Sprintf("%s: line %d column %d (char %d)", m, line, col, p))}
		for _, kv := range []struct {
			k string
			v vm.Value
		}{{"msg", msg}, {"doc", doc}, {"pos", pos}, {"lineno", vm.Int(int64(line))}, {"colno", vm.Int(int64(col))}} {
			if err := t.SetAttr(self, kv.k, kv.v); err != nil {
				return vm.Value{}, err
			}
		}
		return none, nil
	})
}

// lineCol computes CPython's lineno and colno for a character position.
func lineCol(doc []rune, pos int) (int, int) {
	line, last := 1, -1
	for i := 0; i < pos && i < len(doc); i++ {
		if doc[i] == '\n' {
			line++
			last = i
		}
	}
	return line, pos - last
}

// newJSONError makes a JSONDecodeError for doc at character pos.
func newJSONError(t *vm.Thread, msg string, doc []rune, docv vm.Value, pos int) error {
	if !docv.IsValid() {
		docv = vm.Str(string(doc))
	}
	e, err := t.Call(vm.ObjectValue(jsonDecodeError), []vm.Value{vm.Str(msg), docv, vm.Int(int64(pos))}, nil)
	if err != nil {
		return err
	}
	return e.Object().(*vm.Exception)
}

// ---- encoding ----

type jsonEncoder struct {
	t             *vm.Thread
	skipKeys      bool
	ensureASCII   bool
	checkCircular bool
	allowNaN      bool
	sortKeys      bool
	indent        *string
	itemSep       string
	keySep        string
	def           vm.Value
	markers       map[vm.Object]bool
	level         int
	depth         int
	b             strings.Builder
}

// decodeWTF8 decodes one code point, accepting the 3-byte encodings of
// surrogates (which pyasync uses for lone surrogates in str).
func decodeWTF8(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 && c == 0xed && i+2 < len(s) && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2]&0xc0 == 0x80 {
		return rune(c&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f), 3
	}
	return r, size
}

// appendWTF8 appends r, encoding surrogates as 3-byte sequences.
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xd800 && r <= 0xdfff {
		return append(b, byte(0xe0|r>>12), byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
	}
	return utf8.AppendRune(b, r)
}

const hexDigits = "0123456789abcdef"

func writeU4(b *strings.Builder, r rune) {
	b.WriteString(`\u`)
	b.WriteByte(hexDigits[r>>12&0xf])
	b.WriteByte(hexDigits[r>>8&0xf])
	b.WriteByte(hexDigits[r>>4&0xf])
	b.WriteByte(hexDigits[r&0xf])
}

// encodeJSONString writes s as a JSON string literal.
func encodeJSONString(b *strings.Builder, s string, ensureASCII bool) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := decodeWTF8(s, i)
		i += size
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20:
				writeU4(b, r)
			case r < 0x7f || !ensureASCII:
				if r >= 0xd800 && r <= 0xdfff {
					b.Write(appendWTF8(nil, r))
				} else {
					b.WriteRune(r)
				}
			case r <= 0xffff:
				writeU4(b, r)
			default:
				r1, r2 := utf16.EncodeRune(r)
				writeU4(b, r1)
				writeU4(b, r2)
			}
		}
	}
	b.WriteByte('"')
}

func (e *jsonEncoder) floatStr(f float64) (string, error) {
	var text string
	switch {
	case math.IsNaN(f):
		text = "NaN"
	case math.IsInf(f, 1):
		text = "Infinity"
	case math.IsInf(f, -1):
		text = "-Infinity"
	default:
		return pyfmt.FloatRepr(f), nil
	}
	if !e.allowNaN {
		if e.indent == nil {
			return "", vm.Errorf(vm.ValueError, "Out of range float values are not JSON compliant")
		}
		return "", vm.Errorf(vm.ValueError, "Out of range float values are not JSON compliant: %s", pyfmt.FloatRepr(f))
	}
	return text, nil
}

func (e *jsonEncoder) enter(o vm.Object) error {
	e.depth++
	if e.depth > e.t.VM().RecursionLimit() {
		return vm.Errorf(vm.RecursionError, "maximum recursion depth exceeded while encoding a JSON object")
	}
	if e.checkCircular && o != nil {
		if e.markers[o] {
			return vm.Errorf(vm.ValueError, "Circular reference detected")
		}
		e.markers[o] = true
	}
	return nil
}

func (e *jsonEncoder) leave(o vm.Object) {
	e.depth--
	if e.checkCircular && o != nil {
		delete(e.markers, o)
	}
}

func (e *jsonEncoder) newline() {
	e.b.WriteByte('\n')
	for i := 0; i < e.level; i++ {
		e.b.WriteString(*e.indent)
	}
}

func (e *jsonEncoder) encode(v vm.Value) error {
	switch {
	case v.IsNone():
		e.b.WriteString("null")
		return nil
	case v.IsBool():
		if n, _ := v.AsInt64(); n != 0 {
			e.b.WriteString("true")
		} else {
			e.b.WriteString("false")
		}
		return nil
	case v.IsInt():
		b, _ := v.ToBig()
		e.b.WriteString(b.String())
		return nil
	case v.IsFloat():
		s, err := e.floatStr(v.AsFloat())
		if err != nil {
			return err
		}
		e.b.WriteString(s)
		return nil
	}
	if s, ok := v.AsStr(); ok {
		encodeJSONString(&e.b, s, e.ensureASCII)
		return nil
	}
	switch o := v.Object().(type) {
	case *vm.List:
		return e.encodeList(o, o.Items())
	case *vm.Tuple:
		return e.encodeList(o, o.Items())
	case *vm.Dict:
		return e.encodeDict(o)
	}
	if !e.def.IsValid() || e.def.IsNone() {
		return vm.Errorf(vm.TypeError, "Object of type %s is not JSON serializable", v.Type().ShortName())
	}
	if err := e.enter(v.Object()); err != nil {
		return err
	}
	r, err := e.t.Call(e.def, []vm.Value{v}, nil)
	if err != nil {
		return err
	}
	if err := e.encode(r); err != nil {
		return err
	}
	e.leave(v.Object())
	return nil
}

func (e *jsonEncoder) encodeList(o vm.Object, items []vm.Value) error {
	if len(items) == 0 {
		e.b.WriteString("[]")
		return nil
	}
	if err := e.enter(o); err != nil {
		return err
	}
	e.b.WriteByte('[')
	if e.indent != nil {
		e.level++
		e.newline()
	}
	for i := 0; i < len(items); i++ {
		if i > 0 {
			e.b.WriteString(e.itemSep)
			if e.indent != nil {
				e.newline()
			}
		}
		if err := e.encode(items[i]); err != nil {
			return err
		}
	}
	if e.indent != nil {
		e.level--
		e.newline()
	}
	e.b.WriteByte(']')
	e.leave(o)
	return nil
}

func (e *jsonEncoder) encodeDict(d *vm.Dict) error {
	if d.Len() == 0 {
		e.b.WriteString("{}")
		return nil
	}
	if err := e.enter(d); err != nil {
		return err
	}
	keys := d.Keys()
	if e.sortKeys {
		if err := e.t.SortValues(keys, vm.Value{}, false); err != nil {
			return err
		}
	}
	e.b.WriteByte('{')
	if e.indent != nil {
		e.level++
		e.newline()
	}
	first := true
	for _, k := range keys {
		val, ok, err := d.Get(e.t, k)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		var ks string
		switch {
		case k.IsBool():
			if n, _ := k.AsInt64(); n != 0 {
				ks = "true"
			} else {
				ks = "false"
			}
		case k.IsNone():
			ks = "null"
		case k.IsInt():
			b, _ := k.ToBig()
			ks = b.String()
		case k.IsFloat():
			s, err := e.floatStr(k.AsFloat())
			if err != nil {
				return err
			}
			ks = s
		default:
			s, isStr := k.AsStr()
			if !isStr {
				if e.skipKeys {
					continue
				}
				return vm.Errorf(vm.TypeError, "keys must be str, int, float, bool or None, not %s", k.Type().Name)
			}
			ks = s
		}
		if !first {
			e.b.WriteString(e.itemSep)
			if e.indent != nil {
				e.newline()
			}
		}
		first = false
		encodeJSONString(&e.b, ks, e.ensureASCII)
		e.b.WriteString(e.keySep)
		if err := e.encode(val); err != nil {
			return err
		}
	}
	if e.indent != nil {
		e.level--
		e.newline()
	}
	e.b.WriteByte('}')
	e.leave(d)
	return nil
}

// encodeOptions reads the keyword arguments shared by dumps, dump and
// _encode into an encoder.
func newJSONEncoder(t *vm.Thread, opts map[string]vm.Value) (*jsonEncoder, error) {
	e := &jsonEncoder{t: t, ensureASCII: true, checkCircular: true, allowNaN: true, markers: map[vm.Object]bool{}}
	truth := func(name string, dst *bool) error {
		if v, ok := opts[name]; ok && v.IsValid() {
			b, err := t.Truth(v)
			if err != nil {
				return err
			}
			*dst = b
		}
		return nil
	}
	for name, dst := range map[string]*bool{"skipkeys": &e.skipKeys, "ensure_ascii": &e.ensureASCII,
		"check_circular": &e.checkCircular, "allow_nan": &e.allowNaN, "sort_keys": &e.sortKeys} {
		if err := truth(name, dst); err != nil {
			return nil, err
		}
	}
	if v, ok := opts["indent"]; ok && given(v) {
		var s string
		if str, ok := v.AsStr(); ok {
			s = str
		} else if isIntLike(v) {
			n, _ := v.AsInt64()
			s = strings.Repeat(" ", int(max(n, 0)))
		} else {
			return nil, vm.Errorf(vm.TypeError, "can't multiply sequence by non-int of type '%s'", v.TypeName())
		}
		e.indent = &s
	}
	e.itemSep, e.keySep = ", ", ": "
	if e.indent != nil {
		e.itemSep = ","
	}
	if v, ok := opts["separators"]; ok && given(v) {
		items, err := t.ToSlice(v)
		if err != nil {
			return nil, err
		}
		if len(items) != 2 {
			return nil, vm.Errorf(vm.ValueError, "too many values to unpack (expected 2)")
		}
		a, ok1 := items[0].AsStr()
		b, ok2 := items[1].AsStr()
		if !ok1 || !ok2 {
			return nil, vm.Errorf(vm.TypeError, "make_encoder() argument 6 must be str, not %s", items[0].TypeName())
		}
		e.itemSep, e.keySep = a, b
	}
	if v, ok := opts["default"]; ok && given(v) {
		e.def = v
	}
	return e, nil
}

var dumpsOptions = []string{"skipkeys", "ensure_ascii", "check_circular", "allow_nan", "cls", "indent", "separators", "default", "sort_keys"}

// splitKwargs separates the options dumps/loads know from extra keywords.
func splitKwargs(args []vm.Value, kw []string, known []string) (pos []vm.Value, opts map[string]vm.Value, extraNames []string, extraVals []vm.Value) {
	npos := len(args) - len(kw)
	pos = args[:npos]
	opts = map[string]vm.Value{}
	for i, k := range kw {
		isKnown := false
		for _, n := range known {
			if n == k {
				isKnown = true
				break
			}
		}
		if isKnown {
			opts[k] = args[npos+i]
		} else {
			extraNames = append(extraNames, k)
			extraVals = append(extraVals, args[npos+i])
		}
	}
	return
}

// jsonDumps implements dumps (and dump when fp is valid).
func jsonDumps(t *vm.Thread, m *vm.Module, fname string, obj vm.Value, opts map[string]vm.Value, extraNames []string, extraVals []vm.Value) (vm.Value, error) {
	cls, hasCls := opts["cls"]
	if hasCls && given(cls) || len(extraNames) > 0 {
		if !hasCls || !given(cls) {
			if len(extraNames) > 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "JSONEncoder.__init__() got an unexpected keyword argument '%s'", extraNames[0])
			}
			var err error
			cls, err = t.GetAttr(vm.ObjectValue(m), "JSONEncoder")
			if err != nil {
				return vm.Value{}, err
			}
		}
		var kargs []vm.Value
		var knames []string
		for _, n := range dumpsOptions {
			if n == "cls" {
				continue
			}
			if v, ok := opts[n]; ok {
				knames = append(knames, n)
				kargs = append(kargs, v)
			}
		}
		knames = append(knames, extraNames...)
		kargs = append(kargs, extraVals...)
		enc, err := t.Call(cls, kargs, knames)
		if err != nil {
			return vm.Value{}, err
		}
		return t.CallMethod(enc, "encode", obj)
	}
	e, err := newJSONEncoder(t, opts)
	if err != nil {
		return vm.Value{}, err
	}
	if err := e.encode(obj); err != nil {
		return vm.Value{}, err
	}
	return vm.Str(e.b.String()), nil
}

// ---- decoding ----

type jsonDecoder struct {
	t               *vm.Thread
	s               []rune
	docv            vm.Value
	strict          bool
	objectHook      vm.Value
	objectPairsHook vm.Value
	parseFloat      vm.Value
	parseInt        vm.Value
	parseConstant   vm.Value
	depth           int
}

// errStop signals "no value here" (the scanner's StopIteration).
type errStop struct{ pos int }

func (e *errStop) Error() string { return "stop" }

func (d *jsonDecoder) fail(msg string, pos int) error {
	return newJSONError(d.t, msg, d.s, d.docv, pos)
}

func isJSONSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func (d *jsonDecoder) skipWS(i int) int {
	for i < len(d.s) && isJSONSpace(d.s[i]) {
		i++
	}
	return i
}

func hexVal(r rune) int {
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

// scanString decodes the string whose opening quote is at end-1; it returns
// the string and the index after the closing quote.
func (d *jsonDecoder) scanString(end int) (string, int, error) {
	s := d.s
	n := len(s)
	begin := end - 1
	var out []byte
	for {
		next := end
		var c rune
		for ; next < n; next++ {
			c = s[next]
			if c == '"' || c == '\\' {
				break
			}
			if c <= 0x1f && d.strict {
				return "", 0, d.fail("Invalid control character at", next)
			}
		}
		if next >= n {
			return "", 0, d.fail("Unterminated string starting at", begin)
		}
		for _, r := range s[end:next] {
			out = appendWTF8(out, r)
		}
		next++
		if c == '"' {
			end = next
			break
		}
		if next == n {
			return "", 0, d.fail("Unterminated string starting at", begin)
		}
		c = s[next]
		if c != 'u' {
			end = next + 1
			switch c {
			case '"', '\\', '/':
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default:
				return "", 0, d.fail("Invalid \\escape", end-2)
			}
		} else {
			c = 0
			next++
			end = next + 4
			if end >= n {
				return "", 0, d.fail("Invalid \\uXXXX escape", next-1)
			}
			for ; next < end; next++ {
				h := hexVal(s[next])
				if h < 0 {
					return "", 0, d.fail("Invalid \\uXXXX escape", end-5)
				}
				c = c<<4 | rune(h)
			}
			if c >= 0xd800 && c <= 0xdbff && end+6 < n && s[next] == '\\' && s[next+1] == 'u' {
				next += 2
				c2 := rune(0)
				end += 6
				for ; next < end; next++ {
					h := hexVal(s[next])
					if h < 0 {
						return "", 0, d.fail("Invalid \\uXXXX escape", end-5)
					}
					c2 = c2<<4 | rune(h)
				}
				if c2 >= 0xdc00 && c2 <= 0xdfff {
					c = utf16.DecodeRune(c, c2)
				} else {
					end -= 6
				}
			}
		}
		if c >= 0xd800 && c <= 0xdfff {
			// pyasync strs hold no lone surrogates (like its string
			// literals, they become U+FFFD)
			c = utf8.RuneError
		}
		out = utf8.AppendRune(out, c)
	}
	return string(out), end, nil
}

func (d *jsonDecoder) matchNumber(start int) (vm.Value, int, error) {
	s := d.s
	n := len(s)
	idx := start
	if idx < n && s[idx] == '-' {
		idx++
		if idx >= n {
			return vm.Value{}, 0, &errStop{start}
		}
	}
	if s[idx] >= '1' && s[idx] <= '9' {
		idx++
		for idx < n && s[idx] >= '0' && s[idx] <= '9' {
			idx++
		}
	} else if s[idx] == '0' {
		idx++
	} else {
		return vm.Value{}, 0, &errStop{start}
	}
	isFloat := false
	if idx < n-1 && s[idx] == '.' && s[idx+1] >= '0' && s[idx+1] <= '9' {
		isFloat = true
		idx += 2
		for idx < n && s[idx] >= '0' && s[idx] <= '9' {
			idx++
		}
	}
	if idx < n && (s[idx] == 'e' || s[idx] == 'E') {
		eStart := idx
		idx++
		if idx < n && (s[idx] == '-' || s[idx] == '+') {
			idx++
		}
		for idx < n && s[idx] >= '0' && s[idx] <= '9' {
			idx++
		}
		if s[idx-1] >= '0' && s[idx-1] <= '9' {
			isFloat = true
		} else {
			idx = eStart
		}
	}
	text := string(s[start:idx])
	if isFloat {
		if given(d.parseFloat) {
			v, err := d.t.Call(d.parseFloat, []vm.Value{vm.Str(text)}, nil)
			return v, idx, err
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return vm.Value{}, 0, vm.Errorf(vm.ValueError, "could not convert string to float: '%s'", text)
		}
		return vm.Float(f), idx, nil
	}
	if given(d.parseInt) {
		v, err := d.t.Call(d.parseInt, []vm.Value{vm.Str(text)}, nil)
		return v, idx, err
	}
	if len(text) < 18 {
		x, _ := strconv.ParseInt(text, 10, 64)
		return vm.Int(x), idx, nil
	}
	b, ok := new(big.Int).SetString(text, 10)
	if !ok {
		return vm.Value{}, 0, vm.Errorf(vm.ValueError, "invalid literal for int() with base 10: '%s'", text)
	}
	return vm.BigInt(b), idx, nil
}

func (d *jsonDecoder) constant(name string, idx, size int) (vm.Value, int, error) {
	if given(d.parseConstant) {
		v, err := d.t.Call(d.parseConstant, []vm.Value{vm.Str(name)}, nil)
		return v, idx + size, err
	}
	var f float64
	switch name {
	case "NaN":
		f = math.NaN()
	case "Infinity":
		f = math.Inf(1)
	default:
		f = math.Inf(-1)
	}
	return vm.Float(f), idx + size, nil
}

func (d *jsonDecoder) hasPrefix(idx int, word string) bool {
	i := idx
	for _, r := range word {
		if i >= len(d.s) || d.s[i] != r {
			return false
		}
		i++
	}
	return true
}

// scanOnce parses one value at idx.
func (d *jsonDecoder) scanOnce(idx int) (vm.Value, int, error) {
	if idx < 0 || idx >= len(d.s) {
		return vm.Value{}, 0, &errStop{idx}
	}
	switch c := d.s[idx]; c {
	case '"':
		str, end, err := d.scanString(idx + 1)
		if err != nil {
			return vm.Value{}, 0, err
		}
		return vm.Str(str), end, nil
	case '{':
		return d.parseObject(idx + 1)
	case '[':
		return d.parseArray(idx + 1)
	case 'n':
		if d.hasPrefix(idx, "null") {
			return none, idx + 4, nil
		}
	case 't':
		if d.hasPrefix(idx, "true") {
			return vm.True, idx + 4, nil
		}
	case 'f':
		if d.hasPrefix(idx, "false") {
			return vm.False, idx + 5, nil
		}
	case 'N':
		if d.hasPrefix(idx, "NaN") {
			return d.constant("NaN", idx, 3)
		}
	case 'I':
		if d.hasPrefix(idx, "Infinity") {
			return d.constant("Infinity", idx, 8)
		}
	case '-':
		if d.hasPrefix(idx, "-Infinity") {
			return d.constant("-Infinity", idx, 9)
		}
		return d.matchNumber(idx)
	default:
		if c >= '0' && c <= '9' {
			return d.matchNumber(idx)
		}
	}
	return vm.Value{}, 0, &errStop{idx}
}

func (d *jsonDecoder) enter(what string) error {
	d.depth++
	if d.depth > d.t.VM().RecursionLimit() {
		return vm.Errorf(vm.RecursionError, "maximum recursion depth exceeded while decoding a JSON %s from a unicode string", what)
	}
	return nil
}

func (d *jsonDecoder) parseObject(idx int) (vm.Value, int, error) {
	if err := d.enter("object"); err != nil {
		return vm.Value{}, 0, err
	}
	defer func() { d.depth-- }()
	n := len(d.s)
	var pairs []vm.Value
	usePairs := given(d.objectPairsHook)
	dict := vm.NewDict()
	idx = d.skipWS(idx)
	if idx >= n || d.s[idx] != '}' {
		for {
			if idx >= n || d.s[idx] != '"' {
				return vm.Value{}, 0, d.fail("Expecting property name enclosed in double quotes", idx)
			}
			key, end, err := d.scanString(idx + 1)
			if err != nil {
				return vm.Value{}, 0, err
			}
			idx = d.skipWS(end)
			if idx >= n || d.s[idx] != ':' {
				return vm.Value{}, 0, d.fail("Expecting ':' delimiter", idx)
			}
			idx = d.skipWS(idx + 1)
			val, end, err := d.scanOnce(idx)
			if err != nil {
				if st, ok := err.(*errStop); ok {
					return vm.Value{}, 0, d.fail("Expecting value", st.pos)
				}
				return vm.Value{}, 0, err
			}
			if usePairs {
				pairs = append(pairs, vm.Tuple2(vm.Str(key), val))
			} else if err := dict.Set(d.t, vm.Str(key), val); err != nil {
				return vm.Value{}, 0, err
			}
			idx = d.skipWS(end)
			if idx < n && d.s[idx] == '}' {
				break
			}
			if idx >= n || d.s[idx] != ',' {
				return vm.Value{}, 0, d.fail("Expecting ',' delimiter", idx)
			}
			idx = d.skipWS(idx + 1)
		}
	}
	idx++
	if usePairs {
		v, err := d.t.Call(d.objectPairsHook, []vm.Value{vm.NewList(pairs)}, nil)
		return v, idx, err
	}
	if given(d.objectHook) {
		v, err := d.t.Call(d.objectHook, []vm.Value{vm.ObjectValue(dict)}, nil)
		return v, idx, err
	}
	return vm.ObjectValue(dict), idx, nil
}

func (d *jsonDecoder) parseArray(idx int) (vm.Value, int, error) {
	if err := d.enter("array"); err != nil {
		return vm.Value{}, 0, err
	}
	defer func() { d.depth-- }()
	n := len(d.s)
	var items []vm.Value
	idx = d.skipWS(idx)
	if idx >= n || d.s[idx] != ']' {
		for {
			val, end, err := d.scanOnce(idx)
			if err != nil {
				if st, ok := err.(*errStop); ok {
					return vm.Value{}, 0, d.fail("Expecting value", st.pos)
				}
				return vm.Value{}, 0, err
			}
			items = append(items, val)
			idx = d.skipWS(end)
			if idx < n && d.s[idx] == ']' {
				break
			}
			if idx >= n || d.s[idx] != ',' {
				return vm.Value{}, 0, d.fail("Expecting ',' delimiter", idx)
			}
			idx = d.skipWS(idx + 1)
		}
	}
	if items == nil {
		items = []vm.Value{}
	}
	return vm.NewList(items), idx + 1, nil
}

// decodeRunes converts a Go string to code points, keeping WTF-8
// surrogates.
func decodeRunes(s string) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, size := decodeWTF8(s, i)
		out = append(out, r)
		i += size
	}
	return out
}

var loadsOptions = []string{"cls", "object_hook", "parse_float", "parse_int", "parse_constant", "object_pairs_hook", "strict"}

// jsonDocString converts the argument of loads to a str.
func jsonDocString(t *vm.Thread, s vm.Value) (string, vm.Value, error) {
	if str, ok := s.AsStr(); ok {
		return str, s, nil
	}
	if b, ok := s.AsBytes(); ok {
		str, err := decodeJSONBytes(b)
		if err != nil {
			return "", vm.Value{}, err
		}
		return str, vm.Str(str), nil
	}
	return "", vm.Value{}, vm.Errorf(vm.TypeError, "the JSON object must be str, bytes or bytearray, not %s", s.TypeName())
}

// decodeJSONBytes is json.detect_encoding followed by decoding.
func decodeJSONBytes(b []byte) (string, error) {
	enc := "utf-8"
	switch {
	case len(b) >= 4 && b[0] == 0xff && b[1] == 0xfe && b[2] == 0 && b[3] == 0 || len(b) >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xfe && b[3] == 0xff:
		enc = "utf-32"
	case len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff):
		enc = "utf-16"
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf:
		b = b[3:]
	case len(b) >= 4:
		switch {
		case b[0] == 0 && b[1] == 0 && b[2] == 0:
			enc = "utf-32-be"
		case b[0] == 0 && b[2] == 0:
			enc = "utf-16-be"
		case b[1] == 0 && b[2] == 0 && b[3] == 0:
			enc = "utf-32-le"
		case b[1] == 0 && b[3] == 0:
			enc = "utf-16-le"
		}
	case len(b) == 2:
		switch {
		case b[0] == 0:
			enc = "utf-16-be"
		case b[1] == 0:
			enc = "utf-16-le"
		}
	}
	switch enc {
	case "utf-8":
		if !utf8.Valid(b) {
			f := &fileObj{codec: "utf-8", errors: "strict", fileState: &fileState{}}
			_, err := f.decodeText(b, true)
			return "", err
		}
		return string(b), nil
	case "utf-16", "utf-16-le", "utf-16-be":
		big := enc == "utf-16-be"
		if enc == "utf-16" {
			big = b[0] == 0xfe
			b = b[2:]
		}
		if len(b)%2 != 0 {
			return "", vm.NewException(vm.UnicodeDecodeError, vm.Str(fmt.Sprintf("'utf-16-%s' codec can't decode byte 0x%02x in position %d: truncated data", map[bool]string{true: "be", false: "le"}[big], b[len(b)-1], len(b)-1)))
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			if big {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			} else {
				u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
			}
		}
		var out []byte
		for _, r := range utf16.Decode(u) {
			out = appendWTF8(out, r)
		}
		return string(out), nil
	default:
		big := enc == "utf-32-be"
		if enc == "utf-32" {
			big = b[0] == 0
			b = b[4:]
		}
		var out []byte
		for i := 0; i+4 <= len(b); i += 4 {
			var r rune
			if big {
				r = rune(b[i])<<24 | rune(b[i+1])<<16 | rune(b[i+2])<<8 | rune(b[i+3])
			} else {
				r = rune(b[i+3])<<24 | rune(b[i+2])<<16 | rune(b[i+1])<<8 | rune(b[i])
			}
			out = appendWTF8(out, r)
		}
		return string(out), nil
	}
}

// newJSONDecoder reads the decoder options.
func newJSONDecoder(t *vm.Thread, opts map[string]vm.Value) (*jsonDecoder, error) {
	d := &jsonDecoder{t: t, strict: true}
	d.objectHook = opts["object_hook"]
	d.objectPairsHook = opts["object_pairs_hook"]
	d.parseFloat = opts["parse_float"]
	d.parseInt = opts["parse_int"]
	d.parseConstant = opts["parse_constant"]
	if v, ok := opts["strict"]; ok && v.IsValid() {
		b, err := t.Truth(v)
		if err != nil {
			return nil, err
		}
		d.strict = b
	}
	return d, nil
}

// decode is JSONDecoder.decode; with raw it is raw_decode from idx.
func (d *jsonDecoder) decode(doc string, docv vm.Value, raw bool, idx int) (vm.Value, int, error) {
	d.s = decodeRunes(doc)
	d.docv = docv
	if !raw {
		idx = d.skipWS(0)
	}
	v, end, err := d.scanOnce(idx)
	if err != nil {
		if st, ok := err.(*errStop); ok {
			return vm.Value{}, 0, d.fail("Expecting value", st.pos)
		}
		return vm.Value{}, 0, err
	}
	if raw {
		return v, end, nil
	}
	end = d.skipWS(end)
	if end != len(d.s) {
		return vm.Value{}, 0, d.fail("Extra data", end)
	}
	return v, end, nil
}

func jsonLoads(t *vm.Thread, m *vm.Module, s vm.Value, opts map[string]vm.Value, extraNames []string, extraVals []vm.Value) (vm.Value, error) {
	doc, docv, err := jsonDocString(t, s)
	if err != nil {
		return vm.Value{}, err
	}
	if _, isStr := s.AsStr(); isStr && strings.HasPrefix(doc, "\ufeff") {
		return vm.Value{}, newJSONError(t, "Unexpected UTF-8 BOM (decode using utf-8-sig)", decodeRunes(doc), docv, 0)
	}
	cls, hasCls := opts["cls"]
	if hasCls && given(cls) || len(extraNames) > 0 {
		if !hasCls || !given(cls) {
			if len(extraNames) > 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "JSONDecoder.__init__() got an unexpected keyword argument '%s'", extraNames[0])
			}
			cls, err = t.GetAttr(vm.ObjectValue(m), "JSONDecoder")
			if err != nil {
				return vm.Value{}, err
			}
		}
		var kargs []vm.Value
		var knames []string
		for _, n := range loadsOptions {
			if n == "cls" {
				continue
			}
			if v, ok := opts[n]; ok && given(v) {
				knames = append(knames, n)
				kargs = append(kargs, v)
			}
		}
		knames = append(knames, extraNames...)
		kargs = append(kargs, extraVals...)
		dec, err := t.Call(cls, kargs, knames)
		if err != nil {
			return vm.Value{}, err
		}
		return t.CallMethod(dec, "decode", docv)
	}
	d, err := newJSONDecoder(t, opts)
	if err != nil {
		return vm.Value{}, err
	}
	v, _, err := d.decode(doc, docv, false, 0)
	return v, err
}

// jsonPrelude defines the classes scripts may subclass.
const jsonPrelude = `
class JSONEncoder:
    item_separator = ', '
    key_separator = ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ','
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError(f'Object of type {o.__class__.__name__} is not JSON serializable')

    def encode(self, o):
        return _encode(o, self.skipkeys, self.ensure_ascii, self.check_circular, self.allow_nan,
                       self.sort_keys, self.indent, (self.item_separator, self.key_separator), self.default)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
                 strict=True, object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float
        self.parse_int = parse_int
        self.parse_constant = parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def decode(self, s):
        return _decode(s, self.object_hook, self.parse_float, self.parse_int, self.parse_constant,
                       self.strict, self.object_pairs_hook, False, 0)[0]

    def raw_decode(self, s, idx=0):
        return _decode(s, self.object_hook, self.parse_float, self.parse_int, self.parse_constant,
                       self.strict, self.object_pairs_hook, True, idx)
`

// runPrelude executes Python source in a native module's namespace.
func runPrelude(v *vm.VM, m *vm.Module, name, src string) error {
	code, err := compileModuleSource(v, []byte(src), "<frozen "+name+">")
	if err != nil {
		return err
	}
	m.Set("__builtins__", vm.ObjectValue(v.Builtins))
	_, err = v.ExecModule(v.Main(), code, m)
	return err
}

func initJSON(v *vm.VM, m *vm.Module) error {
	m.Set("JSONDecodeError", vm.ObjectValue(jsonDecodeError))
	m.SetFunc("dumps", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pos, opts, en, ev := splitKwargs(args, kw, dumpsOptions)
		if len(pos) != 1 {
			if len(pos) == 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "dumps() missing 1 required positional argument: 'obj'")
			}
			return vm.Value{}, vm.Errorf(vm.TypeError, "dumps() takes 1 positional argument but %d were given", len(pos))
		}
		return jsonDumps(t, m, "dumps", pos[0], opts, en, ev)
	})
	m.SetFunc("dump", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pos, opts, en, ev := splitKwargs(args, kw, dumpsOptions)
		if len(pos) != 2 {
			if len(pos) < 2 {
				missing := []string{"'obj' and 'fp'", "'fp'"}[len(pos)]
				n := 2 - len(pos)
				s := "s"
				if n == 1 {
					s = ""
				}
				return vm.Value{}, vm.Errorf(vm.TypeError, "dump() missing %d required positional argument%s: %s", n, s, missing)
			}
			return vm.Value{}, vm.Errorf(vm.TypeError, "dump() takes 2 positional arguments but %d were given", len(pos))
		}
		s, err := jsonDumps(t, m, "dump", pos[0], opts, en, ev)
		if err != nil {
			return vm.Value{}, err
		}
		if _, err := t.CallMethod(pos[1], "write", s); err != nil {
			return vm.Value{}, err
		}
		return none, nil
	})
	m.SetFunc("loads", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pos, opts, en, ev := splitKwargs(args, kw, loadsOptions)
		if len(pos) != 1 {
			if len(pos) == 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "loads() missing 1 required positional argument: 's'")
			}
			return vm.Value{}, vm.Errorf(vm.TypeError, "loads() takes 1 positional argument but %d were given", len(pos))
		}
		return jsonLoads(t, m, pos[0], opts, en, ev)
	})
	m.SetFunc("load", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pos, opts, en, ev := splitKwargs(args, kw, loadsOptions)
		if len(pos) != 1 {
			if len(pos) == 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "load() missing 1 required positional argument: 'fp'")
			}
			return vm.Value{}, vm.Errorf(vm.TypeError, "load() takes 1 positional argument but %d were given", len(pos))
		}
		s, err := t.CallMethod(pos[0], "read")
		if err != nil {
			return vm.Value{}, err
		}
		return jsonLoads(t, m, s, opts, en, ev)
	})
	m.SetFunc("_encode", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_encode", args, kw, 9, 9); err != nil {
			return vm.Value{}, err
		}
		opts := map[string]vm.Value{"skipkeys": args[1], "ensure_ascii": args[2], "check_circular": args[3],
			"allow_nan": args[4], "sort_keys": args[5], "indent": args[6], "separators": args[7], "default": args[8]}
		e, err := newJSONEncoder(t, opts)
		if err != nil {
			return vm.Value{}, err
		}
		if err := e.encode(args[0]); err != nil {
			return vm.Value{}, err
		}
		return vm.Str(e.b.String()), nil
	})
	m.SetFunc("_decode", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_decode", args, kw, 9, 9); err != nil {
			return vm.Value{}, err
		}
		opts := map[string]vm.Value{"object_hook": args[1], "parse_float": args[2], "parse_int": args[3],
			"parse_constant": args[4], "strict": args[5], "object_pairs_hook": args[6]}
		doc, docv, err := jsonDocString(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		d, err := newJSONDecoder(t, opts)
		if err != nil {
			return vm.Value{}, err
		}
		raw, err := t.Truth(args[7])
		if err != nil {
			return vm.Value{}, err
		}
		idx, err := t.Index(args[8])
		if err != nil {
			return vm.Value{}, err
		}
		v, end, err := d.decode(doc, docv, raw, int(idx))
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Tuple2(v, vm.Int(int64(end))), nil
	})
	if err := runPrelude(v, m, "json", jsonPrelude); err != nil {
		return err
	}
	return nil
}
