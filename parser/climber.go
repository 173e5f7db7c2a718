package parser

import (
	"errors"
	"sync"

	"github.com/alecthomas/participle/v2"
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// The precedence climber. Participle calls the parseX* functions (registered
// with participle.ParseTypeWith) whenever the grammar needs an expression; they
// run on participle's own token stream and hand primaries (atoms with their
// trailers) and lambdas back to participle sub-parsers.
//
// Each function returns participle.NextMatch when the expression does not even
// start, so participle can try other alternatives. Once the climber has
// consumed an operator, a missing operand is a definite error: it panics with
// a *failure (the "cut"), recovered by Parse. Without the cut participle would
// silently backtrack out of the optional group and blame an outer token.

// Climber-built expression nodes.
type (
	xBin struct {
		pos  ast.Pos
		op   ast.Operator
		l, r xNode
	}
	xUnary struct {
		pos ast.Pos
		op  ast.UnaryOperator
		x   xNode
	}
	xBool struct {
		pos  ast.Pos
		op   ast.BoolOperator
		vals []xNode
	}
	xCmp struct {
		pos ast.Pos
		l   xNode
		ops []ast.CmpOp
		rs  []xNode
	}
	xIf struct {
		pos                ast.Pos
		body, test, orelse xNode
	}
	xWalrus struct {
		pos   ast.Pos
		name  string
		value xNode
	}
	xAwait struct {
		pos ast.Pos
		x   xNode
	}
	// xLeaf is a Name, Number or None/True/False/... token not followed by
	// a trailer: the climber builds it without calling participle.
	xLeaf struct {
		tok *plexer.Token // points into the parse's token slice
	}
)

func (*xBin) xnode()     {}
func (*xUnary) xnode()   {}
func (*xBool) xnode()    {}
func (*xCmp) xnode()     {}
func (*xIf) xnode()      {}
func (*xWalrus) xnode()  {}
func (*xAwait) xnode()   {}
func (*xLeaf) xnode()    {}
func (*xPrimary) xnode() {}
func (*pAtom) xnode()    {}
func (*pLambda) xnode()  {}

// xPrimary is an atom followed by trailers.
type xPrimary struct {
	pos      plexer.Position
	atom     xNode // *xLeaf or *pAtom
	trailers []xTrailer
}

// xTrailer is ".name", "(args)" or "[index]".
type xTrailer struct {
	pos   plexer.Position
	attr  string
	call  *pCall
	index *pSubscript
}

// starExprs is star_expressions (or a target list): items separated by
// commas, each possibly starred.
type starExprs struct {
	pos      plexer.Position
	items    []starItem
	trailing bool
}

type starItem struct {
	pos  plexer.Position
	star bool
	x    xNode
}

func (*starExprs) xstars() {}

// failure is a parse error on its way to becoming an *ast.SyntaxError. The
// climber and the custom productions panic with it (the cut); Parse recovers
// it. An empty msg means a generic "invalid syntax" at tok/pos.
type failure struct {
	kind       string
	msg        string
	pos        plexer.Position
	tok        *plexer.Token
	end        ast.Pos // where the failing range ends (Line 0: unknown)
	incomplete bool
	msgOnly    bool // ast.SyntaxError.MsgOnlyArgs
}

func (f *failure) Error() string { return f.msg }

func cut(t *plexer.Token, msg string) {
	tt := *t
	panic(&failure{msg: msg, pos: t.Pos, tok: &tt})
}

func cutAt(pos plexer.Position, msg string) {
	panic(&failure{msg: msg, pos: pos})
}

func fromParticiple(err error) *failure {
	var f *failure
	if errors.As(err, &f) {
		return f
	}
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		t := ute.Unexpected
		return &failure{pos: t.Pos, tok: &t}
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		return &failure{pos: pe.Position()}
	}
	return &failure{msg: err.Error()}
}

func toPos(p plexer.Position) ast.Pos { return ast.Pos{Line: p.Line, Col: p.Column} }

func isKw(t *plexer.Token, kw string) bool { return t.Type == lexer.Keyword && t.Value == kw }
func isOp(t *plexer.Token, op string) bool { return t.Type == lexer.Op && t.Value == op }

// tracker records, for one parse, the furthest token the climber has
// looked at. CPython reports a generic syntax error at the furthest token its
// parser fetched; participle only reports where its outermost sequence
// failed, so Parse takes the further of the two.
type tracker struct {
	furthest int
	depth    int
}

// maxDepth bounds the climber's recursion (CPython raises RecursionError or
// MemoryError for such inputs).
const maxDepth = 1000

func (c *climb) enter() {
	c.tr.depth++
	if c.tr.depth > maxDepth {
		t := *c.lex.Peek()
		panic(&failure{msg: "too many nested expressions", pos: t.Pos, tok: &t})
	}
}

func (c *climb) leave() { c.tr.depth-- }

// trackers maps the first token of a parse's token slice to its tracker:
// custom productions only receive participle's PeekingLexer, whose token
// slice is shared by every copy made during one parse.
var trackers sync.Map // *plexer.Token -> *tracker

