package stdlib

import (
	"strconv"
	"strings"
	"unicode"
)

// The parser of the re module: Python's regular-expression syntax into a
// tree of reNode, with CPython's error messages and positions. Flags that
// inline groups change ((?i:...)) are resolved here, so every node carries
// the flags that apply to it.

// Regular-expression flags (the values of re.I, re.M ...).
const (
	reFlagTemplate = 1
	reIgnoreCase   = 2
	reLocale       = 4
	reMultiline    = 8
	reDotAll       = 16
	reUnicode      = 32
	reVerbose      = 64
	reDebug        = 128
	reASCII        = 256
)

type reOp uint8

const (
	opEmpty    reOp = iota
	opLit           // ch
	opAny           // . (flags decide DOTALL)
	opSet           // set
	opConcat        // subs
	opAlt           // subs
	opRepeat        // subs[0], min, max (-1 = unbounded), greedy, possessive
	opGroup         // subs[0], group (0 = non-capturing is never made: the sub is used)
	opBackref       // group
	opLook          // subs[0], neg, behind
	opAtomic        // subs[0]
	opCond          // group, subs[0] yes, subs[1] no (may be nil)
	opBol           // ^
	opEol           // $
	opBos           // \A
	opEos           // \Z
	opWordB         // \b
	opNotWordB      // \B
)

// reNode is one node of a parsed pattern.
type reNode struct {
	op         reOp
	flags      int
	ch         rune
	set        *reSet
	subs       []*reNode
	min, max   int
	greedy     bool
	possessive bool
	group      int
	neg        bool
	behind     bool
}

// reClass is a class escape inside a set (\d \w \s and their negations).
type reClass uint8

const (
	classDigit reClass = iota
	classNotDigit
	classWord
	classNotWord
	classSpace
	classNotSpace
)

// reSet is a character set [...] or a class escape outside one.
type reSet struct {
	ranges  []rune // pairs lo, hi
	classes []reClass
	neg     bool
	icase   bool
	ascii   bool
	bitmap  [4]uint64 // precomputed membership for c < 256
}

// reError is a syntax error of a pattern.
type reError struct {
	msg string
	pos int // -1 when the error has no position
}

func (e *reError) Error() string { return e.msg }

// reParser parses one pattern.
type reParser struct {
	src       []rune
	pos       int
	flags     int // global flags
	isBytes   bool
	ngroups   int
	names     map[string]int
	open      map[int]bool // groups still open
	inBehind  int
	lookGroup int // first group inside the innermost lookbehind
}

func reParse(src []rune, flags int, isBytes bool) (*reNode, *reParser, error) {
	p := &reParser{src: src, flags: flags, isBytes: isBytes, names: map[string]int{}, open: map[int]bool{}}
	// global inline flags may change VERBOSE for the whole pattern:
	// CPython re-parses when (?x) appears at the start
	n, err := p.parseAlt(flags, 0)
	if err != nil {
		return nil, nil, err
	}
	if p.pos < len(p.src) {
		if p.src[p.pos] == ')' {
			return nil, nil, &reError{"unbalanced parenthesis", p.pos}
		}
		return nil, nil, &reError{"internal: unparsed input", p.pos}
	}
	if p.flags&reVerbose != 0 && flags&reVerbose == 0 {
		q := &reParser{src: src, flags: p.flags, isBytes: isBytes, names: map[string]int{}, open: map[int]bool{}}
		n, err = q.parseAlt(p.flags, 0)
		if err != nil {
			return nil, nil, err
		}
		p = q
	}
	return n, p, nil
}

func (p *reParser) more() bool { return p.pos < len(p.src) }

func (p *reParser) peek() rune {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return -1
}

// skipVerbose skips whitespace and comments in verbose mode.
func (p *reParser) skipVerbose(flags int) {
	if flags&reVerbose == 0 {
		return
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '#' {
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			p.pos++
			continue
		}
		return
	}
}

