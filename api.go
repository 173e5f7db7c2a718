// Package pyasync embeds the pyasync language in Go programs.
//
// pyasync runs a large subset of Python 3.11 — including async def, await and
// asyncio — on a bytecode VM written in Go. An Interpreter owns one VM and is
// used by one goroutine at a time (a second goroutine gets ErrBusy; Submit is
// the way in from outside). A Program is compiled once and may run in many
// interpreters at once.
//
//	it := pyasync.New(pyasync.Options{Limits: pyasync.Limits{MaxDuration: time.Second}})
//	it.Set("name", "world")
//	if err := it.Exec(ctx, "print('hello', name)", "<embedded>"); err != nil {
//		fmt.Fprint(os.Stderr, pyasync.FormatError(err))
//	}
//
// Scripts reach outside the interpreter only with the capabilities of
// Options.Allow (none by default), and every run ends, with an error the
// script cannot catch, when its context is cancelled or a limit is reached.
//
// The command-line tool in cmd/pyasync is built only on this API.
package pyasync

import (
	"context"
	"errors"
	"fmt"
	"github.com/pyasync/pyasync/ast"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/internal/codecache"
	"github.com/pyasync/pyasync/parser"
	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// Version is the pyasync release.
const Version = vm.Version

// Capability is a set of permissions for the scripts of an Interpreter.
// The zero value allows nothing.
type Capability = vm.Capability

// The capabilities (combine them with |).
const (
	// AllowFS: open files on the OS, os file functions, imports outside
	// Options.Path and Options.FS.
	AllowFS = vm.AllowFS
	// AllowNet: sockets, streams, servers, DNS, HTTP.
	AllowNet = vm.AllowNet
	// AllowProcess: subprocesses and signals to other processes.
	AllowProcess = vm.AllowProcess
	// AllowEnv: reading and changing environment variables.
	AllowEnv = vm.AllowEnv
	// AllowAll is every capability (what the CLI gives by default).
	AllowAll = vm.AllowAll
)

// Limits bound a run. Zero means no limit (for MaxRecursion: Python's
// default of 1000).
type Limits struct {
	// MaxSteps bounds the eval breaker's ticks of a run: loop iterations,
	// calls, and items processed by builtins.
	MaxSteps int64
	// MaxMemory bounds the heap a run may add, in bytes.
	MaxMemory int64
	// MaxDuration bounds the wall-clock time of a run.
	MaxDuration time.Duration
	// MaxRecursion is the recursion limit (script frames and native
	// recursion such as repr or comparison of nested data).
	MaxRecursion int
}

// Options configure an Interpreter. Zero values mean the process's standard
// streams, no arguments, no module path, no capability and no limit.
type Options struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Args is sys.argv (Args[0] is the script name).
	Args []string
	// Path lists the directories searched for .pya modules (in FS when it
	// is set, else on the OS; imports from them need no AllowFS).
	Path []string
	// FS, when set, is where imports, RunFile and open() read files.
	FS fs.FS
	// Stdlib are the standard library modules this interpreter can
	// import: nil means all of Stdlib(); give a filtered Stdlib() to leave
	// modules out (an empty, non-nil list leaves out every one).
	Stdlib []*Module
	// Modules are native modules importable by this interpreter only; one
	// named like a standard library module replaces it.
	Modules []*Module
	// Allow is what scripts may do outside the interpreter.
	Allow Capability
	// Limits bound every run (Run, RunFile, Exec, Eval, Call).
	Limits Limits
	// VirtualTime runs event loops on a virtual clock: whenever every task
	// waits on timers only (no I/O or other operation in flight), the
	// loop's time jumps to the next deadline instead of sleeping, so code
	// full of sleeps and timeouts runs at once, in the same order as in
	// real time (Trio's MockClock with autojump). time.time() and
	// time.sleep() keep the real clock.
	VirtualTime bool
	// CodeCache is a directory where RunFile keeps the compiled code of
	// the scripts it runs and of the .pya modules they import (one entry
	// per source path, checked against the source's bytes and the pyasync
	// build), so a program run again unchanged is neither parsed nor
	// compiled. Empty: no cache. It is
	// used only when Allow has AllowFS and FS is nil; the cache never
	// makes a run fail (an unwritable directory only means no caching).
	CodeCache string
	// CodeCacheReadOnly uses the entries of CodeCache but writes none
	// (as python -B or PYTHONDONTWRITEBYTECODE).
	CodeCacheReadOnly bool
	// AsyncDebug runs every event loop in asyncio's debug mode (as
	// PYTHONASYNCIODEBUG=1 or -X dev): slow callbacks are logged with the
	// line that held the loop, never-awaited coroutines with the stack
	// that created them. PYTHONASYNCIODEBUG turns it on too when Allow
	// has AllowEnv.
	AsyncDebug bool
	// DevMode is Python's development mode (python3 -X dev): AsyncDebug,
	// sys.flags.dev_mode, and every warning shown once per location (the
	// filter sys.warnoptions ['default'] makes), deprecations included.
	DevMode bool
}

