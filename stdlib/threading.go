package stdlib

import (
	_ "embed"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// Threads: the native primitives (module _thread) under threading.pya,
// concurrent.futures and queue.SimpleQueue. A thread is a goroutine
// running script code under the VM's GIL (as to_thread does); every
// blocking primitive here waits with the GIL released, so the loop and
// other threads go on meanwhile. Signal handlers run only on the main
// thread.

//go:embed threading.pya
var threadingPrelude string

func init() {
	register("_thread", initThreadCore)
	register("_queue", func(v *vm.VM, m *vm.Module) error {
		m.Set("SimpleQueue", vm.ObjectValue(squeueType))
		m.Set("Empty", vm.ObjectValue(emptyError))
		return nil
	})
	register("threading", func(v *vm.VM, m *vm.Module) error { return runPrelude(v, m, "threading", threadingPrelude) })
}

var (
	lockType   = vm.NewNativeType("lock", "_thread", nil, nil)
	rlockType  = vm.NewCType("RLock", "_thread", nil, nil)
	eventType  = vm.NewNativeType("_Event", "_thread", nil, nil)
	squeueType = vm.NewCType("SimpleQueue", "_queue", nil, func(cls *vm.Type) vm.Object { return newSimpleQueue() })
	emptyError = vm.NewExceptionType("Empty", "_queue", vm.ExceptionType)
)

// mainIdent is the ident of the main thread; helper threads count up.
const mainIdent = 1

var threadIdents atomic.Int64

// threadRegistry maps a VM's helper threads to their idents.
type threadRegistry struct {
	mu     sync.Mutex
	idents map[*vm.Thread]int64
}

func threadsOf(v *vm.VM) *threadRegistry {
	if r, ok := v.State["_thread"].(*threadRegistry); ok {
		return r
	}
	r := &threadRegistry{idents: map[*vm.Thread]int64{}}
	v.State["_thread"] = r
	return r
}

// threadIdent returns the ident of the thread running t.
func threadIdent(t *vm.Thread) int64 {
	if !t.IsHelper() {
		return mainIdent
	}
	r := threadsOf(t.VM())
	r.mu.Lock()
	defer r.mu.Unlock()
	if id, ok := r.idents[t]; ok {
		return id
	}
	id := threadIdents.Add(1) + 1
	r.idents[t] = id
	return id
}

// waitChan waits for ch with the GIL released (timeout < 0: no limit); the
// main thread also handles signals meanwhile.
func waitChan(t *vm.Thread, ch <-chan struct{}, timeout time.Duration) (bool, error) {
	return t.VM().WaitInterruptible(t, ch, timeout)
}

// lockObj is _thread.lock: a channel of one token.
type lockObj struct {
	ch chan struct{}
}

func newLock() *lockObj {
	l := &lockObj{ch: make(chan struct{}, 1)}
	l.ch <- struct{}{}
	return l
}

// Type implements vm.Object.
func (*lockObj) Type() *vm.Type { return lockType }

// acquire takes the lock; timeout < 0 waits without limit.
func (l *lockObj) acquire(t *vm.Thread, blocking bool, timeout time.Duration) (bool, error) {
	select {
	case <-l.ch:
		return true, nil
	default:
	}
	if !blocking {
		return false, nil
	}
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		// wait for the token without holding the GIL
		got := make(chan struct{})
		stop := make(chan struct{})
		go func() {
			select {
			case <-l.ch:
				close(got)
			case <-stop:
			}
		}()
		d := time.Duration(-1)
		if timeout >= 0 {
			d = time.Until(deadline)
			if d < 0 {
				d = 0
			}
		}
		ok, err := waitChan(t, got, d)
		close(stop)
		if ok {
			return true, nil
		}
		// the helper may have taken the token just as we stopped
		select {
		case <-got:
			if err != nil {
				l.ch <- struct{}{}
				return false, err
			}
			return true, nil
		default:
		}
		if err != nil {
			return false, err
		}
		if timeout >= 0 && !time.Now().Before(deadline) {
			return false, nil
		}
	}
}

