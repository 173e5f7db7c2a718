package vm

import (
	"bufio"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

// Version is the pyasync version.
const Version = "0.1.0"

// PythonVersion is the version of Python whose semantics pyasync follows.
const PythonVersion = "3.11.7"

// ModuleInit fills in a native module when it is first imported by a VM.
type ModuleInit func(vm *VM, m *Module) error

// Options configure a VM.
type Options struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Argv is sys.argv.
	Argv []string
	// Path lists the directories searched for .pya modules (sys.path).
	Path []string
	// Caps is what scripts may do; nil means AllowAll (see Capability).
	Caps *Capability
	// Modules are the native modules this VM can import (the standard
	// library's, stdlib.Table, and the embedder's); no other native module
	// is importable. The VM does not change the table (see AddModule).
	Modules *ModuleTable
}

// VM is one interpreter: its modules, builtins and main thread. A VM and
// everything it owns is used by one goroutine at a time.
type VM struct {
	Builtins *Dict
	// Modules is sys.modules.
	Modules *Dict

	Stdin  *bufio.Reader
	Stdout io.Writer
	Stderr io.Writer
	Argv   []string
	Path   []string

	main *Thread
	// throwRaw holds the arguments of the generator.throw() call in
	// progress, passed on as given to a delegate iterator's throw method.
	throwRaw []Value
	// spareArenas are register arenas of suspended or finished tasks that
	// had no plain frame left (Thread.parkArena), for the next plain call
	spareArenas []*arena
	// frameObjs keeps the frame objects made for running frames
	// (sys._getframe), so that asking twice gives the same object.
	frameObjs      map[*Frame]*FrameObject
	recursionLimit int
	// intMaxStrDigits is sys.get_int_max_str_digits(): the most decimal
	// digits an int may have when converted to or from a str (0: no limit).
	intMaxStrDigits int
	reprDepth       int
	// cDepth counts the levels CPython's C code charges against the
	// recursion limit besides Python frames (recursion_charge.go); it is
	// the VM's, as reprDepth, though frames are counted per thread.
	cDepth  int
	sources map[string][]string
	// codeCache keeps compiled imports between runs (SetCodeCache), or is nil.
	codeCache CodeCache
	// interruptHook runs pending signal handlers (see SetInterruptHandler).
	interruptHook func(t *Thread) error
	// waitDescriber and signalWaiter serve the deadlock report
	// (deadlock.go).
	waitDescriber func(t *Thread, self Value, deadlocked bool) (string, bool)
	// awaitedByHook finds the awaiters of a future for the call graph
	// (callgraph.go)
	awaitedByHook func(t *Thread, f *Future) []*Future
	signalWaiter  func() bool
	// virtualTime makes new loops run on a virtual clock (SetVirtualTime).
	virtualTime bool
	// noPoller keeps loops off their own poller (SetNoPoller).
	noPoller bool
	// awaitCall: the builtin method being called is awaited at once
	// (Thread.AwaitedAtOnce)
	awaitCall bool
	// curCtx is the contextvars context of the goroutine holding the GIL
	// (nil: none yet); copyContext, set by the contextvars module, gives
	// each new task a copy of it.
	curCtx      Object
	copyContext func(c Object) Object
	// brk is the eval breaker (breaker.go: interrupts, aborts, limits),
	// mem the memory accounting (limits.go).
	brk breaker
	// trace holds sys.settrace/setprofile state (trace.go).
	trace traceState
	// fin is the __del__ machinery (finalize.go).
	fin finState
	// origImport is the builtin __import__: an import statement calls
	// builtins.__import__ only when a program replaced it.
	origImport Value
	// lenFn is the builtin len, which CALL computes in place for exact
	// lists, tuples, dicts and strs (interp.go)
	lenFn Object
	// isinstanceFn is the builtin isinstance, which CALL answers in place
	// for a class whose metaclass is type (interp.go)
	isinstanceFn Object
	mem          memState
	embedState
	// Hooks the asyncio implementation installs.
	coroutines []coroOrigin // coroutines perhaps never awaited (unawaited.go)
	// ExitHooks run when the main program ends (e.g. warnings for coroutines
	// never awaited).
	exitHooks []func()
	// collectHooks run after Collect (gc.collect); see collect.go.
	collectHooks []func(t *Thread) error
	loop         *Loop
	gil          sync.Mutex
	gilShared    bool
	// gilWaiters counts helper goroutines waiting for the GIL.
	gilWaiters atomic.Int32
	// fatal is an exception (SystemExit, KeyboardInterrupt) raised inside a
	// loop callback that must stop the loop.
	fatal   *Exception
	taskIDs int
	// taskSites interns the lines that create tasks (tasktree.go)
	taskSites taskSites
	// debugPanics re-raises internal Go panics (PYASYNC_DEBUG=panic).
	debugPanics bool
	// asyncDebug: new loops start in asyncio debug mode; coroDebug:
	// coroutines record their creation stack (debug.go).
	asyncDebug, coroDebug bool
	// devMode is Python's development mode (-X dev): see SetDevMode.
	devMode bool
	// coroStacks holds the creation stacks of coroutines (debug mode).
	coroStacks map[*Generator][]TraceEntry
	// WrapAwaitable turns a native awaitable into a coroutine when a task is
	// made from it (set by the asyncio module).
	WrapAwaitable func(t *Thread, aw Value) (Value, error)
	// WrapCoroutine turns a coroutine that is not a native one (a
	// generator, or an instance of collections.abc.Coroutine) into a native
	// coroutine driving it with send/throw, when a task is made from it; it
	// reports false for an object that is no coroutine (set by asyncio).
	WrapCoroutine func(t *Thread, c Value) (Value, bool, error)
	// typeCache is the type attribute cache (see lookupCached).
	typeCache *[typeCacheSize]typeCacheEntry
	// State lets native modules keep per-VM state keyed by their own names.
	State map[string]any

	// reprActive lists the containers whose repr is in progress (for
	// [...]), and cmpDepth counts nested container comparisons.
	reprActive []Object
	cmpDepth   int
	// caps is what the scripts may do (Require checks it).
	caps Capability
}