func (p *reParser) parseAlt(flags, depth int) (*reNode, error) {
	var alts []*reNode
	for {
		n, err := p.parseConcat(&flags, depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, n)
		if p.peek() != '|' {
			break
		}
		p.pos++
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &reNode{op: opAlt, subs: alts, flags: flags}, nil
}

func isRepeatable(n *reNode) bool {
	switch n.op {
	case opBol, opEol, opBos, opEos, opWordB, opNotWordB, opEmpty:
		return false
	}
	return true
}

func (p *reParser) parseConcat(flags *int, depth int) (*reNode, error) {
	var items []*reNode
	lastQuant := false
	for {
		p.skipVerbose(*flags)
		if !p.more() {
			break
		}
		c := p.peek()
		if c == '|' || c == ')' {
			if c == ')' && depth == 0 {
				return nil, &reError{"unbalanced parenthesis", p.pos}
			}
			break
		}
		start := p.pos
		if c == '*' || c == '+' || c == '?' || (c == '{' && p.isRepeatBrace()) {
			if len(items) == 0 || !isRepeatable(items[len(items)-1]) {
				return nil, &reError{"nothing to repeat", start}
			}
			last := items[len(items)-1]
			if lastQuant {
				return nil, &reError{"multiple repeat", start}
			}
			lastQuant = true
			rep, err := p.parseQuant(last, *flags)
			if err != nil {
				return nil, err
			}
			items[len(items)-1] = rep
			continue
		}
		atom, err := p.parseAtom(flags, depth)
		if err != nil {
			return nil, err
		}
		if atom != nil {
			items = append(items, atom)
			lastQuant = false
		}
	}
	switch len(items) {
	case 0:
		return &reNode{op: opEmpty}, nil
	case 1:
		return items[0], nil
	}
	return &reNode{op: opConcat, subs: items}, nil
}

// isRepeatBrace reports whether '{' at pos starts a valid {m,n}.
func (p *reParser) isRepeatBrace() bool {
	i := p.pos + 1
	digits := 0
	for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' {
		i++
		digits++
	}
	if i < len(p.src) && p.src[i] == ',' {
		i++
		for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' {
			i++
		}
	} else if digits == 0 {
		return false
	}
	return i < len(p.src) && p.src[i] == '}'
}

func (p *reParser) readInt() (int, bool) {
	start := p.pos
	for p.more() && p.peek() >= '0' && p.peek() <= '9' {
		p.pos++
	}
	if start == p.pos {
		return 0, false
	}
	n, err := strconv.Atoi(string(p.src[start:p.pos]))
	if err != nil || n > 4294967295 {
		return 4294967295, true
	}
	return n, true
}

func (p *reParser) parseQuant(atom *reNode, flags int) (*reNode, error) {
	c := p.src[p.pos]
	p.pos++
	min, max := 0, -1
	switch c {
	case '+':
		min = 1
	case '?':
		max = 1
	case '{':
		numPos := p.pos
		lo, hasLo := p.readInt()
		if hasLo {
			min = lo
		}
		if p.peek() == ',' {
			p.pos++
			if hi, ok := p.readInt(); ok {
				max = hi
			}
		} else {
			max = min
		}
		p.pos++ // '}'
		if max >= 0 && max < min {
			return nil, &reError{"min repeat greater than max repeat", numPos}
		}
		if min >= 4294967295 || max >= 4294967295 {
			return nil, &reError{"the repetition number is too large", numPos}
		}
	}
	n := &reNode{op: opRepeat, subs: []*reNode{atom}, min: min, max: max, greedy: true, flags: flags}
	if p.peek() == '?' {
		p.pos++
		n.greedy = false
	} else if p.peek() == '+' {
		p.pos++
		n.possessive = true
	}
	return n, nil
}

func (p *reParser) parseAtom(flags *int, depth int) (*reNode, error) {
	start := p.pos
	c := p.src[p.pos]
	p.pos++
	f := *flags
	switch c {
	case '.':
		return &reNode{op: opAny, flags: f}, nil
	case '^':
		return &reNode{op: opBol, flags: f}, nil
	case '$':
		return &reNode{op: opEol, flags: f}, nil
	case '[':
		return p.parseSet(start, f)
	case '\\':
		return p.parseEscape(start, f)
	case '(':
		return p.parseGroup(start, flags, depth)
	}
	return &reNode{op: opLit, ch: c, flags: f}, nil
}

func (p *reParser) parseName(start int, term rune) (string, error) {
	nameStart := p.pos
	for p.more() && p.peek() != term {
		p.pos++
	}
	if !p.more() {
		if term == ')' {
			return "", &reError{"missing ), unterminated name", nameStart}
		}
		return "", &reError{"missing " + string(term) + ", unterminated name", nameStart}
	}
	name := string(p.src[nameStart:p.pos])
	p.pos++
	if name == "" {
		return "", &reError{"missing group name", nameStart}
	}
	if !isIdentifier(name) {
		return "", &reError{"bad character in group name " + pyQuote(name), nameStart}
	}
	return name, nil
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Nl, r))) {
			continue
		}
		return false
	}
	return s != ""
}

