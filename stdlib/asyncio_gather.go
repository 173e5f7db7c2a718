package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// asyncio.gather in Go (it is on the hot path of programs that start many
// tasks at once).
//
// Behaviour, as documented for Python 3.11: the awaitables are wrapped in
// tasks in argument order (the same object given twice runs once and is
// reported twice); the returned future completes with the list of results
// when all have finished, or at the first exception or cancellation of a
// child unless return_exceptions is true (then exceptions and
// CancelledErrors take the place of results). Cancelling the returned
// future cancels the children; it then finishes, cancelled, once they all
// have. Each child's completion is a done callback scheduled with
// call_soon, so the returned future completes on the same loop iteration as
// in CPython.

var gatheringFutureType = vm.NewNativeType("_GatheringFuture", "asyncio.tasks", vm.FutureType, nil)

// gathering is the state behind one gather() future.
type gathering struct {
	outer           *vm.Future
	children        []*vm.Future
	pending         int
	returnExc       bool
	cancelRequested bool
}

// cancel is the outer future's cancel(): it cancels the children.
func (g *gathering) cancel(msg vm.Value) bool {
	if g.outer.Done() {
		return false
	}
	any := false
	for _, c := range g.children {
		if cancelAny(c, msg) {
			any = true
		}
	}
	if any {
		g.cancelRequested = true
	}
	return any
}

// cancelAny cancels a future or task the way its cancel() method would.
func cancelAny(f *vm.Future, msg vm.Value) bool {
	if tk := vm.TaskOf(f.Value()); tk != nil {
		return tk.Cancel(msg)
	}
	return f.CancelFuture(msg)
}

// childDone runs (from the loop) when a child has finished.
func (g *gathering) childDone(c *vm.Future) {
	g.pending--
	if g.outer.Done() {
		if !c.Cancelled() {
			_, _ = c.Exception() // retrieved: nobody will report it
		}
		return
	}
	if !g.returnExc {
		if c.Cancelled() {
			_ = g.outer.SetException(c.MakeCancelledError())
			return
		}
		if exc, _ := c.Exception(); exc != nil {
			_ = g.outer.SetException(exc)
			return
		}
	}
	if g.pending > 0 {
		return
	}
	results := make([]vm.Value, len(g.children))
	for i, c := range g.children {
		switch {
		case c.Cancelled():
			msg := c.CancelMessage()
			if msg.IsNone() {
				msg = vm.Str("")
			}
			results[i] = vm.ObjectValue(vm.NewException(vm.CancelledError, msg))
		default:
			if exc, _ := c.Exception(); exc != nil {
				results[i] = vm.ObjectValue(exc)
			} else {
				results[i], _ = c.Result()
			}
		}
	}
	if g.cancelRequested {
		_ = g.outer.SetException(g.children[len(g.children)-1].MakeCancelledError())
		return
	}
	_ = g.outer.SetResult(vm.NewList(results))
}

// gatherChild turns one argument into a future: futures and tasks as they
// are, a coroutine into a task on the running loop; anything else through
// the script-level ensure_future (awaitables, no running loop).
func gatherChild(t *vm.Thread, m *vm.Module, arg vm.Value, loop *vm.Loop) (*vm.Future, error) {
	if f := vm.FutureOf(arg); f != nil {
		return f, nil
	}
	if g, ok := arg.Object().(*vm.Generator); ok && g.IsCoroutine() {
		l := loop
		if l == nil {
			l = t.VM().RunningLoop()
		}
		if l != nil {
			tk, err := l.CreateTask(arg, vm.Value{})
			if err != nil {
				return nil, err
			}
			return vm.FutureOf(vm.ObjectValue(tk)), nil
		}
	}
	ensure, ok := m.Get("ensure_future")
	if !ok {
		return nil, vm.Errorf(vm.RuntimeError, "asyncio is not initialised")
	}
	var r vm.Value
	var err error
	if loop != nil {
		r, err = t.Call(ensure, []vm.Value{arg, loopValue(t.VM(), loop)}, []string{"loop"})
	} else {
		r, err = t.Call(ensure, []vm.Value{arg}, nil)
	}
	if err != nil {
		return nil, err
	}
	f := vm.FutureOf(r)
	if f == nil {
		return nil, vm.Errorf(vm.TypeError, "An asyncio.Future, a coroutine or an awaitable is required")
	}
	return f, nil
}

// gatherFunc is asyncio.gather.
func gatherFunc(m *vm.Module) vm.BuiltinFunc {
	return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		npos := len(args) - len(kw)
		returnExc := false
		for i, k := range kw {
			if k != "return_exceptions" {
				return vm.Value{}, vm.Errorf(vm.TypeError, "gather() got an unexpected keyword argument '%s'", k)
			}
			b, err := t.Truth(args[npos+i])
			if err != nil {
				return vm.Value{}, err
			}
			returnExc = b
		}
		aws := args[:npos]
		if len(aws) == 0 {
			l := t.VM().RunningLoop()
			if l == nil {
				getLoop, _ := m.Get("get_event_loop")
				lv, err := t.Call(getLoop, nil, nil)
				if err != nil {
					return vm.Value{}, err
				}
				l = vm.LoopOf(lv)
			}
			f := l.NewFuture()
			_ = f.SetResult(vm.NewList(nil))
			return f.Value(), nil
		}
		g := &gathering{returnExc: returnExc, children: make([]*vm.Future, 0, len(aws))}
		// the same object given twice runs once: a pending future or task
		// seen before already has this gather's callback; a coroutine or
		// a finished future is looked up in seen
		var seen map[vm.Object]*vm.Future
		var loop *vm.Loop
		// one method value for every child (each g.childDone would be a
		// closure allocation of its own)
		childDone := g.childDone
		for _, arg := range aws {
			if f := vm.FutureOf(arg); f != nil && g.outer != nil && !f.Done() {
				if f.AwaitedBy(g.outer) {
					g.children = append(g.children, f)
					continue
				}
			} else if c, ok := seen[arg.Object()]; ok && hashedByIdentity(arg) {
				g.children = append(g.children, c)
				continue
			}
			c, err := gatherChild(t, m, arg, loop)
			if err != nil {
				return vm.Value{}, err
			}
			if loop == nil {
				loop = c.Loop()
				g.outer = loop.NewFutureOf(gatheringFutureType)
				g.outer.SetCancelHook(g.cancel)
			}
			if hashedByIdentity(arg) && (vm.FutureOf(arg) == nil || c.Done()) {
				if seen == nil {
					seen = make(map[vm.Object]*vm.Future)
				}
				seen[arg.Object()] = c
			}
			g.pending++
			// registered as each child is made: a child that is already
			// done has its callback queued before the next child's step
			c.AddDoneCallbackFor(childDone, g.outer)
			g.children = append(g.children, c)
		}
		return g.outer.Value(), nil
	}
}

// hashedByIdentity reports whether equal arguments are the same object
// (coroutines, futures and tasks), so a Go map can stand for CPython's dict.
func hashedByIdentity(v vm.Value) bool {
	switch v.Object().(type) {
	case *vm.Generator, *vm.Future, *vm.Task:
		return true
	}
	return false
}
