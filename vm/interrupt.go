package vm

import "time"

// Interrupts: a signal (or an embedder) asks the VM to stop what it is
// doing and run a handler on the goroutine that runs script code. The
// request is a flag of the eval breaker (breaker.go), so it is seen at
// backward jumps, calls and long builtins, after the event loop wakes up
// and by the interruptible waits below; it also ends those waits. What
// runs is the interrupt handler (the signal module's dispatcher, which
// calls the Python-level handlers), or KeyboardInterrupt when none is set.

// Interrupt asks the VM to run its interrupt handler (by default: raise
// KeyboardInterrupt) at the next check of the eval breaker, loop iteration
// or interruptible wait. It is safe to call from any goroutine.
func (vm *VM) Interrupt() {
	vm.brk.flag.Or(flagInterrupt)
	// make the next tick take the slow path
	vm.poke()
}

// SetInterruptHandler sets what an interrupt runs: fn is called on the
// script goroutine (never on a helper thread) and its error is raised
// where the script was interrupted. nil restores KeyboardInterrupt.
func (vm *VM) SetInterruptHandler(fn func(t *Thread) error) { vm.interruptHook = fn }

func (vm *VM) pendingInterrupt() bool { return vm.brk.flag.Load()&flagInterrupt != 0 }

// PendingInterrupt reports whether an interrupt waits to be handled.
func (vm *VM) PendingInterrupt() bool { return vm.pendingInterrupt() }

// HandleInterrupt runs the interrupt handler now if an interrupt is
// pending (e.g. right after os.kill signalled the interpreter's own
// process) and returns its error.
func (vm *VM) HandleInterrupt(t *Thread) error { return vm.handleInterrupt(t) }

func (vm *VM) handleInterrupt(t *Thread) error {
	if t != nil && t.helper {
		// handlers run on the main goroutine only; leave the flag set
		return nil
	}
	if vm.brk.flag.And(^flagInterrupt)&flagInterrupt != 0 {
		if vm.interruptHook != nil {
			return vm.interruptHook(t)
		}
		return NewException(KeyboardInterrupt)
	}
	return nil
}

// IsHelper reports whether t runs on a helper goroutine (to_thread,
// threading.Thread) rather than the VM's main goroutine.
func (t *Thread) IsHelper() bool { return t.helper }

// NewHelperThread makes a thread for script code run on a helper goroutine
// under the GIL (see RunInThread); signal handlers never run on it.
func (vm *VM) NewHelperThread() *Thread {
	vm.gilShared = true
	return &Thread{vm: vm, helper: true}
}

// AcquireGIL and ReleaseGIL bracket script code run on a helper goroutine
// (a thread made by NewHelperThread).
func (vm *VM) AcquireGIL() {
	vm.lockFromHelper()
	vm.curCtx = nil // a new thread's code starts in an empty context
}

// ReleaseGIL releases what AcquireGIL took.
func (vm *VM) ReleaseGIL() { vm.gil.Unlock() }

// WaitInterruptible waits until done is closed or timeout passes (a
// negative timeout waits without limit), releasing the GIL meanwhile.
// Interrupts that arrive run their handler at once; if it raises, the wait
// ends with that error (PEP 475: otherwise the wait goes on). It reports
// whether done was closed.
func (vm *VM) WaitInterruptible(t *Thread, done <-chan struct{}, timeout time.Duration) (bool, error) {
	defer vm.sampleIfAsked()
	var deadline time.Time
	var tc <-chan time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
		tm := time.NewTimer(timeout)
		defer tm.Stop()
		tc = tm.C
	}
	for {
		if vm.pendingInterrupt() && !t.helper {
			if err := vm.handleInterrupt(t); err != nil {
				return false, err
			}
		}
		if err := vm.pendingAbortOnly(); err != nil {
			return false, err
		}
		var wake <-chan struct{}
		if !t.helper {
			wake = vm.brk.wake
		}
		stop := vm.stopChan()
		saved := vm.releaseForWait()
		select {
		case <-done:
			vm.acquireAfterWait(saved)
			return true, nil
		case <-tc:
			vm.acquireAfterWait(saved)
			return false, nil
		case <-wake:
		case <-stop:
		}
		vm.acquireAfterWait(saved)
		if err := vm.pendingAbortOnly(); err != nil {
			return false, err
		}
		if timeout >= 0 && !time.Now().Before(deadline) {
			return false, nil
		}
	}
}

// pendingAbortOnly returns the abort exception of an aborted run (not an
// interrupt's), or nil.
func (vm *VM) pendingAbortOnly() error {
	if vm.brk.flag.Load()&flagAbort != 0 {
		return vm.abortException()
	}
	return nil
}

// Sleep waits d seconds the way time.sleep does: interruptible by signals
// whose handler raises and by an abort of the run (limits, cancellation),
// and letting other script threads run meanwhile.
func (vm *VM) Sleep(t *Thread, d time.Duration) error {
	_, err := vm.WaitInterruptible(t, nil, d)
	return err
}
