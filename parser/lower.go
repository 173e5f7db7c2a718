package parser

import (
	"math/big"
	"strconv"
	"strings"

	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// lowerer turns grammar structs into ast nodes and performs the checks that
// CPython's grammar or compiler make on the shape of the tree (assignment
// targets, argument order, ...). Errors panic with a *failure.
type lowerer struct {
	src       string
	specDepth int     // format specs being lowered (f-string nesting)
	spans     *Source // src split for errSpan, made on first use
	warnings  []ast.Warning
}

func errAt(p ast.Pos, msg string) {
	panic(&failure{msg: msg, pos: plexer.Position{Line: p.Line, Column: p.Col}})
}

// errSpan fails over e's extent (the error's end_lineno/end_offset are
// where e ends).
func (l *lowerer) errSpan(e ast.Expr, msg string) {
	p := e.Position()
	f := &failure{msg: msg, pos: plexer.Position{Line: p.Line, Column: p.Col}}
	if end, ok := l.source().End(e); ok {
		f.end = end
	}
	panic(f)
}

// errTo fails over the range from p to where e ends.
func (l *lowerer) errTo(p ast.Pos, e ast.Expr, msg string) {
	f := &failure{msg: msg, pos: plexer.Position{Line: p.Line, Column: p.Col}}
	if end, ok := l.source().End(e); ok {
		f.end = end
	}
	panic(f)
}

// source is the program text split for position scans.
func (l *lowerer) source() *Source {
	if l.spans == nil {
		l.spans = NewSource(l.src)
	}
	return l.spans
}

// errAfter fails at the token after the n characters at p.
func (l *lowerer) errAfter(p plexer.Position, n int, msg string) {
	q, _ := l.source().After(toPos(p), n)
	errAt(q, msg)
}

func errAtP(p plexer.Position, msg string) {
	panic(&failure{msg: msg, pos: p})
}

// ---- Statements ----

func (l *lowerer) stmt(s xStmt) []ast.Stmt {
	switch s := s.(type) {
	case *pIf:
		return []ast.Stmt{l.ifStmt(s.Pos, s.Test, s.Body, s.Elifs, s.Else)}
	case *pWhile:
		return []ast.Stmt{&ast.While{Pos: toPos(s.Pos), Test: l.expr(s.Test), Body: l.block(s.Body), OrElse: l.optBlock(s.Else)}}
	case *pFor:
		return []ast.Stmt{l.forStmt(s, false, s.Pos)}
	case *pTry:
		return []ast.Stmt{l.tryStmt(s)}
	case *pWith:
		return []ast.Stmt{l.withStmt(s, false, s.Pos)}
	case *pDef:
		return []ast.Stmt{l.funcDef(s, nil, false, s.Pos)}
	case *pClass:
		return []ast.Stmt{l.classDef(s, nil)}
	case *pDecorated:
		decs := make([]ast.Expr, len(s.Decorators))
		for i, dec := range s.Decorators {
			decs[i] = l.expr(dec.X)
		}
		switch {
		case s.Def != nil:
			return []ast.Stmt{l.funcDef(s.Def, decs, false, s.Def.Pos)}
		case s.Class != nil:
			return []ast.Stmt{l.classDef(s.Class, decs)}
		default:
			return []ast.Stmt{l.funcDef(s.Async.Def, decs, true, s.Async.Pos)}
		}
	case *pAsync:
		switch {
		case s.Def != nil:
			return []ast.Stmt{l.funcDef(s.Def, nil, true, s.Pos)}
		case s.For != nil:
			return []ast.Stmt{l.forStmt(s.For, true, s.Pos)}
		default:
			return []ast.Stmt{l.withStmt(s.With, true, s.Pos)}
		}
	case *pSimple:
		return l.simple(s)
	case *pMatch:
		return []ast.Stmt{l.match(s)}
	}
	panic("parser: unknown statement")
}

func (l *lowerer) block(b *pBlock) []ast.Stmt {
	if b.Simple != nil {
		return l.simple(b.Simple.(*pSimple))
	}
	stmts := b.Stmts.(stmtList)
	out := make([]ast.Stmt, 0, len(stmts))
	for _, s := range stmts {
		out = append(out, l.stmt(s)...)
	}
	return out
}

func (l *lowerer) optBlock(b *pBlock) []ast.Stmt {
	if b == nil {
		return nil
	}
	return l.block(b)
}

func (l *lowerer) ifStmt(pos plexer.Position, test xNamed, body *pBlock, elifs []*pElif, els *pBlock) *ast.If {
	n := &ast.If{Pos: toPos(pos), Test: l.expr(test), Body: l.block(body)}
	if len(elifs) > 0 {
		e := elifs[0]
		n.OrElse = []ast.Stmt{l.ifStmt(e.Pos, e.Test, e.Body, elifs[1:], els)}
	} else {
		n.OrElse = l.optBlock(els)
	}
	return n
}

func (l *lowerer) forStmt(f *pFor, async bool, pos plexer.Position) *ast.For {
	target := l.targets(f.Target)
	l.checkTarget(target, tgtFor)
	return &ast.For{Pos: toPos(pos), Target: target, Iter: l.starExprs(f.Iter), Body: l.block(f.Body), OrElse: l.optBlock(f.Else), IsAsync: async}
}

func (l *lowerer) tryStmt(t *pTry) ast.Stmt {
	n := &ast.Try{Pos: toPos(t.Pos), Body: l.block(t.Body)}
	star := len(t.Handlers) > 0 && t.Handlers[0].Star
	for _, h := range t.Handlers {
		if h.Star != star {
			f := &failure{msg: "cannot have both 'except' and 'except*' on the same 'try'", pos: h.Pos}
			if h.Star {
				// over "except*"
				q, _ := l.source().After(toPos(h.Pos), len("except"))
				f.end = ast.Pos{Line: q.Line, Col: q.Col + 1}
			}
			panic(f)
		}
		if h.Star && h.Type == nil {
			p := h.Pos
			p.Column += len("except*")
			errAtP(p, "expected one or more exception types")
		}
		eh := &ast.ExceptHandler{Pos: toPos(h.Pos), Body: l.block(h.Body)}
		if h.Type != nil {
			eh.Type = l.expr(h.Type)
		}
		if h.Name != nil {
			eh.Name = nameOf(h.Name)
		}
		n.Handlers = append(n.Handlers, eh)
	}
	n.OrElse = l.optBlock(t.Else)
	if t.OnlyFin != nil {
		n.Finalbody = l.block(t.OnlyFin)
	} else {
		n.Finalbody = l.optBlock(t.Finally)
	}
	if star {
		return &ast.TryStar{Pos: n.Pos, Body: n.Body, Handlers: n.Handlers, OrElse: n.OrElse, Finalbody: n.Finalbody}
	}
	return n
}

func (l *lowerer) withStmt(w *pWith, async bool, pos plexer.Position) *ast.With {
	items := w.Items
	if w.Paren != nil {
		items = w.Paren.Items
	}
	n := &ast.With{Pos: toPos(pos), IsAsync: async}
	for _, it := range items {
		wi := &ast.WithItem{Context: l.expr(it.Ctx)}
		if it.Target != nil {
			wi.Vars = l.expr(it.Target)
			if it.Star != nil {
				wi.Vars = &ast.Starred{Pos: toPos(it.Star.Pos), Value: wi.Vars}
			}
			l.checkTarget(wi.Vars, tgtFor)
		}
		n.Items = append(n.Items, wi)
	}
	n.Body = l.block(w.Body)
	return n
}

func (l *lowerer) funcDef(d *pDef, decs []ast.Expr, async bool, pos plexer.Position) *ast.FunctionDef {
	var ps []*pParam
	if d.Params != nil {
		ps = d.Params.Params
	}
	n := &ast.FunctionDef{Pos: toPos(pos), Name: nameOf(d.Name), Args: l.params(ps, nil), Decorators: decs, IsAsync: async}
	if d.Returns != nil {
		n.Returns = l.expr(d.Returns)
	}
	n.Body = l.block(d.Body)
	return n
}

func (l *lowerer) classDef(c *pClass, decs []ast.Expr) *ast.ClassDef {
	n := &ast.ClassDef{Pos: toPos(c.Pos), Name: nameOf(c.Name), Decorators: decs}
	if c.Args != nil {
		for _, a := range c.Args.Args {
			if len(a.Comp) > 0 {
				errAtP(a.Comp[0].Pos, "invalid syntax")
			}
		}
		n.Bases, n.Keywords = l.callArgs(c.Args, plexer.Position{})
	}
	n.Body = l.block(c.Body)
	return n
}

// paramInfo is the common shape of def and lambda parameters.
type paramInfo struct {
	pos     plexer.Position
	end     plexer.Position
	slash   bool
	star    string
	name    string
	namePos plexer.Position
	hasName bool
	ann     xExpr
	annStar plexer.Position // where ann's '*' is (*args: *Ts); Line 0 if none
	def     *pDefault
}

func (l *lowerer) params(ps []*pParam, lps []*pLParam) *ast.Arguments {
	var infos []paramInfo
	for _, p := range ps {
		pi := paramInfo{pos: p.Pos, end: p.EndPos, slash: p.Slash, star: p.Star}
		b := p.Body
		if b == nil {
			b = p.SBody
		}
		if b != nil {
			pi.name, pi.namePos, pi.hasName, pi.ann, pi.def = nameOf(b.Name), b.Pos, true, b.Ann, b.Default
			if b.AnnStar != nil {
				// a starred annotation is only for *args, without a default
				if p.Star != "*" {
					errAtP(b.AnnStar.Pos, "invalid syntax")
				}
				if b.Default != nil {
					errAtP(b.Default.Pos, "invalid syntax")
				}
				pi.annStar = b.AnnStar.Pos
			}
		}
		infos = append(infos, pi)
	}
	for _, p := range lps {
		pi := paramInfo{pos: p.Pos, end: p.EndPos, slash: p.Slash, star: p.Star}
		b := p.Body
		if b == nil {
			b = p.SBody
		}
		if b != nil {
			pi.name, pi.namePos, pi.hasName, pi.def = nameOf(b.Name), b.Pos, true, b.Default
		}
		infos = append(infos, pi)
	}
	a := &ast.Arguments{}
	seenSlash, seenStar, seenKwarg, bareStar := false, false, false, false
	var bareStarPos plexer.Position
	seenDefault := false
	names := map[string]bool{}
	for _, p := range infos {
		if seenKwarg {
			errAtP(p.pos, "arguments cannot follow var-keyword argument")
		}
		if p.hasName {
			if names[p.name] {
				// CPython's symbol table finds this one: args hold only the message
				panic(&failure{msg: "duplicate argument '" + p.name + "' in function definition", pos: p.namePos, msgOnly: true})
			}
			names[p.name] = true
		}
		switch {
		case p.slash:
			if seenSlash {
				errAtP(p.pos, "/ may appear only once")
			}
			if seenStar {
				errAtP(p.pos, "/ must be ahead of *")
			}
			if len(a.Args) == 0 {
				if _, c := l.source().After(toPos(p.pos), 1); c == ',' {
					errAtP(p.pos, "at least one argument must precede /")
				}
				errAtP(p.pos, "invalid syntax")
			}
			seenSlash = true
			a.PosOnly, a.Args = a.Args, nil
		case p.star == "*":
			if seenStar {
				if a.Vararg != nil && a.Vararg.Annotation != nil {
					if _, ok := a.Vararg.Annotation.(*ast.Starred); ok {
						errAtP(p.pos, "invalid syntax") // CPython's rule has no starred annotation
					}
				}
				errAtP(p.pos, "* argument may appear only once")
			}
			seenStar = true
			if !p.hasName {
				bareStar, bareStarPos = true, p.pos
				if p.def != nil {
					errAtP(p.def.Pos, "invalid syntax")
				}
				continue
			}
			if p.def != nil {
				errAtP(p.def.Pos, "var-positional argument cannot have default value")
			}
			a.Vararg = l.arg(p)
		case p.star == "**":
			if !p.hasName {
				errAtP(p.end, "invalid syntax")
			}
			if p.def != nil {
				errAtP(p.def.Pos, "var-keyword argument cannot have default value")
			}
			if bareStar && len(a.KwOnly) == 0 {
				if lps != nil {
					// CPython's lambda rule reports at the last token read
					errAtP(p.pos, "named arguments must follow bare *")
				}
				errAtP(bareStarPos, "named arguments must follow bare *")
			}
			seenKwarg = true
			a.Kwarg = l.arg(p)
		default:
			if seenStar {
				a.KwOnly = append(a.KwOnly, l.arg(p))
				if p.def != nil {
					a.KwDefaults = append(a.KwDefaults, l.expr(p.def.X))
				} else {
					a.KwDefaults = append(a.KwDefaults, nil)
				}
				continue
			}
			if p.def != nil {
				seenDefault = true
				a.Defaults = append(a.Defaults, l.expr(p.def.X))
			} else if seenDefault {
				errAtP(p.namePos, "non-default argument follows default argument")
			}
			a.Args = append(a.Args, l.arg(p))
		}
	}
	if bareStar && len(a.KwOnly) == 0 && a.Kwarg == nil {
		if lps != nil {
			// at the ':' after "*" or "*,"
			q, c := l.source().After(toPos(bareStarPos), 1)
			if c == ',' {
				q, _ = l.source().After(q, 1)
			}
			errAt(q, "named arguments must follow bare *")
		}
		errAtP(bareStarPos, "named arguments must follow bare *")
	}
	return a
}

func (l *lowerer) arg(p paramInfo) *ast.Arg {
	a := &ast.Arg{Pos: toPos(p.namePos), Name: p.name}
	if p.ann != nil {
		a.Annotation = l.expr(p.ann)
		if p.annStar.Line != 0 {
			a.Annotation = &ast.Starred{Pos: toPos(p.annStar), Value: a.Annotation}
		}
	}
	return a
}

func (l *lowerer) simple(s *pSimple) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(s.Stmts))
	for _, sm := range s.Stmts {
		out = append(out, l.small(sm))
	}
	return out
}

