package stdlib

import (
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The re module: Python's regular expressions on pyasync's own
// backtracking engine (re_parse.go, re_engine.go); Match objects and
// replacement templates are in re_match.go. Compiled patterns are cached
// per VM (the cache belongs to the module object).

func init() { register("re", initRe) }

var (
	rePatternType = vm.NewCType("Pattern", "re", nil, nil)
	reErrorType   = vm.NewExceptionType("error", "re", vm.ExceptionType)
)

// rePattern is a compiled pattern (re.Pattern).
type rePattern struct {
	src       vm.Value
	srcRunes  []rune
	flags     int
	isBytes   bool
	prog      *reProg
	ngroups   int
	nregs     int
	names     map[string]int
	nameOrder []string // names by group number
	firstLit  rune     // every match starts with this character (-1: unknown)
	anchored  bool     // every match starts at 0
	templates map[string]*reTemplate
	fullProg  *reProg
	machine   *reMachine // reused between calls (patterns belong to one VM)
}

// Type implements vm.Object.
func (*rePattern) Type() *vm.Type { return rePatternType }

// reCacheKey identifies a compiled pattern in the per-VM cache.
type reCacheKey struct {
	src     string
	isBytes bool
	flags   int
}

// reModule is the per-VM state of the re module.
type reModule struct {
	cache map[reCacheKey]*rePattern
}

const reCacheMax = 512

// reErrorValue makes a re.error with CPython's attributes.
func reErrorValue(t *vm.Thread, e *reError, pattern vm.Value, src []rune) error {
	msg := e.msg
	full := msg
	var pos, line, col vm.Value = vm.None, vm.None, vm.None
	if e.pos >= 0 {
		l, c := 1, e.pos+1
		for i := 0; i < e.pos && i < len(src); i++ {
			if src[i] == '\n' {
				l++
				c = e.pos - i
			}
		}
		full = msg + " at position " + itoa(int64(e.pos))
		if l > 1 || strings.ContainsRune(string(src), '\n') {
			full += " (line " + itoa(int64(l)) + ", column " + itoa(int64(c)) + ")"
		}
		pos, line, col = vm.Int(int64(e.pos)), vm.Int(int64(l)), vm.Int(int64(c))
	}
	exc := vm.NewException(reErrorType, vm.Str(full))
	ev := vm.ObjectValue(exc)
	t.SetAttr(ev, "msg", vm.Str(msg))
	t.SetAttr(ev, "pattern", pattern)
	t.SetAttr(ev, "pos", pos)
	t.SetAttr(ev, "lineno", line)
	t.SetAttr(ev, "colno", col)
	return exc
}

func (rm *reModule) compile(t *vm.Thread, pattern vm.Value, flags int) (*rePattern, error) {
	if p, ok := pattern.Object().(*rePattern); ok {
		if flags != 0 {
			return nil, vm.Errorf(vm.ValueError, "cannot process flags argument with a compiled pattern")
		}
		return p, nil
	}
	var key reCacheKey
	if s, ok := pattern.AsStr(); ok {
		key = reCacheKey{src: s, flags: flags}
	} else if b, ok := pattern.AsBytes(); ok {
		key = reCacheKey{src: string(b), isBytes: true, flags: flags}
	} else {
		return nil, vm.Errorf(vm.TypeError, "first argument must be string or compiled pattern")
	}
	if p, ok := rm.cache[key]; ok {
		return p, nil
	}
	p, err := compilePattern(t, pattern, key, flags)
	if err != nil {
		return nil, err
	}
	if len(rm.cache) >= reCacheMax {
		for k := range rm.cache {
			delete(rm.cache, k)
			break
		}
	}
	rm.cache[key] = p
	return p, nil
}

func compilePattern(t *vm.Thread, pattern vm.Value, key reCacheKey, flags int) (*rePattern, error) {
	var src []rune
	if key.isBytes {
		src = make([]rune, len(key.src))
		for i := 0; i < len(key.src); i++ {
			src[i] = rune(key.src[i])
		}
		if flags&reUnicode != 0 {
			return nil, vm.Errorf(vm.ValueError, "cannot use UNICODE flag with a bytes pattern")
		}
	} else {
		src = []rune(key.src)
		if flags&reLocale != 0 {
			return nil, vm.Errorf(vm.ValueError, "cannot use LOCALE flag with a str pattern")
		}
		if flags&reASCII != 0 && flags&reUnicode != 0 {
			return nil, vm.Errorf(vm.ValueError, "ASCII and UNICODE flags are incompatible")
		}
	}
	tree, parser, err := reParse(src, flags, key.isBytes)
	if err != nil {
		if re, ok := err.(*reError); ok {
			return nil, reErrorValue(t, re, pattern, src)
		}
		return nil, err
	}
	final := parser.flags
	if !key.isBytes && final&reASCII == 0 {
		final |= reUnicode
	}
	if final&reASCII != 0 && final&reUnicode != 0 && flags&reUnicode == 0 {
		final &^= reUnicode
	}
	c := &reCompiler{isBytes: key.isBytes}
	prog := c.compile(tree)
	p := &rePattern{src: pattern, srcRunes: src, flags: final, isBytes: key.isBytes, prog: prog,
		ngroups: parser.ngroups, nregs: c.nregs, names: parser.names, firstLit: -1}
	p.nameOrder = make([]string, 0, len(p.names))
	for g := 1; g <= p.ngroups; g++ {
		for n, i := range p.names {
			if i == g {
				p.nameOrder = append(p.nameOrder, n)
			}
		}
	}
	p.firstLit, p.anchored = reFirst(tree)
	return p, nil
}

// reFirst finds the character every match starts with and whether every
// match is anchored at the start of the string.
func reFirst(n *reNode) (rune, bool) {
	switch n.op {
	case opLit:
		if n.flags&reIgnoreCase == 0 {
			return n.ch, false
		}
	case opBos:
		return -1, true
	case opBol:
		return -1, n.flags&reMultiline == 0
	case opConcat:
		if len(n.subs) > 0 {
			return reFirst(n.subs[0])
		}
	case opGroup, opAtomic:
		return reFirst(n.subs[0])
	case opRepeat:
		if n.min > 0 {
			ch, _ := reFirst(n.subs[0])
			return ch, false
		}
	}
	return -1, false
}

func (p *rePattern) getMachine() *reMachine {
	m := p.machine
	if m == nil {
		m = newReMachine(p.ngroups, p.nregs)
	} else {
		p.machine = nil
	}
	return m
}

func (p *rePattern) putMachine(m *reMachine) {
	m.in = nil
	if cap(m.stack) > 1<<16 {
		m.stack = nil
	}
	p.machine = m
}

// search finds the first match starting in [pos, end]; noEmptyAt forbids
// an empty match at that position (iteration after an empty match).
func (p *rePattern) search(m *reMachine, pos int, noEmptyAt int) bool {
	m.noEmptyAt = noEmptyAt
	for start := pos; start <= m.end; start++ {
		if p.anchored && start != 0 {
			return false
		}
		if p.firstLit >= 0 {
			for start < m.end && m.in[start] != p.firstLit {
				start++
			}
			if start >= m.end {
				return false
			}
		}
		if m.matchAt(p.prog, start) >= 0 {
			return true
		}
	}
	return false
}

// subjectArgs converts (string, pos, endpos) arguments.
func (p *rePattern) subject(t *vm.Thread, s, pos, endpos vm.Value) (*reSubject, int, int, error) {
	sub, isBytes, ok := newReSubject(s)
	if !ok {
		return nil, 0, 0, vm.Errorf(vm.TypeError, "expected string or bytes-like object, got '%s'", s.TypeName())
	}
	if isBytes != p.isBytes {
		if p.isBytes {
			return nil, 0, 0, vm.Errorf(vm.TypeError, "cannot use a bytes pattern on a string-like object")
		}
		return nil, 0, 0, vm.Errorf(vm.TypeError, "cannot use a string pattern on a bytes-like object")
	}
	n := len(sub.in)
	start, end := 0, n
	if pos.IsValid() {
		v, err := t.Index(pos)
		if err != nil {
			return nil, 0, 0, err
		}
		start = int(max(0, min(v, int64(n))))
	}
	if endpos.IsValid() {
		v, err := t.Index(endpos)
		if err != nil {
			return nil, 0, 0, err
		}
		end = int(max(0, min(v, int64(n))))
	}
	if end < start {
		end = start
	}
	return sub, start, end, nil
}

// matchMode selects match, fullmatch or search.
type matchMode int

const (
	modeMatch matchMode = iota
	modeFull
	modeSearch
)

func (p *rePattern) doMatch(t *vm.Thread, mode matchMode, s, pos, endpos vm.Value) (vm.Value, error) {
	sub, start, end, err := p.subject(t, s, pos, endpos)
	if err != nil {
		return vm.Value{}, err
	}
	m := p.getMachine()
	defer p.putMachine(m)
	m.in, m.end = sub.in, end
	m.noEmptyAt = -1
	var found bool
	switch mode {
	case modeSearch:
		found = p.search(m, start, -1)
	case modeMatch:
		found = m.matchAt(p.prog, start) >= 0
	case modeFull:
		found = p.fullMatch(m, start)
	}
	if !found {
		return vm.None, nil
	}
	return vm.ObjectValue(newReMatch(p, sub, m, start, end)), nil
}

// fullMatch matches at start requiring the match to reach m.end: the
// program is run with a trailing \Z.
func (p *rePattern) fullMatch(m *reMachine, start int) bool {
	if p.fullProg == nil {
		insts := append([]reInst(nil), p.prog.insts[:len(p.prog.insts)-1]...)
		insts = append(insts, reInst{op: iEos}, reInst{op: iMatch})
		p.fullProg = &reProg{insts: insts}
	}
	return m.matchAt(p.fullProg, start) >= 0
}

// iterate calls fn for each successive match (Python 3.7+ rules for
// empty matches) until fn returns false.
func (p *rePattern) iterate(m *reMachine, start int, fn func() bool) {
	pos := start
	noEmpty := -1
	for pos <= m.end {
		if !p.search(m, pos, noEmpty) {
			return
		}
		s, e := m.caps[0], m.caps[1]
		if !fn() {
			return
		}
		if e == s {
			noEmpty = e
		} else {
			noEmpty = -1
		}
		pos = e
		if noEmpty < 0 {
			continue
		}
	}
}

func (p *rePattern) template(t *vm.Thread, tpl vm.Value) (*reTemplate, error) {
	var key string
	var src []rune
	if s, ok := tpl.AsStr(); ok {
		if p.isBytes {
			return nil, vm.Errorf(vm.TypeError, "expected a bytes-like object, str found")
		}
		key = s
		src = []rune(s)
	} else if b, ok := bufferBytes(tpl); ok {
		if !p.isBytes {
			return nil, vm.Errorf(vm.TypeError, "expected str instance, %s found", tpl.TypeName())
		}
		key = string(b)
		src = make([]rune, len(b))
		for i, c := range b {
			src[i] = rune(c)
		}
	} else {
		return nil, vm.Errorf(vm.TypeError, "expected str instance, %s found", tpl.TypeName())
	}
	if tp, ok := p.templates[key]; ok {
		return tp, nil
	}
	tp, err := p.parseTemplate(src)
	if err != nil {
		if re, ok := err.(*reError); ok {
			return nil, reErrorValue(t, re, tpl, src)
		}
		return nil, err
	}
	if p.templates == nil {
		p.templates = map[string]*reTemplate{}
	}
	if len(p.templates) > 64 {
		p.templates = map[string]*reTemplate{}
	}
	p.templates[key] = tp
	return tp, nil
}

func (p *rePattern) subn(t *vm.Thread, repl, s vm.Value, count int64) (vm.Value, int, error) {
	sub, start, end, err := p.subject(t, s, vm.Value{}, vm.Value{})
	if err != nil {
		return vm.Value{}, 0, err
	}
	var tp *reTemplate
	callable := false
	if _, isStr := repl.AsStr(); !isStr {
		if _, isB := bufferBytes(repl); !isB {
			callable = vm.IsCallable(repl)
		}
	}
	if !callable {
		if tp, err = p.template(t, repl); err != nil {
			return vm.Value{}, 0, err
		}
	}
	m := p.getMachine()
	defer p.putMachine(m)
	m.in, m.end = sub.in, end
	var sb strings.Builder
	var bb []byte
	appendVal := func(v vm.Value) error {
		if sub.isBytes {
			b, ok := bufferBytes(v)
			if !ok {
				return vm.Errorf(vm.TypeError, "sequence item 0: expected a bytes-like object, %s found", v.TypeName())
			}
			bb = append(bb, b...)
			return nil
		}
		s, ok := v.AsStr()
		if !ok {
			return vm.Errorf(vm.TypeError, "sequence item 0: expected str instance, %s found", v.TypeName())
		}
		sb.WriteString(s)
		return nil
	}
	appendRange := func(a, b int) {
		if sub.isBytes {
			bb = append(bb, sub.b[a:b]...)
		} else if sub.ascii {
			sb.WriteString(sub.s[a:b])
		} else {
			sb.WriteString(string(sub.in[a:b]))
		}
	}
	n := 0
	last := 0
	var cbErr error
	p.iterate(m, start, func() bool {
		s, e := m.caps[0], m.caps[1]
		appendRange(last, s)
		mo := newReMatch(p, sub, m, start, end)
		var piece vm.Value
		if callable {
			piece, cbErr = t.Call(repl, []vm.Value{vm.ObjectValue(mo)}, nil)
			if cbErr != nil {
				return false
			}
			if cbErr = appendVal(piece); cbErr != nil {
				return false
			}
		} else {
			appendVal(tp.expand(mo))
		}
		last = e
		n++
		return count <= 0 || int64(n) < count
	})
	if cbErr != nil {
		return vm.Value{}, 0, cbErr
	}
	appendRange(last, len(sub.in))
	if sub.isBytes {
		return vm.NewBytes(bb), n, nil
	}
	return vm.Str(sb.String()), n, nil
}

func (p *rePattern) split(t *vm.Thread, s vm.Value, maxsplit int64) (vm.Value, error) {
	sub, _, end, err := p.subject(t, s, vm.Value{}, vm.Value{})
	if err != nil {
		return vm.Value{}, err
	}
	m := p.getMachine()
	defer p.putMachine(m)
	m.in, m.end = sub.in, end
	var out []vm.Value
	last, n := 0, 0
	p.iterate(m, 0, func() bool {
		if maxsplit > 0 && int64(n) >= maxsplit {
			return false
		}
		s, e := m.caps[0], m.caps[1]
		out = append(out, sub.slice(last, s))
		for g := 1; g <= p.ngroups; g++ {
			gs, ge := m.caps[2*g], m.caps[2*g+1]
			if gs < 0 || ge < 0 {
				out = append(out, vm.None)
			} else {
				out = append(out, sub.slice(gs, ge))
			}
		}
		last = e
		n++
		return true
	})
	out = append(out, sub.slice(last, len(sub.in)))
	return vm.NewList(out), nil
}

func (p *rePattern) findall(t *vm.Thread, s, pos, endpos vm.Value) (vm.Value, error) {
	sub, start, end, err := p.subject(t, s, pos, endpos)
	if err != nil {
		return vm.Value{}, err
	}
	m := p.getMachine()
	defer p.putMachine(m)
	m.in, m.end = sub.in, end
	var out []vm.Value
	p.iterate(m, start, func() bool {
		grp := func(g int) vm.Value {
			gs, ge := m.caps[2*g], m.caps[2*g+1]
			if gs < 0 || ge < 0 {
				return sub.empty()
			}
			return sub.slice(gs, ge)
		}
		switch p.ngroups {
		case 0:
			out = append(out, grp(0))
		case 1:
			out = append(out, grp(1))
		default:
			items := make([]vm.Value, p.ngroups)
			for g := range items {
				items[g] = grp(g + 1)
			}
			out = append(out, vm.NewTuple(items))
		}
		return true
	})
	return vm.NewList(out), nil
}

// finditer returns an iterator of Match objects; the machine is owned by
// the iterator.
func (p *rePattern) finditer(t *vm.Thread, s, pos, endpos vm.Value) (vm.Value, error) {
	sub, start, end, err := p.subject(t, s, pos, endpos)
	if err != nil {
		return vm.Value{}, err
	}
	m := newReMachine(p.ngroups, p.nregs)
	m.in, m.end = sub.in, end
	at, noEmpty := start, -1
	done := false
	return vm.NewIterator(func() (vm.Value, bool, error) {
		if done || at > m.end || !p.search(m, at, noEmpty) {
			done = true
			return vm.Value{}, false, nil
		}
		s, e := m.caps[0], m.caps[1]
		if e == s {
			noEmpty = e
		} else {
			noEmpty = -1
		}
		at = e
		return vm.ObjectValue(newReMatch(p, sub, m, start, end)), true, nil
	}), nil
}

var reFlagNames = []struct {
	v    int
	name string
}{{reFlagTemplate, "TEMPLATE"}, {reIgnoreCase, "IGNORECASE"}, {reLocale, "LOCALE"}, {reMultiline, "MULTILINE"},
	{reDotAll, "DOTALL"}, {reUnicode, "UNICODE"}, {reVerbose, "VERBOSE"}, {reDebug, "DEBUG"}, {reASCII, "ASCII"}}

// reFlagsRepr spells flags as re.IGNORECASE|re.MULTILINE.
func reFlagsRepr(flags int) string {
	var parts []string
	for _, f := range reFlagNames {
		if flags&f.v != 0 {
			parts = append(parts, "re."+f.name)
			flags &^= f.v
		}
	}
	if flags != 0 {
		parts = append(parts, "0x"+strings.ToLower(strings.TrimLeft(hexString(flags), "0")))
	}
	return strings.Join(parts, "|")
}

func hexString(n int) string {
	const digits = "0123456789ABCDEF"
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{digits[n&15]}, b...)
		n >>= 4
	}
	return string(b)
}

