package stdlib

import (
	"strconv"

	"github.com/pyasync/pyasync/vm"
)

// asyncio.Lock, Event, Semaphore and BoundedSemaphore in Go.
//
// Behaviour, as documented for Python 3.11: waiters are served first come,
// first served; a lock or semaphore that has a waiter whose wake-up is
// pending is not taken by a newcomer; a waiter cancelled after it was woken
// passes the wake-up on. Every wait is one waiter future on the running
// loop, completed with call_soon-scheduled wake-ups exactly where a task
// awaiting a Python-level future would be woken, so interleavings are
// CPython's. acquire() and wait() return awaitables (lockOp) that implement
// vm.AwaitThrower, so cancelling the waiting task runs their clean-up.
//
// The primitives remember their holder (Lock: the task that acquired it)
// and the tasks waiting on them, for reports that must name them
// (a deadlock report): see Holders and Waiters.

var (
	aLockType      = vm.NewNativeType("Lock", "asyncio.locks", nil, func(cls *vm.Type) vm.Object { return &asyncLock{prim: prim{cls: cls}} })
	aEventType     = vm.NewNativeType("Event", "asyncio.locks", nil, func(cls *vm.Type) vm.Object { return &asyncEvent{prim: prim{cls: cls}} })
	aSemaphoreType = vm.NewNativeType("Semaphore", "asyncio.locks", nil, func(cls *vm.Type) vm.Object {
		return &asyncSemaphore{prim: prim{cls: cls}, value: 1}
	})
	aBoundedSemaphoreType = vm.NewNativeType("BoundedSemaphore", "asyncio.locks", aSemaphoreType, func(cls *vm.Type) vm.Object {
		return &asyncSemaphore{prim: prim{cls: cls}, value: 1, bound: 1, bounded: true}
	})
	lockOpType     = vm.NewNativeType("_LockWait", "asyncio.locks", nil, nil)
	readyAwaitType = vm.NewNativeType("_Ready", "asyncio", nil, nil)
)

// readyAwait is an awaitable that is already done (what __aexit__ gives).
type readyAwait struct {
	v    vm.Value
	used bool
}

func (*readyAwait) Type() *vm.Type { return readyAwaitType }

// AwaitStep implements vm.AwaitStepper.
func (r *readyAwait) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	if r.used {
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
	}
	r.used = true
	return r.v, true, nil
}

// WaitTarget is implemented by the asyncio primitives a task can wait on
// (Lock, Event, Semaphore, BoundedSemaphore): the tasks holding it (a
// Lock's owner; none for the others, which have no owner) and the tasks
// waiting for it, first waiter first. Reports that must name who waits for
// whom (a deadlock report) read them.
type WaitTarget interface {
	Holders() []*vm.Task
	Waiters() []*vm.Task
}

// waiter is one task waiting on a primitive.
type waiter struct {
	fut  *vm.Future
	task *vm.Task
}

// prim is what the primitives share: the class (a script may subclass
// them), instance attributes, and the FIFO of waiters.
type prim struct {
	cls     *vm.Type
	dict    *vm.Dict
	waiters []waiter
}

