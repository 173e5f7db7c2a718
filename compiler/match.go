package compiler

import (
	"sort"

	"github.com/pyasync/pyasync/ast"
)

// This file compiles match statements.
//
// The subject stays on the stack while the cases are tried; each case but
// the last matches a copy of it. A pattern consumes the value on top of the
// stack. When it fails it jumps to a failure label chosen by how many items
// it has pushed above the case's base: the labels of a patternCtx form a
// chain "pop one, fall through" (fail[n] pops n items and ends at fail[0]),
// so every failure path leaves the stack as it was when the pattern began.
// Captured values are kept on the stack (rotated below the items still to
// be matched, so the failure chain pops them too) and stored only when the
// whole pattern has matched, before the guard runs, as CPython does. Inside
// an OR pattern an alternative stores its names as soon as it matches (a
// simplification: a later failure of the enclosing pattern leaves them
// bound).

// patternCtx is the failure chain of one pattern (a case or one
// alternative of an OR pattern).
type patternCtx struct {
	fail   []label // fail[i]: jump here with i extra items on the stack
	names  []string
	stores []string // captured values on the stack, the newest deepest
	direct int      // > 0: store captures at once (inside OR alternatives)
	pos    ast.Pos  // the position CPython reports errors at: the last pattern compiled
}

// failLabel returns the label for a failure with n items (besides the
// captured values) above the base.
func (c *compiler) failLabel(pc *patternCtx, n int) label {
	n += len(pc.stores)
	for len(pc.fail) <= n {
		pc.fail = append(pc.fail, c.newLabel())
	}
	return pc.fail[n]
}

// emitFailChain binds the failure labels (popping as it goes) and leaves
// control at fail[0]'s continuation.
func (c *compiler) emitFailChain(pc *patternCtx) {
	for i := len(pc.fail) - 1; i >= 1; i-- {
		c.bind(pc.fail[i])
		c.emit(POP_TOP, 0)
	}
	if len(pc.fail) > 0 {
		c.bind(pc.fail[0])
	}
}

func (c *compiler) matchStmt(s *ast.Match) error {
	if err := c.expr(s.Subject); err != nil {
		return err
	}
	end := c.newLabel()
	n := len(s.Cases)
	for i, mc := range s.Cases {
		last := i == n-1
		if !last && mc.Guard == nil {
			if name, ok := irrefutable(mc.Pattern); ok {
				if name == "" {
					return c.errorf(mc.Pattern.Position(), "wildcard makes remaining patterns unreachable")
				}
				return c.errorf(mc.Pattern.Position(), "name capture '%s' makes remaining patterns unreachable", name)
			}
		}
		c.setLoc(mc.Pattern.Position())
		if !last {
			c.emit(COPY, 1)
		}
		pc := &patternCtx{}
		if err := c.pattern(mc.Pattern, pc, 0); err != nil {
			return err
		}
		for _, name := range pc.stores {
			c.nameOp(name, ctxStore)
		}
		pc.stores = nil
		if mc.Guard != nil {
			if err := c.jumpIf(mc.Guard, false, c.failLabel(pc, 0)); err != nil {
				return err
			}
		}
		if !last {
			c.setLoc(mc.Pattern.Position())
			c.emit(POP_TOP, 0)
		}
		if err := c.stmts(mc.Body); err != nil {
			return err
		}
		c.emitJump(JUMP, end)
		c.emitFailChain(pc)
	}
	c.bind(end)
	return nil
}

// irrefutable reports whether p always matches, with the name it captures
// ("" for the wildcard), as CPython's check for unreachable cases.
func irrefutable(p ast.Pattern) (string, bool) {
	switch p := p.(type) {
	case *ast.MatchAs:
		if p.Pattern == nil {
			return p.Name, true
		}
		return irrefutable(p.Pattern)
	case *ast.MatchOr:
		for _, alt := range p.Patterns {
			if name, ok := irrefutable(alt); ok {
				return name, true
			}
		}
	}
	return "", false
}

// capture takes the value on top of the stack for a captured name; onTop
// items (besides earlier captures) lie between it and the base.
func (c *compiler) capture(pc *patternCtx, name string, pos ast.Pos, onTop int) error {
	for _, n := range pc.names {
		if n == name {
			return c.errorf(pos, "multiple assignments to name '%s' in pattern", name)
		}
	}
	pc.names = append(pc.names, name)
	if pc.direct > 0 {
		c.nameOp(name, ctxStore)
		return nil
	}
	for n := onTop + len(pc.stores) + 1; n > 1; n-- {
		c.emit(SWAP, n)
	}
	pc.stores = append(pc.stores, name)
	return nil
}

