package vm

// Script-visible methods of asyncio.Future, asyncio.Task and the loop's
// handles.

func futSelf(v Value) *Future {
	if f := futureOf(v); f != nil {
		return f
	}
	return nil
}

func init() {
	F := FutureType
	F.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		var loop Value
		if err := UnpackArgs("Future", args, kw, []string{"*loop?"}, &loop); err != nil {
			return Value{}, err
		}
		f := futSelf(self)
		if l := LoopOf(loop); l != nil {
			f.loop = l
		} else if f.loop == nil {
			f.loop = t.vm.Loop()
		}
		return None, nil
	})
	F.NewMethod("result", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return futSelf(self).Result()
	})
	F.NewMethod("exception", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e, err := futSelf(self).Exception()
		if err != nil {
			return Value{}, err
		}
		if e == nil {
			return None, nil
		}
		return Value{o: e}, nil
	})
	F.NewMethod("set_result", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("set_result", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		f := futSelf(self)
		if f.isTask {
			return Value{}, Errorf(RuntimeError, "Task does not support set_result operation")
		}
		if f.state != futPending {
			return Value{}, Errorf(InvalidStateError, "%s: %s", "invalid state", f.reprString(t))
		}
		return None, f.SetResult(args[0])
	})
	F.NewMethod("set_exception", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("set_exception", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		f := futSelf(self)
		if f.isTask {
			return Value{}, Errorf(RuntimeError, "Task does not support set_exception operation")
		}
		if f.state != futPending {
			return Value{}, Errorf(InvalidStateError, "%s: %s", "invalid state", f.reprString(t))
		}
		exc, err := t.makeException(args[0])
		if err != nil {
			return Value{}, err
		}
		return None, f.SetException(exc)
	})
	F.NewMethod("done", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(futSelf(self).Done()), nil
	})
	F.NewMethod("cancelled", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(futSelf(self).Cancelled()), nil
	})
	F.NewMethod("cancel", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		var msg Value
		if err := UnpackArgs("cancel", args, kw, []string{"msg?"}, &msg); err != nil {
			return Value{}, err
		}
		msg = orNone(msg)
		if tk := TaskOf(self); tk != nil {
			return Bool(tk.Cancel(msg)), nil
		}
		if h := futSelf(self).cancelHook(); h != nil {
			return Bool(h(msg)), nil
		}
		return Bool(futSelf(self).Cancel(msg)), nil
	})
	F.NewMethod("add_done_callback", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		var fn, ctx Value
		if err := UnpackArgs("add_done_callback", args, kw, []string{"fn", "*context?"}, &fn, &ctx); err != nil {
			return Value{}, err
		}
		futSelf(self).AddDoneCallbackScript(fn)
		return None, nil
	})
	F.NewMethod("remove_done_callback", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("remove_done_callback", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		n, err := futSelf(self).RemoveDoneCallbackScript(t, args[0])
		return Int(int64(n)), err
	})
	F.NewMethod("get_loop", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return futSelf(self).loop.Obj, nil
	})
	F.NewMethod("_make_cancelled_error", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: futSelf(self).makeCancelledError()}, nil
	})
	F.NewGetSet("_cancel_message", func(t *Thread, self Value) (Value, error) {
		return orNone(futSelf(self).cancelMessage()), nil
	}, func(t *Thread, self, v Value) error {
		futSelf(self).setCancelMessage(v)
		return nil
	})
	F.NewGetSet("_asyncio_future_blocking", func(t *Thread, self Value) (Value, error) {
		return Bool(futSelf(self).Blocking), nil
	}, func(t *Thread, self, v Value) error {
		b, err := t.Truth(v)
		futSelf(self).Blocking = b
		return err
	})
	F.NewGetSet("_log_traceback", func(t *Thread, self Value) (Value, error) {
		return Bool(futSelf(self).logTraceback), nil
	}, func(t *Thread, self, v Value) error {
		b, err := t.Truth(v)
		futSelf(self).setLog(b)
		return err
	})
	F.NewGetSet("_loop", func(t *Thread, self Value) (Value, error) {
		return futSelf(self).loop.Obj, nil
	}, nil)
	F.NewGetSet("_state", func(t *Thread, self Value) (Value, error) {
		return Str(futSelf(self).stateName()), nil
	}, nil)
	F.NewMethod("__await__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &futureIter{f: futSelf(self)}}, nil
	})
	F.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &futureIter{f: futSelf(self)}}, nil
	})
	F.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if tk := TaskOf(self); tk != nil {
			return Str(tk.reprString(t)), nil
		}
		return Str(futSelf(self).reprString(t)), nil
	})
	F.NewClassMethod("__class_getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})
	futureIterType.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		v, done, err := self.o.(*futureIter).awaitStep(t)
		if err != nil {
			return Value{}, err
		}
		if done {
			return Value{}, stopIteration(v, false)
		}
		return v, nil
	})
	futureIterType.NewMethod("send", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.CallMethod(self, "__next__")
	})
	futureIterType.NewMethod("throw", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		exc, err := t.throwArgs(args)
		if err != nil {
			return Value{}, err
		}
		return Value{}, exc
	})
	futureIterType.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})

	T := TaskType
	T.NewMethod("get_name", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return TaskOf(self).Name(), nil
	})
	T.NewMethod("set_name", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("set_name", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		s, err := t.StrValue(args[0])
		if err == nil {
			TaskOf(self).SetName(s)
		}
		return None, err
	})
	T.NewMethod("get_coro", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: TaskOf(self).coro}, nil
	})
	T.NewMethod("get_context", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, nil
	})
	T.NewMethod("cancelling", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(int64(TaskOf(self).Cancelling())), nil
	})
	T.NewMethod("uncancel", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(int64(TaskOf(self).Uncancel())), nil
	})
	T.NewMethod("get_stack", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewList(nil), nil
	})
	T.NewGetSet("_must_cancel", func(t *Thread, self Value) (Value, error) {
		return Bool(TaskOf(self).tflags&taskMustCancel != 0), nil
	}, nil)
	T.NewGetSet("_fut_waiter", func(t *Thread, self Value) (Value, error) {
		if w := TaskOf(self).waiter; w != nil {
			return w.Value(), nil
		}
		return None, nil
	}, nil)
	T.NewGetSet("_coro", func(t *Thread, self Value) (Value, error) {
		return Value{o: TaskOf(self).coro}, nil
	}, nil)

	HandleType.Module = "asyncio"
	TimerHandleType.Module = "asyncio"
	HandleType.NewMethod("cancel", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		self.o.(*Handle).Cancel()
		return None, nil
	})
	HandleType.NewMethod("cancelled", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(self.o.(*Handle).cancelled), nil
	})
	HandleType.NewMethod("when", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Float(self.o.(*Handle).when), nil
	})
	HandleType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(self.o.(*Handle).HandleRepr(t)), nil
	})
}

// LoopOf returns the *Loop behind a script loop object (set by the asyncio
// module through LoopFromValue), or nil.
func LoopOf(v Value) *Loop {
	if v.o == nil {
		return nil
	}
	if lo, ok := v.o.(interface{ EventLoop() *Loop }); ok {
		return lo.EventLoop()
	}
	return nil
}
