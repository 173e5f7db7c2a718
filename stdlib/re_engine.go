package stdlib

import (
	"unicode"
)

// The matcher of the re module: a parsed pattern (re_parse.go) compiled to
// instructions for a backtracking machine with an explicit stack, so deep
// backtracking does not recurse on the Go stack. Lookarounds and atomic
// groups run their sub-programs on the same machine. Positions are indexes
// into the subject's code points (bytes for bytes patterns).

type reInstOp uint8

const (
	iChar reInstOp = iota
	iCharFold
	iAny   // any but \n
	iAnyNL // any
	iSet
	iSplit // try x, then y
	iJmp
	iSave // caps[x] = pos
	iBackref
	iLook
	iAtomic
	iCond
	iMark      // regs[x] = pos
	iLoopCheck // pos == regs[x] ? goto y : goto next... see run
	iStar      // single-character repeat: x = min, y = max (-1), greedy
	iBol
	iBolM
	iEol
	iEolM
	iBos
	iEos
	iWordB
	iNotWordB
	iMatch
)

// reInst is one instruction.
type reInst struct {
	op     reInstOp
	greedy bool
	neg    bool
	behind bool
	ascii  bool
	icase  bool
	ch     rune
	x, y   int
	width  int
	folds  []rune
	set    *reSet
	atom   *reInst // the single-character test of iStar
	sub    *reProg
}

// reProg is a compiled program.
type reProg struct {
	insts []reInst
}

// reCompiler turns a tree into a program.
type reCompiler struct {
	nregs   int
	isBytes bool
}

func (c *reCompiler) compile(n *reNode) *reProg {
	p := &reProg{}
	c.emit(p, n)
	p.insts = append(p.insts, reInst{op: iMatch})
	return p
}

func (c *reCompiler) ascii(flags int) bool { return c.isBytes || flags&reASCII != 0 }

