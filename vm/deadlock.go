package vm

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyasync/pyasync/compiler"
)

// The deadlock report. When RunUntilComplete finds that no task can
// progress — nothing is ready, no timer is armed, no operation runs on a
// helper goroutine (I/O, to_thread, an embedder's Go call), no signal
// handler is installed that could wake the loop — the run cannot end by
// itself (CPython hangs there). pyasync stops it with one report: every
// waiting task, its await chain (file:line of each frame, innermost last)
// and what it waits on. The run is aborted through the eval breaker with a
// *DeadlockError as its reason, so finally blocks still run and the
// embedder (or the CLI, exit status 1) gets the report as the run's error.

// DeadlockError is the reason a run stopped because every task waits for
// something that nothing can provide.
type DeadlockError struct {
	// Tasks are the waiting tasks in creation order.
	Tasks []WaitingTask
	// Cycles are chains of tasks waiting for each other ("Task-1",
	// "Task-2", "Task-1").
	Cycles [][]string
}

// WaitingTask is one task of a deadlock report.
type WaitingTask struct {
	// Name is the task's name; Coro its coroutine's qualified name.
	Name, Coro string
	// Chain is the await chain, outermost frame first.
	Chain []TraceEntry
	// Source holds the source line of each Chain entry ("" when unknown).
	Source []string
	// WaitsOn says what the task waits on.
	WaitsOn string
	// WaitsFor is the name of the task it awaits, or of the task holding
	// the lock it waits for ("" otherwise).
	WaitsFor string
	// AwaitedBy names the tasks whose WaitsFor is this one, then those
	// awaiting a future this task completes (a gather() of it).
	AwaitedBy []string
	// Parent is the name of the task that created this one ("" when it
	// was created outside any task); Created the line that created it;
	// CreationStack the whole stack that did, without the standard
	// library's own frames (debug mode only).
	Parent string
	// ID and ParentID identify the task and its creator among the tasks
	// of the view (names need not be unique; ParentID is 0 with no parent).
	ID, ParentID  int
	Created       TraceEntry
	CreationStack []TraceEntry
}

// Error is the report's text.
func (e *DeadlockError) Error() string {
	var b strings.Builder
	b.WriteString("deadlock: every task is waiting")
	writeTasks(&b, e.Tasks)
	for _, c := range e.Cycles {
		fmt.Fprintf(&b, "\n  these tasks wait for each other: %s", strings.Join(c, " -> "))
	}
	return b.String()
}

// writeTasks writes each task's line and await chain.
func writeTasks(b *strings.Builder, tasks []WaitingTask) {
	for _, tk := range tasks {
		fmt.Fprintf(b, "\n  Task '%s' (%s()) %s", tk.Name, tk.Coro, tk.WaitsOn)
		for i, en := range tk.Chain {
			fmt.Fprintf(b, "\n    File \"%s\", line %d, in %s", en.Filename, en.Line, en.Name)
			if s := strings.TrimSpace(tk.Source[i]); s != "" {
				fmt.Fprintf(b, "\n      %s", s)
			}
		}
	}
}

// WaitDescriber is implemented by awaitables that can say what a task
// suspended on them waits for (a queue's get, a lock's acquire), for the
// deadlock report and the task view; deadlocked says that it is for the
// deadlock report (the object will never be ready).
type WaitDescriber interface {
	DescribeWait(t *Thread, deadlocked bool) string
}

// WaitHolder is implemented by awaitables whose wait ends when a task
// lets go of something it holds (a Lock's acquire): the holder, or nil.
// The deadlock report follows it to find tasks waiting for each other.
type WaitHolder interface {
	HolderTask() *Task
}

// TaskName returns the task's name as a string.
func (tk *Task) TaskName() string { return taskNameStr(tk.Name()) }

