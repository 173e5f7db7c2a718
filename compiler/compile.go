// Package compiler translates a pyasync syntax tree into bytecode: Code
// objects for the VM. It follows CPython 3.11's compiler: a symbol-table pass
// resolves every name, then each scope (module, class body, function, lambda,
// comprehension) is compiled to its own Code, with 3.11-style exception
// tables, a line table and a verified maximum stack depth.
package compiler

import (
	"fmt"
	"math"
	"math/big"
	"os"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

// Options control a compilation.
type Options struct {
	// Filename names the source in code objects and errors (the module's
	// Filename when empty).
	Filename string
	// Source is the program text, used to fill SyntaxError.Text with the
	// offending line.
	Source []byte
	// Interactive compiles for the REPL: expression statements at module
	// level print their value (PRINT_EXPR) and top-level await, async for,
	// async with and asynchronous comprehensions are allowed; a module that
	// uses them gets FlagCoroutine|FlagTopLevelAwait.
	Interactive bool
	// Warn, when set, receives the compile-time warnings CPython prints
	// (SyntaxWarning for "x is 1"), with the line they concern.
	Warn func(category, msg string, line int)
	// Mode is the mode of Python's compile(): "exec", "eval" (the module is
	// one expression statement whose value the code returns) or "single"
	// (like Interactive). With a Mode, module-level names use
	// LOAD_NAME/STORE_NAME as in CPython, so that exec() and eval() with
	// separate locals work; without one (scripts and imported modules,
	// whose locals are their globals) they use the global opcodes.
	Mode string
	// FutureAnnotations compiles as if the source began with
	// `from __future__ import annotations` (compile()/exec() inherit it from
	// the calling code).
	FutureAnnotations bool
}

// Compile compiles a module. The error, if any, is an *ast.SyntaxError;
// a compiler bug is reported as one whose message starts with
// "internal compiler error" (with PYASYNC_DEBUG=panic in the environment, a
// panic inside the compiler is not recovered).
func Compile(mod *ast.Module, opts Options) (code *Code, err error) {
	if opts.Filename == "" {
		opts.Filename = mod.Filename
	}
	if opts.Mode == "single" {
		opts.Interactive = true
	}
	c := &compiler{opts: opts, futureAnnotations: opts.FutureAnnotations || hasFutureAnnotations(mod.Body)}
	defer func() {
		if se, ok := err.(*ast.SyntaxError); ok {
			se.Compiler = true
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("PYASYNC_DEBUG") == "panic" {
				panic(r)
			}
			pos := ast.Pos{Line: 1, Col: 1}
			if c.u != nil && c.u.line > 0 {
				pos = ast.Pos{Line: c.u.line, Col: c.u.col}
			}
			code = nil
			err = c.internalError(pos, "%v", r)
		}
	}()
	if opts.Warn != nil {
		for _, w := range mod.Warnings {
			opts.Warn(w.Kind(), w.Msg, w.Line)
		}
	}
	if err := c.checkFutures(mod); err != nil {
		return nil, err
	}
	st := &symtable{c: c, scopes: map[ast.Node]*scope{}}
	if err := st.buildModule(mod); err != nil {
		if se, ok := err.(*ast.SyntaxError); ok {
			se.MsgOnlyArgs = true // raised by CPython's symbol table
		}
		return nil, err
	}
	c.st = st
	return c.compileModule(mod)
}

type compiler struct {
	opts  Options
	st    *symtable
	u     *unit   // the unit being compiled
	units []*unit // enclosing units
	lines []string
	src   *parser.Source // for the ends of expressions (span.go)
	// futureAnnotations: annotations are stored as their source text.
	futureAnnotations bool
	futures           []*ast.ImportFrom // the module's future statements (future.go)
}

// hasFutureAnnotations reports whether a module starts (after its
// docstring and other future imports) with `from __future__ import
// annotations`.
func hasFutureAnnotations(body []ast.Stmt) bool {
	for i, s := range body {
		switch s := s.(type) {
		case *ast.ExprStmt:
			if _, ok := s.Value.(*ast.Str); ok && i == 0 {
				continue
			}
			return false
		case *ast.ImportFrom:
			if s.Module != "__future__" || s.Level != 0 {
				return false
			}
			for _, a := range s.Names {
				if a.Name == "annotations" {
					return true
				}
			}
		default:
			return false
		}
	}
	return false
}

// annotation emits the value of an annotation: the expression, or its
// source text under `from __future__ import annotations`.
func (c *compiler) annotation(e ast.Expr) error {
	if c.futureAnnotations {
		c.loadConst(Unparse(e))
		return nil
	}
	if st, ok := e.(*ast.Starred); ok {
		// *args: *Ts (PEP 646) annotates with the one item of Ts
		if err := c.expr(st.Value); err != nil {
			return err
		}
		c.emit(UNPACK_SEQUENCE, 1)
		return nil
	}
	return c.expr(e)
}

// errorf makes a SyntaxError at pos, over the token there (see
// errorSpan and errorStmt for longer ranges).
func (c *compiler) errorf(pos ast.Pos, format string, args ...any) error {
	return &ast.SyntaxError{
		Kind:     "SyntaxError",
		Filename: c.opts.Filename,
		Pos:      pos,
		Msg:      fmt.Sprintf(format, args...),
		Text:     c.sourceLine(pos.Line),
		End:      c.tokenEnd(pos),
	}
}

func (c *compiler) internalError(pos ast.Pos, format string, args ...any) error {
	return c.errorf(pos, "internal compiler error: "+format, args...)
}

func (c *compiler) sourceLine(n int) string {
	if c.lines == nil {
		if len(c.opts.Source) == 0 {
			return ""
		}
		c.lines = strings.Split(string(c.opts.Source), "\n")
	}
	if n < 1 || n > len(c.lines) {
		return ""
	}
	return strings.TrimRight(c.lines[n-1], "\r")
}

// unitKind is the kind of scope a unit compiles (CPython's scope types).
type unitKind int

const (
	unitModule unitKind = iota
	unitClass
	unitFunction
	unitAsyncFunction
	unitLambda
	unitComprehension
)

type label int

const noLabel label = -1

// instr is an instruction before assembly: jump targets are labels.
type instr struct {
	op      Opcode
	arg     int
	target  label // for jumps, else noLabel
	line    int
	col     int
	endLine int // where the node that made the instruction ends (0: unknown)
	endCol  int
	handler int // index into unit.handlerDefs of the innermost handler, or -1
}

// handlerDef is an exception handler: where to go and the stack depth to
// keep.
type handlerDef struct {
	target label
	depth  int
}

type fblockKind int

const (
	fbWhile fblockKind = iota
	fbFor
	fbTryExcept
	fbFinallyTry
	fbFinallyEnd
	fbWith
	fbAsyncWith
	fbHandlerCleanup
	fbPopValue
	fbExceptStar // the except* clauses of a try (compiler/trystar.go)
)

// fblock is a block of the frame stack: a construct whose exit via
// break/continue/return needs code.
type fblock struct {
	kind       fblockKind
	start      label // loops: the continue target
	exit       label // loops: the break target
	handlerLen int   // handler stack length outside this block
	name       string
	finalBody  []ast.Stmt
	pos        ast.Pos
}

// stackItems is the number of operand-stack items the block keeps while
// its body runs.
func (f *fblock) stackItems() int {
	switch f.kind {
	case fbFor, fbWith, fbAsyncWith, fbHandlerCleanup, fbPopValue:
		return 1
	case fbFinallyEnd:
		return 2
	case fbExceptStar:
		return 3
	}
	return 0
}

type unit struct {
	kind     unitKind
	scope    *scope
	code     *Code
	name     string
	qualname string
	private  string

	instrs       []instr
	labels       []int // label -> instruction index, -1 while unbound
	handlerDefs  []handlerDef
	handlerIndex map[handlerDef]int
	handlers     []int // active handler stack (indices into handlerDefs)
	fblocks      []fblock

	consts   map[string]int
	names    map[string]int
	fast     map[string]int
	deref    map[string]int
	line     int
	col      int
	endLine  int
	endCol   int
	hasAwait bool
}

// ---- units ----

func (c *compiler) enterUnit(kind unitKind, sc *scope, name, qualname string, firstLine int) *unit {
	u := &unit{
		kind:     kind,
		scope:    sc,
		name:     name,
		qualname: qualname,
		consts:   map[string]int{},
		names:    map[string]int{},
		fast:     map[string]int{},
		deref:    map[string]int{},
		line:     firstLine,
		col:      0,
	}
	if c.u != nil {
		u.private = c.u.private
	}
	u.code = &Code{
		Name:      name,
		QualName:  qualname,
		Filename:  c.opts.Filename,
		FirstLine: firstLine,
	}
	if c.futureAnnotations {
		u.code.Flags |= FlagFutureAnnotations
	}
	if kind != unitModule && kind != unitClass {
		u.code.VarNames = sc.varNames()
	}
	u.code.CellVars = sc.cellVars()
	u.code.FreeVars = sc.freeVars()
	for i, n := range u.code.VarNames {
		u.fast[n] = i
	}
	base := len(u.code.VarNames)
	for i, n := range u.code.CellVars {
		u.deref[n] = base + i
	}
	base += len(u.code.CellVars)
	for i, n := range u.code.FreeVars {
		if _, ok := u.deref[n]; !ok {
			u.deref[n] = base + i
		}
	}
	if c.u != nil {
		c.units = append(c.units, c.u)
	}
	c.u = u
	// Cells are created first thing; a captured parameter's value is
	// copied into its cell.
	for _, n := range u.code.CellVars {
		c.emit(MAKE_CELL, u.deref[n])
		if i, ok := u.fast[n]; ok && c.isParam(sc, n) {
			c.emit(LOAD_FAST, i)
			c.emit(STORE_DEREF, u.deref[n])
		}
	}
	return u
}

func (c *compiler) isParam(sc *scope, name string) bool {
	for _, p := range sc.params {
		if p == name {
			return true
		}
	}
	return false
}

// exitUnit assembles the current unit and returns to the enclosing one.
func (c *compiler) exitUnit() (*Code, error) {
	u := c.u
	code, err := c.assemble(u)
	if n := len(c.units); n > 0 {
		c.u = c.units[n-1]
		c.units = c.units[:n-1]
	} else {
		c.u = nil
	}
	return code, err
}

// ---- emission ----

func (c *compiler) emit(op Opcode, arg int) {
	u := c.u
	h := -1
	if n := len(u.handlers); n > 0 {
		h = u.handlers[n-1]
	}
	u.instrs = append(u.instrs, instr{op: op, arg: arg, target: noLabel, line: u.line, col: u.col, endLine: u.endLine, endCol: u.endCol, handler: h})
}

func (c *compiler) emitJump(op Opcode, l label) {
	c.emit(op, 0)
	c.u.instrs[len(c.u.instrs)-1].target = l
}

func (c *compiler) newLabel() label {
	c.u.labels = append(c.u.labels, -1)
	return label(len(c.u.labels) - 1)
}

func (c *compiler) bind(l label) {
	c.u.labels[l] = len(c.u.instrs)
}

// pushHandler makes (target, depth) the innermost exception handler of the
// instructions emitted from now on.
func (c *compiler) pushHandler(target label, depth int) int {
	u := c.u
	h := handlerDef{target, depth}
	i, ok := u.handlerIndex[h]
	if !ok {
		i = len(u.handlerDefs)
		u.handlerDefs = append(u.handlerDefs, h)
		if u.handlerIndex == nil {
			u.handlerIndex = map[handlerDef]int{}
		}
		u.handlerIndex[h] = i
	}
	u.handlers = append(u.handlers, i)
	return i
}

func (c *compiler) popHandler() {
	c.u.handlers = c.u.handlers[:len(c.u.handlers)-1]
}

// setLoc sets the position of the instructions emitted next and returns the
// previous one.
func (c *compiler) setLoc(p ast.Pos) loc {
	u := c.u
	old := loc{u.line, u.col, u.endLine, u.endCol}
	if p.Line > 0 && (p.Line != u.line || p.Col != u.col) {
		u.line, u.col = p.Line, p.Col
		u.endLine, u.endCol = 0, 0
	}
	return old
}

func (c *compiler) restoreLoc(l loc) {
	c.u.line, c.u.col, c.u.endLine, c.u.endCol = l.line, l.col, l.endLine, l.endCol
}

// depth is the operand-stack depth at statement level.
func (c *compiler) depth() int {
	d := 0
	for i := range c.u.fblocks {
		d += c.u.fblocks[i].stackItems()
	}
	return d
}

func (c *compiler) pushFblock(fb fblock) {
	c.u.fblocks = append(c.u.fblocks, fb)
}

func (c *compiler) popFblock() {
	c.u.fblocks = c.u.fblocks[:len(c.u.fblocks)-1]
}

// ---- constants and names ----

func constKey(v any) string {
	switch v := v.(type) {
	case nil:
		return "N"
	case bool:
		if v {
			return "T"
		}
		return "F"
	case int64:
		return fmt.Sprintf("i%d", v)
	case *big.Int:
		return "I" + v.String()
	case float64:
		return fmt.Sprintf("f%x", math.Float64bits(v))
	case complex128:
		return fmt.Sprintf("c%x:%x", math.Float64bits(real(v)), math.Float64bits(imag(v)))
	case string:
		return "s" + v
	case Bytes:
		return "b" + string(v)
	case Ellipsis:
		return "E"
	case ConstTuple:
		var b strings.Builder
		b.WriteString("(")
		for _, x := range v {
			k := constKey(x)
			fmt.Fprintf(&b, "%d:%s", len(k), k)
		}
		b.WriteString(")")
		return b.String()
	case ConstFrozenSet:
		return "S" + constKey(ConstTuple(v))
	case *Code:
		return fmt.Sprintf("c%p", v)
	}
	panic(fmt.Sprintf("bad constant %T", v))
}

func (c *compiler) constIndex(v any) int {
	k := constKey(v)
	if i, ok := c.u.consts[k]; ok {
		return i
	}
	i := len(c.u.code.Consts)
	c.u.code.Consts = append(c.u.code.Consts, v)
	c.u.consts[k] = i
	return i
}

func (c *compiler) loadConst(v any) {
	c.emit(LOAD_CONST, c.constIndex(v))
}

func (c *compiler) nameIndex(name string) int {
	if i, ok := c.u.names[name]; ok {
		return i
	}
	i := len(c.u.code.Names)
	c.u.code.Names = append(c.u.code.Names, name)
	c.u.names[name] = i
	return i
}

// emitName emits an instruction taking a Names index, mangling the name.
func (c *compiler) emitName(op Opcode, name string) {
	c.emit(op, c.nameIndex(mangle(c.u.private, name)))
}

type nameCtx int

const (
	ctxLoad nameCtx = iota
	ctxStore
	ctxDel
)

// nameOp loads, stores or deletes a variable according to its scope.
func (c *compiler) nameOp(name string, ctx nameCtx) {
	u := c.u
	mangled := mangle(u.private, name)
	sc := u.scope.scopeOf(mangled)
	if u.kind == unitModule {
		op := [...]Opcode{LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL}[ctx]
		if c.opts.Mode != "" && sc != scopeGlobalExplicit {
			op = [...]Opcode{LOAD_NAME, STORE_NAME, DELETE_NAME}[ctx]
		}
		c.emit(op, c.nameIndex(mangled))
		return
	}
	switch sc {
	case scopeFree:
		slot := u.deref[mangled]
		if u.kind == unitClass && ctx == ctxLoad {
			c.emit(LOAD_CLASSDEREF, slot)
			return
		}
		c.emit([...]Opcode{LOAD_DEREF, STORE_DEREF, DELETE_DEREF}[ctx], slot)
		return
	case scopeCell:
		c.emit([...]Opcode{LOAD_DEREF, STORE_DEREF, DELETE_DEREF}[ctx], u.deref[mangled])
		return
	case scopeLocal:
		if u.kind != unitClass {
			if i, ok := u.fast[mangled]; ok {
				c.emit([...]Opcode{LOAD_FAST, STORE_FAST, DELETE_FAST}[ctx], i)
				return
			}
		}
	case scopeGlobalExplicit:
		c.emit([...]Opcode{LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL}[ctx], c.nameIndex(mangled))
		return
	case scopeGlobalImplicit, scopeUnresolved:
		if u.kind != unitClass {
			c.emit([...]Opcode{LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL}[ctx], c.nameIndex(mangled))
			return
		}
	}
	c.emit([...]Opcode{LOAD_NAME, STORE_NAME, DELETE_NAME}[ctx], c.nameIndex(mangled))
}

// ---- module, class and function bodies ----

func (c *compiler) compileModule(mod *ast.Module) (*Code, error) {
	sc := c.st.top
	c.enterUnit(unitModule, sc, "<module>", "<module>", 1)
	c.u.code.Flags |= FlagModule
	body := mod.Body
	if len(body) > 0 {
		c.setLoc(body[0].Position())
	}
	if findAnnotations(body) {
		c.emit(SETUP_ANNOTATIONS, 0)
	}
	if !c.opts.Interactive && c.opts.Mode != "eval" && c.opts.Mode != "single" {
		if doc, ok := docstring(body); ok {
			c.u.code.Docstring = &doc
			c.setLoc(body[0].Position())
			c.loadConst(doc)
			c.nameOp("__doc__", ctxStore)
			body = body[1:]
		}
	}
	if c.opts.Mode == "eval" && len(body) == 1 {
		es := body[0].(*ast.ExprStmt)
		if err := c.expr(es.Value); err != nil {
			return nil, err
		}
		c.emit(RETURN_VALUE, 0)
		return c.exitUnit()
	}
	if err := c.stmts(body); err != nil {
		return nil, err
	}
	c.loadConst(nil)
	c.emit(RETURN_VALUE, 0)
	if c.u.hasAwait {
		c.u.code.Flags |= FlagCoroutine | FlagTopLevelAwait
	}
	return c.exitUnit()
}

// docstring reports the docstring of a body: its first statement, when that
// is a string literal.
func docstring(body []ast.Stmt) (string, bool) {
	if len(body) == 0 {
		return "", false
	}
	if es, ok := body[0].(*ast.ExprStmt); ok {
		if s, ok := es.Value.(*ast.Str); ok {
			return s.Value, true
		}
	}
	return "", false
}

// findAnnotations reports whether a module or class body has an annotated
// assignment (not looking into nested functions and classes).
func findAnnotations(body []ast.Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *ast.AnnAssign:
			return true
		case *ast.For:
			if findAnnotations(s.Body) || findAnnotations(s.OrElse) {
				return true
			}
		case *ast.While:
			if findAnnotations(s.Body) || findAnnotations(s.OrElse) {
				return true
			}
		case *ast.If:
			if findAnnotations(s.Body) || findAnnotations(s.OrElse) {
				return true
			}
		case *ast.With:
			if findAnnotations(s.Body) {
				return true
			}
		case *ast.Try:
			if findAnnotations(s.Body) || findAnnotations(s.OrElse) || findAnnotations(s.Finalbody) {
				return true
			}
			for _, h := range s.Handlers {
				if findAnnotations(h.Body) {
					return true
				}
			}
		}
	}
	return false
}