// Interpreter runs pyasync code. Definitions and globals persist from one
// run to the next.
type Interpreter struct {
	vm   *vm.VM
	opts Options
	busy atomic.Bool
	// lent counts Submit functions running: the interpreter's methods may
	// be used from them.
	lent atomic.Int32
	// goErrs maps exceptions made from Go errors back to the errors.
	goErrs map[*vm.Exception]error
	// wrapper is the coroutine wrapper of Async calls made outside the
	// event loop (async.go).
	wrapper vm.Value
	// ctx is the context of the current run (passed to Go functions that
	// take one).
	ctx context.Context
	// cache keeps compiled scripts (Options.CodeCache), or is nil.
	cache *codecache.Cache
}

// New creates an interpreter with the standard library available. It
// reads nothing from the process environment unless opts.Allow has
// AllowEnv.
func New(opts Options) *Interpreter {
	caps := opts.Allow
	path := append([]string(nil), opts.Path...)
	if opts.FS != nil && len(path) == 0 {
		path = []string{"."}
	}
	var mods *vm.ModuleTable
	if opts.Stdlib == nil {
		mods = stdlib.Table()
	}
	v := vm.New(vm.Options{Stdin: opts.Stdin, Stdout: opts.Stdout, Stderr: opts.Stderr, Argv: opts.Args, Path: path, Caps: &caps, Modules: mods})
	if opts.Limits.MaxRecursion > 0 {
		v.SetRecursionLimit(opts.Limits.MaxRecursion)
	}
	if opts.FS != nil {
		v.SetFS(opts.FS)
	}
	if opts.VirtualTime {
		v.SetVirtualTime(true)
	}
	for _, dir := range path {
		v.TrustDir(dir)
	}
	if opts.AsyncDebug || caps&AllowEnv != 0 && os.Getenv("PYTHONASYNCIODEBUG") != "" {
		v.SetAsyncDebug(true)
	}
	if opts.DevMode {
		v.SetDevMode(true)
	}
	it := &Interpreter{vm: v, opts: opts, goErrs: map[*vm.Exception]error{}, ctx: context.Background()}
	if opts.CodeCache != "" && caps&AllowFS != 0 && opts.FS == nil {
		it.cache = codecache.New(opts.CodeCache, !opts.CodeCacheReadOnly)
		v.SetCodeCache(it.cache)
	} else {
		// without a cache the first program will be parsed: build the
		// grammar on another core meanwhile
		parser.Prepare()
	}
	for _, m := range opts.Stdlib {
		it.addModule(m)
	}
	for _, m := range opts.Modules {
		it.addModule(m)
	}
	return it
}

// VM exposes the underlying virtual machine for advanced embedding. Using
// it bypasses the guard against concurrent use.
func (it *Interpreter) VM() *vm.VM { return it.vm }

// Program is compiled code: immutable, it may run in any number of
// interpreters at once, on parallel goroutines.
type Program struct {
	filename string
	src      []byte
	code     *compiler.Code
	// warnings are the compile-time warnings (SyntaxWarning), printed on
	// the interpreter's stderr when the program runs, as CPython prints
	// them before running a script.
	warnings []compileWarning
	// noSource: tracebacks show no source lines (WithoutSource).
	noSource bool
}

