package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The pyasync module: pyasync's own helpers for scripts and the prompt.
//
//	pyasync.tasks()       print the task view (every task that is not done,
//	                      its await chain and what it waits on)
//	pyasync.task_graph()  the same as data: a list of dicts with name, coro,
//	                      state, awaits (a task name or None), awaited_by
//	                      chain [(filename, line, function), ...], parent
//	                      (the name of the task that created it, or None)
//	                      and created (filename, line, function) or None
//	pyasync.virtual_time() a context manager: event loops run on the
//	                      virtual clock inside it (as --virtual-time)

func init() { register("pyasync", initPyasync) }

func initPyasync(v *vm.VM, m *vm.Module) error {
	m.Set("__doc__", vm.Str("pyasync's own helpers: tasks() prints the task view, task_graph() returns it as data."))
	m.SetFunc("tasks", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("tasks", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		text := vm.FormatTasks(t.VM().Loop().Tasks(t))
		pr, _ := t.VM().Builtins.GetStr("print")
		_, err := t.Call(pr, []vm.Value{vm.Str(text)}, nil)
		return vm.None, err
	})
	m.SetFunc("_set_virtual_time", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_set_virtual_time", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		on, err := t.Truth(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		prev := t.VM().VirtualTime()
		t.VM().SetVirtualTime(on)
		return vm.Bool(prev), nil
	})
	m.SetFunc("task_graph", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("task_graph", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		var out []vm.Value
		for _, tk := range t.VM().Loop().Tasks(t) {
			d := vm.NewDict()
			d.SetStr("name", vm.Str(tk.Name))
			d.SetStr("coro", vm.Str(tk.Coro))
			d.SetStr("state", vm.Str(tk.WaitsOn))
			if tk.WaitsFor != "" {
				d.SetStr("awaits", vm.Str(tk.WaitsFor))
			} else {
				d.SetStr("awaits", vm.None)
			}
			by := make([]vm.Value, len(tk.AwaitedBy))
			for i, n := range tk.AwaitedBy {
				by[i] = vm.Str(n)
			}
			d.SetStr("awaited_by", vm.NewList(by))
			chain := make([]vm.Value, len(tk.Chain))
			for i, e := range tk.Chain {
				chain[i] = vm.NewTuple([]vm.Value{vm.Str(e.Filename), vm.Int(int64(e.Line)), vm.Str(e.Name)})
			}
			d.SetStr("chain", vm.NewList(chain))
			if tk.Parent != "" {
				d.SetStr("parent", vm.Str(tk.Parent))
			} else {
				d.SetStr("parent", vm.None)
			}
			if c := tk.Created; c.Filename != "" {
				d.SetStr("created", vm.NewTuple([]vm.Value{vm.Str(c.Filename), vm.Int(int64(c.Line)), vm.Str(c.Name)}))
			} else {
				d.SetStr("created", vm.None)
			}
			out = append(out, vm.ObjectValue(d))
		}
		return vm.NewList(out), nil
	})
	return runPrelude(v, m, "pyasync", pyasyncPrelude)
}

const pyasyncPrelude = `
class virtual_time:
    """with pyasync.virtual_time(): event loops run on a virtual clock --
    whenever every task waits on timers only, the loop's time jumps to the
    next deadline (as pyasync --virtual-time)."""

    def __enter__(self):
        self._prev = _set_virtual_time(True)
        return self

    def __exit__(self, *exc):
        _set_virtual_time(self._prev)
        return False
`
