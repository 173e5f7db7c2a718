package stdlib

import (
	_ "embed"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The signal module and the delivery of signals to a VM.
//
// Signals are caught by Go's os/signal on one process-wide goroutine (the
// router). A signal that has a Python-level handler (or an event loop
// handler) is recorded as pending in the state of the VM that installed
// it, and the VM is interrupted (vm.Interrupt): at its next backward jump,
// loop iteration or interruptible wait (time.sleep, a process wait) the
// VM's goroutine runs dispatchSignals, which calls the handlers. A handler
// that raises (default_int_handler raises KeyboardInterrupt) raises where
// the script was. Signals left at SIG_DFL keep the operating system's
// default action (SIGTERM kills the process), SIG_IGN ignores them.

//go:embed signal.pya
var signalPrelude string

func init() { register("signal", initSignal) }

// nsig is signal.NSIG on Linux.
const nsig = 65

var signalNames = []struct {
	n    int
	name string
	desc string
}{
	{1, "SIGHUP", "Hangup"}, {2, "SIGINT", "Interrupt"}, {3, "SIGQUIT", "Quit"}, {4, "SIGILL", "Illegal instruction"},
	{5, "SIGTRAP", "Trace/breakpoint trap"}, {6, "SIGABRT", "Aborted"}, {7, "SIGBUS", "Bus error"},
	{8, "SIGFPE", "Floating point exception"}, {9, "SIGKILL", "Killed"}, {10, "SIGUSR1", "User defined signal 1"},
	{11, "SIGSEGV", "Segmentation fault"}, {12, "SIGUSR2", "User defined signal 2"}, {13, "SIGPIPE", "Broken pipe"},
	{14, "SIGALRM", "Alarm clock"}, {15, "SIGTERM", "Terminated"}, {16, "SIGSTKFLT", "Stack fault"},
	{17, "SIGCHLD", "Child exited"}, {18, "SIGCONT", "Continued"}, {19, "SIGSTOP", "Stopped (signal)"},
	{20, "SIGTSTP", "Stopped"}, {21, "SIGTTIN", "Stopped (tty input)"}, {22, "SIGTTOU", "Stopped (tty output)"},
	{23, "SIGURG", "Urgent I/O condition"}, {24, "SIGXCPU", "CPU time limit exceeded"},
	{25, "SIGXFSZ", "File size limit exceeded"}, {26, "SIGVTALRM", "Virtual timer expired"},
	{27, "SIGPROF", "Profiling timer expired"}, {28, "SIGWINCH", "Window changed"}, {29, "SIGIO", "I/O possible"},
	{30, "SIGPWR", "Power failure"}, {31, "SIGSYS", "Bad system call"}, {34, "SIGRTMIN", "Real-time signal 0"},
	{64, "SIGRTMAX", "Real-time signal 30"},
}

// signalAliases are the second names of some signals.
var signalAliases = [][2]any{{"SIGIOT", 6}, {"SIGCLD", 17}, {"SIGPOLL", 29}}

// sigState is a VM's signal table.
type sigState struct {
	v *vm.VM
	// handlers are the Python-level handlers: Int(0) SIG_DFL, Int(1)
	// SIG_IGN, or a callable.
	handlers [nsig]vm.Value
	pending  [nsig]atomic.Bool
	// loopHandlers are loop.add_signal_handler callbacks (a callable and
	// its arguments), run by the running loop.
	loopHandlers [nsig]*loopSignal
	// delivered counts deliveries; kick is poked on each.
	delivered atomic.Int64
	kick      chan struct{}
	intr      vm.Value // default_int_handler
	// runner is asyncio.run's own SIGINT handler (cancel the main task):
	// it cannot wake a deadlocked loop into progress.
	runner vm.Value
}

type loopSignal struct {
	fn   vm.Value
	args []vm.Value
}

// The router: which VM handles which signal.
var (
	routerMu     sync.Mutex
	routerCh     chan os.Signal
	routerOwners [nsig]*sigState
)

func routeSignals() {
	for s := range routerCh {
		n, ok := s.(syscall.Signal)
		if !ok || int(n) >= nsig {
			continue
		}
		routerMu.Lock()
		st := routerOwners[n]
		routerMu.Unlock()
		if st == nil {
			continue
		}
		st.pending[n].Store(true)
		st.v.Interrupt()
		st.delivered.Add(1)
		select {
		case st.kick <- struct{}{}:
		default:
		}
	}
}

// catch makes the router deliver signal n to st.
func (st *sigState) catch(n int) {
	routerMu.Lock()
	defer routerMu.Unlock()
	if routerCh == nil {
		routerCh = make(chan os.Signal, 32)
		go routeSignals()
	}
	routerOwners[n] = st
	signal.Notify(routerCh, syscall.Signal(n))
}

// release gives signal n back to the default action (ignore: SIG_IGN).
func (st *sigState) release(n int, ignore bool) {
	routerMu.Lock()
	defer routerMu.Unlock()
	if routerOwners[n] == st {
		routerOwners[n] = nil
	}
	if ignore {
		signal.Ignore(syscall.Signal(n))
	} else {
		signal.Reset(syscall.Signal(n))
	}
}

// caught reports whether a delivery of signal n reaches st.
func (st *sigState) caught(n int) bool {
	routerMu.Lock()
	defer routerMu.Unlock()
	return n > 0 && n < nsig && routerOwners[n] == st
}

var defaultIntHandler = vm.NewBuiltin("default_int_handler", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	return vm.Value{}, vm.NewException(vm.KeyboardInterrupt)
})

