package vm

import (
	"container/heap"
	"runtime"
	"sync"
	"time"
	"weak"

	"github.com/pyasync/pyasync/compiler"
)

// Loop is a VM's event loop: a FIFO ready queue of callbacks, a heap of
// timers, and a thread-safe completion queue through which helper
// goroutines (blocking I/O, to_thread) hand results back. One goroutine
// runs the loop and all script code; the loop sleeps in the OS (a select on
// its wake-up channel and next timer) when there is nothing to do.
//
// The scheduling follows CPython's BaseEventLoop._run_once: completions
// first, then expired timers move to the ready queue, then exactly the
// callbacks that were ready when the iteration began run, in order.
type Loop struct {
	vm *VM
	// asyncGens holds the async generators first iterated while the loop
	// ran (asyncgen_track.go), for shutdown_asyncgens.
	asyncGens []weak.Pointer[Generator]
	// ready is the FIFO of callbacks and task steps for the next iteration;
	// a task step needs no Handle (the most frequent entry allocates
	// nothing).
	ready  readyQueue
	timers timerHeap
	// dueTimers is runOnce's scratch list of the timers due in an iteration
	dueTimers []*Handle
	seq       uint64
	start     time.Time

	mu          sync.Mutex
	completions []func()
	wake        chan struct{}
	// pendingOps counts operations on helper goroutines whose completion
	// will be posted; while non-zero an idle loop waits instead of ending.
	pendingOps int
	// the operations in flight (Loop.Go)
	opsState

	running  bool
	stopping bool
	closed   bool
	// tasks are the tasks not yet done, in creation order (all_tasks),
	// with empty slots where tasks finished (tasksGone of them; see
	// Loop.unlink): 8 bytes a task, no map entry.
	tasks     []*Task
	tasksGone int
	current   *Task
	taskCount int
	// ExceptionHandler reports errors from callbacks (default: print).
	ExceptionHandler func(msg string, exc *Exception)
	unretrieved      []*lostRec // lost.go
	lostByID         map[int32]*lostRec
	lostFuts         map[weak.Pointer[Future]]*lostRec // plain futures (lost.go)
	// Obj is the script-visible loop object (set by the asyncio module).
	Obj Value
	// dbg is the debug-mode state (debug.go).
	dbg loopDebug
	// idle, when set, runs each time the loop is about to wait with
	// nothing ready (SetIdleHook).
	idle func()
	// virtual: the clock jumps to the next timer instead of sleeping when
	// nothing else can happen; skipped is how far it jumped in all.
	virtual bool
	skipped float64
	// poll is the loop's own poller (poller.go), made by the first PollFD.
	poll *poller
}

// VirtualTime reports whether new loops run on the virtual clock.
func (vm *VM) VirtualTime() bool { return vm.virtualTime }

// SetVirtualTime makes the VM's loop and the loops it creates from now on
// run on a virtual clock: when the only thing left to wait for is a timer
// (no callback ready, no operation in flight on a helper goroutine,
// nothing posted), the loop's time jumps to the timer's deadline instead
// of sleeping. Timers fire in the same order as in real time.
func (vm *VM) SetVirtualTime(on bool) {
	vm.virtualTime = on
	if vm.loop != nil && !vm.loop.closed {
		vm.loop.virtual = on
	}
}

// SetIdleHook makes fn run on the loop goroutine each time the loop is
// about to wait with no callback ready (nil removes it). The prompt uses
// it to report unretrieved task exceptions as soon as they are final.
func (l *Loop) SetIdleHook(fn func()) { l.idle = fn }

// Handle is a scheduled callback (asyncio.Handle / TimerHandle). It is kept
// small (40 bytes): a sleeping task holds one for its timer.
type Handle struct {
	// target is what the handle runs: a func() (a Go callback), a
	// *scriptCall (a script callable and its arguments) or a *Task (the
	// timer wakes a task sleeping in asyncio.sleep: no closure needed).
	// Cancel clears it.
	target any
	when   float64
	seq    uint64
	// index is the position in the timer heap.
	index     int32
	cancelled bool
	timer     bool
	// started: the SleepTimer this Handle is has been awaited.
	started bool
}

// scriptCall is a script callback with its arguments.
type scriptCall struct {
	fn   Value
	args []Value
}

// Type implements Object.
func (h *Handle) Type() *Type {
	if h.timer {
		return TimerHandleType
	}
	return HandleType
}

// Handle types as seen by scripts.
var (
	HandleType      = newBuiltinType("Handle", ObjectType)
	TimerHandleType = newBuiltinType("TimerHandle", HandleType)
)

