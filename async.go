package pyasync

import (
	"context"
	"fmt"
	"reflect"

	"github.com/pyasync/pyasync/vm"
)

// AsyncFunc is a Go function that scripts await (made by Async).
type AsyncFunc struct {
	fn reflect.Value
}

// Async wraps fn, a func(ctx context.Context, args...) (T, error) (or
// returning only error), as an awaitable script function: each call
// starts fn on its own goroutine and returns a future, so
// `await asyncio.gather(f(a), f(b))` runs two at once. Cancelling the
// await (or the end of the run) cancels ctx. Arguments and the result are
// converted as for any Go function. Async panics if fn has another
// signature.
func Async(fn any) *AsyncFunc {
	rv := reflect.ValueOf(fn)
	typ := rv.Type()
	if typ.Kind() != reflect.Func || typ.NumIn() == 0 || typ.In(0) != ctxType ||
		typ.NumOut() == 0 || typ.NumOut() > 2 || typ.Out(typ.NumOut()-1) != errorType {
		panic(fmt.Sprintf("pyasync.Async: %T is not a func(context.Context, ...) (T, error)", fn))
	}
	return &AsyncFunc{fn: rv}
}

// asyncValue makes the script callable of an AsyncFunc.
func (it *Interpreter) asyncValue(af *AsyncFunc, name string) vm.Value {
	typ := af.fn.Type()
	name = funcName(af.fn, name)
	return vm.NewBuiltin(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(kw) > 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes no keyword arguments", name)
		}
		// the context is the operation's: a placeholder until it starts
		in, err := it.goArgs(name, typ, args, context.Background())
		if err != nil {
			return vm.Value{}, err
		}
		l := t.VM().RunningLoop()
		if l == nil {
			// called outside the loop (asyncio.run(f(x))): a coroutine
			// that starts the operation when it is first awaited
			wrap, err := it.coroWrapper()
			if err != nil {
				return vm.Value{}, err
			}
			start := vm.NewBuiltin(name, func(t *vm.Thread, _ []vm.Value, _ []string) (vm.Value, error) {
				l := t.VM().RunningLoop()
				if l == nil {
					return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
				}
				return it.startAsync(l, af, name, in), nil
			})
			return t.Call(wrap, []vm.Value{start}, nil)
		}
		return it.startAsync(l, af, name, in), nil
	})
}

// startAsync starts the operation of an AsyncFunc call on loop l and
// returns its future.
func (it *Interpreter) startAsync(l *vm.Loop, af *AsyncFunc, name string, in []reflect.Value) vm.Value {
	typ := af.fn.Type()
	{
		fut := l.NewFuture()
		l.GoFuture(fut, func(ctx context.Context) (any, error) {
			in[0] = reflect.ValueOf(&ctx).Elem()
			out, err := callGo(name, af.fn, in)
			if err != nil {
				return nil, err
			}
			return out, nil
		}, func(res any, err error) (vm.Value, error) {
			if err != nil {
				return vm.Value{}, it.goException(err)
			}
			return it.goResults(name, typ, res.([]reflect.Value))
		})
		return fut.Value()
	}
}

// coroWrapper returns an async def that awaits what its argument returns
// (made once per interpreter, in a module of its own).
func (it *Interpreter) coroWrapper() (vm.Value, error) {
	if it.wrapper.IsValid() {
		return it.wrapper, nil
	}
	p, err := Compile("<pyasync>", []byte("async def _await_go(start):\n    return await start()\n"))
	if err != nil {
		return vm.Value{}, err
	}
	m := vm.NewModule("_pyasync")
	if _, err := it.vm.ExecModule(it.vm.Main(), vm.LoadCode(p.code), m); err != nil {
		return vm.Value{}, err
	}
	it.wrapper, _ = m.Get("_await_go")
	return it.wrapper, nil
}
