package vm

import (
	"context"
	"sync"
)

// Op is an operation in flight on a helper goroutine: the one way blocking
// work (connect, accept, read, write, DNS, process wait, file I/O) reaches
// the event loop. Its work function runs off the loop goroutine with a
// context that is cancelled when the operation is cancelled or the loop
// closes; everything it hands back runs on the loop goroutine through the
// loop's completion queue (Op.Post), so script-visible state is only ever
// touched by the goroutine that owns the VM.
//
// The loop counts operations in flight (an idle loop with operations
// pending waits for them instead of reporting a deadlock), and Loop.Close
// cancels every operation still running and waits for its goroutine, so
// no goroutine outlives the loop and nothing is posted to a dead loop.
//
// The work function must not touch the VM, its values or the GIL.
type Op struct {
	loop   *Loop
	ctx    context.Context
	cancel context.CancelFunc
	// prev and next link the loop's operations in flight.
	prev, next *Op
	ended      bool
	// daemon operations do not keep an idle loop waiting (GoDaemon)
	daemon bool
}

// Context returns the operation's context: it is done once the operation
// is cancelled or the loop closes. Blocking calls in the work function
// must return promptly then (set a deadline on a net.Conn with
// context.AfterFunc, kill a process, ...).
func (op *Op) Context() context.Context { return op.ctx }

// Cancel cancels the operation's context. Call it on the loop goroutine
// (typically when the awaiting future is cancelled); completions the work
// function posts afterwards still run, so they can release resources, and
// can check Cancelled.
func (op *Op) Cancel() { op.cancel() }

// Cancelled reports whether the operation's context is done.
func (op *Op) Cancelled() bool { return op.ctx.Err() != nil }

// Post hands fn to the loop goroutine, which runs it at its next
// iteration. It may be called any number of times from the work function
// (a connection's reader posts each chunk it reads). Once the loop is
// closed fn is dropped, and Post reports false.
func (op *Op) Post(fn func()) bool {
	l := op.loop
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.completions = append(l.completions, fn)
	l.mu.Unlock()
	l.vm.poke()
	return true
}

// Go starts an operation: work runs on a new goroutine and may post to the
// loop with op.Post; when it returns, the operation ends (the loop stops
// counting it). Call Go on the loop goroutine.
func (l *Loop) Go(work func(op *Op)) *Op {
	ctx, cancel := context.WithCancel(context.Background())
	op := &Op{loop: l, ctx: ctx, cancel: cancel}
	l.linkOp(op)
	l.opsWG.Add(1)
	go func() {
		defer l.opsWG.Done()
		work(op)
		if !op.Post(func() { l.unlinkOp(op) }) {
			op.cancel()
		}
	}()
	return op
}

// GoDaemon starts an operation like Go that does not count as pending
// work: a loop with nothing else to do does not wait for it (a service
// goroutine that lives as long as the loop, such as a write pump). It is
// still cancelled and waited for by Loop.Close.
func (l *Loop) GoDaemon(work func(op *Op)) *Op {
	ctx, cancel := context.WithCancel(context.Background())
	op := &Op{loop: l, ctx: ctx, cancel: cancel, daemon: true}
	l.linkOp(op)
	l.opsWG.Add(1)
	go func() {
		defer l.opsWG.Done()
		work(op)
		if !op.Post(func() { l.unlinkOp(op) }) {
			op.cancel()
		}
	}()
	return op
}

// GoFuture starts an operation bound to fut: work runs on a helper
// goroutine and its outcome is handed to apply on the loop goroutine,
// whose result or error completes fut (unless fut is done by then).
// Cancelling fut cancels the operation's context. apply always runs (also
// after a cancellation), so it can release what work acquired; a nil
// apply completes fut with None or work's error as an OSError.
func (l *Loop) GoFuture(fut *Future, work func(ctx context.Context) (any, error), apply func(res any, err error) (Value, error)) *Op {
	op := l.Go(func(op *Op) {
		res, err := work(op.ctx)
		op.Post(func() {
			var v Value
			var perr error
			if apply != nil {
				v, perr = apply(res, err)
			} else if err != nil {
				perr = Errorf(OSError, "%s", err.Error())
			} else {
				v = None
			}
			if fut.Done() {
				return
			}
			if perr != nil {
				_ = fut.SetException(asException(perr))
			} else {
				_ = fut.SetResult(v)
			}
		})
	})
	fut.AddDoneCallback(func(f *Future) {
		if f.Cancelled() {
			op.Cancel()
		}
	})
	return op
}

func (l *Loop) linkOp(op *Op) {
	if !op.daemon {
		l.pendingOps++
	}
	op.next = l.opHead
	if l.opHead != nil {
		l.opHead.prev = op
	}
	l.opHead = op
}

func (l *Loop) unlinkOp(op *Op) {
	if op.ended {
		return
	}
	op.ended = true
	if !op.daemon {
		l.pendingOps--
	}
	if op.prev != nil {
		op.prev.next = op.next
	} else {
		l.opHead = op.next
	}
	if op.next != nil {
		op.next.prev = op.prev
	}
	op.prev, op.next = nil, nil
	op.cancel()
}

// cancelOps cancels every operation in flight and waits for their
// goroutines to return, running what they post meanwhile (with the loop
// still open, so resources are released); called by Close.
func (l *Loop) cancelOps() {
	for op := l.opHead; op != nil; op = op.next {
		op.cancel()
	}
	done := make(chan struct{})
	go func() { l.opsWG.Wait(); close(done) }()
	for {
		saved := l.vm.releaseForWait()
		select {
		case <-done:
		case <-l.wake:
		}
		l.vm.acquireAfterWait(saved)
		l.mu.Lock()
		comps := l.completions
		l.completions = nil
		l.mu.Unlock()
		for _, fn := range comps {
			fn()
		}
		select {
		case <-done:
			return
		default:
		}
	}
}

// opsState is the part of Loop that tracks operations (embedded in Loop).
type opsState struct {
	opHead *Op
	opsWG  sync.WaitGroup
	loopAPIState
}