// Cancel cancels the callback.
func (h *Handle) Cancel() {
	if !h.cancelled {
		h.cancelled = true
		h.target = nil
	}
}

// script returns the script callable and arguments the handle runs, or nil.
func (h *Handle) script() *scriptCall {
	c, _ := h.target.(*scriptCall)
	return c
}

// Cancelled reports whether Cancel was called.
func (h *Handle) Cancelled() bool { return h.cancelled }

// When returns a timer's deadline on the loop clock.
func (h *Handle) When() float64 { return h.when }

type timerHeap []*Handle

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = int32(i)
	h[j].index = int32(j)
}
func (h *timerHeap) Push(x any) {
	e := x.(*Handle)
	e.index = int32(len(*h))
	*h = append(*h, e)
}
func (h *timerHeap) Pop() any {
	old := *h
	n := len(old)
	e := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	return e
}

// Loop returns the VM's event loop, creating it on first use.
func (vm *VM) Loop() *Loop {
	if vm.loop == nil || vm.loop.closed {
		vm.loop = &Loop{vm: vm, start: time.Now(), wake: vm.brk.wake, dbg: loopDebug{slow: defaultSlowCallback}, virtual: vm.virtualTime}
		vm.loop.SetDebug(vm.asyncDebug)
	}
	return vm.loop
}

// RunningLoop returns the loop if it is running.
func (vm *VM) RunningLoop() *Loop {
	if vm.loop != nil && vm.loop.running {
		return vm.loop
	}
	return nil
}

// NewLoop replaces the VM's loop by a fresh one (asyncio.run and
// new_event_loop).
func (vm *VM) NewLoop() *Loop {
	vm.loop = nil
	return vm.Loop()
}

// Time is the loop clock: monotonic seconds (plus the jumps of a virtual
// clock).
func (l *Loop) Time() float64 { return time.Since(l.start).Seconds() + 1 + l.skipped }

// VM returns the loop's VM.
func (l *Loop) VM() *VM { return l.vm }

// Running reports whether the loop is running.
func (l *Loop) Running() bool { return l.running }

// Closed reports whether the loop is closed.
func (l *Loop) Closed() bool { return l.closed }

// CallSoon schedules a Go callback for the next iteration.
func (l *Loop) CallSoon(fn func()) *Handle {
	h := &Handle{target: fn}
	l.ready.push(h)
	return h
}

// callSoonStep schedules a step of task tk.
func (l *Loop) callSoonStep(tk *Task, exc *Exception) {
	if exc != nil {
		l.ready.push(&taskThrow{tk, exc})
		return
	}
	l.ready.push(tk)
}

// CallSoonScript schedules a script callable with arguments.
func (l *Loop) CallSoonScript(fn Value, args []Value) *Handle {
	h := &Handle{target: &scriptCall{fn: fn, args: args}}
	l.ready.push(h)
	return h
}

// CallAt schedules fn (Go) or script(args) at a loop-clock deadline.
func (l *Loop) CallAt(when float64, fn func(), script Value, args []Value) *Handle {
	l.seq++
	h := &Handle{when: when, seq: l.seq, timer: true}
	if script.o != nil {
		h.target = &scriptCall{fn: script, args: args}
	} else if fn != nil {
		h.target = fn
	}
	heap.Push(&l.timers, h)
	return h
}

// Post hands a function from any goroutine to the loop goroutine, which runs
// it at its next iteration. Call Begin before starting the helper goroutine
// and have the posted function (or the goroutine) account for it with Done.
func (l *Loop) Post(fn func()) {
	l.mu.Lock()
	l.completions = append(l.completions, fn)
	l.mu.Unlock()
	l.vm.poke()
}

// Begin records an operation in flight on a helper goroutine.
func (l *Loop) Begin() { l.pendingOps++ }

// Done records that an operation begun with Begin has completed (call it on
// the loop goroutine, typically from the posted function).
func (l *Loop) Done() { l.pendingOps-- }

// Stop makes RunForever return after the current iteration.
func (l *Loop) Stop() { l.stopping = true }

// Close closes the loop.
func (l *Loop) Close() {
	if l.closed {
		return
	}
	l.runCloseHooks()
	l.cancelOps()
	if l.poll != nil {
		l.poll.close()
		l.poll = nil
	}
	if l.dbg.on {
		// debug mode reports coroutines never awaited when the loop closes
		l.vm.WarnUnawaitedCoroutines()
	}
	l.mu.Lock()
	l.closed = true
	l.completions = nil
	l.mu.Unlock()
	l.ready.clear()
	l.timers = nil
}

