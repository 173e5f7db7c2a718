package stdlib

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"github.com/pyasync/pyasync/vm"
)

// socket.socket: a real OS socket. The descriptor is always non-blocking
// at the OS level; the socket's timeout (None, 0.0 or seconds) is applied
// per call. A socket starts as its bare descriptor: the first call that has
// to wait for readiness on a goroutine (a blocking method, a loop sock_*
// wait off the loop's poller) registers it with Go's netpoller (an
// *os.File made by os.NewFile, see netpoll), so the call parks its
// goroutine there with the GIL released. Sockets that only the loop's own
// poller watches (stream transports, connects and accepts on Linux) never
// need that file.

// socketObj is a socket object.
type socketObj struct {
	cls  *vm.Type
	dict *vm.Dict
	fd   int // -1 once closed or detached
	// net is the descriptor's netpoller entry, nil until a goroutine first
	// has to wait on it
	net     *sockNet
	family  int
	stype   int
	proto   int
	timeout float64 // < 0: None (blocking)
	// inTransport is set while an asyncio transport owns the socket.
	inTransport bool
	// ioRefs counts the makefile() files still open; userClosed is set by
	// close() (the descriptor waits for the files, as in CPython). These
	// three share a word.
	userClosed bool
	ioRefs     int32
	// closer closes a bare descriptor if the socket is collected without
	// close() (once net is made, its os.File's finalizer does that).
	closer runtime.Cleanup
	// pw is a loop call waiting on the loop's poller for the descriptor
	pw *pollWait
}

// sockNet is a socket's registration with Go's netpoller.
type sockNet struct {
	file *os.File
	rc   syscall.RawConn
	// trips counts the cancelled loop waits whose deadline is set on the
	// descriptor (see cancelDeadline).
	trips deadlineTrips
}

var socketType = vm.NewNativeType("socket", "socket", nil, func(cls *vm.Type) vm.Object {
	return &socketObj{cls: cls, fd: -1, timeout: -1}
})

// Type implements vm.Object.
func (s *socketObj) Type() *vm.Type { return s.cls }

// InstanceDict lets script subclasses keep attributes.
func (s *socketObj) InstanceDict() *vm.Dict {
	if s.dict == nil {
		s.dict = vm.NewDict()
	}
	return s.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (s *socketObj) PeekInstanceDict() *vm.Dict { return s.dict }

// defaultTimeoutKey holds socket.getdefaulttimeout() in the VM's State
// (CPython's is per process; here it is per interpreter, like all state).
const defaultTimeoutKey = "socket.defaulttimeout"

// defaultTimeout is the interpreter's socket.getdefaulttimeout() (< 0: None).
func defaultTimeout(v *vm.VM) float64 {
	if d, ok := v.State[defaultTimeoutKey].(float64); ok {
		return d
	}
	return -1
}

func sockSelf(v vm.Value) *socketObj { return v.Object().(*socketObj) }

// attach makes fd (already non-blocking) the socket's descriptor.
func (s *socketObj) attach(fd int) {
	s.fd = fd
	s.closer = runtime.AddCleanup(s, closeFD, fd)
}

// closeFD closes the descriptor of a socket collected unclosed.
func closeFD(fd int) { _ = syscall.Close(fd) }

// netpoll returns the socket's netpoller registration, registering the
// descriptor on first use: the os.File owns the descriptor from then on.
func (s *socketObj) netpoll() (*sockNet, error) {
	if s.net != nil {
		return s.net, nil
	}
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	s.closer.Stop()
	f := os.NewFile(uintptr(s.fd), "socket")
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err // not reached: f is valid
	}
	s.net = &sockNet{file: f, rc: rc}
	return s.net, nil
}

// wrapFD makes a socket object for an accepted or given descriptor.
func wrapFD(v *vm.VM, fd, family, stype, proto int) (*socketObj, error) {
	if err := syscall.SetNonblock(fd, true); err != nil {
		return nil, osError(err, vm.Value{})
	}
	s := &socketObj{cls: socketType, family: family, stype: stype, proto: proto, timeout: defaultTimeout(v)}
	s.attach(fd)
	return s, nil
}