// qualifiedName computes the __qualname__ of a scope named name defined in
// the current unit.
func (c *compiler) qualifiedName(name string, kind unitKind) string {
	u := c.u
	if u.kind == unitModule {
		return name
	}
	if kind == unitFunction || kind == unitAsyncFunction || kind == unitClass {
		if u.scope.scopeOf(mangle(u.private, name)) == scopeGlobalExplicit {
			return name
		}
	}
	switch u.kind {
	case unitFunction, unitAsyncFunction, unitLambda:
		return u.qualname + ".<locals>." + name
	}
	return u.qualname + "." + name
}

// makeClosure emits the closure tuple for code (when it has free variables)
// followed by code and its qualname, and MAKE_FUNCTION with flags.
func (c *compiler) makeClosure(code *Code, flags int) {
	if len(code.FreeVars) > 0 {
		for _, name := range code.FreeVars {
			slot, ok := c.u.deref[name]
			if !ok {
				panic(fmt.Sprintf("free variable %q of %s not found in %s", name, code.QualName, c.u.qualname))
			}
			c.emit(LOAD_CLOSURE, slot)
		}
		c.emit(BUILD_TUPLE, len(code.FreeVars))
		flags |= MakeFunctionClosure
	}
	c.loadConst(code)
	c.loadConst(code.QualName)
	c.emit(MAKE_FUNCTION, flags)
}