// signalState returns the VM's signal table, making it (and installing
// the dispatcher) on first use.
func signalState(v *vm.VM) *sigState {
	if st, ok := v.State["signal"].(*sigState); ok {
		return st
	}
	st := &sigState{v: v, kick: make(chan struct{}, 1), intr: defaultIntHandler}
	for i := range st.handlers {
		st.handlers[i] = vm.Int(0)
	}
	v.State["signal"] = st
	v.SetInterruptHandler(st.dispatch)
	v.SetSignalWaiter(st.canWake)
	return st
}

// canWake reports whether a handler is installed that a signal could run
// to wake an idle loop: a loop signal handler, or a Python-level handler
// other than the default SIGINT one and asyncio.run's (which only
// interrupt the program), so the deadlock report waits for signals
// instead.
func (st *sigState) canWake() bool {
	for n := 1; n < nsig; n++ {
		if st.loopHandlers[n] != nil {
			return true
		}
		if h := st.handlers[n]; !h.IsInt() && h.Object() != st.intr.Object() && h.Object() != st.runner.Object() && st.caught(n) {
			return true
		}
	}
	return false
}

// InstallSignalHandlers gives v CPython's start-up signal disposition:
// SIGINT raises KeyboardInterrupt (default_int_handler) in the running
// code, unless the process started with SIGINT ignored (a background job
// of a shell script, nohup): then it stays ignored and getsignal says
// SIG_IGN, as in CPython. The CLI calls it (through the root package);
// embedders decide themselves.
func InstallSignalHandlers(v *vm.VM) {
	st := signalState(v)
	if signal.Ignored(syscall.SIGINT) {
		st.handlers[syscall.SIGINT] = vm.Int(1)
		return
	}
	st.handlers[syscall.SIGINT] = st.intr
	st.catch(int(syscall.SIGINT))
}

// frameType is the type of the frame argument handlers receive.
var frameType = vm.NewNativeType("frame", "builtins", nil, nil)

type frameObj struct{}

func (frameObj) Type() *vm.Type { return frameType }