// InstanceDict lets script subclasses keep attributes.
func (p *prim) InstanceDict() *vm.Dict {
	if p.dict == nil {
		p.dict = vm.NewDict()
	}
	return p.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (p *prim) PeekInstanceDict() *vm.Dict { return p.dict }

// Waiters returns the tasks waiting on the primitive, first waiter first.
func (p *prim) Waiters() []*vm.Task {
	out := make([]*vm.Task, 0, len(p.waiters))
	for _, w := range p.waiters {
		if w.task != nil && !w.fut.Done() {
			out = append(out, w.task)
		}
	}
	return out
}

func (p *prim) enqueue(l *vm.Loop) *vm.Future {
	f := l.NewFuture()
	p.waiters = append(p.waiters, waiter{fut: f, task: l.CurrentTask()})
	f.Blocking = true
	return f
}

func (p *prim) remove(f *vm.Future) {
	for i, w := range p.waiters {
		if w.fut == f {
			copy(p.waiters[i:], p.waiters[i+1:])
			p.waiters[len(p.waiters)-1] = waiter{}
			p.waiters = p.waiters[:len(p.waiters)-1]
			return
		}
	}
}

// onlyCancelled reports whether every waiter (if any) was cancelled.
func (p *prim) onlyCancelled() bool {
	for _, w := range p.waiters {
		if !w.fut.Cancelled() {
			return false
		}
	}
	return true
}

// reprTail is ", waiters:N" when there are waiters.
func (p *prim) reprTail() string {
	if len(p.waiters) == 0 {
		return ""
	}
	return ", waiters:" + strconv.Itoa(len(p.waiters))
}

// asyncLock is asyncio.Lock.
type asyncLock struct {
	prim
	locked bool
	holder *vm.Task
}

func (l *asyncLock) Type() *vm.Type { return l.cls }

// Holders implements WaitTarget: the task holding the lock (none when it is free or was
// taken outside a task).
func (l *asyncLock) Holders() []*vm.Task {
	if !l.locked || l.holder == nil {
		return nil
	}
	return []*vm.Task{l.holder}
}

func (l *asyncLock) take(lp *vm.Loop) {
	l.locked = true
	l.holder = nil
	if lp != nil {
		l.holder = lp.CurrentTask()
	}
}

func (l *asyncLock) release() error {
	if !l.locked {
		return vm.Errorf(vm.RuntimeError, "Lock is not acquired.")
	}
	l.locked = false
	l.holder = nil
	l.wakeFirst()
	return nil
}

// wakeFirst wakes the first waiter unless its wake-up is already on its way.
func (l *asyncLock) wakeFirst() {
	if len(l.waiters) > 0 && !l.waiters[0].fut.Done() {
		_ = l.waiters[0].fut.SetResult(vm.True)
	}
}

// asyncEvent is asyncio.Event.
type asyncEvent struct {
	prim
	set bool
}

func (e *asyncEvent) Type() *vm.Type { return e.cls }

// Holders implements WaitTarget: an event has no holder.
func (e *asyncEvent) Holders() []*vm.Task { return nil }

// asyncSemaphore is asyncio.Semaphore and BoundedSemaphore.
type asyncSemaphore struct {
	prim
	value   int64
	bound   int64
	bounded bool
}

func (s *asyncSemaphore) Type() *vm.Type { return s.cls }

// Holders implements WaitTarget: a semaphore's units have no owner (any
// task may release them).
func (s *asyncSemaphore) Holders() []*vm.Task { return nil }

func (s *asyncSemaphore) isLocked() bool {
	return s.value == 0 || !s.onlyCancelled()
}

// wakeNext hands one unit to the first waiter not woken yet.
func (s *asyncSemaphore) wakeNext() {
	for _, w := range s.waiters {
		if !w.fut.Done() {
			s.value--
			_ = w.fut.SetResult(vm.True)
			return
		}
	}
}

func (s *asyncSemaphore) release() error {
	if s.bounded && s.value >= s.bound {
		return vm.Errorf(vm.ValueError, "BoundedSemaphore released too many times")
	}
	s.value++
	s.wakeNext()
	return nil
}

type lockOpKind uint8

const (
	waitLock lockOpKind = iota
	waitEvent
	waitSemaphore
)

// lockOp is the awaitable of Lock.acquire(), Event.wait() and
// Semaphore.acquire() (and of __aenter__, which gives None).
type lockOp struct {
	target   vm.Object
	kind     lockOpKind
	asEnter  bool // __aenter__: the await gives None
	fut      *vm.Future
	finished bool
}

func (*lockOp) Type() *vm.Type { return lockOpType }

func (o *lockOp) result() vm.Value {
	if o.asEnter {
		return vm.None
	}
	return vm.True
}

// AwaitStep implements vm.AwaitStepper: the first step takes the
// primitive or queues a waiter future and yields it; the step after the
// wake-up takes what the waker handed over.
func (o *lockOp) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	if o.finished {
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
	}
	lp := t.VM().RunningLoop()
	if o.fut != nil {
		o.finished = true
		switch p := o.target.(type) {
		case *asyncLock:
			p.remove(o.fut)
			p.take(lp)
		case *asyncEvent:
			p.remove(o.fut)
		case *asyncSemaphore:
			p.remove(o.fut)
			if p.value > 0 {
				p.wakeNext()
			}
		}
		return o.result(), true, nil
	}
	switch p := o.target.(type) {
	case *asyncLock:
		if !p.locked && p.onlyCancelled() {
			o.finished = true
			p.take(lp)
			return o.result(), true, nil
		}
	case *asyncEvent:
		if p.set {
			o.finished = true
			return o.result(), true, nil
		}
	case *asyncSemaphore:
		if !p.isLocked() {
			o.finished = true
			p.value--
			return o.result(), true, nil
		}
	}
	if lp == nil {
		o.finished = true
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "no running event loop")
	}
	switch p := o.target.(type) {
	case *asyncLock:
		o.fut = p.enqueue(lp)
	case *asyncEvent:
		o.fut = p.enqueue(lp)
	case *asyncSemaphore:
		o.fut = p.enqueue(lp)
	}
	return o.fut.Value(), false, nil
}