func trackerKey(lex *plexer.PeekingLexer) *plexer.Token { return &lex.Range(0, 1)[0] }

func trackerFor(lex *plexer.PeekingLexer) *tracker {
	if t, ok := trackers.Load(trackerKey(lex)); ok {
		return t.(*tracker)
	}
	return &tracker{}
}

func (t *tracker) note(i int) {
	if i > t.furthest {
		t.furthest = i
	}
}

// climb is the state of one climber entry.
type climb struct {
	lex *plexer.PeekingLexer
	tr  *tracker
}

// peek2 returns the token after the next one.
func (c *climb) peek2() *plexer.Token {
	lex := c.lex
	cp := lex.MakeCheckpoint()
	lex.Next()
	c.tr.note(int(lex.RawCursor()))
	t := lex.Peek()
	lex.LoadCheckpoint(cp)
	return t
}

func parseXExpr(lex *plexer.PeekingLexer) (xExpr, error) {
	c := climb{lex, trackerFor(lex)}
	n := c.parseExpression()
	c.tr.note(int(lex.RawCursor()))
	if n != nil {
		return n, nil
	}
	return nil, participle.NextMatch
}

func parseXNamed(lex *plexer.PeekingLexer) (xNamed, error) {
	c := climb{lex, trackerFor(lex)}
	n := c.parseNamed()
	c.tr.note(int(lex.RawCursor()))
	if n != nil {
		return n, nil
	}
	return nil, participle.NextMatch
}

func parseXDisj(lex *plexer.PeekingLexer) (xDisj, error) {
	c := climb{lex, trackerFor(lex)}
	n := c.parseDisjunction()
	c.tr.note(int(lex.RawCursor()))
	if n != nil {
		return n, nil
	}
	return nil, participle.NextMatch
}

func parseXBitOr(lex *plexer.PeekingLexer) (xBitOr, error) {
	c := climb{lex, trackerFor(lex)}
	n := c.parseBinary(1)
	c.tr.note(int(lex.RawCursor()))
	if n != nil {
		return n, nil
	}
	return nil, participle.NextMatch
}

// xNameTok is a NAME token required after a committed token ('.', 'as',
// 'def', ...). On a mismatch it records the token for error reporting.
type xNameTok interface{ nameTok() }

type nameTok struct {
	name string
	pos  plexer.Position
}

func (*nameTok) nameTok() {}

func parseNameTok(lex *plexer.PeekingLexer) (xNameTok, error) {
	t := lex.Peek()
	if t.Type == lexer.Name {
		lex.Next()
		return &nameTok{t.Value, t.Pos}, nil
	}
	trackerFor(lex).note(int(lex.RawCursor()))
	return nil, participle.NextMatch
}

func nameOf(n xNameTok) string { return n.(*nameTok).name }

func namePos(n xNameTok) plexer.Position { return n.(*nameTok).pos }

// parseNamed parses NAME ':=' expression | expression.
func (c *climb) parseNamed() xNode {
	lex := c.lex
	t := lex.Peek()
	if t.Type == lexer.Name {
		if n := c.peek2(); isOp(n, ":=") {
			name := *t
			lex.Next()
			lex.Next()
			v := c.parseExpression()
			if v == nil {
				cut(lex.Peek(), "")
			}
			return &xWalrus{pos: toPos(name.Pos), name: name.Value, value: v}
		}
	}
	start := *t
	x := c.parseExpression()
	if x != nil {
		if n := lex.Peek(); isOp(n, ":=") {
			panic(&failure{msg: "cannot use assignment expressions with " + xName(x), pos: start.Pos, tok: &start, end: c.prevEnd(0)})
		}
	}
	return x
}

// parseExpression parses lambda | disjunction ['if' disjunction 'else' expression].
func (c *climb) parseExpression() xNode {
	lex := c.lex
	c.enter()
	defer c.leave()
	t := lex.Peek()
	if isKw(t, "lambda") {
		l, err := lambdaP.parse(lex)
		c.tr.note(int(lex.RawCursor()))
		if err != nil {
			panic(fromParticiple(err))
		}
		return l
	}
	start := *t
	d := c.parseDisjunction()
	if d == nil {
		return nil
	}
	c.checkAdjacent(&start, d)
	if n := lex.Peek(); isKw(n, "if") {
		lex.Next()
		test := c.parseDisjunction()
		if test == nil {
			c.starredGroup(&start)
			cut(lex.Peek(), "")
		}
		if e := lex.Peek(); !isKw(e, "else") {
			c.starredGroup(&start)
			panic(&failure{msg: "expected 'else' after 'if' expression", pos: start.Pos, tok: &start, end: c.prevEnd(0)})
		}
		lex.Next()
		orelse := c.parseExpression()
		if orelse == nil {
			cut(lex.Peek(), "")
		}
		return &xIf{pos: toPos(start.Pos), body: d, test: test, orelse: orelse}
	}
	return d
}

