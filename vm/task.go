package vm

import (
	"container/heap"
	"fmt"
	"strings"
)

// Task is asyncio.Task: a coroutine driven by the event loop. Its
// coroutine's frames live on the task's own persistent Thread; a step
// resumes that thread where it left off (no copying, no goroutine).
type Task struct {
	Future
	coro *Generator
	// thread holds the coroutine's frames (embedded: one allocation per task)
	thread Thread
	ext    *taskExt // name and context: nil until needed
	waiter *Future
	// (the loop timer of an asyncio.sleep the task waits in is kept in
	// the Future's result while the task is pending: sleepTimer)
	// parent is the task that was running when this one was created (nil
	// for a task made outside any task, and once this task is done, so a
	// chain of finished tasks is never kept alive); site is the line that
	// created it (an index into the VM's taskSites, see tasktree.go).
	parent *Task
	id     int32
	site   int32
	// live is the task's index in its loop's list of tasks not yet done
	// (Loop.tasks), -1 once it is done.
	live       int32
	numCancels int32
	// (mustCancel, started, cancelling and child are bits of tflags, in
	// the Future's padding: taskFlags)
}

// taskFlags are a Task's flags. They live in the embedded Future's
// padding (Future.tflags), which keeps a Task at 160 bytes.
type taskFlags uint8

const (
	// taskMustCancel: a cancellation is to be delivered at the next step.
	taskMustCancel taskFlags = 1 << iota
	// taskStarted: the task made its first step.
	taskStarted
	// taskCancelling is set while Cancel cancels the task's waiter (a
	// cycle of tasks awaiting each other comes back to it).
	taskCancelling
	// taskChild is set for a task created while another task ran (not
	// the main task of asyncio.run): its escaping exceptions say where it
	// was created.
	taskChild
)

// Type implements Object.
func (tk *Task) Type() *Type { return TaskType }

// sleepTimer returns the loop timer of the asyncio.sleep the task waits
// in, or nil (a sleep needs no future: its timer wakes the task). It is
// kept in the Future's result, which a pending task does not use: a Task
// stays at 160 bytes (TestTaskLayoutSizes).
func (tk *Task) sleepTimer() *Handle {
	if tk.state != futPending {
		return nil
	}
	h, _ := tk.result.o.(*Handle)
	return h
}

// setSleepTimer records (or with nil, clears) the task's sleep timer.
func (tk *Task) setSleepTimer(h *Handle) {
	if h == nil {
		tk.result = Value{}
		return
	}
	tk.result = Value{o: h}
}

// CreateTask wraps coroutine coro in a task and schedules its first step.
func (l *Loop) CreateTask(coro Value, name Value) (*Task, error) {
	if _, ok := coro.o.(AwaitStepper); ok && l.vm.WrapAwaitable != nil {
		w, err := l.vm.WrapAwaitable(l.vm.main, coro)
		if err != nil {
			return nil, err
		}
		coro = w
	}
	g, ok := coro.o.(*Generator)
	if (!ok || g.kind != genCoroutine) && l.vm.WrapCoroutine != nil {
		w, isCoro, err := l.vm.WrapCoroutine(l.vm.main, coro)
		if err != nil {
			return nil, err
		}
		if isCoro {
			g, ok = w.o.(*Generator)
		}
	}
	if !ok || g.kind != genCoroutine {
		r, err := l.vm.main.Repr(coro)
		if err != nil {
			return nil, err
		}
		return nil, Errorf(TypeError, "a coroutine was expected, got %s", r)
	}
	if l.closed {
		return nil, Errorf(RuntimeError, "Event loop is closed")
	}
	g.awaited = true
	tk := &Task{coro: g}
	tk.loop = l
	tk.isTask = true
	l.taskCount++
	tk.id = int32(l.vm.nextTaskID())
	if name.o != nil && !name.IsNone() {
		tk.extra().name = newStr(taskNameStr(name))
	}
	tk.thread = Thread{vm: l.vm, persistent: true}
	l.recordParent(tk)
	if l.vm.coroDebug {
		tk.extra().created = l.vm.creationStack()
	}
	if l.vm.copyContext != nil {
		tk.extra().ctx = l.vm.copyContext(l.vm.curCtx)
	}
	l.link(tk)
	l.callSoonStep(tk, nil)
	return tk, nil
}

func (vm *VM) nextTaskID() int {
	vm.taskIDs++
	return vm.taskIDs
}

