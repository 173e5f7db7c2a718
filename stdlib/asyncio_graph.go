package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// asyncio's call graph introspection (Python 3.14): capture_call_graph,
// format_call_graph, print_call_graph, FrameCallGraphEntry and
// FutureCallGraph. The graph comes from vm.Loop.CaptureCallGraph; the
// classes and the text are at the end of asyncio.pya, built on
// _call_graph's nested tuples:
//
//	(future, ((frame, tag, filename, lineno, qualname), ...), (graph, ...))

func init() {
	asyncioExtras = append(asyncioExtras, func(v *vm.VM, m *vm.Module) error {
		v.SetAwaitedByHook(taskGroupAwaiters)
		m.SetFunc("_call_graph", callGraphFunc)
		return nil
	})
}

// callGraphFunc is _call_graph(future, depth, limit): the graph as nested
// tuples, or None when future is None and no task is running.
func callGraphFunc(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var fv, dv, lv vm.Value
	if err := vm.UnpackArgs("_call_graph", args, kw, []string{"future", "depth", "limit"}, &fv, &dv, &lv); err != nil {
		return vm.Value{}, err
	}
	depth, ok := dv.AsInt64()
	if !ok {
		return vm.Value{}, vm.Errorf(vm.TypeError, "depth must be an int")
	}
	var limit *int
	if !lv.IsNone() {
		n, ok := lv.AsInt64()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "limit must be an int or None")
		}
		i := int(n)
		limit = &i
	}
	l := t.VM().RunningLoop()
	var f *vm.Future
	if fv.IsNone() {
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "capture_call_graph() is called outside of a running event loop and no *future* to introspect was provided")
		}
		tk := l.CurrentTask()
		if tk == nil {
			return vm.None, nil
		}
		f = vm.FutureOf(vm.ObjectValue(tk))
	} else {
		f = vm.FutureOf(fv)
		if f == nil {
			r, err := t.Repr(fv)
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s object does not appear to be compatible with asyncio.Future", r)
		}
		if l == nil {
			l = f.Loop()
		}
	}
	skip := 0
	if l != nil && l.CurrentTask() != nil && vm.FutureOf(vm.ObjectValue(l.CurrentTask())) == f {
		// the frames of asyncio.pya's wrappers, then depth-1 more
		st := t.StackEntries()
		for i := len(st) - 1; i >= 0 && st[i].Filename == "<asyncio>"; i-- {
			skip++
		}
		skip += int(depth) - 1
	}
	if l == nil {
		return vm.None, nil
	}
	return graphTuple(l.CaptureCallGraph(t, f, skip, limit)), nil
}

func graphTuple(g *vm.CallGraph) vm.Value {
	st := make([]vm.Value, len(g.Stack))
	for i, fr := range g.Stack {
		st[i] = vm.NewTuple([]vm.Value{vm.ObjectValue(fr.Frame), vm.Str(fr.Tag), vm.Str(fr.Entry.Filename), vm.Int(int64(fr.Entry.Line)), vm.Str(fr.QualName)})
	}
	by := make([]vm.Value, len(g.AwaitedBy))
	for i, a := range g.AwaitedBy {
		by[i] = graphTuple(a)
	}
	return vm.NewTuple([]vm.Value{g.Future.Value(), vm.NewTuple(st), vm.NewTuple(by)})
}

// taskGroupAwaiters: a task of a TaskGroup is awaited by the group's
// parent task (as 3.14's TaskGroup records it).
func taskGroupAwaiters(t *vm.Thread, f *vm.Future) []*vm.Future {
	var out []*vm.Future
	for _, cb := range f.ScriptCallbacks() {
		name, err := t.GetAttr(cb, "__name__")
		if s, ok := name.AsStr(); err != nil || !ok || s != "_task_done" {
			continue
		}
		self, err := t.GetAttr(cb, "__self__")
		if err != nil || self.TypeName() != "TaskGroup" {
			continue
		}
		p, err := t.GetAttr(self, "_parent")
		if err != nil {
			continue
		}
		if pf := vm.FutureOf(p); pf != nil && !pf.Done() {
			out = append(out, pf)
		}
	}
	return out
}