// defaults emits the defaults tuple and keyword-only defaults dict of a
// parameter list and returns the MAKE_FUNCTION flags for them.
func (c *compiler) defaults(a *ast.Arguments) (int, error) {
	flags := 0
	if a == nil {
		return 0, nil
	}
	if len(a.Defaults) > 0 {
		if err := c.sequence(a.Defaults, seqTuple, 0); err != nil {
			return 0, err
		}
		flags |= MakeFunctionDefaults
	}
	n := 0
	for i, d := range a.KwDefaults {
		if d == nil || i >= len(a.KwOnly) {
			continue
		}
		c.loadConst(mangle(c.u.private, a.KwOnly[i].Name))
		if err := c.expr(d); err != nil {
			return 0, err
		}
		n++
	}
	if n > 0 {
		c.emit(BUILD_MAP, n)
		flags |= MakeFunctionKwDefaults
	}
	return flags, nil
}

// annotations emits the annotations dict of a def and returns the
// MAKE_FUNCTION flag for it.
func (c *compiler) annotations(a *ast.Arguments, returns ast.Expr) (int, error) {
	n := 0
	add := func(name string, ann ast.Expr) error {
		if ann == nil {
			return nil
		}
		c.loadConst(mangle(c.u.private, name))
		if err := c.annotation(ann); err != nil {
			return err
		}
		n++
		return nil
	}
	if a != nil {
		for _, group := range [][]*ast.Arg{a.PosOnly, a.Args, {a.Vararg}, a.KwOnly, {a.Kwarg}} {
			for _, arg := range group {
				if arg != nil {
					if err := add(arg.Name, arg.Annotation); err != nil {
						return 0, err
					}
				}
			}
		}
	}
	if err := add("return", returns); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	c.emit(BUILD_MAP, n)
	return MakeFunctionAnnotations, nil
}

func (c *compiler) setArgCounts(code *Code, a *ast.Arguments, sc *scope) {
	if a != nil {
		code.ArgCount = len(a.PosOnly) + len(a.Args)
		code.PosOnlyCount = len(a.PosOnly)
		code.KwOnlyCount = len(a.KwOnly)
	}
	if sc.varargs {
		code.Flags |= FlagVarArgs
	}
	if sc.varkw {
		code.Flags |= FlagVarKw
	}
	if sc.nested {
		code.Flags |= FlagNested
	}
	switch {
	case sc.isGenerator && sc.isCoroutine:
		code.Flags |= FlagAsyncGen
	case sc.isGenerator:
		code.Flags |= FlagGenerator
	case sc.isCoroutine:
		code.Flags |= FlagCoroutine
	}
}