// Name returns the task's name.
func (tk *Task) Name() Value {
	x := tk.extra()
	if x.name == nil {
		x.name = newStr(fmt.Sprintf("Task-%d", tk.id))
	}
	return Value{o: x.name}
}

// link adds tk to the loop's tasks not yet done.
func (l *Loop) link(tk *Task) {
	tk.live = int32(len(l.tasks))
	l.tasks = append(l.tasks, tk)
}

// unlink removes a finished task from the loop's list. Its slot is
// emptied; the list is compacted when half of it is empty, so
// creation order stays and unlinking costs O(1) amortised.
func (l *Loop) unlink(tk *Task) {
	if i := tk.live; i >= 0 && int(i) < len(l.tasks) && l.tasks[i] == tk {
		l.tasks[i] = nil
		l.tasksGone++
		if l.tasksGone > 32 && 2*l.tasksGone > len(l.tasks) {
			l.compactTasks()
		}
	}
	tk.live = -1
	tk.parent = nil
}

// compactTasks drops the empty slots of the loop's task list.
func (l *Loop) compactTasks() {
	keep := l.tasks[:0]
	for _, tk := range l.tasks {
		if tk != nil {
			tk.live = int32(len(keep))
			keep = append(keep, tk)
		}
	}
	clear(l.tasks[len(keep):])
	l.tasks, l.tasksGone = keep, 0
	if cap(l.tasks) > 64 && len(l.tasks) < cap(l.tasks)/4 {
		l.tasks = append([]*Task(nil), l.tasks...)
	}
}

// SetName sets the task's name.
func (tk *Task) SetName(v Value) { tk.extra().name = newStr(taskNameStr(v)) }

// taskExt holds the task fields most tasks never use (a Task stays 192
// bytes): its name and its contextvars context.
type taskExt struct {
	name *StrObject // nil until set or asked for ("Task-<id>")
	ctx  Object
	// created is the stack that created the task (debug mode only).
	created []TraceEntry
}

func (tk *Task) extra() *taskExt {
	if tk.ext == nil {
		tk.ext = &taskExt{}
	}
	return tk.ext
}

// SetContext makes the task run in context c (create_task(context=c)).
func (tk *Task) SetContext(c Object) { tk.extra().ctx = c }

// taskNameStr is the Go string of a str value (repr for anything else).
func taskNameStr(v Value) string {
	if s, ok := v.AsStr(); ok {
		return s
	}
	return plainRepr(v)
}

// Coro returns the task's coroutine.
func (tk *Task) Coro() *Generator { return tk.coro }

// Cancel requests cancellation (Task.cancel(msg)).
func (tk *Task) Cancel(msg Value) bool {
	tk.setLog(false)
	if tk.Done() {
		return false
	}
	tk.numCancels++
	if h := tk.sleepTimer(); h != nil {
		// as CPython cancelling the sleep's future: the task wakes at the
		// next iteration with CancelledError
		h.Cancel()
		tk.setSleepTimer(nil)
		tk.tflags |= taskMustCancel
		tk.Future.setCancelMessage(msg)
		tk.loop.callSoonStep(tk, nil)
		return true
	}
	if tk.waiter != nil {
		if tk.tflags&taskCancelling != 0 {
			// tasks awaiting each other: the cancellation came back to
			// this task through its waiter; wake it with CancelledError
			// (it is not scheduled, so it would never see mustCancel)
			tk.tflags |= taskMustCancel
			tk.Future.setCancelMessage(msg)
			tk.loop.callSoonStep(tk, nil)
			return true
		}
		tk.tflags |= taskCancelling
		ok := tk.waiter.cancelFuture(msg)
		tk.tflags &^= taskCancelling
		if ok {
			return true
		}
	}
	tk.tflags |= taskMustCancel
	tk.Future.setCancelMessage(msg)
	return true
}

// cancelFuture cancels f whether it is a plain future or a task.
func (f *Future) cancelFuture(msg Value) bool {
	if tk := f.taskOf(); tk != nil {
		return tk.Cancel(msg)
	}
	if h := f.cancelHook(); h != nil {
		return h(msg)
	}
	if cls := f.class(); cls != nil {
		// a script subclass may override cancel (gather's future does)
		if m, ok := cls.Lookup("cancel"); ok && !isBuiltinSlot(m) {
			t := f.loop.vm.main
			r, err := t.callMethod(m, Value{o: f}, []Value{msg}, nil)
			if err != nil {
				f.loop.reportException(t, "Exception in cancel()", asException(err))
				return false
			}
			b, _ := t.Truth(r)
			return b
		}
	}
	return f.Cancel(msg)
}

