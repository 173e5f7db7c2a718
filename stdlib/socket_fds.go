package stdlib

import (
	"syscall"
	"unsafe"

	"github.com/pyasync/pyasync/vm"
)

// The descriptor-level parts of the socket module: socket.dup/fromfd/close
// of raw descriptors, a socket's dup and inheritable flag, the message
// calls with ancillary data (sendmsg, recvmsg, recvmsg_into,
// recvfrom_into) and send_fds/recv_fds built on them, CMSG_LEN/CMSG_SPACE,
// and sendfile.

// dupCloexec duplicates fd as a non-inheritable descriptor, as CPython's
// socket.dup does.
func dupCloexec(fd int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if e != 0 {
		return -1, osError(e, vm.Value{})
	}
	return int(r), nil
}

// intFDArg reads a descriptor argument.
func intFDArg(t *vm.Thread, fname string, args []vm.Value, kw []string) (int, error) {
	if err := vm.ArgCount(fname, args, kw, 1, 1); err != nil {
		return 0, err
	}
	fd, err := t.Index(args[0])
	return int(fd), err
}

// cmsgLen is CMSG_LEN / CMSG_SPACE with CPython's range check.
func cmsgLen(t *vm.Thread, fname string, args []vm.Value, kw []string, space bool) (vm.Value, error) {
	if err := vm.ArgCount(fname, args, kw, 1, 1); err != nil {
		return vm.Value{}, err
	}
	n, err := t.Index(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	if n < 0 || n > 1<<31-64 {
		return vm.Value{}, vm.Errorf(vm.OverflowError, "%s() argument out of range", fname)
	}
	if space {
		return vm.Int(int64(syscall.CmsgSpace(int(n)))), nil
	}
	return vm.Int(int64(syscall.CmsgLen(int(n)))), nil
}

// buildAncillary packs sendmsg's ancillary data: an iterable of
// (level, type, data) items.
func buildAncillary(t *vm.Thread, anc vm.Value) ([]byte, error) {
	var oob []byte
	err := t.ForEach(anc, func(item vm.Value) error {
		var parts []vm.Value
		if err := t.ForEach(item, func(v vm.Value) error { parts = append(parts, v); return nil }); err != nil || len(parts) != 3 {
			if err == nil {
				err = vm.Errorf(vm.TypeError, "[sendmsg() ancillary data items]() argument must be sequence of length 3, not %d", len(parts))
			}
			return err
		}
		level, err := t.Index(parts[0])
		if err != nil {
			return err
		}
		typ, err := t.Index(parts[1])
		if err != nil {
			return err
		}
		data, err := bufferData(parts[2])
		if err != nil {
			return err
		}
		start := len(oob)
		oob = append(oob, make([]byte, syscall.CmsgSpace(len(data)))...)
		h := (*syscall.Cmsghdr)(unsafe.Pointer(&oob[start]))
		h.Level, h.Type = int32(level), int32(typ)
		h.SetLen(syscall.CmsgLen(len(data)))
		copy(oob[start+syscall.CmsgLen(0):], data)
		return nil
	})
	return oob, err
}

// bufferData is the content of a bytes-like object (bytes, bytearray,
// memoryview, array) or CPython's TypeError.
func bufferData(v vm.Value) ([]byte, error) {
	if b, ok := bufferBytes(v); ok {
		return b, nil
	}
	return nil, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", v.TypeName())
}

// ancillaryList converts received control messages to CPython's list of
// (level, type, data) tuples.
func ancillaryList(oob []byte) vm.Value {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return vm.NewList(nil)
	}
	out := make([]vm.Value, len(msgs))
	for i, m := range msgs {
		out[i] = vm.NewTuple([]vm.Value{vm.Int(int64(m.Header.Level)), vm.Int(int64(m.Header.Type)), vm.NewBytes(append([]byte{}, m.Data...))})
	}
	return vm.NewList(out)
}