func firstLine(pos ast.Pos, decorators []ast.Expr) int {
	line := pos.Line
	for _, d := range decorators {
		if l := d.Position().Line; l > 0 && l < line {
			line = l
		}
	}
	return line
}

func (c *compiler) functionDef(s *ast.FunctionDef) error {
	if err := c.debugDef(s, s.Name, s.Args, nil); err != nil {
		return err
	}
	for _, d := range s.Decorators {
		old := c.setLoc(d.Position())
		c.emit(PUSH_NULL, 0)
		if err := c.expr(d); err != nil {
			return err
		}
		c.restoreLoc(old)
	}
	flags, err := c.defaults(s.Args)
	if err != nil {
		return err
	}
	af, err := c.annotations(s.Args, s.Returns)
	if err != nil {
		return err
	}
	flags |= af
	kind := unitFunction
	if s.IsAsync {
		kind = unitAsyncFunction
	}
	sc := c.st.scopes[s]
	qualname := c.qualifiedName(s.Name, kind)
	c.enterUnit(kind, sc, s.Name, qualname, firstLine(s.Pos, s.Decorators))
	c.setArgCounts(c.u.code, s.Args, sc)
	body := s.Body
	if doc, ok := docstring(body); ok {
		c.u.code.Docstring = &doc
		body = body[1:]
	}
	if err := c.stmts(body); err != nil {
		return err
	}
	// the implicit "return None" is on the last statement's line, as in
	// CPython (what a trace function sees as the return event's line)
	if len(body) > 0 {
		c.setLoc(body[len(body)-1].Position())
	} else {
		c.setLoc(s.Pos)
	}
	c.loadConst(nil)
	c.emit(RETURN_VALUE, 0)
	code, err := c.exitUnit()
	if err != nil {
		return err
	}
	c.setLoc(s.Pos)
	c.makeClosure(code, flags)
	for i := len(s.Decorators) - 1; i >= 0; i-- {
		old := c.setLoc(s.Decorators[i].Position())
		c.emit(CALL, 1)
		c.restoreLoc(old)
	}
	c.nameOp(s.Name, ctxStore)
	return nil
}

func (c *compiler) classDef(s *ast.ClassDef) error {
	if err := c.debugDef(s, s.Name, nil, s.Keywords); err != nil {
		return err
	}
	for _, d := range s.Decorators {
		old := c.setLoc(d.Position())
		c.emit(PUSH_NULL, 0)
		if err := c.expr(d); err != nil {
			return err
		}
		c.restoreLoc(old)
	}
	sc := c.st.scopes[s]
	qualname := c.qualifiedName(s.Name, unitClass)
	c.enterUnit(unitClass, sc, s.Name, qualname, firstLine(s.Pos, s.Decorators))
	u := c.u
	u.private = s.Name
	u.code.Flags |= FlagClassBody
	c.setLoc(s.Pos)
	c.emit(LOAD_NAME, c.nameIndex("__name__"))
	c.emit(STORE_NAME, c.nameIndex("__module__"))
	c.loadConst(qualname)
	c.emit(STORE_NAME, c.nameIndex("__qualname__"))
	body := s.Body
	if findAnnotations(body) {
		c.emit(SETUP_ANNOTATIONS, 0)
	}
	if doc, ok := docstring(body); ok {
		u.code.Docstring = &doc
		c.setLoc(body[0].Position())
		c.loadConst(doc)
		c.emit(STORE_NAME, c.nameIndex("__doc__"))
		body = body[1:]
	}
	if err := c.stmts(body); err != nil {
		return err
	}
	c.setLoc(s.Pos)
	if sc.needsClassClosure {
		c.emit(LOAD_CLOSURE, u.deref["__class__"])
		c.emit(COPY, 1)
		c.emit(STORE_NAME, c.nameIndex("__classcell__"))
	} else {
		c.loadConst(nil)
	}
	c.emit(RETURN_VALUE, 0)
	code, err := c.exitUnit()
	if err != nil {
		return err
	}
	c.setLoc(s.Pos)
	c.emit(PUSH_NULL, 0)
	c.emit(LOAD_BUILD_CLASS, 0)
	c.makeClosure(code, 0)
	c.loadConst(s.Name)
	if err := c.callHelper(2, s.Bases, s.Keywords); err != nil {
		return err
	}
	for i := len(s.Decorators) - 1; i >= 0; i-- {
		old := c.setLoc(s.Decorators[i].Position())
		c.emit(CALL, 1)
		c.restoreLoc(old)
	}
	c.nameOp(s.Name, ctxStore)
	return nil
}

func (c *compiler) lambda(e *ast.Lambda) error {
	if err := c.debugExpr(e); err != nil {
		return err
	}
	flags, err := c.defaults(e.Args)
	if err != nil {
		return err
	}
	sc := c.st.scopes[e]
	qualname := c.qualifiedName("<lambda>", unitLambda)
	c.enterUnit(unitLambda, sc, "<lambda>", qualname, e.Pos.Line)
	c.setArgCounts(c.u.code, e.Args, sc)
	c.setLoc(e.Body.Position())
	if err := c.expr(e.Body); err != nil {
		return err
	}
	c.emit(RETURN_VALUE, 0)
	code, err := c.exitUnit()
	if err != nil {
		return err
	}
	c.makeClosure(code, flags)
	return nil
}

// ---- statements ----

func (c *compiler) stmts(list []ast.Stmt) error {
	for _, s := range list {
		if err := c.stmt(s); err != nil {
			return err
		}
	}
	return nil
}

func (c *compiler) stmt(s ast.Stmt) error {
	c.setLoc(s.Position())
	switch s := s.(type) {
	case *ast.FunctionDef:
		return c.functionDef(s)
	case *ast.ClassDef:
		return c.classDef(s)
	case *ast.Return:
		return c.returnStmt(s)
	case *ast.Delete:
		for _, t := range s.Targets {
			if err := c.deleteTarget(t); err != nil {
				return err
			}
		}
	case *ast.Assign:
		return c.assign(s)
	case *ast.AugAssign:
		return c.augAssign(s)
	case *ast.AnnAssign:
		return c.annAssign(s)
	case *ast.For:
		if s.IsAsync {
			return c.asyncFor(s)
		}
		return c.forStmt(s)
	case *ast.While:
		return c.whileStmt(s)
	case *ast.If:
		return c.ifStmt(s)
	case *ast.With:
		if s.IsAsync {
			if !c.allowTopLevelAwait() && c.u.kind != unitAsyncFunction {
				return c.errorStmt(s.Pos, s, "'async with' outside async function")
			}
			if c.u.kind == unitModule {
				c.u.hasAwait = true
			}
		}
		if len(s.Items) == 0 {
			return c.errorf(s.Pos, "invalid syntax")
		}
		return c.with(s, 0)
	case *ast.Raise:
		n := 0
		if s.Exc != nil {
			if err := c.expr(s.Exc); err != nil {
				return err
			}
			n++
			if s.Cause != nil {
				if err := c.expr(s.Cause); err != nil {
					return err
				}
				n++
			}
		}
		c.raiseSpan(s)
		c.emit(RAISE_VARARGS, n)
	case *ast.Try:
		c.emit(NOP, 0) // the line of "try:" (a line event under sys.settrace, as in CPython)
		if len(s.Finalbody) > 0 {
			return c.tryFinally(s)
		}
		return c.tryExcept(s)
	case *ast.Assert:
		return c.assert(s)
	case *ast.Import:
		return c.importStmt(s)
	case *ast.ImportFrom:
		return c.importFrom(s)
	case *ast.Pass:
		c.emit(NOP, 0) // its line event under sys.settrace, as in CPython
	case *ast.Global, *ast.Nonlocal:
	case *ast.ExprStmt:
		return c.exprStmt(s)
	case *ast.Match:
		return c.matchStmt(s)
	case *ast.TryStar:
		return c.tryStarStmt(s)
	case *ast.Break:
		return c.breakStmt(s)
	case *ast.Continue:
		return c.continueStmt(s)
	default:
		return c.errorf(s.Position(), "unsupported statement %T", s)
	}
	return nil
}

