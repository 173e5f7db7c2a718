package stdlib

import (
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// Socket and pipe transports on the loop's own poller (vm.Loop.PollFD,
// Linux). A pipe end is a bare non-blocking descriptor like a socket; a
// write pipe sets its read interest to learn that the reader has closed
// (the write end reports an error then), as the selector loop watches it.
// The socket is registered with the loop's epoll instance while the
// transport wants to read; when epoll says it is readable the loop
// goroutine makes one read into the loop's shared buffer and hands the
// bytes to the protocol, so a connection waiting for data costs neither a
// goroutine nor a buffer. The registration is level triggered: data left
// in the socket (a chunk larger than the buffer, a FIN after the data) is
// reported again at the next iteration, so no extra read until EAGAIN is
// needed. pause_reading drops the read interest, resume_reading sets it
// again. Where the loop has no poller (other platforms) the transport
// keeps its reader goroutine (readLoop).

// pollState is the part of fdTransport the poller path uses.
type pollState struct {
	// pfd is the registration (nil: the transport uses the goroutines)
	pfd *vm.PollFD
}

// attachPoller registers a socket transport's descriptor with the loop's
// poller, taking it out of Go's netpoller first if an earlier wait put it
// there (a descriptor in both epoll sets makes every readiness change wake
// both). Without a poller the transport keeps the helper goroutines.
func (tr *fdTransport) attachPoller() {
	if tr.kind != trSocket || tr.sock == nil || !vm.HasPoller {
		return
	}
	if err := tr.sock.leaveNetpoller(); err != nil {
		return
	}
	tr.fd = tr.sock.fd
	pf, err := tr.loop.PollFD(tr.fd, tr)
	if err != nil {
		return
	}
	tr.pfd = pf
}

// pollReading starts (or resumes) reading on the loop's poller; false
// means the transport is not on the poller and the caller must start the
// reader goroutine.
func (tr *fdTransport) pollReading() bool {
	if tr.pfd == nil {
		return false
	}
	tr.setReadInterest(!tr.userPaused)
	return true
}

// pollWriting waits on the poller for the socket to take the queued
// bytes (tr.wbuf); false means the transport is not on the poller.
func (tr *fdTransport) pollWriting() bool {
	if tr.pfd == nil {
		return false
	}
	r, _ := tr.pfd.Watching()
	if err := tr.pfd.Want(r, true); err != nil {
		e := err
		tr.loop.CallSoon(func() { tr.writeFailedPoll(e) })
	}
	return true
}

// writeNow is a write made on the loop goroutine: a socket on the poller
// is known to be non-blocking (fdWrite, a send); pipe descriptors are
// made non-blocking by their transports (a write(2)).
func (tr *fdTransport) writeNow(data []byte) (int, error) {
	if tr.pfd != nil && tr.kind == trSocket {
		return fdWrite(tr.fd, data)
	}
	return syscall.Write(tr.fd, data)
}

// readNow is readReady's read: a recv on a socket, a read(2) on a pipe.
func (tr *fdTransport) readNow(buf []byte) (int, error) {
	if tr.kind == trSocket {
		return fdRead(tr.fd, buf)
	}
	return syscall.Read(tr.fd, buf)
}

// watchPeer makes a write pipe on the poller notice that its reader has
// gone: the write end of a pipe reports an error then, which the read
// interest turns into FDReady(read) (see peerClosed).
func (tr *fdTransport) watchPeer() {
	if tr.pfd != nil {
		_, w := tr.pfd.Watching()
		_ = tr.pfd.Want(true, w)
	}
}

// peerClosed runs when a write pipe's reader has closed its end: the
// transport closes, with BrokenPipeError if data was still queued.
func (tr *fdTransport) peerClosed() {
	if tr.lost {
		tr.setReadInterest(false)
		return
	}
	var exc *vm.Exception
	if tr.BufferSize() > 0 {
		exc = vm.NewException(vm.BrokenPipeError)
	}
	tr.forceClose(exc)
}

// writeReady writes the queue now that the socket is writable.
func (tr *fdTransport) writeReady() {
	for len(tr.wbuf) > 0 && !tr.fdClosed {
		n, err := tr.writeNow(tr.wbuf)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			return
		}
		if err != nil {
			tr.writeFailedPoll(err)
			return
		}
		rest := copy(tr.wbuf, tr.wbuf[n:])
		tr.wbuf = tr.wbuf[:rest]
		if rest > 0 {
			tr.maybeResume(tr.thread())
			return
		}
	}
	r, _ := tr.pfd.Watching()
	_ = tr.pfd.Want(r, false)
	tr.wbuf = nil
	if tr.fdClosed {
		return
	}
	tr.maybeResume(tr.thread())
	if len(tr.wbuf) == 0 {
		tr.flushed()
	}
}