// checkAdjacent reports CPython's "Perhaps you forgot a comma?" and legacy
// print errors when an expression is directly followed by the start of
// another one.
func (c *climb) checkAdjacent(start *plexer.Token, d xNode) {
	lex := c.lex
	n := lex.Peek()
	switch n.Type {
	case lexer.Name, lexer.Number, lexer.String, lexer.FStringStart:
	case lexer.Keyword:
		if n.Value != "None" && n.Value != "True" && n.Value != "False" {
			return
		}
	default:
		return
	}
	if l, ok := d.(*xLeaf); ok && l.tok.Type == lexer.Name && (l.tok.Value == "print" || l.tok.Value == "exec") {
		panic(&failure{msg: "Missing parentheses in call to '" + l.tok.Value + "'. Did you mean " + l.tok.Value + "(...)?", pos: start.Pos, tok: start, end: c.endOfNext(true)})
	}
	if !c.insideBrackets() {
		return
	}
	if start.Type == lexer.Name {
		switch start.Value {
		case "match", "case", "_", "type":
			return
		}
		if l, ok := d.(*xLeaf); ok && l.tok.Pos == start.Pos && (n.Type == lexer.String || n.Type == lexer.FStringStart) {
			return
		}
	}
	panic(&failure{msg: "invalid syntax. Perhaps you forgot a comma?", pos: start.Pos, tok: start, end: c.endOfNext(false)})
}

// prevEnd is where the last token consumed ends (with back > 0: the token
// that many before it).
func (c *climb) prevEnd(back int) ast.Pos {
	toks := c.lex.Range(0, c.lex.RawCursor())
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i].Type == lexer.Comment {
			continue
		}
		if back == 0 {
			return tokenEnd(&toks[i])
		}
		back--
	}
	return ast.Pos{}
}

// endOfNext is where the expression starting at the next token ends (a
// comma-separated list of them when list is set), for errors whose range
// covers it; the tokens are not consumed. An expression that does not parse
// ends with its first token.
func (c *climb) endOfNext(list bool) (end ast.Pos) {
	lex := c.lex
	cp := lex.MakeCheckpoint()
	defer lex.LoadCheckpoint(cp)
	end = tokenEnd(lex.Peek())
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*failure); !ok {
				panic(r)
			}
		}
	}()
	for c.parseExpression() != nil {
		end = c.prevEnd(0)
		if !list || !isOp(lex.Peek(), ",") {
			break
		}
		lex.Next()
	}
	return end
}

// insideBrackets reports whether the next token is inside brackets, by
// scanning back to the start of the logical line.
func (c *climb) insideBrackets() bool {
	lex := c.lex
	toks := lex.Range(0, lex.RawCursor())
	closes := 0
	for i := len(toks) - 1; i >= 0; i-- {
		t := &toks[i]
		switch t.Type {
		case lexer.Newline, lexer.Indent, lexer.Dedent:
			return false
		case lexer.Op:
			switch t.Value {
			case ")", "]", "}":
				closes++
			case "(", "[", "{":
				if closes == 0 {
					return true
				}
				closes--
			}
		}
	}
	return false
}

func (c *climb) parseDisjunction() xNode {
	lex := c.lex
	start := lex.Peek().Pos
	first := c.parseConjunction()
	if first == nil || !isKw(lex.Peek(), "or") {
		return first
	}
	b := &xBool{pos: toPos(start), op: ast.Or, vals: []xNode{first}}
	for isKw(lex.Peek(), "or") {
		lex.Next()
		v := c.parseConjunction()
		if v == nil {
			cut(lex.Peek(), "")
		}
		b.vals = append(b.vals, v)
	}
	return b
}

func (c *climb) parseConjunction() xNode {
	lex := c.lex
	start := lex.Peek().Pos
	first := c.parseInversion()
	if first == nil || !isKw(lex.Peek(), "and") {
		return first
	}
	b := &xBool{pos: toPos(start), op: ast.And, vals: []xNode{first}}
	for isKw(lex.Peek(), "and") {
		lex.Next()
		v := c.parseInversion()
		if v == nil {
			cut(lex.Peek(), "")
		}
		b.vals = append(b.vals, v)
	}
	return b
}

func (c *climb) parseInversion() xNode {
	lex := c.lex
	c.enter()
	defer c.leave()
	t := lex.Peek()
	if isKw(t, "not") {
		pos := toPos(t.Pos)
		lex.Next()
		x := c.parseInversion()
		if x == nil {
			cut(lex.Peek(), "")
		}
		return &xUnary{pos: pos, op: ast.Not, x: x}
	}
	return c.parseComparison()
}

// compOp recognises a comparison operator at the next token(s), consuming it.
func (c *climb) compOp() (ast.CmpOp, bool) {
	lex := c.lex
	t := lex.Peek()
	switch t.Type {
	case lexer.Op:
		var op ast.CmpOp
		switch t.Value {
		case "==":
			op = ast.Eq
		case "!=":
			op = ast.NotEq
		case "<":
			op = ast.Lt
		case "<=":
			op = ast.LtE
		case ">":
			op = ast.Gt
		case ">=":
			op = ast.GtE
		default:
			return 0, false
		}
		lex.Next()
		return op, true
	case lexer.Keyword:
		switch t.Value {
		case "in":
			lex.Next()
			return ast.In, true
		case "is":
			lex.Next()
			if isKw(lex.Peek(), "not") {
				lex.Next()
				return ast.IsNot, true
			}
			return ast.Is, true
		case "not":
			if isKw(c.peek2(), "in") {
				lex.Next()
				lex.Next()
				return ast.NotIn, true
			}
		}
	}
	return 0, false
}

