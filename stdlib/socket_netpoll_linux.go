//go:build linux

package stdlib

import (
	"golang.org/x/sys/unix"
)

// leaveNetpoller makes sure Go's netpoller does not watch the socket's
// descriptor, for a transport that waits on its loop's own poller (a
// descriptor in both epoll sets wakes both at every readiness change). A
// bare descriptor is left as it is; one registered by an earlier wait is
// replaced by a duplicate (the open file, non-blocking, is the same) and
// the registered one closed. The socket's blocking methods would register
// the new one again; a transport's socket never waits (its timeout is 0).
func (s *socketObj) leaveNetpoller() error {
	if s.fd < 0 {
		return errBadFD
	}
	n := s.net
	if n == nil {
		return nil
	}
	nfd, err := unix.FcntlInt(uintptr(s.fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return err
	}
	s.net = nil
	s.attach(nfd)
	return n.file.Close()
}
