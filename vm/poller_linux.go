//go:build linux

package vm

import (
	"math"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// poller is a loop's epoll instance and the eventfd that interrupts its
// wait (see poller.go).
type poller struct {
	loop *Loop
	epfd int
	evfd int
	// mu guards closed against wake from other goroutines: once the
	// eventfd is closed its number may belong to another file.
	mu     sync.Mutex
	closed bool
	// fds holds the registrations by descriptor number.
	fds []*PollFD
	seq uint32
	// active counts registrations with an interest set.
	active int
	events []unix.EpollEvent
	ready  int // events of the last wait not dispatched yet
}

// PollFD registers fd (a non-blocking descriptor the caller owns) with the
// loop's poller, creating the poller on first use; h is called when fd is
// ready for an interest set with Want. Call it on the loop goroutine, and
// Close the registration before closing fd.
func (l *Loop) PollFD(fd int, h FDHandler) (*PollFD, error) {
	if l.closed || l.vm.noPoller {
		return nil, ErrNoPoller
	}
	if l.poll == nil {
		p, err := newPoller(l)
		if err != nil {
			return nil, err
		}
		l.poll = p
	}
	p := l.poll
	p.seq++
	pf := &PollFD{p: p, h: h, fd: fd, seq: p.seq}
	ev := unix.EpollEvent{Fd: int32(fd), Pad: int32(pf.seq)}
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		return nil, err
	}
	for fd >= len(p.fds) {
		p.fds = append(p.fds, nil)
	}
	p.fds[fd] = pf
	return pf, nil
}

func newPoller(l *Loop) (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	evfd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(evfd), Pad: -1}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, evfd, &ev); err != nil {
		unix.Close(epfd)
		unix.Close(evfd)
		return nil, err
	}
	return &poller{loop: l, epfd: epfd, evfd: evfd, events: make([]unix.EpollEvent, 128)}, nil
}

// Want sets the registration's interests (level triggered). With none the
// descriptor leaves the epoll set; an interest adds it back.
func (pf *PollFD) Want(read, write bool) error {
	if pf.p == nil || (pf.read == read && pf.write == write) {
		return nil
	}
	var events uint32
	if read {
		events |= unix.EPOLLIN | unix.EPOLLRDHUP
	}
	if write {
		events |= unix.EPOLLOUT
	}
	if !read && !write {
		// epoll reports a hang-up or an error even with no interest set:
		// a paused reader whose writer has closed would make every wait
		// return at once (and what a wait collected before a resume
		// would be dispatched as if it had been wanted), so the
		// descriptor leaves the set, as a selector unregisters it
		if !pf.off {
			if err := unix.EpollCtl(pf.p.epfd, unix.EPOLL_CTL_DEL, pf.fd, nil); err != nil {
				return err
			}
			pf.off = true
		}
		pf.read, pf.write = false, false
		pf.account(pf.p.loop)
		return nil
	}
	op := unix.EPOLL_CTL_MOD
	if pf.off {
		op = unix.EPOLL_CTL_ADD
	}
	ev := unix.EpollEvent{Events: events, Fd: int32(pf.fd), Pad: int32(pf.seq)}
	if err := unix.EpollCtl(pf.p.epfd, op, pf.fd, &ev); err != nil {
		return err
	}
	pf.off = false
	pf.read, pf.write = read, write
	pf.account(pf.p.loop)
	return nil
}

// Close removes the registration (the descriptor stays open); events of
// it already collected are dropped.
func (pf *PollFD) Close() {
	p := pf.p
	if p == nil {
		return
	}
	pf.read, pf.write = false, false
	pf.account(p.loop)
	pf.p = nil
	if pf.fd >= len(p.fds) || p.fds[pf.fd] != pf {
		// the descriptor was closed first and its number registered
		// again: the epoll entry belongs to the new registration
		return
	}
	p.fds[pf.fd] = nil
	if !p.closed && !pf.off {
		_ = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, pf.fd, nil)
	}
}

// wait collects ready descriptors, sleeping up to timeout (< 0: until
// woken) with the GIL released; the events are dispatched afterwards.
// While it sleeps, VM.poke writes the eventfd.
func (p *poller) wait(timeout time.Duration) {
	l := p.loop
	ms := 0
	if timeout < 0 {
		ms = -1
	} else if timeout > 0 {
		d := (timeout + time.Millisecond - 1) / time.Millisecond
		ms = int(min(d, math.MaxInt32))
	}
	if ms != 0 {
		l.vm.brk.sleeper.Store(p)
		// a wake-up that came before the loop said where it sleeps
		select {
		case <-l.wake:
			ms = 0
		default:
			if l.vm.extPending.Load() || l.vm.brk.flag.Load()&(flagAbort|flagInterrupt) != 0 || !l.noCompletions() {
				ms = 0
			}
		}
	}
	var n int
	if ms != 0 {
		saved := l.vm.releaseForWait()
		n = p.epollWait(ms)
		l.vm.acquireAfterWait(saved)
		l.vm.brk.sleeper.Store(nil)
		// the token of the wake that ended the wait is spent
		select {
		case <-l.wake:
		default:
		}
	} else {
		n = p.epollWait(0)
	}
	p.ready = n
}

func (p *poller) epollWait(ms int) int {
	for {
		n, err := unix.EpollWait(p.epfd, p.events, ms)
		if err == unix.EINTR {
			if ms != 0 {
				// a signal: the loop looks at it
				return 0
			}
			continue
		}
		if err != nil {
			return 0
		}
		return n
	}
}

// dispatch calls the handlers of the descriptors the last wait found
// ready (on the loop goroutine).
func (p *poller) dispatch() {
	n := p.ready
	p.ready = 0
	for i := 0; i < n; i++ {
		ev := p.events[i]
		fd := int(ev.Fd)
		if fd == p.evfd && ev.Pad == -1 {
			var buf [8]byte
			_, _ = unix.Read(p.evfd, buf[:])
			continue
		}
		if fd < 0 || fd >= len(p.fds) {
			continue
		}
		pf := p.fds[fd]
		if pf == nil || int32(pf.seq) != ev.Pad {
			continue // closed (and maybe reused) since the wait
		}
		bad := ev.Events&(unix.EPOLLERR|unix.EPOLLHUP) != 0
		read := pf.read && (bad || ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP) != 0)
		write := pf.write && (bad || ev.Events&unix.EPOLLOUT != 0)
		if read || write {
			pf.h.FDReady(read, write)
		} else if !pf.read && !pf.write && !pf.off && bad {
			// registered and never wanted (see Want): out of the set
			if unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, nil) == nil {
				pf.off = true
			}
		}
	}
	if n == len(p.events) && n < 4096 {
		p.events = make([]unix.EpollEvent, 2*n)
	}
}

// wake interrupts a wait in progress (any goroutine).
func (p *poller) wake() {
	p.mu.Lock()
	if !p.closed {
		one := [8]byte{1}
		_, _ = unix.Write(p.evfd, one[:])
	}
	p.mu.Unlock()
}

// close releases the epoll instance and the eventfd; registrations still
// open are dropped (their owners close their descriptors themselves).
func (p *poller) close() {
	for _, pf := range p.fds {
		if pf != nil {
			pf.Close()
		}
	}
	p.mu.Lock()
	p.closed = true
	unix.Close(p.epfd)
	unix.Close(p.evfd)
	p.mu.Unlock()
}

// HasPoller reports whether loops have a poller of their own here.
const HasPoller = true
