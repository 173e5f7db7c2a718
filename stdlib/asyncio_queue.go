package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// asyncio.Queue in Go: the same algorithm as CPython 3.11's queues.py
// (FIFO deques of waiter futures, _wakeup_next, the cleanup of a cancelled
// get/put), so the order in which tasks are woken is CPython's. put(), get()
// and join() return awaitables that implement vm.AwaitThrower, which lets
// them run the cleanup of CPython's "except:" clause when the waiting task is
// cancelled. PriorityQueue and LifoQueue subclass it in asyncio.pya by
// overriding _init/_put/_get; those hooks are honoured when a subclass
// defines them.

var (
	queueType       = vm.NewNativeType("Queue", "asyncio", nil, func(cls *vm.Type) vm.Object { return &queue{cls: cls} })
	queueOpType     = vm.NewNativeType("_QueueOp", "asyncio", nil, nil)
	queueEmptyClass = vm.NewExceptionType("QueueEmpty", "asyncio.queues", vm.ExceptionType)
	queueFullClass  = vm.NewExceptionType("QueueFull", "asyncio.queues", vm.ExceptionType)
)

type queue struct {
	cls        *vm.Type
	dict       *vm.Dict
	maxsize    int64
	items      []vm.Value // FIFO with head index (when no _put/_get hooks)
	head       int
	getters    []*vm.Future
	putters    []*vm.Future
	unfinished int64
	finished   bool
	joiners    []*vm.Future
	hooks      bool // a subclass overrides _put/_get/_qsize
}

func (q *queue) Type() *vm.Type { return q.cls }

// InstanceDict lets script subclasses keep attributes.
func (q *queue) InstanceDict() *vm.Dict {
	if q.dict == nil {
		q.dict = vm.NewDict()
	}
	return q.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (q *queue) PeekInstanceDict() *vm.Dict { return q.dict }

func qself(v vm.Value) *queue { return v.Object().(*queue) }

func (q *queue) qsize(t *vm.Thread, self vm.Value) (int, error) {
	if q.hooks {
		r, err := t.CallMethod(self, "qsize")
		if err != nil {
			return 0, err
		}
		n, _ := r.AsInt64()
		return int(n), nil
	}
	return len(q.items) - q.head, nil
}

func (q *queue) full(t *vm.Thread, self vm.Value) (bool, error) {
	if q.maxsize <= 0 {
		return false, nil
	}
	n, err := q.qsize(t, self)
	return int64(n) >= q.maxsize, err
}

func (q *queue) empty(t *vm.Thread, self vm.Value) (bool, error) {
	n, err := q.qsize(t, self)
	return n == 0, err
}

// wakeupNext completes the first waiter that is not done yet.
func wakeupNext(waiters *[]*vm.Future) {
	for len(*waiters) > 0 {
		w := (*waiters)[0]
		(*waiters)[0] = nil
		*waiters = (*waiters)[1:]
		if !w.Done() {
			_ = w.SetResult(vm.None)
			return
		}
	}
}

func removeWaiter(waiters *[]*vm.Future, f *vm.Future) bool {
	for i, w := range *waiters {
		if w == f {
			*waiters = append((*waiters)[:i], (*waiters)[i+1:]...)
			return true
		}
	}
	return false
}

func (q *queue) putNowait(t *vm.Thread, self, item vm.Value) error {
	full, err := q.full(t, self)
	if err != nil {
		return err
	}
	if full {
		return vm.NewException(queueFullClass)
	}
	if q.hooks {
		if _, err := t.CallMethod(self, "_put", item); err != nil {
			return err
		}
	} else {
		q.items = append(q.items, item)
	}
	q.unfinished++
	q.finished = false
	wakeupNext(&q.getters)
	return nil
}

func (q *queue) getNowait(t *vm.Thread, self vm.Value) (vm.Value, error) {
	empty, err := q.empty(t, self)
	if err != nil {
		return vm.Value{}, err
	}
	if empty {
		return vm.Value{}, vm.NewException(queueEmptyClass)
	}
	var item vm.Value
	if q.hooks {
		item, err = t.CallMethod(self, "_get")
		if err != nil {
			return vm.Value{}, err
		}
	} else {
		item = q.items[q.head]
		q.items[q.head] = vm.Value{}
		q.head++
		if q.head == len(q.items) {
			q.items, q.head = q.items[:0], 0
		} else if q.head > 64 && q.head*2 > len(q.items) {
			q.items = append(q.items[:0], q.items[q.head:]...)
			q.head = 0
		}
	}
	wakeupNext(&q.putters)
	return item, nil
}

type queueOpKind uint8

const (
	opPut queueOpKind = iota
	opGet
	opJoin
)

// queueOp is the awaitable of put(), get() and join().
type queueOp struct {
	q      *queue
	self   vm.Value
	kind   queueOpKind
	item   vm.Value
	waiter *vm.Future
	done   bool
}

func (*queueOp) Type() *vm.Type { return queueOpType }

// AwaitStep implements vm.AwaitStepper: the "while full/empty: await a
// waiter future" loop of Queue.put/get, and join's Event.wait.
func (o *queueOp) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	q := o.q
	if o.done {
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
	}
	if o.kind == opJoin {
		if o.waiter != nil {
			removeWaiter(&q.joiners, o.waiter)
			o.done = true
			return vm.None, true, nil
		}
		if q.unfinished == 0 || q.finished {
			o.done = true
			return vm.None, true, nil
		}
		o.waiter = t.VM().Loop().NewFuture()
		q.joiners = append(q.joiners, o.waiter)
		o.waiter.Blocking = true
		return o.waiter.Value(), false, nil
	}
	l := t.VM().RunningLoop()
	for {
		var wait bool
		var err error
		if o.kind == opPut {
			wait, err = q.full(t, o.self)
		} else {
			wait, err = q.empty(t, o.self)
		}
		if err != nil {
			o.done = true
			return vm.Value{}, false, err
		}
		if !wait {
			break
		}
		if l == nil {
			o.done = true
			return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		o.waiter = l.NewFuture()
		if o.kind == opPut {
			q.putters = append(q.putters, o.waiter)
		} else {
			q.getters = append(q.getters, o.waiter)
		}
		o.waiter.Blocking = true
		return o.waiter.Value(), false, nil
	}
	o.done = true
	if o.kind == opPut {
		return vm.None, true, q.putNowait(t, o.self, o.item)
	}
	v, err := q.getNowait(t, o.self)
	return v, true, err
}

// AwaitThrow implements vm.AwaitThrower: CPython's
// "except: waiter.cancel(); remove it; wake the next waiter if the queue
// can serve it; raise".
func (o *queueOp) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	q := o.q
	o.done = true
	w := o.waiter
	if w == nil {
		return vm.Value{}, false, exc
	}
	if o.kind == opJoin {
		removeWaiter(&q.joiners, w)
		return vm.Value{}, false, exc
	}
	w.Cancel(vm.None)
	if o.kind == opPut {
		removeWaiter(&q.putters, w)
		if full, err := q.full(t, o.self); err == nil && !full && !w.Cancelled() {
			wakeupNext(&q.putters)
		}
	} else {
		removeWaiter(&q.getters, w)
		if empty, err := q.empty(t, o.self); err == nil && !empty && !w.Cancelled() {
			wakeupNext(&q.getters)
		}
	}
	return vm.Value{}, false, exc
}