// dispatch runs the handlers of the pending signals (the VM's interrupt
// handler); the first error stops it and is raised in the script.
func (st *sigState) dispatch(t *vm.Thread) error {
	for n := 1; n < nsig; n++ {
		if !st.pending[n].CompareAndSwap(true, false) {
			continue
		}
		if lh := st.loopHandlers[n]; lh != nil {
			if l := st.v.RunningLoop(); l != nil {
				l.CallSoonScript(lh.fn, lh.args)
			}
			continue
		}
		h := st.handlers[n]
		if h.IsInt() {
			continue
		}
		if _, err := t.Call(h, []vm.Value{vm.Int(int64(n)), vm.ObjectValue(frameObj{})}, nil); err != nil {
			for m := n + 1; m < nsig; m++ {
				if st.pending[m].Load() {
					st.v.Interrupt()
					break
				}
			}
			return err
		}
	}
	return nil
}

// raiseOwnSignal sends a signal to the interpreter's own process with
// send and, when the signal is caught, waits for it to reach the router
// and runs the handlers before returning, as CPython does.
func raiseOwnSignal(t *vm.Thread, n int, send func() error) error {
	st, _ := t.VM().State["signal"].(*sigState)
	if st == nil || !st.caught(n) {
		if err := send(); err != nil {
			return osError(err, vm.Value{})
		}
		return nil
	}
	before := st.delivered.Load()
	if err := send(); err != nil {
		return osError(err, vm.Value{})
	}
	deadline := time.NewTimer(time.Second)
	defer deadline.Stop()
	for st.delivered.Load() == before {
		select {
		case <-st.kick:
		case <-deadline.C:
			return nil
		}
	}
	return t.VM().HandleInterrupt(t)
}

// uncatchable are the signals no handler may be set for.
func uncatchable(n int) bool { return n == int(syscall.SIGKILL) || n == int(syscall.SIGSTOP) }

func initSignal(v *vm.VM, m *vm.Module) error {
	st := signalState(v)
	pairs := make([]vm.Value, len(signalNames))
	for i, s := range signalNames {
		pairs[i] = vm.NewTuple([]vm.Value{vm.Str(s.name), vm.Int(int64(s.n))})
	}
	aliases := make([]vm.Value, len(signalAliases))
	for i, a := range signalAliases {
		aliases[i] = vm.NewTuple([]vm.Value{vm.Str(a[0].(string)), vm.Int(int64(a[1].(int)))})
	}
	strs := vm.NewDict()
	for _, s := range signalNames {
		_ = strs.Set(v.Main(), vm.Int(int64(s.n)), vm.Str(s.desc))
	}
	m.Set("_SIGNAL_PAIRS", vm.NewList(pairs))
	m.Set("_SIGNAL_ALIASES", vm.NewList(aliases))
	m.Set("_STRSIGNAL", vm.ObjectValue(strs))
	m.Set("NSIG", vm.Int(nsig))
	m.Set("default_int_handler", st.intr)
	m.Set("ITIMER_REAL", vm.Int(0))
	m.Set("ITIMER_VIRTUAL", vm.Int(1))
	m.Set("ITIMER_PROF", vm.Int(2))
	m.SetFunc("_set_handler", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		n64, _ := t.Index(args[0])
		n := int(n64)
		kind, _ := args[1].AsInt64()
		if uncatchable(n) {
			return vm.Value{}, osError(syscall.EINVAL, vm.Value{})
		}
		if t.IsHelper() {
			return vm.Value{}, vm.Errorf(vm.ValueError, "signal only works in main thread of the main interpreter")
		}
		if n != int(syscall.SIGINT) || kind != 2 || args[2] != st.intr {
			if err := t.VM().Require(vm.AllowProcess, "signal.signal()"); err != nil {
				return vm.Value{}, err
			}
		}
		old := st.handlers[n]
		st.loopHandlers[n] = nil
		switch kind {
		case 0:
			st.handlers[n] = vm.Int(0)
			st.release(n, false)
		case 1:
			st.handlers[n] = vm.Int(1)
			st.release(n, true)
		default:
			st.handlers[n] = args[2]
			st.catch(n)
		}
		return old, nil
	})
	m.SetFunc("_runner_sigint", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		// asyncio.Runner's SIGINT handling, in place of default_int_handler
		// (None puts that back): Ctrl-C cancels the main task. It needs no
		// capability, as the default handler does not; only where the
		// default handler is installed (the CLI, HandleSignals) is it used.
		if err := vm.ArgCount("_runner_sigint", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n := int(syscall.SIGINT)
		if st.handlers[n].Object() != st.intr.Object() && st.handlers[n].Object() != st.runner.Object() {
			return none, nil // a handler of the script's own stays
		}
		if args[0].IsNone() {
			st.handlers[n], st.runner = st.intr, vm.Value{}
		} else {
			st.handlers[n], st.runner = args[0], args[0]
		}
		st.catch(n)
		return none, nil
	})
	m.SetFunc("_get_handler", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		n, _ := t.Index(args[0])
		return st.handlers[n], nil
	})
	m.SetFunc("_raise_signal", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		n, _ := t.Index(args[0])
		return none, raiseOwnSignal(t, int(n), func() error { return syscall.Kill(os.Getpid(), syscall.Signal(n)) })
	})
	m.SetFunc("_pause", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		before := st.delivered.Load()
		for st.delivered.Load() == before {
			if _, err := t.VM().WaitInterruptible(t, nil, time.Second); err != nil {
				return vm.Value{}, err
			}
		}
		return none, t.VM().HandleInterrupt(t)
	})
	m.SetFunc("alarm", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("alarm", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		secs, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(alarm(int(secs)))), nil
	})
	if err := runPrelude(v, m, "signal", signalPrelude); err != nil {
		return err
	}
	return nil
}