// WithoutSource returns the program marked to run with no source lines in
// its tracebacks, as CPython runs `-c` and standard-input programs (it
// has no file to read them from).
func (p *Program) WithoutSource() *Program {
	q := *p
	q.noSource = true
	return &q
}

type compileWarning struct {
	category, msg string
	line          int
}

// Compile parses and compiles a program; errors are *ast.SyntaxError
// (format them with FormatError).
func Compile(filename string, src []byte) (*Program, error) {
	return compile(filename, src, false)
}

func compile(filename string, src []byte, interactive bool) (*Program, error) {
	mod, err := parser.Parse(filename, src)
	if err != nil {
		return nil, err
	}
	var warns []compileWarning
	warn := func(category, msg string, line int) { warns = append(warns, compileWarning{category, msg, line}) }
	c, err := compiler.Compile(mod, compiler.Options{Filename: filename, Source: src, Interactive: interactive, Warn: warn})
	if err != nil {
		return nil, err
	}
	return &Program{filename: filename, src: append([]byte(nil), src...), code: c, warnings: warns}, nil
}

// printWarnings prints the program's compile-time warnings on v's stderr.
func (p *Program) printWarnings(v *vm.VM) {
	if len(p.warnings) == 0 {
		return
	}
	w := v.CompileWarner(p.filename, string(p.src))
	for _, x := range p.warnings {
		w(x.category, x.msg, x.line)
	}
}

// Filename is the name the program was compiled under.
func (p *Program) Filename() string { return p.filename }

// acquire claims the interpreter for the calling goroutine.
func (it *Interpreter) acquire() (release func(), err error) {
	if it.busy.CompareAndSwap(false, true) {
		return it.release, nil
	}
	if it.lent.Load() > 0 {
		return func() {}, nil // inside a Submit function
	}
	return nil, ErrBusy
}

// release gives the interpreter back, first running what was submitted
// meanwhile.
func (it *Interpreter) release() {
	for {
		it.runSubmitted()
		it.busy.Store(false)
		if !it.vm.HasPosted() || !it.busy.CompareAndSwap(false, true) {
			return
		}
	}
}

func (it *Interpreter) runSubmitted() {
	if !it.vm.HasPosted() {
		return
	}
	it.lent.Add(1)
	defer it.lent.Add(-1)
	it.vm.RunPosted()
}

// Submit schedules fn to run on the interpreter's goroutine: at the next
// iteration of its event loop while a script runs, otherwise right away
// (on the calling goroutine, which then holds the interpreter). It is safe
// to call from any goroutine, and fn may use the interpreter's methods.
func (it *Interpreter) Submit(fn func()) {
	wrapped := func() {
		it.lent.Add(1)
		defer it.lent.Add(-1)
		fn()
	}
	if it.busy.CompareAndSwap(false, true) {
		wrapped()
		it.release()
		return
	}
	it.vm.Post(wrapped)
}

// guard runs fn under the context and the limits of the interpreter.
func (it *Interpreter) guard(ctx context.Context, fn func() error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	v := it.vm
	lim := it.opts.Limits
	gen := v.Arm(lim.MaxSteps)
	v.ArmMemory(gen, lim.MaxMemory)
	stop := func() bool { return true }
	if ctx.Done() != nil {
		stop = context.AfterFunc(ctx, func() { v.Abort(gen, ctx.Err()) })
	}
	var timer *time.Timer
	if lim.MaxDuration > 0 {
		timer = time.AfterFunc(lim.MaxDuration, func() {
			v.Abort(gen, &LimitError{Limit: "MaxDuration", Value: int64(lim.MaxDuration)})
		})
	}
	prev := it.ctx
	it.ctx = ctx
	err := fn()
	it.ctx = prev
	stop()
	if timer != nil {
		timer.Stop()
	}
	if reason := v.Disarm(); reason != nil {
		clear(it.goErrs)
		return reason
	}
	err = it.finish(err)
	clear(it.goErrs)
	return err
}

