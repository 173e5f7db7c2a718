package vm

import (
	"fmt"
	"runtime"
	"strings"
	"weak"
)

// Unretrieved exceptions of futures and tasks ("Task exception was never
// retrieved").
//
// CPython reports a task's unretrieved exception when the task is freed.
// A failed task is remembered here by a lostRec that holds the task only
// weakly, with what the report needs (its exception, its repr without the
// exception, its creation note), so the record never keeps the task alive.
// A Go cleanup on the task raises flagFinalize when it dies, and the VM's
// goroutine reports it at its next breaker check (never on the cleanup's
// goroutine); gc.collect() reports the tasks its collection freed before it
// returns (Collect). What is left is reported when the loop closes (or, at
// the prompt, when the loop is idle). Plain futures ("Future exception was
// never retrieved") are remembered the same way, by a weak pointer to the
// Future.

// lostRec is one future or task whose exception may never be retrieved.
type lostRec struct {
	fut weak.Pointer[Future] // a plain future (zero for a task)
	w   weak.Pointer[Task]   // the task
	exc *Exception
	// futType is the plain future's type (nil for a task)
	futType *Type
	// the task's coroutine, for its repr (the coroutine is not kept)
	qual, file string
	line       int
	note       escapeNote
	done       bool // reported, or the exception was retrieved
}

// trackUnretrieved remembers a future whose exception may never be
// retrieved.
func (l *Loop) trackUnretrieved(f *Future) {
	tk := f.taskOf()
	vm := l.vm
	if tk == nil {
		// the record keeps a copy of the exception without frame state:
		// its traceback's locals often hold the future (`except E as e:
		// fut.set_exception(e)`), which would then never be collected
		exc := f.exc
		if len(exc.Traceback) > 0 {
			exc = exc.detached()
		}
		r := &lostRec{fut: weak.Make(f), exc: exc, futType: f.Type()}
		if l.lostFuts == nil {
			l.lostFuts = make(map[weak.Pointer[Future]]*lostRec)
		}
		l.lostFuts[r.fut] = r
		l.unretrieved = append(l.unretrieved, r)
		runtime.AddCleanup(f, lostDied, vm)
		return
	}
	code := tk.coro.frame.code
	r := &lostRec{w: weak.Make(tk), exc: f.exc, qual: tk.coro.QualName(), file: code.Filename, line: code.FirstLine, note: tk.escapeNote()}
	if l.lostByID == nil {
		l.lostByID = make(map[int32]*lostRec)
	}
	l.lostByID[tk.id] = r
	l.unretrieved = append(l.unretrieved, r)
	runtime.AddCleanup(tk, lostDied, vm)
}

// lostDied is the cleanup of a tracked future or task: it runs on Go's
// cleanup goroutine, so it only raises the breaker flag; the VM's
// goroutine reports.
func lostDied(vm *VM) {
	vm.fin.lostDied.Store(true)
	vm.brk.flag.Or(flagFinalize)
	vm.poke()
}

// setLog sets the future's logTraceback flag; clearing it marks the
// future's or task's record retrieved.
func (f *Future) setLog(b bool) {
	if !b && f.logTraceback && f.loop != nil {
		if tk := f.taskOf(); tk != nil {
			if r := f.loop.lostByID[tk.id]; r != nil {
				r.done = true
				delete(f.loop.lostByID, tk.id)
			}
		} else if len(f.loop.lostFuts) > 0 {
			w := weak.Make(f)
			if r := f.loop.lostFuts[w]; r != nil {
				r.done = true
				delete(f.loop.lostFuts, w)
			}
		}
	}
	f.logTraceback = b
}

// ReportUnretrieved prints "Task exception was never retrieved" (or
// "Future exception ...") for every future whose exception nobody looked at.
func (l *Loop) ReportUnretrieved(t *Thread) { l.reportUnretrieved(t, false, false) }

// ReportUnretrievedTasks is ReportUnretrieved for the tasks that are done
// (the prompt reports them as soon as the loop is idle after they ended)
// and the plain futures that were collected; live plain futures stay
// tracked until they are collected or the loop closes.
func (l *Loop) ReportUnretrievedTasks(t *Thread) { l.reportUnretrieved(t, true, false) }