func init() {
	Q := queueType
	Q.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var maxsize vm.Value
		if err := vm.UnpackArgs("Queue", args, kw, []string{"maxsize?"}, &maxsize); err != nil {
			return vm.Value{}, err
		}
		q := qself(self)
		if maxsize.IsValid() {
			n, ok := maxsize.AsInt64()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "maxsize must be an int")
			}
			q.maxsize = n
		}
		q.finished = true
		if q.cls != queueType {
			for _, name := range []string{"_put", "_get", "qsize", "_init"} {
				if m, ok := q.cls.Lookup(name); ok {
					if _, native := m.Object().(*vm.BuiltinMethod); !native {
						q.hooks = true
					}
				}
			}
			if q.hooks {
				if _, err := t.CallMethod(self, "_init", vm.Int(q.maxsize)); err != nil {
					return vm.Value{}, err
				}
			}
		}
		return vm.None, nil
	})
	Q.NewMethod("qsize", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q := qself(self)
		if q.hooks {
			r, err := t.CallMethod(self, "_qsize")
			if err == nil {
				return r, nil
			}
		}
		return vm.Int(int64(len(q.items) - q.head)), nil
	})
	Q.NewMethod("_qsize", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q := qself(self)
		if v, ok := q.InstanceDict().GetStr("_queue"); ok {
			n, err := t.Len(v)
			return vm.Int(int64(n)), err
		}
		return vm.Int(int64(len(q.items) - q.head)), nil
	})
	Q.NewGetSet("maxsize", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(qself(self).maxsize), nil
	}, nil)
	Q.NewMethod("empty", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		b, err := qself(self).empty(t, self)
		return vm.Bool(b), err
	})
	Q.NewMethod("full", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		b, err := qself(self).full(t, self)
		return vm.Bool(b), err
	})
	Q.NewMethod("put_nowait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("put_nowait", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return vm.None, qself(self).putNowait(t, self, args[0])
	})
	Q.NewMethod("get_nowait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return qself(self).getNowait(t, self)
	})
	Q.NewMethod("put", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("put", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&queueOp{q: qself(self), self: self, kind: opPut, item: args[0]}), nil
	})
	Q.NewMethod("get", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(&queueOp{q: qself(self), self: self, kind: opGet}), nil
	})
	Q.NewMethod("join", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(&queueOp{q: qself(self), self: self, kind: opJoin}), nil
	})
	Q.NewMethod("task_done", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q := qself(self)
		if q.unfinished <= 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "task_done() called too many times")
		}
		q.unfinished--
		if q.unfinished == 0 {
			q.finished = true
			for _, w := range q.joiners {
				if !w.Done() {
					_ = w.SetResult(vm.True)
				}
			}
		}
		return vm.None, nil
	})
	Q.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q := qself(self)
		return vm.Str("<" + q.cls.Name + " maxsize=" + itoa(q.maxsize) + ">"), nil
	})
	Q.NewClassMethod("__class_getitem__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	queueOpType.NewMethod("__await__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	queueOpType.NewMethod("__iter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	queueOpType.NewMethod("__next__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		v, done, err := self.Object().(*queueOp).AwaitStep(t, vm.None)
		if err != nil {
			return vm.Value{}, err
		}
		if done {
			return vm.Value{}, vm.NewException(vm.StopIteration, v)
		}
		return v, nil
	})
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
