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
		fv, err := c.w.submit(t, c.args, false)
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