// Cancelling returns the number of pending cancellation requests.
func (tk *Task) Cancelling() int { return int(tk.numCancels) }

// Uncancel decrements the cancellation requests.
func (tk *Task) Uncancel() int {
	if tk.numCancels > 0 {
		tk.numCancels--
	}
	return int(tk.numCancels)
}

// step runs the task's coroutine until it suspends or finishes (CPython's
// Task.__step).
func (tk *Task) step(exc *Exception) {
	l := tk.loop
	if tk.Done() {
		return
	}
	if tk.tflags&taskMustCancel != 0 {
		if exc == nil || !exc.IsInstance(CancelledError) {
			exc = tk.makeCancelledError()
			if tk.Future.cancelMessage().o != nil && !tk.Future.cancelMessage().IsNone() {
				exc = NewException(CancelledError, tk.Future.cancelMessage())
			}
		}
		tk.tflags &^= taskMustCancel
	}
	tk.waiter = nil
	tk.setSleepTimer(nil)
	prev := l.current
	l.current = tk
	var prevCtx Object
	swapCtx := tk.ext != nil && tk.ext.ctx != nil
	if swapCtx {
		prevCtx = l.vm.curCtx
		l.vm.curCtx = tk.ext.ctx
	}
	var v Value
	var yielded bool
	var err error
	if tk.tflags&taskStarted == 0 {
		tk.tflags |= taskStarted
		v, yielded, err = tk.thread.StartThread(tk.coro, None, exc)
	} else {
		v, yielded, err = tk.thread.ResumeThread(None, exc)
	}
	l.current = prev
	if swapCtx {
		l.vm.curCtx = prevCtx
	}
	if !yielded {
		tk.thread.frames = nil
		tk.thread.parkArena()
		tk.thread.arena = nil
		l.unlink(tk)
		if err == nil {
			if tk.tflags&taskMustCancel != 0 {
				tk.tflags &^= taskMustCancel
				tk.Future.Cancel(tk.Future.cancelMessage())
			} else {
				_ = tk.SetResult(v)
			}
			return
		}
		e := asException(err)
		switch {
		case e.IsInstance(CancelledError):
			tk.setCancelledExc(e)
			tk.Future.Cancel(Value{})
		case e.IsInstance(KeyboardInterrupt) || e.IsInstance(SystemExit) || isAbortExc(e):
			_ = tk.SetException(e)
			tk.setLog(false)
			l.vm.fatal = e
		default:
			if tk.tflags&taskChild != 0 && !e.escapedFrom(tk) {
				m := e.setMore()
				m.escaped = append(m.escaped, tk.escapeNote())
			}
			_ = tk.SetException(e)
		}
		return
	}
	tk.thread.parkArena()
	fut := futureOf(v)
	switch {
	case v.o == sleepWait.o:
		// asyncio.sleep armed the task's sleep timer (SleepCurrentTask)
		if h := tk.sleepTimer(); tk.tflags&taskMustCancel != 0 && h != nil {
			// cancelled while running: the sleep ends at once, as
			// CPython cancels the future the task yields
			h.Cancel()
			tk.setSleepTimer(nil)
			l.callSoonStep(tk, nil)
		}
	case fut != nil && fut.Blocking:
		if fut.loop != l {
			e := Errorf(RuntimeError, "Task %s got Future %s attached to a different loop", tk.reprString(&tk.thread), fut.reprString(&tk.thread))
			l.callSoonStep(tk, e)
			return
		}
		if fut == &tk.Future {
			e := Errorf(RuntimeError, "Task cannot await on itself: %s", tk.reprString(&tk.thread))
			l.callSoonStep(tk, e)
			return
		}
		fut.Blocking = false
		fut.addWakeup(tk)
		tk.waiter = fut
		if tk.tflags&taskMustCancel != 0 {
			if fut.cancelFuture(tk.Future.cancelMessage()) {
				tk.tflags &^= taskMustCancel
			}
		}
	case v.IsNone():
		l.callSoonStep(tk, nil)
	default:
		r, _ := tk.thread.Repr(v)
		e := Errorf(RuntimeError, "Task got bad yield: %s", r)
		l.callSoonStep(tk, e)
	}
}

