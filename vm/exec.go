package vm

import (
	"bytes"
	"errors"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

// compile(), exec() and eval(): source compiled in CPython's three modes,
// run with a globals dict and any mapping as locals. Module-level names of
// such code use LOAD_NAME/STORE_NAME (compiler.Options.Mode); a globals dict
// may carry its own "__builtins__" (frameBuiltins).

// PyCF_ONLY_AST and the other compile() flags pyasync knows.
const (
	pyCFOnlyAST         = 0x400
	pyCFTypeComments    = 0x1000
	pyCFAllowTopAwait   = 0x2000
	pyCFFutureFlags     = 0x3fe0000 // the CO_FUTURE_* bits
	pyCFDontImplyDedent = 0x200
	pyCFAllowIncomplete = 0x4000
)

// CompileMode compiles src as Python's compile() does in mode "exec",
// "eval" or "single". The error is an *ast.SyntaxError (or a ValueError for
// a bad mode).
func (vm *VM) CompileMode(src []byte, filename, mode string) (*Code, error) {
	return vm.compileMode(src, filename, mode, false, false, nil)
}

// compileMode is CompileMode with the future features compile() passes on
// (`from __future__ import annotations`). Bytes are decoded as CPython
// decodes a string's bytes (coding declaration, BOM); the text of a str
// (fromStr) is used as it is, its declaration ignored. Compile-time
// warnings go to warn (nil: printed on stderr).
func (vm *VM) compileMode(src []byte, filename, mode string, futureAnnotations, fromStr bool, warn func(category, msg string, line int)) (*Code, error) {
	code, text, err := vm.compileModeText(src, filename, mode, futureAnnotations, fromStr, warn)
	var se *ast.SyntaxError
	if err != nil && errors.As(err, &se) && (se.Compiler || !fromStr) {
		// CPython's columns are UTF-8 bytes for source given as bytes,
		// and for compiler errors whatever the source
		se.ToByteColumns(text)
	}
	return code, err
}

// compileModeText is compileMode, also returning the decoded text the
// error positions refer to.
func (vm *VM) compileModeText(src []byte, filename, mode string, futureAnnotations, fromStr bool, warn func(category, msg string, line int)) (*Code, string, error) {
	if strings.IndexByte(string(src), 0) >= 0 {
		return nil, "", Errorf(SyntaxErrorType, "source code string cannot contain null bytes")
	}
	if warn == nil {
		warn = vm.compileWarning(filename, string(src))
	}
	// warnParse issues the warnings found before a parse error
	warnParse := func(err error) error {
		if se, ok := err.(*ast.SyntaxError); ok {
			for _, w := range se.Warnings {
				warn(w.Kind(), w.Msg, w.Line)
			}
		}
		return err
	}
	if !fromStr {
		text, err := parser.DecodeBytes(filename, src)
		if err != nil {
			return nil, "", err
		}
		src = []byte(text)
	}
	var mod *ast.Module
	switch mode {
	case "exec", "single":
		m, err := parser.ParseSource(filename, string(src))
		if err != nil {
			if mode == "single" {
				err = singleAtEnd(noFinalNewline(err, string(src)), string(src))
			}
			return nil, string(src), warnParse(err)
		}
		if mode == "single" {
			if err := checkSingle(filename, string(src), m); err != nil {
				return nil, string(src), err
			}
		}
		mod = m
	case "eval":
		s := string(src)
		if err := evalIndent(filename, s); err != nil {
			return nil, s, err
		}
		s = strings.TrimLeft(s, " \t\n\r\f")
		e, warns, err := parser.ParseEval(filename, []byte(s))
		if err != nil {
			err = noFinalNewline(err, s)
			if se, ok := err.(*ast.SyntaxError); ok {
				// the blank lines stripped before the expression
				n := strings.Count(string(src[:len(src)-len(s)]), "\n")
				se.Pos.Line += n
				if se.End.Line > 0 {
					se.End.Line += n
				}
			}
			return nil, s, warnParse(err)
		}
		src = []byte(s)
		mod = &ast.Module{Filename: filename, Body: []ast.Stmt{&ast.ExprStmt{Pos: exprPos(e), Value: e}}, Warnings: warns}
	default:
		return nil, "", Errorf(ValueError, "compile() mode must be 'exec', 'eval' or 'single'")
	}
	c, err := compiler.Compile(mod, compiler.Options{Filename: filename, Source: src, Mode: mode, FutureAnnotations: futureAnnotations,
		Warn: warn})
	if err != nil {
		return nil, string(src), err
	}
	return LoadCode(c), "", nil
}

// exprPos is the position of an expression (for the statement wrapping an
// eval() expression).
func exprPos(e ast.Expr) ast.Pos {
	if p, ok := e.(interface{ Position() ast.Pos }); ok {
		return p.Position()
	}
	return ast.Pos{Line: 1, Col: 1}
}

// sourceArg returns the source text of a compile/exec/eval argument, or the
// code object it is.
func sourceArg(fname string, v Value, codeOK bool) ([]byte, *Code, error) {
	switch o := v.o.(type) {
	case *StrObject:
		return []byte(o.s), nil, nil
	case *Bytes:
		return o.b, nil, nil
	case *CodeObject:
		if codeOK {
			return nil, o.code, nil
		}
	}
	if fname == "compile" {
		return nil, nil, Errorf(TypeError, "compile() arg 1 must be a string, bytes or AST object")
	}
	return nil, nil, Errorf(TypeError, "%s() arg 1 must be a string, bytes or code object", fname)
}

// compileError turns an error of compile(), exec() or eval() into the
// exception to raise. A compiler error (its columns made UTF-8 byte
// columns by compileMode) gets no text: CPython would read the line from
// the file the filename names, which a source string seldom has (pyasync
// does not look).
func compileError(err error) error {
	se, ok := err.(*ast.SyntaxError)
	if !ok {
		return err
	}
	if se.Compiler && se.Text != "" {
		c := *se
		c.Text = ""
		se = &c
	}
	return SyntaxErrorException(se)
}

func builtinCompile(t *Thread, args []Value, kwnames []string) (Value, error) {
	var source, filename, mode, flags, dontInherit, optimize, featureVersion Value
	if err := UnpackArgs("compile", args, kwnames, []string{"source", "filename", "mode", "flags?", "dont_inherit?", "optimize?", "*_feature_version?"},
		&source, &filename, &mode, &flags, &dontInherit, &optimize, &featureVersion); err != nil {
		return Value{}, err
	}
	src, _, err := sourceArg("compile", source, false)
	if err != nil {
		return Value{}, err
	}
	fn, err := t.fsPathString(filename)
	if err != nil {
		return Value{}, err
	}
	m, ok := mode.AsStr()
	if !ok {
		return Value{}, Errorf(TypeError, "compile() argument 'mode' must be str, not %s", mode.TypeName())
	}
	if m != "exec" && m != "eval" && m != "single" {
		return Value{}, Errorf(ValueError, "compile() mode must be 'exec', 'eval' or 'single'")
	}
	future := false
	inherit := true
	if dontInherit.o != nil {
		di, err := t.Truth(dontInherit)
		if err != nil {
			return Value{}, err
		}
		inherit = !di
	}
	if inherit {
		future = t.callerFutureAnnotations()
	}
	if flags.o != nil {
		fl, err := t.Index(flags)
		if err != nil {
			return Value{}, err
		}
		if fl&^(pyCFOnlyAST|pyCFTypeComments|pyCFAllowTopAwait|pyCFFutureFlags|pyCFDontImplyDedent|pyCFAllowIncomplete) != 0 {
			return Value{}, Errorf(ValueError, "compile(): unrecognised flags")
		}
		if fl&pyCFOnlyAST != 0 {
			return Value{}, Errorf(NotImplementedError, "compile() to an AST (ast.PyCF_ONLY_AST) is not supported by pyasync")
		}
		if fl&coFutureAnnotations != 0 {
			future = true
		}
	}
	_, fromStr := source.o.(*StrObject)
	var warns runtimeWarnings
	code, err := t.vm.compileMode(src, fn, m, future, fromStr, warns.add)
	if werr := t.issueCompileWarnings(fn, warns); werr != nil {
		return Value{}, werr
	}
	if err != nil {
		return Value{}, compileError(err)
	}
	return Value{o: &CodeObject{code: code}}, nil
}

// fsPathString converts a filename argument (str, bytes or os.PathLike).
func (t *Thread) fsPathString(v Value) (string, error) {
	switch o := v.o.(type) {
	case *StrObject:
		return o.s, nil
	case *Bytes:
		return string(o.b), nil
	}
	if m, ok := v.Type().Lookup("__fspath__"); ok {
		r, err := t.callMethod(m, v, nil, nil)
		if err != nil {
			return "", err
		}
		if s, ok := r.AsStr(); ok {
			return s, nil
		}
	}
	return "", Errorf(TypeError, "expected str, bytes or os.PathLike object, not %s", v.TypeName())
}

// execNamespaces resolves the globals and locals arguments of exec/eval.
func (t *Thread) execNamespaces(fname string, globals, locals Value) (*Dict, Value, error) {
	if globals.o != nil && globals.IsNone() {
		globals = Value{}
	}
	if locals.o != nil && locals.IsNone() {
		locals = Value{}
	}
	var g *Dict
	if globals.o != nil {
		d, ok := globals.o.(*Dict)
		if !ok {
			if fname == "eval" {
				if _, isMap := globals.Type().Lookup("__getitem__"); isMap {
					return nil, Value{}, Errorf(TypeError, "globals must be a real dict; try eval(expr, {}, mapping)")
				}
				return nil, Value{}, Errorf(TypeError, "globals must be a dict")
			}
			return nil, Value{}, Errorf(TypeError, "exec() globals must be a dict, not %s", globals.TypeName())
		}
		g = d
	}
	if locals.o != nil {
		if _, ok := locals.Type().Lookup("__getitem__"); !ok {
			if fname == "eval" {
				return nil, Value{}, Errorf(TypeError, "locals must be a mapping")
			}
			return nil, Value{}, Errorf(TypeError, "locals must be a mapping or None, not %s", locals.TypeName())
		}
	}
	if g == nil {
		f := t.callerFrame()
		if f == nil {
			return nil, Value{}, Errorf(SystemError, "%s(): no current frame", fname)
		}
		g = f.globals
		if locals.o == nil {
			if lv := f.localsValue(); lv.o != nil {
				locals = lv
			} else {
				locals = Value{o: frameLocals(f)}
			}
		}
	}
	if locals.o == nil {
		locals = Value{o: g}
	}
	if _, ok := g.GetStr("__builtins__"); !ok {
		g.SetStr("__builtins__", Value{o: t.vm.builtinsModule()})
	}
	return g, locals, nil
}

// callerFutureAnnotations reports whether the code calling compile(),
// exec() or eval() was compiled under `from __future__ import annotations`
// (which the compiled source inherits).
func (t *Thread) callerFutureAnnotations() bool {
	f := t.callerFrame()
	return f != nil && f.code != nil && f.code.Flags&compiler.FlagFutureAnnotations != 0
}

// runCode runs module-level code with the given namespaces (and, for
// code with free variables, exec's closure: its cells).
func (t *Thread) runCode(code *Code, g *Dict, locals Value, closure []Value) (Value, error) {
	t.vm.registerCode(code)
	f := t.newFrame(code)
	f.globals = g
	f.fn = nil
	if closure != nil {
		// the free variables are read from a function's closure (free.go)
		f.fn = &Function{code: code, globals: g, name: code.Name, qualname: code.QualName, closure: closure}
	}
	if d, ok := locals.o.(*Dict); ok && d == g {
		f.locals = g
	} else {
		f.setLocals(locals)
	}
	return t.runEntry(f)
}

func (t *Thread) execOrEval(fname string, args []Value, kwnames []string) (Value, error) {
	var source, globals, locals, closure Value
	names := []string{"/source", "/globals?", "/locals?"}
	dst := []*Value{&source, &globals, &locals}
	if fname == "exec" {
		names = append(names, "*closure?")
		dst = append(dst, &closure)
	}
	if err := UnpackArgs(fname, args, kwnames, names, dst...); err != nil {
		return Value{}, err
	}
	src, code, err := sourceArg(fname, source, true)
	if err != nil {
		return Value{}, err
	}
	g, l, err := t.execNamespaces(fname, globals, locals)
	if err != nil {
		return Value{}, err
	}
	if code == nil {
		mode := "exec"
		if fname == "eval" {
			mode = "eval"
		}
		_, fromStr := source.o.(*StrObject)
		if fname == "eval" {
			src = bytes.TrimLeft(src, " \t") // as CPython's eval() does
		}
		var warns runtimeWarnings
		code, err = t.vm.compileMode(src, "<string>", mode, t.callerFutureAnnotations(), fromStr, warns.add)
		if werr := t.issueCompileWarnings("<string>", warns); werr != nil {
			return Value{}, werr
		}
		if err != nil {
			return Value{}, compileError(err)
		}
	}
	var cells []Value
	if fname == "exec" {
		if cells, err = execClosure(code, source, closure); err != nil {
			return Value{}, err
		}
	} else if code.nfree > 0 {
		return Value{}, Errorf(TypeError, "code object passed to %s() may not contain free variables", fname)
	}
	r, err := t.runCode(code, g, l, cells)
	if err != nil {
		return Value{}, err
	}
	if fname == "exec" {
		return None, nil
	}
	return r, nil
}

// frameBuiltins returns the builtins namespace of code running with
// globals g: g["__builtins__"] (a module or a dict) when it is set and is
// not the VM's own builtins, else the VM's builtins.
func (t *Thread) frameBuiltins(g *Dict) *Dict {
	v, ok := g.GetStr("__builtins__")
	if !ok {
		return t.vm.Builtins
	}
	switch o := v.o.(type) {
	case *Module:
		return o.Dict
	case *Dict:
		return o
	}
	return t.vm.Builtins
}

func init() {
	builtinFuncs["compile"] = builtinCompile
	builtinFuncs["exec"] = func(t *Thread, args []Value, kw []string) (Value, error) { return t.execOrEval("exec", args, kw) }
	builtinFuncs["eval"] = func(t *Thread, args []Value, kw []string) (Value, error) { return t.execOrEval("eval", args, kw) }
}

// execClosure checks exec's closure argument against code: the cells of
// its free variables (a tuple of exactly that many cells), or None/absent
// for code without free variables.
func execClosure(code *Code, source, closure Value) ([]Value, error) {
	given := closure.o != nil && !closure.IsNone()
	if given {
		if _, ok := source.o.(*CodeObject); !ok {
			return nil, Errorf(TypeError, "closure can only be used when source is a code object")
		}
	}
	if code.nfree == 0 {
		if given {
			return nil, Errorf(TypeError, "cannot use a closure with this code object")
		}
		return nil, nil
	}
	tup, ok := closure.o.(*Tuple)
	if ok && len(tup.items) == code.nfree {
		for _, c := range tup.items {
			if _, ok = c.o.(*Cell); !ok {
				break
			}
		}
	}
	if !ok || len(tup.items) != code.nfree {
		return nil, Errorf(TypeError, "code object requires a closure of exactly length %d", code.nfree)
	}
	return tup.items, nil
}

// evalIndent is compile(..., 'eval')'s "unexpected indent": CPython
// tokenizes the expression's first line with its indentation (eval()
// strips spaces and tabs before that), so a leading blank on the first
// line that is not blank (or a comment) is refused. The offset counts the
// blanks; the text is the line.
func evalIndent(filename, src string) error {
	line := 0
	for rest := src; rest != ""; {
		line++
		l := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = ""
		}
		body := strings.TrimLeft(l, "\f")
		t := strings.TrimLeft(body, " \t\f")
		if t == "" || t[0] == '\n' || t[0] == '\r' || t[0] == '#' {
			continue // a blank line
		}
		if n := len(body) - len(t); n > 0 {
			return &ast.SyntaxError{Kind: "IndentationError", Filename: filename, Pos: ast.Pos{Line: line, Col: n},
				End: ast.Pos{Line: line, Col: -1}, Msg: "unexpected indent", Text: l, RawText: true}
		}
		return nil
	}
	return nil
}

