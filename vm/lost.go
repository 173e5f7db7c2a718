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
// the prompt, when the loop is idle). Plain futures are held strongly and
// reported when the loop closes, as before.

// lostRec is one future or task whose exception may never be retrieved.
type lostRec struct {
	fut *Future            // a plain future (held), or nil for a task
	w   weak.Pointer[Task] // the task
	exc *Exception
	// the task's coroutine, for its repr (the coroutine is not kept)
	qual, file string
	line       int
	note       escapeNote
	done       bool // reported, or the exception was retrieved
}

// trackUnretrieved remembers a future whose exception may never be
// retrieved.
func (l *Loop) trackUnretrieved(f *Future) {
	tk := f.task
	if tk == nil {
		l.unretrieved = append(l.unretrieved, &lostRec{fut: f})
		return
	}
	code := tk.coro.frame.code
	r := &lostRec{w: weak.Make(tk), exc: f.exc, qual: tk.coro.QualName(), file: code.Filename, line: code.FirstLine, note: tk.escapeNote()}
	if l.lostByID == nil {
		l.lostByID = make(map[int32]*lostRec)
	}
	l.lostByID[tk.id] = r
	l.unretrieved = append(l.unretrieved, r)
	vm := l.vm
	runtime.AddCleanup(tk, func(vm *VM) {
		vm.fin.lostDied.Store(true)
		vm.brk.flag.Or(flagFinalize)
		vm.poke()
	}, vm)
}

// setLog sets the future's logTraceback flag; clearing it on a task marks
// its record retrieved.
func (f *Future) setLog(b bool) {
	if !b && f.logTraceback && f.task != nil && f.loop != nil {
		if r := f.loop.lostByID[f.task.id]; r != nil {
			r.done = true
			delete(f.loop.lostByID, f.task.id)
		}
	}
	f.logTraceback = b
}

// ReportUnretrieved prints "Task exception was never retrieved" (or
// "Future exception ...") for every future whose exception nobody looked at.
func (l *Loop) ReportUnretrieved(t *Thread) { l.reportUnretrieved(t, false, false) }

// ReportUnretrievedTasks is ReportUnretrieved for the tasks that are done
// (the prompt reports them as soon as the loop is idle after they ended);
// plain futures stay tracked until the loop closes.
func (l *Loop) ReportUnretrievedTasks(t *Thread) { l.reportUnretrieved(t, true, false) }

// reportCollected reports the tasks that died (gc.collect, or the Go
// collector's cleanup raised the breaker).
func (l *Loop) reportCollected(t *Thread) { l.reportUnretrieved(t, true, true) }

func (l *Loop) reportUnretrieved(t *Thread, tasksOnly, deadOnly bool) {
	list := l.unretrieved
	l.unretrieved = nil
	var keep []*lostRec
	for _, r := range list {
		if r.done {
			continue
		}
		if f := r.fut; f != nil {
			if !f.logTraceback || f.exc == nil {
				continue
			}
			if tasksOnly {
				keep = append(keep, r)
				continue
			}
			f.logTraceback = false
			fmt.Fprint(l.vm.Stderr, "Future exception was never retrieved\nfuture: "+f.reprString(t)+"\n"+t.FormatExceptionPlain(f.exc))
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
	b.WriteString(r.note.format(l.vm, fmt.Sprintf("Task '%s' was created at", r.note.taskName())))
	b.WriteString(t.FormatExceptionPlain(r.exc))
	fmt.Fprint(l.vm.Stderr, b.String())
}

// reportDeadTasks reports the unretrieved exceptions of the tasks that
// were collected (called on the VM's goroutine).
func (vm *VM) reportDeadTasks(t *Thread) {
	vm.fin.lostDied.Store(false)
	if l := vm.loop; l != nil && t != nil && len(l.lostByID) > 0 {
		l.reportCollected(t)
	}
}