// mainModule returns __main__, creating it on first use.
func (it *Interpreter) mainModule() *vm.Module {
	if v, ok := it.vm.Modules.GetStr("__main__"); ok {
		if m, ok := v.Object().(*vm.Module); ok {
			return m
		}
	}
	return it.vm.NewMainModule("<embedded>")
}

// Run runs a compiled program in the __main__ module (keeping the globals
// set before and the definitions of earlier runs).
func (it *Interpreter) Run(ctx context.Context, p *Program) error {
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	return it.run(ctx, p)
}

func (it *Interpreter) run(ctx context.Context, p *Program) error {
	m := it.mainModule()
	m.Dict.SetStr("__file__", vm.Str(p.filename))
	if p.noSource {
		it.vm.SetSource(p.filename, nil)
	} else {
		it.vm.SetSource(p.filename, p.src)
	}
	p.printWarnings(it.vm)
	code := vm.LoadCode(p.code)
	return it.guard(ctx, func() error {
		_, err := it.vm.ExecModule(it.vm.Main(), code, m)
		it.vm.WarnUnawaitedCoroutines()
		it.vm.RunExitHooks()
		return err
	})
}

// RunFile runs a script file (from Options.FS when set) as the __main__
// program. Its directory is searched first for imports.
func (it *Interpreter) RunFile(ctx context.Context, path string) error {
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	var src []byte
	if it.opts.FS != nil {
		src, err = fs.ReadFile(it.opts.FS, vm.FSPath(path))
	} else {
		src, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	return it.runFileSource(ctx, path, src, nil)
}

// runFileSource is RunFile once the source is read: code, when not nil, is
// the source's code found in the interpreter's cache beforehand.
func (it *Interpreter) runFileSource(ctx context.Context, path string, src []byte, code *compiler.Code) error {
	dir := filepath.Dir(path)
	it.vm.TrustDir(dir)
	l := it.vm.SysPath()
	l.SetItems(append([]vm.Value{vm.Str(dir)}, l.Items()...))
	p := &Program{filename: path, src: src, code: code}
	if code == nil {
		var err error
		if p, err = it.compileFile(path, src); err != nil {
			// the warnings found before a syntax error come first, as
			// CPython prints them while it compiles
			var se *ast.SyntaxError
			if errors.As(err, &se) && len(se.Warnings) > 0 {
				w := it.vm.CompileWarner(path, string(src))
				for _, x := range se.Warnings {
					w(x.Kind(), x.Msg, x.Line)
				}
			}
			return err
		}
	}
	return it.run(ctx, p)
}

// compileFile compiles a script file's source, through the interpreter's
// code cache when it has one. Programs with compile-time warnings are not
// stored: CPython prints those warnings at every run of a script.
func (it *Interpreter) compileFile(path string, src []byte) (*Program, error) {
	if it.cache == nil {
		p, err := Compile(path, src)
		return p, parser.FileMode(err, src)
	}
	if c := it.cache.Load(path, src); c != nil {
		return &Program{filename: path, src: src, code: c}, nil
	}
	p, err := Compile(path, src)
	err = parser.FileMode(err, src)
	if err == nil && len(p.warnings) == 0 {
		it.cache.Store(path, src, p.code)
	}
	return p, err
}

// RunModule runs a module found on the module path as the __main__
// program (python -m).
func (it *Interpreter) RunModule(ctx context.Context, name string) error {
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	rel := filepath.Join(strings.Split(name, ".")...)
	for _, x := range it.vm.SysPath().Items() {
		dir, _ := x.AsStr()
		if dir == "" {
			dir = "."
		}
		for _, cand := range []string{filepath.Join(dir, rel+".pya"), filepath.Join(dir, rel, "__main__.pya")} {
			var src []byte
			if it.opts.FS != nil {
				src, err = fs.ReadFile(it.opts.FS, vm.FSPath(cand))
			} else {
				src, err = os.ReadFile(cand)
			}
			if err == nil {
				p, err := Compile(cand, src)
				if err != nil {
					return parser.FileMode(err, src)
				}
				return it.run(ctx, p)
			}
		}
	}
	return fmt.Errorf("No module named %s", name)
}

// Exec runs statements in the __main__ module, keeping earlier
// definitions (like successive cells of a notebook).
func (it *Interpreter) Exec(ctx context.Context, src, filename string) error {
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	p, err := Compile(filename, []byte(src))
	if err != nil {
		return err
	}
	m := it.mainModule()
	it.vm.SetSource(filename, p.src)
	p.printWarnings(it.vm)
	code := vm.LoadCode(p.code)
	return it.guard(ctx, func() error {
		_, err := it.vm.ExecModule(it.vm.Main(), code, m)
		return err
	})
}

// evalName holds the value of the expression Eval evaluates.
const evalName = "__pyasync_eval__"

// Eval evaluates one expression in the __main__ namespace. Only an
// expression is accepted: no statement can be smuggled in.
func (it *Interpreter) Eval(ctx context.Context, expr string) (Value, error) {
	release, err := it.acquire()
	if err != nil {
		return Value{}, err
	}
	defer release()
	if _, err := parser.ParseExpr("<eval>", []byte(expr)); err != nil {
		return Value{}, err
	}
	p, err := Compile("<eval>", []byte(evalName+" = (\n"+expr+"\n)\n"))
	if err != nil {
		return Value{}, err
	}
	m := it.mainModule()
	code := vm.LoadCode(p.code)
	err = it.guard(ctx, func() error {
		_, err := it.vm.ExecModule(it.vm.Main(), code, m)
		return err
	})
	v, _ := m.Get(evalName)
	m.Dict.DelStr(evalName)
	if err != nil {
		return Value{}, err
	}
	return Value{v: v, it: it}, nil
}

// Call calls the function called name in __main__ with Go arguments
// (converted as Set converts), and returns its result. An async def
// function's coroutine runs on the interpreter's event loop until it
// completes.
func (it *Interpreter) Call(ctx context.Context, name string, args ...any) (Value, error) {
	release, err := it.acquire()
	if err != nil {
		return Value{}, err
	}
	defer release()
	fn, ok := it.mainModule().Get(name)
	if !ok {
		return Value{}, fmt.Errorf("pyasync: no function %q in __main__", name)
	}
	return it.call(ctx, fn, args)
}

func (it *Interpreter) call(ctx context.Context, fn vm.Value, args []any) (Value, error) {
	vals := make([]vm.Value, len(args))
	for i, a := range args {
		v, err := it.toValue(a, "")
		if err != nil {
			return Value{}, err
		}
		vals[i] = v
	}
	var r vm.Value
	err := it.guard(ctx, func() error {
		t := it.vm.Main()
		var err error
		r, err = t.Call(fn, vals, nil)
		if err != nil {
			return err
		}
		if g, ok := r.Object().(*vm.Generator); ok && g.IsCoroutine() {
			l := it.vm.Loop()
			if l.Running() {
				return vm.Errorf(vm.RuntimeError, "pyasync: Call of a coroutine function while the event loop runs")
			}
			r, err = runCoroutine(t, it.vm, r)
			if vm.IsAbort(err) {
				l.Close() // cancels the Go operations still running
			}
		}
		return err
	})
	if err != nil {
		return Value{}, err
	}
	return Value{v: r, it: it}, nil
}

// Set binds a global of __main__ to a Go value (see the package
// documentation of conversions in convert.go: scalars, strings, bytes,
// slices, maps, structs, pointers to structs as live objects, functions).
func (it *Interpreter) Set(name string, x any) error {
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	v, err := it.toValue(x, name)
	if err != nil {
		return err
	}
	it.mainModule().Dict.SetStr(name, v)
	return nil
}

// Get returns a global of __main__.
func (it *Interpreter) Get(name string) (Value, error) {
	release, err := it.acquire()
	if err != nil {
		return Value{}, err
	}
	defer release()
	v, ok := it.mainModule().Get(name)
	if !ok {
		return Value{}, fmt.Errorf("pyasync: name %q is not defined in __main__", name)
	}
	return Value{v: v, it: it}, nil
}

// Disassemble compiles src and writes its bytecode listing to w.
func Disassemble(src []byte, filename string, w io.Writer) error {
	p, err := Compile(filename, src)
	if err != nil {
		return err
	}
	vm.LoadCode(p.code).Disassemble(w)
	return nil
}