// pyQuote is repr() of a plain string (single quotes unless it holds one).
func pyQuote(s string) string {
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

var reFlagLetters = map[rune]int{'a': reASCII, 'i': reIgnoreCase, 'L': reLocale, 'm': reMultiline, 's': reDotAll, 'u': reUnicode, 'x': reVerbose}

func (p *reParser) parseGroup(start int, flags *int, depth int) (*reNode, error) {
	f := *flags
	if p.peek() != '?' {
		p.ngroups++
		g := p.ngroups
		p.open[g] = true
		sub, err := p.parseAlt(f, depth+1)
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, &reError{"missing ), unterminated subpattern", start}
		}
		p.pos++
		delete(p.open, g)
		return &reNode{op: opGroup, group: g, subs: []*reNode{sub}, flags: f}, nil
	}
	p.pos++
	if !p.more() {
		return nil, &reError{"unexpected end of pattern", p.pos}
	}
	c := p.peek()
	p.pos++
	closeSub := func(n *reNode) (*reNode, error) {
		if p.peek() != ')' {
			return nil, &reError{"missing ), unterminated subpattern", start}
		}
		p.pos++
		return n, nil
	}
	switch c {
	case ':':
		sub, err := p.parseAlt(f, depth+1)
		if err != nil {
			return nil, err
		}
		return closeSub(sub)
	case 'P':
		if !p.more() {
			return nil, &reError{"unexpected end of pattern", p.pos}
		}
		switch p.peek() {
		case '<':
			p.pos++
			name, err := p.parseName(start, '>')
			if err != nil {
				return nil, err
			}
			p.ngroups++
			g := p.ngroups
			if old, ok := p.names[name]; ok {
				return nil, &reError{"redefinition of group name " + pyQuote(name) + " as group " + strconv.Itoa(g) + "; was group " + strconv.Itoa(old), p.pos - len([]rune(name)) - 1}
			}
			p.names[name] = g
			p.open[g] = true
			sub, err := p.parseAlt(f, depth+1)
			if err != nil {
				return nil, err
			}
			delete(p.open, g)
			return closeSub(&reNode{op: opGroup, group: g, subs: []*reNode{sub}, flags: f})
		case '=':
			p.pos++
			nameStart := p.pos
			name, err := p.parseName(start, ')')
			if err != nil {
				return nil, err
			}
			g, ok := p.names[name]
			if !ok {
				return nil, &reError{"unknown group name " + pyQuote(name), nameStart}
			}
			if p.open[g] {
				return nil, &reError{"cannot refer to an open group", nameStart}
			}
			return &reNode{op: opBackref, group: g, flags: f}, nil
		}
		p.pos++
		return nil, &reError{"unknown extension ?P" + string(p.src[p.pos-1]), start + 1}
	case '#':
		for p.more() && p.peek() != ')' {
			p.pos++
		}
		if !p.more() {
			return nil, &reError{"missing ), unterminated comment", start}
		}
		p.pos++
		return nil, nil
	case '=', '!':
		sub, err := p.parseAlt(f, depth+1)
		if err != nil {
			return nil, err
		}
		return closeSub(&reNode{op: opLook, neg: c == '!', subs: []*reNode{sub}, flags: f})
	case '<':
		if !p.more() {
			return nil, &reError{"unexpected end of pattern", p.pos}
		}
		d := p.peek()
		if d != '=' && d != '!' {
			p.pos++
			return nil, &reError{"unknown extension ?<" + string(d), start + 1}
		}
		p.pos++
		p.inBehind++
		sub, err := p.parseAlt(f, depth+1)
		p.inBehind--
		if err != nil {
			return nil, err
		}
		n, err := closeSub(&reNode{op: opLook, neg: d == '!', behind: true, subs: []*reNode{sub}, flags: f})
		if err != nil {
			return nil, err
		}
		if _, ok := reWidth(sub); !ok {
			return nil, &reError{"look-behind requires fixed-width pattern", -1}
		}
		return n, nil
	case '>':
		sub, err := p.parseAlt(f, depth+1)
		if err != nil {
			return nil, err
		}
		return closeSub(&reNode{op: opAtomic, subs: []*reNode{sub}, flags: f})
	case '(':
		condStart := p.pos
		for p.more() && p.peek() != ')' {
			p.pos++
		}
		if !p.more() {
			return nil, &reError{"missing ), unterminated name", condStart}
		}
		name := string(p.src[condStart:p.pos])
		p.pos++
		yes, err := p.parseConcat(&f, depth+1)
		if err != nil {
			return nil, err
		}
		var no *reNode
		if p.peek() == '|' {
			p.pos++
			if no, err = p.parseConcat(&f, depth+1); err != nil {
				return nil, err
			}
			if p.peek() == '|' {
				return nil, &reError{"conditional backref with more than two branches", p.pos}
			}
		}
		var g int
		if n, err := strconv.Atoi(name); err == nil && isASCIIDigits(name) {
			if n == 0 {
				return nil, &reError{"bad group number", condStart}
			}
			if n > p.ngroups {
				return nil, &reError{"invalid group reference " + name, condStart}
			}
			g = n
		} else {
			if !isIdentifier(name) {
				return nil, &reError{"bad character in group name " + pyQuote(name), condStart}
			}
			var ok bool
			if g, ok = p.names[name]; !ok {
				return nil, &reError{"unknown group name " + pyQuote(name), condStart}
			}
		}
		return closeSub(&reNode{op: opCond, group: g, subs: []*reNode{yes, no}, flags: f})
	}
	// inline flags: (?aiLmsux) or (?flags-flags:...)
	p.pos--
	on, off := 0, 0
	for p.more() {
		d := p.peek()
		fl, ok := reFlagLetters[d]
		if !ok {
			break
		}
		if d == 'L' && !p.isBytes {
			p.pos++
			return nil, &reError{"bad inline flags: cannot use 'L' flag with a str pattern", p.pos}
		}
		if d == 'u' && p.isBytes {
			p.pos++
			return nil, &reError{"bad inline flags: cannot use 'u' flag with a bytes pattern", p.pos}
		}
		on |= fl
		p.pos++
	}
	if p.peek() == '-' {
		p.pos++
		for p.more() {
			d := p.peek()
			fl, ok := reFlagLetters[d]
			if !ok {
				break
			}
			if d == 'a' || d == 'L' || d == 'u' {
				p.pos++
				return nil, &reError{"bad inline flags: cannot turn off flags 'a', 'u' and 'L'", p.pos}
			}
			if on&fl != 0 {
				p.pos++
				return nil, &reError{"bad inline flags: flag turned on and off", p.pos}
			}
			off |= fl
			p.pos++
		}
		if off == 0 {
			if !p.more() {
				return nil, &reError{"missing flag", p.pos}
			}
			return nil, &reError{"missing flag", p.pos}
		}
		if p.peek() != ':' {
			if !p.more() {
				return nil, &reError{"missing :", p.pos}
			}
			return nil, &reError{"missing :", p.pos}
		}
	}
	if !p.more() {
		return nil, &reError{"missing -, : or )", p.pos}
	}
	switch p.peek() {
	case ')':
		if on == 0 && off == 0 {
			return nil, &reError{"unknown extension ?" + string(p.src[start+2]), start + 1}
		}
		p.pos++
		if start != 0 {
			return nil, &reError{"global flags not at the start of the expression", start}
		}
		p.flags |= on
		*flags |= on
		return nil, nil
	case ':':
		p.pos++
		nf := (f | on) &^ off
		if on&reASCII != 0 {
			nf &^= reUnicode
		}
		sub, err := p.parseAlt(nf, depth+1)
		if err != nil {
			return nil, err
		}
		return closeSub(sub)
	}
	if on == 0 && off == 0 {
		return nil, &reError{"unknown extension ?" + string(p.peek()), start + 1}
	}
	return nil, &reError{"missing -, : or )", p.pos}
}