// RunUntilComplete runs the loop until fut is done and returns its result.
func (l *Loop) RunUntilComplete(t *Thread, fut *Future) (Value, error) {
	if l.running {
		return Value{}, Errorf(RuntimeError, "This event loop is already running")
	}
	if l.closed {
		return Value{}, Errorf(RuntimeError, "Event loop is closed")
	}
	done, active := false, true
	// once this call has returned (an error stopped it), fut finishing
	// later must not stop another run of the loop
	fut.AddDoneCallback(func(*Future) {
		done = true
		if active {
			l.stopping = true
		}
	})
	l.running = true
	defer func() { l.running = false; l.stopping = false; active = false }()
	for !done {
		if err := l.runOnce(t, done); err != nil {
			return Value{}, err
		}
		if l.stopping && !done {
			return Value{}, Errorf(RuntimeError, "Event loop stopped before Future completed.")
		}
		if !done && l.ready.len() == 0 && len(l.timers) == 0 && l.pendingOps == 0 && l.noCompletions() && !l.vm.HasPosted() {
			if !l.vm.signalsCanWake() {
				return Value{}, l.deadlock(t)
			}
			// only a signal can bring work now: wait for one
			if l.idle != nil {
				l.idle()
			}
			saved := l.vm.releaseForWait()
			<-l.wake
			l.vm.acquireAfterWait(saved)
		}
	}
	return fut.Result()
}

func (l *Loop) noCompletions() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.completions) == 0
}

// RunForever runs until Stop is called.
func (l *Loop) RunForever(t *Thread) error {
	if l.running {
		return Errorf(RuntimeError, "This event loop is already running")
	}
	if l.closed {
		return Errorf(RuntimeError, "Event loop is closed")
	}
	l.running = true
	defer func() { l.running = false; l.stopping = false }()
	for {
		if !l.stopping && l.ready.len() == 0 && len(l.timers) == 0 && l.pendingOps == 0 && l.noCompletions() {
			// nothing scheduled: wait for another thread to post work
			if l.idle != nil {
				l.idle()
			}
			saved := l.vm.releaseForWait()
			<-l.wake
			l.vm.acquireAfterWait(saved)
		}
		if err := l.runOnce(t, false); err != nil {
			return err
		}
		if l.stopping {
			return nil
		}
	}
}

// runOnce is one iteration of the loop.
func (l *Loop) runOnce(t *Thread, done bool) error {
	l.vm.yieldGIL()
	if err := l.vm.pendingAbort(t); err != nil {
		return err
	}
	var timeout time.Duration = -1
	if l.ready.len() > 0 || l.stopping {
		timeout = 0
	} else if len(l.timers) > 0 {
		d := l.timers[0].when - l.Time()
		if d < 0 {
			d = 0
		}
		timeout = time.Duration(d * float64(time.Second))
	}
	if l.vm.extPending.Load() {
		timeout = 0
	}
	// wait for completions (or the next timer)
	l.mu.Lock()
	comps := l.completions
	l.completions = nil
	l.mu.Unlock()
	if len(comps) == 0 && timeout != 0 {
		if timeout < 0 && l.pendingOps == 0 {
			// nothing can happen: the caller detects the deadlock
			return nil
		}
		if l.idle != nil {
			l.idle()
		}
		if l.virtual && timeout > 0 && l.pendingOps == 0 && !l.vm.extPending.Load() && !l.vm.pendingInterrupt() {
			// every task waits on a timer: jump to its deadline
			l.skipped += l.timers[0].when - l.Time()
			timeout = 0
		}
	}
	if len(comps) == 0 && timeout != 0 {
		timeout = l.vm.graceWait(timeout)
	}
	if p := l.poll; p != nil && p.active > 0 {
		// descriptors are watched: wait in epoll (not at all when there
		// is work already), then take what was posted meanwhile
		if len(comps) > 0 {
			timeout = 0
		}
		p.wait(timeout)
		l.mu.Lock()
		comps = append(comps, l.completions...)
		l.completions = nil
		l.mu.Unlock()
	} else if len(comps) == 0 && timeout != 0 {
		saved := l.vm.releaseForWait()
		if timeout < 0 {
			<-l.wake
		} else {
			tm := time.NewTimer(timeout)
			select {
			case <-l.wake:
			case <-tm.C:
			}
			tm.Stop()
		}
		l.vm.acquireAfterWait(saved)
		l.mu.Lock()
		comps = l.completions
		l.completions = nil
		l.mu.Unlock()
	}
	// The order of CPython's iteration: the callbacks ready before the
	// wait, then what the wait brought (completions posted by other
	// goroutines, then the descriptors' handlers), then the timers due
	// now. What any of them schedules runs in the next iteration.
	end := l.Time() + 1e-9
	due := l.dueTimers[:0]
	for len(l.timers) > 0 {
		h := l.timers[0]
		if h.cancelled {
			heap.Pop(&l.timers)
			continue
		}
		if h.when > end {
			break
		}
		heap.Pop(&l.timers)
		due = append(due, h)
	}
	n := l.ready.len()
	for i := 0; i < n; i++ {
		if err := l.runReady(t, l.ready.pop()); err != nil {
			l.putBack(comps, due)
			return err
		}
	}
	for _, fn := range comps {
		fn()
	}
	if l.poll != nil {
		l.poll.dispatch()
	}
	if l.vm.pendingInterrupt() {
		// a signal arrived while the loop slept: its handler runs now
		if err := l.vm.handleInterrupt(t); err != nil {
			l.putBack(nil, due)
			return err
		}
	}
	if l.vm.extPending.Load() {
		l.vm.RunPosted() // Go code posted by the embedder
	}
	for i, h := range due {
		due[i] = nil
		if err := l.runReady(t, h); err != nil {
			l.putBack(nil, due[i+1:])
			return err
		}
	}
	l.dueTimers = due[:0]
	l.ready.shrink()
	return nil
}

