package vm

import "weak"

// The loop keeps the async generators first iterated while it runs, as
// CPython's loops do through sys.set_asyncgen_hooks' firstiter, so that
// loop.shutdown_asyncgens (called by asyncio.run) can close the ones left
// suspended and their finally blocks run. The references are weak: a
// generator dropped early is not kept alive by the list.

// noteAsyncGen records async generator g with the running loop, the first
// time one of its methods (or an async for step) is asked for.
func (vm *VM) noteAsyncGen(g *Generator) {
	if g.agenHooksCalled {
		return
	}
	g.agenHooksCalled = true
	l := vm.RunningLoop()
	if l == nil {
		return
	}
	if len(l.asyncGens) == cap(l.asyncGens) && len(l.asyncGens) >= 16 {
		// before growing, drop the generators gone or finished
		live := l.asyncGens[:0]
		for _, w := range l.asyncGens {
			if suspendedAsyncGen(w) != nil {
				live = append(live, w)
			}
		}
		clear(l.asyncGens[len(live):])
		l.asyncGens = live
	}
	l.asyncGens = append(l.asyncGens, weak.Make(g))
}

// TakeAsyncGens returns the async generators recorded with the loop that
// are still alive and not finished, and forgets them all.
func (l *Loop) TakeAsyncGens() []Value {
	var out []Value
	for _, w := range l.asyncGens {
		if ag := suspendedAsyncGen(w); ag != nil {
			out = append(out, Value{o: ag})
		}
	}
	l.asyncGens = nil
	return out
}

// suspendedAsyncGen returns the generator w points to if it is alive and
// neither finished nor closed (nil otherwise).
func suspendedAsyncGen(w weak.Pointer[Generator]) *Generator {
	if ag := w.Value(); ag != nil && !ag.finished && !ag.agenClosed {
		return ag
	}
	return nil
}
