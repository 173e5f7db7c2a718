package stdlib

import (
	"fmt"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// What the deadlock report (vm/deadlock.go) says a task waits on, for
// asyncio's queues and synchronization primitives.

// DescribeWait implements vm.WaitDescriber: the queue, its size and the
// other waiters.
func (o *queueOp) DescribeWait(t *vm.Thread, deadlocked bool) string {
	q := o.q
	n, err := q.qsize(t, o.self)
	if err != nil {
		n = len(q.items) - q.head
	}
	name := o.self.Object().Type().Name
	switch o.kind {
	case opPut:
		return fmt.Sprintf("%s.put() of a full %s (%d of maxsize %d items; %d %s waiting)",
			name, name, n, q.maxsize, len(q.putters), plural(len(q.putters), "putter", "putters"))
	case opGet:
		return fmt.Sprintf("%s.get() of an empty %s (maxsize %d; %d %s waiting)",
			name, name, q.maxsize, len(q.getters), plural(len(q.getters), "getter", "getters"))
	}
	return fmt.Sprintf("%s.join() with %d unfinished %s (%d items queued)",
		name, q.unfinished, plural(int(q.unfinished), "task", "tasks"), n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// describePrimitive describes an asyncio Event, Lock, Condition or
// Semaphore written in script code (asyncio.pya) by its attributes.
func describePrimitive(t *vm.Thread, self vm.Value, deadlocked bool) (string, bool) {
	cls := self.Object().Type()
	name := ""
	for _, c := range cls.MRO {
		if strings.HasPrefix(c.Module, "asyncio") {
			switch c.Name {
			case "Event", "Lock", "Condition", "Semaphore", "BoundedSemaphore":
				name = c.Name
			}
		}
		if name != "" {
			break
		}
	}
	if name == "" {
		return "", false
	}
	waiters := 0
	if w, err := t.GetAttr(self, "_waiters"); err == nil && !w.IsNone() {
		if n, err := t.Len(w); err == nil {
			waiters = n
		}
	}
	w := fmt.Sprintf("%d %s", waiters, plural(waiters, "waiter", "waiters"))
	never := func(s string) string {
		if deadlocked {
			return " " + s
		}
		return ""
	}
	switch name {
	case "Event":
		return fmt.Sprintf("an Event%s (%s)", never("that nothing is left to set"), w), true
	case "Lock":
		// the holder is not recorded by this Lock (script code)
		return fmt.Sprintf("a Lock%s (%s)", never("held by a task that will not release it"), w), true
	case "Condition":
		return fmt.Sprintf("a Condition%s (%s)", never("that nothing is left to notify"), w), true
	}
	v := "?"
	if val, err := t.GetAttr(self, "_value"); err == nil {
		v, _ = t.Repr(val)
	}
	return fmt.Sprintf("a %s with value %s%s (%s)", name, v, never("that nothing is left to release"), w), true
}

// DescribeWait implements vm.WaitDescriber for Lock.acquire(),
// Event.wait() and Semaphore.acquire(): the primitive, its holder (a
// Lock's) and its waiters.
func (o *lockOp) DescribeWait(t *vm.Thread, deadlocked bool) string {
	var p *prim
	var what string
	switch x := o.target.(type) {
	case *asyncLock:
		p = &x.prim
		switch h := x.holder; {
		case !x.locked:
			what = "a Lock (free, its wake-up is on its way)"
		case h == nil:
			what = "a Lock held by code outside any task"
		case h.Done():
			what = fmt.Sprintf("a Lock held by Task '%s', which ended without releasing it", h.TaskName())
		case deadlocked:
			what = fmt.Sprintf("a Lock held by Task '%s', which is waiting too", h.TaskName())
		default:
			what = fmt.Sprintf("a Lock held by Task '%s'", h.TaskName())
		}
	case *asyncEvent:
		p = &x.prim
		what = "an Event"
		if deadlocked {
			what += " that nothing is left to set"
		}
	case *asyncSemaphore:
		p = &x.prim
		what = fmt.Sprintf("a %s with value %d", x.Type().Name, x.value)
		if deadlocked {
			what += " that nothing is left to release"
		}
	default:
		return "an asyncio primitive"
	}
	n := len(p.Waiters())
	return fmt.Sprintf("%s (%d %s)", what, n, plural(n, "waiter", "waiters"))
}

// HolderTask implements vm.WaitHolder: the task holding the Lock waited
// on.
func (o *lockOp) HolderTask() *vm.Task {
	if l, ok := o.target.(*asyncLock); ok && l.locked {
		return l.holder
	}
	return nil
}