func isConstant(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Int, *ast.Float, *ast.Str, *ast.Bytes, *ast.NoneLit, *ast.Bool, *ast.EllipsisLit:
		return true
	}
	return false
}

func (c *compiler) exprStmt(s *ast.ExprStmt) error {
	if c.opts.Interactive && c.u.kind == unitModule {
		if err := c.expr(s.Value); err != nil {
			return err
		}
		c.emit(PRINT_EXPR, 0)
		return nil
	}
	if isConstant(s.Value) {
		return nil // a constant statement has no effect
	}
	if err := c.expr(s.Value); err != nil {
		return err
	}
	c.emit(POP_TOP, 0)
	return nil
}

func (c *compiler) inFunction() bool {
	switch c.u.kind {
	case unitFunction, unitAsyncFunction, unitLambda, unitComprehension:
		return true
	}
	return false
}

func (c *compiler) allowTopLevelAwait() bool {
	return c.opts.Interactive && c.u.kind == unitModule
}

func (c *compiler) returnStmt(s *ast.Return) error {
	if !c.inFunction() {
		return c.errorWord(s.Pos, "return", s.Value, "'return' outside function")
	}
	if s.Value != nil && c.u.scope.isCoroutine && c.u.scope.isGenerator {
		return c.errorLine(s.Pos, "'return' with value in async generator")
	}
	if c.inExceptStar(false) {
		pos := s.Pos
		if s.Value != nil {
			pos = s.Value.Position()
		}
		return c.errorf(pos, "'break', 'continue' and 'return' cannot appear in an except* block")
	}
	preserve := s.Value != nil && !isConstant(s.Value)
	restore := c.saveBlocks()
	defer restore()
	if preserve {
		if err := c.expr(s.Value); err != nil {
			return err
		}
	}
	c.setLoc(s.Pos)
	if _, err := c.unwindStack(preserve, false, s.Pos); err != nil {
		return err
	}
	if s.Value == nil {
		c.loadConst(nil)
	} else if !preserve {
		if err := c.expr(s.Value); err != nil {
			return err
		}
	}
	c.emit(RETURN_VALUE, 0)
	return nil
}

func (c *compiler) breakStmt(s *ast.Break) error {
	if c.inExceptStar(true) {
		return c.errorf(s.Pos, "'break', 'continue' and 'return' cannot appear in an except* block")
	}
	restore := c.saveBlocks()
	defer restore()
	loop, err := c.unwindStack(false, true, s.Pos)
	if err != nil {
		return err
	}
	if loop == nil {
		return c.errorWord(s.Pos, "break", nil, "'break' outside loop")
	}
	c.u.handlers = c.u.handlers[:loop.handlerLen]
	if err := c.unwindBlock(loop, false); err != nil {
		return err
	}
	c.setLoc(s.Pos)
	c.emitJump(JUMP, loop.exit)
	return nil
}

func (c *compiler) continueStmt(s *ast.Continue) error {
	if c.inExceptStar(true) {
		return c.errorf(s.Pos, "'break', 'continue' and 'return' cannot appear in an except* block")
	}
	restore := c.saveBlocks()
	defer restore()
	loop, err := c.unwindStack(false, true, s.Pos)
	if err != nil {
		return err
	}
	if loop == nil {
		return c.errorWord(s.Pos, "continue", nil, "'continue' not properly in loop")
	}
	c.setLoc(s.Pos)
	c.emitJump(JUMP, loop.start)
	return nil
}

// saveBlocks saves the frame-block and handler stacks, returning a function
// that restores them.
func (c *compiler) saveBlocks() func() {
	u := c.u
	fbs := append([]fblock(nil), u.fblocks...)
	hs := append([]int(nil), u.handlers...)
	l := loc{u.line, u.col, u.endLine, u.endCol}
	return func() {
		u.fblocks = fbs
		u.handlers = hs
		c.restoreLoc(l)
	}
}

// unwindStack emits the code that leaves every frame block (up to the
// innermost loop when stopAtLoop) as break, continue or return do. With
// preserve, the value on top of the stack is kept there. The blocks stay
// popped: the caller restores them with saveBlocks.
func (c *compiler) unwindStack(preserve, stopAtLoop bool, pos ast.Pos) (*fblock, error) {
	u := c.u
	for len(u.fblocks) > 0 {
		top := u.fblocks[len(u.fblocks)-1]
		if stopAtLoop && (top.kind == fbWhile || top.kind == fbFor) {
			return &top, nil
		}
		u.fblocks = u.fblocks[:len(u.fblocks)-1]
		u.handlers = u.handlers[:top.handlerLen]
		if err := c.unwindBlock(&top, preserve); err != nil {
			return nil, err
		}
		c.setLoc(pos)
	}
	return nil, nil
}

// unwindBlock emits the code that leaves one frame block.
func (c *compiler) unwindBlock(fb *fblock, preserve bool) error {
	switch fb.kind {
	case fbWhile, fbTryExcept:
	case fbFor:
		if preserve {
			c.emit(SWAP, 2)
		}
		c.emit(POP_TOP, 0)
	case fbFinallyTry:
		if preserve {
			c.pushFblock(fblock{kind: fbPopValue, handlerLen: len(c.u.handlers)})
		}
		if err := c.stmts(fb.finalBody); err != nil {
			return err
		}
		if preserve {
			c.popFblock()
		}
	case fbFinallyEnd:
		if preserve {
			c.emit(SWAP, 2)
		}
		c.emit(POP_TOP, 0)
		if preserve {
			c.emit(SWAP, 2)
		}
		c.emit(POP_EXCEPT, 0)
	case fbWith, fbAsyncWith:
		c.setLoc(fb.pos)
		if preserve {
			c.emit(SWAP, 2)
		}
		c.callExitWithNones()
		if fb.kind == fbAsyncWith {
			c.emit(GET_AWAITABLE, 2)
			c.loadConst(nil)
			c.sendLoop()
		}
		c.emit(POP_TOP, 0)
	case fbHandlerCleanup:
		if preserve {
			c.emit(SWAP, 2)
		}
		c.emit(POP_EXCEPT, 0)
		if fb.name != "" {
			c.loadConst(nil)
			c.nameOp(fb.name, ctxStore)
			c.nameOp(fb.name, ctxDel)
		}
	case fbPopValue:
		if preserve {
			c.emit(SWAP, 2)
		}
		c.emit(POP_TOP, 0)
	}
	return nil
}

// callExitWithNones calls the __exit__ on top of the stack with three Nones:
// [exit] -> [result].
func (c *compiler) callExitWithNones() {
	c.emit(PUSH_NULL, 0)
	c.emit(SWAP, 2)
	c.loadConst(nil)
	c.loadConst(nil)
	c.loadConst(nil)
	c.emit(CALL, 3)
}

// sendLoop emits the loop that drives an awaitable or sub-iterator:
// [receiver value] -> [result].
func (c *compiler) sendLoop() {
	loop := c.newLabel()
	exit := c.newLabel()
	c.bind(loop)
	c.emitJump(SEND, exit)
	c.emit(YIELD_VALUE, 0)
	c.emitJump(JUMP, loop)
	c.bind(exit)
}

func (c *compiler) ifStmt(s *ast.If) error {
	end := c.newLabel()
	next := end
	if len(s.OrElse) > 0 {
		next = c.newLabel()
	}
	if err := c.jumpIf(s.Test, false, next); err != nil {
		return err
	}
	if err := c.stmts(s.Body); err != nil {
		return err
	}
	if len(s.OrElse) > 0 {
		c.setLoc(s.Pos)
		c.emitJump(JUMP, end)
		c.bind(next)
		if err := c.stmts(s.OrElse); err != nil {
			return err
		}
	}
	c.bind(end)
	return nil
}

