package vm

import (
	"slices"
	"strings"
	"unsafe"
)

type futState uint8

const (
	futPending futState = iota
	futCancelled
	futFinished
)

// The asyncio exception and future types, created here so that the loop,
// tasks and the asyncio module share them.
var (
	CancelledError     = newExcType("CancelledError", BaseException)
	InvalidStateError  = newExcType("InvalidStateError", ExceptionType)
	FutureType         = newBuiltinType("Future", ObjectType)
	TaskType           = newBuiltinType("Task", FutureType)
	futureIterType     = newBuiltinType("FutureIter", ObjectType)
	futureCallbackType = newBuiltinType("_future_callback", ObjectType)
)

func init() {
	CancelledError.Module = "asyncio.exceptions"
	InvalidStateError.Module = "asyncio.exceptions"
	// CPython's Task and Future are C types of _asyncio: their tp_name,
	// repr and __module__ say so.
	FutureType.Module = "_asyncio"
	TaskType.Module = "_asyncio"
	FutureType.SetDottedName("_asyncio.Future")
	TaskType.SetDottedName("_asyncio.Task")
	FutureType.QualName = "Future"
	TaskType.QualName = "Task"
	FutureType.newInstance = func(cls *Type) Object { return &Future{more: &futureMore{cls: cls}} }
}

// doneCallback is one callback of a future: Go or script. A future's
// callbacks form a ring through next (Future.cbs is the last one). It is
// 32 bytes (asyncio.gather adds one per child): what the callback is
// depends on fn and on obj's dynamic type.
type doneCallback struct {
	// fn is a Go callback; obj is then nil or the *Future that fn
	// completes — the future awaiting this one, for the call graph (see
	// AddDoneCallbackFor) — and, once the entry is scheduled, the future
	// that completed: the entry is then the loop's ready-queue item.
	fn func(*Future)
	// obj, when fn is nil, is a *wakeTask (a task waiting on the future:
	// Task.__wakeup) or a script callable: its Object when the Value's
	// word is zero (every heap object, None, False, 0), else a *Value.
	obj  any
	next *doneCallback
}

// wakeTask is a Task as a done callback's obj: a task to wake, told apart
// from a script callback that happens to be a task.
type wakeTask Task

// scriptCallback returns the callback entry for script callable fn.
func scriptCallback(fn Value) doneCallback {
	if fn.n == 0 {
		return doneCallback{obj: fn.o}
	}
	return doneCallback{obj: &fn}
}

// wakes returns the task a callback wakes, or nil.
func (cb *doneCallback) wakes() *Task {
	if w, ok := cb.obj.(*wakeTask); ok && cb.fn == nil {
		return (*Task)(w)
	}
	return nil
}

// script returns the callable of a script callback.
func (cb *doneCallback) script() Value {
	switch x := cb.obj.(type) {
	case *Value:
		return *x
	case Object:
		return Value{o: x}
	}
	return Value{}
}

// isScript reports whether cb is a script callback.
func (cb *doneCallback) isScript() bool { return cb.fn == nil && cb.obj != nil && cb.wakes() == nil }

// awaiter returns the future a Go callback completes, or nil.
func (cb *doneCallback) awaiter() *Future {
	if cb.fn == nil {
		return nil
	}
	a, _ := cb.obj.(*Future)
	return a
}

// Future is asyncio.Future: a result that will be available later. It is
// also the first field of every Task, so it holds only what tasks use
// too; a 64-byte Future keeps a Task in the 160-byte size class
// (TestTaskLayoutSizes).
type Future struct {
	loop   *Loop
	result Value
	exc    *Exception
	// cbs is the last done callback added (nil: none); cbs.next is the
	// first. One pointer instead of a slice header, and one allocation
	// per callback, as a one-element slice was.
	cbs *doneCallback
	// more holds what most futures never need (nil until needed): the
	// class of a subclass instance, its __dict__, a cancel hook, the
	// cancellation message and error.
	more  *futureMore
	state futState
	// Blocking is asyncio's _asyncio_future_blocking flag.
	Blocking bool
	// logTraceback marks an exception nobody retrieved yet.
	logTraceback bool
	// excRaised: the exception has been raised by Result once.
	excRaised bool
	// isTask: this Future is the first field of a Task (taskOf).
	isTask bool
	// tflags are the Task's flags when isTask (task.go), here because
	// the Future's padding has room for them
	tflags taskFlags
}

