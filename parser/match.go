package parser

import (
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// This file parses match statements (PEP 634) by hand on participle's token
// stream: "match" and "case" are soft keywords, so a statement starting with
// the name match is a match statement only when "match subject:" NEWLINE
// INDENT "case" follows; anything else falls back to a simple statement
// (match = 1, match(x), match[x]: int ...). Patterns are parsed into pPat
// trees whose leaves are climber nodes, lowered into ast patterns by
// (*lowerer).pattern.

// pMatch is a match statement.
type pMatch struct {
	Pos     plexer.Position
	Subject *starExprs
	Cases   []*pCase
}

// pCase is one case block.
type pCase struct {
	Pos     plexer.Position
	Pattern *pPat
	Guard   xNode
	Body    *pBlock
}

func (*pMatch) xstmt() {}

type patKind int

const (
	patValue     patKind = iota // value: a literal or dotted name
	patSingleton                // value: None/True/False
	patSequence                 // subs
	patMapping                  // keys, subs, name (rest)
	patClass                    // value (class), subs, kwNames, kwSubs
	patStar                     // name ("" for *_)
	patAs                       // subs[0] or none, name ("" for _)
	patOr                       // subs
)

// pPat is a pattern before lowering.
type pPat struct {
	kind    patKind
	pos     plexer.Position
	value   xNode
	name    string
	subs    []*pPat
	keys    []xNode
	kwNames []string
	kwSubs  []*pPat
}

// pat is the state of one pattern parse.
type pat struct{ c *climb }

// tryMatch parses a match statement if the tokens ahead are one; it returns
// nil (with the stream unchanged) otherwise.
func tryMatch(lex *plexer.PeekingLexer) *pMatch {
	c := &climb{lex, trackerFor(lex)}
	first := *lex.Peek()
	cp := lex.MakeCheckpoint()
	furthest := c.tr.furthest
	subj := func() (s *starExprs) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*failure); !ok {
					panic(r)
				}
				s = nil
			}
		}()
		lex.Next()
		s = c.subject()
		if s == nil || !isOp(lex.Peek(), ":") {
			return nil
		}
		lex.Next()
		if lex.Peek().Type != lexer.Newline {
			return nil
		}
		return s
	}()
	if subj == nil {
		lex.LoadCheckpoint(cp)
		c.tr.furthest = furthest
		return nil
	}
	lex.Next() // NEWLINE
	t := lex.Peek()
	if t.Type != lexer.Indent {
		parseIndentMark(lex) // raises "expected an indented block after 'match' statement on line N"
	}
	lex.Next()
	m := &pMatch{Pos: first.Pos, Subject: subj}
	for {
		t := lex.Peek()
		if t.Type == lexer.Dedent {
			lex.Next()
			break
		}
		if !(t.Type == lexer.Name && t.Value == "case") {
			c.tr.note(int(lex.RawCursor()))
			cut(t, "")
		}
		m.Cases = append(m.Cases, c.caseBlock())
	}
	return m
}

// subject parses subject_expr: star_named_expression ',' [star_named_expressions] | named_expression.
func (c *climb) subject() *starExprs {
	lex := c.lex
	var out *starExprs
	for {
		t := lex.Peek()
		it := starItem{pos: t.Pos}
		if isOp(t, "*") {
			lex.Next()
			it.star = true
			if it.x = c.parseBinary(1); it.x == nil {
				cut(lex.Peek(), "")
			}
		} else if it.x = c.parseNamed(); it.x == nil {
			break
		}
		if out == nil {
			out = &starExprs{pos: t.Pos}
		}
		out.items = append(out.items, it)
		if !isOp(lex.Peek(), ",") {
			out.trailing = false
			break
		}
		lex.Next()
		out.trailing = true
	}
	if out != nil && len(out.items) == 1 && out.items[0].star && !out.trailing {
		return nil
	}
	return out
}

// caseBlock parses "case" patterns [guard] ':' block.
func (c *climb) caseBlock() *pCase {
	lex := c.lex
	kw := lex.Next()
	pc := &pCase{Pos: kw.Pos}
	p := pat{c}
	pc.Pattern = p.patterns()
	if t := lex.Peek(); isKw(t, "if") {
		lex.Next()
		if pc.Guard = c.parseNamed(); pc.Guard == nil {
			c.tr.note(int(lex.RawCursor()))
			cut(lex.Peek(), "")
		}
	}
	t := lex.Peek()
	c.tr.note(int(lex.RawCursor()))
	if !isOp(t, ":") {
		if t.Type != lexer.Newline {
			cut(t, "")
		}
		tt := *t
		panic(&failure{msg: "expected ':'", pos: t.Pos, tok: &tt})
	}
	lex.Next()
	buildCompound()
	pc.Body = must(blockP.parse(lex))
	return pc
}

