package stdlib

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The portable calls of the non-Linux systems (sys_portable.go), run on
// this system: each descriptor they make is non-blocking and
// close-on-exec, as sys_linux.go's are, and a socket's family is found
// from its address.

// requireFlags checks that fd is close-on-exec and, when nonblock, that it
// is non-blocking.
func requireFlags(t *testing.T, fd int, nonblock bool) {
	t.Helper()
	fdFlags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	require.NoError(t, err)
	assert.NotZero(t, fdFlags&unix.FD_CLOEXEC, "fd %d close-on-exec", fd)
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.Equal(t, nonblock, fl&unix.O_NONBLOCK != 0, "fd %d non-blocking", fd)
}

func TestPortableSocketAccept(t *testing.T) {
	ln, err := portableSocket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer syscall.Close(ln)
	requireFlags(t, ln, true)
	require.NoError(t, syscall.Bind(ln, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	require.NoError(t, syscall.Listen(ln, 1))
	// non-blocking: nothing to accept yet
	_, _, err = portableAccept(ln)
	assert.ErrorIs(t, err, syscall.EAGAIN)
	sa, err := syscall.Getsockname(ln)
	require.NoError(t, err)
	c, err := portableSocket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer syscall.Close(c)
	if err := syscall.Connect(c, sa); err != nil {
		require.ErrorIs(t, err, syscall.EINPROGRESS)
	}
	var nfd int
	for {
		nfd, _, err = portableAccept(ln)
		if err != syscall.EAGAIN {
			break
		}
		pfd := []unix.PollFd{{Fd: int32(ln), Events: unix.POLLIN}}
		_, _ = unix.Poll(pfd, 10_000)
	}
	require.NoError(t, err)
	defer syscall.Close(nfd)
	requireFlags(t, nfd, true)
	f, p := portableDomainProto(nfd)
	assert.Equal(t, syscall.AF_INET, f)
	assert.Equal(t, 0, p)
	// what Linux reports for the same socket
	lf, _ := sockDomainProto(nfd)
	assert.Equal(t, lf, f)
}

func TestPortableSocketpairPipeDup(t *testing.T) {
	fds, err := portableSocketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer syscall.Close(fds[0])
	defer syscall.Close(fds[1])
	requireFlags(t, fds[0], true)
	requireFlags(t, fds[1], true)
	f, _ := portableDomainProto(fds[0])
	assert.Equal(t, syscall.AF_UNIX, f)

	six, err := portableSocket(syscall.AF_INET6, syscall.SOCK_DGRAM, 0)
	if err == nil { // a system without IPv6 cannot make one
		defer syscall.Close(six)
		f, _ = portableDomainProto(six)
		assert.Equal(t, syscall.AF_INET6, f)
	}

	p := make([]int, 2)
	require.NoError(t, portablePipe(p))
	defer syscall.Close(p[0])
	defer syscall.Close(p[1])
	requireFlags(t, p[0], false)
	requireFlags(t, p[1], false)

	// dup3 onto a descriptor number that is open: it is replaced, and
	// gets close-on-exec only when asked
	require.NoError(t, portableDup3(p[1], fds[1], 0))
	fdFlags, err := unix.FcntlInt(uintptr(fds[1]), unix.F_GETFD, 0)
	require.NoError(t, err)
	assert.Zero(t, fdFlags&unix.FD_CLOEXEC)
	require.NoError(t, portableDup3(p[1], fds[1], unix.O_CLOEXEC))
	requireFlags(t, fds[1], false) // now a copy of the pipe's blocking end
	_, err = syscall.Write(fds[1], []byte("x"))
	require.NoError(t, err)
	buf := make([]byte, 1)
	n, err := syscall.Read(p[0], buf)
	require.NoError(t, err)
	assert.Equal(t, "x", string(buf[:n]))
}
