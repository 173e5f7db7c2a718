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
// terminal): lines go in with Feed, and each complete statement runs in the
// __main__ module as in Python's interactive mode — expression statements
// print their repr, and top-level await works (the awaited work runs on the
// interpreter's event loop, which keeps its tasks between inputs).
type Session struct {
	it    *Interpreter
	lines []string
}

// Interactive starts an interactive session on the interpreter.
func (it *Interpreter) Interactive() *Session {
	it.mainModule()
	return &Session{it: it}
}

// Pending reports whether the session is waiting for more lines of a
// statement (the "..." prompt).
func (s *Session) Pending() bool { return len(s.lines) > 0 }

// Reset drops a partly entered statement (Ctrl-C at the prompt).
func (s *Session) Reset() { s.lines = nil }

// Feed adds one line of input. It returns more=true while the statement is
// incomplete; otherwise the statement has run and err is what it raised
// (format it with FormatError; an *ExitError means the program asked to exit).
func (s *Session) Feed(line string) (more bool, err error) {
	s.lines = append(s.lines, line)
	src := strings.Join(s.lines, "\n") + "\n"
	blank := strings.TrimSpace(line) == ""
	if len(s.lines) == 1 && blank {
		s.lines = nil
		return false, nil
	}
	_, perr := parser.Parse("<stdin>", []byte(src))
	if perr != nil && parser.IsIncomplete(perr) && !(blank && len(s.lines) > 1 && !strings.HasSuffix(strings.TrimSpace(src), "\\")) {
		return true, nil
	}
	// a block statement (def, if, @decorator, ...) ends with an empty
	// line, as in Python's REPL
	if perr == nil && !blank && s.block() {
		return true, nil
	}
	s.lines = nil
	if perr != nil {
		return false, perr
	}
	return false, s.run(src)
}

// block reports whether the statement being entered is a compound one.
func (s *Session) block() bool {
	first := strings.TrimSpace(s.lines[0])
	if i := strings.IndexByte(first, '#'); i >= 0 {
		first = strings.TrimSpace(first[:i])
	}
	return strings.HasSuffix(first, ":") || strings.HasPrefix(first, "@")
}

func (s *Session) run(src string) error {
	it := s.it
	code, err := it.vm.Compile([]byte(src), "<stdin>", true)
	if err != nil {
		return err
	}
	t := it.vm.Main()
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	return it.guard(context.Background(), func() error {
		var r vm.Value
		// the input runs with the session's loop marked running, so that
		// it can create tasks (they run when an input awaits)
		l := it.vm.Loop()
		err := l.Within(func() error {
			var err error
			r, err = it.vm.ExecModule(t, code, it.mainModule())
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