func (c *compiler) whileStmt(s *ast.While) error {
	start := c.newLabel()
	orelse := c.newLabel()
	end := c.newLabel()
	c.bind(start)
	if err := c.jumpIf(s.Test, false, orelse); err != nil {
		return err
	}
	c.pushFblock(fblock{kind: fbWhile, start: start, exit: end, handlerLen: len(c.u.handlers)})
	if err := c.stmts(s.Body); err != nil {
		return err
	}
	c.popFblock()
	c.setLoc(s.Pos)
	c.emitJump(JUMP, start)
	c.bind(orelse)
	if err := c.stmts(s.OrElse); err != nil {
		return err
	}
	c.bind(end)
	return nil
}

func (c *compiler) forStmt(s *ast.For) error {
	start := c.newLabel()
	cleanup := c.newLabel()
	end := c.newLabel()
	if err := c.iterExpr(s.Iter); err != nil {
		return err
	}
	c.emit(GET_ITER, 0)
	c.bind(start)
	c.emitJump(FOR_ITER, cleanup)
	c.pushFblock(fblock{kind: fbFor, start: start, exit: end, handlerLen: len(c.u.handlers)})
	if err := c.store(s.Target); err != nil {
		return err
	}
	if err := c.stmts(s.Body); err != nil {
		return err
	}
	c.popFblock()
	c.setLoc(s.Pos)
	c.emitJump(JUMP, start)
	c.bind(cleanup)
	if err := c.stmts(s.OrElse); err != nil {
		return err
	}
	c.bind(end)
	return nil
}

func (c *compiler) asyncFor(s *ast.For) error {
	if c.allowTopLevelAwait() {
		c.u.hasAwait = true
	} else if c.u.kind != unitAsyncFunction {
		return c.errorStmt(s.Pos, s, "'async for' outside async function")
	}
	start := c.newLabel()
	except := c.newLabel()
	end := c.newLabel()
	if err := c.expr(s.Iter); err != nil {
		return err
	}
	c.emit(GET_AITER, 0)
	d := c.depth()
	c.bind(start)
	c.pushHandler(except, d+1)
	c.emit(GET_ANEXT, 0)
	c.loadConst(nil)
	c.sendLoop()
	c.popHandler()
	c.pushFblock(fblock{kind: fbFor, start: start, exit: end, handlerLen: len(c.u.handlers)})
	if err := c.store(s.Target); err != nil {
		return err
	}
	if err := c.stmts(s.Body); err != nil {
		return err
	}
	c.popFblock()
	c.setLoc(s.Pos)
	c.emitJump(JUMP, start)
	c.bind(except)
	c.emit(END_ASYNC_FOR, 0)
	if err := c.stmts(s.OrElse); err != nil {
		return err
	}
	c.bind(end)
	return nil
}

// popExceptAndReraise is the cleanup handler of an except/finally/with
// handler region: [prev exc] -> restore prev, re-raise exc.
func (c *compiler) popExceptAndReraise() {
	c.emit(SWAP, 2)
	c.emit(POP_EXCEPT, 0)
	c.emit(RERAISE, 0)
}

// tryBody compiles the protected body of a try statement (handled by
// handler at stack depth d) and its else clause, then jumps to end.
func (c *compiler) tryBody(pos ast.Pos, body, orElse []ast.Stmt, handler, end label, d, hlen int) error {
	c.pushHandler(handler, d)
	c.pushFblock(fblock{kind: fbTryExcept, handlerLen: hlen})
	if err := c.stmts(body); err != nil {
		return err
	}
	c.popFblock()
	c.popHandler()
	if err := c.stmts(orElse); err != nil {
		return err
	}
	c.setLoc(pos)
	c.emitJump(JUMP, end)
	return nil
}

func (c *compiler) tryExcept(s *ast.Try) error {
	handler := c.newLabel()
	end := c.newLabel()
	cleanup := c.newLabel()
	d := c.depth()
	hlen := len(c.u.handlers)

	if err := c.tryBody(s.Pos, s.Body, s.OrElse, handler, end, d, hlen); err != nil {
		return err
	}

	// The handler: [exc] -> [prev exc].
	c.bind(handler)
	if len(s.Handlers) > 0 {
		c.setLoc(s.Handlers[0].Pos)
	}
	c.emit(PUSH_EXC_INFO, 0)
	c.pushHandler(cleanup, d+1)
	for i, h := range s.Handlers {
		c.setLoc(h.Pos)
		next := c.newLabel()
		if h.Type == nil && i < len(s.Handlers)-1 {
			err := c.errorf(h.Pos, "default 'except:' must be last")
			if len(h.Body) > 0 {
				if end, ok := c.stmtEnd(h.Body[len(h.Body)-1]); ok {
					err.(*ast.SyntaxError).End = end
				}
			}
			return err
		}
		if h.Type != nil {
			if err := c.expr(h.Type); err != nil {
				return err
			}
			c.emit(CHECK_EXC_MATCH, 0)
			c.emitJump(POP_JUMP_IF_FALSE, next)
		}
		if h.Name != "" {
			cleanupBody := c.newLabel()
			c.nameOp(h.Name, ctxStore)
			c.pushHandler(cleanupBody, d+1)
			c.pushFblock(fblock{kind: fbHandlerCleanup, name: h.Name, handlerLen: hlen})
			if err := c.stmts(h.Body); err != nil {
				return err
			}
			c.popFblock()
			c.popHandler()
			c.popHandler()
			c.setLoc(h.Pos)
			c.emit(POP_EXCEPT, 0)
			c.loadConst(nil)
			c.nameOp(h.Name, ctxStore)
			c.nameOp(h.Name, ctxDel)
			c.emitJump(JUMP, end)
			// An exception in the body: [prev exc2]; unbind the name and
			// re-raise (into the cleanup handler).
			c.pushHandler(cleanup, d+1)
			c.bind(cleanupBody)
			c.loadConst(nil)
			c.nameOp(h.Name, ctxStore)
			c.nameOp(h.Name, ctxDel)
			c.emit(RERAISE, 0)
		} else {
			c.emit(POP_TOP, 0)
			c.pushFblock(fblock{kind: fbHandlerCleanup, handlerLen: hlen})
			if err := c.stmts(h.Body); err != nil {
				return err
			}
			c.popFblock()
			c.popHandler()
			c.setLoc(h.Pos)
			c.emit(POP_EXCEPT, 0)
			c.emitJump(JUMP, end)
			c.pushHandler(cleanup, d+1)
		}
		c.bind(next)
	}
	// No clause matched: re-raise.
	c.emit(RERAISE, 0)
	c.popHandler()
	c.bind(cleanup)
	c.popExceptAndReraise()
	c.bind(end)
	return nil
}

func (c *compiler) tryFinally(s *ast.Try) error {
	final := c.newLabel()
	end := c.newLabel()
	cleanup := c.newLabel()
	d := c.depth()
	hlen := len(c.u.handlers)

	c.pushHandler(final, d)
	c.pushFblock(fblock{kind: fbFinallyTry, finalBody: s.Finalbody, handlerLen: hlen})
	if len(s.Handlers) > 0 {
		if err := c.tryExcept(s); err != nil {
			return err
		}
	} else {
		if err := c.stmts(s.Body); err != nil {
			return err
		}
		if err := c.stmts(s.OrElse); err != nil {
			return err
		}
	}
	c.popFblock()
	c.popHandler()
	// Normal exit: the finally body inline.
	if err := c.stmts(s.Finalbody); err != nil {
		return err
	}
	c.setLoc(s.Pos)
	c.emitJump(JUMP, end)

	// Exceptional exit: [exc] -> [prev exc], finally body, re-raise.
	c.bind(final)
	c.setLoc(s.Finalbody[0].Position())
	c.emit(PUSH_EXC_INFO, 0)
	c.pushHandler(cleanup, d+1)
	c.pushFblock(fblock{kind: fbFinallyEnd, handlerLen: hlen})
	if err := c.stmts(s.Finalbody); err != nil {
		return err
	}
	c.popFblock()
	c.emit(RERAISE, 0)
	c.popHandler()
	c.bind(cleanup)
	c.popExceptAndReraise()
	c.bind(end)
	return nil
}

