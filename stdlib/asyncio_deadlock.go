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
func (o *queueOp) DescribeWait(t *vm.Thread) string {
	q := o.q
	n, err := q.qsize(t, o.self)
	if err != nil {
		n = len(q.items) - q.head
	}
	name := o.self.Object().Type().Name
	switch o.kind {
	case opPut:
		return fmt.Sprintf("%s.put() of a full %s (%d of maxsize %d items; %d %s waiting, no getter)",
			name, name, n, q.maxsize, len(q.putters), plural(len(q.putters), "putter", "putters"))
	case opGet:
		return fmt.Sprintf("%s.get() of an empty %s (maxsize %d; %d %s waiting, no putter)",
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
func describePrimitive(t *vm.Thread, self vm.Value) (string, bool) {
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
	switch name {
	case "Event":
		return fmt.Sprintf("an Event that nothing is left to set (%s)", w), true
	case "Lock":
		// the holder is not recorded by this Lock (script code)
		return fmt.Sprintf("a Lock held by a task that will not release it (%s)", w), true
	case "Condition":
		return fmt.Sprintf("a Condition that nothing is left to notify (%s)", w), true
	}
	v := "?"
	if val, err := t.GetAttr(self, "_value"); err == nil {
		v, _ = t.Repr(val)
	}
	return fmt.Sprintf("a %s with value %s that nothing is left to release (%s)", name, v, w), true
}
