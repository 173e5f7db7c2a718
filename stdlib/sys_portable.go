package stdlib

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// The portable versions of sys_linux.go's calls, used by sys_other.go on
// the Unix systems without SOCK_NONBLOCK/SOCK_CLOEXEC type flags, accept4,
// pipe2 or dup3 everywhere: the descriptor is made first, then its flags
// are set (under syscall.ForkLock, so that no child started meanwhile
// inherits it). They build everywhere, so that their tests run on Linux
// too (sys_portable_test.go).

// portableSocket makes a non-blocking, close-on-exec socket.
func portableSocket(family, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	fd, err := syscall.Socket(family, typ, proto)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	return fd, portableNonblock(fd)
}

// portableSocketpair makes a pair of non-blocking, close-on-exec sockets.
func portableSocketpair(family, typ, proto int) ([2]int, error) {
	syscall.ForkLock.RLock()
	fds, err := syscall.Socketpair(family, typ, proto)
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return fds, err
	}
	for _, fd := range fds {
		if err := syscall.SetNonblock(fd, true); err != nil {
			syscall.Close(fds[0])
			syscall.Close(fds[1])
			return fds, err
		}
	}
	return fds, nil
}

// portableAccept accepts a connection as a non-blocking, close-on-exec socket.
func portableAccept(fd int) (int, syscall.Sockaddr, error) {
	syscall.ForkLock.RLock()
	nfd, sa, err := syscall.Accept(fd)
	if err == nil {
		syscall.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, nil, err
	}
	return nfd, sa, portableNonblock(nfd)
}

// portableNonblock makes fd non-blocking, closing it when that fails.
func portableNonblock(fd int) error {
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return err
	}
	return nil
}

// portablePipe makes a close-on-exec pipe.
func portablePipe(p []int) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	if err := syscall.Pipe(p); err != nil {
		return err
	}
	syscall.CloseOnExec(p[0])
	syscall.CloseOnExec(p[1])
	return nil
}

// portableDup3 is dup3(2) (for a != b): b becomes a copy of a, flags
// (O_CLOEXEC) set on it.
func portableDup3(a, b, flags int) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	if err := unix.Dup2(a, b); err != nil {
		return err
	}
	if flags&unix.O_CLOEXEC != 0 {
		syscall.CloseOnExec(b)
	}
	return nil
}

// portableDomainProto reports the family of socket fd (from its address) and
// its protocol (0: not known here).
func portableDomainProto(fd int) (family, proto int) {
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return 0, 0
	}
	switch sa.(type) {
	case *syscall.SockaddrInet4:
		return syscall.AF_INET, 0
	case *syscall.SockaddrInet6:
		return syscall.AF_INET6, 0
	case *syscall.SockaddrUnix:
		return syscall.AF_UNIX, 0
	}
	return 0, 0
}