func foldOrbit(r rune, ascii bool) []rune {
	var out []rune
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if ascii && (f >= 128 || r >= 128) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// atomInst returns the single-character instruction of a node, if it is
// one (a literal, '.', or a set).
func (c *reCompiler) atomInst(n *reNode) (reInst, bool) {
	icase := n.flags&reIgnoreCase != 0
	switch n.op {
	case opLit:
		if icase {
			if f := foldOrbit(n.ch, c.ascii(n.flags)); len(f) > 0 {
				return reInst{op: iCharFold, ch: n.ch, folds: f}, true
			}
		}
		return reInst{op: iChar, ch: n.ch}, true
	case opAny:
		if n.flags&reDotAll != 0 {
			return reInst{op: iAnyNL}, true
		}
		return reInst{op: iAny}, true
	case opSet:
		s := n.set
		s.icase = icase
		s.ascii = c.ascii(n.flags)
		s.prepare()
		return reInst{op: iSet, set: s}, true
	}
	return reInst{}, false
}

func (c *reCompiler) emit(p *reProg, n *reNode) {
	if in, ok := c.atomInst(n); ok {
		p.insts = append(p.insts, in)
		return
	}
	add := func(in reInst) int {
		p.insts = append(p.insts, in)
		return len(p.insts) - 1
	}
	switch n.op {
	case opEmpty:
	case opConcat:
		for _, s := range n.subs {
			c.emit(p, s)
		}
	case opAlt:
		var jumps []int
		for i, s := range n.subs {
			if i < len(n.subs)-1 {
				split := add(reInst{op: iSplit})
				p.insts[split].x = len(p.insts)
				c.emit(p, s)
				jumps = append(jumps, add(reInst{op: iJmp}))
				p.insts[split].y = len(p.insts)
			} else {
				c.emit(p, s)
			}
		}
		for _, j := range jumps {
			p.insts[j].x = len(p.insts)
		}
	case opGroup:
		add(reInst{op: iSave, x: 2 * n.group})
		c.emit(p, n.subs[0])
		add(reInst{op: iSave, x: 2*n.group + 1})
	case opBackref:
		add(reInst{op: iBackref, x: n.group, icase: n.flags&reIgnoreCase != 0, ascii: c.ascii(n.flags)})
	case opLook:
		w, _ := reWidth(n.subs[0])
		add(reInst{op: iLook, neg: n.neg, behind: n.behind, width: w, sub: c.compile(n.subs[0])})
	case opAtomic:
		add(reInst{op: iAtomic, sub: c.compile(n.subs[0])})
	case opCond:
		cond := add(reInst{op: iCond, x: n.group})
		p.insts[cond].y = len(p.insts) // yes branch follows
		c.emit(p, n.subs[0])
		j := add(reInst{op: iJmp})
		noPC := len(p.insts)
		if n.subs[1] != nil {
			c.emit(p, n.subs[1])
		}
		p.insts[j].x = len(p.insts)
		p.insts[cond].width = noPC
	case opRepeat:
		c.emitRepeat(p, n)
	case opBol:
		if n.flags&reMultiline != 0 {
			add(reInst{op: iBolM})
		} else {
			add(reInst{op: iBol})
		}
	case opEol:
		if n.flags&reMultiline != 0 {
			add(reInst{op: iEolM})
		} else {
			add(reInst{op: iEol})
		}
	case opBos:
		add(reInst{op: iBos})
	case opEos:
		add(reInst{op: iEos})
	case opWordB:
		add(reInst{op: iWordB, ascii: c.ascii(n.flags)})
	case opNotWordB:
		add(reInst{op: iNotWordB, ascii: c.ascii(n.flags)})
	}
}

func (c *reCompiler) emitRepeat(p *reProg, n *reNode) {
	body := n.subs[0]
	if n.possessive {
		inner := *n
		inner.possessive = false
		p.insts = append(p.insts, reInst{op: iAtomic, sub: c.compile(&inner)})
		return
	}
	if atom, ok := c.atomInst(body); ok {
		a := atom
		p.insts = append(p.insts, reInst{op: iStar, x: n.min, y: n.max, greedy: n.greedy, atom: &a})
		return
	}
	for i := 0; i < n.min; i++ {
		c.emit(p, body)
	}
	if n.max == n.min {
		return
	}
	if n.max < 0 {
		r := c.nregs
		c.nregs++
		loop := len(p.insts)
		p.insts = append(p.insts, reInst{op: iMark, x: r})
		split := len(p.insts)
		p.insts = append(p.insts, reInst{op: iSplit})
		bodyPC := len(p.insts)
		c.emit(p, body)
		p.insts = append(p.insts, reInst{op: iLoopCheck, x: r, y: loop})
		exit := len(p.insts)
		p.insts[len(p.insts)-1].width = exit
		if n.greedy {
			p.insts[split].x, p.insts[split].y = bodyPC, exit
		} else {
			p.insts[split].x, p.insts[split].y = exit, bodyPC
		}
		return
	}
	var splits []int
	for i := n.min; i < n.max; i++ {
		splits = append(splits, len(p.insts))
		p.insts = append(p.insts, reInst{op: iSplit})
		p.insts[len(p.insts)-1].x = len(p.insts) // provisional: body
		c.emit(p, body)
	}
	exit := len(p.insts)
	for _, s := range splits {
		bodyPC := s + 1
		if n.greedy {
			p.insts[s].x, p.insts[s].y = bodyPC, exit
		} else {
			p.insts[s].x, p.insts[s].y = exit, bodyPC
		}
	}
}

// prepare fills the bitmap of the characters below 256.
func (s *reSet) prepare() {
	for c := rune(0); c < 256; c++ {
		if s.slowMatch(c) {
			s.bitmap[c>>6] |= 1 << (c & 63)
		}
	}
}

func (s *reSet) match(c rune) bool {
	if c < 256 {
		return s.bitmap[c>>6]&(1<<(c&63)) != 0
	}
	return s.slowMatch(c)
}

func (s *reSet) slowMatch(c rune) bool {
	m := s.matchRaw(c)
	if !m && s.icase {
		for _, f := range foldOrbit(c, s.ascii) {
			if s.matchRaw(f) {
				m = true
				break
			}
		}
	}
	return m != s.neg
}

func (s *reSet) matchRaw(c rune) bool {
	for i := 0; i < len(s.ranges); i += 2 {
		if c >= s.ranges[i] && c <= s.ranges[i+1] {
			return true
		}
	}
	for _, cl := range s.classes {
		var m bool
		switch cl {
		case classDigit, classNotDigit:
			m = reIsDigit(c, s.ascii)
		case classWord, classNotWord:
			m = reIsWord(c, s.ascii)
		default:
			m = reIsSpace(c, s.ascii)
		}
		if cl == classNotDigit || cl == classNotWord || cl == classNotSpace {
			m = !m
		}
		if m {
			return true
		}
	}
	return false
}

func reIsDigit(c rune, ascii bool) bool {
	if c < 128 || ascii {
		return c >= '0' && c <= '9'
	}
	return unicode.IsDigit(c)
}

func reIsWord(c rune, ascii bool) bool {
	if c < 128 || ascii {
		return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	return unicode.IsLetter(c) || unicode.IsNumber(c)
}

func reIsSpace(c rune, ascii bool) bool {
	if c < 128 || ascii {
		return c == ' ' || (c >= 9 && c <= 13) || (!ascii && c >= 0x1c && c <= 0x1f)
	}
	return unicode.IsSpace(c)
}

// btEntry is an entry of the backtracking stack.
type btEntry struct {
	kind uint8
	pc   int
	pos  int
	val  int
}

const (
	btChoice = iota
	btCap
	btReg
	btLast
	btStar // single-character repeat: pos is the current end, val the lower bound
)

// reMachine matches one program against one subject.
type reMachine struct {
	in        []rune
	end       int // endpos
	caps      []int
	regs      []int
	last      int // lastindex
	stack     []btEntry
	noEmptyAt int // a match starting here must not be empty (-1: none)
	start     int
}

func newReMachine(ngroups, nregs int) *reMachine {
	m := &reMachine{caps: make([]int, 2*(ngroups+1)), regs: make([]int, nregs)}
	return m
}

func (m *reMachine) reset() {
	for i := range m.caps {
		m.caps[i] = -1
	}
	m.last = -1
	m.stack = m.stack[:0]
}

func (m *reMachine) atomMatch(in *reInst, pos int) bool {
	if pos >= m.end {
		return false
	}
	c := m.in[pos]
	switch in.op {
	case iChar:
		return c == in.ch
	case iCharFold:
		if c == in.ch {
			return true
		}
		for _, f := range in.folds {
			if c == f {
				return true
			}
		}
		return false
	case iAny:
		return c != '\n'
	case iAnyNL:
		return true
	case iSet:
		return in.set.match(c)
	}
	return false
}

func (m *reMachine) isWordAt(pos int, ascii bool) bool {
	return pos >= 0 && pos < m.end && reIsWord(m.in[pos], ascii)
}

// run executes prog from pos; it returns the end of the match, or -1.
// Entries it leaves on the stack above base are the choice points of the
// match (kept by the caller only for the main program).
func (m *reMachine) run(prog *reProg, pos int, top bool) int {
	base := len(m.stack)
	pc := 0
	insts := prog.insts
	for {
		in := &insts[pc]
		switch in.op {
		case iChar:
			if pos < m.end && m.in[pos] == in.ch {
				pos++
				pc++
				continue
			}
			goto fail
		case iCharFold, iAny, iAnyNL, iSet:
			if m.atomMatch(in, pos) {
				pos++
				pc++
				continue
			}
			goto fail
		case iSplit:
			m.stack = append(m.stack, btEntry{kind: btChoice, pc: in.y, pos: pos})
			pc = in.x
			continue
		case iJmp:
			pc = in.x
			continue
		case iSave:
			m.stack = append(m.stack, btEntry{kind: btCap, pc: in.x, val: m.caps[in.x]})
			m.caps[in.x] = pos
			if in.x&1 == 1 {
				m.stack = append(m.stack, btEntry{kind: btLast, val: m.last})
				m.last = in.x / 2
			}
			pc++
			continue
		case iMark:
			m.stack = append(m.stack, btEntry{kind: btReg, pc: in.x, val: m.regs[in.x]})
			m.regs[in.x] = pos
			pc++
			continue
		case iLoopCheck:
			if pos == m.regs[in.x] {
				pc = in.width // no progress: leave the loop
			} else {
				pc = in.y
			}
			continue
		case iStar:
			n := 0
			p := pos
			if in.greedy {
				for (in.y < 0 || n < in.y) && m.atomMatch(in.atom, p) {
					p++
					n++
				}
				if n < in.x {
					goto fail
				}
				if n > in.x {
					m.stack = append(m.stack, btEntry{kind: btStar, pc: pc + 1, pos: p, val: pos + in.x})
				}
				pos = p
				pc++
				continue
			}
			for n < in.x {
				if !m.atomMatch(in.atom, p) {
					goto fail
				}
				p++
				n++
			}
			if in.y < 0 || n < in.y {
				// lazy: val holds the maximum end (-1 unbounded)
				maxEnd := -1
				if in.y >= 0 {
					maxEnd = pos + in.y
				}
				m.stack = append(m.stack, btEntry{kind: btStar, pc: pc, pos: p, val: -2 - maxEnd})
			}
			pos = p
			pc++
			continue
		case iBackref:
			s, e := m.caps[2*in.x], m.caps[2*in.x+1]
			if s < 0 || e < 0 {
				goto fail
			}
			if pos+(e-s) > m.end {
				goto fail
			}
			ok := true
			for i := 0; i < e-s; i++ {
				a, b := m.in[s+i], m.in[pos+i]
				if a != b {
					if !in.icase || !foldEqual(a, b, in.ascii) {
						ok = false
						break
					}
				}
			}
			if !ok {
				goto fail
			}
			pos += e - s
			pc++
			continue
		case iCond:
			if m.caps[2*in.x+1] >= 0 && m.caps[2*in.x] >= 0 {
				pc = in.y
			} else {
				pc = in.width
			}
			continue
		case iLook, iAtomic:
			at := pos
			if in.behind {
				at = pos - in.width
				if at < 0 {
					if in.neg {
						pc++
						continue
					}
					goto fail
				}
			}
			saved := append([]int(nil), m.caps...)
			savedLast := m.last
			savedEnd := m.end
			if in.behind {
				m.end = pos
			}
			subBase := len(m.stack)
			e := m.run(in.sub, at, false)
			m.end = savedEnd
			m.stack = m.stack[:subBase]
			if (e >= 0) == in.neg {
				copy(m.caps, saved)
				m.last = savedLast
				goto fail
			}
			if in.neg {
				pc++
				continue
			}
			for i, v := range saved {
				if m.caps[i] != v {
					m.stack = append(m.stack, btEntry{kind: btCap, pc: i, val: v})
				}
			}
			if m.last != savedLast {
				m.stack = append(m.stack, btEntry{kind: btLast, val: savedLast})
			}
			if in.op == iAtomic {
				pos = e
			}
			pc++
			continue
		case iBol:
			if pos != 0 {
				goto fail
			}
			pc++
			continue
		case iBolM:
			if pos != 0 && m.in[pos-1] != '\n' {
				goto fail
			}
			pc++
			continue
		case iEol:
			if pos != m.end && !(pos == m.end-1 && m.in[pos] == '\n') {
				goto fail
			}
			pc++
			continue
		case iEolM:
			if pos != m.end && m.in[pos] != '\n' {
				goto fail
			}
			pc++
			continue
		case iBos:
			if pos != 0 {
				goto fail
			}
			pc++
			continue
		case iEos:
			if pos != m.end {
				goto fail
			}
			pc++
			continue
		case iWordB, iNotWordB:
			b := m.isWordAt(pos-1, in.ascii) != m.isWordAt(pos, in.ascii)
			if m.end == 0 || b != (in.op == iWordB) {
				goto fail
			}
			pc++
			continue
		case iMatch:
			if top && pos == m.start && m.start == m.noEmptyAt {
				goto fail
			}
			return pos
		}
	fail:
		for {
			if len(m.stack) <= base {
				return -1
			}
			e := &m.stack[len(m.stack)-1]
			switch e.kind {
			case btCap:
				m.caps[e.pc] = e.val
			case btReg:
				m.regs[e.pc] = e.val
			case btLast:
				m.last = e.val
			case btChoice:
				pc, pos = e.pc, e.pos
				m.stack = m.stack[:len(m.stack)-1]
				goto resume
			case btStar:
				if e.val >= 0 {
					// greedy: give back one character
					e.pos--
					pos = e.pos
					pc = e.pc
					if e.pos <= e.val {
						m.stack = m.stack[:len(m.stack)-1]
					}
					goto resume
				}
				// lazy: take one more character
				maxEnd := -2 - e.val
				star := &insts[e.pc]
				if (maxEnd >= 0 && e.pos >= maxEnd) || !m.atomMatch(star.atom, e.pos) {
					break
				}
				e.pos++
				pos = e.pos
				pc = e.pc + 1
				if maxEnd >= 0 && e.pos >= maxEnd {
					m.stack = m.stack[:len(m.stack)-1]
				}
				goto resume
			}
			m.stack = m.stack[:len(m.stack)-1]
		}
	resume:
	}
}

func foldEqual(a, b rune, ascii bool) bool {
	for _, f := range foldOrbit(a, ascii) {
		if f == b {
			return true
		}
	}
	return false
}

// matchAt tries the program anchored at pos; it returns the end or -1.
func (m *reMachine) matchAt(prog *reProg, pos int) int {
	m.reset()
	m.start = pos
	e := m.run(prog, pos, true)
	if e >= 0 {
		m.caps[0], m.caps[1] = pos, e
	}
	return e
}