// patterns parses open_sequence_pattern | pattern.
func (p pat) patterns() *pPat {
	lex := p.c.lex
	start := lex.Peek().Pos
	first := p.maybeStar()
	if !isOp(lex.Peek(), ",") {
		if first.kind == patStar {
			lex.Peek()
			p.c.tr.note(int(lex.RawCursor()))
			cut(lex.Peek(), "")
		}
		return first
	}
	seq := &pPat{kind: patSequence, pos: start, subs: []*pPat{first}}
	for isOp(lex.Peek(), ",") {
		lex.Next()
		if t := lex.Peek(); isOp(t, ":") || isKw(t, "if") {
			break
		}
		seq.subs = append(seq.subs, p.maybeStar())
	}
	return seq
}

// maybeStar parses star_pattern | pattern.
func (p pat) maybeStar() *pPat {
	lex := p.c.lex
	t := lex.Peek()
	if isOp(t, "*") {
		lex.Next()
		n := lex.Peek()
		p.c.tr.note(int(lex.RawCursor()))
		if n.Type != lexer.Name {
			cut(n, "")
		}
		lex.Next()
		name := n.Value
		if name == "_" {
			name = ""
		}
		return &pPat{kind: patStar, pos: t.Pos, name: name}
	}
	return p.pattern()
}

// pattern parses or_pattern ['as' NAME].
func (p pat) pattern() *pPat {
	lex := p.c.lex
	p.c.enter()
	defer p.c.leave()
	start := lex.Peek().Pos
	or := p.orPattern()
	if t := lex.Peek(); isKw(t, "as") {
		lex.Next()
		n := lex.Peek()
		p.c.tr.note(int(lex.RawCursor()))
		if n.Type != lexer.Name {
			if n.Type == lexer.Op || n.Type == lexer.Keyword || n.Type == lexer.Number || n.Type == lexer.String {
				panic(&failure{msg: "invalid pattern target", pos: n.Pos, tok: tokCopy(n)})
			}
			cut(n, "")
		}
		if n.Value == "_" {
			panic(&failure{msg: "cannot use '_' as a target", pos: n.Pos, tok: tokCopy(n)})
		}
		lex.Next()
		if nx := lex.Peek(); isOp(nx, ".") || isOp(nx, "(") || isOp(nx, "=") {
			p.c.tr.note(int(lex.RawCursor()))
			cut(nx, "")
		}
		return &pPat{kind: patAs, pos: start, subs: []*pPat{or}, name: n.Value}
	}
	return or
}

func tokCopy(t *plexer.Token) *plexer.Token {
	tt := *t
	return &tt
}

// orPattern parses closed_pattern ('|' closed_pattern)*.
func (p pat) orPattern() *pPat {
	lex := p.c.lex
	start := lex.Peek().Pos
	first := p.closed()
	if !isOp(lex.Peek(), "|") {
		return first
	}
	or := &pPat{kind: patOr, pos: start, subs: []*pPat{first}}
	for isOp(lex.Peek(), "|") {
		lex.Next()
		or.subs = append(or.subs, p.closed())
	}
	return or
}

// closed parses one closed_pattern.
func (p pat) closed() *pPat {
	c := p.c
	lex := c.lex
	t := lex.Peek()
	c.tr.note(int(lex.RawCursor()))
	switch t.Type {
	case lexer.Number:
		return p.number(nil)
	case lexer.String:
		return p.strings()
	case lexer.FStringStart:
		a := c.atomParticiple(t)
		_ = a
		cutAt(t.Pos, "patterns may only match literals and attribute lookups")
	case lexer.Keyword:
		switch t.Value {
		case "None", "True", "False":
			lex.Next()
			return &pPat{kind: patSingleton, pos: t.Pos, value: &xLeaf{tok: t}}
		}
	case lexer.Name:
		return p.nameOrClass()
	case lexer.Op:
		switch t.Value {
		case "-":
			lex.Next()
			n := lex.Peek()
			c.tr.note(int(lex.RawCursor()))
			if n.Type != lexer.Number {
				cut(n, "")
			}
			return p.number(t)
		case "(":
			return p.paren()
		case "[":
			return p.bracket()
		case "{":
			return p.mapping()
		}
	}
	cut(t, "")
	return nil
}

