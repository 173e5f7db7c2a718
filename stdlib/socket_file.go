package stdlib

import (
	"bytes"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// socket.makefile: a small buffered file object over a socket (binary or
// UTF-8 text; read, readline, iteration, write, flush, close).

type socketFile struct {
	s      *socketObj
	text   bool
	read   bool
	write  bool
	rbuf   []byte
	wbuf   []byte
	eof    bool
	closed bool
}

var socketFileType = vm.NewNativeType("SocketIO", "socket", nil, nil)

func (*socketFile) Type() *vm.Type { return socketFileType }

func makeSocketFile(t *vm.Thread, s *socketObj, args []vm.Value, kw []string) (vm.Value, error) {
	var mode, buffering, encoding, errs, newline vm.Value
	if err := vm.UnpackArgs("makefile", args, kw, []string{"mode?", "buffering?", "*encoding?", "*errors?", "*newline?"}, &mode, &buffering, &encoding, &errs, &newline); err != nil {
		return vm.Value{}, err
	}
	m := "r"
	if mode.IsValid() {
		m, _ = mode.AsStr()
	}
	for _, c := range m {
		if !strings.ContainsRune("rwb", c) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "invalid mode %s (only r, w, b allowed)", reprStr(m))
		}
	}
	f := &socketFile{s: s, text: !strings.Contains(m, "b"), read: strings.Contains(m, "r"), write: strings.Contains(m, "w")}
	return vm.ObjectValue(f), nil
}

func reprStr(s string) string { return "'" + s + "'" }

func (f *socketFile) out(b []byte) vm.Value {
	if f.text {
		return vm.Str(string(b))
	}
	return vm.NewBytes(b)
}

// fill reads one more chunk; it reports false at EOF.
func (f *socketFile) fill(t *vm.Thread) (bool, error) {
	if f.eof {
		return false, nil
	}
	buf := make([]byte, 8192)
	n, _, err := f.s.recv(t, buf, 0)
	if err != nil {
		return false, err
	}
	if n == 0 {
		f.eof = true
		return false, nil
	}
	f.rbuf = append(f.rbuf, buf[:n]...)
	return true, nil
}

func (f *socketFile) check() error {
	if f.closed {
		return vm.Errorf(vm.ValueError, "I/O operation on closed file.")
	}
	return nil
}

func (f *socketFile) readline(t *vm.Thread) ([]byte, error) {
	for {
		if i := bytes.IndexByte(f.rbuf, '\n'); i >= 0 {
			line := append([]byte(nil), f.rbuf[:i+1]...)
			f.rbuf = f.rbuf[i+1:]
			return line, nil
		}
		more, err := f.fill(t)
		if err != nil {
			return nil, err
		}
		if !more {
			line := f.rbuf
			f.rbuf = nil
			return line, nil
		}
	}
}

func (f *socketFile) flush(t *vm.Thread) error {
	for len(f.wbuf) > 0 {
		n, err := f.s.send(t, f.wbuf, 0)
		if err != nil {
			return err
		}
		f.wbuf = f.wbuf[n:]
	}
	return nil
}

func init() {
	F := socketFileType
	self := func(v vm.Value) *socketFile { return v.Object().(*socketFile) }
	F.NewMethod("read", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f := self(sv)
		if err := f.check(); err != nil {
			return vm.Value{}, err
		}
		n := -1
		if len(args) > 0 && !args[0].IsNone() {
			v, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			n = int(v)
		}
		for n < 0 || len(f.rbuf) < n {
			more, err := f.fill(t)
			if err != nil {
				return vm.Value{}, err
			}
			if !more {
				break
			}
		}
		if n < 0 || n > len(f.rbuf) {
			n = len(f.rbuf)
		}
		data := append([]byte(nil), f.rbuf[:n]...)
		f.rbuf = f.rbuf[n:]
		return f.out(data), nil
	})
	F.NewMethod("readline", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f := self(sv)
		if err := f.check(); err != nil {
			return vm.Value{}, err
		}
		line, err := f.readline(t)
		if err != nil {
			return vm.Value{}, err
		}
		return f.out(line), nil
	})
	F.NewMethod("__iter__", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return sv, nil
	})
	F.NewMethod("__next__", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f := self(sv)
		if err := f.check(); err != nil {
			return vm.Value{}, err
		}
		line, err := f.readline(t)
		if err != nil {
			return vm.Value{}, err
		}
		if len(line) == 0 {
			return vm.Value{}, vm.NewException(vm.StopIteration)
		}
		return f.out(line), nil
	})
	F.NewMethod("write", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f := self(sv)
		if err := f.check(); err != nil {
			return vm.Value{}, err
		}
		if err := vm.ArgCount("write", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		var b []byte
		if f.text {
			s, ok := args[0].AsStr()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "write() argument must be str, not %s", args[0].TypeName())
			}
			b = []byte(s)
		} else {
			var err error
			if b, err = bytesData(args[0]); err != nil {
				return vm.Value{}, err
			}
		}
		f.wbuf = append(f.wbuf, b...)
		if f.text && bytes.IndexByte(b, '\n') >= 0 || len(f.wbuf) >= 8192 {
			if err := f.flush(t); err != nil {
				return vm.Value{}, err
			}
		}
		if f.text {
			return vm.Int(int64(len([]rune(string(b))))), nil
		}
		return vm.Int(int64(len(b))), nil
	})
	F.NewMethod("flush", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f := self(sv)
		if err := f.check(); err != nil {
			return vm.Value{}, err
		}
		return vm.None, f.flush(t)
	})
	closeFn := func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f := self(sv)
		if f.closed {
			return vm.None, nil
		}
		err := f.flush(t)
		f.closed = true
		return vm.None, err
	}
	F.NewMethod("close", closeFn)
	F.NewMethod("__exit__", closeFn)
	F.NewMethod("__enter__", func(t *vm.Thread, sv vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return sv, nil
	})
	F.NewGetSet("closed", func(t *vm.Thread, sv vm.Value) (vm.Value, error) {
		return vm.Bool(self(sv).closed), nil
	}, nil)
}