// New makes a VM.
func New(opts Options) *VM {
	vm := &VM{
		Builtins:        NewDictSize(builtinsSize()),
		Modules:         NewDict(),
		recursionLimit:  1000,
		intMaxStrDigits: intDefaultMaxStrDigits,
		sources:         map[string][]string{},
		State:           map[string]any{},
	}
	vm.Stdout = opts.Stdout
	if vm.Stdout == nil {
		vm.Stdout = os.Stdout
	}
	vm.Stderr = opts.Stderr
	if vm.Stderr == nil {
		vm.Stderr = os.Stderr
	}
	in := opts.Stdin
	if in == nil {
		in = os.Stdin
	}
	vm.Stdin = bufio.NewReader(newStdinReader(vm, in))
	vm.Argv = opts.Argv
	if vm.Argv == nil {
		vm.Argv = []string{""}
	}
	vm.Path = opts.Path
	vm.modules = opts.Modules
	vm.caps = AllowAll
	if opts.Caps != nil {
		vm.caps = *opts.Caps
	}
	// the environment is read only when the scripts may read it
	vm.debugPanics = vm.caps&AllowEnv != 0 && os.Getenv("PYASYNC_DEBUG") == "panic"
	vm.brk.init()
	vm.mem.init()
	vm.main = vm.NewThread()
	vm.typeCache = new([typeCacheSize]typeCacheEntry)
	vm.gil.Lock()
	vm.initBuiltins()
	return vm
}

// Main returns the VM's main thread.
func (vm *VM) Main() *Thread { return vm.main }

// RecursionLimit returns the maximum depth of frames.
func (vm *VM) RecursionLimit() int { return vm.recursionLimit }

// SetRecursionLimit changes the maximum depth of frames.
func (vm *VM) SetRecursionLimit(n int) { vm.recursionLimit = n }

// IntMaxStrDigits is sys.get_int_max_str_digits(): the most decimal digits
// an int may have in a conversion to or from str, 0 for no limit.
func (vm *VM) IntMaxStrDigits() int { return vm.intMaxStrDigits }

// SetIntMaxStrDigits is sys.set_int_max_str_digits(n): n is 0 (no limit)
// or at least 640, CPython's threshold; other values are a ValueError.
func (vm *VM) SetIntMaxStrDigits(n int64) error {
	if n != 0 && n < intStrDigitsCheckThreshold {
		return Errorf(ValueError, "maxdigits must be 0 or larger than %d", intStrDigitsCheckThreshold)
	}
	if n > math.MaxInt32 {
		n = math.MaxInt32
	}
	vm.intMaxStrDigits = int(n)
	return nil
}

