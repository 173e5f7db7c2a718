package vm

import "weak"

// Coroutines never awaited, found by gc.collect().
//
// CPython warns "coroutine '…' was never awaited" when such a coroutine is
// freed. pyasync tracks every coroutine in vm.coroutines (a plain slice:
// creating a coroutine costs one append, no weak pointer) and warns at exit.
// gc.collect() (Collect) comes closer: for the duration of its collection
// the coroutines not yet awaited are held only weakly (with what the
// warning needs), and those the collection freed are warned about before
// it returns; the survivors go back to the slice. A coroutine dropped
// without a gc.collect() is still warned about at exit (or when a debug
// mode loop closes).

// unawaitedRec is a coroutine not yet awaited, held weakly during Collect.
type unawaitedRec struct {
	w      weak.Pointer[Generator]
	origin TraceEntry
	qual   string
	stack  []TraceEntry // debug mode's creation stack
}

// weakenUnawaited empties vm.coroutines, returning weak records of the
// coroutines not awaited (awaited ones are forgotten).
func (vm *VM) weakenUnawaited() []unawaitedRec {
	if len(vm.coroutines) == 0 {
		return nil
	}
	var recs []unawaitedRec
	for _, c := range vm.coroutines {
		stack, ok := vm.coroStacks[c]
		if ok {
			delete(vm.coroStacks, c)
		}
		if c.awaited || c.started {
			continue
		}
		recs = append(recs, unawaitedRec{w: weak.Make(c), origin: c.Origin(), qual: c.QualName(), stack: stack})
	}
	clear(vm.coroutines)
	vm.coroutines = vm.coroutines[:0]
	return recs
}

// warnCollectedCoroutines warns about the recorded coroutines that died
// and tracks the others again (before any made since).
func (vm *VM) warnCollectedCoroutines(recs []unawaitedRec) {
	var live []*Generator
	for _, r := range recs {
		g := r.w.Value()
		if g == nil {
			vm.printUnawaited(r.origin, r.qual, r.stack)
			continue
		}
		live = append(live, g)
		if r.stack != nil {
			if vm.coroStacks == nil {
				vm.coroStacks = make(map[*Generator][]TraceEntry)
			}
			vm.coroStacks[g] = r.stack
		}
	}
	if len(live) > 0 {
		vm.coroutines = append(live, vm.coroutines...)
	}
}