// SetWaitDescriber sets how the deadlock report describes the object a
// waiting frame belongs to (its `self`: an asyncio Event, Lock, Condition
// or Semaphore written in script code). fn reports ok=false for objects
// it does not know.
//
// deadlocked says that the description is for the deadlock report (the
// object will never be ready) rather than for the task view.
func (vm *VM) SetWaitDescriber(fn func(t *Thread, self Value, deadlocked bool) (string, bool)) {
	vm.waitDescriber = fn
}

// SetSignalWaiter sets the function that reports whether a signal handler
// is installed that could wake a loop with nothing else to do (the signal
// module's); while it says so, a loop with no work waits for signals
// instead of reporting a deadlock.
func (vm *VM) SetSignalWaiter(fn func() bool) { vm.signalWaiter = fn }

// deadlock stops a run whose loop can make no progress: it returns the
// abort exception whose reason is the report.
func (l *Loop) deadlock(t *Thread) error {
	vm := l.vm
	rep := l.deadlockReport(t)
	if vm.AbortReason() == nil {
		vm.Abort(vm.brk.gen, rep)
	}
	if e := vm.abortException(); e != nil {
		return e
	}
	// the abort was raised already and its cleanup deadlocked too
	return NewException(hardAbortType, Str(rep.Error()))
}

// deadlockReport describes every task of the loop.
func (l *Loop) deadlockReport(t *Thread) *DeadlockError {
	tasks, cycles := l.describeTasks(t, true)
	return &DeadlockError{Tasks: tasks, Cycles: cycles}
}

// Tasks describes every task of the loop that is not done, in creation
// order: its await chain and what it waits on (the task view of SIGQUIT
// and of embedders; the deadlock report uses the same description).
// Call it on the loop's goroutine.
func (l *Loop) Tasks(t *Thread) []WaitingTask {
	tasks, _ := l.describeTasks(t, false)
	return tasks
}

// FormatTasks is the text of the task view: the task tree (see
// FormatTaskTree).
func FormatTasks(tasks []WaitingTask) string { return FormatTaskTree(tasks) }

func (l *Loop) describeTasks(t *Thread, deadlocked bool) ([]WaitingTask, [][]string) {
	var tasks []WaitingTask
	var cycles [][]string
	waitsFor := map[string]string{}
	all := l.AllTasks()
	for _, tk := range all {
		w := WaitingTask{Name: taskNameStr(tk.Name()), Coro: tk.coro.QualName()}
		chain := tk.thread.StackEntries()
		if len(chain) == 0 && tk.coro.frame != nil {
			chain = []TraceEntry{tk.coro.frame.traceEntry()}
		}
		for _, en := range chain {
			if l.vm.isLibraryFile(en.Filename) {
				continue // the standard library's own frames say nothing new
			}
			w.Chain = append(w.Chain, en)
			w.Source = append(w.Source, l.vm.entrySourceLine(en))
		}
		if p := tk.parent; p != nil {
			w.Parent, w.ParentID = p.TaskName(), int(p.id)
		}
		w.ID = int(tk.id)
		w.Created = tk.CreatedAt()
		for _, e := range tk.CreationStack() {
			if !l.vm.isLibraryFile(e.Filename) {
				w.CreationStack = append(w.CreationStack, e) // the script's own frames
			}
		}
		w.WaitsOn, w.WaitsFor = tk.describeWait(t, deadlocked)
		if w.WaitsFor != "" {
			waitsFor[w.Name] = w.WaitsFor
		}
		tasks = append(tasks, w)
	}
	for i := range tasks {
		for j := range tasks {
			if tasks[j].WaitsFor == tasks[i].Name {
				tasks[i].AwaitedBy = append(tasks[i].AwaitedBy, tasks[j].Name)
			}
		}
		// a task awaiting a future that this one completes (gather's)
		for _, a := range all[i].Awaiters() {
			if a.Done() {
				continue
			}
			for j, w := range all {
				if w.waiter == a && !slices.Contains(tasks[i].AwaitedBy, tasks[j].Name) {
					tasks[i].AwaitedBy = append(tasks[i].AwaitedBy, tasks[j].Name)
				}
			}
		}
	}
	// cycles of tasks awaiting each other, each reported once
	inCycle := map[string]bool{}
	for _, w := range tasks {
		if inCycle[w.Name] {
			continue
		}
		path := []string{w.Name}
		seen := map[string]int{w.Name: 0}
		for cur := w.Name; ; {
			next, ok := waitsFor[cur]
			if !ok {
				break
			}
			if i, ok := seen[next]; ok {
				if i == 0 {
					cycle := append(path, next)
					for _, n := range path {
						inCycle[n] = true
					}
					cycles = append(cycles, cycle)
				}
				break
			}
			seen[next] = len(path)
			path = append(path, next)
			cur = next
		}
	}
	return tasks, cycles
}

