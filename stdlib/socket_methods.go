package stdlib

import (
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The script-visible methods of socket.socket.

type sockMethod = func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error)

func registerSocketMethods() {
	S := socketType
	def := func(name string, fn sockMethod) {
		S.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return fn(t, sockSelf(self), args, kw)
		})
	}
	S.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var fam, typ, proto, fileno vm.Value
		if err := vm.UnpackArgs("socket", args, kw, []string{"family?", "type?", "proto?", "fileno?"}, &fam, &typ, &proto, &fileno); err != nil {
			return vm.Value{}, err
		}
		s := sockSelf(self)
		if given(fileno) {
			fd, err := t.Index(fileno)
			if err != nil {
				return vm.Value{}, err
			}
			f, p := sockDomainProto(int(fd))
			ty, terr := syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TYPE)
			if terr != nil {
				return vm.Value{}, osError(terr, vm.Value{})
			}
			s.family, s.stype, s.proto, s.timeout = f, ty, p, defaultTimeout(t.VM())
			if err := syscall.SetNonblock(int(fd), true); err != nil {
				return vm.Value{}, osError(err, vm.Value{})
			}
			s.attach(int(fd))
			return vm.None, nil
		}
		f, err := intArg(t, fam, syscall.AF_INET)
		if err != nil {
			return vm.Value{}, err
		}
		if f == -1 {
			f = syscall.AF_INET
		}
		ty, err := intArg(t, typ, syscall.SOCK_STREAM)
		if err != nil {
			return vm.Value{}, err
		}
		if ty == -1 {
			ty = syscall.SOCK_STREAM
		}
		p, err := intArg(t, proto, 0)
		if err != nil {
			return vm.Value{}, err
		}
		if p == -1 {
			p = 0
		}
		if err := requireNet(t, f, "socket.socket()"); err != nil {
			return vm.Value{}, err
		}
		fd, serr := sysSocket(f, ty, p)
		if serr != nil {
			return vm.Value{}, osError(serr, vm.Value{})
		}
		s.family, s.stype, s.proto, s.timeout = f, ty&^(sockTypeNonblock|sockTypeCloexec), p, defaultTimeout(t.VM())
		if ty&sockTypeNonblock != 0 {
			s.timeout = 0
		}
		s.attach(fd)
		return vm.None, nil
	})
	def("__repr__", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Str(s.repr(t)), nil
	})
	def("__enter__", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(s), nil
	})
	def("__exit__", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, sockErr(s.userClose())
	})
	def("close", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, sockErr(s.userClose())
	})
	def("detach", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if s.fd < 0 {
			return vm.Int(-1), nil
		}
		nfd, err := syscall.Dup(s.fd)
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		_ = s.close()
		return vm.Int(int64(nfd)), nil
	})
	def("fileno", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(s.fd)), nil
	})
	S.NewGetSet("family", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return sockSelf(self).familyValue(), nil
	}, nil)
	S.NewGetSet("type", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return sockSelf(self).kindValue(), nil
	}, nil)
	S.NewGetSet("proto", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(sockSelf(self).proto)), nil
	}, nil)
	S.NewGetSet("timeout", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return timeoutValue(sockSelf(self).timeout), nil
	}, nil)
	def("bind", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("bind", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		if err := requireNet(t, s.family, "socket.bind()"); err != nil {
			return vm.Value{}, err
		}
		sa, err := toSockaddr(t, s.family, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := syscall.Bind(s.fd, sa); err != nil {
			return vm.Value{}, sockErr(err)
		}
		return vm.None, nil
	})
	def("listen", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("listen", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		n := 128
		if len(args) == 1 {
			b, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			n = int(b)
			if n < 0 {
				n = 0
			}
		}
		return vm.None, sockErr(syscall.Listen(s.fd, n))
	})
	def("accept", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := requireNet(t, s.family, "socket.accept()"); err != nil {
			return vm.Value{}, err
		}
		c, addr, err := s.accept(t)
		if err != nil {
			return vm.Value{}, err
		}
		if defaultTimeout(t.VM()) < 0 && s.timeout >= 0 {
			c.timeout = -1
		}
		return vm.Tuple2(vm.ObjectValue(c), addr), nil
	})
	def("connect", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("connect", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if err := requireNet(t, s.family, "socket.connect()"); err != nil {
			return vm.Value{}, err
		}
		return vm.None, s.connect(t, args[0])
	})
	def("connect_ex", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("connect_ex", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if err := requireNet(t, s.family, "socket.connect_ex()"); err != nil {
			return vm.Value{}, err
		}
		err := s.connect(t, args[0])
		if e, ok := err.(*vm.Exception); ok && e.IsInstance(vm.OSError) && len(e.Args) >= 2 && !e.IsInstance(gaierrorType) {
			return e.Args[0], nil
		}
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(0), nil
	})
	def("getsockname", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.sockname()
	})
	def("getpeername", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return s.peername()
	})
	def("send", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("send", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		data, err := bytesData(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		flags := 0
		if len(args) == 2 {
			if flags, err = intArg(t, args[1], 0); err != nil {
				return vm.Value{}, err
			}
		}
		n, err := s.send(t, data, flags)
		return vm.Int(int64(n)), err
	})
	def("sendall", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("sendall", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		data, err := bytesData(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		flags := 0
		if len(args) == 2 {
			if flags, err = intArg(t, args[1], 0); err != nil {
				return vm.Value{}, err
			}
		}
		for len(data) > 0 {
			n, err := s.send(t, data, flags)
			if err != nil {
				return vm.Value{}, err
			}
			data = data[n:]
		}
		return vm.None, nil
	})
	def("sendto", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("sendto", args, kw, 2, 3); err != nil {
			return vm.Value{}, err
		}
		data, err := bytesData(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		flags, addr := 0, args[len(args)-1]
		if len(args) == 3 {
			if flags, err = intArg(t, args[1], 0); err != nil {
				return vm.Value{}, err
			}
		}
		if err := requireNet(t, s.family, "socket.sendto()"); err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		sa, err := toSockaddr(t, s.family, addr)
		if err != nil {
			return vm.Value{}, err
		}
		var n int
		err = s.io(t, true, func(fd int) error {
			var e error
			n, e = syscall.SendmsgN(fd, data, nil, sa, flags|msgNoSignal)
			return e
		})
		return vm.Int(int64(n)), err
	})
	def("recv", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		size, flags, err := sizeFlags(t, "recv", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		buf := make([]byte, size)
		n, _, err := s.recv(t, buf, flags)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.NewBytes(buf[:n]), nil
	})
	def("recvfrom", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		size, flags, err := sizeFlags(t, "recvfrom", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		buf := make([]byte, size)
		n, from, err := s.recv(t, buf, flags)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Tuple2(vm.NewBytes(buf[:n]), sockaddrValue(from)), nil
	})
	def("recv_into", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		buf, flags, err := intoArgs(t, "recv_into", "buffer too small for requested bytes", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		got, _, err := s.recv(t, buf, flags)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(got)), nil
	})
	def("shutdown", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("shutdown", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		how, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return vm.None, sockErr(syscall.Shutdown(s.fd, int(how)))
	})
	def("setsockopt", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("setsockopt", args, kw, 3, 4); err != nil {
			return vm.Value{}, err
		}
		level, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		opt, err := t.Index(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		if b, ok := args[2].AsBytes(); ok {
			return vm.None, sockErr(syscall.SetsockoptString(s.fd, int(level), int(opt), string(b)))
		}
		v, err := t.Index(args[2])
		if err != nil {
			return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", args[2].TypeName())
		}
		return vm.None, sockErr(syscall.SetsockoptInt(s.fd, int(level), int(opt), int(v)))
	})
	def("getsockopt", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getsockopt", args, kw, 2, 3); err != nil {
			return vm.Value{}, err
		}
		level, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		opt, err := t.Index(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		if len(args) == 3 {
			n, err := t.Index(args[2])
			if err != nil {
				return vm.Value{}, err
			}
			if n <= 0 || n > 1024 {
				return vm.Value{}, vm.Errorf(vm.OSError, "getsockopt buflen out of range")
			}
			b, gerr := getsockoptBytes(s.fd, int(level), int(opt), int(n))
			if gerr != nil {
				return vm.Value{}, sockErr(gerr)
			}
			return vm.NewBytes(b), nil
		}
		v, gerr := syscall.GetsockoptInt(s.fd, int(level), int(opt))
		if gerr != nil {
			return vm.Value{}, sockErr(gerr)
		}
		return vm.Int(int64(v)), nil
	})
	def("setblocking", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("setblocking", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := t.Truth(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if b {
			s.timeout = -1
		} else {
			s.timeout = 0
		}
		return vm.None, nil
	})
	def("getblocking", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(s.timeout != 0), nil
	})
	def("settimeout", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("settimeout", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return vm.None, s.setTimeout(t, args[0])
	})
	def("gettimeout", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return timeoutValue(s.timeout), nil
	})
	def("makefile", func(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
		return makeSocketFile(t, s, args, kw)
	})
	registerSocketFDMethods(def)
}

func timeoutValue(f float64) vm.Value {
	if f < 0 {
		return vm.None
	}
	return vm.Float(f)
}

func sizeFlags(t *vm.Thread, fname string, args []vm.Value, kw []string) (int, int, error) {
	var sz, fl vm.Value
	if err := vm.UnpackArgs(fname, args, kw, []string{"bufsize", "flags?"}, &sz, &fl); err != nil {
		return 0, 0, err
	}
	n, err := t.Index(sz)
	if err != nil {
		return 0, 0, err
	}
	if n < 0 {
		return 0, 0, vm.Errorf(vm.ValueError, "negative buffersize in %s", fname)
	}
	flags, err := intArg(t, fl, 0)
	return int(n), flags, err
}

// writableBuffer returns the storage of a bytearray (recv_into and
// friends write into it in place).
func writableBuffer(v vm.Value) ([]byte, error) {
	if v.Type() == vm.ByteArrayType || v.Type().IsSubtype(vm.ByteArrayType) {
		b, _ := v.AsBytes()
		return b, nil
	}
	return nil, vm.Errorf(vm.TypeError, "recv_into() argument 'buffer' must be read-write bytes-like object, not %s", v.TypeName())
}