// putBack keeps what an iteration cut short by a fatal error (SystemExit,
// KeyboardInterrupt, an abort) has not run: the completions go back to
// the front of the queue, the due timers to the ready queue.
func (l *Loop) putBack(comps []func(), due []*Handle) {
	if len(comps) > 0 {
		l.mu.Lock()
		l.completions = append(comps, l.completions...)
		l.mu.Unlock()
	}
	for _, h := range due {
		l.ready.push(h)
	}
}

// runReady runs one entry of the ready queue or a due timer: a task's
// step, a step throwing an exception in, or a handle. It returns the
// fatal error that ends the loop's run.
func (l *Loop) runReady(t *Thread, x any) error {
	var h *Handle
	switch x := x.(type) {
	case *Task:
		return l.runStep(t, x, nil)
	case *taskThrow:
		return l.runStep(t, x.task, x.exc)
	case *Handle:
		h = x
	case *doneCallback:
		// a Go done callback of a future that completed
		x.fn(x.obj.(*Future))
		return l.takeFatal()
	}
	if h.cancelled {
		return nil
	}
	switch x := h.target.(type) {
	case *Task:
		// a sleeping task's timer: wake it at the next iteration, as
		// the sleep future's done callback would
		x.setSleepTimer(nil)
		l.callSoonStep(x, nil)
	case func():
		x()
	case *scriptCall:
		if l.dbg.on {
			l.debugBegin(t)
		}
		_, err := t.Call(x.fn, x.args, nil)
		if l.dbg.on {
			l.debugEnd(t, func() string { return h.HandleRepr(t) })
		}
		if err != nil {
			exc := asException(err)
			if exc.IsInstance(SystemExit) || exc.IsInstance(KeyboardInterrupt) || isAbortExc(exc) {
				return exc
			}
			l.callbackException(t, h, exc)
		}
	}
	return l.takeFatal()
}

// takeFatal returns and clears the fatal error a callback raised
// (KeyboardInterrupt, SystemExit, an abort), which ends the loop's run.
func (l *Loop) takeFatal() error {
	if err := l.vm.fatal; err != nil {
		l.vm.fatal = nil
		return err
	}
	return nil
}

// runStep runs one step of task tk (exc thrown in, if not nil); it
// returns the fatal error the step raised (KeyboardInterrupt, SystemExit,
// an abort), which ends the loop's run.
func (l *Loop) runStep(t *Thread, tk *Task, exc *Exception) error {
	if l.dbg.on {
		l.debugTaskStep(t, tk, exc)
	} else {
		tk.step(exc)
	}
	if err := l.vm.fatal; err != nil {
		l.vm.fatal = nil
		return err
	}
	return nil
}

// reportException prints an error from a callback the way asyncio's
// default exception handler does.
func (l *Loop) reportException(t *Thread, msg string, exc *Exception) {
	if l.ContextHandler != nil {
		ctx := NewDict()
		ctx.SetStr("message", Str(msg))
		if exc != nil {
			ctx.SetStr("exception", Value{o: exc})
		}
		l.ContextHandler(t, ctx)
		return
	}
	if l.ExceptionHandler != nil {
		l.ExceptionHandler(msg, exc)
		return
	}
	s := msg + "\n"
	if exc != nil {
		s += t.FormatExceptionPlain(exc)
	}
	l.vm.WriteStderr(s)
}