func (c *compiler) with(s *ast.With, i int) error {
	item := s.Items[i]
	c.setLoc(s.Pos)
	if err := c.expr(item.Context); err != nil {
		return err
	}
	c.setLoc(s.Pos)
	kind := fbWith
	if s.IsAsync {
		kind = fbAsyncWith
		c.emit(BEFORE_ASYNC_WITH, 0)
		c.emit(GET_AWAITABLE, 1)
		c.loadConst(nil)
		c.sendLoop()
	} else {
		c.emit(BEFORE_WITH, 0)
	}
	handler := c.newLabel()
	exit := c.newLabel()
	cleanup := c.newLabel()
	suppress := c.newLabel()
	d := c.depth()
	c.pushFblock(fblock{kind: kind, handlerLen: len(c.u.handlers), pos: s.Pos})
	c.pushHandler(handler, d+1)
	if item.Vars != nil {
		if err := c.store(item.Vars); err != nil {
			return err
		}
	} else {
		c.emit(POP_TOP, 0)
	}
	if i+1 < len(s.Items) {
		if err := c.with(s, i+1); err != nil {
			return err
		}
	} else if err := c.stmts(s.Body); err != nil {
		return err
	}
	c.popHandler()
	c.popFblock()
	// Normal exit: exit(None, None, None).
	c.setLoc(s.Pos)
	c.callExitWithNones()
	if s.IsAsync {
		c.emit(GET_AWAITABLE, 2)
		c.loadConst(nil)
		c.sendLoop()
	}
	c.emit(POP_TOP, 0)
	c.emitJump(JUMP, exit)

	// Exceptional exit: [exit exc] -> [exit prev exc].
	c.bind(handler)
	c.emit(PUSH_EXC_INFO, 0)
	c.pushHandler(cleanup, d+2)
	c.emit(WITH_EXCEPT_START, 0)
	if s.IsAsync {
		c.emit(GET_AWAITABLE, 2)
		c.loadConst(nil)
		c.sendLoop()
	}
	c.emitJump(POP_JUMP_IF_TRUE, suppress)
	c.emit(RERAISE, 0)
	c.popHandler()
	c.bind(cleanup)
	c.popExceptAndReraise()
	// Suppressed: [exit prev exc] -> [].
	c.bind(suppress)
	c.emit(POP_TOP, 0)
	c.emit(POP_EXCEPT, 0)
	c.emit(POP_TOP, 0)
	c.bind(exit)
	return nil
}

func (c *compiler) assert(s *ast.Assert) error {
	end := c.newLabel()
	if err := c.jumpIf(s.Test, true, end); err != nil {
		return err
	}
	c.setLoc(s.Pos)
	if s.Msg != nil {
		c.emit(PUSH_NULL, 0)
		c.emit(LOAD_ASSERTION_ERROR, 0)
		if err := c.expr(s.Msg); err != nil {
			return err
		}
		c.emit(CALL, 1)
	} else {
		c.emit(LOAD_ASSERTION_ERROR, 0)
	}
	c.emit(RAISE_VARARGS, 1)
	c.bind(end)
	return nil
}

func (c *compiler) importStmt(s *ast.Import) error {
	if err := c.debugImport(s, s.Names); err != nil {
		return err
	}
	for _, a := range s.Names {
		c.setLoc(a.Pos)
		c.loadConst(int64(0))
		c.loadConst(nil)
		c.emit(IMPORT_NAME, c.nameIndex(a.Name))
		if a.AsName != "" {
			parts := strings.Split(a.Name, ".")
			for _, attr := range parts[1:] {
				c.emit(IMPORT_FROM, c.nameIndex(attr))
				c.emit(SWAP, 2)
				c.emit(POP_TOP, 0)
			}
			c.nameOp(a.AsName, ctxStore)
		} else {
			name := a.Name
			if i := strings.IndexByte(name, '.'); i >= 0 {
				name = name[:i]
			}
			c.nameOp(name, ctxStore)
		}
	}
	return nil
}

func (c *compiler) importFrom(s *ast.ImportFrom) error {
	if err := c.lateFuture(s); err != nil {
		return err
	}
	if err := c.debugImport(s, s.Names); err != nil {
		return err
	}
	names := make(ConstTuple, len(s.Names))
	for i, a := range s.Names {
		names[i] = a.Name
	}
	c.loadConst(int64(s.Level))
	c.loadConst(names)
	c.emit(IMPORT_NAME, c.nameIndex(s.Module))
	for _, a := range s.Names {
		c.setLoc(a.Pos)
		if a.Name == "*" {
			if c.u.kind != unitModule {
				return c.errorf(a.Pos, "import * only allowed at module level")
			}
			c.emit(IMPORT_STAR, 0)
			return nil
		}
		c.emit(IMPORT_FROM, c.nameIndex(a.Name))
		store := a.AsName
		if store == "" {
			store = a.Name
		}
		c.nameOp(store, ctxStore)
	}
	c.setLoc(s.Pos)
	c.emit(POP_TOP, 0)
	return nil
}

// ---- assignments ----

func (c *compiler) assign(s *ast.Assign) error {
	if len(s.Targets) == 1 {
		if ok, err := c.swapAssign(s.Targets[0], s.Value); ok || err != nil {
			return err
		}
	}
	if err := c.expr(s.Value); err != nil {
		return err
	}
	for i, t := range s.Targets {
		if i < len(s.Targets)-1 {
			c.emit(COPY, 1)
		}
		if err := c.store(t); err != nil {
			return err
		}
	}
	return nil
}

// swapAssign compiles "a, b = x, y" (2 or 3 elements, no stars) without
// building a tuple: the values are evaluated, reversed with SWAP and stored.
func (c *compiler) swapAssign(target, value ast.Expr) (bool, error) {
	tv, ok := value.(*ast.Tuple)
	if !ok {
		return false, nil
	}
	var telts []ast.Expr
	switch t := target.(type) {
	case *ast.Tuple:
		telts = t.Elts
	case *ast.List:
		telts = t.Elts
	default:
		return false, nil
	}
	n := len(telts)
	if n < 2 || n > 3 || len(tv.Elts) != n || isConstTuple(tv) {
		return false, nil
	}
	for _, e := range append(append([]ast.Expr(nil), telts...), tv.Elts...) {
		if _, ok := e.(*ast.Starred); ok {
			return false, nil
		}
	}
	for _, e := range tv.Elts {
		if err := c.expr(e); err != nil {
			return true, err
		}
	}
	c.setLoc(target.Position())
	c.emit(SWAP, n)
	for _, t := range telts {
		if err := c.store(t); err != nil {
			return true, err
		}
	}
	return true, nil
}

// store stores the value on top of the stack into an assignment target.
func (c *compiler) store(t ast.Expr) error {
	old := c.setSpan(t)
	defer c.restoreLoc(old)
	if err := c.forbiddenTarget(t, "assign to"); err != nil {
		return err
	}
	switch t := t.(type) {
	case *ast.Name:
		c.nameOp(t.Id, ctxStore)
	case *ast.Attribute:
		if err := c.expr(t.Value); err != nil {
			return err
		}
		c.setLoc(t.Pos)
		c.matchAttr(t)
		c.emitName(STORE_ATTR, t.Attr)
	case *ast.Subscript:
		if err := c.expr(t.Value); err != nil {
			return err
		}
		if err := c.index(t.Index); err != nil {
			return err
		}
		c.setLoc(t.Pos)
		c.emit(STORE_SUBSCR, 0)
	case *ast.Tuple:
		return c.unpack(t, t.Elts, t.Pos)
	case *ast.List:
		return c.unpack(t, t.Elts, t.Pos)
	case *ast.Starred:
		return c.errorSpan(t, "starred assignment target must be in a list or tuple")
	default:
		return c.errorSpan(t, "cannot assign to %s", exprDescription(t))
	}
	return nil
}

