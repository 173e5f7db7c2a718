package stdlib

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// aiosqliteWorker is an aiosqlite connection's own goroutine: it runs the
// connection's sqlite3 calls (script callables) one at a time, in the order
// they were submitted, under the GIL on a helper thread that lives as long
// as the worker — as aiosqlite's thread does in CPython.
//
// A call is submitted from the loop goroutine, which then waits for it,
// with the GIL released, for at most aiosqliteInlineWait: a quick
// statement runs at once, with no wait for the GIL, no wake of the loop
// and no goroutine start. A call still running after that is left to the
// worker, so other tasks run during a slow query. Either way the outcome
// completes the future through the loop's completion queue, so results
// arrive in call order and the awaiting task yields to the loop, as with
// aiosqlite's thread in CPython.
//
// The goroutine is a daemon operation of the loop it was started on
// (aiosqliteRun): it ends when the connection is closed or the loop
// closes; a connection used again on another loop gets a new one.
type aiosqliteWorker struct {
	run   *aiosqliteRun
	timer *time.Timer
	// db is the connection's engine handle once connected (watch): when
	// the loop closes, or a call is made while the run is being aborted, a
	// statement still running on it is interrupted, so neither waits for
	// a slow query to end.
	db atomic.Pointer[sqliteHandle]
	// closed is set (on the loop goroutine) once a close call's success
	// reached the loop: later calls fail as aiosqlite's do on a closed
	// connection.
	closed bool
	// undelivered counts the calls submitted on the current run whose
	// outcome has not reached the loop yet (loop goroutine only)
	undelivered int
}

// aiosqliteRun is a worker goroutine on one loop and what it shares with
// the loop goroutine.
type aiosqliteRun struct {
	loop *vm.Loop
	op   *vm.Op
	th   *vm.Thread
	db   *atomic.Pointer[sqliteHandle]
	// mu guards queue, which the worker drains, and ending (set once the
	// connection is closed: the worker ends when the queue is empty);
	// wake (buffer 1) tells an idle worker to look again.
	mu     sync.Mutex
	queue  []*aiosqliteJob
	ending bool
	wake   chan struct{}
	// inline receives a token when the job the loop goroutine waits for
	// finishes in time (only one job is waited for at a time).
	inline chan struct{}
	// running counts the jobs submitted and not yet finished by the
	// worker: the loop goroutine waits inline only for a job with none
	// ahead of it, so a slow query does not stall every later submit.
	running atomic.Int32
	// seq numbers the calls as they are submitted.
	seq atomic.Uint64
	// Guarded by busyMu: busy is set while the worker runs call number
	// call: only then is there a statement to interrupt. An interrupt
	// covers the calls submitted before it (upTo): one still queued is
	// interrupted as it starts. repeating is set while a goroutine
	// interrupts the running call again (SQLite forgets an interrupt made
	// before the call's statement started).
	busyMu    sync.Mutex
	busy      bool
	repeating bool
	call      uint64
	upTo      uint64
}

// aiosqliteReinterrupt is how often an interrupted call is interrupted
// again until it ends.
const aiosqliteReinterrupt = 5 * time.Millisecond

// aiosqliteInlineWait bounds how long the loop goroutine waits for a call
// before leaving it to the worker.
const aiosqliteInlineWait = time.Millisecond

// Job states: the loop goroutine may still take the outcome inline
// (jobWaiting), has stopped waiting (jobLeft: the worker posts it), or the
// worker finished it in time (jobFinished: it sends a token on inline).
const (
	jobWaiting int32 = iota
	jobLeft
	jobFinished
)

// aiosqliteJob is one call: fn(*args) and, once run, its outcome.
type aiosqliteJob struct {
	fn      vm.Value
	args    []vm.Value
	closing bool
	fut     *vm.Future
	seq     uint64
	res     vm.Value
	err     error
	state   atomic.Int32
}

func (*aiosqliteWorker) Type() *vm.Type { return aiosqliteWorkerType }

var aiosqliteWorkerType = vm.NewNativeType("_Worker", "aiosqlite", nil, nil)

func init() {
	W := aiosqliteWorkerType
	W.NewMethod("call", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self.Object().(*aiosqliteWorker).submit(t, args, false)
	})
	W.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self.Object().(*aiosqliteWorker).submit(t, args, true)
	})
	W.NewMethod("watch", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) == 1 {
			if h, ok := args[0].Object().(*sqliteHandle); ok {
				self.Object().(*aiosqliteWorker).db.Store(h)
			}
		}
		return vm.None, nil
	})
}

// errNoConnection is aiosqlite's error for a call on a closed connection.
func errNoConnection() error { return vm.Errorf(vm.ValueError, "no active connection") }