func (c *climb) parseComparison() xNode {
	lex := c.lex
	start := lex.Peek().Pos
	l := c.parseBinary(1)
	if l == nil {
		return nil
	}
	op, ok := c.compOp()
	if !ok {
		return l
	}
	cmp := &xCmp{pos: toPos(start), l: l}
	for ok {
		r := c.parseBinary(1)
		if r == nil {
			cut(lex.Peek(), "")
		}
		cmp.ops = append(cmp.ops, op)
		cmp.rs = append(cmp.rs, r)
		op, ok = c.compOp()
	}
	return cmp
}

// binPrec returns the precedence of a binary operator token (0 if none).
func binPrec(t *plexer.Token) (int, ast.Operator) {
	if t.Type != lexer.Op {
		return 0, 0
	}
	switch t.Value {
	case "|":
		return 1, ast.BitOr
	case "^":
		return 2, ast.BitXor
	case "&":
		return 3, ast.BitAnd
	case "<<":
		return 4, ast.LShift
	case ">>":
		return 4, ast.RShift
	case "+":
		return 5, ast.Add
	case "-":
		return 5, ast.Sub
	case "*":
		return 6, ast.Mult
	case "/":
		return 6, ast.Div
	case "//":
		return 6, ast.FloorDiv
	case "%":
		return 6, ast.Mod
	case "@":
		return 6, ast.MatMult
	}
	return 0, 0
}

// parseBinary is precedence climbing over the left-associative binary
// operators with precedence >= minPrec.
func (c *climb) parseBinary(minPrec int) xNode {
	lex := c.lex
	start := lex.Peek().Pos
	left := c.parseFactor()
	if left == nil {
		return nil
	}
	for {
		prec, op := binPrec(lex.Peek())
		if prec == 0 || prec < minPrec {
			return left
		}
		lex.Next()
		right := c.parseBinary(prec + 1)
		if right == nil {
			cut(lex.Peek(), "")
		}
		left = &xBin{pos: toPos(start), op: op, l: left, r: right}
	}
}

func (c *climb) parseFactor() xNode {
	lex := c.lex
	c.enter()
	defer c.leave()
	t := lex.Peek()
	if t.Type == lexer.Op {
		var op ast.UnaryOperator
		switch t.Value {
		case "+":
			op = ast.UAdd
		case "-":
			op = ast.USub
		case "~":
			op = ast.Invert
		default:
			return c.parsePower()
		}
		pos := toPos(t.Pos)
		lex.Next()
		x := c.parseFactor()
		if x == nil {
			cut(lex.Peek(), "")
		}
		return &xUnary{pos: pos, op: op, x: x}
	}
	return c.parsePower()
}

func (c *climb) parsePower() xNode {
	lex := c.lex
	start := lex.Peek().Pos
	x := c.parseAwaitPrimary()
	if x == nil || !isOp(lex.Peek(), "**") {
		return x
	}
	lex.Next()
	r := c.parseFactor()
	if r == nil {
		cut(lex.Peek(), "")
	}
	return &xBin{pos: toPos(start), op: ast.Pow, l: x, r: r}
}

func (c *climb) parseAwaitPrimary() xNode {
	lex := c.lex
	t := lex.Peek()
	if isKw(t, "await") {
		pos := toPos(t.Pos)
		lex.Next()
		x := c.parsePrimary()
		if x == nil {
			cut(lex.Peek(), "")
		}
		return &xAwait{pos: pos, x: x}
	}
	return c.parsePrimary()
}

// parsePrimary parses an atom with its trailers. Names, numbers and
// constants are built directly, other atoms by participle; the trailer loop
// is here and hands call arguments and subscripts to participle.
func (c *climb) parsePrimary() xNode {
	lex := c.lex
	t := lex.Peek()
	start := t.Pos
	var atom xNode
	switch t.Type {
	case lexer.Name, lexer.Number:
		atom = &xLeaf{tok: t}
		lex.Next()
	case lexer.Keyword:
		switch t.Value {
		case "None", "True", "False":
			atom = &xLeaf{tok: t}
			lex.Next()
		default:
			return nil
		}
	case lexer.String, lexer.FStringStart:
		atom = c.atomParticiple(t)
	case lexer.Op:
		switch t.Value {
		case "(", "[", "{":
			atom = c.atomParticiple(t)
		case "...":
			atom = &xLeaf{tok: t}
			lex.Next()
		default:
			return nil
		}
	default:
		return nil
	}
	if atom == nil {
		return nil
	}
	var p *xPrimary
	for {
		n := lex.Peek()
		if n.Type != lexer.Op || (n.Value != "." && n.Value != "(" && n.Value != "[") {
			break
		}
		if p == nil {
			p = &xPrimary{pos: start, atom: atom}
		}
		tr := xTrailer{pos: n.Pos}
		switch n.Value {
		case ".":
			lex.Next()
			name := lex.Peek()
			c.tr.note(int(lex.RawCursor()))
			if name.Type != lexer.Name {
				cut(name, "")
			}
			tr.attr = name.Value
			lex.Next()
		case "(":
			lex.Next()
			tr.call = c.callArgs()
		default:
			sp, err := subscriptP.parse(lex)
			c.tr.note(int(lex.RawCursor()))
			if err != nil {
				panic(fromParticiple(err))
			}
			tr.index = sp.Index
		}
		p.trailers = append(p.trailers, tr)
	}
	if p == nil {
		return atom
	}
	return p
}