// AwaitThrow implements vm.AwaitThrower: a waiter that leaves (cancelled,
// or an exception thrown in) gives up its place; a cancelled waiter that
// had already been handed the lock or a unit passes it on.
func (o *lockOp) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	o.finished = true
	f := o.fut
	if f == nil {
		return vm.Value{}, false, exc
	}
	cancelled := exc.IsInstance(vm.CancelledError)
	switch p := o.target.(type) {
	case *asyncLock:
		p.remove(f)
		if cancelled && !p.locked {
			p.wakeFirst()
		}
	case *asyncEvent:
		p.remove(f)
	case *asyncSemaphore:
		p.remove(f)
		if cancelled && f.Done() && !f.Cancelled() {
			p.value++
			p.wakeNext()
		}
	}
	return vm.Value{}, false, exc
}

// overridden reports whether a script subclass of a native primitive
// redefines name.
func overridden(cls *vm.Type, name string) bool {
	if cls.IsNativeType() {
		return false
	}
	m, ok := cls.Lookup(name)
	if !ok {
		return false
	}
	_, native := m.Object().(*vm.BuiltinMethod)
	return !native
}

// enterVia calls the script-level acquire() of a subclass that redefines
// it (asyncio.pya's _acquire_for_with), so "async with" honours it.
func enterVia(t *vm.Thread, self vm.Value) (vm.Value, error) {
	fn, ok := t.VM().State["asyncio._acquire_for_with"].(vm.Value)
	if !ok {
		return vm.Value{}, vm.Errorf(vm.RuntimeError, "asyncio is not initialised")
	}
	return t.Call(fn, []vm.Value{self}, nil)
}

func noArgs(name string, args []vm.Value, kw []string) error {
	if len(kw) > 0 {
		return vm.Errorf(vm.TypeError, "%s() got an unexpected keyword argument '%s'", name, kw[0])
	}
	return vm.ArgCount(name, args, kw, 0, 0)
}

// objRepr is CPython's "<module.Class object at 0x... [extra]>".
func objRepr(self vm.Value, extra string) string {
	cls := self.Type()
	return "<" + cls.FullName() + " object at 0x" + strconv.FormatUint(uint64(vm.ObjectID(self)), 16) + " [" + extra + "]>"
}

