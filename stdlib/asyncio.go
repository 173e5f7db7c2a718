package stdlib

import (
	_ "embed"
	"math"

	"github.com/pyasync/pyasync/vm"
)

// The asyncio module: the event loop, Future, Task, sleep and the loop
// object are native (package vm holds the loop, futures and tasks); the
// Queue (asyncio_queue.go) and Lock/Event/Semaphore (asyncio_locks.go) too;
// the combinators, timeouts, TaskGroup, Condition, Barrier and run are
// script code in asyncio.pya, executed in the same module namespace.

//go:embed asyncio.pya
var asyncioSource []byte

// loopObject is the script-visible event loop.
type loopObject struct{ l *vm.Loop }

func (*loopObject) Type() *vm.Type { return loopType }

// EventLoop lets vm.LoopOf find the loop behind the object.
func (o *loopObject) EventLoop() *vm.Loop { return o.l }

var loopType = vm.NewNativeType("_UnixSelectorEventLoop", "asyncio.unix_events", nil, nil)

// sleepAwaitable is what asyncio.sleep returns: awaiting it suspends the
// task for the delay (a bare yield for a delay <= 0) and gives result.
//
// It is 48 bytes and holds the timer a task waits on (vm.SleepTimer): one
// allocation per sleeping task. What the usual sleep does without is
// behind one pointer (nil then): a result other than None, and for a
// sleep awaited outside a task (driven by hand) the future and timer of
// its own it waits on.
type sleepAwaitable struct {
	timer vm.SleepTimer
	more  *sleepMore
}

// sleepMore is the rarely needed state of a sleep.
type sleepMore struct {
	result vm.Value // zero: None
	// fut and timer: the sleep is awaited outside a task (fut nil: not)
	fut   *vm.Future
	timer *vm.Handle
}

// extra returns s.more, making it on first use.
func (s *sleepAwaitable) extra() *sleepMore {
	if s.more == nil {
		s.more = &sleepMore{}
	}
	return s.more
}

// sleepArgs unpacks asyncio.sleep's arguments other than a lone delay
// (apart from the common call, so that its locals escaping to UnpackArgs
// cost the common call no allocation).
func sleepArgs(args []vm.Value, kw []string) (delay, result vm.Value, err error) {
	err = vm.UnpackArgs("sleep", args, kw, []string{"delay", "result?"}, &delay, &result)
	return delay, result, err
}

// value is the result the sleep gives.
func (s *sleepAwaitable) value() vm.Value {
	if s.more == nil || !s.more.result.IsValid() {
		return vm.None
	}
	return s.more.result
}

func (*sleepAwaitable) Type() *vm.Type { return sleepType }

var sleepType = vm.NewNativeType("coroutine", "asyncio", nil, nil)

func init() {
	sleepType.QualName = "sleep"
	sleepType.NewMethod("__await__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	sleepType.NewMethod("__iter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	sleepType.NewMethod("__next__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// driven by hand: what it yields goes to the caller, which sees
		// a future (the task's own timer is for awaits in its chain)
		v, done, err := self.Object().(*sleepAwaitable).step(t, false)
		if err != nil {
			return vm.Value{}, err
		}
		if done {
			return vm.Value{}, vm.NewException(vm.StopIteration, v)
		}
		return v, nil
	})
	sleepType.NewMethod("send", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return t.CallMethod(self, "__next__")
	})
	sleepType.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, nil
	})
}

// AwaitStep implements vm.AwaitStepper.
func (s *sleepAwaitable) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	return s.step(t, true)
}

// step starts or ends the sleep; awaited: by an await (a task's chain
// may wait on the sleep's own timer), not by a script calling send().
func (s *sleepAwaitable) step(t *vm.Thread, awaited bool) (vm.Value, bool, error) {
	if !s.timer.Started() {
		s.timer.Start()
		delay := s.timer.Delay()
		if delay <= 0 {
			return vm.None, false, nil
		}
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		if awaited {
			if w, ok := l.SleepCurrentTask(t, &s.timer); ok {
				// the task waits on its own timer: no future, no callback
				return w, false, nil
			}
		}
		f := l.NewFuture()
		m := s.extra()
		m.fut = f
		m.timer = l.CallAt(l.Time()+delay, func() {
			if !f.Cancelled() && !f.Done() {
				_ = f.SetResult(s.value())
			}
		}, vm.Value{}, nil)
		f.Blocking = true
		return f.Value(), false, nil
	}
	if m := s.more; m != nil && m.fut != nil {
		m.timer.Cancel()
		v, err := m.fut.Result()
		return v, true, err
	}
	return s.value(), true, nil
}

