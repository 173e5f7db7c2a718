//go:build linux

package vm

import (
	"testing"

	"golang.org/x/sys/unix"
)

// fdCalls counts a registration's FDReady calls.
type fdCalls struct{ read, write int }

func (c *fdCalls) FDReady(read, write bool) {
	if read {
		c.read++
	}
	if write {
		c.write++
	}
}

// TestPollerPausedHangUp: a read pipe whose writer has closed, with its
// interest dropped (transport.pause_reading), stops making the loop's
// waits return: epoll reports EPOLLHUP even for an empty interest mask, so
// the poller takes the descriptor out of the set, and puts it back when
// the read interest returns. Another registration keeps the loop in
// epoll_wait, as a server socket or a second pipe would. Each wait has a
// zero timeout: the test counts the events reported, not time.
func TestPollerPausedHangUp(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	defer l.Close()
	var p, other [2]int
	for _, fds := range []*[2]int{&p, &other} {
		if err := unix.Pipe2(fds[:], unix.O_NONBLOCK|unix.O_CLOEXEC); err != nil {
			t.Fatal(err)
		}
	}
	defer unix.Close(p[0])
	defer unix.Close(other[0])
	defer unix.Close(other[1])
	var calls, otherCalls fdCalls
	pf, err := l.PollFD(p[0], &calls)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	of, err := l.PollFD(other[0], &otherCalls)
	if err != nil {
		t.Fatal(err)
	}
	defer of.Close()
	if err := of.Want(true, false); err != nil {
		t.Fatal(err)
	}
	if err := pf.Want(true, false); err != nil {
		t.Fatal(err)
	}
	unix.Close(p[1]) // the writer goes away: p[0] hangs up
	poll := func() int {
		l.poll.wait(0)
		n := l.poll.ready
		l.poll.dispatch()
		return n
	}
	if n := poll(); n != 1 || calls.read != 1 {
		t.Fatalf("hang-up while reading: %d events, %d read calls", n, calls.read)
	}
	if err := pf.Want(false, false); err != nil { // paused
		t.Fatal(err)
	}
	events := 0
	for i := 0; i < 5; i++ {
		events += poll()
	}
	if events != 0 || calls.read != 1 {
		t.Fatalf("paused: %d events in 5 waits, %d read calls", events, calls.read)
	}
	if !pf.off || l.poll.active != 1 {
		t.Fatalf("paused: off %v, active %d", pf.off, l.poll.active)
	}
	if err := pf.Want(false, false); err != nil {
		t.Fatal(err)
	}
	if err := pf.Want(true, false); err != nil { // resumed
		t.Fatal(err)
	}
	if n := poll(); n != 1 || calls.read != 2 {
		t.Fatalf("resumed: %d events, %d read calls", n, calls.read)
	}
	if otherCalls.read != 0 || otherCalls.write != 0 || calls.write != 0 {
		t.Fatalf("calls: %+v, other %+v", calls, otherCalls)
	}
	// paused again and closed while out of the set
	if err := pf.Want(false, false); err != nil {
		t.Fatal(err)
	}
	poll()
	pf.Close()
	if n := poll(); n != 0 {
		t.Fatalf("after close: %d events", n)
	}
}