// futureMore is the rarely used state of a Future.
type futureMore struct {
	cls  *Type // a native or script subclass (nil: Future or Task)
	dict *Dict // attributes of instances of script subclasses
	// cancelHook, when set, is what cancel() does instead of cancelling
	// the future itself (asyncio.gather's future cancels its children).
	cancelHook func(msg Value) bool
	cancelMsg  Value // the message given to cancel() (zero: none)
	// cancelExc is the CancelledError a cancelled future raises.
	cancelExc *Exception
}

// extra returns f.more, making it on first use.
func (f *Future) extra() *futureMore {
	if f.more == nil {
		f.more = &futureMore{}
	}
	return f.more
}

// taskOf returns the Task whose first field f is (nil for a plain
// future). The conversion is the container-of idiom: f is at offset 0 of
// the Task's allocation, so the pointer stays inside one object (which is
// what -race's pointer checks verify).
func (f *Future) taskOf() *Task {
	if !f.isTask {
		return nil
	}
	return (*Task)(unsafe.Pointer(f))
}

// class is the subclass of the future (nil: Future or Task itself).
func (f *Future) class() *Type {
	if f.more == nil {
		return nil
	}
	return f.more.cls
}

// SetCancelHook makes cancel() call fn instead of cancelling the future
// itself (asyncio.gather's future cancels its children).
func (f *Future) SetCancelHook(fn func(msg Value) bool) { f.extra().cancelHook = fn }

// cancelHook is the hook set by SetCancelHook (nil if none).
func (f *Future) cancelHook() func(msg Value) bool {
	if f.more == nil {
		return nil
	}
	return f.more.cancelHook
}

// Type implements Object.
func (f *Future) Type() *Type {
	if c := f.class(); c != nil {
		return c
	}
	if f.isTask {
		return TaskType
	}
	return FutureType
}

// NewFuture makes a pending future on loop l.
func (l *Loop) NewFuture() *Future { return &Future{loop: l} }

// NewFutureOf makes a pending future of class cls (a native subclass of
// Future) on loop l.
func (l *Loop) NewFutureOf(cls *Type) *Future {
	return &Future{loop: l, more: &futureMore{cls: cls}}
}

// MakeCancelledError is the CancelledError a cancelled future raises
// (Future._make_cancelled_error).
func (f *Future) MakeCancelledError() *Exception { return f.makeCancelledError() }

// CancelMessage is the message cancel() was given (None if none).
func (f *Future) CancelMessage() Value { return orNone(f.cancelMessage()) }

// Loop returns the future's loop.
func (f *Future) Loop() *Loop { return f.loop }

// Done reports whether the future has a result, an exception or was
// cancelled.
func (f *Future) Done() bool { return f.state != futPending }

// Cancelled reports whether the future was cancelled.
func (f *Future) Cancelled() bool { return f.state == futCancelled }

// cancelMessage is the message given to cancel() (zero Value: none).
func (f *Future) cancelMessage() Value {
	if f.more == nil {
		return Value{}
	}
	return f.more.cancelMsg
}

func (f *Future) setCancelMessage(msg Value) {
	if f.more == nil && msg.o == nil {
		return
	}
	f.extra().cancelMsg = msg
}

func (f *Future) setCancelledExc(e *Exception) { f.extra().cancelExc = e }

func (f *Future) makeCancelledError() *Exception {
	if c := f.more; c != nil && c.cancelExc != nil {
		e := c.cancelExc
		c.cancelExc = nil
		return e
	}
	if f.cancelMessage().o == nil || f.cancelMessage().IsNone() {
		return NewException(CancelledError)
	}
	return NewException(CancelledError, f.cancelMessage())
}

// Result returns the result or raises the exception (CancelledError when
// cancelled, InvalidStateError when pending).
func (f *Future) Result() (Value, error) {
	switch f.state {
	case futCancelled:
		return Value{}, f.makeCancelledError()
	case futPending:
		return Value{}, Errorf(InvalidStateError, "Result is not set.")
	}
	f.setLog(false)
	if f.exc != nil {
		// the first retrieval raises the exception with the traceback it
		// had; later ones with none, so that the lines of every raise do
		// not pile up (CPython's future clears its stored traceback)
		if f.excRaised {
			f.exc.Traceback = nil
			if f.exc.rare != nil {
				f.exc.rare.tbObjs = nil
			}
		}
		f.excRaised = true
		return Value{}, f.exc
	}
	return f.result, nil
}

