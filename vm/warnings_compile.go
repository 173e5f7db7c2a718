package vm

import (
	"fmt"
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// compileWarning prints compile-time warnings as Python's default warning
// display does ("file:line: Category: message" and the stripped source
// line), once per line and message.
func (vm *VM) compileWarning(filename, text string) func(category, msg string, line int) {
	return vm.CompileWarner(filename, text)
}

// CompileWarner returns the function that prints a compile-time warning of
// source text (compiler.Options.Warn) as Python's default warning display
// does, on the VM's stderr, once per line and message.
func (vm *VM) CompileWarner(filename, text string) func(category, msg string, line int) {
	return func(category, msg string, line int) {
		if category == "DeprecationWarning" && !vm.devMode {
			// (invalid escape sequences) Python's default filters hide
			// it: a compile-time warning's module is not __main__; the
			// development mode's first filter shows every warning
			return
		}
		if vm.Stderr == nil {
			return
		}
		fmt.Fprintf(vm.Stderr, "%s:%d: %s: %s\n", filename, line, category, msg)
		if strings.HasPrefix(filename, "<") {
			return // no file to show a line of, as in CPython
		}
		lines := strings.Split(text, "\n")
		if line >= 1 && line <= len(lines) {
			if src := strings.TrimSpace(lines[line-1]); src != "" {
				fmt.Fprintf(vm.Stderr, "  %s\n", src)
			}
		}
	}
}

// runtimeWarnings collects the compile-time warnings of compile(), exec()
// or eval() at run time, which CPython issues through the warnings module.
type runtimeWarnings []compileWarn

type compileWarn struct {
	category, msg string
	line          int
}

// add is a compiler.Options.Warn recording the warning.
func (w *runtimeWarnings) add(category, msg string, line int) {
	*w = append(*w, compileWarn{category, msg, line})
}

// issueCompileWarnings passes the warnings of source compiled under
// filename to warnings.warn_explicit, so filters and catch_warnings apply;
// a warning the filters turn into an error is raised as a SyntaxError, as
// in CPython (pyasync gives it no column).
func (t *Thread) issueCompileWarnings(filename string, warns runtimeWarnings) error {
	if len(warns) == 0 {
		return nil
	}
	m, err := t.vm.ImportModule(t, "warnings")
	if err != nil {
		return err
	}
	fn, err := t.GetAttr(m, "warn_explicit")
	if err != nil {
		return err
	}
	for _, w := range warns {
		cat := Value{o: SyntaxWarning}
		if c, ok := t.vm.builtinsModule().Dict.GetStr(w.category); ok {
			cat = c
		}
		if _, err := t.Call(fn, []Value{Str(w.msg), cat, Str(filename), Int(int64(w.line))}, nil); err != nil {
			if e, ok := err.(*Exception); ok && (e.IsInstance(SyntaxWarning) || e.IsInstance(DeprecationWarning) && w.category == "DeprecationWarning") {
				se := SyntaxErrorException(&ast.SyntaxError{Filename: filename, Pos: ast.Pos{Line: w.line}, Msg: w.msg, Compiler: true})
				se.setSyntaxAttr("offset", None) // pyasync's warnings have no column
				return se
			}
			return err
		}
	}
	return nil
}
