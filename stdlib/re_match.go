package stdlib

import (
	"strings"
	"unicode/utf8"

	"github.com/pyasync/pyasync/vm"
)

// re.Match objects and the subjects they slice.

// reSubject is the string or bytes a pattern runs over, as code points.
type reSubject struct {
	obj     vm.Value
	in      []rune
	s       string // str subjects
	b       []byte // bytes subjects
	isBytes bool
	ascii   bool // str subject of ASCII characters only: s slices directly
}

func newReSubject(v vm.Value) (*reSubject, bool, bool) {
	if s, ok := v.AsStr(); ok {
		sub := &reSubject{obj: v, s: s}
		if isASCII(s) {
			sub.ascii = true
			sub.in = make([]rune, len(s))
			for i := 0; i < len(s); i++ {
				sub.in[i] = rune(s[i])
			}
		} else {
			sub.in = []rune(s)
		}
		return sub, false, true
	}
	if b, ok := bufferBytes(v); ok {
		sub := &reSubject{obj: v, b: b, isBytes: true, in: make([]rune, len(b))}
		for i, c := range b {
			sub.in[i] = rune(c)
		}
		return sub, true, true
	}
	return nil, false, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// slice returns subject[a:b] as str or bytes.
func (s *reSubject) slice(a, b int) vm.Value {
	if s.isBytes {
		return vm.NewBytes(append([]byte(nil), s.b[a:b]...))
	}
	if s.ascii {
		return vm.Str(s.s[a:b])
	}
	return vm.Str(string(s.in[a:b]))
}

func (s *reSubject) empty() vm.Value {
	if s.isBytes {
		return vm.NewBytes(nil)
	}
	return vm.Str("")
}

var reMatchType = vm.NewCType("Match", "re", nil, nil)

// reMatch is a re.Match.
type reMatch struct {
	pat         *rePattern
	sub         *reSubject
	caps        []int
	pos, endpos int
	last        int
}

// Type implements vm.Object.
func (*reMatch) Type() *vm.Type { return reMatchType }

func newReMatch(p *rePattern, sub *reSubject, m *reMachine, pos, endpos int) *reMatch {
	return &reMatch{pat: p, sub: sub, caps: append([]int(nil), m.caps...), pos: pos, endpos: endpos, last: m.last}
}

// groupIndex resolves a group argument (int or name).
func (m *reMatch) groupIndex(t *vm.Thread, g vm.Value) (int, error) {
	if s, ok := g.AsStr(); ok {
		if i, ok := m.pat.names[s]; ok {
			return i, nil
		}
		return 0, vm.Errorf(vm.IndexError, "no such group")
	}
	if g.IsInt() {
		n, ok := g.AsInt64()
		if ok && n >= 0 && int(n) <= m.pat.ngroups {
			return int(n), nil
		}
		return 0, vm.Errorf(vm.IndexError, "no such group")
	}
	if _, ok := g.Type().Lookup("__index__"); ok && !g.IsFloat() {
		n, err := t.Index(g)
		if err == nil && n >= 0 && int(n) <= m.pat.ngroups {
			return int(n), nil
		}
	}
	return 0, vm.Errorf(vm.IndexError, "no such group")
}

func (m *reMatch) group(i int, def vm.Value) vm.Value {
	s, e := m.caps[2*i], m.caps[2*i+1]
	if s < 0 || e < 0 {
		return def
	}
	return m.sub.slice(s, e)
}

func matchSelf(v vm.Value) *reMatch { m, _ := v.Object().(*reMatch); return m }

func init() {
	T := reMatchType
	T.NewMethod("group", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.NoKwargs("group", kw); err != nil {
			return vm.Value{}, err
		}
		m := matchSelf(self)
		if len(args) == 0 {
			return m.group(0, vm.None), nil
		}
		out := make([]vm.Value, len(args))
		for i, a := range args {
			g, err := m.groupIndex(t, a)
			if err != nil {
				return vm.Value{}, err
			}
			out[i] = m.group(g, vm.None)
		}
		if len(out) == 1 {
			return out[0], nil
		}
		return vm.NewTuple(out), nil
	})
	T.NewMethod("__getitem__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("__getitem__", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		m := matchSelf(self)
		g, err := m.groupIndex(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return m.group(g, vm.None), nil
	})
	T.NewMethod("groups", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var def vm.Value
		if err := vm.UnpackArgs("groups", args, kw, []string{"default?"}, &def); err != nil {
			return vm.Value{}, err
		}
		if !def.IsValid() {
			def = vm.None
		}
		m := matchSelf(self)
		out := make([]vm.Value, m.pat.ngroups)
		for i := range out {
			out[i] = m.group(i+1, def)
		}
		return vm.NewTuple(out), nil
	})
	T.NewMethod("groupdict", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var def vm.Value
		if err := vm.UnpackArgs("groupdict", args, kw, []string{"default?"}, &def); err != nil {
			return vm.Value{}, err
		}
		if !def.IsValid() {
			def = vm.None
		}
		m := matchSelf(self)
		d := vm.NewDict()
		for _, name := range m.pat.nameOrder {
			d.SetStr(name, m.group(m.pat.names[name], def))
		}
		return vm.ObjectValue(d), nil
	})
	pos := func(name string, which int) vm.MethodFunc {
		return func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			var g vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"group?"}, &g); err != nil {
				return vm.Value{}, err
			}
			m := matchSelf(self)
			i := 0
			if g.IsValid() {
				var err error
				if i, err = m.groupIndex(t, g); err != nil {
					return vm.Value{}, err
				}
			}
			s, e := m.caps[2*i], m.caps[2*i+1]
			if s < 0 || e < 0 {
				s, e = -1, -1
			}
			switch which {
			case 0:
				return vm.Int(int64(s)), nil
			case 1:
				return vm.Int(int64(e)), nil
			}
			return vm.Tuple2(vm.Int(int64(s)), vm.Int(int64(e))), nil
		}
	}
	T.NewMethod("start", pos("start", 0))
	T.NewMethod("end", pos("end", 1))
	T.NewMethod("span", pos("span", 2))
	T.NewMethod("expand", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var tpl vm.Value
		if err := vm.UnpackArgs("expand", args, kw, []string{"template"}, &tpl); err != nil {
			return vm.Value{}, err
		}
		m := matchSelf(self)
		tp, err := m.pat.template(t, tpl)
		if err != nil {
			return vm.Value{}, err
		}
		return tp.expand(m), nil
	})
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		m := matchSelf(self)
		r, err := t.Repr(m.group(0, vm.None))
		if err != nil {
			return vm.Value{}, err
		}
		if rs := []rune(r); len(rs) > 50 {
			r = string(rs[:50])
		}
		return vm.Str("<re.Match object; span=(" + itoa(int64(m.caps[0])) + ", " + itoa(int64(m.caps[1])) + "), match=" + r + ">"), nil
	})
	T.NewMethod("__copy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	T.NewMethod("__deepcopy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	T.NewGetSet("lastindex", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		m := matchSelf(self)
		if m.last < 1 {
			return vm.None, nil
		}
		return vm.Int(int64(m.last)), nil
	}, nil)
	T.NewGetSet("lastgroup", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		m := matchSelf(self)
		if m.last < 1 {
			return vm.None, nil
		}
		for name, i := range m.pat.names {
			if i == m.last {
				return vm.Str(name), nil
			}
		}
		return vm.None, nil
	}, nil)
	T.NewGetSet("pos", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(matchSelf(self).pos)), nil
	}, nil)
	T.NewGetSet("endpos", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(matchSelf(self).endpos)), nil
	}, nil)
	T.NewGetSet("re", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.ObjectValue(matchSelf(self).pat), nil
	}, nil)
	T.NewGetSet("string", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return matchSelf(self).sub.obj, nil
	}, nil)
	T.NewGetSet("regs", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		m := matchSelf(self)
		out := make([]vm.Value, m.pat.ngroups+1)
		for i := range out {
			s, e := m.caps[2*i], m.caps[2*i+1]
			if s < 0 || e < 0 {
				s, e = -1, -1
			}
			out[i] = vm.Tuple2(vm.Int(int64(s)), vm.Int(int64(e)))
		}
		return vm.NewTuple(out), nil
	}, nil)
}