// noFinalNewline gives a parse error of 'eval' or 'single' source that has
// no final newline what CPython's string tokenizer reports there: the last
// line's text without a newline, and offset 0 for an error at the end of
// the input (past the last line's text; the implicit newline there has no
// column).
func noFinalNewline(err error, src string) error {
	se, ok := err.(*ast.SyntaxError)
	if !ok || strings.HasSuffix(src, "\n") || strings.HasSuffix(src, "\r") {
		return err
	}
	last := strings.Count(src, "\n") + 1
	if se.Pos.Line == last && se.Text != "" {
		se.Text = strings.TrimSuffix(se.Text, "\n")
		se.RawText = true // shown without the newline the source lacks
	}
	lastLine := src[strings.LastIndexByte(src, '\n')+1:]
	atNewline := false // at the implicit newline: after the text, or at a comment ending it
	if r := []rune(lastLine); se.Msg == "invalid syntax" && se.Pos.Line == last && se.Pos.Col >= 1 && se.Pos.Col <= len(r)+1 {
		rest := strings.TrimSpace(string(r[se.Pos.Col-1:]))
		atNewline = rest == "" || rest[0] == '#'
	}
	if se.AtEnd || atNewline {
		se.Pos.Col, se.End = 0, ast.Pos{Line: se.Pos.Line, Col: 0}
	}
	return err
}

