//go:build linux

package stdlib

import (
	"os"

	"golang.org/x/sys/unix"
)

// leaveNetpoller gives the socket a descriptor that Go's netpoller does
// not watch, for a transport that waits on its loop's own poller: a
// duplicate opened as a blocking file (os.NewFile registers only
// non-blocking descriptors) and switched back to non-blocking, and the
// original closed. The socket's blocking methods cannot wait on it any
// more; a transport's socket never waits (its timeout is 0).
func (s *socketObj) leaveNetpoller() error {
	if s.fd < 0 || s.file == nil {
		return errBadFD
	}
	nfd, err := unix.FcntlInt(uintptr(s.fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return err
	}
	// the flag belongs to the open file, which both descriptors share
	if err := unix.SetNonblock(nfd, false); err != nil {
		unix.Close(nfd)
		return err
	}
	f := os.NewFile(uintptr(nfd), "socket")
	if err := unix.SetNonblock(nfd, true); err != nil {
		f.Close()
		return err
	}
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return err
	}
	old := s.file
	s.fd, s.file, s.rc = nfd, f, rc
	return old.Close()
}