func (l *lowerer) small(s xSmall) ast.Stmt {
	switch s := s.(type) {
	case *pExprStmt:
		return l.exprStmt(s)
	case *pKeywordStmt:
		pos := toPos(s.Pos)
		switch s.Kw {
		case "pass":
			return &ast.Pass{Pos: pos}
		case "break":
			return &ast.Break{Pos: pos}
		}
		return &ast.Continue{Pos: pos}
	case *pReturn:
		r := &ast.Return{Pos: toPos(s.Pos)}
		if s.Value != nil {
			// a bare starred value is the compiler's error, after
			// "'return' outside function"
			r.Value = l.starExprsAny(s.Value)
		}
		return r
	case *pRaise:
		r := &ast.Raise{Pos: toPos(s.Pos)}
		if s.Exc != nil {
			r.Exc = l.expr(s.Exc)
		}
		if s.Cause != nil {
			r.Cause = l.expr(s.Cause)
		}
		return r
	case *pGlobal:
		return &ast.Global{Pos: toPos(s.Pos), Names: names(s.Names)}
	case *pNonlocal:
		return &ast.Nonlocal{Pos: toPos(s.Pos), Names: names(s.Names)}
	case *pDel:
		d := &ast.Delete{Pos: toPos(s.Pos)}
		for _, it := range s.Targets.(*starExprs).items {
			e := l.starItem(it)
			l.checkTarget(e, tgtDel)
			d.Targets = append(d.Targets, e)
		}
		return d
	case *pAssert:
		a := &ast.Assert{Pos: toPos(s.Pos), Test: l.expr(s.Test)}
		if s.Msg != nil {
			a.Msg = l.expr(s.Msg)
		}
		return a
	case *pImport:
		im := &ast.Import{Pos: toPos(s.Pos)}
		for _, d := range s.Names {
			al := &ast.Alias{Pos: toPos(d.Pos), Name: strings.Join(names(d.Name), ".")}
			if d.As != nil {
				al.AsName = nameOf(d.As)
			}
			im.Names = append(im.Names, al)
		}
		return im
	case *pFrom:
		return l.importFrom(s)
	}
	panic("parser: unknown simple statement")
}