// submit queues fn(*args) (args[0] is fn) and returns a future of its
// outcome. It waits for the call inline when no other call is ahead of it.
// A closing call marks the connection closed when its success is
// delivered.
func (w *aiosqliteWorker) submit(t *vm.Thread, args []vm.Value, closing bool) (vm.Value, error) {
	if len(args) == 0 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "call() missing required argument 'fn'")
	}
	if w.closed {
		return vm.Value{}, errNoConnection()
	}
	v := t.VM()
	l := v.RunningLoop()
	if l == nil {
		return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
	}
	r := w.run
	if r == nil || r.loop != l || r.op.Cancelled() {
		r = w.start(v, l)
	}
	if v.AbortReason() != nil {
		// the run is being stopped (a limit, its context): a call made
		// now (the close of an `async with`) must not wait behind a
		// statement that may never end
		r.interrupt()
	}
	j := &aiosqliteJob{fn: args[0], args: append([]vm.Value(nil), args[1:]...), closing: closing, fut: l.NewFuture(), seq: r.seq.Add(1)}
	w.undelivered++
	ahead := r.running.Add(1) > 1
	r.mu.Lock()
	r.queue = append(r.queue, j)
	r.mu.Unlock()
	l.Begin()
	r.poke()
	if ahead && j.state.CompareAndSwap(jobWaiting, jobLeft) {
		return j.fut.Value(), nil
	}
	got := false
	v.BlockingCall(func() {
		w.timer.Reset(aiosqliteInlineWait)
		select {
		case <-r.inline:
			got = true
		case <-w.timer.C:
		}
		w.timer.Stop()
	})
	if !got {
		if j.state.CompareAndSwap(jobWaiting, jobLeft) {
			return j.fut.Value(), nil
		}
		// it finished just as the wait ended: its token is on the way
		v.BlockingCall(func() { <-r.inline })
	}
	// the outcome still reaches the task through the completion queue,
	// behind those the worker posted before: results arrive in call order
	// and the awaiting task yields to the loop as it does in CPython
	l.Post(func() { w.complete(r, j) })
	return j.fut.Value(), nil
}

// complete hands a finished job's outcome to its future (on the goroutine
// of r's loop).
func (w *aiosqliteWorker) complete(r *aiosqliteRun, j *aiosqliteJob) {
	r.loop.Done()
	if w.run == r {
		w.undelivered--
	}
	if j.closing && j.err == nil {
		// the connection is closed: later calls are refused, and the
		// worker ends once the calls queued before this point have run
		w.closed = true
		r.mu.Lock()
		r.ending = true
		r.mu.Unlock()
		r.poke()
	}
	if j.fut.Done() {
		return // the awaiting task was cancelled
	}
	if j.err != nil {
		exc, ok := j.err.(*vm.Exception)
		if !ok {
			exc = vm.Errorf(vm.SystemError, "%v", j.err)
		}
		_ = j.fut.SetException(exc)
		return
	}
	_ = j.fut.SetResult(j.res)
}

// start makes a worker goroutine and helper thread on loop l.
func (w *aiosqliteWorker) start(v *vm.VM, l *vm.Loop) *aiosqliteRun {
	if w.timer == nil {
		w.timer = time.NewTimer(time.Hour)
		w.timer.Stop()
	}
	r := &aiosqliteRun{loop: l, th: v.NewHelperThread(), db: &w.db,
		wake: make(chan struct{}, 1), inline: make(chan struct{}, 1)}
	r.op = l.GoDaemon(func(op *vm.Op) { w.serve(v, r, op) })
	w.run = r
	w.undelivered = 0
	return r
}

// poke wakes the worker if it is idle.
func (r *aiosqliteRun) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// serve is the worker goroutine (op is r.op, which start may not have
// stored yet): it runs queued jobs until the connection is closed (and
// nothing is left in the queue) or the loop's operations are cancelled.
func (w *aiosqliteWorker) serve(v *vm.VM, r *aiosqliteRun, op *vm.Op) {
	done := op.Context().Done()
	stop := context.AfterFunc(op.Context(), r.interrupt)
	defer stop()
	for {
		r.mu.Lock()
		var j *aiosqliteJob
		if len(r.queue) > 0 {
			j = r.queue[0]
			r.queue[0] = nil
			r.queue = r.queue[1:]
		}
		ending := r.ending
		r.mu.Unlock()
		if j == nil {
			if ending {
				return
			}
			select {
			case <-r.wake:
				continue
			case <-done:
				return
			}
		}
		r.begin(j.seq)
		v.AcquireGIL()
		j.res, j.err = r.th.Call(j.fn, j.args, nil)
		v.ReleaseGIL()
		r.end()
		r.running.Add(-1)
		if j.state.CompareAndSwap(jobWaiting, jobFinished) {
			r.inline <- struct{}{}
		} else {
			// through the completion queue (dropped if the loop closed)
			op.Post(func() { w.complete(r, j) })
		}
	}
}

// begin marks call number seq as running; it is interrupted at once if
// an interrupt came while it was queued.
func (r *aiosqliteRun) begin(seq uint64) {
	r.busyMu.Lock()
	r.busy, r.call = true, seq
	r.interruptLocked()
	r.busyMu.Unlock()
}

// end marks the running call finished.
func (r *aiosqliteRun) end() {
	r.busyMu.Lock()
	r.busy = false
	r.busyMu.Unlock()
}

// interrupt interrupts the statements of the calls submitted so far (from
// any goroutine): the running call's, again until it ends (its statement
// may not have started yet), and those of the queued calls as they start.
func (r *aiosqliteRun) interrupt() {
	r.busyMu.Lock()
	r.upTo = r.seq.Load()
	r.interruptLocked()
	r.busyMu.Unlock()
}

// interruptLocked interrupts the running call if an interrupt covers it
// (busyMu held).
func (r *aiosqliteRun) interruptLocked() {
	h := r.db.Load()
	if h == nil || !r.busy || r.call > r.upTo {
		return
	}
	h.interruptFromOther()
	if !r.repeating {
		r.repeating = true
		go r.reinterrupt(h)
	}
}

// reinterrupt interrupts the statement on h every aiosqliteReinterrupt
// while the worker runs a call an interrupt covers.
func (r *aiosqliteRun) reinterrupt(h *sqliteHandle) {
	tk := time.NewTicker(aiosqliteReinterrupt)
	defer tk.Stop()
	for range tk.C {
		r.busyMu.Lock()
		if !r.busy || r.call > r.upTo {
			r.repeating = false
			r.busyMu.Unlock()
			return
		}
		h.interruptFromOther()
		r.busyMu.Unlock()
	}
}
