package vm

// A for loop over a generator (FOR_ITER on a *Generator of plain kind)
// runs the generator's frame in the loop's own interpreter loop: the
// frame, and the frames it delegates to by yield from, are pushed on the
// thread above the loop's frame, marked flagIterated; a yield pops them
// and gives the value to the loop, a return ends the loop at its
// FOR_ITER's target, and an exception unwinds into the loop's frame as
// from a call. Before, every value went through Thread.Next, Resume and
// a nested run (with its deferred recover): about 75 instructions a
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
	if gf.delegate == nil && len(t.frames)+t.vm.cDepth < t.vm.recursionLimit && t.goDepth < maxGoDepth && t.vm.brk.ticks > 0 {
		// the common step: one frame, no breaker work due
		t.vm.brk.ticks--
		t.frames = append(t.frames, gf)
	} else if !t.genChainFits(gf) {
		// near the recursion limit: Resume raises RecursionError in the
		// chain where CPython does
		return false, nil
	} else if err := t.appendGenChain(gf); err != nil {
		return false, err
	}
	gf.flags |= flagIterated
	if g.started {
		top := t.top()
		top.regs[top.sp] = None
		top.sp++
	}
	g.started, g.running, g.awaited = true, true, true
	return true, nil
}

// genChainFits reports whether generator frame gf and the generators it
// delegates to can all be pushed under the recursion limit.
func (t *Thread) genChainFits(gf *Frame) bool {
	k := 1
	for d := gf.delegate; d != nil; d = d.frame.delegate {
		k++
	}
	return len(t.frames)+k-1+t.vm.cDepth < t.vm.recursionLimit && t.goDepth < maxGoDepth
}

// pushGenChain pushes generator frame gf and the chain of generators it
// delegates to (yield from), marked delegated and running, as a resumption
// does. A chain that fits under the recursion limit is pushed at once (one
// breaker tick, one check: a value through passthrough's 30 delegates
// pushes 31 frames); otherwise frame by frame. When a delegate cannot be
// pushed, partial is true: the frames pushed stay, and err is to be
// raised in the top one at its yield from, so they unwind as CPython's do
// when entering a frame fails (the one that delegated to the frame left
// out no longer delegates).
func (t *Thread) pushGenChain(gf *Frame) (partial bool, err error) {
	if t.genChainFits(gf) {
		return false, t.appendGenChain(gf)
	}
	if err := t.pushFrame(gf); err != nil {
		return false, err
	}
	last := gf
	for d := gf.delegate; d != nil; d = d.frame.delegate {
		if err := t.pushFrame(d.frame); err != nil {
			last.delegate = nil
			return true, err
		}
		d.frame.flags |= flagDelegated
		d.running = true
		last = d.frame
	}
	return false, nil
}

// forIterYielded ends a step started by forIterPush whose chain yielded
// (t.frames[i] is the generator's frame, the frames above it its
// delegates, all already saved past the yield): it pops them and returns
// the loop's frame, which takes the value.
func (t *Thread) forIterYielded(i int) *Frame {
	gf := t.frames[i]
	if i == len(t.frames)-1 && gf.delegate == nil {
		// the common step: the generator's frame alone
		gf.flags &^= flagIterated
		t.frames = t.frames[:i]
		gf.generator().running = false
		return t.frames[i-1]
	}
	for j := len(t.frames) - 1; j >= i; j-- {
		fr := t.frames[j]
		if fr.flags&flagInlineCoro != 0 {
			// not expected (a plain generator cannot await), kept as
			// YIELD_VALUE does it: the frames above j are off already
			t.frames = t.frames[:j+1]
			t.materializeInline(j)
		}
		fr.flags &^= flagDelegated | flagIterated
	}
	t.frames = t.frames[:i]
	g := gf.generator()
	g.running = false
	for d := gf.delegate; d != nil; d = d.frame.delegate {
		d.running = false
	}
	return t.frames[i-1]
}

// appendGenChain is pushGenChain for a chain that fits (genChainFits).
func (t *Thread) appendGenChain(gf *Frame) error {
	if t.vm.brk.ticks--; t.vm.brk.ticks < 0 {
		if err := t.vm.breakerSlow(t); err != nil {
			return err
		}
	}
	t.frames = append(t.frames, gf)
	for d := gf.delegate; d != nil; d = d.frame.delegate {
		d.frame.flags |= flagDelegated
		t.frames = append(t.frames, d.frame)
		d.running = true
	}
	return nil
}
