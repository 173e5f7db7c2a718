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

// acceptRetry is the pause after an accept fails for want of resources
// (EMFILE and the like), which a level-triggered wait would otherwise
// report again at once: CPython's one second.
const acceptRetry = time.Second

// outOfResources reports whether an accept failed for want of
// descriptors or memory: the failure goes to the loop's exception handler
// and accepting pauses for acceptRetry.
func outOfResources(err error) bool {
	switch err {
	case syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM:
		return true
	}
	return false
}

// reportAcceptFailure hands an accept that failed for want of resources to
// the loop's exception handler, as CPython's accept loop does.
func reportAcceptFailure(l *vm.Loop, s *socketObj, err error) {
	ctx := vm.NewDict()
	ctx.SetStr("message", vm.Str("socket.accept() out of system resource"))
	ctx.SetStr("exception", vm.ObjectValue(asExc(sockErr(err))))
	ctx.SetStr("socket", vm.ObjectValue(s))
	l.ReportContext(l.VM().Main(), ctx)
}

// acceptBatch returns how many accepts are attempted per readiness: the
// server's backlog, as in CPython (so that a flood of connects does not
// starve the loop's other work).
func acceptBatch(t *vm.Thread, server vm.Value) int {
	n := 100
	if server.IsValid() {
		if v, err := t.GetAttr(server, "_backlog"); err == nil {
			if b, ok := v.AsInt64(); ok {
				n = int(b)
			}
		}
	}
	return max(n, 1)
}

// startAccepting starts the accept loop of listening socket s.
func startAccepting(l *vm.Loop, s *socketObj, factory, server vm.Value) {
	ext := extOf(l)
	if ext.acceptors[s] != nil {
		return
	}
	s.timeout = 0
	batch := acceptBatch(l.VM().Main(), server)
	a := &pollAccept{l: l, s: s, factory: factory, server: server, batch: batch}
	if pollAccepting(a) {
		ext.acceptors[s] = a
		return
	}
	if op := goAccepting(l, s, factory, server, batch); op != nil {
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
	batch           int        // accepts attempted per readiness
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
	for i := 0; i < a.batch && a.w.pf != nil && s.fd >= 0; i++ {
		nfd, _, err := sysAccept(s.fd)
		switch err {
		case nil:
			accepted(a.l, nfd, s.family, s.stype, s.proto, a.factory, a.server)
		case syscall.EINTR, syscall.ECONNABORTED, syscall.EAGAIN:
			// CPython's accept loop ends the batch on these
			return false
		default:
			// out of descriptors and the like: look again a little
			// later; like CPython's, the batch goes on (and reports
			// each attempt that fails for want of resources)
			if outOfResources(err) {
				reportAcceptFailure(a.l, s, err)
			}
			a.pause()
			if !outOfResources(err) {
				return false
			}
		}
	}
	return false
}

// pause stops accepting for acceptRetry.
func (a *pollAccept) pause() {
	if a.retry != nil || a.w.pf == nil {
		return
	}
	_ = a.w.pf.Want(false, false)
	a.retry = a.l.CallAt(a.l.Time()+acceptRetry.Seconds(), func() {
		a.retry = nil
		if a.w.pf != nil {
			_ = a.w.pf.Want(true, false)
		}
	}, vm.Value{}, nil)
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
func goAccepting(l *vm.Loop, s *socketObj, factory, server vm.Value, batch int) *vm.Op {
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
		failed := 0 // accepts failed in a row for want of resources
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
				failed = 0
			case syscall.EINTR, syscall.ECONNABORTED:
				continue
			default:
				// out of descriptors and the like: reported as on the
				// poller (a batch of attempts), then a pause
				if outOfResources(aerr) {
					e := aerr
					op.Post(func() { reportAcceptFailure(l, s, e) })
					if failed++; failed < batch {
						continue
					}
				}
				failed = 0
				select {
				case <-time.After(acceptRetry):
				case <-op.Context().Done():
					return
				}
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
