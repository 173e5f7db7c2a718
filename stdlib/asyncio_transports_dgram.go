package stdlib

import (
	"context"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The datagram transport of loop.create_datagram_endpoint: a helper
// goroutine receives datagrams (datagram_received) and errors such as an
// ICMP "port unreachable" on a connected socket (error_received); sendto
// sends from the loop goroutine, queueing only what the socket refuses.

var dgramTransportType = vm.NewNativeType("_SelectorDatagramTransport", "asyncio.selector_events", datagramTransportType, nil)

type dgramPacket struct {
	data []byte
	to   syscall.Sockaddr
}

type dgramTransport struct {
	loop    *vm.Loop
	sock    *socketObj
	proto   vm.Value
	address vm.Value // the connected remote address, or invalid
	extra   map[string]vm.Value
	closing bool
	lost    bool
	readOp  *vm.Op
	queue   []dgramPacket
	writeOp *vm.Op
	qsize   int
}

func (*dgramTransport) Type() *vm.Type { return dgramTransportType }

func newDgramTransport(t *vm.Thread, l *vm.Loop, s *socketObj, proto, address vm.Value, waiter *vm.Future) *dgramTransport {
	tr := &dgramTransport{loop: l, sock: s, proto: proto, address: address}
	s.timeout = 0
	s.inTransport = true
	tr.extra = map[string]vm.Value{"socket": vm.ObjectValue(s)}
	if v, err := s.sockname(); err == nil {
		tr.extra["sockname"] = v
	}
	if v, err := s.peername(); err == nil {
		tr.extra["peername"] = v
	} else {
		tr.extra["peername"] = vm.None
	}
	extOf(l).transports[tr] = struct{}{}
	l.CallSoon(func() {
		t := l.VM().Main()
		if _, err := t.CallMethod(proto, "connection_made", vm.ObjectValue(tr)); err != nil {
			tr.report(t, "Exception in callback connection_made", err)
		}
		if !tr.closing {
			tr.startReading()
		}
		if waiter != nil && !waiter.Done() {
			_ = waiter.SetResult(vm.None)
		}
	})
	return tr
}

func (tr *dgramTransport) report(t *vm.Thread, msg string, err error) {
	ctx := vm.NewDict()
	ctx.SetStr("message", vm.Str(msg))
	ctx.SetStr("exception", vm.ObjectValue(asExc(err)))
	ctx.SetStr("transport", vm.ObjectValue(tr))
	ctx.SetStr("protocol", tr.proto)
	tr.loop.ReportContext(t, ctx)
}

func (tr *dgramTransport) startReading() {
	n, err := tr.sock.netpoll()
	if err != nil {
		return
	}
	file, rc := n.file, n.rc
	ack := make(chan struct{}, 1)
	tr.readOp = tr.loop.Go(func(op *vm.Op) {
		ctx := op.Context()
		stop := context.AfterFunc(ctx, func() { _ = file.SetReadDeadline(time.Unix(1, 0)) })
		defer stop()
		for {
			var n int
			var from syscall.Sockaddr
			var rerr error
			var data []byte
			err := rc.Read(func(fd uintptr) bool {
				bp := readBufPool.Get().(*[]byte)
				n, from, rerr = syscall.Recvfrom(int(fd), *bp, 0)
				if rerr == nil {
					data = append([]byte(nil), (*bp)[:n]...)
				}
				readBufPool.Put(bp)
				return rerr != syscall.EAGAIN
			})
			if err != nil {
				return
			}
			e := rerr
			if !op.Post(func() { tr.received(data, from, e); ack <- struct{}{} }) {
				return
			}
			select {
			case <-ack:
			case <-ctx.Done():
				return
			}
		}
	})
}

func (tr *dgramTransport) received(data []byte, from syscall.Sockaddr, rerr error) {
	if tr.closing {
		return
	}
	t := tr.loop.VM().Main()
	if rerr != nil {
		if rerr == syscall.EINTR {
			return
		}
		if _, err := t.CallMethod(tr.proto, "error_received", vm.ObjectValue(asExc(sockErr(rerr)))); err != nil {
			tr.report(t, "Fatal error: protocol.error_received() call failed.", err)
		}
		return
	}
	addr := sockaddrValue(from)
	if from == nil && tr.address.IsValid() {
		addr = tr.address
	}
	if _, err := t.CallMethod(tr.proto, "datagram_received", vm.NewBytes(data), addr); err != nil {
		tr.report(t, "Fatal error: protocol.datagram_received() call failed.", err)
		tr.forceClose(asExc(err))
	}
}

func (tr *dgramTransport) sendto(t *vm.Thread, data []byte, addr vm.Value) error {
	if given(addr) && tr.address.IsValid() {
		eq, err := t.Equal(addr, tr.address)
		if err != nil {
			return err
		}
		if !eq {
			r, _ := t.Repr(tr.address)
			return vm.Errorf(vm.ValueError, "Invalid address: must be None or %s", r)
		}
		addr = vm.Value{}
	}
	if len(data) == 0 || tr.lost || tr.closing {
		return nil
	}
	var sa syscall.Sockaddr
	if given(addr) {
		var err error
		if sa, err = toSockaddr(t, tr.sock.family, addr); err != nil {
			return err
		}
	}
	if len(tr.queue) == 0 {
		_, err := syscall.SendmsgN(tr.sock.fd, data, nil, sa, msgNoSignal)
		if err == nil {
			return nil
		}
		if err != syscall.EAGAIN && err != syscall.ENOBUFS {
			if _, cerr := t.CallMethod(tr.proto, "error_received", vm.ObjectValue(asExc(sockErr(err)))); cerr != nil {
				tr.report(t, "Fatal error: protocol.error_received() call failed.", cerr)
			}
			return nil
		}
	}
	tr.queue = append(tr.queue, dgramPacket{append([]byte(nil), data...), sa})
	tr.qsize += len(data)
	if tr.writeOp == nil {
		tr.flushQueue()
	}
	return nil
}

// flushQueue sends the queued datagrams as the socket becomes writable.
func (tr *dgramTransport) flushQueue() {
	q := tr.queue
	tr.queue = nil
	n, err := tr.sock.netpoll()
	if err != nil {
		return
	}
	rc := n.rc
	tr.writeOp = tr.loop.Go(func(op *vm.Op) {
		for _, p := range q {
			p := p
			var werr error
			_ = rc.Write(func(fd uintptr) bool {
				_, werr = syscall.SendmsgN(int(fd), p.data, nil, p.to, msgNoSignal)
				return werr != syscall.EAGAIN
			})
			if op.Cancelled() {
				return
			}
			n := len(p.data)
			e := werr
			op.Post(func() {
				tr.qsize -= n
				if e != nil && !tr.lost {
					t := tr.loop.VM().Main()
					_, _ = t.CallMethod(tr.proto, "error_received", vm.ObjectValue(asExc(sockErr(e))))
				}
			})
		}
		op.Post(func() {
			tr.writeOp = nil
			if len(tr.queue) > 0 {
				tr.flushQueue()
			} else if tr.closing && !tr.lost {
				tr.lost = true
				tr.loop.CallSoon(func() { tr.connectionLost(nil) })
			}
		})
	})
}

func (tr *dgramTransport) close() {
	if tr.closing {
		return
	}
	tr.closing = true
	if tr.readOp != nil {
		tr.readOp.Cancel()
		tr.readOp = nil
	}
	if tr.writeOp == nil && len(tr.queue) == 0 {
		tr.lost = true
		tr.loop.CallSoon(func() { tr.connectionLost(nil) })
	}
}

func (tr *dgramTransport) forceClose(exc *vm.Exception) {
	tr.queue, tr.qsize = nil, 0
	if tr.writeOp != nil {
		tr.writeOp.Cancel()
		tr.writeOp = nil
	}
	tr.closing = true
	if tr.readOp != nil {
		tr.readOp.Cancel()
		tr.readOp = nil
	}
	if !tr.lost {
		tr.lost = true
		tr.loop.CallSoon(func() { tr.connectionLost(exc) })
	}
}

func (tr *dgramTransport) connectionLost(exc *vm.Exception) {
	t := tr.loop.VM().Main()
	arg := vm.None
	if exc != nil {
		arg = vm.ObjectValue(exc)
	}
	if _, err := t.CallMethod(tr.proto, "connection_lost", arg); err != nil {
		tr.report(t, "Exception in callback connection_lost", err)
	}
	tr.closeNow()
}

// closeNow closes the socket without protocol callbacks.
func (tr *dgramTransport) closeNow() {
	tr.lost, tr.closing = true, true
	if tr.readOp != nil {
		tr.readOp.Cancel()
		tr.readOp = nil
	}
	if tr.writeOp != nil {
		tr.writeOp.Cancel()
		tr.writeOp = nil
	}
	delete(extOf(tr.loop).transports, tr)
	_ = tr.sock.close()
}

func dgSelf(v vm.Value) *dgramTransport { return v.Object().(*dgramTransport) }

func init() {
	T := dgramTransportType
	T.NewMethod("sendto", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var data, addr vm.Value
		if err := vm.UnpackArgs("sendto", args, kw, []string{"data", "addr?"}, &data, &addr); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesData(data)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, dgSelf(self).sendto(t, b, addr)
	})
	T.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		dgSelf(self).close()
		return vm.None, nil
	})
	T.NewMethod("abort", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		dgSelf(self).forceClose(nil)
		return vm.None, nil
	})
	T.NewMethod("is_closing", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(dgSelf(self).closing), nil
	})
	T.NewMethod("get_extra_info", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var name, def vm.Value
		if err := vm.UnpackArgs("get_extra_info", args, kw, []string{"name", "default?"}, &name, &def); err != nil {
			return vm.Value{}, err
		}
		s, _ := name.AsStr()
		if v, ok := dgSelf(self).extra[s]; ok {
			return v, nil
		}
		if def.IsValid() {
			return def, nil
		}
		return vm.None, nil
	})
	T.NewMethod("get_write_buffer_size", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(dgSelf(self).qsize)), nil
	})
	T.NewMethod("get_protocol", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return dgSelf(self).proto, nil
	})
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		tr := dgSelf(self)
		return vm.Str("<_SelectorDatagramTransport fd=" + itoa(int64(tr.sock.fd)) + ">"), nil
	})
	loopType.NewMethod("_make_datagram_transport", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// _make_datagram_transport(sock, protocol, address) -> (transport, waiter)
		if err := vm.ArgCount("_make_datagram_transport", args, kw, 3, 3); err != nil {
			return vm.Value{}, err
		}
		s, err := sockArg("_make_datagram_transport", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		addr := args[2]
		if addr.IsNone() {
			addr = vm.Value{}
		}
		l := loopOf(self)
		w := l.NewFuture()
		tr := newDgramTransport(t, l, s, args[1], addr, w)
		return vm.Tuple2(vm.ObjectValue(tr), w.Value()), nil
	})
}
