package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The gc module, as far as it means something on Go's collector:
// collect() runs a full collection (vm.VM.Collect) and then the weakref
// callbacks and finalizers of the objects that died; enable/disable only
// record a flag (Go's collector cannot be switched off per interpreter);
// get_count/get_threshold report CPython's defaults. get_objects and
// get_referrers are not available.

func init() { register("gc", initGC) }

type gcState struct {
	enabled    bool
	thresholds [3]int64
}

func initGC(v *vm.VM, m *vm.Module) error {
	st := &gcState{enabled: true, thresholds: [3]int64{700, 10, 10}}
	m.SetFunc("collect", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("collect", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		if len(args) == 1 {
			n, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if n < 0 || n > 2 {
				return vm.Value{}, vm.Errorf(vm.ValueError, "invalid generation")
			}
		}
		if err := t.VM().Collect(t); err != nil {
			return vm.Value{}, err
		}
		return vm.Int(0), nil
	})
	m.SetFunc("enable", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		st.enabled = true
		return vm.None, vm.ArgCount("enable", args, kw, 0, 0)
	})
	m.SetFunc("disable", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		st.enabled = false
		return vm.None, vm.ArgCount("disable", args, kw, 0, 0)
	})
	m.SetFunc("isenabled", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(st.enabled), vm.ArgCount("isenabled", args, kw, 0, 0)
	})
	m.SetFunc("get_count", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.NewTuple([]vm.Value{vm.Int(0), vm.Int(0), vm.Int(0)}), vm.ArgCount("get_count", args, kw, 0, 0)
	})
	m.SetFunc("get_threshold", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.NewTuple([]vm.Value{vm.Int(st.thresholds[0]), vm.Int(st.thresholds[1]), vm.Int(st.thresholds[2])}),
			vm.ArgCount("get_threshold", args, kw, 0, 0)
	})
	m.SetFunc("set_threshold", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_threshold", args, kw, 1, 3); err != nil {
			return vm.Value{}, err
		}
		for i, a := range args {
			n, err := t.Index(a)
			if err != nil {
				return vm.Value{}, err
			}
			st.thresholds[i] = n
		}
		return vm.None, nil
	})
	m.SetFunc("is_tracked", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("is_tracked", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		a := args[0]
		atomic := a.IsInt() || a.IsFloat() || a.IsNone() || a.IsBool()
		if _, ok := a.AsStr(); ok {
			atomic = true
		}
		if _, ok := a.AsBytes(); ok {
			atomic = true
		}
		return vm.Bool(!atomic), nil
	})
	for _, name := range []string{"freeze", "unfreeze"} {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) { return vm.None, nil })
	}
	m.SetFunc("get_freeze_count", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) { return vm.Int(0), nil })
	for _, name := range []string{"get_objects", "get_referrers", "get_referents"} {
		name := name
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			return vm.Value{}, vm.Errorf(vm.NotImplementedError, "gc.%s is not supported by pyasync (Go's collector does not expose the object graph)", name)
		})
	}
	m.Set("garbage", vm.NewList(nil))
	m.Set("callbacks", vm.NewList(nil))
	for name, val := range map[string]int64{"DEBUG_STATS": 1, "DEBUG_COLLECTABLE": 2, "DEBUG_UNCOLLECTABLE": 4, "DEBUG_SAVEALL": 32, "DEBUG_LEAK": 38} {
		m.Set(name, vm.Int(val))
	}
	m.SetFunc("set_debug", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) { return vm.None, nil })
	m.SetFunc("get_debug", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) { return vm.Int(0), nil })
	return nil
}