func (l *lockObj) release() error {
	select {
	case l.ch <- struct{}{}:
		return nil
	default:
		return vm.Errorf(vm.RuntimeError, "release unlocked lock")
	}
}

func (l *lockObj) locked() bool { return len(l.ch) == 0 }

// rlockObj is a reentrant lock.
type rlockObj struct {
	l     *lockObj
	owner int64
	count int
}

// Type implements vm.Object.
func (*rlockObj) Type() *vm.Type { return rlockType }

// eventObj is the native half of threading.Event.
type eventObj struct {
	mu  sync.Mutex
	ch  chan struct{}
	set bool
}

// Type implements vm.Object.
func (*eventObj) Type() *vm.Type { return eventType }

func newEvent() *eventObj { return &eventObj{ch: make(chan struct{})} }

func (e *eventObj) fire() {
	e.mu.Lock()
	if !e.set {
		e.set = true
		close(e.ch)
	}
	e.mu.Unlock()
}

func (e *eventObj) clear() {
	e.mu.Lock()
	if e.set {
		e.set = false
		e.ch = make(chan struct{})
	}
	e.mu.Unlock()
}

func (e *eventObj) channel() (chan struct{}, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ch, e.set
}

// simpleQueue is queue.SimpleQueue: an unbounded FIFO whose get waits
// with the GIL released.
type simpleQueue struct {
	mu    sync.Mutex
	items []vm.Value
	ready chan struct{} // closed when items is non-empty
}

func newSimpleQueue() *simpleQueue { return &simpleQueue{ready: make(chan struct{})} }

// Type implements vm.Object.
func (*simpleQueue) Type() *vm.Type { return squeueType }

func (q *simpleQueue) put(v vm.Value) {
	q.mu.Lock()
	q.items = append(q.items, v)
	if len(q.items) == 1 {
		close(q.ready)
	}
	q.mu.Unlock()
}

func (q *simpleQueue) tryGet() (vm.Value, bool, chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return vm.Value{}, false, q.ready
	}
	v := q.items[0]
	q.items[0] = vm.Value{}
	q.items = q.items[1:]
	if len(q.items) == 0 {
		q.ready = make(chan struct{})
	}
	return v, true, nil
}

// blockingArg unpacks (block, timeout) arguments named names: the truth
// of the first (true when not given) and the second as given.
func blockingArg(t *vm.Thread, fname string, args []vm.Value, kw []string, names []string) (bool, vm.Value, error) {
	var b, tv vm.Value
	if err := vm.UnpackArgs(fname, args, kw, names, &b, &tv); err != nil {
		return false, vm.Value{}, err
	}
	if !b.IsValid() {
		return true, tv, nil
	}
	blocking, err := t.Truth(b)
	return blocking, tv, err
}

// blockArgs reads (blocking=True, timeout=-1 or None) arguments.
func blockArgs(t *vm.Thread, fname string, args []vm.Value, kw []string, names []string) (bool, time.Duration, error) {
	blocking, tv, err := blockingArg(t, fname, args, kw, names)
	if err != nil {
		return false, 0, err
	}
	d := time.Duration(-1)
	if given(tv) {
		f, err := toFloat(t, tv)
		if err != nil {
			return false, 0, err
		}
		if f >= 0 {
			if !blocking {
				return false, 0, vm.Errorf(vm.ValueError, "can't specify a timeout for a non-blocking call")
			}
			d = time.Duration(f * float64(time.Second))
		} else if f != -1 {
			return false, 0, vm.Errorf(vm.ValueError, "timeout value must be a non-negative number")
		}
	}
	return blocking, d, nil
}

// queueGetArgs reads SimpleQueue.get's (block=True, timeout=None): a
// non-blocking get ignores the timeout, a negative one is refused (unlike a
// lock's, where -1 means forever), and d is -1 for no timeout.
func queueGetArgs(t *vm.Thread, args []vm.Value, kw []string) (bool, time.Duration, error) {
	blocking, tv, err := blockingArg(t, "get", args, kw, []string{"block?", "timeout?"})
	if err != nil {
		return false, 0, err
	}
	if !blocking || !given(tv) {
		return blocking, -1, nil
	}
	if !tv.IsFloat() && !tv.IsInt() && tv.Type() != vm.BoolType {
		return false, 0, vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", tv.TypeName())
	}
	f, err := toFloat(t, tv)
	if err != nil {
		return false, 0, err
	}
	if f < 0 {
		return false, 0, vm.Errorf(vm.ValueError, "'timeout' must be a non-negative number")
	}
	return true, time.Duration(f * float64(time.Second)), nil
}