func names(ns []xNameTok) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = nameOf(n)
	}
	return out
}

func (l *lowerer) importFrom(pf *pFrom) *ast.ImportFrom {
	n := &ast.ImportFrom{Pos: toPos(pf.Pos), Module: strings.Join(names(pf.Module), ".")}
	for _, d := range pf.Dots {
		n.Level += len(d)
	}
	f := pf.Import
	if len(pf.Module) == 0 && n.Level == 0 {
		errAtP(f.Pos, "invalid syntax")
	}
	if f.Trailing && f.Star != nil {
		l.errAfter(f.Star.Pos, 1, "invalid syntax") // at the ','
	}
	if f.Trailing {
		errAtP(f.EndPos, "trailing comma not allowed without surrounding parentheses")
	}
	switch {
	case f.Star != nil:
		n.Names = []*ast.Alias{{Pos: toPos(f.Star.Pos), Name: "*"}}
	default:
		ns := f.Names
		if f.Paren != nil {
			ns = f.Paren
		}
		for _, a := range ns {
			al := &ast.Alias{Pos: toPos(a.Pos), Name: nameOf(a.Name)}
			if a.As != nil {
				al.AsName = nameOf(a.As)
			}
			n.Names = append(n.Names, al)
		}
	}
	return n
}

var augOps = map[string]ast.Operator{
	"+=": ast.Add, "-=": ast.Sub, "*=": ast.Mult, "/=": ast.Div, "//=": ast.FloorDiv, "%=": ast.Mod,
	"**=": ast.Pow, ">>=": ast.RShift, "<<=": ast.LShift, "&=": ast.BitAnd, "^=": ast.BitXor,
	"|=": ast.BitOr, "@=": ast.MatMult,
}