func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isOctal(r rune) bool { return r >= '0' && r <= '7' }

// parseHexEscape reads n hex digits after \x, \u or \U.
func (p *reParser) parseHexEscape(start int, letter rune, n int) (rune, error) {
	if p.pos+n > len(p.src) {
		return 0, &reError{"incomplete escape \\" + string(letter) + string(p.src[p.pos:]), start}
	}
	s := string(p.src[p.pos : p.pos+n])
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		end := p.pos
		for end < p.pos+n && strings.ContainsRune("0123456789abcdefABCDEF", p.src[end]) {
			end++
		}
		return 0, &reError{"incomplete escape \\" + string(letter) + string(p.src[p.pos:end]), start}
	}
	p.pos += n
	if v > unicode.MaxRune {
		return 0, &reError{"bad escape \\" + string(letter) + s, start}
	}
	return rune(v), nil
}

// parseCharEscape parses the escapes that stand for one character (shared
// by sets and the pattern); ok is false when the escape is not one.
func (p *reParser) parseCharEscape(start int, c rune) (rune, bool, error) {
	switch c {
	case 'a':
		return 7, true, nil
	case 'f':
		return 12, true, nil
	case 'n':
		return 10, true, nil
	case 'r':
		return 13, true, nil
	case 't':
		return 9, true, nil
	case 'v':
		return 11, true, nil
	case '\\':
		return '\\', true, nil
	case 'x':
		r, err := p.parseHexEscape(start, 'x', 2)
		return r, true, err
	case 'u', 'U':
		if p.isBytes {
			return 0, true, &reError{"bad escape \\" + string(c), start}
		}
		n := 4
		if c == 'U' {
			n = 8
		}
		r, err := p.parseHexEscape(start, c, n)
		return r, true, err
	case 'N':
		if p.isBytes {
			return 0, true, &reError{"bad escape \\N", start}
		}
		if p.peek() != '{' {
			return 0, true, &reError{"missing {", p.pos}
		}
		p.pos++
		nameStart := p.pos
		for p.more() && p.peek() != '}' {
			p.pos++
		}
		if !p.more() {
			return 0, true, &reError{"missing }, unterminated name", nameStart}
		}
		name := string(p.src[nameStart:p.pos])
		p.pos++
		r, ok := unicodeLookup(name)
		if !ok {
			return 0, true, &reError{"undefined character name " + pyQuote(name), start}
		}
		return r, true, nil
	}
	return 0, false, nil
}