func init() {
	L := lockType
	L.NewMethod("acquire", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		blocking, d, err := blockArgs(t, "acquire", args, kw, []string{"blocking?", "timeout?"})
		if err != nil {
			return vm.Value{}, err
		}
		ok, err := self.Object().(*lockObj).acquire(t, blocking, d)
		return vm.Bool(ok), err
	})
	L.NewMethod("__enter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		ok, err := self.Object().(*lockObj).acquire(t, true, -1)
		return vm.Bool(ok), err
	})
	L.NewMethod("release", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return none, self.Object().(*lockObj).release()
	})
	L.NewMethod("__exit__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return none, self.Object().(*lockObj).release()
	})
	L.NewMethod("locked", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*lockObj).locked()), nil
	})
	L.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		state := "unlocked"
		if self.Object().(*lockObj).locked() {
			state = "locked"
		}
		return vm.Str("<" + state + " _thread.lock object at " + addrOf(self.Object()) + ">"), nil
	})

	R := rlockType
	racq := func(t *vm.Thread, r *rlockObj, blocking bool, d time.Duration) (bool, error) {
		me := threadIdent(t)
		if r.count > 0 && r.owner == me {
			r.count++
			return true, nil
		}
		ok, err := r.l.acquire(t, blocking, d)
		if ok {
			r.owner, r.count = me, 1
		}
		return ok, err
	}
	rrel := func(t *vm.Thread, r *rlockObj) error {
		if r.count == 0 || r.owner != threadIdent(t) {
			return vm.Errorf(vm.RuntimeError, "cannot release un-acquired lock")
		}
		r.count--
		if r.count == 0 {
			r.owner = 0
			return r.l.release()
		}
		return nil
	}
	R.NewMethod("acquire", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		blocking, d, err := blockArgs(t, "acquire", args, kw, []string{"blocking?", "timeout?"})
		if err != nil {
			return vm.Value{}, err
		}
		ok, err := racq(t, self.Object().(*rlockObj), blocking, d)
		return vm.Bool(ok), err
	})
	R.NewMethod("__enter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		ok, err := racq(t, self.Object().(*rlockObj), true, -1)
		return vm.Bool(ok), err
	})
	R.NewMethod("release", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return none, rrel(t, self.Object().(*rlockObj))
	})
	R.NewMethod("__exit__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return none, rrel(t, self.Object().(*rlockObj))
	})
	R.NewMethod("_is_owned", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r := self.Object().(*rlockObj)
		return vm.Bool(r.count > 0 && r.owner == threadIdent(t)), nil
	})

	E := eventType
	E.NewMethod("set", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		self.Object().(*eventObj).fire()
		return none, nil
	})
	E.NewMethod("clear", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		self.Object().(*eventObj).clear()
		return none, nil
	})
	E.NewMethod("is_set", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		_, set := self.Object().(*eventObj).channel()
		return vm.Bool(set), nil
	})
	E.NewMethod("wait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var tv vm.Value
		if err := vm.UnpackArgs("wait", args, kw, []string{"timeout?"}, &tv); err != nil {
			return vm.Value{}, err
		}
		d, err := timeoutArg(t, tv)
		if err != nil {
			return vm.Value{}, err
		}
		ch, set := self.Object().(*eventObj).channel()
		if set {
			return vm.True, nil
		}
		ok, err := waitChan(t, ch, d)
		return vm.Bool(ok), err
	})

	Q := squeueType
	Q.NewMethod("put", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var item, block, timeout vm.Value
		if err := vm.UnpackArgs("put", args, kw, []string{"item", "block?", "timeout?"}, &item, &block, &timeout); err != nil {
			return vm.Value{}, err
		}
		self.Object().(*simpleQueue).put(item)
		return none, nil
	})
	Q.NewMethod("put_nowait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("put_nowait", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		self.Object().(*simpleQueue).put(args[0])
		return none, nil
	})
	qget := func(t *vm.Thread, q *simpleQueue, blocking bool, d time.Duration) (vm.Value, error) {
		var deadline time.Time
		if d >= 0 {
			deadline = time.Now().Add(d)
		}
		for {
			v, ok, ready := q.tryGet()
			if ok {
				return v, nil
			}
			if !blocking {
				return vm.Value{}, vm.NewException(emptyError)
			}
			left := time.Duration(-1)
			if d >= 0 {
				left = time.Until(deadline)
				if left <= 0 {
					return vm.Value{}, vm.NewException(emptyError)
				}
			}
			if _, err := waitChan(t, ready, left); err != nil {
				return vm.Value{}, err
			}
		}
	}
	Q.NewMethod("get", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		blocking, d, err := queueGetArgs(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		return qget(t, self.Object().(*simpleQueue), blocking, d)
	})
	Q.NewMethod("get_nowait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return qget(t, self.Object().(*simpleQueue), false, -1)
	})
	Q.NewMethod("empty", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q := self.Object().(*simpleQueue)
		q.mu.Lock()
		defer q.mu.Unlock()
		return vm.Bool(len(q.items) == 0), nil
	})
	Q.NewMethod("qsize", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q := self.Object().(*simpleQueue)
		q.mu.Lock()
		defer q.mu.Unlock()
		return vm.Int(int64(len(q.items))), nil
	})
}

