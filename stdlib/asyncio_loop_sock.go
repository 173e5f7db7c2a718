package stdlib

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/pyasync/pyasync/vm"
)

// The loop's low-level socket methods (sock_recv, sock_sendall,
// sock_connect, sock_accept, ...) and name resolution (getaddrinfo,
// getnameinfo). Each first tries the call on the loop goroutine (a
// non-blocking socket answers at once when data or room is there); only
// when it would block does it wait: on the loop's own poller where there
// is one (pollWait, asyncio_loop_pollwait.go), otherwise on a helper
// goroutine in Go's netpoller, bound to the returned future. Cancelling
// the future stops the wait either way.

// deadlineTrips counts, per direction, the cancelled waits that have set a
// past deadline on a socket's descriptor to interrupt themselves. The
// deadline belongs to the descriptor, so it also wakes every other wait on
// it: it is cleared only when the last cancelled wait is done, and a wait
// that was not cancelled treats the deadline error as a spurious wake-up
// (deadlineWake) and waits again.
type deadlineTrips struct {
	mu          sync.Mutex
	read, write int
}

// trip sets the past deadline for the first cancelled wait of a direction.
func (d *deadlineTrips) trip(file *os.File, write bool) { d.adjust(file, write, 1) }

// untrip clears the deadline when the last cancelled wait is done.
func (d *deadlineTrips) untrip(file *os.File, write bool) { d.adjust(file, write, -1) }

// adjust counts a cancelled wait in (delta 1) or out (-1), setting the past
// deadline when the count leaves zero and clearing it when it returns.
func (d *deadlineTrips) adjust(file *os.File, write bool, delta int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := &d.read
	if write {
		n = &d.write
	}
	*n += delta
	switch {
	case delta > 0 && *n == 1:
		setDeadline(file, write, time.Unix(1, 0))
	case delta < 0 && *n == 0:
		setDeadline(file, write, time.Time{})
	}
}

func setDeadline(file *os.File, write bool, d time.Time) {
	if write {
		_ = file.SetWriteDeadline(d)
	} else {
		_ = file.SetReadDeadline(d)
	}
}

// deadlineWake reports whether err is the wake-up of a wait that was not
// cancelled by another wait's deadline on the same descriptor.
func deadlineWake(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() == nil && errors.Is(err, os.ErrDeadlineExceeded)
}

// cancelDeadline makes a cancelled ctx interrupt a blocked read (or
// write) on n's file; release undoes it once the call has returned.
func cancelDeadline(ctx context.Context, n *sockNet, write bool) (release func()) {
	var mu sync.Mutex
	finished, tripped := false, false
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if !finished {
			tripped = true
			n.trips.trip(n.file, write)
		}
	})
	return func() {
		stop()
		mu.Lock()
		finished = true
		if tripped {
			n.trips.untrip(n.file, write)
		}
		mu.Unlock()
	}
}

// sockWait runs fn on s's descriptor on the loop goroutine: at once, and
// if it would block, again each time a helper goroutine has seen the
// descriptor become ready, until it does not block. apply converts the
// outcome on the loop. The helper only waits (it never reads, writes or
// accepts), so an operation cancelled while data or a connection arrives
// takes nothing: the next call gets it, as with CPython's selector loop.
func sockWait(l *vm.Loop, s *socketObj, write bool, fn func(fd int) (any, error), apply func(res any, err error) (vm.Value, error)) vm.Value {
	fut := l.NewFuture()
	finish := func(res any, err error) {
		v, perr := apply(res, err)
		if perr != nil {
			_ = fut.SetException(asExc(perr))
		} else {
			_ = fut.SetResult(v)
		}
	}
	// attempt runs fn once; it reports false when fn would block.
	attempt := func() bool {
		if err := s.checkOpen(); err != nil {
			_ = fut.SetException(err.(*vm.Exception))
			return true
		}
		res, err := fn(s.fd)
		if err == syscall.EAGAIN {
			return false
		}
		finish(res, err)
		return true
	}
	if attempt() || pollSock(l, s, write, fut, attempt, func(err error) { finish(nil, err) }) {
		return fut.Value()
	}
	var op *vm.Op
	var wait func()
	wait = func() {
		n, err := s.netpoll()
		if err != nil {
			finish(nil, err)
			return
		}
		op = l.Go(func(op *vm.Op) {
			release := cancelDeadline(op.Context(), n, write)
			err := waitReady(n.rc, write)
			release()
			if deadlineWake(op.Context(), err) {
				// another wait's cancellation: look again (below)
				err = nil
				time.Sleep(time.Millisecond)
			}
			op.Post(func() {
				if fut.Done() {
					return
				}
				if err != nil {
					if s.fd < 0 {
						// closed under the wait: the raw wait's error
						// is not os.ErrClosed, but it means EBADF
						err = os.ErrClosed
					}
					finish(nil, err)
				} else if !attempt() {
					wait() // readiness without data (another reader took it)
				}
			})
		})
	}
	wait()
	fut.AddDoneCallback(func(f *vm.Future) {
		if f.Cancelled() && op != nil {
			op.Cancel()
		}
	})
	return fut.Value()
}

