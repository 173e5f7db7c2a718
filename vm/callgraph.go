package vm

import "github.com/pyasync/pyasync/compiler"

// The async call graph of Python 3.14's asyncio.capture_call_graph: for a
// future or task, its call stack (the frames of its coroutine chain,
// innermost first) and the futures awaiting it, each with its own graph.
// It is computed when asked from what the loop holds anyway — a task's
// suspended frames on its persistent thread, the future each task waits
// on, and the awaited-by hook (TaskGroup's parent) — so nothing is paid
// while tasks run.

// CallGraph is one node of an async call graph (asyncio.FutureCallGraph).
type CallGraph struct {
	Future *Future
	// Stack is the call stack, innermost frame first.
	Stack []CallGraphFrame
	// AwaitedBy are the graphs of the futures awaiting Future.
	AwaitedBy []*CallGraph
}

// CallGraphFrame is one frame of a call stack (asyncio.FrameCallGraphEntry).
type CallGraphFrame struct {
	// Frame is the frame object (types.FrameType).
	Frame *FrameObject
	// Tag is "async", "async generator", "generator" or "" (a plain
	// function), as 3.14's format_call_graph prints before the name.
	Tag   string
	Entry TraceEntry
	// QualName is the code's qualified name.
	QualName string
}

// SetAwaitedByHook sets how the call graph finds awaiters that are not a
// task waiting on the future (a TaskGroup's parent task for its tasks).
func (vm *VM) SetAwaitedByHook(fn func(t *Thread, f *Future) []*Future) { vm.awaitedByHook = fn }

// ScriptCallbacks returns the future's done callbacks written in script
// code (add_done_callback), in order.
func (f *Future) ScriptCallbacks() []Value {
	var out []Value
	for _, cb := range f.callbacks() {
		if cb.isScript() {
			out = append(out, cb.script())
		}
	}
	return out
}

// CaptureCallGraph is asyncio.capture_call_graph(f, depth=..., limit=...)
// for future f on loop l. When f is the running task, its stack is that
// of the caller: the innermost skip frames are left out. limit: nil for
// every frame, n > 0 keeps the n outermost frames, n < 0 the -n
// innermost, 0 none.
func (l *Loop) CaptureCallGraph(t *Thread, f *Future, skip int, limit *int) *CallGraph {
	return l.callGraph(t, f, skip, limit, map[*Future]bool{})
}

func (l *Loop) callGraph(t *Thread, f *Future, skip int, limit *int, seen map[*Future]bool) *CallGraph {
	seen[f] = true
	g := &CallGraph{Future: f}
	if tk := f.taskOf(); tk != nil && (limit == nil || *limit != 0) {
		th := &tk.thread
		top := len(th.frames) - 1
		if tk == l.current {
			top -= skip
		}
		for i := top; i >= 0; i-- {
			fr := th.frames[i]
			if fr == nil || fr.code == nil {
				continue
			}
			tag := ""
			switch fl := fr.code.Flags; {
			case fl&compiler.FlagAsyncGen != 0:
				tag = "async generator"
			case fl&compiler.FlagCoroutine != 0:
				tag = "async"
			case fl&compiler.FlagGenerator != 0:
				tag = "generator"
			}
			g.Stack = append(g.Stack, CallGraphFrame{Frame: th.FrameAt(len(th.frames) - 1 - i), Tag: tag, Entry: fr.traceEntry(), QualName: fr.code.QualName})
		}
		if limit != nil {
			n := *limit
			if n > 0 && n < len(g.Stack) {
				g.Stack = g.Stack[len(g.Stack)-n:]
			} else if n < 0 && -n < len(g.Stack) {
				g.Stack = g.Stack[:-n]
			}
		}
	}
	for _, a := range l.awaitedBy(t, f) {
		if !seen[a] {
			g.AwaitedBy = append(g.AwaitedBy, l.callGraph(t, a, 0, limit, seen))
		}
	}
	return g
}

// awaitedBy lists the futures awaiting f: the tasks waiting on it, the
// futures its Go callbacks complete (gather's), then what the awaited-by
// hook knows.
func (l *Loop) awaitedBy(t *Thread, f *Future) []*Future {
	var out []*Future
	add := func(a *Future) {
		for _, o := range out {
			if o == a {
				return
			}
		}
		out = append(out, a)
	}
	for _, tk := range l.tasks {
		if tk != nil && tk.waiter == f {
			out = append(out, &tk.Future)
		}
	}
	for _, a := range f.Awaiters() {
		add(a) // done too: 3.14's gather drops it only when this child ends
	}
	if h := l.vm.awaitedByHook; h != nil {
		for _, a := range h(t, f) {
			add(a)
		}
	}
	return out
}
