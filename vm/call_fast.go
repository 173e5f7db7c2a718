package vm

import "unsafe"

// pushExact pushes the frame of a call of fn whose positional arguments
// match its parameters exactly — self (when valid), then the n values
// after the callable and self (or NULL) slots at stack — and returns it; nil when the call needs anything more: fn's code
// is a generator's or takes defaults, *args, **kwargs or keyword-only
// parameters, the count differs, the recursion limit or the breaker's
// tick is due, or the thread's arena has no record or room ready. CALL
// then takes its general path, which handles all of these.
//
// It is CALL's common case taken out of run: run is far too big for Go's
// register allocator, so every value it touches is loaded from and stored
// to its stack frame. Here the arena, the pooled record and the code stay
// in registers, and the record's pointer fields are written together so
// that their write barriers share one test.
//
//go:noinline
func (t *Thread) pushExact(fn *Function, self Value, stack *Value, n int) *Frame {
	code := fn.code
	hasSelf := 0
	if self.o != nil {
		hasSelf = 1
	}
	if n+hasSelf != code.exactArgc {
		return nil
	}
	d := len(t.frames)
	a := t.arena
	if a == nil || d+t.vm.cDepth >= t.vm.recursionLimit || t.vm.brk.ticks <= 0 || d >= len(a.pool) {
		return nil
	}
	pf := a.pool[d]
	if pf == nil {
		return nil
	}
	t.vm.brk.ticks--
	nf := &pf.Frame
	regs := nf.regs
	if at := pf.regsAt; at.chunk != a.chunk || at.top != a.top || len(regs) != code.frameSize {
		// not the registers of the record's last call (a recursion, or a
		// loop calling one function, finds them again)
		chunk := a.chunks[a.chunk]
		if top, end := a.top, a.top+code.frameSize; end <= len(chunk) {
			regs = chunk[top:end:end]
		} else if next := a.chunk + 1; next < len(a.chunks) && len(a.chunks[next]) >= code.frameSize {
			// the chunk is full and the next one is there: the frame
			// starts it (calls crossing a chunk boundary again and again
			// would pay alloc's checks each time; nothing live is above the
			// current chunk)
			if at.chunk != next || at.top != 0 || len(regs) != code.frameSize {
				regs = a.chunks[next][:code.frameSize:code.frameSize]
				nf.regs = regs
				pf.regsAt = arenaMark{next, 0}
			}
			pf.arenaMark = arenaMark{a.chunk, a.top}
			a.chunk, a.top = next, code.frameSize
			goto bound
		} else {
			// the chunk is full: the next one (alloc)
			regs, pf.arenaMark = a.alloc(code.frameSize)
			pf.regsAt = arenaMark{a.chunk, 0}
			nf.regs = regs
			goto bound
		}
		nf.regs = regs
		pf.regsAt = arenaMark{a.chunk, a.top}
	}
	pf.arenaMark = pf.regsAt
	a.top += code.frameSize
bound:
	nf.code, nf.fn, nf.globals = code, fn, fn.globals
	nf.pc, nf.sp, nf.flags = 0, code.nregs, flagPooled
	if nf.handled != nil {
		nf.handled = nil
	}
	if nf.locals != nil || pf.localsMap.o != nil {
		nf.locals = nil
		pf.localsMap = Value{}
	}
	// the arguments: argc <= nregs < frameSize registers (every code has
	// a stack slot for its return value), so they and p+1 fit
	p := unsafe.SliceData(regs)
	if hasSelf == 1 {
		*p = self
		p = regAt(p, 1)
	}
	// one, two or three arguments by single stores (one write-barrier
	// test for all of them), more by copy; stack+2 is formed only when
	// there are arguments (with none it may be the caller's end)
	switch n {
	case 0:
	case 1:
		*p = *regAt(stack, 2)
	case 2:
		*p, *regAt(p, 1) = *regAt(stack, 2), *regAt(stack, 3)
	case 3:
		*p, *regAt(p, 1), *regAt(p, 2) = *regAt(stack, 2), *regAt(stack, 3), *regAt(stack, 4)
	default:
		copy(regs[hasSelf:code.argc], unsafe.Slice(regAt(stack, 2), n))
	}
	t.frames = append(t.frames, nf)
	return nf
}