// reTemplate is a parsed replacement template: literal pieces and group
// references (group -1 marks a literal).
type reTemplate struct {
	parts []tplPart
}

type tplPart struct {
	lit   []rune
	group int
}

func (tp *reTemplate) expand(m *reMatch) vm.Value {
	var sb strings.Builder
	var bb []byte
	for _, p := range tp.parts {
		if p.group < 0 {
			if m.sub.isBytes {
				for _, r := range p.lit {
					bb = append(bb, byte(r))
				}
			} else {
				sb.WriteString(string(p.lit))
			}
			continue
		}
		s, e := m.caps[2*p.group], m.caps[2*p.group+1]
		if s < 0 || e < 0 {
			continue
		}
		if m.sub.isBytes {
			bb = append(bb, m.sub.b[s:e]...)
		} else if m.sub.ascii {
			sb.WriteString(m.sub.s[s:e])
		} else {
			sb.WriteString(string(m.sub.in[s:e]))
		}
	}
	if m.sub.isBytes {
		return vm.NewBytes(bb)
	}
	return vm.Str(sb.String())
}

// literal reports whether the template has no group references.
func (tp *reTemplate) literal() (string, bool) {
	if len(tp.parts) == 0 {
		return "", true
	}
	if len(tp.parts) == 1 && tp.parts[0].group < 0 {
		return string(tp.parts[0].lit), true
	}
	return "", false
}