func loopValue(v *vm.VM, l *vm.Loop) vm.Value {
	if l.Obj.IsValid() {
		return l.Obj
	}
	l.Obj = vm.ObjectValue(&loopObject{l: l})
	return l.Obj
}

func runningLoop(t *vm.Thread) (*vm.Loop, error) {
	l := t.VM().RunningLoop()
	if l == nil {
		return nil, vm.Errorf(vm.RuntimeError, "no running event loop")
	}
	return l, nil
}

func toSeconds(t *vm.Thread, v vm.Value) (float64, error) {
	if f, ok := v.AsInt64(); ok {
		return float64(f), nil
	}
	if v.IsFloat() {
		return v.AsFloat(), nil
	}
	r, err := t.Call(vm.ObjectValue(vm.FloatType), []vm.Value{v}, nil)
	if err != nil {
		return 0, err
	}
	return r.AsFloat(), nil
}

func init() {
	register("asyncio", initAsyncio)
	L := loopType
	L.NewMethod("time", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Float(self.Object().(*loopObject).l.Time()), nil
	})
	L.NewMethod("create_future", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self.Object().(*loopObject).l.NewFuture().Value(), nil
	})
	L.NewMethod("create_task", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var coro, name, ctx vm.Value
		if err := vm.UnpackArgs("create_task", args, kw, []string{"coro", "*name?", "*context?"}, &coro, &name, &ctx); err != nil {
			return vm.Value{}, err
		}
		tk, err := self.Object().(*loopObject).l.CreateTask(coro, name)
		if err != nil {
			return vm.Value{}, err
		}
		if given(ctx) {
			tk.SetContext(ctx.Object())
		}
		return vm.ObjectValue(tk), nil
	})
	L.NewMethod("call_soon", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if self.Object().(*loopObject).l.Closed() {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "Event loop is closed")
		}
		if len(args)-len(kw) < 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "call_soon() missing 1 required positional argument: 'callback'")
		}
		l := self.Object().(*loopObject).l
		fn, cargs, err := callbackInContext(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		h := l.CallSoonScript(fn, cargs)
		return vm.ObjectValue(h), nil
	})
	L.NewMethod("call_soon_threadsafe", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args)-len(kw) < 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "call_soon_threadsafe() missing 1 required positional argument: 'callback'")
		}
		l := self.Object().(*loopObject).l
		fn, cargs, err := callbackInContext(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		h := l.CallSoonThreadsafe(fn, cargs)
		return vm.ObjectValue(h), nil
	})
	L.NewMethod("call_later", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if self.Object().(*loopObject).l.Closed() {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "Event loop is closed")
		}
		if len(args)-len(kw) < 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "call_later() missing required arguments: 'delay' and 'callback'")
		}
		d, err := toSeconds(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		l := self.Object().(*loopObject).l
		h := l.CallAt(l.Time()+d, nil, args[1], append([]vm.Value(nil), args[2:len(args)-len(kw)]...))
		return vm.ObjectValue(h), nil
	})
	L.NewMethod("call_at", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if self.Object().(*loopObject).l.Closed() {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "Event loop is closed")
		}
		if len(args)-len(kw) < 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "call_at() missing required arguments: 'when' and 'callback'")
		}
		w, err := toSeconds(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		l := self.Object().(*loopObject).l
		h := l.CallAt(w, nil, args[1], append([]vm.Value(nil), args[2:len(args)-len(kw)]...))
		return vm.ObjectValue(h), nil
	})
	L.NewMethod("run_until_complete", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("run_until_complete", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		l := self.Object().(*loopObject).l
		if l.Closed() {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "Event loop is closed")
		}
		if l.Running() {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "This event loop is already running")
		}
		fut := vm.FutureOf(args[0])
		if fut == nil {
			tk, err := l.CreateTask(args[0], vm.Value{})
			if err != nil {
				return vm.Value{}, err
			}
			fut = vm.FutureOf(vm.ObjectValue(tk))
		}
		return l.RunUntilComplete(t, fut)
	})
	L.NewMethod("run_forever", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, self.Object().(*loopObject).l.RunForever(t)
	})
	L.NewMethod("stop", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		self.Object().(*loopObject).l.Stop()
		return vm.None, nil
	})
	L.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		l := self.Object().(*loopObject).l
		if l.Running() {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "Cannot close a running event loop")
		}
		t.VM().WarnUnawaitedCoroutines()
		l.ReportUnretrieved(t)
		l.Close()
		return vm.None, nil
	})
	L.NewMethod("is_running", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*loopObject).l.Running()), nil
	})
	L.NewMethod("is_closed", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*loopObject).l.Closed()), nil
	})
	L.NewMethod("run_in_executor", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) < 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "run_in_executor() missing required arguments")
		}
		if !args[0].IsNone() {
			// an executor of the script's: submit and wrap its future
			mod, err := t.VM().ImportModule(t, "asyncio")
			if err != nil {
				return vm.Value{}, err
			}
			fn, err := t.GetAttr(mod, "_run_in_pool")
			if err != nil {
				return vm.Value{}, err
			}
			return t.Call(fn, append([]vm.Value{self}, args...), nil)
		}
		l := self.Object().(*loopObject).l
		fut := l.NewFuture()
		l.RunInThread(args[1], append([]vm.Value(nil), args[2:]...), fut)
		return fut.Value(), nil
	})
	L.NewMethod("shutdown_asyncgens", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// a coroutine closing the async generators left suspended (the
		// module's _shutdown_asyncgens)
		if err := vm.ArgCount("shutdown_asyncgens", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		gens := self.Object().(*loopObject).l.TakeAsyncGens()
		shut, ok := t.VM().State["asyncio._shutdown_asyncgens"].(vm.Value)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "asyncio is not initialized")
		}
		return t.Call(shut, []vm.Value{self, vm.NewList(gens)}, nil)
	})
}

