package vm

// Inline-awaited coroutines ("await f(...)" of a plain coroutine function,
// run as a pooled frame with no coroutine object: interp.go's CALL) on a
// thread that does not keep its frames when its chain suspends: the main
// program driving a coroutine with send(), a builtin driving one from a
// task. While such a frame runs nothing can see the coroutine it stands
// for; when the chain yields, the frames above the generator being resumed
// are taken off the thread (YIELD_VALUE), and each inline frame among them
// becomes a coroutine object first (materializeInline), so that the chain
// is an ordinary one of generators delegating through SEND: resuming,
// throwing into and closing it need nothing else.

// materializeInline turns the inline-awaited frame t.frames[j] into a
// coroutine object that owns a copy of the frame and its registers, and
// makes the frame below delegate to it as a SEND would have: the
// receiver's slot of the awaiting frame holds the coroutine. The pooled
// record's registers return to the arena, so the frames above j must be
// off the thread already (YIELD_VALUE takes them from the top down), and
// the frame below must still be unchanged (it may be inline too and be
// copied next). Frame objects and traceback entries of the call are moved
// to the new frame, which stays live as the coroutine's.
func (t *Thread) materializeInline(j int) {
	f := t.frames[j]
	g, nf := allocGenRecord(len(f.regs))
	copy(nf.regs, f.regs)
	nf.code, nf.fn, nf.globals = f.code, f.fn, f.globals
	nf.pc, nf.sp = f.pc, f.sp
	nf.handled, nf.epoch, nf.delegate = f.handled, f.epoch, f.delegate
	nf.flags = flagGen | f.flags&(flagDelegated|flagTraced|flagFrameObj)
	g.frame = nf
	g.kind = genCoroutine
	g.started = true
	g.awaited = true
	below := t.frames[j-1]
	below.delegate = g
	below.regs[below.sp-1] = Value{o: g}
	pf := t.arena.pool[j]
	if f.flags&flagFrameObj != 0 {
		if fo := t.vm.frameObjs[f]; fo != nil && fo.code == f.code {
			delete(t.vm.frameObjs, f)
			t.vm.frameObjs[nf] = fo
			fo.live = nf
		}
	}
	if f.flags&flagCaught != 0 {
		// tracebacks made while the call ran refer to the record: they
		// follow the frame, which is never reused now
		for _, w := range pf.caught {
			exc := w.Value()
			if exc == nil {
				continue
			}
			for i := range exc.Traceback {
				if e := &exc.Traceback[i]; e.frame == f && e.epoch == f.epoch {
					e.frame = nf
				}
			}
		}
		clear(pf.caught)
		pf.caught = pf.caught[:0]
	}
	f.flags = flagPooled
	f.delegate, f.handled = nil, nil
	f.epoch++
	t.arena.release(pf.arenaMark, f.regs)
	t.frames[j] = nf
}