// sendmsg sends the joined buffers with ancillary data to addr (None: the
// connected peer).
func (s *socketObj) sendmsg(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var bufs, anc, fl, addr vm.Value
	if err := vm.UnpackArgs("sendmsg", args, kw, []string{"buffers", "ancdata?", "flags?", "address?"}, &bufs, &anc, &fl, &addr); err != nil {
		return vm.Value{}, err
	}
	var data []byte
	if err := t.ForEach(bufs, func(v vm.Value) error {
		b, err := bufferData(v)
		data = append(data, b...)
		return err
	}); err != nil {
		return vm.Value{}, err
	}
	var oob []byte
	if given(anc) {
		var err error
		if oob, err = buildAncillary(t, anc); err != nil {
			return vm.Value{}, err
		}
	}
	flags, err := intArg(t, fl, 0)
	if err != nil {
		return vm.Value{}, err
	}
	if err := requireNet(t, s.family, "socket.sendmsg()"); err != nil {
		return vm.Value{}, err
	}
	var sa syscall.Sockaddr
	if given(addr) {
		if sa, err = toSockaddr(t, s.family, addr); err != nil {
			return vm.Value{}, err
		}
	}
	var n int
	err = s.io(t, true, func(fd int) error {
		var e error
		n, e = syscall.SendmsgN(fd, data, oob, sa, flags|msgNoSignal)
		return e
	})
	return vm.Int(int64(n)), err
}

// recvmsgSizes reads recvmsg's ancbufsize and flags arguments.
func recvmsgSizes(t *vm.Thread, ab, fl vm.Value) (int, int, error) {
	anc, err := intArg(t, ab, 0)
	if err != nil {
		return 0, 0, err
	}
	if anc < 0 {
		return 0, 0, vm.Errorf(vm.ValueError, "invalid ancillary data buffer length")
	}
	flags, err := intArg(t, fl, 0)
	return anc, flags, err
}

// recvmsgInto receives into buf with room for ancbuf bytes of ancillary
// data; it returns nbytes and the tuple (ancdata, msg_flags, address).
func (s *socketObj) recvmsgInto(t *vm.Thread, buf []byte, ancbuf, flags int) (int, vm.Value, error) {
	if err := requireNet(t, s.family, "socket.recvmsg()"); err != nil {
		return 0, vm.Value{}, err
	}
	oob := make([]byte, ancbuf)
	var n, oobn, rflags int
	var from syscall.Sockaddr
	err := s.io(t, false, func(fd int) error {
		var e error
		n, oobn, rflags, from, e = syscall.Recvmsg(fd, buf, oob, flags)
		return e
	})
	if err != nil {
		return 0, vm.Value{}, err
	}
	rest := vm.NewTuple([]vm.Value{ancillaryList(oob[:oobn]), vm.Int(int64(rflags)), sockaddrValue(from)})
	return n, rest, nil
}

// withRest builds (first, ancdata, flags, address) from recvmsgInto's tail.
func withRest(first, rest vm.Value) vm.Value {
	items := append([]vm.Value{first}, rest.Object().(*vm.Tuple).Items()...)
	return vm.NewTuple(items)
}

func (s *socketObj) recvmsg(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var bs, ab, fl vm.Value
	if err := vm.UnpackArgs("recvmsg", args, kw, []string{"bufsize", "ancbufsize?", "flags?"}, &bs, &ab, &fl); err != nil {
		return vm.Value{}, err
	}
	size, err := t.Index(bs)
	if err != nil {
		return vm.Value{}, err
	}
	if size < 0 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "negative buffer size in recvmsg()")
	}
	anc, flags, err := recvmsgSizes(t, ab, fl)
	if err != nil {
		return vm.Value{}, err
	}
	buf := make([]byte, size)
	n, rest, err := s.recvmsgInto(t, buf, anc, flags)
	if err != nil {
		return vm.Value{}, err
	}
	return withRest(vm.NewBytes(buf[:n]), rest), nil
}

func (s *socketObj) recvmsgIntoBuffers(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var bufsv, ab, fl vm.Value
	if err := vm.UnpackArgs("recvmsg_into", args, kw, []string{"buffers", "ancbufsize?", "flags?"}, &bufsv, &ab, &fl); err != nil {
		return vm.Value{}, err
	}
	var bufs [][]byte
	total := 0
	if err := t.ForEach(bufsv, func(v vm.Value) error {
		if v.Type() != vm.ByteArrayType && !v.Type().IsSubtype(vm.ByteArrayType) {
			return vm.Errorf(vm.TypeError, "recvmsg_into() argument 1 must be an iterable of single-segment read-write buffers")
		}
		b, _ := v.AsBytes()
		bufs = append(bufs, b)
		total += len(b)
		return nil
	}); err != nil {
		return vm.Value{}, err
	}
	anc, flags, err := recvmsgSizes(t, ab, fl)
	if err != nil {
		return vm.Value{}, err
	}
	tmp := make([]byte, total)
	n, rest, err := s.recvmsgInto(t, tmp, anc, flags)
	if err != nil {
		return vm.Value{}, err
	}
	for got := tmp[:n]; len(got) > 0 && len(bufs) > 0; bufs = bufs[1:] {
		got = got[copy(bufs[0], got):]
	}
	return withRest(vm.Int(int64(n)), rest), nil
}