// AtExit registers fn to run when the main program finishes.
func (vm *VM) AtExit(fn func()) { vm.exitHooks = append(vm.exitHooks, fn) }

// RunExitHooks runs and clears the exit hooks.
func (vm *VM) RunExitHooks() {
	hooks := vm.exitHooks
	vm.exitHooks = nil
	for i := len(hooks) - 1; i >= 0; i-- {
		hooks[i]()
	}
	vm.runExitFinalizers(vm.main)
}

// trackCoroutine records coroutine g, made while frame cf ran (nil: none),
// for the never-awaited warning.
func (vm *VM) trackCoroutine(g *Generator, cf *Frame) {
	c := coroOrigin{g: g}
	if cf != nil {
		c.code, c.pc = cf.code, cf.pc
	}
	vm.coroutines = append(vm.coroutines, c)
	if len(vm.coroutines) >= 1024 && len(vm.coroutines)&(len(vm.coroutines)-1) == 0 {
		keep := vm.coroutines[:0]
		for _, c := range vm.coroutines {
			if !c.g.awaited {
				keep = append(keep, c)
			} else if vm.coroStacks != nil {
				delete(vm.coroStacks, c.g)
			}
		}
		clear(vm.coroutines[len(keep):])
		vm.coroutines = keep
	}
}

// unawaitedCoroutines returns (and forgets) the coroutines created but
// never awaited or scheduled.
func (vm *VM) unawaitedCoroutines() []coroOrigin {
	var out []coroOrigin
	for _, c := range vm.coroutines {
		if !c.g.awaited && !c.g.started {
			out = append(out, c)
		}
	}
	vm.coroutines = nil
	return out
}

// Compile parses and compiles source code. The error is an *ast.SyntaxError.
func (vm *VM) Compile(src []byte, filename string, interactive bool) (*Code, error) {
	text, err := parser.DecodeSource(filename, src)
	if err != nil {
		return nil, err
	}
	return vm.compileText(text, filename, interactive)
}

// compileText is Compile of decoded text.
func (vm *VM) compileText(text, filename string, interactive bool) (*Code, error) {
	mod, err := parser.ParseSource(filename, text)
	if err != nil {
		return nil, err
	}
	c, err := compiler.Compile(mod, compiler.Options{Filename: filename, Source: []byte(text), Interactive: interactive, Warn: vm.compileWarning(filename, text)})
	if err != nil {
		return nil, err
	}
	lines := strings.Split(text, "\n")
	vm.sources[filename] = lines
	code := LoadCode(c)
	if interactive {
		// every prompt input is "<stdin>": its codes keep their own lines,
		// so a function defined earlier shows its source, not the latest input's
		code.setLines(lines)
	}
	return code, nil
}

// LoadCompiled makes an executable Code of c, compiled earlier from text
// under filename (a precompiled embedded module), and records text's lines
// for tracebacks as Compile does. The codes keep their own lines, since
// several library sources may share one file name ("<asyncio>").
func (vm *VM) LoadCompiled(c *compiler.Code, filename string, text string) *Code {
	lines := strings.Split(text, "\n")
	vm.sources[filename] = lines
	code := LoadCode(c)
	code.setLines(lines)
	return code
}

// CompileLibrary is Compile for an embedded library module: its codes keep
// their own lines for tracebacks, like LoadCompiled's.
func (vm *VM) CompileLibrary(src []byte, filename string) (*Code, error) {
	code, err := vm.Compile(src, filename, false)
	if err != nil {
		return nil, err
	}
	code.setLines(vm.sources[filename])
	return code, nil
}

// entrySourceLine returns the source line of a traceback entry: from the
// entry's code when it keeps its own lines (prompt inputs), else by file.
func (vm *VM) entrySourceLine(e TraceEntry) string {
	if e.code != nil && e.code.lines != nil {
		if e.Line < 1 || e.Line > len(e.code.lines) {
			return ""
		}
		return e.code.lines[e.Line-1]
	}
	return vm.SourceLine(e.Filename, e.Line)
}