// Exception returns the exception (nil if none), CancelledError when
// cancelled and InvalidStateError when pending.
func (f *Future) Exception() (*Exception, error) {
	switch f.state {
	case futCancelled:
		return nil, f.makeCancelledError()
	case futPending:
		return nil, Errorf(InvalidStateError, "Exception is not set.")
	}
	f.setLog(false)
	return f.exc, nil
}

// SetResult completes the future.
func (f *Future) SetResult(v Value) error {
	if f.state != futPending {
		return Errorf(InvalidStateError, "invalid state")
	}
	f.result = v
	f.state = futFinished
	f.scheduleCallbacks()
	return nil
}

// Reuse makes f pending again, so that the Go code that made it can wait
// on it once more without allocating (a stream reader's waiter). It does
// so only when nothing can still see f finished: f completed with a plain
// None result, has no done callbacks left and no extra state, is not a
// task, and the task that awaited it has taken it (cleared Blocking).
// Call it only once that task has resumed past the await. Otherwise it
// reports false and f is unchanged.
func (f *Future) Reuse() bool {
	if f.state != futFinished || f.exc != nil || f.cbs != nil || f.more != nil || f.isTask || f.Blocking || f.logTraceback || !f.result.IsNone() {
		return false
	}
	f.state = futPending
	f.result = Value{}
	f.excRaised = false
	return true
}

// SetException completes the future with an exception.
func (f *Future) SetException(exc *Exception) error {
	if f.state != futPending {
		return Errorf(InvalidStateError, "invalid state")
	}
	if exc.IsInstance(StopIteration) {
		return Errorf(TypeError, "StopIteration interacts badly with generators and cannot be raised into a Future")
	}
	f.exc = exc
	f.state = futFinished
	f.logTraceback = true
	f.loop.trackUnretrieved(f)
	f.scheduleCallbacks()
	return nil
}

// Cancel cancels a pending future, scheduling its callbacks.
func (f *Future) Cancel(msg Value) bool {
	f.setLog(false)
	if f.state != futPending {
		return false
	}
	f.state = futCancelled
	f.setCancelMessage(msg)
	f.scheduleCallbacks()
	return true
}

func (f *Future) scheduleCallbacks() {
	last := f.cbs
	if last == nil {
		return
	}
	f.cbs = nil
	for cb := last.next; ; cb = cb.next {
		cb := cb
		if tk := cb.wakes(); tk != nil {
			f.loop.callSoonStep(tk, f.wakeupException())
		} else if cb.fn != nil {
			// the entry itself is the ready-queue item (no closure, no
			// Handle): off the ring now, its obj is the future to pass
			cb.obj = f
			f.loop.ready.push(cb)
		} else {
			f.loop.CallSoonScript(cb.script(), []Value{{o: f.self()}})
		}
		if cb == last {
			break
		}
	}
}

// addCallback appends cb to the future's ring of callbacks.
func (f *Future) addCallback(cb doneCallback) {
	n := &cb
	if f.cbs == nil {
		n.next = n
	} else {
		n.next = f.cbs.next
		f.cbs.next = n
	}
	f.cbs = n
}

// callbacks returns the done callbacks in order.
func (f *Future) callbacks() []*doneCallback {
	var out []*doneCallback
	if last := f.cbs; last != nil {
		for cb := last.next; ; cb = cb.next {
			out = append(out, cb)
			if cb == last {
				break
			}
		}
	}
	return out
}

func (f *Future) self() Object {
	if tk := f.taskOf(); tk != nil {
		return tk
	}
	return f
}

// AddDoneCallback adds a Go callback, scheduled with call_soon when the
// future completes (at once if it already has).
func (f *Future) AddDoneCallback(fn func(*Future)) {
	if f.state != futPending {
		f.loop.ready.push(&doneCallback{fn: fn, obj: f})
		return
	}
	f.addCallback(doneCallback{fn: fn})
}