func (l *lowerer) exprStmt(s *pExprStmt) ast.Stmt {
	pos := toPos(s.Pos)
	switch {
	case s.Ann != nil:
		target := l.rhs(s.Lhs, true)
		switch target.(type) {
		case *ast.Name, *ast.Attribute, *ast.Subscript:
		case *ast.Tuple:
			if t := target.(*ast.Tuple); len(t.Elts) > 0 && t.Elts[0].Position() == t.Position() {
				// unparenthesized: CPython's range is the first element
				l.errSpan(t.Elts[0], "only single target (not tuple) can be annotated")
			}
			l.errSpan(target, "only single target (not tuple) can be annotated")
		case *ast.List:
			l.errSpan(target, "only single target (not list) can be annotated")
		default:
			l.errSpan(target, "illegal target for annotation")
		}
		n := &ast.AnnAssign{Pos: pos, Target: target, Annotation: l.expr(s.Ann)}
		if s.AnnValue != nil {
			n.Value = l.rhs(s.AnnValue, false)
		}
		return n
	case s.AugOp != "":
		target := l.rhs(s.Lhs, true)
		switch target.(type) {
		case *ast.Name, *ast.Attribute, *ast.Subscript:
		default:
			l.errSpan(target, "'"+exprName(target)+"' is an illegal expression for augmented assignment")
		}
		return &ast.AugAssign{Pos: pos, Target: target, Op: augOps[s.AugOp], Value: l.rhs(s.AugValue, false)}
	case len(s.Assign) > 0:
		all := append([]*pRhs{s.Lhs}, s.Assign...)
		n := &ast.Assign{Pos: pos}
		value := all[len(all)-1]
		for _, r := range all[:len(all)-1] {
			n.Targets = append(n.Targets, l.rhs(r, true))
		}
		l.checkChainStart(n.Targets, all)
		for i, r := range all[:len(all)-1] {
			t := n.Targets[i]
			if r.Yield != nil {
				errAt(t.Position(), "assignment to yield expression not possible")
			}
			l.checkAssignTarget(t)
		}
		n.Value = l.rhs(value, false)
		return n
	}
	return &ast.ExprStmt{Pos: pos, Value: l.rhs(s.Lhs, false)}
}

// rhs lowers yield_expr | star_expressions. Bare starred values are rejected
// unless target is set.
func (l *lowerer) rhs(r *pRhs, target bool) ast.Expr {
	if r.Yield != nil {
		return l.yield(r.Yield)
	}
	if target {
		return l.starExprsAny(r.Exprs)
	}
	return l.starExprs(r.Exprs)
}

func (l *lowerer) yield(y *pYield) ast.Expr {
	pos := toPos(y.Pos)
	if y.From != nil {
		return &ast.YieldFrom{Pos: pos, Value: l.expr(y.From)}
	}
	n := &ast.Yield{Pos: pos}
	if y.Value != nil {
		n.Value = l.starExprs(y.Value)
	}
	return n
}