// unicodeLookup finds a character by name (unicodedata.lookup); it is
// replaced by the unicodedata module's table when that is linked in.
var unicodeLookup = func(name string) (rune, bool) { return 0, false }

func (p *reParser) parseEscape(start, f int) (*reNode, error) {
	if !p.more() {
		return nil, &reError{"bad escape (end of pattern)", start}
	}
	c := p.src[p.pos]
	p.pos++
	if r, ok, err := p.parseCharEscape(start, c); ok {
		if err != nil {
			return nil, err
		}
		return &reNode{op: opLit, ch: r, flags: f}, nil
	}
	switch c {
	case 'A':
		return &reNode{op: opBos, flags: f}, nil
	case 'Z':
		return &reNode{op: opEos, flags: f}, nil
	case 'b':
		return &reNode{op: opWordB, flags: f}, nil
	case 'B':
		return &reNode{op: opNotWordB, flags: f}, nil
	case 'd', 'D', 'w', 'W', 's', 'S':
		set := &reSet{classes: []reClass{classOf(c)}}
		return &reNode{op: opSet, set: set, flags: f}, nil
	case '0':
		v := rune(0)
		for i := 0; i < 2 && p.more() && isOctal(p.peek()); i++ {
			v = v*8 + p.peek() - '0'
			p.pos++
		}
		return &reNode{op: opLit, ch: v, flags: f}, nil
	}
	if c >= '1' && c <= '9' {
		digStart := p.pos - 1
		// three octal digits make an octal escape
		if isOctal(c) && p.pos+1 < len(p.src) && isOctal(p.src[p.pos]) && isOctal(p.src[p.pos+1]) {
			v := (c-'0')*64 + (p.src[p.pos]-'0')*8 + p.src[p.pos+1] - '0'
			p.pos += 2
			if v > 0o377 {
				return nil, &reError{"octal escape value \\" + string(p.src[digStart:p.pos]) + " outside of range 0-0o377", start}
			}
			return &reNode{op: opLit, ch: v, flags: f}, nil
		}
		n := int(c - '0')
		if p.more() && p.peek() >= '0' && p.peek() <= '9' {
			n = n*10 + int(p.peek()-'0')
			p.pos++
		}
		if n > p.ngroups || p.open[n] {
			if p.open[n] {
				return nil, &reError{"cannot refer to an open group", start}
			}
			return nil, &reError{"invalid group reference " + strconv.Itoa(n), digStart}
		}
		return &reNode{op: opBackref, group: n, flags: f}, nil
	}
	if c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
		return nil, &reError{"bad escape \\" + string(c), start}
	}
	return &reNode{op: opLit, ch: c, flags: f}, nil
}