var errBadFD = vm.NewException(vm.OSError, vm.Int(int64(syscall.EBADF)), vm.Str("Bad file descriptor"))

func (s *socketObj) checkOpen() error {
	if s.fd < 0 {
		return vm.NewException(vm.OSError, vm.Int(int64(syscall.EBADF)), vm.Str("Bad file descriptor"))
	}
	return nil
}

// sockErr converts an error of a socket call.
func sockErr(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*vm.Exception); ok {
		return err
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return vm.Errorf(vm.TimeoutError, "timed out")
	}
	if errors.Is(err, os.ErrClosed) {
		return vm.NewException(vm.OSError, vm.Int(int64(syscall.EBADF)), vm.Str("Bad file descriptor"))
	}
	return osError(err, vm.Value{})
}

// io runs fn on the descriptor with the socket's timeout semantics: once
// for a non-blocking socket (EAGAIN becomes BlockingIOError), otherwise
// waiting in the netpoller for readiness (write selects writability) with
// the GIL released, up to the timeout.
func (s *socketObj) io(t *vm.Thread, write bool, fn func(fd int) error) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	if s.timeout == 0 {
		return sockErr(fn(s.fd))
	}
	if err := fn(s.fd); err != syscall.EAGAIN {
		return sockErr(err)
	}
	n, err := s.netpoll()
	if err != nil {
		return err
	}
	var opErr error
	var deadline time.Time
	if s.timeout > 0 {
		deadline = time.Now().Add(time.Duration(s.timeout * float64(time.Second)))
	}
	setDeadline := func(d time.Time) {
		setDeadline(n.file, write, d)
	}
	// the wait ends early when the run is aborted or interrupted
	werr := t.VM().WaitBlocking(t, func() bool {
		setDeadline(deadline)
		f := func(fd uintptr) bool {
			opErr = fn(int(fd))
			return opErr != syscall.EAGAIN
		}
		if write {
			err = n.rc.Write(f)
		} else {
			err = n.rc.Read(f)
		}
		setDeadline(time.Time{})
		return err == nil || !errors.Is(err, os.ErrDeadlineExceeded) || (!deadline.IsZero() && !time.Now().Before(deadline))
	}, func() { setDeadline(time.Unix(1, 0)) })
	if werr != nil {
		return werr
	}
	if err != nil {
		return sockErr(err)
	}
	return sockErr(opErr)
}

// close closes the descriptor (pending poller waits return).
func (s *socketObj) close() error {
	if s.fd < 0 {
		return nil
	}
	if w := s.pw; w != nil {
		w.closed()
	}
	fd := s.fd
	s.fd = -1
	if n := s.net; n != nil {
		s.net = nil
		return n.file.Close()
	}
	s.closer.Stop()
	return syscall.Close(fd)
}

// connectErr waits for a non-blocking connect to finish (fd writable) and
// returns its outcome.
func connectResult(fd int) (done bool, err error) {
	n, gerr := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_ERROR)
	if gerr != nil {
		return true, gerr
	}
	switch e := syscall.Errno(n); e {
	case syscall.EINPROGRESS, syscall.EALREADY, syscall.EINTR:
		return false, nil
	case 0, syscall.EISCONN:
		if _, perr := syscall.Getpeername(fd); perr == nil {
			return true, nil
		}
		return false, nil
	default:
		return true, e
	}
}

func (s *socketObj) connect(t *vm.Thread, addr vm.Value) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	sa, err := toSockaddr(t, s.family, addr)
	if err != nil {
		return err
	}
	cerr := syscall.Connect(s.fd, sa)
	if cerr == nil {
		return nil
	}
	if cerr != syscall.EINPROGRESS || s.timeout == 0 {
		return sockErr(cerr)
	}
	n, err := s.netpoll()
	if err != nil {
		return err
	}
	var opErr error
	var perr error
	t.VM().BlockingCall(func() {
		if s.timeout > 0 {
			_ = n.file.SetWriteDeadline(time.Now().Add(time.Duration(s.timeout * float64(time.Second))))
		}
		// check at once: the connection may be complete (or refused)
		// before the poller reports it, and then no event would come
		perr = n.rc.Write(func(fd uintptr) bool {
			done, e := connectResult(int(fd))
			opErr = e
			return done
		})
		if s.timeout > 0 {
			_ = n.file.SetWriteDeadline(time.Time{})
		}
	})
	if perr != nil {
		return sockErr(perr)
	}
	return sockErr(opErr)
}

