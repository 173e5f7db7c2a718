package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// Script protocols (asyncio.Protocol, BufferedProtocol and
// DatagramProtocol subclasses) behind the Go Protocol interface, and the
// script-visible methods of the stream transports.

// scriptProtocol calls a script protocol object's callbacks.
type scriptProtocol struct {
	obj      vm.Value
	buffered bool
}

// protocolFor wraps a protocol object: a StreamProtocol is used natively.
func protocolFor(t *vm.Thread, v vm.Value) Protocol {
	if p, ok := v.Object().(*StreamProtocol); ok {
		return p
	}
	sp := &scriptProtocol{obj: v}
	if _, err := t.GetAttr(v, "get_buffer"); err == nil {
		if _, err := t.GetAttr(v, "buffer_updated"); err == nil {
			sp.buffered = true
		}
	}
	return sp
}

func (p *scriptProtocol) Value() vm.Value { return p.obj }

func (p *scriptProtocol) call(t *vm.Thread, name string, args ...vm.Value) (vm.Value, error) {
	return t.CallMethod(p.obj, name, args...)
}

func (p *scriptProtocol) ConnectionMade(t *vm.Thread, tr Transport) error {
	_, err := p.call(t, "connection_made", tr.Value())
	return err
}

func (p *scriptProtocol) DataReceived(t *vm.Thread, data []byte) error {
	if !p.buffered {
		_, err := p.call(t, "data_received", vm.NewBytes(data))
		return err
	}
	for len(data) > 0 {
		bv, err := p.call(t, "get_buffer", vm.Int(int64(len(data))))
		if err != nil {
			return err
		}
		buf, err := writableBuffer(bv)
		if err != nil {
			return err
		}
		if len(buf) == 0 {
			return vm.Errorf(vm.RuntimeError, "get_buffer() returned an empty buffer")
		}
		n := copy(buf, data)
		data = data[n:]
		if _, err := p.call(t, "buffer_updated", vm.Int(int64(n))); err != nil {
			return err
		}
	}
	return nil
}

func (p *scriptProtocol) EOFReceived(t *vm.Thread) (bool, error) {
	r, err := p.call(t, "eof_received")
	if err != nil {
		return false, err
	}
	return t.Truth(r)
}

func (p *scriptProtocol) ConnectionLost(t *vm.Thread, exc *vm.Exception) error {
	arg := vm.None
	if exc != nil {
		arg = vm.ObjectValue(exc)
	}
	_, err := p.call(t, "connection_lost", arg)
	return err
}

func (p *scriptProtocol) PauseWriting(t *vm.Thread) error {
	_, err := p.call(t, "pause_writing")
	return err
}

func (p *scriptProtocol) ResumeWriting(t *vm.Thread) error {
	_, err := p.call(t, "resume_writing")
	return err
}

func trSelf(v vm.Value) *fdTransport { return v.Object().(*fdTransport) }

func init() {
	for _, T := range []*vm.Type{socketTransportType, readPipeType, writePipeType} {
		registerStreamTransportMethods(T)
	}
}

func registerStreamTransportMethods(T *vm.Type) {
	T.NewMethod("write", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("write", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesData(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, trSelf(self).Write(t, b)
	})
	T.NewMethod("writelines", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("writelines", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := joinBytes(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, trSelf(self).Write(t, b)
	})
	T.NewMethod("write_eof", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, trSelf(self).WriteEOF(t)
	})
	T.NewMethod("can_write_eof", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(trSelf(self).CanWriteEOF()), nil
	})
	T.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		trSelf(self).Close(t)
		return vm.None, nil
	})
	T.NewMethod("abort", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		trSelf(self).Abort(t)
		return vm.None, nil
	})
	T.NewMethod("is_closing", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(trSelf(self).IsClosing()), nil
	})
	T.NewMethod("pause_reading", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		trSelf(self).PauseReading()
		return vm.None, nil
	})
	T.NewMethod("resume_reading", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		trSelf(self).ResumeReading()
		return vm.None, nil
	})
	T.NewMethod("is_reading", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		tr := trSelf(self)
		return vm.Bool(!tr.userPaused && !tr.closing), nil
	})
	T.NewMethod("get_extra_info", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var name, def vm.Value
		if err := vm.UnpackArgs("get_extra_info", args, kw, []string{"name", "default?"}, &name, &def); err != nil {
			return vm.Value{}, err
		}
		s, _ := name.AsStr()
		if v, ok := trSelf(self).ExtraInfo(t, s); ok {
			return v, nil
		}
		if def.IsValid() {
			return def, nil
		}
		return vm.None, nil
	})
	T.NewMethod("get_write_buffer_size", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(trSelf(self).BufferSize())), nil
	})
	T.NewMethod("get_write_buffer_limits", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		tr := trSelf(self)
		return vm.Tuple2(vm.Int(int64(tr.low)), vm.Int(int64(tr.high))), nil
	})
	T.NewMethod("set_write_buffer_limits", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var high, low vm.Value
		if err := vm.UnpackArgs("set_write_buffer_limits", args, kw, []string{"high?", "low?"}, &high, &low); err != nil {
			return vm.Value{}, err
		}
		return vm.None, trSelf(self).setLimits(t, high, low)
	})
	T.NewMethod("get_protocol", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return trSelf(self).proto.Value(), nil
	})
	T.NewMethod("set_protocol", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_protocol", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		trSelf(self).proto = protocolFor(t, args[0])
		return vm.None, nil
	})
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Str(trSelf(self).repr()), nil
	})
}
