package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// asyncio.wait_for with a positive timeout, in Go (programs that put a
// deadline on every read call it constantly).
//
// Behaviour, as documented for Python 3.11: the awaitable is wrapped in a
// task; if it finishes before the timeout, its outcome is wait_for's; if
// the timeout passes first, the task is cancelled and wait_for returns only
// once it has finished, raising TimeoutError (from the CancelledError)
// unless the task ended some other way. If the task awaiting wait_for is
// cancelled, the inner task is cancelled and awaited the same way, and the
// CancelledError goes on, unless the inner task had already finished (then
// its outcome is returned). The waiting is done on waiter futures woken by
// done callbacks and a timer, as in CPython, so wake-ups happen on the same
// loop iterations. A timeout of None or <= 0 (and a timeout that is not an
// int or float) goes to the script-level _wait_for in asyncio.pya.

var waitForType = vm.NewNativeType("coroutine", "asyncio", nil, nil)

// wait_for's states.
const (
	wfStart     = iota
	wfWaiting   // on the waiter: the inner task or the timer wakes it
	wfTimedOut  // the inner task was cancelled by the timeout; waiting for it to end
	wfCancelled // we were cancelled; waiting for the inner task to end
	wfDone
)

// waitForOp is the awaitable wait_for returns.
type waitForOp struct {
	mod     *vm.Module
	arg     vm.Value
	timeout float64
	state   int
	fut     *vm.Future
	waiter  *vm.Future // woken by fut's completion or by the timer
	ended   *vm.Future // woken by fut's completion after we cancelled it
	timer   *vm.Handle
	// watching/watchingEnd say whether fut's done callbacks still count
	// (CPython removes them; a callback that no longer counts does nothing)
	watching, watchingEnd bool
	reraise               *vm.Exception
}

func (*waitForOp) Type() *vm.Type { return waitForType }

func wakeFuture(f *vm.Future) {
	if !f.Done() {
		_ = f.SetResult(vm.None)
	}
}

// finish ends the await with fut's outcome.
func (o *waitForOp) finish() (vm.Value, bool, error) {
	o.state = wfDone
	o.timer.Cancel()
	v, err := o.fut.Result()
	return v, err == nil, err
}

// cancelInner cancels fut and yields a future that completes when fut has
// finished (CPython's _cancel_and_wait).
func (o *waitForOp) cancelInner(l *vm.Loop, next int) (vm.Value, bool, error) {
	o.watching = false
	o.ended = l.NewFuture()
	o.ended.Blocking = true
	o.watchingEnd = true
	o.fut.AddDoneCallback(func(*vm.Future) {
		if o.watchingEnd {
			wakeFuture(o.ended)
		}
	})
	cancelAny(o.fut, vm.None)
	o.state = next
	return o.ended.Value(), false, nil
}

// AwaitStep implements vm.AwaitStepper.
func (o *waitForOp) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	switch o.state {
	case wfStart:
		l := t.VM().RunningLoop()
		if l == nil {
			o.state = wfDone
			return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		fut, err := gatherChild(t, o.mod, o.arg, l)
		if err != nil {
			o.state = wfDone
			return vm.Value{}, false, err
		}
		o.fut = fut
		o.waiter = l.NewFuture()
		o.waiter.Blocking = true
		w := o.waiter
		o.timer = l.CallAt(l.Time()+o.timeout, func() { wakeFuture(w) }, vm.Value{}, nil)
		o.watching = true
		fut.AddDoneCallback(func(*vm.Future) {
			if o.watching {
				wakeFuture(w)
			}
		})
		o.state = wfWaiting
		return w.Value(), false, nil
	case wfWaiting:
		if o.fut.Done() {
			return o.finish()
		}
		return o.cancelInner(o.fut.Loop(), wfTimedOut)
	case wfTimedOut:
		o.watchingEnd = false
		o.state = wfDone
		o.timer.Cancel()
		v, err := o.fut.Result()
		if err != nil {
			if ce, ok := err.(*vm.Exception); ok && ce.IsInstance(vm.CancelledError) {
				te := vm.NewException(vm.TimeoutError)
				te.Cause, te.Context, te.SuppressContext = ce, ce, true
				return vm.Value{}, false, te
			}
			return vm.Value{}, false, err
		}
		return v, true, nil
	case wfCancelled:
		o.watchingEnd = false
		o.state = wfDone
		o.timer.Cancel()
		return vm.Value{}, false, o.reraise
	}
	return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
}

// AwaitThrow implements vm.AwaitThrower.
func (o *waitForOp) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	switch o.state {
	case wfWaiting:
		if !exc.IsInstance(vm.CancelledError) {
			o.state = wfDone
			o.timer.Cancel()
			return vm.Value{}, false, exc
		}
		if o.fut.Done() {
			// the inner task won the race: its outcome, not the cancellation
			return o.finish()
		}
		o.reraise = exc
		return o.cancelInner(o.fut.Loop(), wfCancelled)
	case wfTimedOut, wfCancelled:
		o.watchingEnd = false
		o.state = wfDone
		o.timer.Cancel()
		if o.reraise != nil && exc.Context == nil && exc != o.reraise {
			exc.Context = o.reraise
		}
		return vm.Value{}, false, exc
	}
	o.state = wfDone
	return vm.Value{}, false, exc
}

// waitForFunc is asyncio.wait_for: the native awaitable for a positive
// int/float timeout, the script-level coroutine otherwise.
func waitForFunc(m *vm.Module) vm.BuiltinFunc {
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var fut, timeout vm.Value
		if err := vm.UnpackArgs("wait_for", args, kw, []string{"fut", "timeout"}, &fut, &timeout); err != nil {
			return vm.Value{}, err
		}
		var d float64
		ok := false
		if n, isInt := timeout.AsInt64(); isInt && !timeout.IsBool() {
			d, ok = float64(n), true
		} else if timeout.IsFloat() {
			d, ok = timeout.AsFloat(), true
		}
		if !ok || !(d > 0) {
			slow, found := m.Get("_wait_for")
			if !found {
				return vm.Value{}, vm.Errorf(vm.RuntimeError, "asyncio is not initialised")
			}
			return t.Call(slow, []vm.Value{fut, timeout}, nil)
		}
		return vm.ObjectValue(&waitForOp{mod: m, arg: fut, timeout: d}), nil
	}
}

func init() {
	W := waitForType
	W.QualName = "wait_for"
	W.NewMethod("__await__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	W.NewMethod("__iter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	next := func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		v, done, err := self.Object().(*waitForOp).AwaitStep(t, vm.None)
		if err != nil {
			return vm.Value{}, err
		}
		if done {
			return vm.Value{}, vm.NewException(vm.StopIteration, v)
		}
		return v, nil
	}
	W.NewMethod("__next__", next)
	W.NewMethod("send", next)
	W.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, nil
	})
}