// waitReady waits in the netpoller until the descriptor behind rc is
// readable (or writable), without consuming anything. Go's raw read
// forgets readiness seen before it started, so the descriptor is first
// polled without blocking: data that came before the wait is not missed.
func waitReady(rc syscall.RawConn, write bool) error {
	var events int16 = pollIn
	if write {
		events = pollOut
	}
	ready := func(fd uintptr) bool {
		fds := []pollFd{{fd: int32(fd), events: events}}
		n, _, e := syscall.Syscall(syscall.SYS_POLL, uintptr(unsafe.Pointer(&fds[0])), 1, 0)
		return e == 0 && n > 0
	}
	if write {
		return rc.Write(ready)
	}
	return rc.Read(ready)
}

func asExc(err error) *vm.Exception {
	if e, ok := err.(*vm.Exception); ok {
		return e
	}
	return sockErr(err).(*vm.Exception)
}

func sockArg(fname string, v vm.Value) (*socketObj, error) {
	s, ok := v.Object().(*socketObj)
	if !ok {
		return nil, vm.Errorf(vm.TypeError, "%s() argument must be a socket, not %s", fname, v.TypeName())
	}
	return s, nil
}

// connectFailed is asyncio's "Connect call failed" error for errno e.
func connectFailed(t *vm.Thread, e error, addr vm.Value) error {
	errno, ok := e.(syscall.Errno)
	if !ok {
		return sockErr(e)
	}
	cls, _ := errnoInfo(errno)
	r, err := t.Repr(addr)
	if err != nil {
		return err
	}
	return vm.NewException(cls, vm.Int(int64(errno)), vm.Str("Connect call failed "+r))
}

// loopSockMethod registers loop.NAME(sock, ...) with n arguments: it checks
// the count, the socket and the net capability, then fn builds the
// operation's future (an awaitable over it is what the method returns).
func loopSockMethod(name string, n int, fn func(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error)) {
	loopType.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount(name, args, kw, n, n); err != nil {
			return vm.Value{}, err
		}
		s, err := sockArg(name, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := requireNet(t, s.family, "loop."+name+"()"); err != nil {
			return vm.Value{}, err
		}
		fut, err := fn(t, loopOf(self), s, args[1:])
		if err != nil {
			return vm.Value{}, err
		}
		return awaitable(fut), nil
	})
}

// received is what a receiving socket call gives back: the data and, for
// recvfrom, the sender's address.
type received struct {
	b    []byte
	from syscall.Sockaddr
}

// recvUpTo is the non-blocking call that receives at most size bytes.
func recvUpTo(size int) func(fd int) (any, error) {
	return func(fd int) (any, error) {
		buf := make([]byte, size)
		m, from, e := syscall.Recvfrom(fd, buf, 0)
		if e != nil {
			return nil, e
		}
		return received{buf[:m], from}, nil
	}
}

// sockResult converts a socket call's outcome on the loop with conv.
func sockResult(conv func(res any) vm.Value) func(res any, err error) (vm.Value, error) {
	return func(res any, err error) (vm.Value, error) {
		if err != nil {
			return vm.Value{}, sockErr(err)
		}
		return conv(res), nil
	}
}