func (s *socketObj) recvfromInto(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	buf, flags, err := intoArgs(t, "recvfrom_into", "nbytes is greater than the length of the buffer", args, kw)
	if err != nil {
		return vm.Value{}, err
	}
	got, from, err := s.recv(t, buf, flags)
	if err != nil {
		return vm.Value{}, err
	}
	return vm.Tuple2(vm.Int(int64(got)), sockaddrValue(from)), nil
}

// intoArgs reads the (buffer, nbytes=0, flags=0) arguments of recv_into
// and recvfrom_into: the part of the bytearray to fill and the flags.
// tooBig is the function's message for nbytes beyond the buffer.
func intoArgs(t *vm.Thread, fname, tooBig string, args []vm.Value, kw []string) ([]byte, int, error) {
	var bufv, nb, fl vm.Value
	if err := vm.UnpackArgs(fname, args, kw, []string{"buffer", "nbytes?", "flags?"}, &bufv, &nb, &fl); err != nil {
		return nil, 0, err
	}
	if bufv.Type() != vm.ByteArrayType && !bufv.Type().IsSubtype(vm.ByteArrayType) {
		return nil, 0, vm.Errorf(vm.TypeError, "%s() argument 1 must be read-write bytes-like object, not %s", fname, bufv.TypeName())
	}
	buf, _ := bufv.AsBytes()
	n, err := intArg(t, nb, 0)
	if err != nil {
		return nil, 0, err
	}
	if n < 0 {
		return nil, 0, vm.Errorf(vm.ValueError, "negative buffersize in %s", fname)
	}
	if n > len(buf) {
		return nil, 0, vm.Errorf(vm.ValueError, "%s", tooBig)
	}
	if n > 0 {
		buf = buf[:n]
	}
	flags, err := intArg(t, fl, 0)
	return buf, flags, err
}

// dup returns a new socket of the same class on a duplicate descriptor,
// with the same timeout.
func (s *socketObj) dup(t *vm.Thread) (vm.Value, error) {
	if err := s.checkOpen(); err != nil {
		return vm.Value{}, err
	}
	fd, err := dupCloexec(s.fd)
	if err != nil {
		return vm.Value{}, err
	}
	c, err := t.Call(vm.ObjectValue(s.cls), []vm.Value{vm.Int(int64(s.family)), vm.Int(int64(s.stype)), vm.Int(int64(s.proto)), vm.Int(int64(fd))}, []string{"fileno"})
	if err != nil {
		syscall.Close(fd)
		return vm.Value{}, err
	}
	if d, ok := c.Object().(*socketObj); ok {
		d.timeout = s.timeout
	}
	return c, nil
}

// inheritable reports whether the descriptor survives exec.
func (s *socketObj) inheritable() (bool, error) {
	if err := s.checkOpen(); err != nil {
		return false, err
	}
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(s.fd), syscall.F_GETFD, 0)
	if e != 0 {
		return false, osError(e, vm.Value{})
	}
	return r&syscall.FD_CLOEXEC == 0, nil
}

func (s *socketObj) setInheritable(on bool) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	if on {
		syscall.Syscall(syscall.SYS_FCNTL, uintptr(s.fd), syscall.F_SETFD, 0)
	} else {
		syscall.CloseOnExec(s.fd)
	}
	return nil
}

// registerSocketFDMethods adds the descriptor and message methods to
// socket.socket.
func registerSocketFDMethods(def func(string, sockMethod)) {
	def("dup", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("dup", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		return s.dup(t)
	})
	def("get_inheritable", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("get_inheritable", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		on, err := s.inheritable()
		return vm.Bool(on), err
	})
	def("set_inheritable", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_inheritable", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		on, err := t.Truth(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, s.setInheritable(on)
	})
	def("sendmsg", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.sendmsg(t, args, kw)
	})
	def("recvmsg", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.recvmsg(t, args, kw)
	})
	def("recvmsg_into", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.recvmsgIntoBuffers(t, args, kw)
	})
	def("recvfrom_into", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.recvfromInto(t, args, kw)
	})
	def("sendfile", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.sendfile(t, args, kw)
	})
}

