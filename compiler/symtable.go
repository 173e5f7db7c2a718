package compiler

import (
	"sort"
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// The symbol table pass: a walk over the whole module that records, for every
// scope (module, class body, function, lambda, comprehension), the names it
// binds, uses and declares, followed by an analysis that resolves every name
// to local, cell, free, explicit global or implicit global. It follows
// CPython 3.11's symtable.c closely.

type blockKind int

const (
	blockModule blockKind = iota
	blockClass
	blockFunction // def, lambda and comprehensions
)

// compKind tells which comprehension a function block implements.
type compKind int

const (
	compNone compKind = iota
	compList
	compSet
	compDict
	compGen
)

// symFlags record how a name occurs in a scope.
type symFlags uint16

const (
	defGlobal    symFlags = 1 << iota // declared global
	defLocal                          // bound in the block
	defParam                          // a parameter
	defNonlocal                       // declared nonlocal
	defUse                            // used (read)
	defImport                         // bound by an import
	defAnnot                          // annotated
	defCompIter                       // a comprehension iteration variable
	defFreeClass                      // free in a method, bound in the class

	defBound = defLocal | defParam | defImport
)

// symScope is the resolved scope of a name.
type symScope uint8

const (
	scopeUnresolved symScope = iota
	scopeLocal
	scopeCell
	scopeFree
	scopeGlobalExplicit
	scopeGlobalImplicit
)

type symbol struct {
	flags symFlags
	scope symScope
}

// scope is one symbol-table block.
type scope struct {
	kind     blockKind
	name     string
	node     ast.Node
	parent   *scope
	children []*scope

	symbols map[string]*symbol
	order   []string // names in order of first occurrence
	params  []string // parameter names, in VarNames order
	// directives maps a global/nonlocal-declared name to the position of its
	// first declaration (for error positions).
	directives map[string]ast.Pos

	comp        compKind
	isGenerator bool // contains yield (ste_generator)
	isCoroutine bool // async def, or contains await / async comprehension (ste_coroutine)
	isAsyncDef  bool
	isLambda    bool
	nested      bool
	varargs     bool
	varkw       bool
	// needsClassClosure: a class body whose methods use __class__ or super.
	needsClassClosure bool

	compIterTarget bool // visiting a comprehension target
	compIterExpr   int  // visiting a comprehension iterable
}

func (s *scope) lookup(name string) symFlags {
	if sym, ok := s.symbols[name]; ok {
		return sym.flags
	}
	return 0
}

// scopeOf returns the resolved scope of name in s.
func (s *scope) scopeOf(name string) symScope {
	if sym, ok := s.symbols[name]; ok {
		return sym.scope
	}
	return scopeUnresolved
}

// symtable builds the scopes of a module.
type symtable struct {
	c       *compiler
	top     *scope
	cur     *scope
	stack   []*scope
	scopes  map[ast.Node]*scope
	private string
}

func newScope(kind blockKind, name string, node ast.Node, parent *scope) *scope {
	s := &scope{
		kind:       kind,
		name:       name,
		node:       node,
		parent:     parent,
		symbols:    map[string]*symbol{},
		directives: map[string]ast.Pos{},
	}
	if parent != nil {
		parent.children = append(parent.children, s)
		if parent.kind == blockFunction || parent.nested {
			s.nested = true
		}
	}
	return s
}

func (st *symtable) enter(kind blockKind, name string, node ast.Node) *scope {
	s := newScope(kind, name, node, st.cur)
	st.stack = append(st.stack, s)
	st.cur = s
	st.scopes[node] = s
	return s
}

func (st *symtable) exit() {
	st.stack = st.stack[:len(st.stack)-1]
	st.cur = st.stack[len(st.stack)-1]
}

// mangle applies private name mangling: inside class C, "__x" becomes
// "_C__x" (dunder names and dotted names are left alone).
func mangle(private, name string) string {
	if private == "" || !strings.HasPrefix(name, "__") || strings.HasSuffix(name, "__") || strings.Contains(name, ".") {
		return name
	}
	p := strings.TrimLeft(private, "_")
	if p == "" {
		return name
	}
	return "_" + p + name
}

// addDef records a flag for name in the current scope.
func (st *symtable) addDef(name string, flag symFlags, pos ast.Pos) error {
	return st.addDefIn(st.cur, name, flag, pos)
}

func (st *symtable) addDefIn(s *scope, name string, flag symFlags, pos ast.Pos) error {
	name = mangle(st.private, name)
	sym, ok := s.symbols[name]
	if !ok {
		sym = &symbol{}
		s.symbols[name] = sym
		s.order = append(s.order, name)
	}
	if flag&defParam != 0 && sym.flags&defParam != 0 {
		err := st.c.errorf(pos, "duplicate argument '%s' in function definition", name)
		err.(*ast.SyntaxError).MsgOnlyArgs = true
		return err
	}
	sym.flags |= flag
	if flag&defParam != 0 {
		s.params = append(s.params, name)
	}
	if s.compIterTarget {
		if sym.flags&(defGlobal|defNonlocal) != 0 {
			return st.c.errorf(pos, "comprehension inner loop cannot rebind assignment expression target '%s'", name)
		}
		sym.flags |= defCompIter
	}
	return nil
}

func (st *symtable) buildModule(mod *ast.Module) error {
	st.top = newScope(blockModule, "<module>", nil, nil)
	st.cur = st.top
	st.stack = []*scope{st.top}
	if err := st.stmts(mod.Body); err != nil {
		return err
	}
	return st.analyze()
}

func (st *symtable) stmts(list []ast.Stmt) error {
	for _, s := range list {
		if err := st.stmt(s); err != nil {
			return err
		}
	}
	return nil
}

func (st *symtable) exprs(list []ast.Expr) error {
	for _, e := range list {
		if e == nil {
			continue
		}
		if err := st.expr(e); err != nil {
			return err
		}
	}
	return nil
}

func (st *symtable) stmt(s ast.Stmt) error {
	switch s := s.(type) {
	case *ast.FunctionDef:
		if err := st.addDef(s.Name, defLocal, s.Pos); err != nil {
			return err
		}
		if err := st.argDefaults(s.Args); err != nil {
			return err
		}
		if err := st.annotations(s.Args, s.Returns); err != nil {
			return err
		}
		if err := st.exprs(s.Decorators); err != nil {
			return err
		}
		fs := st.enter(blockFunction, s.Name, s)
		if s.IsAsync {
			fs.isCoroutine = true
			fs.isAsyncDef = true
		}
		if err := st.params(s.Args); err != nil {
			return err
		}
		if err := st.stmts(s.Body); err != nil {
			return err
		}
		st.exit()
	case *ast.ClassDef:
		if err := st.addDef(s.Name, defLocal, s.Pos); err != nil {
			return err
		}
		if err := st.exprs(s.Bases); err != nil {
			return err
		}
		for _, kw := range s.Keywords {
			if err := st.expr(kw.Value); err != nil {
				return err
			}
		}
		if err := st.exprs(s.Decorators); err != nil {
			return err
		}
		st.enter(blockClass, s.Name, s)
		saved := st.private
		st.private = s.Name
		if err := st.stmts(s.Body); err != nil {
			return err
		}
		st.private = saved
		st.exit()
	case *ast.Return:
		if s.Value != nil {
			return st.expr(s.Value)
		}
	case *ast.Delete:
		for _, t := range s.Targets {
			if err := st.target(t); err != nil {
				return err
			}
		}
	case *ast.Assign:
		for _, t := range s.Targets {
			if err := st.target(t); err != nil {
				return err
			}
		}
		return st.expr(s.Value)
	case *ast.AugAssign:
		if err := st.target(s.Target); err != nil {
			return err
		}
		return st.expr(s.Value)
	case *ast.AnnAssign:
		if n, ok := s.Target.(*ast.Name); ok {
			cur := st.cur.lookup(mangle(st.private, n.Id))
			if cur&(defGlobal|defNonlocal) != 0 && st.cur != st.top {
				if cur&defGlobal != 0 {
					return st.c.errorLine(s.Pos, "annotated name '%s' can't be global", n.Id)
				}
				return st.c.errorLine(s.Pos, "annotated name '%s' can't be nonlocal", n.Id)
			}
			if err := st.addDef(n.Id, defAnnot|defLocal, n.Pos); err != nil {
				return err
			}
		} else if err := st.target(s.Target); err != nil {
			return err
		}
		if !st.c.futureAnnotations {
			if err := st.expr(s.Annotation); err != nil {
				return err
			}
		}
		if s.Value != nil {
			return st.expr(s.Value)
		}
	case *ast.For:
		if err := st.target(s.Target); err != nil {
			return err
		}
		if err := st.expr(s.Iter); err != nil {
			return err
		}
		if err := st.stmts(s.Body); err != nil {
			return err
		}
		return st.stmts(s.OrElse)
	case *ast.While:
		if err := st.expr(s.Test); err != nil {
			return err
		}
		if err := st.stmts(s.Body); err != nil {
			return err
		}
		return st.stmts(s.OrElse)
	case *ast.If:
		if err := st.expr(s.Test); err != nil {
			return err
		}
		if err := st.stmts(s.Body); err != nil {
			return err
		}
		return st.stmts(s.OrElse)
	case *ast.Raise:
		if s.Exc != nil {
			if err := st.expr(s.Exc); err != nil {
				return err
			}
			if s.Cause != nil {
				return st.expr(s.Cause)
			}
		}
	case *ast.Try:
		if err := st.stmts(s.Body); err != nil {
			return err
		}
		if err := st.stmts(s.OrElse); err != nil {
			return err
		}
		for _, h := range s.Handlers {
			if h.Type != nil {
				if err := st.expr(h.Type); err != nil {
					return err
				}
			}
			if h.Name != "" {
				if err := st.addDef(h.Name, defLocal, h.Pos); err != nil {
					return err
				}
			}
			if err := st.stmts(h.Body); err != nil {
				return err
			}
		}
		return st.stmts(s.Finalbody)
	case *ast.Assert:
		st.c.checkAssertTuple(s)
		if err := st.expr(s.Test); err != nil {
			return err
		}
		if s.Msg != nil {
			return st.expr(s.Msg)
		}
	case *ast.Import:
		for _, a := range s.Names {
			if err := st.alias(a); err != nil {
				return err
			}
		}
	case *ast.ImportFrom:
		for _, a := range s.Names {
			if err := st.alias(a); err != nil {
				return err
			}
		}
	case *ast.Global:
		if err := st.declare(s.Names, s.Pos, "global", defGlobal); err != nil {
			return err
		}
	case *ast.Nonlocal:
		if st.cur.kind == blockModule {
			return st.c.errorLine(s.Pos, "nonlocal declaration not allowed at module level")
		}
		if err := st.declare(s.Names, s.Pos, "nonlocal", defNonlocal); err != nil {
			return err
		}
	case *ast.ExprStmt:
		return st.expr(s.Value)
	case *ast.With:
		for _, item := range s.Items {
			if err := st.expr(item.Context); err != nil {
				return err
			}
			if item.Vars != nil {
				if err := st.target(item.Vars); err != nil {
					return err
				}
			}
		}
		return st.stmts(s.Body)
	case *ast.Match:
		return st.match(s)
	case *ast.TryStar:
		return st.stmt(&ast.Try{Pos: s.Pos, Body: s.Body, Handlers: s.Handlers, OrElse: s.OrElse, Finalbody: s.Finalbody})
	case *ast.Pass, *ast.Break, *ast.Continue:
	}
	return nil
}

func (st *symtable) recordDirective(name string, pos ast.Pos) {
	if _, ok := st.cur.directives[name]; !ok {
		st.cur.directives[name] = pos
	}
}

func (st *symtable) alias(a *ast.Alias) error {
	if a.Name == "*" {
		if st.cur.kind != blockModule {
			return st.c.errorf(a.Pos, "import * only allowed at module level")
		}
		return nil
	}
	name := a.AsName
	if name == "" {
		name = a.Name
		if i := strings.IndexByte(name, '.'); i >= 0 {
			name = name[:i]
		}
	}
	return st.addDef(name, defImport, a.Pos)
}

func (st *symtable) argDefaults(a *ast.Arguments) error {
	if a == nil {
		return nil
	}
	if err := st.exprs(a.Defaults); err != nil {
		return err
	}
	return st.exprs(a.KwDefaults)
}

func (st *symtable) annotations(a *ast.Arguments, returns ast.Expr) error {
	if st.c.futureAnnotations {
		return nil // kept as text, never evaluated
	}
	if a != nil {
		for _, group := range [][]*ast.Arg{a.PosOnly, a.Args, {a.Vararg}, a.KwOnly, {a.Kwarg}} {
			for _, arg := range group {
				if arg != nil && arg.Annotation != nil {
					if err := st.expr(arg.Annotation); err != nil {
						return err
					}
				}
			}
		}
	}
	if returns != nil {
		return st.expr(returns)
	}
	return nil
}

func (st *symtable) params(a *ast.Arguments) error {
	if a == nil {
		return nil
	}
	for _, group := range [][]*ast.Arg{a.PosOnly, a.Args, a.KwOnly} {
		for _, arg := range group {
			if err := st.addDef(arg.Name, defParam, arg.Pos); err != nil {
				return err
			}
		}
	}
	if a.Vararg != nil {
		if err := st.addDef(a.Vararg.Name, defParam, a.Vararg.Pos); err != nil {
			return err
		}
		st.cur.varargs = true
	}
	if a.Kwarg != nil {
		if err := st.addDef(a.Kwarg.Name, defParam, a.Kwarg.Pos); err != nil {
			return err
		}
		st.cur.varkw = true
	}
	return nil
}

// target visits an assignment or deletion target.
func (st *symtable) target(e ast.Expr) error {
	switch e := e.(type) {
	case *ast.Name:
		return st.addDef(e.Id, defLocal, e.Pos)
	case *ast.Tuple:
		for _, x := range e.Elts {
			if err := st.target(x); err != nil {
				return err
			}
		}
	case *ast.List:
		for _, x := range e.Elts {
			if err := st.target(x); err != nil {
				return err
			}
		}
	case *ast.Starred:
		return st.target(e.Value)
	case *ast.Attribute:
		return st.expr(e.Value)
	case *ast.Subscript:
		if err := st.expr(e.Value); err != nil {
			return err
		}
		return st.expr(e.Index)
	default:
		// Not a valid target; the compiler reports it. Visit it as an
		// expression so that nested scopes still get their entries.
		return st.expr(e)
	}
	return nil
}

func (st *symtable) expr(e ast.Expr) error {
	switch e := e.(type) {
	case nil:
	case *ast.Name:
		if err := st.addDef(e.Id, defUse, e.Pos); err != nil {
			return err
		}
		if e.Id == "super" && st.cur.kind == blockFunction {
			return st.addDef("__class__", defUse, e.Pos)
		}
	case *ast.Int, *ast.Float, *ast.Imag, *ast.Str, *ast.Bytes, *ast.NoneLit, *ast.Bool, *ast.EllipsisLit:
	case *ast.JoinedStr:
		return st.exprs(e.Values)
	case *ast.FormattedValue:
		if err := st.expr(e.Value); err != nil {
			return err
		}
		if e.Spec != nil {
			return st.expr(e.Spec)
		}
	case *ast.BinOp:
		if err := st.expr(e.Left); err != nil {
			return err
		}
		return st.expr(e.Right)
	case *ast.UnaryOp:
		return st.expr(e.Operand)
	case *ast.BoolOp:
		return st.exprs(e.Values)
	case *ast.Compare:
		st.c.checkIsLiteral(e)
		if err := st.expr(e.Left); err != nil {
			return err
		}
		return st.exprs(e.Comparators)
	case *ast.IfExp:
		if err := st.expr(e.Test); err != nil {
			return err
		}
		if err := st.expr(e.Body); err != nil {
			return err
		}
		return st.expr(e.OrElse)
	case *ast.Lambda:
		if err := st.argDefaults(e.Args); err != nil {
			return err
		}
		ls := st.enter(blockFunction, "<lambda>", e)
		ls.isLambda = true
		if err := st.params(e.Args); err != nil {
			return err
		}
		if err := st.expr(e.Body); err != nil {
			return err
		}
		st.exit()
	case *ast.NamedExpr:
		return st.namedExpr(e)
	case *ast.Call:
		st.c.checkCaller(e)
		if err := st.expr(e.Func); err != nil {
			return err
		}
		if err := st.exprs(e.Args); err != nil {
			return err
		}
		for _, kw := range e.Keywords {
			if err := st.expr(kw.Value); err != nil {
				return err
			}
		}
	case *ast.Attribute:
		return st.expr(e.Value)
	case *ast.Subscript:
		st.c.checkSubscript(e)
		if err := st.expr(e.Value); err != nil {
			return err
		}
		return st.expr(e.Index)
	case *ast.Slice:
		return st.exprs([]ast.Expr{e.Lower, e.Upper, e.Step})
	case *ast.Starred:
		return st.expr(e.Value)
	case *ast.Tuple:
		return st.exprs(e.Elts)
	case *ast.List:
		return st.exprs(e.Elts)
	case *ast.Set:
		return st.exprs(e.Elts)
	case *ast.Dict:
		for i := range e.Values {
			if e.Keys[i] != nil {
				if err := st.expr(e.Keys[i]); err != nil {
					return err
				}
			}
			if err := st.expr(e.Values[i]); err != nil {
				return err
			}
		}
	case *ast.ListComp:
		return st.comprehension(e, "<listcomp>", compList, e.Generators, e.Elt, nil)
	case *ast.SetComp:
		return st.comprehension(e, "<setcomp>", compSet, e.Generators, e.Elt, nil)
	case *ast.DictComp:
		return st.comprehension(e, "<dictcomp>", compDict, e.Generators, e.Key, e.Value)
	case *ast.GeneratorExp:
		return st.comprehension(e, "<genexpr>", compGen, e.Generators, e.Elt, nil)
	case *ast.Await:
		if err := st.expr(e.Value); err != nil {
			return err
		}
		st.cur.isCoroutine = true
	case *ast.Yield:
		if e.Value != nil {
			if err := st.expr(e.Value); err != nil {
				return err
			}
		}
		st.cur.isGenerator = true
		return st.yieldInComprehension(e.Pos)
	case *ast.YieldFrom:
		if err := st.expr(e.Value); err != nil {
			return err
		}
		st.cur.isGenerator = true
		return st.yieldInComprehension(e.Pos)
	}
	return nil
}

func (st *symtable) yieldInComprehension(pos ast.Pos) error {
	switch st.cur.comp {
	case compList:
		return st.c.errorf(pos, "'yield' inside list comprehension")
	case compSet:
		return st.c.errorf(pos, "'yield' inside set comprehension")
	case compDict:
		return st.c.errorf(pos, "'yield' inside dict comprehension")
	case compGen:
		return st.c.errorf(pos, "'yield' inside generator expression")
	}
	return nil
}

func (st *symtable) namedExpr(e *ast.NamedExpr) error {
	if st.cur.compIterExpr > 0 {
		return st.c.errorSpan(e, "assignment expression cannot be used in a comprehension iterable expression")
	}
	if st.cur.comp != compNone {
		if err := st.extendNamedExprScope(e.Target); err != nil {
			return err
		}
	}
	if err := st.expr(e.Value); err != nil {
		return err
	}
	return st.target(e.Target)
}

// extendNamedExprScope binds the target of a walrus inside a comprehension
// in the nearest enclosing function (or module) scope.
func (st *symtable) extendNamedExprScope(target *ast.Name) error {
	name := mangle(st.private, target.Id)
	for i := len(st.stack) - 1; i >= 0; i-- {
		s := st.stack[i]
		if s.comp != compNone {
			if s.lookup(name)&defCompIter != 0 {
				return st.c.errorf(target.Pos, "assignment expression cannot rebind comprehension iteration variable '%s'", target.Id)
			}
			continue
		}
		switch s.kind {
		case blockFunction:
			if s.lookup(name)&defGlobal != 0 {
				if err := st.addDef(target.Id, defGlobal, target.Pos); err != nil {
					return err
				}
			} else if err := st.addDef(target.Id, defNonlocal, target.Pos); err != nil {
				return err
			}
			st.recordDirective(name, target.Pos)
			return st.addDefIn(s, target.Id, defLocal, target.Pos)
		case blockModule:
			if err := st.addDef(target.Id, defGlobal, target.Pos); err != nil {
				return err
			}
			st.recordDirective(name, target.Pos)
			return st.addDefIn(s, target.Id, defGlobal, target.Pos)
		case blockClass:
			return st.c.errorf(target.Pos, "assignment expression within a comprehension cannot be used in a class body")
		}
	}
	return nil
}

func (st *symtable) comprehension(e ast.Expr, name string, kind compKind, gens []*ast.Comprehension, elt, value ast.Expr) error {
	if len(gens) == 0 {
		return st.c.errorf(e.Position(), "comprehension without a for clause")
	}
	outer := gens[0]
	// The outermost iterable is evaluated in the enclosing scope.
	st.cur.compIterExpr++
	if err := st.expr(outer.Iter); err != nil {
		return err
	}
	st.cur.compIterExpr--
	cs := st.enter(blockFunction, name, e)
	cs.comp = kind
	if outer.IsAsync {
		cs.isCoroutine = true
	}
	if err := st.addDef(".0", defParam, e.Position()); err != nil {
		return err
	}
	cs.compIterTarget = true
	if err := st.target(outer.Target); err != nil {
		return err
	}
	cs.compIterTarget = false
	if err := st.exprs(outer.Ifs); err != nil {
		return err
	}
	for _, g := range gens[1:] {
		cs.compIterTarget = true
		if err := st.target(g.Target); err != nil {
			return err
		}
		cs.compIterTarget = false
		cs.compIterExpr++
		if err := st.expr(g.Iter); err != nil {
			return err
		}
		cs.compIterExpr--
		if err := st.exprs(g.Ifs); err != nil {
			return err
		}
		if g.IsAsync {
			cs.isCoroutine = true
		}
	}
	if value != nil {
		if err := st.expr(value); err != nil {
			return err
		}
	}
	if err := st.expr(elt); err != nil {
		return err
	}
	cs.isGenerator = kind == compGen
	isAsync := cs.isCoroutine && kind != compGen
	st.exit()
	if isAsync {
		st.cur.isCoroutine = true
	}
	return nil
}

// ---- analysis ----

type nameSet map[string]bool

func (s nameSet) copy() nameSet {
	n := make(nameSet, len(s))
	for k := range s {
		n[k] = true
	}
	return n
}

func (s nameSet) update(o nameSet) {
	for k := range o {
		s[k] = true
	}
}

func (st *symtable) analyze() error {
	free := nameSet{}
	global := nameSet{}
	return st.analyzeBlock(st.top, nil, free, global)
}

func (st *symtable) analyzeBlock(s *scope, bound, free, global nameSet) error {
	local := nameSet{}
	scopes := map[string]symScope{}
	newGlobal := nameSet{}
	newFree := nameSet{}
	newBound := nameSet{}

	if s.kind == blockClass {
		newGlobal.update(global)
		if bound != nil {
			newBound.update(bound)
		}
	}
	for _, name := range s.order {
		if err := st.analyzeName(s, scopes, name, s.symbols[name].flags, bound, local, free, global); err != nil {
			return err
		}
	}
	if s.kind != blockClass {
		if s.kind == blockFunction {
			newBound.update(local)
		}
		if bound != nil {
			newBound.update(bound)
		}
		newGlobal.update(global)
	} else {
		newBound["__class__"] = true
	}

	allFree := nameSet{}
	for _, child := range s.children {
		childFree := newFree.copy()
		if err := st.analyzeBlock(child, newBound.copy(), childFree, newGlobal.copy()); err != nil {
			return err
		}
		allFree.update(childFree)
	}
	newFree.update(allFree)

	switch s.kind {
	case blockFunction:
		for name, sc := range scopes {
			if sc == scopeLocal && newFree[name] {
				scopes[name] = scopeCell
				delete(newFree, name)
			}
		}
	case blockClass:
		if newFree["__class__"] {
			delete(newFree, "__class__")
			s.needsClassClosure = true
		}
	}

	// update symbols
	for name, sym := range s.symbols {
		sym.scope = scopes[name]
	}
	freeNames := make([]string, 0, len(newFree))
	for name := range newFree {
		freeNames = append(freeNames, name)
	}
	sort.Strings(freeNames)
	for _, name := range freeNames {
		if sym, ok := s.symbols[name]; ok {
			if s.kind == blockClass && sym.flags&(defBound|defGlobal) != 0 {
				sym.flags |= defFreeClass
			}
			continue
		}
		if bound != nil && !bound[name] {
			continue // an implicit global
		}
		s.symbols[name] = &symbol{scope: scopeFree}
		s.order = append(s.order, name)
	}
	free.update(newFree)
	return nil
}

func (st *symtable) analyzeName(s *scope, scopes map[string]symScope, name string, flags symFlags, bound, local, free, global nameSet) error {
	if flags&defGlobal != 0 {
		if flags&defNonlocal != 0 {
			return st.c.errorLine(s.directives[name], "name '%s' is nonlocal and global", name)
		}
		scopes[name] = scopeGlobalExplicit
		global[name] = true
		if bound != nil {
			delete(bound, name)
		}
		return nil
	}
	if flags&defNonlocal != 0 {
		if bound == nil || !bound[name] {
			return st.c.errorLine(s.directives[name], "no binding for nonlocal '%s' found", name)
		}
		scopes[name] = scopeFree
		free[name] = true
		return nil
	}
	if flags&defBound != 0 {
		scopes[name] = scopeLocal
		local[name] = true
		delete(global, name)
		return nil
	}
	if bound != nil && bound[name] {
		scopes[name] = scopeFree
		free[name] = true
		return nil
	}
	scopes[name] = scopeGlobalImplicit
	return nil
}

// varNames returns the plain local slots of a function scope: parameters
// first, then the other non-cell locals in order of first occurrence.
func (s *scope) varNames() []string {
	names := append([]string(nil), s.params...)
	isParam := map[string]bool{}
	for _, p := range s.params {
		isParam[p] = true
	}
	for _, name := range s.order {
		if !isParam[name] && s.symbols[name].scope == scopeLocal {
			names = append(names, name)
		}
	}
	return names
}

// cellVars returns the sorted names of the scope's cells.
func (s *scope) cellVars() []string {
	var names []string
	for name, sym := range s.symbols {
		if sym.scope == scopeCell {
			names = append(names, name)
		}
	}
	if s.needsClassClosure {
		names = append(names, "__class__")
	}
	sort.Strings(names)
	return names
}

// freeVars returns the sorted names of the scope's free variables (for a
// class, including names bound in the class that its methods capture from
// further out).
func (s *scope) freeVars() []string {
	var names []string
	for name, sym := range s.symbols {
		if sym.scope == scopeFree || sym.flags&defFreeClass != 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// declare handles "global names" and "nonlocal names" (kind is the keyword,
// def its flag), with CPython's errors for names already used in the scope.
func (st *symtable) declare(names []string, pos ast.Pos, kind string, def symFlags) error {
	for _, name := range names {
		mname := mangle(st.private, name)
		cur := st.cur.lookup(mname)
		if cur&(defParam|defLocal|defUse|defAnnot) != 0 {
			switch {
			case cur&defParam != 0:
				return st.c.errorLine(pos, "name '%s' is parameter and %s", name, kind)
			case cur&defUse != 0:
				return st.c.errorLine(pos, "name '%s' is used prior to %s declaration", name, kind)
			case cur&defAnnot != 0:
				return st.c.errorLine(pos, "annotated name '%s' can't be %s", name, kind)
			default:
				return st.c.errorLine(pos, "name '%s' is assigned to before %s declaration", name, kind)
			}
		}
		if err := st.addDef(name, def, pos); err != nil {
			return err
		}
		st.recordDirective(mname, pos)
	}
	return nil
}