// number parses signed_number ['+'|'-' imaginary]; minus is the '-' token
// already consumed, or nil.
func (p pat) number(minus *plexer.Token) *pPat {
	c := p.c
	lex := c.lex
	t := lex.Next()
	start := t.Pos
	var x xNode = &xLeaf{tok: t}
	if minus != nil {
		start = minus.Pos
		x = &xUnary{pos: toPos(minus.Pos), op: ast.USub, x: x}
	}
	if n := lex.Peek(); isOp(n, "+") || isOp(n, "-") {
		op := ast.Add
		if n.Value == "-" {
			op = ast.Sub
		}
		lex.Next()
		im := lex.Peek()
		c.tr.note(int(lex.RawCursor()))
		if im.Type != lexer.Number || !isImag(im.Value) {
			if im.Type == lexer.Number {
				panic(&failure{msg: "imaginary number required in complex literal", pos: im.Pos, tok: tokCopy(im)})
			}
			cut(im, "")
		}
		if isImag(t.Value) {
			panic(&failure{msg: "real number required in complex literal", pos: t.Pos, tok: tokCopy(t)})
		}
		lex.Next()
		x = &xBin{pos: toPos(start), op: op, l: x, r: &xLeaf{tok: im}}
	}
	return &pPat{kind: patValue, pos: start, value: x}
}

func isImag(s string) bool {
	l := s[len(s)-1]
	return l == 'j' || l == 'J'
}

// strings parses implicitly concatenated string literals.
func (p pat) strings() *pPat {
	t := p.c.lex.Peek()
	a := p.c.atomParticiple(t)
	if at, ok := a.(*pAtom); ok {
		for _, s := range at.Strings {
			if s.F != nil {
				cutAt(t.Pos, "patterns may only match literals and attribute lookups")
			}
		}
	}
	return &pPat{kind: patValue, pos: t.Pos, value: a}
}

// dotted parses NAME ('.' NAME)* as a climber node.
func (p pat) dotted() (xNode, bool) {
	lex := p.c.lex
	t := lex.Next()
	var x xNode = &xLeaf{tok: t}
	dotted := false
	for isOp(lex.Peek(), ".") {
		d := lex.Next()
		n := lex.Peek()
		p.c.tr.note(int(lex.RawCursor()))
		if n.Type != lexer.Name {
			cut(n, "")
		}
		lex.Next()
		pr, ok := x.(*xPrimary)
		if !ok {
			pr = &xPrimary{pos: t.Pos, atom: x}
			x = pr
		}
		pr.trailers = append(pr.trailers, xTrailer{pos: d.Pos, attr: n.Value})
		dotted = true
	}
	return x, dotted
}

// nameOrClass parses a capture, wildcard, value or class pattern.
func (p pat) nameOrClass() *pPat {
	lex := p.c.lex
	t := lex.Peek()
	x, dotted := p.dotted()
	if isOp(lex.Peek(), "(") {
		return p.class(t.Pos, x)
	}
	if dotted {
		return &pPat{kind: patValue, pos: t.Pos, value: x}
	}
	if t.Value == "_" {
		return &pPat{kind: patAs, pos: t.Pos}
	}
	return &pPat{kind: patAs, pos: t.Pos, name: t.Value}
}

// class parses the arguments of a class pattern after its name.
func (p pat) class(pos plexer.Position, cls xNode) *pPat {
	c := p.c
	lex := c.lex
	lex.Next() // (
	cp := &pPat{kind: patClass, pos: pos, value: cls}
	for {
		t := lex.Peek()
		c.tr.note(int(lex.RawCursor()))
		if isOp(t, ")") {
			break
		}
		if t.Type == lexer.Name && isOp(c.peek2(), "=") {
			lex.Next()
			lex.Next()
			cp.kwNames = append(cp.kwNames, t.Value)
			cp.kwSubs = append(cp.kwSubs, p.pattern())
		} else {
			start := *t
			sub := p.pattern()
			if len(cp.kwNames) > 0 {
				panic(&failure{msg: "positional patterns follow keyword patterns", pos: start.Pos, tok: &start})
			}
			cp.subs = append(cp.subs, sub)
		}
		if !isOp(lex.Peek(), ",") {
			break
		}
		lex.Next()
	}
	t := lex.Peek()
	c.tr.note(int(lex.RawCursor()))
	if !isOp(t, ")") {
		cut(t, "")
	}
	lex.Next()
	return cp
}

// paren parses a group pattern (p) or a parenthesised sequence pattern.
func (p pat) paren() *pPat {
	lex := p.c.lex
	open := lex.Next()
	if isOp(lex.Peek(), ")") {
		lex.Next()
		return &pPat{kind: patSequence, pos: open.Pos}
	}
	first := p.maybeStar()
	if isOp(lex.Peek(), ")") && first.kind != patStar {
		lex.Next()
		return first
	}
	seq := &pPat{kind: patSequence, pos: open.Pos, subs: []*pPat{first}}
	p.seqRest(seq, ")")
	return seq
}

// bracket parses [p, ...].
func (p pat) bracket() *pPat {
	lex := p.c.lex
	open := lex.Next()
	seq := &pPat{kind: patSequence, pos: open.Pos}
	if isOp(lex.Peek(), "]") {
		lex.Next()
		return seq
	}
	seq.subs = append(seq.subs, p.maybeStar())
	p.seqRest(seq, "]")
	return seq
}

