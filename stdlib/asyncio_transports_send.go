package stdlib

import (
	"sync"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The loop's send goroutine. A send on a loopback TCP socket runs the
// receiving side's TCP work inside the sender's system call, and in a
// program that talks to itself (a server and its clients in one loop)
// those sends were more than half of the loop goroutine's time. So a
// socket transport on the loop's poller may hand a write to one goroutine
// per loop, which makes the send calls on another core while the loop
// goes on with its ready callbacks. What the sends did is applied on the
// loop goroutine at the end of the iteration (before the next poll, which
// then sees their data at the peer as it would had they been made
// inline), or earlier when something needs the exact state of the
// transport (its buffer size, close, write_eof, abort, a socket call).
//
// A write is handed off only when the outcome of the send is known in
// advance, so that what a script can observe stays what CPython shows:
//   - the transport buffers nothing and its handed-off bytes plus this
//     write stay within the high-water mark: pause_writing cannot be due
//     whatever the kernel takes, so drain() need not wait for the send;
//     get_write_buffer_size() and the rest first finish the sends (flush);
//   - the peer is known alive (vm.PollFD.PeerQuiet): the socket was being
//     read when the loop last polled, no poll reported a hang-up or error
//     on it, and nothing came from outside the loop goroutine since then
//     (a completion, a signal, a wait), and no socket of this interpreter
//     was closed (socketObj.close disturbs the loop), so the send cannot
//     fail for a reason the script could have known of;
//   - more callbacks are ready in this iteration: otherwise there is
//     nothing to overlap the send with, and it is made inline.
// Bytes the kernel did not take go to the transport's buffer in order, as
// they would have at write(); a transport whose send fails or stops short
// gets nothing more sent in the batch (its later writes are buffered
// behind the rest). A send can still fail unforeseen (the peer in another
// process reset the connection since the last poll): the error is then
// reported at the end of the iteration rather than in write().
//
// The results come back through flush, a synchronous wait on the loop
// goroutine, not through Op.Post: the loop needs them at an exact point
// (the end of the iteration, before a close), and a posted completion
// would wait for the next iteration's start. The goroutine itself is a
// daemon vm.Op: Loop.Close cancels it and waits for it.

// sendJob is one handed-off write.
type sendJob struct {
	tr   *fdTransport
	data []byte
	// set by the goroutine: bytes sent and the error that stopped it
	n   int
	err error
}

// sender is a loop's send goroutine and its queue. The goroutine takes
// the jobs one at a time, so when the iteration ends the loop sends what
// is still untaken itself and waits for one send at most: on a loaded
// machine the goroutine may not get a core for milliseconds.
type sender struct {
	loop *vm.Loop
	op   *vm.Op

	mu sync.Mutex
	// jobs are the iteration's writes in order; jobs[:next] are taken
	jobs []sendJob
	next int
	// busy: the goroutine is sending a job; parked: it waits for kick
	busy, parked bool
	// waiting: the loop waits on idle for the goroutine's send to end
	waiting bool
	kick    chan struct{}
	idle    chan struct{}
	// stalled are the transports whose send stopped short since the last
	// flush: their later jobs are not sent
	stalled []*fdTransport

	// the loop goroutine's copies of the handed-off bytes
	arena []byte
}

// senderOf returns the loop's send goroutine, starting it on first use.
func senderOf(l *vm.Loop) *sender {
	e := extOf(l)
	if e.send == nil {
		s := &sender{loop: l, kick: make(chan struct{}, 1), idle: make(chan struct{}, 1)}
		s.op = l.GoDaemon(s.run)
		l.SetIterationEnd(s.flush)
		e.send = s
	}
	return e.send
}

// handOff queues data (copied) for the goroutine to send on tr.
func (s *sender) handOff(tr *fdTransport, data []byte) {
	start := len(s.arena)
	s.arena = append(s.arena, data...)
	j := sendJob{tr: tr, data: s.arena[start:len(s.arena):len(s.arena)]}
	tr.deferred += int32(len(data))
	s.mu.Lock()
	s.jobs = append(s.jobs, j)
	kick := s.parked
	s.parked = false
	s.mu.Unlock()
	if kick {
		select {
		case s.kick <- struct{}{}:
		default:
		}
	}
}

// run is the goroutine: it sends the queued jobs in order until the
// loop closes.
func (s *sender) run(op *vm.Op) {
	done := op.Context().Done()
	for {
		s.mu.Lock()
		for s.next >= len(s.jobs) {
			s.busy = false
			if s.waiting {
				s.waiting = false
				s.idle <- struct{}{}
			}
			s.parked = true
			s.mu.Unlock()
			select {
			case <-s.kick:
			case <-done:
				return
			}
			s.mu.Lock()
		}
		i := s.next
		s.next++
		j := s.jobs[i]
		skip := s.isStalled(j.tr)
		s.busy = true
		s.mu.Unlock()
		if !skip {
			sendJobNow(&j)
		}
		s.mu.Lock()
		s.jobs[i].n, s.jobs[i].err = j.n, j.err
		if j.n < len(j.data) {
			s.stalled = append(s.stalled, j.tr)
		}
		s.mu.Unlock()
	}
}

// isStalled reports whether an earlier job of tr stopped short (s.mu
// held).
func (s *sender) isStalled(tr *fdTransport) bool {
	for _, st := range s.stalled {
		if st == tr {
			return true
		}
	}
	return false
}

// sendJobNow makes the system calls of one job.
func sendJobNow(j *sendJob) {
	for j.n < len(j.data) {
		n, err := fdWrite(j.tr.fd, j.data[j.n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			if err != syscall.EAGAIN {
				j.err = err
			}
			return
		}
		j.n += n
	}
}

// flush finishes what was handed off and applies the outcome to the
// transports, in the order of the writes (on the loop goroutine): the
// jobs the goroutine has not taken are sent here, and a send it is making
// is waited for.
func (s *sender) flush() {
	s.mu.Lock()
	if len(s.jobs) == 0 {
		s.mu.Unlock()
		return
	}
	from := s.next
	s.next = len(s.jobs)
	for s.busy {
		s.waiting = true
		s.mu.Unlock()
		<-s.idle
		s.mu.Lock()
	}
	// the goroutine is parked now: the jobs are the loop's
	jobs := s.jobs
	s.jobs = jobs[len(jobs):]
	s.next = 0
	for i := from; i < len(jobs); i++ {
		j := &jobs[i]
		if !s.isStalled(j.tr) {
			sendJobNow(j)
		}
		if j.n < len(j.data) {
			s.stalled = append(s.stalled, j.tr)
		}
	}
	s.stalled = s.stalled[:0]
	s.mu.Unlock()
	for i := range jobs {
		jobs[i].tr.sent(&jobs[i])
	}
	for i := range jobs {
		jobs[i].tr.afterSends()
	}
	clear(jobs)
	s.mu.Lock()
	if len(s.jobs) == 0 {
		s.jobs = jobs[:0]
	}
	s.mu.Unlock()
	s.arena = s.arena[:0]
}

// flushSends finishes the loop's handed-off sends, if it has any.
func flushSends(l *vm.Loop) {
	if l == nil {
		return
	}
	if e, ok := l.Ext.(*loopExt); ok && e.send != nil {
		e.send.flush()
	}
}

// beforeSocketCall runs before a socket method or a loop sock_* call of
// a script: the call must see what the running loop's handed-off sends
// did (its socket may be their peer, or their own). closing says the call
// may close or shut down a socket, which the loop cannot see in its
// poll: the peer of a transport may be that socket.
func beforeSocketCall(t *vm.Thread, closing bool) {
	l := t.VM().RunningLoop()
	if l == nil {
		return
	}
	flushSends(l)
	if closing {
		l.Disturb()
	}
}

// canHandOff reports whether a write of n bytes may go to the send
// goroutine (see the top of this file).
func (tr *fdTransport) canHandOff(n int) bool {
	return tr.pfd != nil && !tr.closing && len(tr.wbuf) == 0 &&
		int(tr.deferred)+n <= tr.high && tr.loop.MoreReady() && tr.pfd.PeerQuiet()
}

// sent applies one job's outcome (on the loop goroutine, in write order).
func (tr *fdTransport) sent(j *sendJob) {
	tr.deferred -= int32(len(j.data))
	if tr.lost || tr.fdClosed {
		// an earlier write of the batch failed
		tr.countLostWrite()
		return
	}
	if j.err != nil {
		tr.wbuf = nil
		tr.reportError(tr.thread(), "Fatal write error on socket transport", sockErr(j.err), true)
		return
	}
	if j.n < len(j.data) {
		tr.wbuf = append(tr.wbuf, j.data[j.n:]...)
	}
}

// afterSends starts waiting for the socket to take what the sends left
// (once per transport and flush).
func (tr *fdTransport) afterSends() {
	if len(tr.wbuf) > 0 && !tr.lost && !tr.fdClosed {
		tr.pollWriting()
	}
}