// AddDoneCallbackFor is AddDoneCallback for a callback that completes
// future awaiter from f's outcome (asyncio.gather's future for each of
// its children): the call graph and the task view list awaiter among
// the futures awaiting f while f is pending.
func (f *Future) AddDoneCallbackFor(fn func(*Future), awaiter *Future) {
	if f.state != futPending {
		f.loop.ready.push(&doneCallback{fn: fn, obj: f})
		return
	}
	f.addCallback(doneCallback{fn: fn, obj: awaiter})
}

// AwaitedBy reports whether one of f's Go done callbacks completes
// awaiter (was added by AddDoneCallbackFor with it).
func (f *Future) AwaitedBy(awaiter *Future) bool {
	if last := f.cbs; last != nil {
		for cb := last.next; ; cb = cb.next {
			if cb.awaiter() == awaiter {
				return true
			}
			if cb == last {
				break
			}
		}
	}
	return false
}

// CancelFuture cancels f as its cancel() method does: a task's Cancel,
// the cancel hook, a script subclass's cancel override, or Cancel.
func (f *Future) CancelFuture(msg Value) bool { return f.cancelFuture(msg) }

// Awaiters returns the futures that f's Go done callbacks complete (see
// AddDoneCallbackFor), in order.
func (f *Future) Awaiters() []*Future {
	var out []*Future
	for _, cb := range f.callbacks() {
		if a := cb.awaiter(); a != nil {
			out = append(out, a)
		}
	}
	return out
}

// wakeupException is what a task waiting on f gets thrown in when it wakes
// (nil for a result): Task.__wakeup's future.result() outcome.
func (f *Future) wakeupException() *Exception {
	if _, err := f.Result(); err != nil {
		return asException(err)
	}
	return nil
}

// addWakeup makes task tk's next step wait for f.
func (f *Future) addWakeup(tk *Task) {
	if f.state != futPending {
		f.loop.callSoonStep(tk, f.wakeupException())
		return
	}
	f.addCallback(doneCallback{obj: (*wakeTask)(tk)})
}

// AddDoneCallbackScript adds a script callback.
func (f *Future) AddDoneCallbackScript(fn Value) {
	if f.state != futPending {
		f.loop.CallSoonScript(fn, []Value{{o: f.self()}})
		return
	}
	f.addCallback(scriptCallback(fn))
}

// RemoveDoneCallbackScript removes every occurrence of a script callback,
// returning how many were removed.
func (f *Future) RemoveDoneCallbackScript(t *Thread, fn Value) (int, error) {
	var drop []*doneCallback
	for _, cb := range f.callbacks() {
		if cb.isScript() {
			eq, err := t.Equal(cb.script(), fn)
			if err != nil {
				return 0, err
			}
			if eq {
				drop = append(drop, cb)
			}
		}
	}
	if len(drop) == 0 {
		return 0, nil
	}
	// rebuilt from the ring as it is now: the comparisons ran script
	// code, which may have changed it
	all := f.callbacks()
	f.cbs = nil
	for _, cb := range all {
		if !slices.Contains(drop, cb) {
			f.addCallback(*cb)
		}
	}
	return len(drop), nil
}

// stateName is "PENDING", "CANCELLED" or "FINISHED".
func (f *Future) stateName() string {
	switch f.state {
	case futCancelled:
		return "CANCELLED"
	case futFinished:
		return "FINISHED"
	}
	return "PENDING"
}

// futureIter is what awaiting a Future iterates: it yields the future
// itself while pending, then returns its result.
type futureIter struct{ f *Future }

// Type implements Object.
func (*futureIter) Type() *Type { return futureIterType }

// awaitStep advances an await on a future: (yielded, false) while pending,
// (result, true) when done.
func (it *futureIter) awaitStep(t *Thread) (Value, bool, error) {
	f := it.f
	if f.state == futPending {
		f.Blocking = true
		return Value{o: f.self()}, false, nil
	}
	v, err := f.Result()
	return v, true, err
}

func (f *Future) reprString(t *Thread) string {
	parts := []string{strings.ToLower(f.stateName())}
	if f.state == futFinished {
		if f.exc != nil {
			r, _ := t.Repr(Value{o: f.exc})
			parts = append(parts, "exception="+r)
		} else {
			r, _ := t.Repr(f.result)
			parts = append(parts, "result="+r)
		}
	}
	return "<" + f.Type().ShortName() + " " + strings.Join(parts, " ") + ">"
}