// The GIL-style hand-off for helper goroutines that run script code
// (to_thread): the loop goroutine holds vm.gil while it runs and releases it
// only while it sleeps in the OS or inside a blocking builtin.

// releaseForWait returns the goroutine's current context, which
// acquireAfterWait restores (another goroutine may run script code, in its
// own context, meanwhile).
func (vm *VM) releaseForWait() Object {
	c := vm.curCtx
	if vm.gilShared {
		vm.gil.Unlock()
	}
	return c
}

func (vm *VM) acquireAfterWait(c Object) {
	if vm.gilShared {
		vm.lockFromHelper()
	}
	vm.curCtx = c
}

// lockFromHelper takes the GIL on a helper goroutine; while it waits, the
// loop goroutine hands the GIL over between iterations (yieldGIL), so a
// busy loop cannot starve the helper.
func (vm *VM) lockFromHelper() {
	vm.gilWaiters.Add(1)
	vm.gil.Lock()
	vm.gilWaiters.Add(-1)
}

// yieldGIL lets a helper goroutine waiting for the GIL run (called by the
// loop between iterations; a no-op unless one is waiting).
func (vm *VM) yieldGIL() {
	if vm.gilShared && vm.gilWaiters.Load() > 0 {
		c := vm.curCtx
		vm.gil.Unlock()
		runtime.Gosched()
		vm.gil.Lock()
		vm.curCtx = c
	}
}

// BlockingCall runs fn (which must not touch the VM) with the GIL released
// when other goroutines may need it, e.g. time.sleep or file I/O.
func (vm *VM) BlockingCall(fn func()) {
	if vm.gilShared {
		c := vm.curCtx
		vm.gil.Unlock()
		defer func() { vm.lockFromHelper(); vm.curCtx = c; vm.sampleIfAsked() }()
	}
	fn()
}

// ReportException prints an error the way asyncio's default exception
// handler does (exc may be nil).
func (l *Loop) ReportException(t *Thread, msg string, exc *Exception) {
	l.reportException(t, msg, exc)
}

// SetLoop makes l the VM's current loop.
func (vm *VM) SetLoop(l *Loop) { vm.loop = l }

// RunInThread calls fn(*args) on a helper goroutine and completes fut with
// the outcome (run_in_executor / to_thread). Script code on the helper
// goroutine runs under the VM's GIL, which the loop goroutine releases while
// it waits in the OS and around blocking calls, so a blocking call in fn
// (time.sleep, file I/O) does not stop other tasks.
func (l *Loop) RunInThread(fn Value, args []Value, fut *Future) {
	vm := l.vm
	vm.gilShared = true
	l.Begin()
	go func() {
		vm.lockFromHelper()
		vm.curCtx = nil // a new thread starts in an empty context
		th := vm.NewThread()
		th.helper = true
		r, err := th.Call(fn, args, nil)
		vm.gil.Unlock()
		l.Post(func() {
			l.Done()
			if fut.Done() {
				return
			}
			if err != nil {
				_ = fut.SetException(asException(err))
			} else {
				_ = fut.SetResult(r)
			}
		})
	}()
}

// AwaitStepper is implemented by Go objects that can be awaited directly:
// each step either yields a value to the task (done false) or finishes the
// await with a result (done true).
type AwaitStepper interface {
	Object
	AwaitStep(t *Thread, send Value) (Value, bool, error)
}

// AwaitThrower is an AwaitStepper that wants exceptions thrown into the
// awaiting frame (task cancellation, coroutine.throw) before they are
// raised there: it may clean up and re-raise (err), finish the await with a
// value (done), or yield again.
type AwaitThrower interface {
	AwaitStepper
	AwaitThrow(t *Thread, exc *Exception) (Value, bool, error)
}

// IsCoroutineFunction reports whether v is an async def function (or a
// bound method of one).
func IsCoroutineFunction(v Value) bool {
	switch f := v.o.(type) {
	case *Function:
		return f.code.Flags&compiler.FlagCoroutine != 0
	case *BoundMethod:
		return IsCoroutineFunction(f.fn)
	}
	return false
}

// Within runs fn with the loop marked as running, so that code which is
// not itself awaiting (an interactive input) can create tasks on it; they
// run when the loop next runs.
func (l *Loop) Within(fn func() error) error {
	if l.running {
		return fn()
	}
	l.running = true
	defer func() { l.running = false }()
	return fn()
}