// pattern compiles p against the value on top of the stack, which it
// consumes; onTop items sit between the base of pc and that value.
func (c *compiler) pattern(p ast.Pattern, pc *patternCtx, onTop int) error {
	pc.pos = p.Position()
	c.setLoc(p.Position())
	switch p := p.(type) {
	case *ast.MatchAs:
		if p.Pattern == nil {
			if p.Name == "" {
				c.emit(POP_TOP, 0)
				return nil
			}
			return c.capture(pc, p.Name, p.Pos, onTop)
		}
		c.emit(COPY, 1)
		if err := c.pattern(p.Pattern, pc, onTop+1); err != nil {
			return err
		}
		c.setLoc(p.Pos)
		return c.capture(pc, p.Name, p.Pos, onTop)
	case *ast.MatchValue:
		if err := c.expr(p.Value); err != nil {
			return err
		}
		c.emit(COMPARE_OP, int(CmpEQ))
		c.emitJump(POP_JUMP_IF_FALSE, c.failLabel(pc, onTop))
	case *ast.MatchSingleton:
		if err := c.expr(p.Value); err != nil {
			return err
		}
		c.emit(IS_OP, 0)
		c.emitJump(POP_JUMP_IF_FALSE, c.failLabel(pc, onTop))
	case *ast.MatchSequence:
		return c.sequencePattern(p, pc, onTop)
	case *ast.MatchMapping:
		return c.mappingPattern(p, pc, onTop)
	case *ast.MatchClass:
		return c.classPattern(p, pc, onTop)
	case *ast.MatchOr:
		return c.orPattern(p, pc, onTop)
	case *ast.MatchStar:
		return c.errorf(p.Pos, "can't use starred name here")
	}
	return nil
}

func (c *compiler) sequencePattern(p *ast.MatchSequence, pc *patternCtx, onTop int) error {
	star := -1
	for i, sub := range p.Patterns {
		if _, ok := sub.(*ast.MatchStar); ok {
			if star >= 0 {
				return c.errorf(p.Pos, "multiple starred names in sequence pattern")
			}
			star = i
		}
	}
	n := len(p.Patterns)
	c.emit(MATCH_SEQUENCE, 0)
	c.emitJump(POP_JUMP_IF_FALSE, c.failLabel(pc, onTop+1))
	onlyWildStar := star >= 0 && n == 1 && p.Patterns[0].(*ast.MatchStar).Name == ""
	if !onlyWildStar {
		c.emit(GET_LEN, 0)
		if star < 0 {
			c.loadConst(intConst64(n))
			c.emit(COMPARE_OP, int(CmpEQ))
		} else {
			c.loadConst(intConst64(n - 1))
			c.emit(COMPARE_OP, int(CmpGE))
		}
		c.emitJump(POP_JUMP_IF_FALSE, c.failLabel(pc, onTop+1))
	}
	if n == 0 || onlyWildStar || allWildcards(p.Patterns) {
		c.emit(POP_TOP, 0)
		return nil
	}
	if star >= 0 {
		after := n - star - 1
		if star >= 1<<8 || after >= 1<<16 {
			return c.errorf(p.Pos, "too many sub-patterns in sequence pattern")
		}
		c.emit(UNPACK_EX, star|after<<8)
	} else {
		c.emit(UNPACK_SEQUENCE, n)
	}
	for i, sub := range p.Patterns {
		left := n - i - 1
		if st, ok := sub.(*ast.MatchStar); ok {
			pc.pos = st.Pos
			c.setLoc(st.Pos)
			if st.Name == "" {
				c.emit(POP_TOP, 0)
			} else if err := c.capture(pc, st.Name, st.Pos, onTop+left); err != nil {
				return err
			}
			continue
		}
		if err := c.pattern(sub, pc, onTop+left); err != nil {
			return err
		}
	}
	return nil
}