func patSelf(v vm.Value) *rePattern { p, _ := v.Object().(*rePattern); return p }

func init() {
	T := rePatternType
	for _, mode := range []struct {
		name string
		m    matchMode
	}{{"match", modeMatch}, {"fullmatch", modeFull}, {"search", modeSearch}} {
		mode := mode
		T.NewMethod(mode.name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			var s, pos, endpos vm.Value
			if err := vm.UnpackArgs(mode.name, args, kw, []string{"string", "pos?", "endpos?"}, &s, &pos, &endpos); err != nil {
				return vm.Value{}, err
			}
			return patSelf(self).doMatch(t, mode.m, s, pos, endpos)
		})
	}
	T.NewMethod("sub", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var repl, s, count vm.Value
		if err := vm.UnpackArgs("sub", args, kw, []string{"repl", "string", "count?"}, &repl, &s, &count); err != nil {
			return vm.Value{}, err
		}
		c, err := intOpt(t, count, 0)
		if err != nil {
			return vm.Value{}, err
		}
		r, _, err := patSelf(self).subn(t, repl, s, c)
		return r, err
	})
	T.NewMethod("subn", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var repl, s, count vm.Value
		if err := vm.UnpackArgs("subn", args, kw, []string{"repl", "string", "count?"}, &repl, &s, &count); err != nil {
			return vm.Value{}, err
		}
		c, err := intOpt(t, count, 0)
		if err != nil {
			return vm.Value{}, err
		}
		r, n, err := patSelf(self).subn(t, repl, s, c)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Tuple2(r, vm.Int(int64(n))), nil
	})
	T.NewMethod("split", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var s, maxsplit vm.Value
		if err := vm.UnpackArgs("split", args, kw, []string{"string", "maxsplit?"}, &s, &maxsplit); err != nil {
			return vm.Value{}, err
		}
		n, err := intOpt(t, maxsplit, 0)
		if err != nil {
			return vm.Value{}, err
		}
		return patSelf(self).split(t, s, n)
	})
	T.NewMethod("findall", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var s, pos, endpos vm.Value
		if err := vm.UnpackArgs("findall", args, kw, []string{"string", "pos?", "endpos?"}, &s, &pos, &endpos); err != nil {
			return vm.Value{}, err
		}
		return patSelf(self).findall(t, s, pos, endpos)
	})
	T.NewMethod("finditer", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var s, pos, endpos vm.Value
		if err := vm.UnpackArgs("finditer", args, kw, []string{"string", "pos?", "endpos?"}, &s, &pos, &endpos); err != nil {
			return vm.Value{}, err
		}
		return patSelf(self).finditer(t, s, pos, endpos)
	})
	T.NewMethod("scanner", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Value{}, vm.Errorf(vm.NotImplementedError, "re.Pattern.scanner is not supported by pyasync")
	})
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		p := patSelf(self)
		r, err := t.Repr(p.src)
		if err != nil {
			return vm.Value{}, err
		}
		if rs := []rune(r); len(rs) > 200 {
			r = string(rs[:200])
		}
		flags := p.flags
		if !p.isBytes {
			flags &^= reUnicode
		}
		if flags != 0 {
			return vm.Str("re.compile(" + r + ", " + reFlagsRepr(flags) + ")"), nil
		}
		return vm.Str("re.compile(" + r + ")"), nil
	})
	T.NewMethod("__eq__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		p := patSelf(self)
		o, ok := args[0].Object().(*rePattern)
		if !ok {
			return vm.NotImplemented, nil
		}
		if p == o {
			return vm.True, nil
		}
		eq, err := t.Equal(p.src, o.src)
		return vm.Bool(err == nil && eq && p.flags == o.flags), err
	})
	T.NewMethod("__hash__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		p := patSelf(self)
		h, err := t.Hash(p.src)
		return vm.Int(h ^ int64(p.flags)), err
	})
	T.NewMethod("__copy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	T.NewMethod("__deepcopy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	T.NewGetSet("pattern", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return patSelf(self).src, nil }, nil)
	T.NewGetSet("flags", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(patSelf(self).flags)), nil
	}, nil)
	T.NewGetSet("groups", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(patSelf(self).ngroups)), nil
	}, nil)
	T.NewGetSet("groupindex", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		p := patSelf(self)
		d := vm.NewDict()
		for _, n := range p.nameOrder {
			d.SetStr(n, vm.Int(int64(p.names[n])))
		}
		return vm.NewMappingProxy(d), nil
	}, nil)
}

