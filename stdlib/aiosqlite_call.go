package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// aiosqliteCall is a call of an aiosqlite connection's worker that has not
// run yet: what Connection.execute()/cursor() return (aiosqlite's Result:
// a coroutine that is also an async context manager) and what the
// cursor's fetch*/execute/close return (a coroutine). Awaiting it, or a
// task sending to it, submits fn(*args) to the worker at the first step
// and then waits for the call's future, with no script frame or coroutine
// of its own. As an async context manager its result is what `as` binds,
// and the exit awaits that result's close().
type aiosqliteCall struct {
	typ  *vm.Type
	w    *aiosqliteWorker
	args []vm.Value // fn, then its arguments
	fut  *vm.Future
	// state: callNew (not submitted), callWaiting (submitted), callDone
	// (its result was taken, or it was closed or thrown into)
	state uint8
	// obj is the result bound by `async with ... as` (for __aexit__)
	obj vm.Value
	// cursor is the sqlite3 cursor of a cursor's close (args[0] is its
	// close method): see closeInline
	cursor vm.Value
}

const (
	callNew uint8 = iota
	callWaiting
	callDone
)

// aiosqliteResultType is aiosqlite's Result (execute, cursor: they support
// async with); aiosqliteCoroType is the cursor methods' coroutine.
var (
	aiosqliteResultType = vm.NewNativeType("Result", "aiosqlite.context", nil, nil)
	aiosqliteCoroType   = vm.NewNativeType("coroutine", "aiosqlite", nil, nil)
)

// Type implements vm.Object.
func (c *aiosqliteCall) Type() *vm.Type { return c.typ }

// AwaitStep implements vm.AwaitStepper: the first step submits the call;
// later ones wait for its future.
func (c *aiosqliteCall) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	switch c.state {
	case callDone:
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
	case callNew:
		if c.w.closed && c.typ == aiosqliteCoroType {
			// a cursor's call on a closed connection, as aiosqlite says it
			c.state = callDone
			return vm.Value{}, false, vm.Errorf(vm.ValueError, "Connection closed")
		}
		var fv vm.Value
		var err error
		inline := false
		if c.cursor.IsValid() {
			fv, inline, err = c.closeInline(t)
		}
		if !inline && err == nil {
			fv, err = c.w.submit(t, c.args, false)
		}
		if err != nil {
			c.state = callDone
			return vm.Value{}, false, err
		}
		c.args = nil
		c.fut = vm.FutureOf(fv)
		c.state = callWaiting
	}
	if !c.fut.Done() {
		c.fut.Blocking = true
		return c.fut.Value(), false, nil
	}
	c.state = callDone
	v, err := c.fut.Result()
	if err == nil && c.typ == aiosqliteResultType {
		c.obj = v
	}
	return v, true, err
}

// AwaitThrow implements vm.AwaitThrower: an exception thrown into the
// await (the task's cancellation) cancels the call's future and ends it.
func (c *aiosqliteCall) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	if c.fut != nil && !c.fut.Done() {
		c.fut.Cancel(vm.None)
	}
	c.state = callDone
	return vm.Value{}, false, exc
}

// closeInline closes the sqlite3 cursor args[0] on the loop's own thread
// when that is indistinguishable from closing it on the worker: the
// cursor has no statement left to give back (closing it touches no
// database state) and nothing submitted to the worker is still running or
// undelivered, so no other call's result can be overtaken. The outcome
// still reaches the awaiting task through the loop's completion queue, as
// the worker's would. ok is false when the close must go to the worker.
func (c *aiosqliteCall) closeInline(t *vm.Thread) (fut vm.Value, ok bool, err error) {
	w := c.w
	l := t.VM().RunningLoop()
	if l == nil || w.closed || w.undelivered != 0 || (w.run != nil && w.run.loop == l && w.run.running.Load() != 0) {
		return vm.Value{}, false, nil
	}
	if st, err := t.GetAttr(c.cursor, "_stmt"); err != nil || !st.IsNone() {
		return vm.Value{}, false, nil
	}
	res, cerr := t.Call(c.args[0], nil, nil)
	f := l.NewFuture()
	l.Begin()
	l.Post(func() {
		l.Done()
		if f.Done() {
			return // the awaiting task was cancelled
		}
		if cerr != nil {
			exc, ok := cerr.(*vm.Exception)
			if !ok {
				exc = vm.Errorf(vm.SystemError, "%v", cerr)
			}
			_ = f.SetException(exc)
			return
		}
		_ = f.SetResult(res)
	})
	return f.Value(), true, nil
}

// aiosqliteNewCall makes the call object of fn(*args) on worker w.
func aiosqliteNewCall(typ *vm.Type, self vm.Value, args []vm.Value) (vm.Value, error) {
	if len(args) == 0 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "missing required argument 'fn'")
	}
	w := self.Object().(*aiosqliteWorker)
	return vm.ObjectValue(&aiosqliteCall{typ: typ, w: w, args: append([]vm.Value(nil), args...)}), nil
}

func init() {
	W := aiosqliteWorkerType
	// result(fn, *args): aiosqlite's Result of fn(*args) run on the worker
	W.NewMethod("result", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return aiosqliteNewCall(aiosqliteResultType, self, args)
	})
	// close_cursor(cursor): the coroutine of cursor.close() (closeInline)
	W.NewMethod("close_cursor", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "close_cursor() takes 1 argument (%d given)", len(args))
		}
		m, err := t.GetAttr(args[0], "close")
		if err != nil {
			return vm.Value{}, err
		}
		v, err := aiosqliteNewCall(aiosqliteCoroType, self, []vm.Value{m})
		if err == nil {
			v.Object().(*aiosqliteCall).cursor = args[0]
		}
		return v, err
	})
	// later(fn, *args): the coroutine of a cursor's call fn(*args) run on
	// the worker
	W.NewMethod("later", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return aiosqliteNewCall(aiosqliteCoroType, self, args)
	})
	for _, typ := range []*vm.Type{aiosqliteResultType, aiosqliteCoroType} {
		registerAwaitable(typ)
		typ.NewMethod("throw", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			c := self.Object().(*aiosqliteCall)
			if len(args) == 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "throw expected at least 1 argument, got 0")
			}
			exc := args[0]
			if _, isType := exc.Object().(*vm.Type); isType {
				var err error
				if exc, err = t.Call(exc, args[1:min(len(args), 2)], nil); err != nil {
					return vm.Value{}, err
				}
			}
			e, ok := exc.Object().(*vm.Exception)
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "exceptions must derive from BaseException")
			}
			_, _, err := c.AwaitThrow(t, e)
			return vm.Value{}, err
		})
		typ.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			c := self.Object().(*aiosqliteCall)
			if c.fut != nil && !c.fut.Done() {
				c.fut.Cancel(vm.None)
			}
			c.state = callDone
			return vm.None, nil
		})
	}
	R := aiosqliteResultType
	R.NewMethod("__aenter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	R.NewMethod("__aexit__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		c := self.Object().(*aiosqliteCall)
		obj := c.obj
		c.obj = vm.Value{}
		if !obj.IsValid() {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'NoneType' object has no attribute 'close'")
		}
		// (GetAttr, not CallMethod: a method looked up from Go turns a
		// shaped instance into a dict-backed one)
		m, err := t.GetAttr(obj, "close")
		if err != nil {
			return vm.Value{}, err
		}
		return t.Call(m, nil, nil)
	})
}