func classOf(c rune) reClass {
	switch c {
	case 'd':
		return classDigit
	case 'D':
		return classNotDigit
	case 'w':
		return classWord
	case 'W':
		return classNotWord
	case 's':
		return classSpace
	}
	return classNotSpace
}

func (p *reParser) parseSet(start, f int) (*reNode, error) {
	set := &reSet{}
	if p.peek() == '^' {
		set.neg = true
		p.pos++
	}
	first := true
	for {
		if !p.more() {
			return nil, &reError{"unterminated character set", start}
		}
		c := p.src[p.pos]
		if c == ']' && !first {
			p.pos++
			break
		}
		first = false
		itemStart := p.pos
		p.pos++
		lo, isClass, err := p.setItem(itemStart, c, set)
		if err != nil {
			return nil, err
		}
		if p.peek() == '-' && p.pos+1 < len(p.src) && p.src[p.pos+1] != ']' {
			p.pos++
			hiStart := p.pos
			hc := p.src[p.pos]
			p.pos++
			hi, hiClass, err := p.setItem(hiStart, hc, nil)
			if err != nil {
				return nil, err
			}
			if isClass || hiClass {
				return nil, &reError{"bad character range " + string(p.src[itemStart:p.pos]), itemStart}
			}
			if hi < lo {
				return nil, &reError{"bad character range " + string(p.src[itemStart:p.pos]), itemStart}
			}
			set.ranges = append(set.ranges, lo, hi)
			continue
		}
		if !isClass {
			set.ranges = append(set.ranges, lo, lo)
		}
	}
	return &reNode{op: opSet, set: set, flags: f}, nil
}

// setItem reads one member of a set: a character (returned) or a class
// escape (added to set when set is not nil).
func (p *reParser) setItem(start int, c rune, set *reSet) (rune, bool, error) {
	if c != '\\' {
		return c, false, nil
	}
	if !p.more() {
		return 0, false, &reError{"unterminated character set", start}
	}
	e := p.src[p.pos]
	p.pos++
	if r, ok, err := p.parseCharEscape(start, e); ok {
		return r, false, err
	}
	switch e {
	case 'b':
		return 8, false, nil
	case 'd', 'D', 'w', 'W', 's', 'S':
		if set != nil {
			set.classes = append(set.classes, classOf(e))
		}
		return 0, true, nil
	case '0':
		v := rune(0)
		for i := 0; i < 2 && p.more() && isOctal(p.peek()); i++ {
			v = v*8 + p.peek() - '0'
			p.pos++
		}
		return v, false, nil
	}
	if isOctal(e) {
		v := e - '0'
		for i := 0; i < 2 && p.more() && isOctal(p.peek()); i++ {
			v = v*8 + p.peek() - '0'
			p.pos++
		}
		if v > 0o377 {
			return 0, false, &reError{"octal escape value \\" + string(p.src[start+1:p.pos]) + " outside of range 0-0o377", start}
		}
		return v, false, nil
	}
	if e < 128 && (unicode.IsLetter(e) || unicode.IsDigit(e)) {
		return 0, false, &reError{"bad escape \\" + string(e), start}
	}
	return e, false, nil
}

// reWidth returns the fixed width of a node (ok false when it varies).
func reWidth(n *reNode) (int, bool) {
	if n == nil {
		return 0, true
	}
	switch n.op {
	case opLit, opAny, opSet:
		return 1, true
	case opConcat:
		w := 0
		for _, s := range n.subs {
			sw, ok := reWidth(s)
			if !ok {
				return 0, false
			}
			w += sw
		}
		return w, true
	case opAlt:
		w := -1
		for _, s := range n.subs {
			sw, ok := reWidth(s)
			if !ok || (w >= 0 && sw != w) {
				return 0, false
			}
			w = sw
		}
		return w, true
	case opRepeat:
		if n.min != n.max {
			return 0, false
		}
		sw, ok := reWidth(n.subs[0])
		return sw * n.min, ok
	case opGroup, opAtomic:
		return reWidth(n.subs[0])
	case opBackref:
		return 0, false
	case opCond:
		a, ok1 := reWidth(n.subs[0])
		b, ok2 := reWidth(n.subs[1])
		return a, ok1 && ok2 && a == b
	}
	return 0, true
}
