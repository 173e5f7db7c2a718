package vm

import (
	"fmt"
	"strings"
	"time"
)

// asyncio's debug mode (`pyasync -X dev`, PYTHONASYNCIODEBUG=1,
// asyncio.run(debug=True), loop.set_debug(True), the embedding option).
//
// What it adds, each paid for only while it is on:
//   - a task step or callback that holds the loop longer than
//     loop.slow_callback_duration (0.1 s) is logged as CPython logs it
//     ("Executing <Task ...> took 0.312 seconds", through the "asyncio"
//     logger), followed by the line that was running when the threshold
//     passed — sampled by the eval breaker, or by the blocking call
//     (time.sleep, a GIL-releasing builtin) that was holding the loop.
//     The VM goroutine itself looks at the clock (flagSample is set for
//     the whole step, so every breaker check and every return from a
//     blocking call compares the step's age with the threshold): a timer
//     goroutine setting a flag raced with the step's end on a loaded
//     machine and lost the line;
//   - coroutines record where they were created (the whole stack), and the
//     "never awaited" warning shows it; it is given when the loop closes,
//     not only at exit;
//   - a coroutine object used as a truth value (`if check():` where check
//     is async) warns at that line.

// defaultSlowCallback is asyncio's default slow_callback_duration.
const defaultSlowCallback = 0.1

// loopDebug is the debug-mode state of a loop.
type loopDebug struct {
	on bool
	// slow is slow_callback_duration in seconds.
	slow float64
	// start is when the running step began.
	start time.Time
	// sample is where the running step was when the threshold passed.
	sample  TraceEntry
	sampled bool
	// thread and base: a callback's frames are those of thread above base
	// (a task step's are its own thread's).
	thread *Thread
	base   int
}

// SetAsyncDebug turns asyncio's debug mode on for the loops the VM makes
// from now on (and for the current one), and makes coroutines record
// their creation stack.
func (vm *VM) SetAsyncDebug(on bool) {
	vm.asyncDebug = on
	if vm.loop != nil && !vm.loop.closed {
		vm.loop.SetDebug(on)
	}
}

// AsyncDebug reports whether new loops start in debug mode.
func (vm *VM) AsyncDebug() bool { return vm.asyncDebug }

// SetDevMode turns Python's development mode (-X dev) on: asyncio's debug
// mode, sys.flags.dev_mode, and sys.warnoptions ['default'], which the
// warnings module (imported later) turns into a first filter showing every
// warning once per location. Call it before the warnings module is
// imported.
func (vm *VM) SetDevMode(on bool) {
	vm.devMode = on
	if on {
		vm.SetAsyncDebug(true)
	}
}

// DevMode reports whether the development mode is on.
func (vm *VM) DevMode() bool { return vm.devMode }

// SetDebug turns the loop's debug mode on or off (loop.set_debug).
func (l *Loop) SetDebug(on bool) {
	l.dbg.on = on
	if on {
		l.vm.coroDebug = true
	}
}

// Debug reports whether the loop is in debug mode (loop.get_debug).
func (l *Loop) Debug() bool { return l.dbg.on }

// SlowCallbackDuration is loop.slow_callback_duration in seconds.
func (l *Loop) SlowCallbackDuration() float64 { return l.dbg.slow }

// SetSlowCallbackDuration sets loop.slow_callback_duration.
func (l *Loop) SetSlowCallbackDuration(s float64) { l.dbg.slow = s }

// debugBegin starts timing a task step or callback run on t.
func (l *Loop) debugBegin(t *Thread) {
	d := &l.dbg
	d.sampled = false
	d.thread, d.base = t, len(t.frames)
	d.start = time.Now()
	l.vm.brk.flag.Or(flagSample)
}

// debugEnd ends the timing begun by debugBegin and logs a slow step; what
// describes the step (a task's or handle's repr, made only when needed).
func (l *Loop) debugEnd(t *Thread, what func() string) {
	d := &l.dbg
	d.thread = nil
	l.vm.brk.flag.And(^flagSample)
	took := time.Since(d.start).Seconds()
	if took < d.slow {
		return
	}
	msg := fmt.Sprintf("Executing %s took %.3f seconds", what(), took)
	if d.sampled {
		s := d.sample
		msg += fmt.Sprintf("\n  File \"%s\", line %d, in %s", s.Filename, s.Line, s.Name)
		if src := strings.TrimSpace(l.vm.SourceLine(s.Filename, s.Line)); src != "" {
			msg += "\n    " + src
		}
	}
	l.vm.logWarning(t, "asyncio", msg)
}

// takeSample records where the running step is, for the slow-step report,
// once the step has run longer than slow_callback_duration (called on the
// VM goroutine while the sample flag is set).
func (vm *VM) takeSample() {
	l := vm.loop
	if l == nil || !l.dbg.on || l.dbg.sampled {
		vm.brk.flag.And(^flagSample)
		return
	}
	if time.Since(l.dbg.start).Seconds() < l.dbg.slow {
		return
	}
	vm.brk.flag.And(^flagSample)
	t, base := l.dbg.thread, l.dbg.base
	if l.current != nil {
		t, base = &l.current.thread, 0
	}
	if t == nil {
		return
	}
	for i := len(t.frames) - 1; i >= base; i-- {
		if f := t.frames[i]; f != nil && f.code != nil {
			l.dbg.sample, l.dbg.sampled = f.traceEntry(), true
			return
		}
	}
}