// initSocketFDs adds the module-level descriptor functions.
func initSocketFDs(m *vm.Module) {
	m.Set("SCM_RIGHTS", vm.Int(syscall.SCM_RIGHTS))
	m.Set("MSG_CTRUNC", vm.Int(syscall.MSG_CTRUNC))
	m.Set("MSG_EOR", vm.Int(syscall.MSG_EOR))
	m.SetFunc("CMSG_LEN", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return cmsgLen(t, "CMSG_LEN", args, kw, false)
	})
	m.SetFunc("CMSG_SPACE", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return cmsgLen(t, "CMSG_SPACE", args, kw, true)
	})
	m.SetFunc("dup", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := intFDArg(t, "dup", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.dup()"); err != nil {
			return vm.Value{}, err
		}
		n, err := dupCloexec(fd)
		return vm.Int(int64(n)), err
	})
	m.SetFunc("close", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := intFDArg(t, "close", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.close()"); err != nil {
			return vm.Value{}, err
		}
		if e := syscall.Close(fd); e != nil && e != syscall.ECONNRESET {
			return vm.Value{}, osError(e, vm.Value{})
		}
		return vm.None, nil
	})
	m.SetFunc("fromfd", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var fdv, fam, typ, proto vm.Value
		if err := vm.UnpackArgs("fromfd", args, kw, []string{"fd", "family", "type", "proto?"}, &fdv, &fam, &typ, &proto); err != nil {
			return vm.Value{}, err
		}
		fd, err := t.Index(fdv)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.fromfd()"); err != nil {
			return vm.Value{}, err
		}
		n, err := dupCloexec(int(fd))
		if err != nil {
			return vm.Value{}, err
		}
		if !proto.IsValid() {
			proto = vm.Int(0)
		}
		s, err := t.Call(vm.ObjectValue(socketType), []vm.Value{fam, typ, proto, vm.Int(int64(n))}, []string{"fileno"})
		if err != nil {
			syscall.Close(n)
		}
		return s, err
	})
	m.SetFunc("send_fds", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var sock, bufs, fds, fl, addr vm.Value
		if err := vm.UnpackArgs("send_fds", args, kw, []string{"sock", "buffers", "fds", "flags?", "address?"}, &sock, &bufs, &fds, &fl, &addr); err != nil {
			return vm.Value{}, err
		}
		var rights []int
		if err := t.ForEach(fds, func(v vm.Value) error {
			n, err := t.Index(v)
			rights = append(rights, int(n))
			return err
		}); err != nil {
			return vm.Value{}, err
		}
		anc := vm.NewList([]vm.Value{vm.NewTuple([]vm.Value{vm.Int(syscall.SOL_SOCKET), vm.Int(syscall.SCM_RIGHTS), vm.NewBytes(syscall.UnixRights(rights...)[syscall.CmsgLen(0):])})})
		if !fl.IsValid() {
			fl = vm.Int(0)
		}
		if !addr.IsValid() {
			addr = vm.None
		}
		return t.CallMethod(sock, "sendmsg", bufs, anc, fl, addr)
	})
	m.SetFunc("recv_fds", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var sock, size, maxfds, fl vm.Value
		if err := vm.UnpackArgs("recv_fds", args, kw, []string{"sock", "bufsize", "maxfds", "flags?"}, &sock, &size, &maxfds, &fl); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(maxfds)
		if err != nil {
			return vm.Value{}, err
		}
		if !fl.IsValid() {
			fl = vm.Int(0)
		}
		res, err := t.CallMethod(sock, "recvmsg", size, vm.Int(int64(syscall.CmsgSpace(int(n)*4))), fl)
		if err != nil {
			return vm.Value{}, err
		}
		items := res.Object().(*vm.Tuple).Items()
		var got []vm.Value
		for _, a := range items[1].Object().(*vm.List).Items() {
			c := a.Object().(*vm.Tuple).Items()
			lv, _ := c[0].AsInt64()
			ty, _ := c[1].AsInt64()
			data, _ := c[2].AsBytes()
			if lv == syscall.SOL_SOCKET && ty == syscall.SCM_RIGHTS {
				for i := 0; i+4 <= len(data); i += 4 {
					got = append(got, vm.Int(int64(*(*int32)(unsafe.Pointer(&data[i])))))
				}
			}
		}
		return vm.NewTuple([]vm.Value{items[0], vm.NewList(got), items[2], items[3]}), nil
	})
}
