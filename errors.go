package pyasync

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/vm"
)

// Error is an uncaught script exception.
type Error struct {
	// Type is the exception's class name ("ValueError").
	Type string
	// Message is str() of the exception ("bad value").
	Message string
	// Traceback is the CPython-style rendering, ending with a newline.
	Traceback string
	// Exception is the exception object itself.
	Exception *vm.Exception
	// goErr is the Go error a Go function raised, if this exception is it.
	goErr error
}

// Error returns the last line of the traceback ("ValueError: bad").
func (e *Error) Error() string {
	lines := strings.Split(strings.TrimRight(e.Traceback, "\n"), "\n")
	return lines[len(lines)-1]
}

// Unwrap returns the Go error that a Go function called by the script
// returned, when that error is what escaped the script (so errors.Is and
// errors.As see through the script).
func (e *Error) Unwrap() error { return e.goErr }

// LimitError reports that a run exceeded one of its Limits; Limit names it
// ("MaxSteps", "MaxMemory", "MaxDuration"). Script code cannot catch it.
type LimitError = vm.LimitError

// DeadlockError is the error of a run stopped because every task waits
// for something nothing can provide (no timer, I/O operation, signal
// handler or host call is pending): its Error text is the report, one
// entry per waiting task with its await chain and what it waits on.
type DeadlockError = vm.DeadlockError

// ExitError reports that the script called sys.exit (or raised SystemExit).
type ExitError struct {
	Code int
	// Message is printed to stderr by the CLI when the exit argument was not
	// an int (sys.exit("message")).
	Message string
}

// Error describes the exit.
func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ErrBusy is returned when an Interpreter is used from a second goroutine
// while it is running (use Submit to reach a running interpreter).
var ErrBusy = errors.New("pyasync: the interpreter is in use by another goroutine (use Submit)")

// FormatError renders an error from this package the way the CLI prints it:
// a traceback for script exceptions, CPython's layout for syntax errors.
func FormatError(err error) string {
	var se *ast.SyntaxError
	var pe *Error
	switch {
	case errors.As(err, &pe):
		return pe.Traceback
	case errors.As(err, &se):
		return se.Format()
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Message != "" {
			return ee.Message + "\n"
		}
		return ""
	}
	return err.Error() + "\n"
}

// finish turns a script outcome into this package's error types.
func (it *Interpreter) finish(err error) error {
	if err == nil {
		return nil
	}
	var exc *vm.Exception
	if !errors.As(err, &exc) {
		return err
	}
	t := it.vm.Main()
	if exc.IsInstance(vm.SystemExit) {
		return exitError(t, exc)
	}
	msg, _ := t.Str(vm.ObjectValue(exc))
	return &Error{Type: exc.ExceptionClass().Name, Message: msg, Exception: exc, Traceback: t.FormatUncaught(exc), goErr: it.goErrs[exc]}
}

func exitError(t *vm.Thread, exc *vm.Exception) error {
	if len(exc.Args) == 0 || exc.Args[0].IsNone() {
		return &ExitError{Code: 0}
	}
	if n, ok := exc.Args[0].AsInt64(); ok {
		return &ExitError{Code: int(n)}
	}
	s, _ := t.Str(exc.Args[0])
	return &ExitError{Code: 1, Message: s}
}