// seqRest parses (',' maybe_star_pattern)* [','] close.
func (p pat) seqRest(seq *pPat, close string) {
	lex := p.c.lex
	for isOp(lex.Peek(), ",") {
		lex.Next()
		if isOp(lex.Peek(), close) {
			break
		}
		seq.subs = append(seq.subs, p.maybeStar())
	}
	t := lex.Peek()
	p.c.tr.note(int(lex.RawCursor()))
	if !isOp(t, close) {
		cut(t, "")
	}
	lex.Next()
}

// mapping parses {key: pattern, ..., **rest}.
func (p pat) mapping() *pPat {
	c := p.c
	lex := c.lex
	open := lex.Next()
	m := &pPat{kind: patMapping, pos: open.Pos}
	for {
		t := lex.Peek()
		c.tr.note(int(lex.RawCursor()))
		if isOp(t, "}") {
			break
		}
		if isOp(t, "**") {
			lex.Next()
			n := lex.Peek()
			c.tr.note(int(lex.RawCursor()))
			if n.Type != lexer.Name || n.Value == "_" {
				cut(n, "")
			}
			lex.Next()
			m.name = n.Value
			if isOp(lex.Peek(), ",") {
				lex.Next()
			}
			if nt := lex.Peek(); !isOp(nt, "}") {
				if m.name != "" && !isOp(nt, "}") {
					c.tr.note(int(lex.RawCursor()))
					cut(nt, "")
				}
			}
			break
		}
		key := p.mappingKey(open.Pos)
		col := lex.Peek()
		c.tr.note(int(lex.RawCursor()))
		if !isOp(col, ":") {
			cut(col, "")
		}
		lex.Next()
		m.keys = append(m.keys, key)
		m.subs = append(m.subs, p.pattern())
		if !isOp(lex.Peek(), ",") {
			break
		}
		lex.Next()
	}
	t := lex.Peek()
	c.tr.note(int(lex.RawCursor()))
	if !isOp(t, "}") {
		cut(t, "")
	}
	lex.Next()
	return m
}

// mappingKey parses literal_expr | attr.
func (p pat) mappingKey(at plexer.Position) xNode {
	t := p.c.lex.Peek()
	if t.Type == lexer.FStringStart {
		cutAt(at, "mapping pattern keys may only match literals and attribute lookups")
	}
	if t.Type == lexer.Name {
		x, dotted := p.dotted()
		if !dotted {
			p.c.tr.note(int(p.c.lex.RawCursor()))
			cut(p.c.lex.Peek(), "")
		}
		return x
	}
	k := p.closed()
	if k.kind != patValue && k.kind != patSingleton {
		cutAt(t.Pos, "invalid syntax")
	}
	return k.value
}

// ---- lowering ----

func (l *lowerer) match(m *pMatch) *ast.Match {
	n := &ast.Match{Pos: toPos(m.Pos), Subject: l.starExprs(m.Subject)}
	for _, pc := range m.Cases {
		mc := &ast.MatchCase{Pattern: l.pattern(pc.Pattern), Body: l.block(pc.Body)}
		if pc.Guard != nil {
			mc.Guard = l.expr(pc.Guard)
		}
		n.Cases = append(n.Cases, mc)
	}
	return n
}

func (l *lowerer) patterns(ps []*pPat) []ast.Pattern {
	out := make([]ast.Pattern, len(ps))
	for i, p := range ps {
		out[i] = l.pattern(p)
	}
	return out
}

func (l *lowerer) pattern(p *pPat) ast.Pattern {
	pos := toPos(p.pos)
	switch p.kind {
	case patValue:
		return &ast.MatchValue{Pos: pos, Value: l.expr(p.value)}
	case patSingleton:
		return &ast.MatchSingleton{Pos: pos, Value: l.expr(p.value)}
	case patSequence:
		return &ast.MatchSequence{Pos: pos, Patterns: l.patterns(p.subs)}
	case patMapping:
		keys := make([]ast.Expr, len(p.keys))
		for i, k := range p.keys {
			keys[i] = l.expr(k)
		}
		return &ast.MatchMapping{Pos: pos, Keys: keys, Patterns: l.patterns(p.subs), Rest: p.name}
	case patClass:
		return &ast.MatchClass{Pos: pos, Cls: l.expr(p.value), Patterns: l.patterns(p.subs), KwdAttrs: p.kwNames, KwdPatterns: l.patterns(p.kwSubs)}
	case patStar:
		return &ast.MatchStar{Pos: pos, Name: p.name}
	case patAs:
		n := &ast.MatchAs{Pos: pos, Name: p.name}
		if len(p.subs) > 0 {
			n.Pattern = l.pattern(p.subs[0])
		}
		return n
	}
	return &ast.MatchOr{Pos: pos, Patterns: l.patterns(p.subs)}
}
