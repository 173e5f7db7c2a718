package stdlib

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// The system calls and constants that differ between Linux and the other
// Unix systems (sys_other.go). On Linux a descriptor is made non-blocking
// and close-on-exec by the call that makes it.

// sockTypeNonblock and sockTypeCloexec are the flags a socket type may
// carry (socket.SOCK_NONBLOCK, socket.SOCK_CLOEXEC).
const (
	sockTypeNonblock = syscall.SOCK_NONBLOCK
	sockTypeCloexec  = syscall.SOCK_CLOEXEC
)

// msgNoSignal keeps a send on a closed connection from raising SIGPIPE.
const msgNoSignal = syscall.MSG_NOSIGNAL

// sysSocket makes a non-blocking, close-on-exec socket.
func sysSocket(family, typ, proto int) (int, error) {
	return syscall.Socket(family, typ|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, proto)
}

// sysSocketpair makes a pair of non-blocking, close-on-exec sockets.
func sysSocketpair(family, typ, proto int) ([2]int, error) {
	return syscall.Socketpair(family, typ|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, proto)
}

// sysAccept accepts a connection as a non-blocking, close-on-exec socket.
func sysAccept(fd int) (int, syscall.Sockaddr, error) {
	return syscall.Accept4(fd, syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC)
}

// sysPipe makes a close-on-exec pipe.
func sysPipe(p []int) error { return syscall.Pipe2(p, syscall.O_CLOEXEC) }

// sysDup3 is dup3(2): b becomes a copy of a, flags (O_CLOEXEC) set on it.
func sysDup3(a, b, flags int) error { return unix.Dup3(a, b, flags) }

// sockDomainProto reports the family and protocol of socket fd.
func sockDomainProto(fd int) (family, proto int) {
	family, _ = syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_DOMAIN)
	proto, _ = syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_PROTOCOL)
	return family, proto
}

// socketConstsOS are the socket module's constants of this system only
// (after socketConsts).
var socketConstsOS = []struct {
	name string
	v    int64
}{
	{"SO_REUSEPORT", 15}, {"TCP_KEEPIDLE", syscall.TCP_KEEPIDLE}, {"TCP_KEEPINTVL", syscall.TCP_KEEPINTVL},
	{"TCP_KEEPCNT", syscall.TCP_KEEPCNT}, {"MSG_NOSIGNAL", syscall.MSG_NOSIGNAL},
	{"SCM_CREDENTIALS", syscall.SCM_CREDENTIALS}, {"MSG_CMSG_CLOEXEC", syscall.MSG_CMSG_CLOEXEC},
}

// socketFamiliesOS and socketKindsOS are the AddressFamily and SocketKind
// members of this system only (after the common ones).
var (
	socketFamiliesOS = []struct {
		name string
		v    int64
	}{{"AF_PACKET", syscall.AF_PACKET}, {"AF_NETLINK", syscall.AF_NETLINK}}
	socketKindsOS = []struct {
		name string
		v    int64
	}{{"SOCK_NONBLOCK", syscall.SOCK_NONBLOCK}, {"SOCK_CLOEXEC", syscall.SOCK_CLOEXEC}}
)