// starExprs lowers star_expressions in a value context.
func (l *lowerer) starExprs(s xStarExprs) ast.Expr {
	// a lone starred value is the compiler's error, as in CPython
	return l.starExprsAny(s)
}

func (l *lowerer) starExprsAny(x xStarExprs) ast.Expr {
	s := x.(*starExprs)
	if len(s.items) == 1 && !s.trailing {
		return l.starItem(s.items[0])
	}
	t := &ast.Tuple{Pos: toPos(s.pos), Elts: make([]ast.Expr, len(s.items))}
	for i, it := range s.items {
		t.Elts[i] = l.starItem(it)
	}
	return t
}

func (l *lowerer) starItem(it starItem) ast.Expr {
	if it.star {
		return &ast.Starred{Pos: toPos(it.pos), Value: l.expr(it.x)}
	}
	return l.expr(it.x)
}

func (l *lowerer) targets(t xTargets) ast.Expr {
	return l.starExprsAny(t.(*starExprs))
}

// ---- Target checks ----

type targetKind int

const (
	tgtAssign targetKind = iota
	tgtFor
	tgtDel
)

// invalidTarget mirrors CPython's _PyPegen_get_invalid_target.
func invalidTarget(e ast.Expr, kind targetKind) ast.Expr {
	switch e := e.(type) {
	case *ast.Tuple:
		for _, x := range e.Elts {
			if bad := invalidTarget(x, kind); bad != nil {
				return bad
			}
		}
		return nil
	case *ast.List:
		for _, x := range e.Elts {
			if bad := invalidTarget(x, kind); bad != nil {
				return bad
			}
		}
		return nil
	case *ast.Starred:
		if kind == tgtDel {
			return e
		}
		return invalidTarget(e.Value, kind)
	case *ast.Name, *ast.Attribute, *ast.Subscript:
		return nil
	}
	return e
}

func (l *lowerer) checkTarget(e ast.Expr, kind targetKind) {
	if bad := invalidTarget(e, kind); bad != nil {
		if kind == tgtDel {
			l.errSpan(bad, "cannot delete "+exprName(bad))
		}
		l.errSpan(bad, "cannot assign to "+exprName(bad))
	}
	// the unpacking rules (one starred name, inside a list or tuple) are
	// the compiler's, as in CPython
}

func (l *lowerer) checkAssignTarget(t ast.Expr) {
	if bad := invalidTarget(t, tgtAssign); bad != nil {
		l.errSpan(bad, "cannot assign to "+exprName(bad))
	}
}

// unparenthesized reports whether r is a tuple of several items written
// without parentheses.
func unparenthesized(r *pRhs) bool {
	se, ok := r.Exprs.(*starExprs)
	return ok && len(se.items) > 1 && !se.trailing
}

// checkChainStart gives CPython's message for an invalid assignment whose
// start reads as a mistyped comparison: CPython's second pass parses the
// statement's first target as expressions, so the expression directly
// before the first '=' (the first target, or the last item of a first
// target written as a tuple without parentheses) followed by '=' and an
// operand that is not itself followed by '=' (but by if, or, and, a
// comparison, a comma, or the end of the statement when the value follows)
// gives "Maybe you meant '==' or ':='" over "a = b" (a name) or "cannot
// assign to X here" (another expression), before the targets are checked.
func (l *lowerer) checkChainStart(targets []ast.Expr, all []*pRhs) {
	if all[0].Yield != nil || all[1].Yield != nil {
		return
	}
	valid := true
	for i, t := range targets {
		if all[i].Yield != nil || invalidTarget(t, tgtAssign) != nil {
			valid = false
		}
	}
	if valid {
		return
	}
	if l.spans == nil {
		l.spans = NewSource(l.src)
	}
	first := targets[0]
	if tu, ok := first.(*ast.Tuple); ok && unparenthesized(all[0]) {
		first = tu.Elts[len(tu.Elts)-1]
	}
	// second is what follows first's '=': a target or the value
	isValue := len(targets) < 2
	var second ast.Expr
	if isValue {
		second = l.starExprsAny(all[1].Exprs)
	} else {
		second = targets[1]
	}
	var lead ast.Expr
	switch {
	case unparenthesized(all[1]):
		lead = l.leadingOperand(second.(*ast.Tuple).Elts[0])
		if lead == nil {
			lead = bitwiseOr(second.(*ast.Tuple).Elts[0])
		}
	case l.spans.Parenthesized(second):
		if isValue {
			lead = second
		}
	default:
		lead = l.leadingOperand(second)
		if lead == nil && isValue {
			lead = bitwiseOr(second)
		}
	}
	if lead == nil {
		return
	}
	switch f := first.(type) {
	case *ast.Name:
		if !l.spans.Parenthesized(f) {
			l.errTo(f.Pos, lead, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
		}
		l.errSpan(f, "cannot assign to name here. Maybe you meant '==' instead of '='?")
	case *ast.Bool, *ast.NoneLit:
		// the tokens True/False/None are excluded, not a group
		if l.spans.Parenthesized(f) {
			l.errSpan(f, "cannot assign to "+exprName(f)+" here. Maybe you meant '==' instead of '='?")
		}
	case *ast.List, *ast.Tuple, *ast.GeneratorExp, *ast.BoolOp, *ast.IfExp, *ast.Lambda, *ast.Compare, *ast.Starred:
	case *ast.UnaryOp:
		if f.Op != ast.Not {
			l.errSpan(f, "cannot assign to "+exprName(f)+" here. Maybe you meant '==' instead of '='?")
		}
	default:
		l.errSpan(f, "cannot assign to "+exprName(f)+" here. Maybe you meant '==' instead of '='?")
	}
}

// leadingOperand is the operand an operator of lower precedence than '|'
// follows at the start of e (the body of a conditional expression, the
// first operand of and/or, the left side of a comparison), or nil when e
// does not start with one.
func (l *lowerer) leadingOperand(e ast.Expr) ast.Expr {
	if l.spans.Parenthesized(e) {
		return nil
	}
	var first ast.Expr
	switch e := e.(type) {
	case *ast.IfExp:
		first = e.Body
	case *ast.BoolOp:
		first = e.Values[0]
	case *ast.Compare:
		return e.Left
	default:
		return nil
	}
	if x := l.leadingOperand(first); x != nil {
		return x
	}
	if l.spans.Parenthesized(first) {
		return first
	}
	return bitwiseOr(first)
}

// bitwiseOr returns e when it parses as a bitwise_or (not a not, a lambda,
// a conditional expression, and/or or a comparison).
func bitwiseOr(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.IfExp, *ast.BoolOp, *ast.Compare, *ast.Lambda, *ast.Starred:
		return nil
	case *ast.UnaryOp:
		if e.Op == ast.Not {
			return nil
		}
	}
	return e
}

