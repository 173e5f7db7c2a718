// Package pyasync embeds the pyasync language in Go programs.
//
// pyasync runs a large subset of Python 3.11 — including async def, await and
// asyncio — on a bytecode VM written in Go. An Interpreter owns one VM; use it
// from one goroutine at a time.
//
//	it := pyasync.New(pyasync.Options{})
//	if err := it.RunString("print(6 * 7)", "<embedded>"); err != nil {
//		fmt.Fprint(os.Stderr, pyasync.FormatError(err))
//	}
//
// The command-line tool in cmd/pyasync is built only on this API.
package pyasync

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// Version is the pyasync release.
const Version = vm.Version

// Options configure an Interpreter. Zero values mean the process's standard
// streams, no arguments and no extra module path.
type Options struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Args is sys.argv (Args[0] is the script name).
	Args []string
	// Path lists extra directories searched for .pya modules, after the
	// script's own directory.
	Path []string
}

// Interpreter runs pyasync code.
type Interpreter struct {
	vm   *vm.VM
	opts Options
}

// New creates an interpreter with the standard library available.
func New(opts Options) *Interpreter {
	stdlib.Load()
	path := append([]string(nil), opts.Path...)
	if env := os.Getenv("PYASYNCPATH"); env != "" {
		path = append(path, filepath.SplitList(env)...)
	}
	v := vm.New(vm.Options{Stdin: opts.Stdin, Stdout: opts.Stdout, Stderr: opts.Stderr, Argv: opts.Args, Path: path})
	return &Interpreter{vm: v, opts: opts}
}

// VM exposes the underlying virtual machine for advanced embedding (adding
// native modules, calling script functions with vm.Value arguments).
func (it *Interpreter) VM() *vm.VM { return it.vm }

// Error is an uncaught script exception.
type Error struct {
	// Exception is the exception that escaped.
	Exception *vm.Exception
	// Traceback is the CPython-style rendering, ending with a newline.
	Traceback string
}

// Error returns the last line of the traceback ("ValueError: bad").
func (e *Error) Error() string {
	lines := strings.Split(strings.TrimRight(e.Traceback, "\n"), "\n")
	return lines[len(lines)-1]
}

// ExitError reports that the script called sys.exit (or raised SystemExit).
type ExitError struct {
	Code int
	// Message is printed to stderr by the CLI when the exit argument was not
	// an int (sys.exit("message")).
	Message string
}

// Error describes the exit.
func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

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

// RunFile runs a script file as the __main__ module. Its directory is
// searched first for imports.
func (it *Interpreter) RunFile(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	it.prependPath(dir)
	return it.run(src, path)
}

// RunString runs source code as the __main__ module; filename is used in
// tracebacks.
func (it *Interpreter) RunString(src, filename string) error {
	return it.run([]byte(src), filename)
}

// RunModule runs a module found on the path as __main__ (python -m).
func (it *Interpreter) RunModule(name string) error {
	for _, dir := range it.searchDirs() {
		rel := filepath.Join(strings.Split(name, ".")...)
		for _, cand := range []string{filepath.Join(dir, rel+".pya"), filepath.Join(dir, rel, "__main__.pya")} {
			if src, err := os.ReadFile(cand); err == nil {
				return it.run(src, cand)
			}
		}
	}
	return fmt.Errorf("No module named %s", name)
}

func (it *Interpreter) searchDirs() []string {
	l := it.vm.SysPath()
	var out []string
	for _, v := range l.Items() {
		if s, ok := v.AsStr(); ok {
			if s == "" {
				s = "."
			}
			out = append(out, s)
		}
	}
	return out
}

func (it *Interpreter) prependPath(dir string) {
	l := it.vm.SysPath()
	l.SetItems(append([]vm.Value{vm.Str(dir)}, l.Items()...))
}

func (it *Interpreter) run(src []byte, filename string) error {
	err := it.vm.RunMain(src, filename)
	it.vm.RunExitHooks()
	return it.finish(err)
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
	return &Error{Exception: exc, Traceback: t.FormatException(exc)}
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

// Eval evaluates one expression in the __main__ namespace and returns its
// value.
func (it *Interpreter) Eval(expr string) (vm.Value, error) {
	main := it.mainModule()
	code, err := it.vm.Compile([]byte("__pyasync_eval__ = ("+expr+"\n)"), "<eval>", false)
	if err != nil {
		return vm.Value{}, err
	}
	if _, err := it.vm.ExecModule(it.vm.Main(), code, main); err != nil {
		return vm.Value{}, it.finish(err)
	}
	v, _ := main.Get("__pyasync_eval__")
	main.Dict.DelStr("__pyasync_eval__")
	return v, nil
}

// Exec runs statements in the __main__ namespace (keeping earlier
// definitions), like successive cells of a notebook.
func (it *Interpreter) Exec(src, filename string) error {
	code, err := it.vm.Compile([]byte(src), filename, false)
	if err != nil {
		return err
	}
	_, err = it.vm.ExecModule(it.vm.Main(), code, it.mainModule())
	return it.finish(err)
}

func (it *Interpreter) mainModule() *vm.Module {
	if v, ok := it.vm.Modules.GetStr("__main__"); ok {
		if m, ok := v.Object().(*vm.Module); ok {
			return m
		}
	}
	return it.vm.NewMainModule("<embedded>")
}

// Call calls a function defined in __main__ with Go arguments converted by
// ToValue, returning the result.
func (it *Interpreter) Call(name string, args ...any) (vm.Value, error) {
	fn, ok := it.mainModule().Get(name)
	if !ok {
		return vm.Value{}, fmt.Errorf("pyasync: no function %q in __main__", name)
	}
	vals := make([]vm.Value, len(args))
	for i, a := range args {
		v, err := ToValue(a)
		if err != nil {
			return vm.Value{}, err
		}
		vals[i] = v
	}
	r, err := it.vm.Main().Call(fn, vals, nil)
	if err != nil {
		return vm.Value{}, it.finish(err)
	}
	return r, nil
}

// Disassemble compiles src and writes its bytecode listing to w.
func Disassemble(src []byte, filename string, w io.Writer) error {
	v := vm.New(vm.Options{Stdout: io.Discard, Stderr: io.Discard})
	code, err := v.Compile(src, filename, false)
	if err != nil {
		return err
	}
	code.Disassemble(w)
	return nil
}

// ToValue converts common Go values to script values: nil, bool, ints,
// float64, string, []byte, []any, map[string]any and vm.Value.
func ToValue(x any) (vm.Value, error) {
	switch x := x.(type) {
	case nil:
		return vm.None, nil
	case vm.Value:
		return x, nil
	case bool:
		return vm.Bool(x), nil
	case int:
		return vm.Int(int64(x)), nil
	case int64:
		return vm.Int(x), nil
	case int32:
		return vm.Int(int64(x)), nil
	case float64:
		return vm.Float(x), nil
	case string:
		return vm.Str(x), nil
	case []byte:
		return vm.NewBytes(append([]byte(nil), x...)), nil
	case []any:
		items := make([]vm.Value, len(x))
		for i, e := range x {
			v, err := ToValue(e)
			if err != nil {
				return vm.Value{}, err
			}
			items[i] = v
		}
		return vm.NewList(items), nil
	case map[string]any:
		d := vm.NewDict()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, err := ToValue(x[k])
			if err != nil {
				return vm.Value{}, err
			}
			d.SetStr(k, v)
		}
		return vm.ObjectValue(d), nil
	}
	return vm.Value{}, fmt.Errorf("pyasync: cannot convert %T to a script value", x)
}
