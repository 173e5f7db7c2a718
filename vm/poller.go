package vm

import "errors"

// The loop's own poller. On Linux (poller_linux.go) a loop can own an
// epoll instance: descriptors registered with it (Loop.PollFD) are
// watched by the loop goroutine itself, which then idles in epoll_wait
// instead of on its wake-up channel, and calls the descriptor's handler
// when it is ready. A connection waiting for data then costs no goroutine
// and no buffer. Everything that wakes the loop from other goroutines
// (completions, call_soon_threadsafe, signals, aborts and limits of the
// embedding API) goes through VM.poke, which also writes the poller's
// eventfd while the loop is in epoll_wait. Elsewhere (poller_other.go)
// there is no poller: Loop.PollFD fails with ErrNoPoller and callers keep
// their helper goroutines.

// ErrNoPoller is returned by Loop.PollFD when the platform has no loop
// poller; the caller then waits on a helper goroutine instead.
var ErrNoPoller = errors.New("pyasync: no loop poller on this platform")

// FDHandler receives the readiness of a descriptor registered with the
// loop's poller. FDReady runs on the loop goroutine; read and write say
// which of the interests set with PollFD.Want are ready (an error or a
// hang-up on the descriptor reports both wanted directions ready, so the
// handler's next read or write sees it).
type FDHandler interface {
	FDReady(read, write bool)
}

// PollFD is a descriptor registered with the loop's poller. It is level
// triggered: while an interest is set and the descriptor stays ready the
// handler is called at every iteration of the loop. A PollFD with an
// interest set counts as pending work (an idle loop waits for it instead
// of reporting a deadlock, and the virtual clock does not jump).
type PollFD struct {
	p           *poller
	h           FDHandler
	fd          int
	seq         uint32
	read, write bool
	// counted: the loop counts this registration as pending work
	counted bool
	// off: the descriptor has been taken out of the epoll set (it had no
	// interest and reported a hang-up or an error); Want adds it back
	off bool
}

// FD returns the descriptor.
func (pf *PollFD) FD() int { return pf.fd }

// Watching reports the interests set (read, write).
func (pf *PollFD) Watching() (read, write bool) { return pf.read, pf.write }

// account keeps the loop's count of pending work in step with the
// registration's interests.
func (pf *PollFD) account(l *Loop) {
	want := pf.read || pf.write
	if want && !pf.counted {
		pf.counted = true
		l.pendingOps++
		pf.p.active++
	} else if !want && pf.counted {
		pf.counted = false
		l.pendingOps--
		pf.p.active--
	}
}

// SetNoPoller(true) makes Loop.PollFD fail with ErrNoPoller, so that
// loops wait for descriptors on helper goroutines as on platforms without
// a loop poller: tests use it to keep that path honest on Linux. Set it
// before the program opens descriptors.
func (vm *VM) SetNoPoller(on bool) { vm.noPoller = on }