// isOtherCoroutine is asyncio.iscoroutine beyond its native awaitables: a
// coroutine or generator object (CPython 3.11 counts generators), or an
// instance of collections.abc.Coroutine (the module's _is_abc_coroutine).
func isOtherCoroutine(t *vm.Thread, m *vm.Module, v vm.Value) (bool, error) {
	if g, ok := v.Object().(*vm.Generator); ok {
		return !g.IsAsyncGenerator(), nil
	}
	isABC, ok := m.Get("_is_abc_coroutine")
	if !ok {
		return false, nil
	}
	r, err := t.Call(isABC, []vm.Value{v}, nil)
	if err != nil {
		return false, err
	}
	return t.Truth(r)
}

func initAsyncio(v *vm.VM, m *vm.Module) error {
	v.SetWaitDescriber(describePrimitive)
	m.Set("Future", vm.ObjectValue(vm.FutureType))
	m.Set("Task", vm.ObjectValue(vm.TaskType))
	m.Set("CancelledError", vm.ObjectValue(vm.CancelledError))
	m.Set("InvalidStateError", vm.ObjectValue(vm.InvalidStateError))
	m.Set("TimeoutError", vm.ObjectValue(vm.TimeoutError))
	m.Set("Handle", vm.ObjectValue(vm.HandleType))
	m.Set("TimerHandle", vm.ObjectValue(vm.TimerHandleType))
	m.Set("AbstractEventLoop", vm.ObjectValue(loopType))
	m.Set("Queue", vm.ObjectValue(queueType))
	m.Set("QueueEmpty", vm.ObjectValue(queueEmptyClass))
	m.Set("QueueFull", vm.ObjectValue(queueFullClass))
	m.SetFunc("gather", gatherFunc(m))
	m.SetFunc("wait_for", waitForFunc(m))
	m.Set("Lock", vm.ObjectValue(aLockType))
	m.Set("Event", vm.ObjectValue(aEventType))
	m.Set("Semaphore", vm.ObjectValue(aSemaphoreType))
	m.Set("BoundedSemaphore", vm.ObjectValue(aBoundedSemaphoreType))
	var currentLoop *vm.Loop
	m.SetFunc("sleep", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var delay, result vm.Value
		if len(kw) == 0 && len(args) == 1 {
			delay = args[0]
		} else {
			var err error
			if delay, result, err = sleepArgs(args, kw); err != nil {
				return vm.Value{}, err
			}
		}
		d, err := toSeconds(t, delay)
		if err != nil {
			return vm.Value{}, err
		}
		if math.IsNaN(d) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "Invalid delay: NaN (not a number)")
		}
		s := &sleepAwaitable{}
		s.timer.SetDelay(d)
		if result.IsValid() && !result.IsNone() {
			s.extra().result = result
		}
		return vm.ObjectValue(s), nil
	})
	m.SetFunc("get_running_loop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		l, err := runningLoop(t)
		if err != nil {
			return vm.Value{}, err
		}
		return loopValue(v, l), nil
	})
	m.SetFunc("_get_running_loop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if l := t.VM().RunningLoop(); l != nil {
			return loopValue(v, l), nil
		}
		return vm.None, nil
	})
	m.SetFunc("get_event_loop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if l := t.VM().RunningLoop(); l != nil {
			return loopValue(v, l), nil
		}
		if currentLoop == nil || currentLoop.Closed() {
			currentLoop = t.VM().NewLoop()
		}
		return loopValue(v, currentLoop), nil
	})
	m.SetFunc("new_event_loop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return loopValue(v, t.VM().NewLoop()), nil
	})
	m.SetFunc("set_event_loop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_event_loop", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		currentLoop = vm.LoopOf(args[0])
		if currentLoop != nil {
			t.VM().SetLoop(currentLoop)
		}
		return vm.None, nil
	})
	m.SetFunc("current_task", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var loop vm.Value
		if err := vm.UnpackArgs("current_task", args, kw, []string{"loop?"}, &loop); err != nil {
			return vm.Value{}, err
		}
		l := vm.LoopOf(loop)
		if l == nil {
			var err error
			if l, err = runningLoop(t); err != nil {
				return vm.Value{}, err
			}
		}
		if tk := l.CurrentTask(); tk != nil {
			return vm.ObjectValue(tk), nil
		}
		return vm.None, nil
	})
	m.SetFunc("all_tasks", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var loop vm.Value
		if err := vm.UnpackArgs("all_tasks", args, kw, []string{"loop?"}, &loop); err != nil {
			return vm.Value{}, err
		}
		l := vm.LoopOf(loop)
		if l == nil {
			var err error
			if l, err = runningLoop(t); err != nil {
				return vm.Value{}, err
			}
		}
		s := vm.NewSet()
		for _, tk := range l.AllTasks() {
			if err := s.Add(t, vm.ObjectValue(tk)); err != nil {
				return vm.Value{}, err
			}
		}
		return vm.ObjectValue(s), nil
	})
	m.SetFunc("create_task", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var coro, name, ctx vm.Value
		if err := vm.UnpackArgs("create_task", args, kw, []string{"coro", "*name?", "*context?"}, &coro, &name, &ctx); err != nil {
			return vm.Value{}, err
		}
		l, err := runningLoop(t)
		if err != nil {
			if g, ok := coro.Object().(*vm.Generator); ok {
				g.MarkAwaited()
			}
			return vm.Value{}, err
		}
		tk, err := l.CreateTask(coro, name)
		if err != nil {
			return vm.Value{}, err
		}
		if given(ctx) {
			tk.SetContext(ctx.Object())
		}
		return vm.ObjectValue(tk), nil
	})
	m.SetFunc("iscoroutine", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("iscoroutine", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if _, ok := args[0].Object().(*waitForOp); ok {
			return vm.True, nil
		}
		if _, ok := args[0].Object().(*sleepAwaitable); ok {
			// asyncio.sleep returns a native awaitable standing in for
			// CPython's coroutine
			return vm.True, nil
		}
		yes, err := isOtherCoroutine(t, m, args[0])
		return vm.Bool(yes), err
	})
	m.SetFunc("iscoroutinefunction", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("iscoroutinefunction", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(vm.IsCoroutineFunction(args[0])), nil
	})
	code, err := compileModuleSource(v, asyncioSource, "<asyncio>")
	if err != nil {
		return err
	}
	if _, err = v.ExecModule(v.Main(), code, m); err != nil {
		return err
	}
	if fn, ok := m.Get("_shutdown_asyncgens"); ok {
		v.State["asyncio._shutdown_asyncgens"] = fn
	}
	if fn, ok := m.Get("_acquire_for_with"); ok {
		v.State["asyncio._acquire_for_with"] = fn
	}
	if err := initAsyncioNet(v, m); err != nil {
		return err
	}
	// tasks made from a native awaitable (create_task(asyncio.sleep(1)))
	// run it inside a coroutine, as CPython's sleep is one
	if drive, ok := m.Get("_drive_coroutine"); ok {
		// create_task of a generator or a collections.abc.Coroutine
		// instance (aiosqlite's Result): a native coroutine sends to it
		v.WrapCoroutine = func(t *vm.Thread, c vm.Value) (vm.Value, bool, error) {
			if yes, err := isOtherCoroutine(t, m, c); err != nil || !yes {
				return vm.Value{}, false, err
			}
			w, err := t.Call(drive, []vm.Value{c}, nil)
			return w, err == nil, err
		}
	}
	if wrap, ok := m.Get("_wrap_awaitable"); ok {
		v.WrapAwaitable = func(t *vm.Thread, aw vm.Value) (vm.Value, error) {
			return t.Call(wrap, []vm.Value{aw}, nil)
		}
	}
	for _, extra := range asyncioExtras {
		if err := extra(v, m); err != nil {
			return err
		}
	}
	return nil
}

// asyncioExtras add names to the asyncio module from other files (e.g.
// create_subprocess_exec, defined with asyncio.subprocess).
var asyncioExtras []func(v *vm.VM, m *vm.Module) error