// The alarm clock: one process-wide timer that sends SIGALRM.
var (
	alarmMu    sync.Mutex
	alarmTimer *time.Timer
	alarmAt    time.Time
)

// alarm schedules SIGALRM in secs seconds (0 cancels) and returns the
// seconds that were left on the previous alarm.
func alarm(secs int) int {
	alarmMu.Lock()
	defer alarmMu.Unlock()
	left := 0
	if alarmTimer != nil && alarmTimer.Stop() {
		left = int(time.Until(alarmAt).Seconds() + 0.999)
	}
	alarmTimer = nil
	if secs > 0 {
		alarmAt = time.Now().Add(time.Duration(secs) * time.Second)
		alarmTimer = time.AfterFunc(time.Duration(secs)*time.Second, func() {
			_ = syscall.Kill(os.Getpid(), syscall.SIGALRM)
		})
	}
	return left
}

// addLoopSignalHandler is loop.add_signal_handler's native half: signal n
// makes the running loop call fn(*args). The Python handler becomes a
// marker so getsignal reports it is not SIG_DFL.
func addLoopSignalHandler(t *vm.Thread, n int, fn vm.Value, args []vm.Value) error {
	st := signalState(t.VM())
	if n < 1 || n >= nsig {
		return vm.Errorf(vm.ValueError, "invalid signal number %d", n)
	}
	if uncatchable(n) {
		return vm.Errorf(vm.RuntimeError, "sig %d cannot be caught", n)
	}
	if err := t.VM().Require(vm.AllowProcess, "loop.add_signal_handler()"); err != nil {
		return err
	}
	st.loopHandlers[n] = &loopSignal{fn: fn, args: args}
	st.handlers[n] = loopSignalMarker
	st.catch(n)
	return nil
}

// removeLoopSignalHandler undoes addLoopSignalHandler; it reports whether
// a handler was set.
func removeLoopSignalHandler(t *vm.Thread, n int) (bool, error) {
	st := signalState(t.VM())
	if n < 1 || n >= nsig {
		return false, vm.Errorf(vm.ValueError, "invalid signal number %d", n)
	}
	if st.loopHandlers[n] == nil {
		return false, nil
	}
	st.loopHandlers[n] = nil
	if n == int(syscall.SIGINT) {
		st.handlers[n] = st.intr
		return true, nil
	}
	st.handlers[n] = vm.Int(0)
	st.release(n, false)
	return true, nil
}

// loopSignalMarker is what getsignal returns for a signal handled by a
// loop.
var loopSignalMarker = vm.NewBuiltin("_sighandler_noop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	return none, nil
})