// reportCollected reports the futures and tasks that died (gc.collect, or
// the Go collector's cleanup raised the breaker).
func (l *Loop) reportCollected(t *Thread) { l.reportUnretrieved(t, true, true) }

func (l *Loop) reportUnretrieved(t *Thread, tasksOnly, deadOnly bool) {
	list := l.unretrieved
	l.unretrieved = nil
	var keep []*lostRec
	for _, r := range list {
		if r.done {
			continue
		}
		if r.futType != nil {
			f := r.fut.Value()
			if f != nil && (tasksOnly || deadOnly) {
				keep = append(keep, r)
				continue
			}
			if f != nil {
				if !f.logTraceback {
					continue
				}
				f.logTraceback = false
			}
			r.done = true
			delete(l.lostFuts, r.fut)
			l.reportLostFuture(t, r, f)
			continue
		}
		tk := r.w.Value()
		if deadOnly && tk != nil {
			keep = append(keep, r)
			continue
		}
		if tk != nil {
			if !tk.logTraceback {
				continue
			}
			tk.setLog(false)
		}
		r.done = true
		delete(l.lostByID, r.note.id)
		l.reportLost(t, r, tk)
	}
	// reports may have added records (a __repr__ that fails a task)
	l.unretrieved = append(keep, l.unretrieved...)
}

// reportLostFuture prints the report of plain-future record r (f is the
// future when it is still alive). CPython's future is resurrected by its
// __del__ for the report; a collected one is stood in for by a finished
// future of the same type with the same exception.
func (l *Loop) reportLostFuture(t *Thread, r *lostRec, f *Future) {
	const msg = "Future exception was never retrieved"
	exc := r.exc
	if f != nil {
		exc = f.exc
	} else {
		f = &Future{loop: l, exc: exc, state: futFinished}
		if r.futType != FutureType {
			f.more = &futureMore{cls: r.futType}
		}
	}
	if l.ContextHandler != nil {
		ctx := NewDict()
		ctx.SetStr("message", Str(msg))
		ctx.SetStr("exception", Value{o: exc})
		ctx.SetStr("future", Value{o: f})
		l.ContextHandler(t, ctx)
		return
	}
	l.vm.WriteStderr(msg + "\nfuture: " + f.reprString(t) + "\n" + t.FormatExceptionPlain(exc))
}

// reportLost prints the report of task record r.
func (l *Loop) reportLost(t *Thread, r *lostRec, tk *Task) {
	if l.ContextHandler != nil {
		// the script's loop exception handler gets CPython's context; a
		// collected task is gone, so its context has no 'task'
		ctx := NewDict()
		ctx.SetStr("message", Str("Task exception was never retrieved"))
		ctx.SetStr("exception", Value{o: r.exc})
		if tk != nil {
			ctx.SetStr("task", Value{o: tk})
		}
		l.ContextHandler(t, ctx)
		return
	}
	var b strings.Builder
	exc, _ := t.Repr(Value{o: r.exc})
	name, _ := t.Repr(Str(r.note.taskName()))
	fmt.Fprintf(&b, "Task exception was never retrieved\nfuture: <Task finished name=%s coro=<%s() done, defined at %s:%d> exception=%s", name, r.qual, r.file, r.line, exc)
	if len(r.note.stack) > 0 {
		c := userEntry(r.note.stack)
		fmt.Fprintf(&b, " created at %s:%d", c.Filename, c.Line)
	}
	b.WriteString(">\n")
	if len(r.note.stack) > 0 {
		// debug mode: CPython's source traceback of the task
		b.WriteString("source_traceback: Object created at (most recent call last):\n")
		for _, e := range r.note.stack {
			fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", e.Filename, e.Line, e.Name)
			if src := strings.TrimSpace(l.vm.SourceLine(e.Filename, e.Line)); src != "" {
				fmt.Fprintf(&b, "    %s\n", src)
			}
		}
	}
	b.WriteString(t.FormatExceptionPlain(r.exc))
	l.vm.WriteStderr(b.String())
}

// reportDeadTasks reports the unretrieved exceptions of the tasks that
// were collected (called on the VM's goroutine).
func (vm *VM) reportDeadTasks(t *Thread) {
	vm.fin.lostDied.Store(false)
	if l := vm.loop; l != nil && t != nil && (len(l.lostByID) > 0 || len(l.lostFuts) > 0) {
		l.reportCollected(t)
	}
}
