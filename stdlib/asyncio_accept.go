package stdlib

import (
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The accept loop of a serving socket (loop._start_serving). On Linux the
// listening descriptor is registered with the loop's own poller and the
// loop goroutine accepts while it is readable (up to acceptBatch
// connections per readiness, as CPython accepts up to its backlog); where
// there is no poller (or SetNoPoller), a helper goroutine waits in Go's
// netpoller and posts each connection to the loop. Either way every
// connection gets protocol_factory()'s protocol and a transport on the
// loop goroutine.

// acceptor is a running accept loop; Cancel stops it (_stop_serving, loop
// close).
type acceptor interface{ Cancel() }

// acceptBatch bounds the connections accepted per readiness, so that a
// flood of connects does not starve the loop's other work.
const acceptBatch = 128

// acceptRetry is the pause after an accept fails for want of resources
// (EMFILE and the like), which a level-triggered wait would otherwise
// report again at once.
const acceptRetry = 100 * time.Millisecond

// startAccepting starts the accept loop of listening socket s.
func startAccepting(l *vm.Loop, s *socketObj, factory, server vm.Value) {
	ext := extOf(l)
	if ext.acceptors[s] != nil {
		return
	}
	s.timeout = 0
	a := &pollAccept{l: l, s: s, factory: factory, server: server}
	if pollAccepting(a) {
		ext.acceptors[s] = a
		return
	}
	if op := goAccepting(l, s, factory, server); op != nil {
		ext.acceptors[s] = op
	}
}

// pollAccept is an accept loop on the loop's poller.
type pollAccept struct {
	l               *vm.Loop
	s               *socketObj
	w               *pollWait
	factory, server vm.Value
	retry           *vm.Handle // the resumption after a failed accept
}

// pollAccepting registers a's socket with the loop's poller; false: no
// poller here.
func pollAccepting(a *pollAccept) bool {
	a.w = newPollWait(a.l, a.s, false, a.acceptSome)
	return a.w != nil
}

// acceptSome accepts the connections waiting (the listening socket is
// readable); it never ends the wait: Cancel does.
func (a *pollAccept) acceptSome() bool {
	s := a.s
	for i := 0; i < acceptBatch && a.w.pf != nil; i++ {
		nfd, _, err := sysAccept(s.fd)
		switch err {
		case nil:
			accepted(a.l, nfd, s.family, s.stype, s.proto, a.factory, a.server)
		case syscall.EINTR, syscall.ECONNABORTED:
		case syscall.EAGAIN:
			return false
		default:
			// out of descriptors and the like: look again a little later
			_ = a.w.pf.Want(false, false)
			a.retry = a.l.CallAt(a.l.Time()+acceptRetry.Seconds(), func() {
				a.retry = nil
				if a.w.pf != nil {
					_ = a.w.pf.Want(true, false)
				}
			}, vm.Value{}, nil)
			return false
		}
	}
	return false
}

// Cancel implements acceptor.
func (a *pollAccept) Cancel() {
	if a.retry != nil {
		a.retry.Cancel()
		a.retry = nil
	}
	a.w.stop()
}

// goAccepting runs the accept loop on a helper goroutine (nil: the
// socket is closed).
func goAccepting(l *vm.Loop, s *socketObj, factory, server vm.Value) *vm.Op {
	n, err := s.netpoll()
	if err != nil {
		return nil
	}
	rc := n.rc
	family, stype, proto := s.family, s.stype, s.proto
	var op *vm.Op
	op = l.Go(func(op *vm.Op) {
		release := cancelDeadline(op.Context(), n, false)
		defer release()
		for {
			var nfd int
			var aerr error
			err := rc.Read(func(fd uintptr) bool {
				nfd, _, aerr = sysAccept(int(fd))
				return aerr != syscall.EAGAIN
			})
			if deadlineWake(op.Context(), err) {
				// a cancelled sock_accept on the same socket
				time.Sleep(time.Millisecond)
				continue
			}
			if err != nil || op.Cancelled() {
				if aerr == nil && nfd > 0 {
					syscall.Close(nfd)
				}
				return
			}
			switch aerr {
			case nil:
			case syscall.EINTR, syscall.ECONNABORTED:
				continue
			default:
				// out of descriptors and the like: wait a little
				time.Sleep(acceptRetry)
				continue
			}
			fd := nfd
			if !op.Post(func() {
				if op.Cancelled() {
					syscall.Close(fd)
					return
				}
				accepted(l, fd, family, stype, proto, factory, server)
			}) {
				syscall.Close(fd)
				return
			}
		}
	})
	return op
}

// accepted sets up an accepted connection on the loop goroutine.
func accepted(l *vm.Loop, fd, family, stype, proto int, factory, server vm.Value) {
	t := l.VM().Main()
	c := &socketObj{cls: socketType, family: family, stype: stype, proto: proto, timeout: 0}
	c.attach(fd)
	pv, err := t.Call(factory, nil, nil)
	if err != nil {
		ctx := vm.NewDict()
		ctx.SetStr("message", vm.Str("Error on transport creation for incoming connection"))
		ctx.SetStr("exception", vm.ObjectValue(asExc(err)))
		l.ReportContext(t, ctx)
		_ = c.close()
		return
	}
	newSocketTransport(t, l, c, protocolFor(t, pv), nil, server)
}
