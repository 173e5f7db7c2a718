package pyasync

import (
	"context"
	"errors"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
	"github.com/pyasync/pyasync/vm"
)

// Session is an interactive session (the REPL's core, independent of any
// terminal): each complete statement runs in the __main__ module as in
// Python's interactive mode — expression statements print their repr and
// set `_`, and top-level await works (the awaited work runs on the
// interpreter's event loop, which keeps its tasks between inputs).
//
// A session is used in one of two ways: Feed runs one line at a time on
// the caller's goroutine (the loop runs only while an input awaits), and
// Serve runs the event loop continuously while a LineReader waits for
// the user (repl_serve.go), which is what the prompt of the CLI does.
type Session struct {
	it    *Interpreter
	lines []string
	// block: the lines so far parse as a complete compound statement,
	// which ends with an empty line (or, when pasted, with the next
	// unindented statement)
	block bool
	srv   *serveState
	// loop is the loop of a running Serve (read by Complete on other
	// goroutines)
	loop serving
}

// Interactive starts an interactive session on the interpreter. As
// Python's site module does for interactive use, it puts exit and quit
// (whose repr is the hint a bare `exit` prints) and help in builtins.
func (it *Interpreter) Interactive() *Session {
	it.mainModule()
	if release, err := it.acquire(); err == nil {
		it.installSiteBuiltins()
		release()
	}
	return &Session{it: it}
}

// installSiteBuiltins sets builtins exit, quit and help from
// _sitebuiltins.
func (it *Interpreter) installSiteBuiltins() {
	t := it.vm.Main()
	m, err := it.vm.ImportModule(t, "_sitebuiltins")
	if err != nil {
		return
	}
	install := func(cls string, args ...vm.Value) {
		c, err := t.GetAttr(m, cls)
		if err != nil {
			return
		}
		v, err := t.Call(c, args, nil)
		if err != nil {
			return
		}
		name := "help"
		if len(args) > 0 {
			name, _ = args[0].AsStr()
		}
		it.vm.Builtins.SetStr(name, v)
	}
	install("Quitter", vm.Str("exit"), vm.Str("Ctrl-D (i.e. EOF)"))
	install("Quitter", vm.Str("quit"), vm.Str("Ctrl-D (i.e. EOF)"))
	install("_Helper")
}

// Pending reports whether the session is waiting for more lines of a
// statement (the "..." prompt).
func (s *Session) Pending() bool { return len(s.lines) > 0 }

// Reset drops a partly entered statement (Ctrl-C at the prompt).
func (s *Session) Reset() { s.lines, s.block = nil, false }

// Feed adds one line of input. It returns more=true while the statement is
// incomplete; otherwise the statement has run and err is what it raised
// (format it with FormatError; an *ExitError means the program asked to exit).
func (s *Session) Feed(line string) (more bool, err error) {
	st := s.take(line)
	if st.more {
		return true, nil
	}
	if st.err != nil {
		return false, st.err
	}
	if st.src != "" {
		if err := s.run(st.src); err != nil {
			s.Reset()
			return false, err
		}
	}
	if st.again {
		return s.Feed(line)
	}
	return false, nil
}

// stmt is what one line of input completes: a statement to run (src), a
// request for more lines, or a syntax error. again says that the line
// itself was not consumed: it starts the next statement (a pasted block
// followed by an unindented line).
type stmt struct {
	src   string
	more  bool
	again bool
	err   error
}

// take adds a line to the statement being entered. The parser decides
// when it is complete: an incomplete parse asks for more lines, and a
// compound statement (def, for, if, class, with, try, ... even on one
// line) waits for an empty line, as in Python's REPL.
func (s *Session) take(line string) stmt {
	blank := strings.TrimSpace(line) == ""
	if len(s.lines) == 0 && blank {
		return stmt{}
	}
	if s.block && !blank && !startsIndented(line) && !continuesBlock(line) {
		// a pasted block followed by the next statement
		src := strings.Join(s.lines, "\n") + "\n"
		s.Reset()
		return stmt{src: src, again: true}
	}
	s.lines = append(s.lines, line)
	src := strings.Join(s.lines, "\n") + "\n"
	mod, perr := parser.Parse("<stdin>", []byte(src))
	if perr != nil {
		if parser.IsIncomplete(perr) && !(blank && len(s.lines) > 1 && !strings.HasSuffix(strings.TrimSpace(src), "\\")) {
			return stmt{more: true}
		}
		s.Reset()
		return stmt{err: perr}
	}
	if !blank && len(mod.Body) > 0 && isCompound(mod.Body[0]) {
		s.block = true
		return stmt{more: true}
	}
	s.Reset()
	return stmt{src: src}
}

// isCompound reports whether a statement is a compound one (it has a
// block), which the REPL ends with an empty line.
func isCompound(st ast.Stmt) bool {
	switch st.(type) {
	case *ast.If, *ast.While, *ast.For, *ast.Try, *ast.TryStar, *ast.With,
		*ast.FunctionDef, *ast.ClassDef, *ast.Match:
		return true
	}
	return false
}

func startsIndented(line string) bool {
	return line != "" && (line[0] == ' ' || line[0] == '\t')
}

// continuesBlock reports whether an unindented line continues the compound
// statement before it (else, elif, except, finally) or is a comment.
func continuesBlock(line string) bool {
	l := strings.TrimSpace(line)
	if strings.HasPrefix(l, "#") {
		return true
	}
	for _, kw := range []string{"else", "elif", "except", "finally"} {
		if rest, ok := strings.CutPrefix(l, kw); ok && (rest == "" || strings.ContainsAny(rest[:1], " :\t*(")) {
			return true
		}
	}
	return false
}

// run runs one complete statement on the caller's goroutine.
func (s *Session) run(src string) error {
	it := s.it
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	return it.guard(context.Background(), func() error {
		t := it.vm.Main()
		// the input runs with the session's loop marked running, so that
		// it can create tasks (they run when an input awaits)
		l := it.vm.Loop()
		var r vm.Value
		err := l.Within(func() error {
			var err error
			r, err = s.exec(t, src, "<stdin>")
			return err
		})
		if err == nil {
			if g, ok := r.Object().(*vm.Generator); ok && g.IsCoroutine() {
				// top-level await: run the input as a task on the loop
				_, err = runCoroutine(t, it.vm, r)
			}
		}
		return err
	})
}

// exec compiles and runs one statement in __main__; it returns a
// coroutine when the statement awaits.
func (s *Session) exec(t *vm.Thread, src, filename string) (vm.Value, error) {
	code, err := s.it.vm.Compile([]byte(src), filename, true)
	if err != nil {
		return vm.Value{}, err
	}
	return s.it.vm.ExecModule(t, code, s.it.mainModule())
}

// runCoroutine runs a coroutine to completion on the VM's event loop.
func runCoroutine(t *vm.Thread, v *vm.VM, coro vm.Value) (vm.Value, error) {
	l := v.Loop()
	tk, err := l.CreateTask(coro, vm.Value{})
	if err != nil {
		return vm.Value{}, err
	}
	return l.RunUntilComplete(t, vm.FutureOf(vm.ObjectValue(tk)))
}

// IsIncomplete reports whether err only says that the input ended early.
func IsIncomplete(err error) bool {
	var se *ast.SyntaxError
	return errors.As(err, &se) && parser.IsIncomplete(err)
}