// SourceLine returns line n (1-based) of a compiled file, or "".
func (vm *VM) SourceLine(filename string, n int) string {
	lines, ok := vm.sources[filename]
	if !ok {
		data, err := os.ReadFile(filename)
		if err != nil {
			vm.sources[filename] = nil
			return ""
		}
		lines = strings.Split(string(data), "\n")
		vm.sources[filename] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// ExecModule runs code as the body of module m (its globals are m.Dict).
func (vm *VM) ExecModule(t *Thread, code *Code, m *Module) (Value, error) {
	if _, ok := m.Dict.GetStr("__builtins__"); !ok {
		m.Dict.SetStr("__builtins__", Value{o: vm.builtinsModule()})
	}
	vm.registerCode(code)
	f := t.newFrame(code)
	f.globals = m.Dict
	f.fn = nil
	if code.Flags&compiler.FlagTopLevelAwait != 0 && code.Flags&compiler.FlagCoroutine != 0 {
		// REPL input with top-level await: a coroutine the caller runs
		t.dropFrame(f)
		gr := &genRecord{}
		g, gf := &gr.g, &gr.f
		gf.code, gf.regs, gf.sp, gf.globals, gf.flags = code, make([]Value, code.frameSize), code.nregs, m.Dict, flagGen
		g.frame, g.kind = gf, genCoroutine
		return Value{o: g}, nil
	}
	return t.runEntry(f)
}

// NewMainModule makes the __main__ module for a script path.
func (vm *VM) NewMainModule(filename string) *Module {
	m := NewModule("__main__")
	m.Dict.SetStr("__file__", Str(filename))
	m.Dict.SetStr("__package__", None)
	m.Dict.SetStr("__spec__", None) // as for a script run by path
	m.Dict.SetStr("__builtins__", Value{o: vm.builtinsModule()})
	vm.Modules.SetStr("__main__", Value{o: m})
	return m
}

// RunMain compiles and runs src as the __main__ module.
func (vm *VM) RunMain(src []byte, filename string) error {
	code, err := vm.Compile(src, filename, false)
	if err != nil {
		return err
	}
	m := vm.NewMainModule(filename)
	_, err = vm.ExecModule(vm.main, code, m)
	vm.WarnUnawaitedCoroutines()
	return err
}

// WarnUnawaitedCoroutines prints CPython's RuntimeWarning for every
// coroutine that was created but never awaited or scheduled.
func (vm *VM) WarnUnawaitedCoroutines() {
	for _, c := range vm.unawaitedCoroutines() {
		vm.warnUnawaited(c)
	}
}

// SyntaxErrorException converts a compile error into a SyntaxError
// exception value.
func SyntaxErrorException(se *ast.SyntaxError) *Exception {
	cls := SyntaxErrorType
	switch se.Kind {
	case "IndentationError":
		cls = IndentationError
	case "TabError":
		cls = TabError
	}
	line, col, text := Int(int64(se.Pos.Line)), Int(int64(se.Pos.Col)), Str(syntaxErrorText(se))
	if se.Compiler && se.Text == "" {
		text = None // compileError: CPython found no file to read the line from
	}
	if se.Whole {
		// an error about the whole file (its encoding) has no location
		line, col, text = Int(0), Int(-1), None
	}
	details := []Value{Str(se.Filename), line, col, text}
	if se.End.Line > 0 && !se.Whole {
		endCol := Int(int64(se.End.Col))
		if se.End.Col == ast.NoCol {
			endCol = None
		}
		details = append(details, Int(int64(se.End.Line)), endCol)
	}
	var e *Exception
	if se.MsgOnlyArgs {
		e = NewException(cls, Str(se.Msg))
	} else {
		e = NewException(cls, Str(se.Msg), NewTuple(details))
	}
	for i, v := range details {
		e.setSyntaxAttr(syntaxAttrNames[i], v)
	}
	e.setMore().syntax = se
	return e
}

// syntaxErrorText is a compile error's text attribute as CPython gives it:
// the line with its newline (none for errors found at the end of the
// input: an unclosed bracket or string), undecodable bytes replaced by
// U+FFFD.
func syntaxErrorText(se *ast.SyntaxError) string {
	s := se.Text
	if !utf8.ValidString(s) {
		var b strings.Builder
		for len(s) > 0 {
			r, n := utf8.DecodeRuneInString(s)
			b.WriteRune(r) // RuneError for an invalid byte
			s = s[n:]
		}
		s = b.String()
	}
	if s == "" || se.RawText || strings.HasSuffix(s, "\n") || strings.HasSuffix(se.Msg, "was never closed") || strings.HasPrefix(se.Msg, "unterminated") {
		return s
	}
	return s + "\n"
}

// RegisterBuiltin adds a function to the builtins of every VM created
// afterwards (the standard library adds open() this way).
func RegisterBuiltin(name string, fn BuiltinFunc) {
	builtinFuncs[name] = fn
}
