package vm

// A for loop over a generator (FOR_ITER on a *Generator of plain kind)
// runs the generator's frame in the loop's own interpreter loop: the
// frame, and the frames it delegates to by yield from, are pushed on the
// thread above the loop's frame, marked flagIterated; a yield pops them
// and gives the value to the loop, a return ends the loop at its
// FOR_ITER's target, and an exception unwinds into the loop's frame as
// from a call. Before, every value went through Thread.Next, Resume and
// a nested run (with its deferred recover): about 150 instructions a
// value for the pipeline of the generators benchmark. Semantics are
// Resume's: gi_running is set while the frame runs, f_back of the
// generator's frame is the loop's frame, a just-started generator gets
// no value pushed.

// forIterPush starts a step of a for loop over g in place and reports
// whether it did: not for a running or finished generator (Next raises
// or ends the loop), nor while tracing (Resume reports the events).
func (t *Thread) forIterPush(g *Generator) (bool, error) {
	if g.kind != genGenerator || g.running || g.finished || t.vm.trace.on {
		return false, nil
	}
	gf := g.frame
	n := len(t.frames)
	if err := t.pushFrame(gf); err != nil {
		return false, err
	}
	gf.flags |= flagIterated
	// re-push the chain g delegates to, as Resume does
	for d := gf.delegate; d != nil; d = d.frame.delegate {
		d.frame.flags |= flagDelegated
		if err := t.pushFrame(d.frame); err != nil {
			for len(t.frames) > n {
				t.top().flags &^= flagDelegated | flagIterated
				t.frames = t.frames[:len(t.frames)-1]
			}
			for d := gf.delegate; d != nil && d.running; d = d.frame.delegate {
				d.running = false
			}
			return false, err
		}
		d.running = true
	}
	if g.started {
		top := t.top()
		top.regs[top.sp] = None
		top.sp++
	}
	g.started, g.running, g.awaited = true, true, true
	return true, nil
}

// forIterYielded ends a step started by forIterPush whose chain yielded
// (t.frames[i] is the generator's frame, the frames above it its
// delegates, all already saved past the yield): it pops them and returns
// the loop's frame, which takes the value.
func (t *Thread) forIterYielded(i int) *Frame {
	gf := t.frames[i]
	for j := len(t.frames) - 1; j >= i; j-- {
		if t.frames[j].flags&flagInlineCoro != 0 {
			// not expected (a plain generator cannot await), kept as
			// YIELD_VALUE does it
			t.materializeInline(j)
		}
		t.frames[j].flags &^= flagDelegated | flagIterated
		t.frames = t.frames[:j]
	}
	g := gf.generator()
	g.running = false
	for d := gf.delegate; d != nil; d = d.frame.delegate {
		d.running = false
	}
	return t.frames[i-1]
}