func (c *compiler) unpack(target ast.Expr, elts []ast.Expr, pos ast.Pos) error {
	star := -1
	for i, e := range elts {
		if _, ok := e.(*ast.Starred); ok {
			if star >= 0 {
				return c.errorSpan(target, "multiple starred expressions in assignment")
			}
			star = i
		}
	}
	if star >= 0 {
		after := len(elts) - star - 1
		if star >= 1<<8 || after >= 1<<16 {
			return c.errorf(pos, "too many expressions in star-unpacking assignment")
		}
		c.emit(UNPACK_EX, star|after<<8)
	} else {
		c.emit(UNPACK_SEQUENCE, len(elts))
	}
	for _, e := range elts {
		if s, ok := e.(*ast.Starred); ok {
			e = s.Value
		}
		if err := c.store(e); err != nil {
			return err
		}
	}
	return nil
}

func (c *compiler) deleteTarget(t ast.Expr) error {
	old := c.setLoc(t.Position())
	defer c.restoreLoc(old)
	if err := c.forbiddenTarget(t, "delete"); err != nil {
		return err
	}
	switch t := t.(type) {
	case *ast.Name:
		c.nameOp(t.Id, ctxDel)
	case *ast.Attribute:
		if err := c.expr(t.Value); err != nil {
			return err
		}
		c.setLoc(t.Pos)
		c.matchAttr(t)
		c.emitName(DELETE_ATTR, t.Attr)
	case *ast.Subscript:
		if err := c.expr(t.Value); err != nil {
			return err
		}
		if err := c.index(t.Index); err != nil {
			return err
		}
		c.setLoc(t.Pos)
		c.emit(DELETE_SUBSCR, 0)
	case *ast.Tuple:
		for _, e := range t.Elts {
			if err := c.deleteTarget(e); err != nil {
				return err
			}
		}
	case *ast.List:
		for _, e := range t.Elts {
			if err := c.deleteTarget(e); err != nil {
				return err
			}
		}
	case *ast.Starred:
		return c.errorf(t.Pos, "cannot delete starred")
	default:
		return c.errorSpan(t, "cannot delete %s", exprDescription(t))
	}
	return nil
}

func exprDescription(e ast.Expr) string {
	switch e.(type) {
	case *ast.Call:
		return "function call"
	case *ast.Int, *ast.Float, *ast.Imag, *ast.Str, *ast.Bytes, *ast.NoneLit, *ast.Bool, *ast.EllipsisLit:
		return "literal"
	case *ast.JoinedStr, *ast.FormattedValue:
		return "f-string expression"
	case *ast.Lambda:
		return "lambda"
	case *ast.BoolOp, *ast.BinOp, *ast.UnaryOp:
		return "expression"
	case *ast.Compare:
		return "comparison"
	case *ast.IfExp:
		return "conditional expression"
	case *ast.NamedExpr:
		return "named expression"
	case *ast.Await:
		return "await expression"
	case *ast.Yield, *ast.YieldFrom:
		return "yield expression"
	case *ast.ListComp:
		return "list comprehension"
	case *ast.SetComp:
		return "set comprehension"
	case *ast.DictComp:
		return "dict comprehension"
	case *ast.GeneratorExp:
		return "generator expression"
	case *ast.Dict:
		return "dict literal"
	case *ast.Set:
		return "set display"
	}
	return "expression"
}

func (c *compiler) augAssign(s *ast.AugAssign) error {
	op := BinaryOp(s.Op) + InplaceOffset
	if n, ok := s.Target.(*ast.Name); ok {
		// (CPython checks no attribute here: x.__debug__ += 1 compiles)
		if err := c.forbiddenTarget(n, "assign to"); err != nil {
			return err
		}
	}
	switch t := s.Target.(type) {
	case *ast.Name:
		old := c.setLoc(t.Pos)
		c.nameOp(t.Id, ctxLoad)
		c.restoreLoc(old)
		if err := c.expr(s.Value); err != nil {
			return err
		}
		c.emit(BINARY_OP, int(op))
		c.setLoc(t.Pos)
		c.nameOp(t.Id, ctxStore)
	case *ast.Attribute:
		if err := c.expr(t.Value); err != nil {
			return err
		}
		c.setLoc(t.Pos)
		c.matchAttr(t)
		c.emit(COPY, 1)
		c.emitName(LOAD_ATTR, t.Attr)
		c.setLoc(s.Pos)
		if err := c.expr(s.Value); err != nil {
			return err
		}
		c.emit(BINARY_OP, int(op))
		c.setLoc(t.Pos)
		c.matchAttr(t)
		c.emit(SWAP, 2)
		c.emitName(STORE_ATTR, t.Attr)
	case *ast.Subscript:
		if err := c.expr(t.Value); err != nil {
			return err
		}
		if err := c.index(t.Index); err != nil {
			return err
		}
		c.setLoc(t.Pos)
		c.emit(COPY, 2)
		c.emit(COPY, 2)
		c.emit(BINARY_SUBSCR, 0)
		c.setLoc(s.Pos)
		if err := c.expr(s.Value); err != nil {
			return err
		}
		c.emit(BINARY_OP, int(op))
		c.setLoc(t.Pos)
		c.emit(SWAP, 3)
		c.emit(SWAP, 2)
		c.emit(STORE_SUBSCR, 0)
	default:
		return c.errorSpan(s.Target, "'%s' is an illegal expression for augmented assignment", exprDescription(s.Target))
	}
	return nil
}

func (c *compiler) annAssign(s *ast.AnnAssign) error {
	moduleOrClass := c.u.kind == unitModule || c.u.kind == unitClass
	switch t := s.Target.(type) {
	case *ast.Name:
		if s.Value != nil {
			if err := c.expr(s.Value); err != nil {
				return err
			}
			if err := c.store(t); err != nil {
				return err
			}
		}
		if moduleOrClass {
			if err := c.annotation(s.Annotation); err != nil {
				return err
			}
			c.setLoc(s.Pos)
			// as any module or class name: exec/compile code keeps it
			// in its locals mapping, where SETUP_ANNOTATIONS made it
			c.nameOp("__annotations__", ctxLoad)
			c.loadConst(mangle(c.u.private, t.Id))
			c.emit(STORE_SUBSCR, 0)
		}
		return nil
	case *ast.Attribute:
		if s.Value != nil {
			if err := c.expr(s.Value); err != nil {
				return err
			}
			if err := c.store(t); err != nil {
				return err
			}
		} else {
			if err := c.expr(t.Value); err != nil {
				return err
			}
			c.emit(POP_TOP, 0)
		}
	case *ast.Subscript:
		if s.Value != nil {
			if err := c.expr(s.Value); err != nil {
				return err
			}
			if err := c.store(t); err != nil {
				return err
			}
		} else {
			if err := c.expr(t.Value); err != nil {
				return err
			}
			c.emit(POP_TOP, 0)
			if err := c.index(t.Index); err != nil {
				return err
			}
			c.emit(POP_TOP, 0)
		}
	default:
		return c.errorf(s.Target.Position(), "illegal target for annotation")
	}
	if moduleOrClass && !c.futureAnnotations {
		if err := c.expr(s.Annotation); err != nil {
			return err
		}
		c.emit(POP_TOP, 0)
	}
	return nil
}