func allWildcards(ps []ast.Pattern) bool {
	for _, p := range ps {
		switch p := p.(type) {
		case *ast.MatchAs:
			if p.Pattern != nil || p.Name != "" {
				return false
			}
		case *ast.MatchStar:
			if p.Name != "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func intConst64(n int) any { return int64(n) }

func (c *compiler) mappingPattern(p *ast.MatchMapping, pc *patternCtx, onTop int) error {
	c.emit(MATCH_MAPPING, 0)
	c.emitJump(POP_JUMP_IF_FALSE, c.failLabel(pc, onTop+1))
	k := len(p.Keys)
	if k == 0 && p.Rest == "" {
		c.emit(POP_TOP, 0)
		return nil
	}
	if k > 0 {
		c.emit(GET_LEN, 0)
		c.loadConst(intConst64(k))
		c.emit(COMPARE_OP, int(CmpGE))
		c.emitJump(POP_JUMP_IF_FALSE, c.failLabel(pc, onTop+1))
	}
	// The keys: constants are checked for duplicates here.
	seen := map[string]bool{}
	consts := make(ConstTuple, 0, k)
	for _, key := range p.Keys {
		v, ok := foldConst(key)
		if !ok {
			if _, attr := key.(*ast.Attribute); !attr {
				return c.errorf(p.Pos, "mapping pattern keys may only match literals and attribute lookups")
			}
			consts = nil
			continue
		}
		r := Repr(v)
		if seen[r] {
			return c.errorf(p.Pos, "mapping pattern checks duplicate key (%s)", r)
		}
		seen[r] = true
		if consts != nil {
			consts = append(consts, v)
		}
	}
	if consts != nil && k > 0 {
		c.loadConst(consts)
	} else {
		for _, key := range p.Keys {
			if err := c.expr(key); err != nil {
				return err
			}
		}
		c.emit(BUILD_TUPLE, k)
	}
	c.setLoc(p.Pos)
	// [subject keys] -> [subject keys values-or-None]
	c.emit(MATCH_KEYS, 0)
	c.emit(COPY, 1)
	c.emitJump(POP_JUMP_IF_NONE, c.failLabel(pc, onTop+3))
	if k > 0 {
		c.emit(UNPACK_SEQUENCE, k)
	} else {
		c.emit(POP_TOP, 0)
	}
	for i, sub := range p.Patterns {
		if err := c.pattern(sub, pc, onTop+2+k-i-1); err != nil {
			return err
		}
	}
	if p.Rest != "" {
		// [subject keys] -> [subject rest]
		c.emit(COPY_DICT_WITHOUT_KEYS, 0)
		if err := c.capture(pc, p.Rest, pc.pos, onTop+1); err != nil {
			return err
		}
		c.emit(POP_TOP, 0)
		return nil
	}
	c.emit(POP_TOP, 0)
	c.emit(POP_TOP, 0)
	return nil
}

func (c *compiler) classPattern(p *ast.MatchClass, pc *patternCtx, onTop int) error {
	for i, a := range p.KwdAttrs {
		for _, b := range p.KwdAttrs[:i] {
			if a == b {
				return c.errorf(p.KwdPatterns[i].Position(), "attribute name repeated in class pattern: %s", a)
			}
		}
	}
	if err := c.expr(p.Cls); err != nil {
		return err
	}
	names := make(ConstTuple, len(p.KwdAttrs))
	for i, a := range p.KwdAttrs {
		names[i] = a
	}
	c.loadConst(names)
	c.setLoc(p.Pos)
	n := len(p.Patterns) + len(p.KwdPatterns)
	// [subject cls names] -> [attrs-tuple or None]
	c.emit(MATCH_CLASS, len(p.Patterns))
	c.emit(COPY, 1)
	c.emitJump(POP_JUMP_IF_NONE, c.failLabel(pc, onTop+1))
	subs := append(append([]ast.Pattern(nil), p.Patterns...), p.KwdPatterns...)
	if n == 0 || allWildcards(subs) {
		c.emit(POP_TOP, 0)
		return nil
	}
	c.emit(UNPACK_SEQUENCE, n)
	for i, sub := range subs {
		if err := c.pattern(sub, pc, onTop+n-i-1); err != nil {
			return err
		}
	}
	return nil
}

// orPattern tries each alternative on a copy of the value; every
// alternative must bind the same names.
func (c *compiler) orPattern(p *ast.MatchOr, pc *patternCtx, onTop int) error {
	end := c.newLabel()
	var names []string
	base := append([]string(nil), pc.names...)
	for i, alt := range p.Patterns {
		last := i == len(p.Patterns)-1
		if !last {
			if name, ok := irrefutable(alt); ok {
				if name == "" {
					return c.errorf(alt.Position(), "wildcard makes remaining patterns unreachable")
				}
				return c.errorf(alt.Position(), "name capture '%s' makes remaining patterns unreachable", name)
			}
		}
		sub := &patternCtx{names: append([]string(nil), base...), direct: 1}
		if last {
			// The last alternative fails like the whole pattern.
			sub.fail = nil
		}
		c.setLoc(alt.Position())
		if !last {
			c.emit(COPY, 1)
		}
		var err error
		if last {
			saved := pc.names
			pc.names = sub.names
			pc.direct++
			err = c.pattern(alt, pc, onTop)
			pc.direct--
			sub.names = pc.names
			pc.names = saved
			sub.pos = pc.pos
		} else {
			err = c.pattern(alt, sub, 0)
			pc.pos = sub.pos
		}
		if err != nil {
			return err
		}
		got := sub.names[len(base):]
		if i == 0 {
			names = append([]string(nil), got...)
		} else if !sameNames(names, got) {
			return c.errorf(sub.pos, "alternative patterns bind different names")
		}
		if !last {
			c.emit(POP_TOP, 0)
			c.emitJump(JUMP, end)
			c.emitFailChain(sub)
		}
	}
	c.bind(end)
	pc.names = append(pc.names, names...)
	return nil
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