// sampleIfAsked takes the sample when the VM goroutine comes back from Go
// code that blocked it (time.sleep, a blocking call) past the threshold.
func (vm *VM) sampleIfAsked() {
	if vm.brk.flag.Load()&flagSample != 0 {
		vm.takeSample()
	}
}

// logWarning logs msg at WARNING level on the named logger of the logging
// module (as asyncio does, so logging's configuration applies), or prints
// it when logging cannot be used.
func (vm *VM) logWarning(t *Thread, logger, msg string) {
	if t != nil {
		if m, err := vm.ImportModule(t, "logging"); err == nil {
			if get, err := t.GetAttr(m, "getLogger"); err == nil {
				if lg, err := t.Call(get, []Value{Str(logger)}, nil); err == nil {
					if w, err := t.GetAttr(lg, "warning"); err == nil {
						if _, err := t.Call(w, []Value{Str(msg)}, nil); err == nil {
							return
						}
					}
				}
			}
		}
	}
	fmt.Fprintln(vm.Stderr, msg)
}

// coroutineTruthWarning warns that a coroutine object was used as a truth
// value (debug mode only): almost always a missing await.
func (t *Thread) coroutineTruthWarning(g *Generator) error {
	line := 0
	file := "<unknown>"
	if f := t.CurrentFrame(); f != nil {
		file, line = f.code.Filename, f.Line()
	}
	msg := fmt.Sprintf("coroutine '%s' used as a truth value (did you forget to await it?)", g.QualName())
	if m, err := t.vm.ImportModule(t, "warnings"); err == nil {
		if w, err := t.GetAttr(m, "warn_explicit"); err == nil {
			_, err := t.Call(w, []Value{Str(msg), Value{o: RuntimeWarning}, Str(file), Int(int64(line))}, nil)
			return err
		}
	}
	t.vm.WriteStderr(fmt.Sprintf("%s:%d: RuntimeWarning: %s\n", file, line, msg))
	return nil
}

// warnUnawaited prints the RuntimeWarning for coroutine c.g that was never
// awaited: its creation line, and in debug mode the stack that made it.
func (vm *VM) warnUnawaited(c coroOrigin) {
	stack := vm.coroStacks[c.g]
	delete(vm.coroStacks, c.g)
	vm.printUnawaited(c.origin(), c.g.QualName(), stack)
}

// printUnawaited prints the never-awaited warning of a coroutine made at
// o (stack: the stack that made it, debug mode).
func (vm *VM) printUnawaited(o TraceEntry, qual string, stack []TraceEntry) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: RuntimeWarning: coroutine '%s' was never awaited\n", o.Filename, o.Line, qual)
	if len(stack) > 0 {
		b.WriteString("Coroutine created at (most recent call last)\n")
		for _, e := range stack {
			fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", e.Filename, e.Line, e.Name)
			if src := strings.TrimSpace(vm.entrySourceLine(e)); src != "" {
				fmt.Fprintf(&b, "    %s\n", src)
			}
		}
	}
	if line := strings.TrimSpace(vm.SourceLine(o.Filename, o.Line)); line != "" {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n")
	vm.WriteStderr(b.String())
}

// recordCreation keeps the stack that created coroutine g (debug mode).
func (vm *VM) recordCreation(g *Generator) {
	if vm.coroStacks == nil {
		vm.coroStacks = make(map[*Generator][]TraceEntry)
	}
	vm.coroStacks[g] = vm.creationStack()
}

// creationStack is the stack of the code running now, for debug mode's
// "created at" reports: inside a task, the stack that created the task
// comes first, so the chain reads from the program's start.
func (vm *VM) creationStack() []TraceEntry {
	t := vm.main
	var out []TraceEntry
	if l := vm.loop; l != nil && l.current != nil {
		t = &l.current.thread
		if l.current.ext != nil {
			out = append(out, l.current.ext.created...)
		}
	}
	if t == nil {
		return out
	}
	return append(out, t.StackEntries()...)
}

// debugTaskStep runs one step of tk, timed for the slow-step report.
func (l *Loop) debugTaskStep(t *Thread, tk *Task, exc *Exception) {
	l.debugBegin(t)
	tk.step(exc)
	l.debugEnd(t, func() string {
		r, err := t.Repr(tk.Value())
		if err != nil {
			return "<Task>"
		}
		return r
	})
}

// userEntry is the innermost entry of stack that is not in a built-in
// module's prelude (their file names look like "<asyncio>"): the line of
// the script that asked for what the stack made.
func userEntry(stack []TraceEntry) TraceEntry {
	for i := len(stack) - 1; i >= 0; i-- {
		if !strings.HasPrefix(stack[i].Filename, "<") {
			return stack[i]
		}
	}
	return stack[len(stack)-1]
}
