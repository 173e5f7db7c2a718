//go:build !linux

package vm

import "time"

// poller is empty where the loop has no poller of its own.
type poller struct {
	loop   *Loop
	active int
}

// PollFD reports ErrNoPoller: on this platform descriptors are waited for
// on helper goroutines.
func (l *Loop) PollFD(fd int, h FDHandler) (*PollFD, error) { return nil, ErrNoPoller }

// Want does nothing (no registration exists on this platform).
func (pf *PollFD) Want(read, write bool) error { return ErrNoPoller }

// Close does nothing (no registration exists on this platform).
func (pf *PollFD) Close() {}

func (p *poller) wait(timeout time.Duration) {}
func (p *poller) dispatch()                  {}
func (p *poller) wake()                      {}
func (p *poller) close()                     {}

// HasPoller reports whether loops have a poller of their own here.
const HasPoller = false