func (s *socketObj) setTimeout(t *vm.Thread, v vm.Value) error {
	if v.IsNone() {
		s.timeout = -1
		return nil
	}
	f, err := toFloat(t, v)
	if err != nil {
		return vm.Errorf(vm.TypeError, "Timeout value must be int, float or None")
	}
	if f < 0 || math.IsNaN(f) {
		return vm.Errorf(vm.ValueError, "Timeout value out of range")
	}
	s.timeout = f
	return nil
}

func (s *socketObj) familyValue() vm.Value { return familyEnum.member(int64(s.family)) }
func (s *socketObj) kindValue() vm.Value   { return kindEnum.member(int64(s.stype)) }

func (s *socketObj) sockname() (vm.Value, error) {
	if err := s.checkOpen(); err != nil {
		return vm.Value{}, err
	}
	sa, err := syscall.Getsockname(s.fd)
	if err != nil {
		return vm.Value{}, sockErr(err)
	}
	return sockaddrValue(sa), nil
}

func (s *socketObj) peername() (vm.Value, error) {
	if err := s.checkOpen(); err != nil {
		return vm.Value{}, err
	}
	sa, err := syscall.Getpeername(s.fd)
	if err != nil {
		return vm.Value{}, sockErr(err)
	}
	return sockaddrValue(sa), nil
}

func (s *socketObj) accept(t *vm.Thread) (*socketObj, vm.Value, error) {
	var nfd int
	var sa syscall.Sockaddr
	err := s.io(t, false, func(fd int) error {
		var e error
		nfd, sa, e = sysAccept(fd)
		return e
	})
	if err != nil {
		return nil, vm.Value{}, err
	}
	c := &socketObj{cls: socketType, family: s.family, stype: s.stype, proto: s.proto, timeout: defaultTimeout(t.VM())}
	c.attach(nfd)
	return c, sockaddrValue(sa), nil
}

func (s *socketObj) send(t *vm.Thread, data []byte, flags int) (int, error) {
	var n int
	err := s.io(t, true, func(fd int) error {
		var e error
		n, e = syscall.SendmsgN(fd, data, nil, nil, flags|msgNoSignal)
		return e
	})
	return n, err
}

func (s *socketObj) recv(t *vm.Thread, buf []byte, flags int) (int, syscall.Sockaddr, error) {
	var n int
	var from syscall.Sockaddr
	err := s.io(t, false, func(fd int) error {
		var e error
		n, from, e = syscall.Recvfrom(fd, buf, flags)
		return e
	})
	return n, from, err
}

// getsockoptBytes reads an option as raw bytes.
func getsockoptBytes(fd, level, opt, size int) ([]byte, error) {
	buf := make([]byte, size)
	l := uint32(size)
	var p unsafe.Pointer
	if size > 0 {
		p = unsafe.Pointer(&buf[0])
	}
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(p), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 {
		return nil, e
	}
	return buf[:l], nil
}

func (s *socketObj) repr(t *vm.Thread) string {
	closed := ""
	if s.fd < 0 || s.userClosed {
		closed = " [closed]"
	}
	out := fmt.Sprintf("<%s.%s%s fd=%d, family=%d, type=%d, proto=%d", s.cls.Module, s.cls.Name, closed, s.fd, s.family, s.stype, s.proto)
	if s.fd >= 0 {
		if sa, err := syscall.Getsockname(s.fd); err == nil {
			if r, err := t.Repr(sockaddrValue(sa)); err == nil && r != "''" {
				out += ", laddr=" + r
			}
		}
		if sa, err := syscall.Getpeername(s.fd); err == nil {
			if r, err := t.Repr(sockaddrValue(sa)); err == nil && r != "''" {
				out += ", raddr=" + r
			}
		}
	}
	return out + ">"
}
