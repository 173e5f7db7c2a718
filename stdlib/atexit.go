package stdlib

import (
	"fmt"

	"github.com/pyasync/pyasync/vm"
)

// The atexit module: functions registered here run when the main program
// ends (normally, by sys.exit or after an uncaught exception), last
// registered first, through the VM's exit hooks.

func init() { register("atexit", initAtexit) }

// atexitCall is one registered callback with its arguments.
type atexitCall struct {
	fn     vm.Value
	args   []vm.Value
	kwargs []string
}

// atexitState is a VM's list of registered callbacks.
type atexitState struct{ calls []atexitCall }

// run calls the callbacks in reverse order of registration; an exception
// in one is reported on stderr and the others still run.
func (s *atexitState) run(t *vm.Thread) {
	for len(s.calls) > 0 {
		c := s.calls[len(s.calls)-1]
		s.calls = s.calls[:len(s.calls)-1]
		if _, err := t.Call(c.fn, append([]vm.Value(nil), c.args...), c.kwargs); err != nil {
			r, _ := t.Repr(c.fn)
			fmt.Fprintf(t.VM().Stderr, "Exception ignored in atexit callback: %s\n", r)
			if exc, ok := err.(*vm.Exception); ok {
				t.PrintException(exc)
			} else {
				fmt.Fprintln(t.VM().Stderr, err)
			}
		}
	}
}

func initAtexit(v *vm.VM, m *vm.Module) error {
	st := &atexitState{}
	v.AtExit(func() { st.run(v.Main()) })
	m.SetFunc("register", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args)-len(kw) < 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "register() takes at least 1 argument (0 given)")
		}
		fn := args[0]
		if !vm.IsCallable(fn) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "the first argument must be callable")
		}
		st.calls = append(st.calls, atexitCall{fn: fn, args: append([]vm.Value(nil), args[1:]...), kwargs: append([]string(nil), kw...)})
		return fn, nil
	})
	m.SetFunc("unregister", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("unregister", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		keep := st.calls[:0]
		for _, c := range st.calls {
			eq, err := t.Equal(c.fn, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if !eq {
				keep = append(keep, c)
			}
		}
		st.calls = keep
		return vm.None, nil
	})
	m.SetFunc("_run_exitfuncs", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		st.run(t)
		return vm.None, nil
	})
	m.SetFunc("_clear", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		st.calls = nil
		return vm.None, nil
	})
	m.SetFunc("_ncallbacks", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(len(st.calls))), nil
	})
	return nil
}