// exprName mirrors CPython's _PyPegen_get_expr_name.
func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Attribute:
		return "attribute"
	case *ast.Subscript:
		return "subscript"
	case *ast.Starred:
		return "starred"
	case *ast.Name:
		return "name"
	case *ast.List:
		return "list"
	case *ast.Tuple:
		return "tuple"
	case *ast.Lambda:
		return "lambda"
	case *ast.Call:
		return "function call"
	case *ast.BoolOp, *ast.BinOp, *ast.UnaryOp:
		return "expression"
	case *ast.GeneratorExp:
		return "generator expression"
	case *ast.Yield, *ast.YieldFrom:
		return "yield expression"
	case *ast.Await:
		return "await expression"
	case *ast.ListComp:
		return "list comprehension"
	case *ast.SetComp:
		return "set comprehension"
	case *ast.DictComp:
		return "dict comprehension"
	case *ast.Dict:
		return "dict literal"
	case *ast.Set:
		return "set display"
	case *ast.JoinedStr, *ast.FormattedValue:
		return "f-string expression"
	case *ast.NoneLit:
		return "None"
	case *ast.Bool:
		if e.Value {
			return "True"
		}
		return "False"
	case *ast.EllipsisLit:
		return "ellipsis"
	case *ast.Int, *ast.Float, *ast.Imag, *ast.Str, *ast.Bytes:
		return "literal"
	case *ast.Compare:
		return "comparison"
	case *ast.IfExp:
		return "conditional expression"
	case *ast.NamedExpr:
		return "named expression"
	}
	return "expression"
}

// ---- Expressions ----

func (l *lowerer) expr(x xNode) ast.Expr {
	switch x := x.(type) {
	case *xLeaf:
		return l.leaf(x.tok)
	case *xPrimary:
		return l.primary(x)
	case *pAtom:
		return l.atom(x)
	case *xBin:
		return &ast.BinOp{Pos: x.pos, Left: l.expr(x.l), Op: x.op, Right: l.expr(x.r)}
	case *xUnary:
		return &ast.UnaryOp{Pos: x.pos, Op: x.op, Operand: l.expr(x.x)}
	case *xBool:
		vals := make([]ast.Expr, len(x.vals))
		for i, v := range x.vals {
			vals[i] = l.expr(v)
		}
		return &ast.BoolOp{Pos: x.pos, Op: x.op, Values: vals}
	case *xCmp:
		rs := make([]ast.Expr, len(x.rs))
		for i, r := range x.rs {
			rs[i] = l.expr(r)
		}
		return &ast.Compare{Pos: x.pos, Left: l.expr(x.l), Ops: x.ops, Comparators: rs}
	case *xIf:
		return &ast.IfExp{Pos: x.pos, Body: l.expr(x.body), Test: l.expr(x.test), OrElse: l.expr(x.orelse)}
	case *xWalrus:
		return &ast.NamedExpr{Pos: x.pos, Target: &ast.Name{Pos: x.pos, Id: x.name}, Value: l.expr(x.value)}
	case *xAwait:
		return &ast.Await{Pos: x.pos, Value: l.expr(x.x)}
	case *pLambda:
		var ps []*pLParam
		if x.Params != nil {
			ps = x.Params.Params
		}
		return &ast.Lambda{Pos: toPos(x.Pos), Args: l.params(nil, ps), Body: l.expr(x.Body)}
	}
	panic("parser: unknown expression node")
}

func (l *lowerer) leaf(t *plexer.Token) ast.Expr {
	pos := toPos(t.Pos)
	switch t.Type {
	case lexer.Name:
		return &ast.Name{Pos: pos, Id: t.Value}
	case lexer.Number:
		return l.number(t.Value, t.Pos)
	}
	switch t.Value {
	case "None":
		return &ast.NoneLit{Pos: pos}
	case "True":
		return &ast.Bool{Pos: pos, Value: true}
	case "False":
		return &ast.Bool{Pos: pos, Value: false}
	}
	return &ast.EllipsisLit{Pos: pos}
}

