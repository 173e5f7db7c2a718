package stdlib

import "github.com/pyasync/pyasync/vm"

// loop.add_signal_handler and loop.remove_signal_handler (the event loop
// side of the signal module).

func init() {
	loopType.NewMethod("add_signal_handler", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(kw) > 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "add_signal_handler() got an unexpected keyword argument '%s'", kw[0])
		}
		if len(args) < 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "add_signal_handler() missing required arguments: 'sig' and 'callback'")
		}
		cb := args[1]
		if vm.IsCoroutineFunction(cb) || isCoroutineObject(cb) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "coroutines cannot be used with add_signal_handler()")
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		cargs := append([]vm.Value(nil), args[2:]...)
		return none, addLoopSignalHandler(t, int(n), cb, cargs)
	})
	loopType.NewMethod("remove_signal_handler", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("remove_signal_handler", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		ok, err := removeLoopSignalHandler(t, int(n))
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(ok), nil
	})
}

// isCoroutineObject reports whether v is a coroutine object.
func isCoroutineObject(v vm.Value) bool {
	return v.TypeName() == "coroutine"
}
