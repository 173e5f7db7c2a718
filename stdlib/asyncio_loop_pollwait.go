package stdlib

import (
	"os"

	"github.com/pyasync/pyasync/vm"
)

// pollWait is a loop call on a socket waiting on the loop's own poller
// (Linux) instead of a helper goroutine: a sock_* call (sock_connect,
// sock_recv, sock_accept, ...) or a server's accept loop. The socket's
// descriptor is registered for one direction, and each time it is ready
// the call is tried again on the loop goroutine, until it no longer would
// block. A socket has at most one such wait (socketObj.pw); a second
// concurrent call, or a socket a transport owns, waits on a goroutine as
// before. Closing the socket ends the wait first.
type pollWait struct {
	s  *socketObj
	pf *vm.PollFD
	// fut is a sock_* call's future (nil: an accept loop, which waits
	// until stopped)
	fut *vm.Future
	// retry makes the call again; true: it finished (fut is done)
	retry func() bool
	// fail ends the call with err (the socket was closed under it)
	fail func(err error)
}

// newPollWait registers s's descriptor with l's poller for reading (or
// writing), retry to be called at each readiness; nil means there is no
// poller for it here and the caller waits on a goroutine.
func newPollWait(l *vm.Loop, s *socketObj, write bool, retry func() bool) *pollWait {
	if !vm.HasPoller || s.pw != nil || s.inTransport || s.fd < 0 {
		return nil
	}
	w := &pollWait{s: s, retry: retry}
	pf, err := l.PollFD(s.fd, w)
	if err != nil {
		return nil
	}
	if err := pf.Want(!write, write); err != nil {
		pf.Close()
		return nil
	}
	w.pf = pf
	s.pw = w
	return w
}

// pollSock starts a poller wait for fut's call on s (fail ends it if the
// socket closes first); false: the caller waits on a goroutine.
func pollSock(l *vm.Loop, s *socketObj, write bool, fut *vm.Future, retry func() bool, fail func(error)) bool {
	w := newPollWait(l, s, write, retry)
	if w == nil {
		return false
	}
	w.fut, w.fail = fut, fail
	fut.AddDoneCallback(func(*vm.Future) { w.stop() })
	return true
}

// FDReady implements vm.FDHandler: the descriptor is ready, try again. A
// call cancelled meanwhile takes nothing (its done callback has not run
// yet), as with CPython's selector loop.
func (w *pollWait) FDReady(read, write bool) {
	if (w.fut != nil && w.fut.Done()) || w.retry() {
		w.stop()
	}
}

// stop removes the registration (once).
func (w *pollWait) stop() {
	if w.pf == nil {
		return
	}
	w.pf.Close()
	w.pf = nil
	if w.s.pw == w {
		w.s.pw = nil
	}
}

// closed ends the wait because the socket is being closed: the
// registration goes before the descriptor does, and a call fails as a
// goroutine's wait on a closed file does.
func (w *pollWait) closed() {
	w.stop()
	if w.fut != nil && !w.fut.Done() {
		w.fail(os.ErrClosed)
	}
}

var _ vm.FDHandler = (*pollWait)(nil)
