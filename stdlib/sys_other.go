//go:build !linux

package stdlib

import "syscall"

// The system calls and constants of sys_linux.go on the other Unix
// systems: the calls are sys_portable.go's.

// sockTypeNonblock and sockTypeCloexec are the flags a socket type may
// carry: none here.
const (
	sockTypeNonblock = 0
	sockTypeCloexec  = 0
)

// msgNoSignal is not needed: the Go runtime lets a send on a closed
// connection fail with EPIPE instead of ending the process.
const msgNoSignal = 0

// sysSocket makes a non-blocking, close-on-exec socket.
func sysSocket(family, typ, proto int) (int, error) { return portableSocket(family, typ, proto) }

// sysSocketpair makes a pair of non-blocking, close-on-exec sockets.
func sysSocketpair(family, typ, proto int) ([2]int, error) {
	return portableSocketpair(family, typ, proto)
}

// sysAccept accepts a connection as a non-blocking, close-on-exec socket.
func sysAccept(fd int) (int, syscall.Sockaddr, error) { return portableAccept(fd) }

// sysPipe makes a close-on-exec pipe.
func sysPipe(p []int) error { return portablePipe(p) }

// sysDup3 is dup3(2) (for a != b): b becomes a copy of a, flags
// (O_CLOEXEC) set on it.
func sysDup3(a, b, flags int) error { return portableDup3(a, b, flags) }

// sockDomainProto reports the family and protocol of socket fd.
func sockDomainProto(fd int) (family, proto int) { return portableDomainProto(fd) }

// socketConstsOS are the socket module's constants of this system only
// (after socketConsts).
var socketConstsOS = []struct {
	name string
	v    int64
}{{"SO_REUSEPORT", syscall.SO_REUSEPORT}}

// socketFamiliesOS and socketKindsOS are the AddressFamily and SocketKind
// members of this system only (after the common ones): none here.
var (
	socketFamiliesOS []struct {
		name string
		v    int64
	}
	socketKindsOS []struct {
		name string
		v    int64
	}
)