func (tr *fdTransport) writeFailedPoll(e error) {
	tr.wbuf = nil
	if tr.pfd != nil {
		r, _ := tr.pfd.Watching()
		_ = tr.pfd.Want(r, false)
	}
	if !tr.lost {
		tr.reportError(tr.thread(), tr.fatalMsg("write"), sockErr(e), true)
	}
}

// setReadInterest sets or drops the registration's read interest.
func (tr *fdTransport) setReadInterest(on bool) {
	if tr.pfd == nil {
		return
	}
	_, w := tr.pfd.Watching()
	if err := tr.pfd.Want(on, w); err != nil && on {
		e := err
		tr.loop.CallSoon(func() { tr.readEnd(func() { tr.readFailed(e) }) })
	}
}

// FDReady implements vm.FDHandler: the socket or pipe is readable (or
// failed); for a write pipe, "readable" means its reader is gone.
func (tr *fdTransport) FDReady(read, write bool) {
	if tr.kind == trWritePipe {
		if read {
			// the selector loop runs the reader's callback first, and
			// closing cancels the writer's
			tr.peerClosed()
			return
		}
		if write {
			tr.writeReady()
		}
		return
	}
	if write {
		tr.writeReady()
	}
	if read && tr.pfd != nil {
		tr.readReady()
	}
}

// readReady makes one read on the loop goroutine.
func (tr *fdTransport) readReady() {
	if tr.lost || tr.closing || tr.userPaused || tr.readDone || tr.fdClosed {
		tr.setReadInterest(false)
		return
	}
	buf := extOf(tr.loop).readBuf()
	n, err := tr.readNow(buf)
	switch {
	case err == syscall.EAGAIN || err == syscall.EINTR:
		return
	case err != nil:
		tr.setReadInterest(false)
		tr.readEnd(func() { tr.readFailed(err) })
		return
	case n == 0:
		tr.setReadInterest(false)
		tr.readEnd(tr.readEOF)
		return
	}
	chunk := buf[:n]
	if _, copies := tr.proto.(*StreamProtocol); !copies {
		// the protocol may keep the bytes (a script's data_received)
		chunk = append([]byte(nil), chunk...)
	}
	tr.dataReceived(chunk)
}

// closePoll removes the registration (before the descriptor closes).
func (tr *fdTransport) closePoll() {
	if tr.pfd != nil {
		tr.pfd.Close()
		tr.pfd = nil
	}
}

// readBuf is the loop's buffer for reads made on the loop goroutine.
func (e *loopExt) readBuf() []byte {
	if e.rbuf == nil {
		e.rbuf = make([]byte, readChunk)
	}
	return e.rbuf
}

// pollReadFlow applies pause/resume to the poller's read interest; it
// reports whether the transport reads on the poller.
func (tr *fdTransport) pollReadFlow() bool {
	if tr.pfd == nil {
		return false
	}
	tr.setReadInterest(!tr.userPaused && !tr.readDone && !tr.closing)
	return true
}

var _ vm.FDHandler = (*fdTransport)(nil)