func initRe(v *vm.VM, mod *vm.Module) error {
	rm := &reModule{cache: map[reCacheKey]*rePattern{}}
	flagArg := func(t *vm.Thread, f vm.Value) (int, error) {
		if !f.IsValid() {
			return 0, nil
		}
		n, err := t.Index(f)
		return int(n), err
	}
	mod.Set("error", vm.ObjectValue(reErrorType))
	mod.Set("Pattern", vm.ObjectValue(rePatternType))
	mod.Set("Match", vm.ObjectValue(reMatchType))
	mod.Set("RegexFlag", vm.ObjectValue(reFlagType))
	for _, f := range reFlagNames {
		mod.Set(f.name, reFlagValue(int64(f.v)))
	}
	for short, val := range map[string]int{"T": reFlagTemplate, "I": reIgnoreCase, "L": reLocale, "M": reMultiline,
		"S": reDotAll, "U": reUnicode, "X": reVerbose, "A": reASCII, "NOFLAG": 0} {
		mod.Set(short, reFlagValue(int64(val)))
	}
	mod.SetFunc("compile", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var pat, flags vm.Value
		if err := vm.UnpackArgs("compile", args, kw, []string{"pattern", "flags?"}, &pat, &flags); err != nil {
			return vm.Value{}, err
		}
		f, err := flagArg(t, flags)
		if err != nil {
			return vm.Value{}, err
		}
		p, err := rm.compile(t, pat, f)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(p), nil
	})
	for _, mode := range []struct {
		name string
		m    matchMode
	}{{"match", modeMatch}, {"fullmatch", modeFull}, {"search", modeSearch}} {
		mode := mode
		mod.SetFunc(mode.name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var pat, s, flags vm.Value
			if err := vm.UnpackArgs(mode.name, args, kw, []string{"pattern", "string", "flags?"}, &pat, &s, &flags); err != nil {
				return vm.Value{}, err
			}
			f, err := flagArg(t, flags)
			if err != nil {
				return vm.Value{}, err
			}
			p, err := rm.compile(t, pat, f)
			if err != nil {
				return vm.Value{}, err
			}
			return p.doMatch(t, mode.m, s, vm.Value{}, vm.Value{})
		})
	}
	subFn := func(name string, withCount bool) vm.BuiltinFunc {
		return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var pat, repl, s, count, flags vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"pattern", "repl", "string", "count?", "flags?"}, &pat, &repl, &s, &count, &flags); err != nil {
				return vm.Value{}, err
			}
			f, err := flagArg(t, flags)
			if err != nil {
				return vm.Value{}, err
			}
			c, err := intOpt(t, count, 0)
			if err != nil {
				return vm.Value{}, err
			}
			p, err := rm.compile(t, pat, f)
			if err != nil {
				return vm.Value{}, err
			}
			r, n, err := p.subn(t, repl, s, c)
			if err != nil {
				return vm.Value{}, err
			}
			if withCount {
				return vm.Tuple2(r, vm.Int(int64(n))), nil
			}
			return r, nil
		}
	}
	mod.SetFunc("sub", subFn("sub", false))
	mod.SetFunc("subn", subFn("subn", true))
	mod.SetFunc("split", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var pat, s, maxsplit, flags vm.Value
		if err := vm.UnpackArgs("split", args, kw, []string{"pattern", "string", "maxsplit?", "flags?"}, &pat, &s, &maxsplit, &flags); err != nil {
			return vm.Value{}, err
		}
		f, err := flagArg(t, flags)
		if err != nil {
			return vm.Value{}, err
		}
		n, err := intOpt(t, maxsplit, 0)
		if err != nil {
			return vm.Value{}, err
		}
		p, err := rm.compile(t, pat, f)
		if err != nil {
			return vm.Value{}, err
		}
		return p.split(t, s, n)
	})
	for _, name := range []string{"findall", "finditer"} {
		name := name
		mod.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var pat, s, flags vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"pattern", "string", "flags?"}, &pat, &s, &flags); err != nil {
				return vm.Value{}, err
			}
			f, err := flagArg(t, flags)
			if err != nil {
				return vm.Value{}, err
			}
			p, err := rm.compile(t, pat, f)
			if err != nil {
				return vm.Value{}, err
			}
			if name == "findall" {
				return p.findall(t, s, vm.Value{}, vm.Value{})
			}
			return p.finditer(t, s, vm.Value{}, vm.Value{})
		})
	}
	mod.SetFunc("escape", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var pat vm.Value
		if err := vm.UnpackArgs("escape", args, kw, []string{"pattern"}, &pat); err != nil {
			return vm.Value{}, err
		}
		const special = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"
		if s, ok := pat.AsStr(); ok {
			var sb strings.Builder
			for _, r := range s {
				if r < 128 && strings.ContainsRune(special, r) {
					sb.WriteByte('\\')
				}
				sb.WriteRune(r)
			}
			return vm.Str(sb.String()), nil
		}
		if b, ok := bufferBytes(pat); ok {
			var out []byte
			for _, c := range b {
				if strings.IndexByte(special, c) >= 0 {
					out = append(out, '\\')
				}
				out = append(out, c)
			}
			return vm.NewBytes(out), nil
		}
		return vm.Value{}, vm.Errorf(vm.TypeError, "expected str or bytes-like object, got '%s'", pat.TypeName())
	})
	mod.SetFunc("purge", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		rm.cache = map[reCacheKey]*rePattern{}
		return vm.None, nil
	})
	mod.SetFunc("template", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Value{}, vm.Errorf(vm.NotImplementedError, "re.template is not supported by pyasync")
	})
	return nil
}