// callArgs parses call arguments after '(' up to and including ')':
// *expr, **expr, name=expr, named_expression [comprehension clauses].
// Comprehension clauses go to participle.
func (c *climb) callArgs() *pCall {
	lex := c.lex
	call := &pCall{}
	for {
		t := lex.Peek()
		if isOp(t, ")") {
			break
		}
		arg := &pArg{Pos: t.Pos}
		switch {
		case isOp(t, "**"):
			lex.Next()
			if arg.DStar = c.parseExpression(); arg.DStar == nil {
				cut(lex.Peek(), "")
			}
		case isOp(t, "*"):
			lex.Next()
			if arg.Star = c.parseExpression(); arg.Star == nil {
				cut(lex.Peek(), "")
			}
		case t.Type == lexer.Name && isOp(c.peek2(), "="):
			name := t.Value
			arg.KwName = &name
			lex.Next()
			lex.Next()
			if arg.KwValue = c.parseExpression(); arg.KwValue == nil {
				cut(lex.Peek(), "")
			}
		default:
			if arg.Value = c.parseNamed(); arg.Value == nil {
				c.tr.note(int(lex.RawCursor()))
				cut(lex.Peek(), "")
			}
			for n := lex.Peek(); isKw(n, "for") || isKw(n, "async"); n = lex.Peek() {
				cp, err := compP.parse(lex)
				c.tr.note(int(lex.RawCursor()))
				if err != nil {
					panic(fromParticiple(err))
				}
				arg.Comp = append(arg.Comp, cp)
			}
		}
		call.Args = append(call.Args, arg)
		if !isOp(lex.Peek(), ",") {
			call.Trailing = false
			break
		}
		lex.Next()
		call.Trailing = true
	}
	c.tr.note(int(lex.RawCursor()))
	end := lex.Peek()
	if !isOp(end, ")") {
		cut(end, "")
	}
	call.EndPos = end.Pos
	lex.Next()
	return call
}

// atomParticiple parses a bracketed or string atom with participle.
func (c *climb) atomParticiple(t *plexer.Token) xNode {
	lex := c.lex
	start := *t
	cp := lex.MakeCheckpoint()
	a, err := atomP.parse(lex)
	c.tr.note(int(lex.RawCursor()))
	if err != nil {
		f := fromParticiple(err)
		if f.msg == "" && f.pos.Offset == start.Pos.Offset && f.tok != nil && f.tok.Type == start.Type {
			lex.LoadCheckpoint(cp)
			return nil
		}
		panic(f)
	}
	return a
}