func (l *lowerer) number(s string, p plexer.Position) ast.Expr {
	pos := toPos(p)
	clean := strings.ReplaceAll(s, "_", "")
	last := clean[len(clean)-1]
	if last == 'j' || last == 'J' {
		f, _ := strconv.ParseFloat(clean[:len(clean)-1], 64)
		return &ast.Imag{Pos: pos, Value: f}
	}
	if len(clean) > 1 && clean[0] == '0' {
		base := 0
		switch clean[1] | 0x20 {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
		if base != 0 {
			v, ok := new(big.Int).SetString(clean[2:], base)
			if !ok {
				errAtP(p, "invalid syntax")
			}
			return &ast.Int{Pos: pos, Value: v}
		}
	}
	if strings.ContainsAny(clean, ".eE") {
		f, _ := strconv.ParseFloat(clean, 64)
		return &ast.Float{Pos: pos, Value: f}
	}
	if len(clean) < 19 {
		n, err := strconv.ParseInt(clean, 10, 64)
		if err == nil {
			return &ast.Int{Pos: pos, Value: big.NewInt(n)}
		}
	}
	v, ok := new(big.Int).SetString(clean, 10)
	if !ok {
		errAtP(p, "invalid syntax")
	}
	return &ast.Int{Pos: pos, Value: v}
}

func (l *lowerer) primary(p *xPrimary) ast.Expr {
	e := l.expr(p.atom)
	start := toPos(p.pos)
	for _, t := range p.trailers {
		switch {
		case t.call != nil:
			args, kws := l.callArgs(t.call, t.pos)
			e = &ast.Call{Pos: start, Func: e, Args: args, Keywords: kws}
		case t.index != nil:
			e = &ast.Subscript{Pos: start, Value: e, Index: l.subscript(t.index)}
		default:
			e = &ast.Attribute{Pos: start, Value: e, Attr: t.attr}
		}
	}
	return e
}

func (l *lowerer) callArgs(c *pCall, parenPos plexer.Position) ([]ast.Expr, []*ast.Keyword) {
	var args []ast.Expr
	var kws []*ast.Keyword
	seenKw, seenDStar := false, false
	for _, a := range c.Args {
		pos := toPos(a.Pos)
		switch {
		case a.DStar != nil:
			seenDStar = true
			kws = append(kws, &ast.Keyword{Pos: pos, Value: l.expr(a.DStar)})
		case a.Star != nil:
			if seenDStar {
				errAt(pos, "iterable argument unpacking follows keyword argument unpacking")
			}
			args = append(args, &ast.Starred{Pos: pos, Value: l.expr(a.Star)})
		case a.KwName != nil:
			seenKw = true
			kws = append(kws, &ast.Keyword{Pos: pos, Arg: *a.KwName, Value: l.expr(a.KwValue)})
		default:
			if len(a.Comp) > 0 && (len(c.Args) > 1 || c.Trailing) {
				// The range ends with the last comprehension's last part.
				last := l.comps(a.Comp)[len(a.Comp)-1]
				end := last.Iter
				if len(last.Ifs) > 0 {
					end = last.Ifs[len(last.Ifs)-1]
				}
				l.errTo(pos, end, "Generator expression must be parenthesized")
			}
			if seenDStar {
				errAtP(c.EndPos, "positional argument follows keyword argument unpacking")
			}
			if seenKw {
				errAtP(c.EndPos, "positional argument follows keyword argument")
			}
			v := l.expr(a.Value)
			if len(a.Comp) > 0 {
				v = &ast.GeneratorExp{Pos: toPos(parenPos), Elt: v, Generators: l.comps(a.Comp)}
			}
			args = append(args, v)
		}
	}
	return args, kws
}

func (l *lowerer) subscript(s *pSubscript) ast.Expr {
	if len(s.Items) == 1 && !s.Trailing {
		it := s.Items[0]
		if it.Star != nil {
			return &ast.Tuple{Pos: toPos(it.Pos), Elts: []ast.Expr{l.sliceItem(it)}}
		}
		return l.sliceItem(it)
	}
	t := &ast.Tuple{Pos: toPos(s.Items[0].Pos), Elts: make([]ast.Expr, len(s.Items))}
	for i, it := range s.Items {
		t.Elts[i] = l.sliceItem(it)
	}
	return t
}

func (l *lowerer) sliceItem(it *pSlice) ast.Expr {
	pos := toPos(it.Pos)
	switch {
	case it.Star != nil:
		return &ast.Starred{Pos: pos, Value: l.expr(it.Star)}
	case it.Tail0 != nil:
		return l.sliceTail(pos, nil, it.Tail0)
	case it.Tail != nil:
		return l.sliceTail(pos, l.expr(it.Lower), it.Tail)
	}
	return l.expr(it.Lower)
}

func (l *lowerer) sliceTail(pos ast.Pos, lower ast.Expr, t *pSliceTail) ast.Expr {
	s := &ast.Slice{Pos: pos, Lower: lower}
	if t.Upper != nil {
		s.Upper = l.expr(t.Upper)
	}
	if t.Step != nil && t.Step.Step != nil {
		s.Step = l.expr(t.Step.Step)
	}
	return s
}

func (l *lowerer) comps(cs []*pComp) []*ast.Comprehension {
	out := make([]*ast.Comprehension, len(cs))
	for i, c := range cs {
		t := l.targets(c.Target)
		l.checkTarget(t, tgtFor)
		cm := &ast.Comprehension{Target: t, Iter: l.expr(c.Iter), IsAsync: c.Async}
		for _, f := range c.Ifs {
			cm.Ifs = append(cm.Ifs, l.expr(f))
		}
		out[i] = cm
	}
	return out
}

func (l *lowerer) starNamed(s *pStarNamed) ast.Expr {
	if s.Star != nil {
		return &ast.Starred{Pos: toPos(s.Pos), Value: l.expr(s.Star)}
	}
	return l.expr(s.X)
}

func (l *lowerer) atom(a *pAtom) ast.Expr {
	pos := toPos(a.Pos)
	switch {
	case a.Strings != nil:
		return l.strings(a)
	case a.Paren != nil:
		p := a.Paren
		if p.Yield != nil {
			return l.yield(p.Yield)
		}
		it := p.Items
		if it == nil {
			return &ast.Tuple{Pos: pos}
		}
		if len(it.Comp) > 0 {
			if it.First.Star != nil {
				l.errTo(toPos(it.First.Pos), l.expr(it.First.Star), "iterable unpacking cannot be used in comprehension")
			}
			return &ast.GeneratorExp{Pos: pos, Elt: l.expr(it.First.X), Generators: l.comps(it.Comp)}
		}
		if len(it.Rest) == 0 && !it.Trailing {
			if it.First.Star != nil {
				l.errTo(toPos(it.First.Pos), l.expr(it.First.Star), "cannot use starred expression here")
			}
			return l.expr(it.First.X)
		}
		return &ast.Tuple{Pos: pos, Elts: l.itemList(it)}
	case a.List != nil:
		it := a.List.Items
		if it == nil {
			return &ast.List{Pos: pos}
		}
		if len(it.Comp) > 0 {
			if it.First.Star != nil {
				l.errTo(toPos(it.First.Pos), l.expr(it.First.Star), "iterable unpacking cannot be used in comprehension")
			}
			return &ast.ListComp{Pos: pos, Elt: l.expr(it.First.X), Generators: l.comps(it.Comp)}
		}
		return &ast.List{Pos: pos, Elts: l.itemList(it)}
	case a.Brace != nil:
		return l.brace(pos, a.Brace.Body)
	}
	panic("parser: empty atom")
}

func (l *lowerer) itemList(it *pItems) []ast.Expr {
	out := make([]ast.Expr, 0, 1+len(it.Rest))
	out = append(out, l.starNamed(it.First))
	for _, r := range it.Rest {
		out = append(out, l.starNamed(r))
	}
	return out
}

func (l *lowerer) brace(pos ast.Pos, b *pBraceBody) ast.Expr {
	if b == nil {
		return &ast.Dict{Pos: pos}
	}
	f := b.First
	isDict := f.Value != nil || f.DStar != nil
	if len(b.Comp) > 0 {
		switch {
		case f.DStar != nil:
			errAtP(f.Pos, "dict unpacking cannot be used in dict comprehension")
		case f.Star != nil:
			l.errTo(toPos(f.Pos), l.expr(f.Star), "iterable unpacking cannot be used in comprehension")
		case f.Value != nil:
			return &ast.DictComp{Pos: pos, Key: l.expr(f.Key), Value: l.expr(f.Value.X), Generators: l.comps(b.Comp)}
		}
		return &ast.SetComp{Pos: pos, Elt: l.expr(f.Key), Generators: l.comps(b.Comp)}
	}
	items := append([]*pBraceItem{f}, b.Rest...)
	if isDict {
		d := &ast.Dict{Pos: pos}
		for _, it := range items {
			switch {
			case it.DStar != nil:
				d.Keys = append(d.Keys, nil)
				d.Values = append(d.Values, l.expr(it.DStar))
			case it.Star != nil:
				errAtP(it.Pos, "cannot use a starred expression in a dictionary value")
			case it.Value == nil:
				// At the key's last character, end_offset 0 (CPython's).
				key := l.expr(it.Key)
				if l.spans == nil {
					l.spans = NewSource(l.src)
				}
				f := &failure{msg: "':' expected after dictionary key", pos: it.Pos, end: ast.Pos{Line: it.Pos.Line}}
				if end, ok := l.spans.End(key); ok {
					f.pos = plexer.Position{Line: end.Line, Column: end.Col - 1}
					f.end.Line = end.Line
				}
				panic(f)
			default:
				d.Keys = append(d.Keys, l.expr(it.Key))
				d.Values = append(d.Values, l.expr(it.Value.X))
			}
		}
		return d
	}
	s := &ast.Set{Pos: pos}
	for _, it := range items {
		switch {
		case it.DStar != nil:
			errAtP(it.Pos, "invalid syntax")
		case it.Value != nil:
			errAtP(it.Value.Pos, "invalid syntax")
		case it.Star != nil:
			s.Elts = append(s.Elts, &ast.Starred{Pos: toPos(it.Pos), Value: l.expr(it.Star)})
		default:
			s.Elts = append(s.Elts, l.expr(it.Key))
		}
	}
	return s
}