// describeWait says what a waiting task waits on, and the name of the
// task it awaits if it awaits one.
func (tk *Task) describeWait(t *Thread, deadlocked bool) (string, string) {
	l := tk.loop
	if l.current == tk {
		return "is running", ""
	}
	if tk.waiter == nil && tk.sleepTimer() == nil {
		if l.ready.has(tk) {
			return "is ready to run", ""
		}
	}
	s, name := tk.describeWaitOn(t, deadlocked)
	return "waits on " + s, name
}

func (tk *Task) describeWaitOn(t *Thread, deadlocked bool) (string, string) {
	fut := tk.waiter
	if fut != nil && fut.isTask {
		w := fut.taskOf()
		return fmt.Sprintf("Task '%s', which is still pending", taskNameStr(w.Name())), taskNameStr(w.Name())
	}
	if h := tk.sleepTimer(); h != nil {
		return fmt.Sprintf("asyncio.sleep() (%.3f s left)", max(0, h.when-tk.loop.Time())), ""
	}
	frames := tk.thread.frames
	var top *Frame
	if len(frames) > 0 {
		top = frames[len(frames)-1]
	} else if tk.coro.frame != nil {
		top = tk.coro.frame
	}
	if top != nil {
		if aw := top.awaiting(); aw.o != nil {
			if d, ok := aw.o.(WaitDescriber); ok {
				name := ""
				if h, ok := aw.o.(WaitHolder); ok {
					if ht := h.HolderTask(); ht != nil && !ht.Done() && ht != tk {
						name = ht.TaskName()
					}
				}
				return d.DescribeWait(t, deadlocked), name
			}
		}
		if d := tk.loop.vm.waitDescriber; d != nil {
			for i := len(frames) - 1; i >= 0; i-- {
				f := frames[i]
				if f.code == nil || f.code.Flags&compiler.FlagModule != 0 {
					continue
				}
				if self, ok := frameLocals(f).GetStr("self"); ok {
					if s, ok := d(t, self, deadlocked); ok {
						return s, ""
					}
				}
			}
		}
	}
	if fut != nil {
		if deadlocked {
			return "a Future that nothing is left to set", ""
		}
		return "a Future", ""
	}
	return "something that is not a future (it will not be woken)", ""
}

// awaiting returns what a frame suspended in an await (a SEND's yield)
// awaits, or the zero Value.
func (f *Frame) awaiting() Value {
	if f.code == nil || f.pc < 1 || f.pc > len(f.code.instrs) || f.sp < 1 || f.sp > len(f.regs) {
		return Value{}
	}
	if compiler.Opcode(f.code.instrs[f.pc-1]&0xff) != compiler.YIELD_VALUE {
		return Value{}
	}
	return f.regs[f.sp-1]
}

// isLibraryFile reports whether filename is the pseudo file name of a
// standard library module written in script code ("<asyncio>").
func (vm *VM) isLibraryFile(filename string) bool {
	if len(filename) < 3 || filename[0] != '<' || filename[len(filename)-1] != '>' {
		return false
	}
	_, ok := vm.lookupModule(filename[1 : len(filename)-1])
	return ok
}

// signalsCanWake reports whether a signal handler could still wake the
// loop.
func (vm *VM) signalsCanWake() bool {
	return vm.signalWaiter != nil && vm.signalWaiter()
}