// futureOf returns the Future behind a Future or Task value.
func futureOf(v Value) *Future {
	switch o := v.o.(type) {
	case *Future:
		return o
	case *Task:
		return &o.Future
	}
	return nil
}

// FutureOf returns the *Future of a Future or Task value (nil otherwise).
func FutureOf(v Value) *Future { return futureOf(v) }

// TaskOf returns the *Task of a Task value (nil otherwise).
func TaskOf(v Value) *Task {
	tk, _ := v.o.(*Task)
	return tk
}

// Value returns the future as a script value.
func (f *Future) Value() Value { return Value{o: f.self()} }

// CurrentTask is the task whose step is running.
func (l *Loop) CurrentTask() *Task { return l.current }

// AllTasks returns the tasks that are not done, in creation order.
func (l *Loop) AllTasks() []*Task {
	var out []*Task
	for _, tk := range l.tasks {
		if tk != nil {
			out = append(out, tk)
		}
	}
	return out
}

// reprString renders the task like CPython's Task.__repr__.
func (tk *Task) reprString(t *Thread) string {
	head, tail := tk.reprParts(t)
	if tk.state == futFinished {
		if tk.exc != nil {
			r, _ := t.Repr(Value{o: tk.exc})
			head += " exception=" + r
		} else {
			r, _ := t.Repr(tk.result)
			head += " result=" + r
		}
	}
	return head + tail + ">"
}

// reprParts is the task's repr before its result or exception, and after.
func (tk *Task) reprParts(t *Thread) (string, string) {
	state := strings.ToLower(tk.stateName())
	if tk.tflags&taskMustCancel != 0 {
		state = "cancelling"
	}
	name, _ := t.Repr(tk.Name())
	parts := []string{state, "name=" + name}
	g := tk.coro
	line := g.frame.code.FirstLine
	file := g.frame.code.Filename
	if g.finished {
		parts = append(parts, fmt.Sprintf("coro=<%s() done, defined at %s:%d>", g.QualName(), file, line))
	} else if !g.started {
		// an unstarted coroutine's frame is at its def line (CPython's f_lineno)
		parts = append(parts, fmt.Sprintf("coro=<%s() running at %s:%d>", g.QualName(), file, line))
	} else {
		parts = append(parts, fmt.Sprintf("coro=<%s() running at %s:%d>", g.QualName(), file, g.frame.Line()))
	}
	tail := ""
	if tk.ext != nil && len(tk.ext.created) > 0 {
		c := userEntry(tk.ext.created)
		tail = fmt.Sprintf(" created at %s:%d", c.Filename, c.Line)
	}
	return "<Task " + strings.Join(parts, " "), tail
}

// sleepWait is what a task yields when it waits on its own timer.
var sleepWait = Value{o: &notImplementedObject{}}

// SleepTimer is the timer of an asyncio.sleep, embedded in the sleep's
// awaitable so that a task sleeping there holds one allocation for both
// (48 bytes with the awaitable's own field, was 48 + 48). Until it is
// armed it keeps the delay.
type SleepTimer struct{ h Handle }

// SetDelay sets the delay in seconds (before the sleep is awaited).
func (s *SleepTimer) SetDelay(d float64) { s.h.when = d }

// Delay is the delay set by SetDelay (until Arm).
func (s *SleepTimer) Delay() float64 { return s.h.when }

// Started reports whether Start was called.
func (s *SleepTimer) Started() bool { return s.h.started }

// Start marks the sleep as awaited.
func (s *SleepTimer) Start() { s.h.started = true }

// SleepCurrentTask makes the running task wait for the delay of s,
// without a future: the timer schedules the task's next step exactly
// where CPython's sleep future would schedule its wake-up. It returns the
// value the awaitable must yield, and false when the sleep is not
// awaited by a running task's own chain on thread t (no task runs, or a
// coroutine driven by send() from the task's code awaits it: what it
// yields goes to that code, which must see the future CPython's sleep
// yields).
func (l *Loop) SleepCurrentTask(t *Thread, s *SleepTimer) (Value, bool) {
	tk := l.current
	if tk == nil || t != &tk.thread || t.goDepth != 0 {
		return Value{}, false
	}
	h := &s.h
	l.seq++
	h.target, h.when, h.seq, h.timer = tk, l.Time()+h.when, l.seq, true
	heap.Push(&l.timers, h)
	tk.setSleepTimer(h)
	return sleepWait, true
}