func init() {
	L := aLockType
	L.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, noArgs("Lock.__init__", args, kw)
	})
	L.NewMethod("locked", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*asyncLock).locked), nil
	})
	L.NewMethod("acquire", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := noArgs("acquire", args, kw); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&lockOp{target: self.Object(), kind: waitLock}), nil
	})
	L.NewMethod("release", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, self.Object().(*asyncLock).release()
	})
	L.NewMethod("__aenter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		l := self.Object().(*asyncLock)
		if overridden(l.cls, "acquire") {
			return enterVia(t, self)
		}
		return vm.ObjectValue(&lockOp{target: l, kind: waitLock, asEnter: true}), nil
	})
	L.NewMethod("__aexit__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		l := self.Object().(*asyncLock)
		if overridden(l.cls, "release") {
			if _, err := t.CallMethod(self, "release"); err != nil {
				return vm.Value{}, err
			}
		} else if err := l.release(); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&readyAwait{v: vm.None}), nil
	})
	L.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		l := self.Object().(*asyncLock)
		s := "unlocked"
		if l.locked {
			s = "locked"
		}
		return vm.Str(objRepr(self, s+l.reprTail())), nil
	})

	E := aEventType
	E.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, noArgs("Event.__init__", args, kw)
	})
	E.NewMethod("is_set", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*asyncEvent).set), nil
	})
	E.NewMethod("set", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		e := self.Object().(*asyncEvent)
		if !e.set {
			e.set = true
			for _, w := range e.waiters {
				if !w.fut.Done() {
					_ = w.fut.SetResult(vm.True)
				}
			}
		}
		return vm.None, nil
	})
	E.NewMethod("clear", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		self.Object().(*asyncEvent).set = false
		return vm.None, nil
	})
	E.NewMethod("wait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := noArgs("wait", args, kw); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&lockOp{target: self.Object(), kind: waitEvent}), nil
	})
	E.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		e := self.Object().(*asyncEvent)
		s := "unset"
		if e.set {
			s = "set"
		}
		return vm.Str(objRepr(self, s+e.reprTail())), nil
	})

	S := aSemaphoreType
	S.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var value vm.Value
		if err := vm.UnpackArgs("Semaphore.__init__", args, kw, []string{"value?"}, &value); err != nil {
			return vm.Value{}, err
		}
		s := self.Object().(*asyncSemaphore)
		n := int64(1)
		if value.IsValid() {
			var err error
			if n, err = t.Index(value); err != nil {
				return vm.Value{}, err
			}
		}
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "Semaphore initial value must be >= 0")
		}
		s.value, s.bound = n, n
		return vm.None, nil
	})
	S.NewMethod("locked", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*asyncSemaphore).isLocked()), nil
	})
	S.NewMethod("acquire", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := noArgs("acquire", args, kw); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&lockOp{target: self.Object(), kind: waitSemaphore}), nil
	})
	S.NewMethod("release", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, self.Object().(*asyncSemaphore).release()
	})
	S.NewMethod("__aenter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s := self.Object().(*asyncSemaphore)
		if overridden(s.cls, "acquire") {
			return enterVia(t, self)
		}
		return vm.ObjectValue(&lockOp{target: s, kind: waitSemaphore, asEnter: true}), nil
	})
	S.NewMethod("__aexit__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s := self.Object().(*asyncSemaphore)
		if overridden(s.cls, "release") {
			if _, err := t.CallMethod(self, "release"); err != nil {
				return vm.Value{}, err
			}
		} else if err := s.release(); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&readyAwait{v: vm.None}), nil
	})
	S.NewGetSet("_value", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(self.Object().(*asyncSemaphore).value), nil
	}, nil)
	S.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s := self.Object().(*asyncSemaphore)
		r := "locked"
		if !s.isLocked() {
			r = "unlocked, value:" + strconv.FormatInt(s.value, 10)
		}
		return vm.Str(objRepr(self, r+s.reprTail())), nil
	})

	for _, typ := range []*vm.Type{lockOpType, readyAwaitType} {
		typ.NewMethod("__await__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return self, nil
		})
		typ.NewMethod("__iter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return self, nil
		})
		typ.NewMethod("__next__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			v, done, err := self.Object().(vm.AwaitStepper).AwaitStep(t, vm.None)
			if err != nil {
				return vm.Value{}, err
			}
			if done {
				return vm.Value{}, vm.NewException(vm.StopIteration, v)
			}
			return v, nil
		})
	}
}