// singleAtEnd gives CPython's position to an error of 'single' mode source
// without a final newline that is at the missing newline (a compound
// statement's header without its ':' or block): the line's last character,
// with no end (-1); none at all (0, 0) for the ':' after def, try, finally
// and else, which CPython's parser demands without an error rule of its own.
func singleAtEnd(err error, src string) error {
	se, ok := err.(*ast.SyntaxError)
	if !ok || strings.HasSuffix(src, "\n") || strings.HasSuffix(src, "\r") || se.Pos.Line != strings.Count(src, "\n")+1 {
		return err
	}
	line := []rune(src[strings.LastIndexByte(src, '\n')+1:])
	words := strings.Fields(string(line))
	if len(words) == 0 {
		return err
	}
	switch {
	case strings.HasPrefix(se.Msg, "expected an indented block"):
	case se.Msg == "expected ':'":
		if se.Pos.Col < 1 || se.Pos.Col > len(line)+1 {
			return err
		}
		if rest := strings.TrimSpace(string(line[se.Pos.Col-1:])); rest != "" && rest[0] != '#' {
			return err
		}
		kw := words[0]
		if kw == "async" && len(words) > 1 {
			kw = words[1]
		}
		if kw == "def" || kw == "try" || kw == "finally" || kw == "else" || strings.HasPrefix(kw, "def(") {
			se.Pos.Col, se.End = 0, ast.Pos{Line: se.Pos.Line, Col: 0}
			return err
		}
	default:
		return err
	}
	se.Pos.Col, se.End = len(line), ast.Pos{Line: se.Pos.Line, Col: -1}
	return err
}