func initThreadCore(v *vm.VM, m *vm.Module) error {
	m.Set("LockType", vm.ObjectValue(lockType))
	m.Set("SimpleQueue", vm.ObjectValue(squeueType))
	m.Set("Empty", vm.ObjectValue(emptyError))
	m.Set("TIMEOUT_MAX", vm.Float(9223372036.0))
	m.SetFunc("allocate_lock", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(newLock()), nil
	})
	m.SetFunc("RLock", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(&rlockObj{l: newLock()}), nil
	})
	m.SetFunc("_event", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(newEvent()), nil
	})
	m.SetFunc("_format_exception", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		e, ok := args[0].Object().(*vm.Exception)
		if !ok {
			return vm.Str(""), nil
		}
		return vm.Str(t.FormatException(e)), nil
	})
	m.SetFunc("get_ident", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(threadIdent(t)), nil
	})
	// start_new_thread(function, args, kwargs=None) -> ident; the
	// function runs on a goroutine under the GIL. An exception it raises
	// is passed to the function given as _excepthook (threading's).
	m.SetFunc("start_new_thread", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var fn, fargs, fkw vm.Value
		if err := vm.UnpackArgs("start_new_thread", args, kw, []string{"function", "args", "kwargs?"}, &fn, &fargs, &fkw); err != nil {
			return vm.Value{}, err
		}
		items, err := t.ToSlice(fargs)
		if err != nil {
			return vm.Value{}, err
		}
		var kwn []string
		if given(fkw) {
			d, ok := fkw.Object().(*vm.Dict)
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "optional 3rd arg must be a dictionary")
			}
			d.Items(func(k, val vm.Value) bool {
				s, _ := k.AsStr()
				kwn = append(kwn, s)
				items = append(items, val)
				return true
			})
		}
		v := t.VM()
		th := v.NewHelperThread()
		id := threadIdent(th)
		go func() {
			v.AcquireGIL()
			_, err := th.Call(fn, items, kwn)
			if err != nil {
				if e, ok := err.(*vm.Exception); ok && !e.IsInstance(vm.SystemExit) {
					s := th.FormatException(e)
					_, _ = v.Stderr.Write([]byte("Unhandled exception in thread started by " + reprOf(th, fn) + "\n" + s))
				}
			}
			r := threadsOf(v)
			r.mu.Lock()
			delete(r.idents, th)
			r.mu.Unlock()
			v.ReleaseGIL()
		}()
		return vm.Int(id), nil
	})
	return nil
}
