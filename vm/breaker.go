package vm

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The eval breaker (CPython's name): the one place where the interpreter
// notices work that does not come from the script itself — an interrupt,
// a cancelled context, an exhausted step budget, a deadline, memory over
// its limit.
//
// The hot path is a countdown, not an atomic: every backward jump, every
// script call and every item a long builtin processes (Thread.Check)
// decrements breaker.ticks, and only when it goes negative does the slow
// path run (about every tickChunk ticks). The slow path adds the chunk to
// the step count, checks MaxSteps, and reads the atomic flag that other
// goroutines set (Interrupt, Abort). So an abort requested from another
// goroutine is seen within one chunk (microseconds), and the per-tick cost
// is a decrement and a compare.
//
// An abort (cancellation or any limit) raises an exception of a class the
// script cannot name or catch: except clauses never match it, but finally
// blocks, with and async with exits still run while it propagates. It is
// raised once; if the script swallows it anyway (a bare except, a return
// in finally), the breaker stays armed and, once a grace period has
// passed, raises it again as a hard abort that runs no handler at all. So
// a run always ends, promptly, with the abort's reason.
//
// The grace is counted in work, not time: cleanup may take abortGraceTicks
// ticks of interpreter work, each look at the abort during the grace
// (a loop iteration, a wait woken by the stop) counting as a chunk. A
// starved machine that runs the cleanup slowly does not cut it short,
// while a script that swallows the abort and loops ends within
// milliseconds of CPU. abortGraceMax bounds the grace in wall-clock time
// for cleanup that waits (the loop's waits end at it).

// tickChunk is the number of ticks between two slow-path checks.
const tickChunk = 1024

// abortGraceTicks is how much work cleanup code (finally, __exit__) may
// do after an abort was raised before the hard abort ends it: a few
// milliseconds of CPU for a loop that swallows the abort, hundreds of
// times what the cleanup of asyncio.run and its resources takes.
const abortGraceTicks = 4 << 20

// abortGraceMax is the longest the grace lasts in wall-clock time (cleanup
// that waits: for a worker to stop, or forever).
const abortGraceMax = 2 * time.Second

// maxNativeDepth bounds the recursion of Go code (script calls made from
// Go, repr, comparison, hashing), whatever the recursion limit says: deeper
// Go stacks would risk Go's fatal stack overflow.
const maxNativeDepth = 12000

const (
	flagInterrupt uint32 = 1 << iota
	flagAbort
	// flagSample asks for the running line (debug mode's slow-step report).
	flagSample
)

// breaker is the VM's eval breaker state (embedded in VM).
type breaker struct {
	// ticks counts down to the next slow-path check (VM goroutine only).
	ticks int64
	// chunk is what ticks started from.
	chunk int64
	// steps counts the ticks of completed chunks; maxSteps bounds it (0:
	// no limit).
	steps, maxSteps int64
	// depth counts nested native hashing (tupleHash).
	depth int
	// slow counts slow-path runs (memory is sampled every few).
	slow uint32
	// hook is the embedder's SetBreakerHook function (nil: none), due
	// after hookIn more slow paths.
	hook   func() int
	hookIn int
	// flag holds requests from other goroutines (flagInterrupt, flagAbort).
	flag atomic.Uint32

	mu sync.Mutex
	// gen is the arming generation: a request for an older one is stale.
	gen uint64
	// reason is why the run is aborted (nil: it is not).
	reason error
	// stop is closed when an abort is requested (interruptible waits).
	stop chan struct{}
	// raised: the soft abort was raised, at step graceFrom (steps plus
	// the ticks used of the chunk); the hard one is raised after
	// abortGraceTicks more, or at graceEnd.
	raised    bool
	graceFrom int64
	graceEnd  time.Time
	// wake is the wake-up channel of the VM's event loops.
	wake chan struct{}
	// sleeper is the poller whose epoll_wait the loop is in (poller.go):
	// poke writes its eventfd as well.
	sleeper atomic.Pointer[poller]
}

// LimitError reports that a run exceeded one of its limits.
type LimitError struct {
	// Limit names the limit: "MaxSteps", "MaxMemory", "MaxDuration".
	Limit string
	// Value is the limit's setting (steps, bytes, or nanoseconds).
	Value int64
}

// Error describes the limit.
func (e *LimitError) Error() string {
	switch e.Limit {
	case "MaxDuration":
		return fmt.Sprintf("pyasync: %s limit exceeded (%v)", e.Limit, time.Duration(e.Value))
	case "MaxMemory":
		return fmt.Sprintf("pyasync: %s limit exceeded (%d bytes)", e.Limit, e.Value)
	}
	return fmt.Sprintf("pyasync: %s limit exceeded (%d)", e.Limit, e.Value)
}

// The classes of the abort exceptions. They derive from BaseException so
// that tracebacks and the task machinery handle them, but exceptionMatches
// never matches them and they are not reachable by name.
var (
	abortType     = newExcType("InterpreterAbort", BaseException)
	hardAbortType = newExcType("InterpreterAbort", BaseException)
)

func (b *breaker) init() {
	b.chunk, b.ticks = tickChunk, tickChunk
	b.stop = make(chan struct{})
	b.wake = make(chan struct{}, 1)
}

// Check is the eval breaker's tick for long loops in Go code (builtins
// that iterate, sort, join, build): call it once per item; it returns the
// error to raise when the run must stop (interrupt, cancellation, limit).
func (t *Thread) Check() error {
	if t == nil {
		return nil
	}
	v := t.vm
	v.brk.ticks--
	if v.brk.ticks >= 0 {
		return nil
	}
	return v.breakerSlow(t)
}

// checkN is Check for n ticks at once (a block of work done in Go).
func (t *Thread) checkN(n int64) error {
	if t == nil {
		return nil
	}
	v := t.vm
	v.brk.ticks -= n
	if v.brk.ticks >= 0 {
		return nil
	}
	return v.breakerSlow(t)
}

// breakerSlow is the slow path of a tick: a chunk is used up.
func (vm *VM) breakerSlow(t *Thread) error {
	b := &vm.brk
	b.steps += b.chunk - b.ticks
	next := int64(tickChunk)
	if b.maxSteps > 0 {
		if b.steps >= b.maxSteps {
			vm.Abort(b.gen, &LimitError{Limit: "MaxSteps", Value: b.maxSteps})
		} else if rem := b.maxSteps - b.steps; rem < next {
			next = rem
		}
	}
	b.chunk, b.ticks = next, next
	b.slow++
	if b.hook != nil {
		b.runHook()
	}
	if vm.mem.max > 0 && b.slow&vm.mem.sampleMask == 0 {
		vm.sampleMemory()
	}
	f := b.flag.Load()
	if f == 0 {
		return nil
	}
	if f&flagSample != 0 {
		vm.takeSample()
	}
	if f&flagAbort != 0 {
		return vm.abortException()
	}
	if f&flagInterrupt != 0 {
		return vm.handleInterrupt(t)
	}
	if f&flagFinalize != 0 {
		vm.runFinalizers(t)
	}
	return nil
}

// poke wakes the event loop if it waits (on its channel or in its
// poller). Every wake-up from another goroutine goes through it.
func (vm *VM) poke() {
	select {
	case vm.brk.wake <- struct{}{}:
	default:
	}
	if p := vm.brk.sleeper.Load(); p != nil {
		p.wake()
	}
}

// Arm starts a run's limits: maxSteps ticks (0: none) and a fresh abort
// state. It returns the generation to pass to Abort. Call it on the VM's
// goroutine before the run, and Disarm after it.
func (vm *VM) Arm(maxSteps int64) uint64 {
	b := &vm.brk
	b.mu.Lock()
	b.gen++
	gen := b.gen
	b.reason = nil
	b.raised = false
	b.stop = make(chan struct{})
	b.mu.Unlock()
	b.flag.And(^flagAbort)
	b.steps, b.maxSteps = 0, maxSteps
	b.chunk, b.ticks = tickChunk, tickChunk
	if maxSteps > 0 && maxSteps < tickChunk {
		b.chunk, b.ticks = maxSteps, maxSteps
	}
	return gen
}

// Disarm ends a run's limits: nothing stays armed for the next run. It
// returns the abort reason if the run was aborted.
func (vm *VM) Disarm() error {
	b := &vm.brk
	b.mu.Lock()
	reason := b.reason
	b.gen++
	b.reason = nil
	b.raised = false
	b.mu.Unlock()
	b.flag.And(^flagAbort)
	b.maxSteps = 0
	vm.mem.disarm()
	return reason
}

// Abort asks the run of generation gen to stop with reason (a *LimitError
// or a context's error). Safe to call from any goroutine; a request for a
// run that has ended is ignored. The first reason wins.
func (vm *VM) Abort(gen uint64, reason error) {
	b := &vm.brk
	b.mu.Lock()
	if gen != b.gen || b.reason != nil {
		b.mu.Unlock()
		return
	}
	b.reason = reason
	close(b.stop)
	b.mu.Unlock()
	b.flag.Or(flagAbort)
	vm.poke()
}

// AbortReason returns why the current run is being aborted, or nil.
func (vm *VM) AbortReason() error {
	b := &vm.brk
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.reason
}

// stopChan is closed when the current run is aborted.
func (vm *VM) stopChan() chan struct{} {
	b := &vm.brk
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stop
}

// abortException returns the exception that carries an abort into the
// script: the soft one first, nothing during the grace period, the hard one
// after it.
func (vm *VM) abortException() error {
	b := &vm.brk
	reason := vm.AbortReason()
	if reason == nil {
		return nil
	}
	if !b.raised {
		b.raised = true
		b.graceFrom = b.steps + b.chunk - b.ticks
		b.graceEnd = time.Now().Add(abortGraceMax)
		return NewException(abortType, Str(reason.Error()))
	}
	// each look during the grace counts as a chunk of work
	b.graceFrom -= tickChunk
	if b.steps+b.chunk-b.ticks-b.graceFrom < abortGraceTicks && time.Now().Before(b.graceEnd) {
		return nil
	}
	return NewException(hardAbortType, Str(reason.Error()))
}

// graceWait caps timeout (negative: none), how long the event loop is
// about to wait, at the end of an abort's grace: the hard abort is then
// raised on time even if nothing wakes the loop.
func (vm *VM) graceWait(timeout time.Duration) time.Duration {
	b := &vm.brk
	if !b.raised || b.flag.Load()&flagAbort == 0 {
		return timeout
	}
	left := time.Until(b.graceEnd)
	if left < 0 {
		left = 0
	}
	if timeout < 0 || timeout > left {
		return left
	}
	return timeout
}

// pendingAbort returns the exception to raise at a point where the script
// waits (the event loop, time.sleep): the abort's, or what a pending
// interrupt's handler raises; nil when there is none.
func (vm *VM) pendingAbort(t *Thread) error {
	f := vm.brk.flag.Load()
	if f&(flagAbort|flagInterrupt) == 0 {
		return nil
	}
	if f&flagAbort != 0 {
		return vm.abortException()
	}
	return vm.handleInterrupt(t)
}

// IsAbort reports whether err is the exception of an aborted run.
func IsAbort(err error) bool {
	e, ok := err.(*Exception)
	return ok && (e.cls == abortType || e.cls == hardAbortType)
}

// isAbortExc is IsAbort for an exception.
func isAbortExc(e *Exception) bool { return e.cls == abortType || e.cls == hardAbortType }

// nativeLimit is the depth bound for Go recursion (repr, comparison,
// hashing): the recursion limit, capped by maxNativeDepth.
func (vm *VM) nativeLimit() int {
	if vm.recursionLimit > maxNativeDepth {
		return maxNativeDepth
	}
	return vm.recursionLimit
}