// starList parses star_expressions (targets: a star_targets list, whose
// items are bitwise_or-level).
func (c *climb) starList(targets bool) *starExprs {
	lex := c.lex
	var out *starExprs
	for {
		t := lex.Peek()
		it := starItem{pos: t.Pos}
		if isOp(t, "*") {
			lex.Next()
			it.star = true
			it.x = c.parseBinary(1)
			if it.x == nil {
				cut(lex.Peek(), "")
			}
		} else {
			if targets {
				it.x = c.parseBinary(1)
			} else {
				it.x = c.parseExpression()
			}
			if it.x == nil {
				break
			}
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
	return out
}

func parseXStarExprs(lex *plexer.PeekingLexer) (xStarExprs, error) {
	c := climb{lex, trackerFor(lex)}
	n := c.starList(false)
	c.tr.note(int(lex.RawCursor()))
	if n != nil {
		return n, nil
	}
	return nil, participle.NextMatch
}

func parseXTargets(lex *plexer.PeekingLexer) (xTargets, error) {
	c := climb{lex, trackerFor(lex)}
	n := c.starList(true)
	c.tr.note(int(lex.RawCursor()))
	if n != nil {
		return n, nil
	}
	return nil, participle.NextMatch
}

// ---- Statement dispatch ----

func (*pIf) xstmt()           {}
func (*pWhile) xstmt()        {}
func (*pFor) xstmt()          {}
func (*pTry) xstmt()          {}
func (*pWith) xstmt()         {}
func (*pDef) xstmt()          {}
func (*pClass) xstmt()        {}
func (*pDecorated) xstmt()    {}
func (*pAsync) xstmt()        {}
func (*pSimple) xstmt()       {}
func (*pKeywordStmt) xsmall() {}
func (*pReturn) xsmall()      {}
func (*pRaise) xsmall()       {}
func (*pGlobal) xsmall()      {}
func (*pNonlocal) xsmall()    {}
func (*pDel) xsmall()         {}
func (*pAssert) xsmall()      {}
func (*pImport) xsmall()      {}
func (*pFrom) xsmall()        {}
func (*pExprStmt) xsmall()    {}

// must turns a sub-parser's error into the cut: the statement's first
// token has committed the parse.
func must[T any](v *T, err error) *T {
	if err != nil {
		panic(fromParticiple(err))
	}
	return v
}

// parseStmt parses one statement, choosing the production from its first
// token. Any failure after that is definite.
func parseStmt(lex *plexer.PeekingLexer) (xStmt, error) {
	t := lex.Peek()
	switch t.Type {
	case lexer.Dedent, lexer.EOF:
		return nil, participle.NextMatch
	case lexer.Keyword:
		if compoundKeywords[t.Value] {
			buildCompound() // the compound statements' parsers
		}
		switch t.Value {
		case "if":
			return must(ifP.parse(lex)), nil
		case "while":
			return must(whileP.parse(lex)), nil
		case "for":
			return must(forP.parse(lex)), nil
		case "try":
			return must(tryP.parse(lex)), nil
		case "with":
			return must(withP.parse(lex)), nil
		case "def":
			return must(defP.parse(lex)), nil
		case "class":
			return must(classP.parse(lex)), nil
		case "async":
			return must(asyncP.parse(lex)), nil
		}
	case lexer.Op:
		if t.Value == "@" {
			buildCompound()
			return must(decoratedP.parse(lex)), nil
		}
	case lexer.Name:
		if t.Value == "match" {
			if m := tryMatch(lex); m != nil {
				return m, nil
			}
		}
		if t.Value == "type" {
			checkUnsupported(lex)
		}
	}
	return parseSimpleMust(lex), nil
}

// stmtList is the statements of an indented block.
type stmtList []xStmt

func (stmtList) xstmts() {}

// parseStmtList parses the statements of a block up to its DEDENT.
func parseStmtList(lex *plexer.PeekingLexer) (xStmtList, error) {
	var out stmtList
	for {
		s, err := parseStmt(lex)
		if err != nil {
			break
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, participle.NextMatch
	}
	return out, nil
}

// parseSimple parses simple statements separated by ';' up to NEWLINE.
func parseSimple(lex *plexer.PeekingLexer) (xSimple, error) {
	t := lex.Peek()
	if t.Type == lexer.Newline || t.Type == lexer.EOF {
		return nil, participle.NextMatch
	}
	return parseSimpleMust(lex), nil
}

func parseSimpleMust(lex *plexer.PeekingLexer) *pSimple {
	s := &pSimple{}
	for {
		sm, err := parseSmall(lex)
		if err != nil {
			t := *lex.Peek()
			trackerFor(lex).note(int(lex.RawCursor()))
			panic(&failure{pos: t.Pos, tok: &t})
		}
		s.Stmts = append(s.Stmts, sm)
		t := lex.Peek()
		if isOp(t, ";") {
			lex.Next()
			t = lex.Peek()
			if t.Type == lexer.Newline {
				lex.Next()
				return s
			}
			continue
		}
		if t.Type == lexer.Newline {
			lex.Next()
			return s
		}
		tt := *t
		trackerFor(lex).note(int(lex.RawCursor()))
		panic(&failure{pos: tt.Pos, tok: &tt})
	}
}

// parseSmall parses one simple statement.
func parseSmall(lex *plexer.PeekingLexer) (xSmall, error) {
	t := lex.Peek()
	if t.Type == lexer.Keyword {
		switch t.Value {
		case "pass", "break", "continue":
			k := &pKeywordStmt{Pos: t.Pos, Kw: t.Value}
			lex.Next()
			return k, nil
		case "return":
			return must(returnP.parse(lex)), nil
		case "raise":
			return must(raiseP.parse(lex)), nil
		case "global":
			return must(globalP.parse(lex)), nil
		case "nonlocal":
			return must(nonlocalP.parse(lex)), nil
		case "del":
			return must(delP.parse(lex)), nil
		case "assert":
			return must(assertP.parse(lex)), nil
		case "import":
			return must(importP.parse(lex)), nil
		case "from":
			return must(fromP.parse(lex)), nil
		}
	}
	c := climb{lex, trackerFor(lex)}
	e := c.exprStmt()
	c.tr.note(int(lex.RawCursor()))
	if e == nil {
		return nil, participle.NextMatch
	}
	return e, nil
}

var augAssignOps = map[string]bool{
	"+=": true, "-=": true, "*=": true, "/=": true, "//=": true, "%=": true, "**=": true,
	">>=": true, "<<=": true, "&=": true, "^=": true, "|=": true, "@=": true,
}

// exprStmt parses an expression statement or an (augmented, annotated)
// assignment. It returns nil when no expression starts here.
func (c *climb) exprStmt() *pExprStmt {
	lex := c.lex
	start := lex.Peek().Pos
	lhs := c.rhs()
	if lhs == nil {
		return nil
	}
	st := &pExprStmt{Pos: start, Lhs: lhs}
	n := lex.Peek()
	if isOp(n, ":=") && lhs.Exprs != nil {
		// "(a, b) := ...": CPython names what cannot be assigned to.
		se := lhs.Exprs.(*starExprs)
		if l, ok := se.items[0].x.(*xLeaf); ok && l.tok.Type == lexer.Name {
			se = nil // "a := 1" is a generic syntax error
		}
		if se != nil && len(se.items) == 1 && !se.items[0].star && !se.trailing {
			pos := se.items[0].pos
			x := se.items[0].x
			end := c.prevEnd(0)
			if a, ok := x.(*pAtom); ok && a.Paren != nil && a.Paren.Items != nil && len(a.Paren.Items.Rest) == 0 &&
				!a.Paren.Items.Trailing && len(a.Paren.Items.Comp) == 0 && a.Paren.Items.First.X != nil {
				pos, x = a.Paren.Items.First.Pos, a.Paren.Items.First.X
				end = c.prevEnd(1) // inside the parentheses
			}
			panic(&failure{msg: "cannot use assignment expressions with " + xName(x), pos: pos, end: end})
		}
	}
	switch {
	case isOp(n, ":"):
		lex.Next()
		if st.Ann = c.parseExpression(); st.Ann == nil {
			c.tr.note(int(lex.RawCursor()))
			cut(lex.Peek(), "")
		}
		if isOp(lex.Peek(), "=") {
			lex.Next()
			st.AnnValue = c.mustRhs()
		}
	case n.Type == lexer.Op && augAssignOps[n.Value]:
		st.AugOp = n.Value
		lex.Next()
		st.AugValue = c.mustRhs()
	case isOp(n, "="):
		for isOp(lex.Peek(), "=") {
			lex.Next()
			st.Assign = append(st.Assign, c.mustRhs())
		}
	}
	return st
}

// rhs parses yield_expr | star_expressions, or returns nil.
func (c *climb) rhs() *pRhs {
	lex := c.lex
	t := lex.Peek()
	if isKw(t, "yield") {
		y, err := yieldP.parse(lex)
		c.tr.note(int(lex.RawCursor()))
		if err != nil {
			panic(fromParticiple(err))
		}
		return &pRhs{Pos: t.Pos, Yield: y}
	}
	pos := t.Pos
	s := c.starList(false)
	if s == nil {
		return nil
	}
	return &pRhs{Pos: pos, Exprs: s}
}

func (c *climb) mustRhs() *pRhs {
	r := c.rhs()
	if r == nil {
		c.tr.note(int(c.lex.RawCursor()))
		cut(c.lex.Peek(), "")
	}
	return r
}

// xName names an expression the way CPython's error messages do, for the
// few errors raised before lowering.
func xName(x xNode) string {
	switch x := x.(type) {
	case *xBin, *xUnary, *xBool:
		if u, ok := x.(*xUnary); ok && u.op == ast.Not {
			return "expression"
		}
		return "expression"
	case *xCmp:
		return "comparison"
	case *xIf:
		return "conditional expression"
	case *xWalrus:
		return "named expression"
	case *xAwait:
		return "await expression"
	case *pLambda:
		return "lambda"
	case *xLeaf:
		switch x.tok.Type {
		case lexer.Name:
			return "name"
		case lexer.Keyword:
			return x.tok.Value
		}
		return "literal"
	case *xPrimary:
		tr := x.trailers[len(x.trailers)-1]
		switch {
		case tr.call != nil:
			return "function call"
		case tr.index != nil:
			return "subscript"
		}
		return "attribute"
	case *pAtom:
		a := x
		switch {
		case a.Paren != nil:
			if a.Paren.Yield != nil {
				return "yield expression"
			}
			if it := a.Paren.Items; it != nil {
				if len(it.Comp) > 0 {
					return "generator expression"
				}
				if len(it.Rest) > 0 || it.Trailing {
					return "tuple"
				}
				if it.First.X != nil {
					return xName(it.First.X)
				}
				return "starred"
			}
			return "tuple"
		case a.List != nil:
			if a.List.Items != nil && len(a.List.Items.Comp) > 0 {
				return "list comprehension"
			}
			return "list"
		case a.Brace != nil:
			b := a.Brace.Body
			if b == nil {
				return "dict literal"
			}
			dict := b.First.Value != nil || b.First.DStar != nil
			if len(b.Comp) > 0 {
				if dict {
					return "dict comprehension"
				}
				return "set comprehension"
			}
			if dict {
				return "dict literal"
			}
			return "set display"
		case a.Strings != nil:
			for _, s := range a.Strings {
				if s.F != nil {
					return "f-string expression"
				}
			}
		}
		return "literal"
	}
	return "expression"
}

// ---- Custom look-ahead productions ----

type checkResult struct{}

func (checkResult) unsupported() {}
func (checkResult) withParen()   {}
func (checkResult) indent()      {}
func (checkResult) tryMissing()  {}
func (checkResult) emptyField()  {}

// checkUnsupported rejects type alias statements with a clear message.
func checkUnsupported(lex *plexer.PeekingLexer) {
	t := lex.Peek()
	first := *t
	cp := lex.MakeCheckpoint()
	defer lex.LoadCheckpoint(cp)
	lex.Next()
	if second := lex.Peek(); second.Type == lexer.Name {
		lex.Next()
		if third := lex.Peek(); isOp(third, "=") || isOp(third, "[") {
			panic(&failure{msg: "type alias statements are not supported by pyasync", pos: first.Pos, tok: &first})
		}
	}
}

// parseWithParenCheck matches (without consuming) when the next tokens are
// '(' ... ')' ':', the parenthesised form of a with statement.
func parseWithParenCheck(lex *plexer.PeekingLexer) (withParenCheck, error) {
	if !isOp(lex.Peek(), "(") {
		return nil, participle.NextMatch
	}
	cp := lex.MakeCheckpoint()
	defer lex.LoadCheckpoint(cp)
	depth := 0
	for {
		t := lex.Next()
		if t.Type == lexer.EOF || t.Type == lexer.ErrorToken || t.Type == lexer.Newline {
			return nil, participle.NextMatch
		}
		if t.Type == lexer.Op {
			switch t.Value {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			}
		}
		if depth == 0 {
			break
		}
	}
	if isOp(lex.Peek(), ":") {
		return checkResult{}, nil
	}
	return nil, participle.NextMatch
}

// parseIndentMark consumes the INDENT that must start a block, or raises
// CPython's "expected an indented block after ..." IndentationError.
func parseIndentMark(lex *plexer.PeekingLexer) (indentMark, error) {
	t := lex.Peek()
	if t.Type == lexer.Indent {
		lex.Next()
		return checkResult{}, nil
	}
	toks := lex.Range(0, lex.RawCursor())
	// toks ends with the header's NEWLINE; find the header's first token.
	nl := len(toks) - 1
	i := nl - 1
	for i >= 0 && toks[i].Type != lexer.Newline && toks[i].Type != lexer.Indent && toks[i].Type != lexer.Dedent {
		i--
	}
	i++
	what := "statement"
	line := 0
	if i < nl && nl >= 0 {
		h := toks[i]
		line = h.Pos.Line
		if isKw(&h, "async") && i+1 < nl {
			h = toks[i+1]
		}
		switch h.Value {
		case "def":
			what = "function definition"
		case "class":
			what = "class definition"
		default:
			what = "'" + h.Value + "' statement"
		}
		// A compound statement after an else/elif/except... on the same
		// header line cannot happen; but "if x: pass" headers never reach here.
	}
	f := &failure{kind: "IndentationError", msg: "expected an indented block after " + what + " on line " + itoa(line), pos: t.Pos}
	f.end = tokenEnd(t)
	if t.Type == lexer.EOF || t.Type == lexer.Dedent {
		f.incomplete = onlyDedentsLeft(lex)
		if nl >= 0 {
			f.pos = toks[nl].Pos
		}
		f.end = ast.Pos{Line: f.pos.Line, Col: -1}
	}
	if t.Type == lexer.ErrorToken {
		tt := *t
		f.tok = &tt
		f.kind, f.msg = "", ""
	}
	panic(f)
}

// onlyDedentsLeft reports whether only DEDENTs remain before EOF.
func onlyDedentsLeft(lex *plexer.PeekingLexer) bool {
	cp := lex.MakeCheckpoint()
	defer lex.LoadCheckpoint(cp)
	for {
		t := lex.Peek()
		switch t.Type {
		case lexer.EOF:
			return true
		case lexer.Dedent:
			lex.Next()
		default:
			return false
		}
	}
}

// parseTryMissing raises "expected 'except' or 'finally' block".
func parseTryMissing(lex *plexer.PeekingLexer) (tryMissing, error) {
	t := lex.Peek()
	if isKw(t, "except") || isKw(t, "finally") || t.Type == lexer.ErrorToken {
		return nil, participle.NextMatch
	}
	f := &failure{msg: "expected 'except' or 'finally' block", pos: t.Pos, end: tokenEnd(t)}
	if onlyDedentsLeft(lex) {
		f.incomplete = true
		toks := lex.Range(0, lex.RawCursor())
		for i := len(toks) - 1; i >= 0; i-- {
			if toks[i].Type == lexer.Newline {
				f.pos = toks[i].Pos
				break
			}
		}
		f.end = ast.Pos{Line: f.pos.Line, Col: -1}
	}
	panic(f)
}

// parseEmptyField raises "f-string: empty expression not allowed" for
// "{}", and "f-string: expression required before '!'" (':', '=') when a
// conversion, spec or '=' comes first, as CPython 3.11.
func parseEmptyField(lex *plexer.PeekingLexer) (emptyFieldCheck, error) {
	t := lex.Peek()
	if t.Type == lexer.Op && (t.Value == "}" || t.Value == "!" || t.Value == ":" || t.Value == "=") {
		tt := *t
		msg := "f-string: empty expression not allowed"
		if t.Value != "}" {
			msg = "f-string: expression required before '" + t.Value + "'"
		}
		panic(&failure{msg: msg, pos: t.Pos, tok: &tt})
	}
	return nil, participle.NextMatch
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