func sockRecv(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	n, err := t.Index(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	return sockWait(l, s, false, recvUpTo(int(n)), sockResult(func(res any) vm.Value {
		return vm.NewBytes(res.(received).b)
	})), nil
}

func sockRecvInto(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	dst, err := writableBuffer(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	return sockWait(l, s, false, recvUpTo(len(dst)), sockResult(func(res any) vm.Value {
		return vm.Int(int64(copy(dst, res.(received).b)))
	})), nil
}

func sockRecvfrom(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	n, err := t.Index(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	return sockWait(l, s, false, recvUpTo(int(n)), sockResult(func(res any) vm.Value {
		g := res.(received)
		return vm.Tuple2(vm.NewBytes(g.b), sockaddrValue(g.from))
	})), nil
}

func sockSendall(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	data, err := bytesData(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	data = append([]byte(nil), data...)
	off := 0
	return sockWait(l, s, true, func(fd int) (any, error) {
		for off < len(data) {
			n, e := syscall.SendmsgN(fd, data[off:], nil, nil, msgNoSignal)
			if e != nil {
				return nil, e
			}
			off += n
		}
		return nil, nil
	}, sockResult(func(any) vm.Value { return vm.None })), nil
}

func sockSendto(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	data, err := bytesData(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	sa, err := toSockaddr(t, s.family, args[1])
	if err != nil {
		return vm.Value{}, err
	}
	data = append([]byte(nil), data...)
	return sockWait(l, s, true, func(fd int) (any, error) {
		return syscall.SendmsgN(fd, data, nil, sa, msgNoSignal)
	}, sockResult(func(res any) vm.Value { return vm.Int(int64(res.(int))) })), nil
}

func sockAccept(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	type acc struct {
		fd int
		sa syscall.Sockaddr
	}
	return sockWait(l, s, false, func(fd int) (any, error) {
		nfd, sa, e := sysAccept(fd)
		if e != nil {
			return nil, e
		}
		return acc{nfd, sa}, nil
	}, func(res any, err error) (vm.Value, error) {
		if err != nil {
			if a, ok := res.(acc); ok {
				syscall.Close(a.fd)
			}
			return vm.Value{}, sockErr(err)
		}
		a := res.(acc)
		c := &socketObj{cls: socketType, family: s.family, stype: s.stype, proto: s.proto, timeout: 0}
		c.attach(a.fd)
		return vm.Tuple2(vm.ObjectValue(c), sockaddrValue(a.sa)), nil
	}), nil
}

func sockConnect(t *vm.Thread, l *vm.Loop, s *socketObj, args []vm.Value) (vm.Value, error) {
	sa, err := toSockaddr(t, s.family, args[0])
	if err != nil {
		return vm.Value{}, err
	}
	addr := args[0]
	if s.family == syscall.AF_INET || s.family == syscall.AF_INET6 {
		addr = sockaddrValue(sa)
	}
	apply := func(res any, err error) (vm.Value, error) {
		if err != nil {
			return vm.Value{}, connectFailed(t, err, addr)
		}
		return vm.None, nil
	}
	fut := l.NewFuture()
	if err := s.checkOpen(); err != nil {
		_ = fut.SetException(err.(*vm.Exception))
		return fut.Value(), nil
	}
	finish := func(err error) {
		v, perr := apply(nil, err)
		if perr != nil {
			_ = fut.SetException(asExc(perr))
		} else {
			_ = fut.SetResult(v)
		}
	}
	cerr := syscall.Connect(s.fd, sa)
	if cerr != syscall.EINPROGRESS && cerr != syscall.EAGAIN {
		finish(cerr)
		return fut.Value(), nil
	}
	// the outcome is known once the descriptor is writable
	retry := func() bool {
		done, e := connectResult(s.fd)
		if done {
			finish(e)
		}
		return done
	}
	if pollSock(l, s, true, fut, retry, finish) {
		return fut.Value(), nil
	}
	if done, e := connectResult(s.fd); done {
		// a loopback connect is done already: its outcome comes at the
		// next iteration, as from the poller, and not after whatever
		// the peer's accept goroutine posts meanwhile (a reset)
		l.CallSoon(func() {
			if !fut.Done() {
				finish(e)
			}
		})
		return fut.Value(), nil
	}
	n, err := s.netpoll()
	if err != nil {
		_ = fut.SetException(asExc(err))
		return fut.Value(), nil
	}
	rc := n.rc
	l.GoFuture(fut, func(ctx context.Context) (any, error) {
		release := cancelDeadline(ctx, n, true)
		defer release()
		var e error
		write := func() error {
			return rc.Write(func(fd uintptr) bool {
				done, ce := connectResult(int(fd))
				e = ce
				return done
			})
		}
		perr := write()
		for deadlineWake(ctx, perr) {
			time.Sleep(time.Millisecond)
			perr = write()
		}
		if perr != nil {
			return nil, perr
		}
		return nil, e
	}, apply)
	return fut.Value(), nil
}

func init() {
	loopSockMethod("sock_recv", 2, sockRecv)
	loopSockMethod("sock_recv_into", 2, sockRecvInto)
	loopSockMethod("sock_recvfrom", 2, sockRecvfrom)
	loopSockMethod("sock_sendall", 2, sockSendall)
	loopSockMethod("sock_sendto", 3, sockSendto)
	loopSockMethod("sock_accept", 1, sockAccept)
	loopSockMethod("sock_connect", 2, sockConnect)
	L := loopType
	L.NewMethod("getaddrinfo", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		q, err := parseGAI(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "loop.getaddrinfo()"); err != nil {
			return vm.Value{}, err
		}
		l := loopOf(self)
		fut := l.NewFuture()
		l.GoFuture(fut, func(ctx context.Context) (any, error) {
			return q.resolve(ctx)
		}, func(res any, err error) (vm.Value, error) {
			if err != nil {
				if _, ok := err.(*vm.Exception); !ok {
					return vm.Value{}, gaiError(eaiAgain)
				}
				return vm.Value{}, err
			}
			return addrInfoList(res.([]addrInfo)), nil
		})
		return awaitable(fut.Value()), nil
	})
	L.NewMethod("_resolved", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// getaddrinfo's answer for a host that is a numeric address,
		// made at once; None sends the caller to getaddrinfo
		q, err := parseGAI(t, args, kw)
		if err != nil || !q.hasHost || t.VM().Require(vm.AllowNet, "loop.getaddrinfo()") != nil {
			return vm.None, nil
		}
		if q.stype != syscall.SOCK_STREAM && q.stype != syscall.SOCK_DGRAM {
			return vm.None, nil
		}
		if ip, perr := netip.ParseAddr(q.host); perr != nil || ip.Zone() != "" || ip.String() != q.host {
			return vm.None, nil
		}
		infos, err := q.resolve(context.Background())
		if err != nil {
			return vm.None, nil
		}
		return addrInfoList(infos), nil
	})
	L.NewMethod("getnameinfo", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args)-len(kw) == 1 {
			args = append(append([]vm.Value(nil), args...), vm.Int(0))
		}
		q, err := parseNameInfo(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "loop.getnameinfo()"); err != nil {
			return vm.Value{}, err
		}
		l := loopOf(self)
		fut := l.NewFuture()
		l.GoFuture(fut, func(ctx context.Context) (any, error) {
			h, s, err := q.resolve(ctx)
			return [2]string{h, s}, err
		}, func(res any, err error) (vm.Value, error) {
			if err != nil {
				return vm.Value{}, err
			}
			r := res.([2]string)
			return vm.Tuple2(vm.Str(r[0]), vm.Str(r[1])), nil
		})
		return awaitable(fut.Value()), nil
	})
}

func loopOf(v vm.Value) *vm.Loop { return v.Object().(*loopObject).l }

// opAwait is what the loop's operation methods return: an awaitable over
// the operation's future (like the coroutines asyncio's methods are, it
// can be awaited or given to create_task/gather; cancelling the awaiting
// task cancels the operation).
type opAwait struct {
	f       *vm.Future
	started bool
}

var opAwaitType = vm.NewNativeType("coroutine", "asyncio", nil, nil)

func (*opAwait) Type() *vm.Type { return opAwaitType }

// AwaitStep implements vm.AwaitStepper.
func (o *opAwait) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	if !o.started {
		o.started = true
		if !o.f.Done() {
			o.f.Blocking = true
			return o.f.Value(), false, nil
		}
	}
	v, err := o.f.Result()
	return v, true, err
}

// AwaitThrow implements vm.AwaitThrower: the operation is cancelled.
func (o *opAwait) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	if !o.f.Done() {
		o.f.Cancel(vm.None)
	}
	return vm.Value{}, false, exc
}

func awaitable(f vm.Value) vm.Value { return vm.ObjectValue(&opAwait{f: vm.FutureOf(f)}) }

func init() {
	opAwaitType.QualName = "BaseEventLoop.operation"
	registerAwaitable(opAwaitType)
}
