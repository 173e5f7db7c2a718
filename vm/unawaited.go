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

// coroOrigin is a coroutine perhaps never awaited (VM.coroutines) and
// where it was made: code and pc of the frame that made it (nil: none).
// Kept here, not in the Generator, which stays 16 bytes.
type coroOrigin struct {
	g    *Generator
	code *Code
	pc   int
}

// origin is the place the coroutine was created.
func (c *coroOrigin) origin() TraceEntry {
	if c.code == nil {
		return TraceEntry{}
	}
	line, _ := c.code.LineFor(max(c.pc-1, 0))
	return TraceEntry{Filename: c.code.Filename, Line: line, Name: c.code.Name}
}

// unawaitedRec is a coroutine not yet awaited, held weakly during Collect.
type unawaitedRec struct {
	w     weak.Pointer[Generator]
	at    coroOrigin // where it was made (at.g is nil: the record is weak)
	qual  string
	stack []TraceEntry // debug mode's creation stack
}

// weakenUnawaited empties vm.coroutines, returning weak records of the
// coroutines not awaited (awaited ones are forgotten).
func (vm *VM) weakenUnawaited() []unawaitedRec {
	if len(vm.coroutines) == 0 {
		return nil
	}
	var recs []unawaitedRec
	for _, c := range vm.coroutines {
		stack, ok := vm.coroStacks[c.g]
		if ok {
			delete(vm.coroStacks, c.g)
		}
		if c.g.awaited || c.g.started {
			continue
		}
		at := c
		at.g = nil
		recs = append(recs, unawaitedRec{w: weak.Make(c.g), at: at, qual: c.g.QualName(), stack: stack})
	}
	clear(vm.coroutines)
	vm.coroutines = vm.coroutines[:0]
	return recs
}

// warnCollectedCoroutines warns about the recorded coroutines that died
// and tracks the others again (before any made since).
func (vm *VM) warnCollectedCoroutines(recs []unawaitedRec) {
	var live []coroOrigin
	for _, r := range recs {
		g := r.w.Value()
		if g == nil {
			vm.printUnawaited(r.at.origin(), r.qual, r.stack)
			continue
		}
		c := r.at
		c.g = g
		live = append(live, c)
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
