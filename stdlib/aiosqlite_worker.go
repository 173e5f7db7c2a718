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
// The goroutine is a daemon operation of the loop it was started on: it
// ends when the connection is closed or the loop closes.
type aiosqliteWorker struct {
	loop *vm.Loop
	op   *vm.Op
	th   *vm.Thread
	// mu guards queue, which the worker drains; wake (buffer 1) tells an
	// idle worker that the queue has something.
	mu    sync.Mutex
	queue []*aiosqliteJob
	wake  chan struct{}
	// inline receives a token when the job the loop goroutine waits for
	// finishes in time (only one job is waited for at a time).
	inline chan struct{}
	timer  *time.Timer
	// running counts the jobs submitted and not yet finished by the
	// worker: the loop goroutine waits inline only for a job with none
	// ahead of it, so a slow query does not stall every later submit.
	running atomic.Int32
	// db is the connection's engine handle once connected (watch): when
	// the loop closes, or a call is made while the run is being aborted, a
	// statement still running on it is interrupted, so neither waits for
	// a slow query to end.
	db atomic.Pointer[sqliteHandle]
	// busy (guarded by busyMu) is set while the worker runs a call: only
	// then is there a statement to interrupt (an interrupt with none
	// running would stay pending and fail the next statement).
	busyMu sync.Mutex
	busy   bool
	// closed (guarded by mu) is set once a close call's success reached
	// the loop: later calls fail as aiosqlite's do on a closed connection.
	closed bool
}

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
// A closing call marks the worker closed when its success is delivered.
func (w *aiosqliteWorker) submit(t *vm.Thread, args []vm.Value, closing bool) (vm.Value, error) {
	if len(args) == 0 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "call() missing required argument 'fn'")
	}
	v := t.VM()
	l := v.RunningLoop()
	if l == nil {
		return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
	}
	if w.loop != l || w.op == nil || w.op.Cancelled() {
		w.start(v, l)
	}
	if v.AbortReason() != nil {
		// the run is being stopped (a limit, its context): a call made
		// now (the close of an `async with`) must not wait behind a
		// statement that may never end
		w.interrupt()
	}
	j := &aiosqliteJob{fn: args[0], args: append([]vm.Value(nil), args[1:]...), closing: closing, fut: l.NewFuture()}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return vm.Value{}, errNoConnection()
	}
	ahead := w.running.Add(1) > 1
	w.queue = append(w.queue, j)
	w.mu.Unlock()
	l.Begin()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	if ahead && j.state.CompareAndSwap(jobWaiting, jobLeft) {
		return j.fut.Value(), nil
	}
	got := false
	v.BlockingCall(func() {
		w.timer.Reset(aiosqliteInlineWait)
		select {
		case <-w.inline:
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
		v.BlockingCall(func() { <-w.inline })
	}
	// the outcome still reaches the task through the completion queue,
	// behind those the worker posted before: results arrive in call order
	// and the awaiting task yields to the loop as it does in CPython
	l.Post(func() { w.complete(j) })
	return j.fut.Value(), nil
}

// complete hands a finished job's outcome to its future (on the loop
// goroutine).
func (w *aiosqliteWorker) complete(j *aiosqliteJob) {
	w.loop.Done()
	if j.closing && j.err == nil {
		// the connection is closed: later calls are refused, and the
		// worker ends once the calls queued before this point have run
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		select {
		case w.wake <- struct{}{}:
		default:
		}
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

// start makes the worker's goroutine and helper thread on loop l (a worker
// used again after its loop closed gets new ones).
func (w *aiosqliteWorker) start(v *vm.VM, l *vm.Loop) {
	w.loop = l
	w.th = v.NewHelperThread()
	w.wake = make(chan struct{}, 1)
	w.inline = make(chan struct{}, 1)
	if w.timer == nil {
		w.timer = time.NewTimer(time.Hour)
		w.timer.Stop()
	}
	w.mu.Lock()
	w.queue = nil
	w.mu.Unlock()
	w.running.Store(0)
	w.op = l.GoDaemon(func(op *vm.Op) { w.serve(v, op) })
}

// serve is the worker goroutine: it runs queued jobs until the connection
// is closed (and nothing is left in the queue) or the loop's operations
// are cancelled.
func (w *aiosqliteWorker) serve(v *vm.VM, op *vm.Op) {
	done := op.Context().Done()
	stop := context.AfterFunc(op.Context(), w.interrupt)
	defer stop()
	for {
		w.mu.Lock()
		var j *aiosqliteJob
		if len(w.queue) > 0 {
			j = w.queue[0]
			w.queue[0] = nil
			w.queue = w.queue[1:]
		}
		closed := w.closed
		w.mu.Unlock()
		if j == nil {
			if closed {
				return
			}
			select {
			case <-w.wake:
				continue
			case <-done:
				return
			}
		}
		w.setBusy(true)
		v.AcquireGIL()
		j.res, j.err = w.th.Call(j.fn, j.args, nil)
		v.ReleaseGIL()
		w.setBusy(false)
		w.finish(op, j)
	}
}

func (w *aiosqliteWorker) setBusy(b bool) {
	w.busyMu.Lock()
	w.busy = b
	w.busyMu.Unlock()
}

// interrupt interrupts the statement of the call the worker is running,
// if any (from any goroutine).
func (w *aiosqliteWorker) interrupt() {
	w.busyMu.Lock()
	defer w.busyMu.Unlock()
	if h := w.db.Load(); h != nil && w.busy {
		h.interruptFromOther()
	}
}

// finish hands a job's outcome to the loop goroutine: through the inline
// token if it is still waiting for this job, else through the completion
// queue.
func (w *aiosqliteWorker) finish(op *vm.Op, j *aiosqliteJob) {
	w.running.Add(-1)
	if j.state.CompareAndSwap(jobWaiting, jobFinished) {
		w.inline <- struct{}{}
		return
	}
	op.Post(func() { w.complete(j) })
}