// parseTemplate parses a replacement string (Python's rules for \1,
// \g<name>, octal and character escapes).
func (p *rePattern) parseTemplate(src []rune) (*reTemplate, error) {
	tp := &reTemplate{}
	var lit []rune
	flush := func() {
		if len(lit) > 0 {
			tp.parts = append(tp.parts, tplPart{lit: lit, group: -1})
			lit = nil
		}
	}
	addGroup := func(g int) {
		flush()
		tp.parts = append(tp.parts, tplPart{group: g})
	}
	i := 0
	for i < len(src) {
		c := src[i]
		if c != '\\' {
			lit = append(lit, c)
			i++
			continue
		}
		start := i
		i++
		if i >= len(src) {
			return nil, &reError{"bad escape (end of pattern)", start}
		}
		c = src[i]
		i++
		switch {
		case c == 'g':
			if i >= len(src) || src[i] != '<' {
				return nil, &reError{"missing <", i}
			}
			i++
			nameStart := i
			for i < len(src) && src[i] != '>' {
				i++
			}
			if i >= len(src) {
				return nil, &reError{"missing >, unterminated name", nameStart}
			}
			name := string(src[nameStart:i])
			i++
			if name == "" {
				return nil, &reError{"missing group name", nameStart}
			}
			if isASCIIDigits(name) {
				n := 0
				for _, d := range name {
					n = n*10 + int(d-'0')
					if n > 1<<30 {
						break
					}
				}
				if n > p.ngroups {
					return nil, &reError{"invalid group reference " + itoa(int64(n)), nameStart}
				}
				addGroup(n)
				continue
			}
			if !isIdentifier(name) {
				return nil, &reError{"bad character in group name " + pyQuote(name), nameStart}
			}
			g, ok := p.names[name]
			if !ok {
				return nil, vm.Errorf(vm.IndexError, "unknown group name %s", pyQuote(name))
			}
			addGroup(g)
		case c == '0':
			v := rune(0)
			for k := 0; k < 2 && i < len(src) && isOctal(src[i]); k++ {
				v = v*8 + src[i] - '0'
				i++
			}
			lit = append(lit, v)
		case c >= '1' && c <= '9':
			if isOctal(c) && i+1 < len(src) && isOctal(src[i]) && isOctal(src[i+1]) {
				v := (c-'0')*64 + (src[i]-'0')*8 + src[i+1] - '0'
				i += 2
				if v > 0o377 {
					return nil, &reError{"octal escape value \\" + string(src[start+1:i]) + " outside of range 0-0o377", start}
				}
				lit = append(lit, v)
				continue
			}
			n := int(c - '0')
			if i < len(src) && src[i] >= '0' && src[i] <= '9' {
				n = n*10 + int(src[i]-'0')
				i++
			}
			if n > p.ngroups {
				return nil, &reError{"invalid group reference " + itoa(int64(n)), start + 1}
			}
			addGroup(n)
		default:
			switch c {
			case 'a':
				lit = append(lit, 7)
			case 'b':
				lit = append(lit, 8)
			case 'f':
				lit = append(lit, 12)
			case 'n':
				lit = append(lit, 10)
			case 'r':
				lit = append(lit, 13)
			case 't':
				lit = append(lit, 9)
			case 'v':
				lit = append(lit, 11)
			case '\\':
				lit = append(lit, '\\')
			default:
				if c < 128 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
					return nil, &reError{"bad escape \\" + string(c), start}
				}
				lit = append(lit, '\\', c)
			}
		}
	}
	flush()
	return tp, nil
}
