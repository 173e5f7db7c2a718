package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// asyncio streams: StreamReaderProtocol (the protocol between a transport
// and a StreamReader/StreamWriter pair) and StreamWriter. The reader is in
// asyncio_streams_reader.go; open_connection/start_server and friends are
// thin script functions in asyncio_net.pya over loop.create_connection and
// loop.create_server.
//
// # Go API (stable: subprocess pipes are built on it)
//
// Everything runs on the loop goroutine; producers on helper goroutines
// hand their data over with vm.Op.Post.
//
// A Go producer feeds a StreamReader directly:
//
//	r := NewStreamReader(loop, 0)       // 0: the default 64 KiB limit
//	op.Post(func() { r.FeedData(chunk) }) // chunk is copied
//	op.Post(func() { r.FeedEOF() })       // or r.SetException(exc)
//	r.SetTransport(flow, trValue)         // optional: pause/resume the producer
//
// A StreamWriter writes to anything implementing Transport (this package's
// socket and pipe transports do; NewPipeTransport wraps any pollable
// *os.File). The protocol between them carries flow control: the
// transport calls PauseWriting/ResumeWriting/ConnectionLost on the
// protocol, and drain() waits while it is paused:
//
//	p := NewStreamProtocol(loop, r, vm.Value{}) // no client_connected_cb
//	tr, err := NewPipeTransport(t, loop, file, p, false)
//	w := NewStreamWriter(tr, p, r)             // r may be nil for a write-only pipe
//
// A transport made with this package calls p.ConnectionMade itself.

// Protocol is the Go side of an asyncio protocol: a transport calls it on
// the loop goroutine. Script protocols are wrapped by scriptProtocol;
// StreamProtocol implements it natively (no script call per chunk).
type Protocol interface {
	ConnectionMade(t *vm.Thread, tr Transport) error
	DataReceived(t *vm.Thread, data []byte) error
	// EOFReceived reports whether the transport should stay open (a half
	// close) rather than close itself.
	EOFReceived(t *vm.Thread) (bool, error)
	ConnectionLost(t *vm.Thread, exc *vm.Exception) error
	PauseWriting(t *vm.Thread) error
	ResumeWriting(t *vm.Thread) error
	// Value is the script-visible protocol object.
	Value() vm.Value
}

// Transport is the Go view of a stream transport: what StreamWriter and
// StreamReader need of it.
type Transport interface {
	ReadFlow
	Write(t *vm.Thread, data []byte) error
	WriteEOF(t *vm.Thread) error
	CanWriteEOF() bool
	Close(t *vm.Thread)
	Abort(t *vm.Thread)
	IsClosing() bool
	// ExtraInfo answers get_extra_info(name).
	ExtraInfo(t *vm.Thread, name string) (vm.Value, bool)
	// Value is the script-visible transport object.
	Value() vm.Value
}

var (
	streamProtocolType = vm.NewNativeType("StreamReaderProtocol", "asyncio.streams", nil, nil)
	streamWriterType   = vm.NewNativeType("StreamWriter", "asyncio.streams", nil, nil)
	writerOpType       = vm.NewNativeType("_StreamWriterOp", "asyncio.streams", nil, nil)
)

// StreamProtocol is asyncio.StreamReaderProtocol: it feeds a StreamReader
// from a transport, keeps the flow-control state StreamWriter.drain waits
// on, and for servers calls client_connected_cb(reader, writer).
type StreamProtocol struct {
	loop     *vm.Loop
	reader   *StreamReader
	writer   *StreamWriter
	callback vm.Value
	// task runs the coroutine callback returned (kept, as CPython's
	// protocol keeps it)
	task      *vm.Task
	transport Transport
	paused    bool
	connLost  bool
	// eofReceived: the peer closed its side
	eofReceived bool
	lostExc     *vm.Exception
	drainers    []*vm.Future
	// closed is what wait_closed() waits on, made by the first wait
	// before the connection is lost (most connections never wait)
	closed *vm.Future
}

// NewStreamProtocol makes the protocol of a reader (nil for a write-only
// stream); cb, when valid, is called with (reader, writer) once the
// connection is made, and a coroutine it returns runs as a task.
func NewStreamProtocol(l *vm.Loop, r *StreamReader, cb vm.Value) *StreamProtocol {
	return &StreamProtocol{loop: l, reader: r, callback: cb}
}

// Type implements vm.Object.
func (*StreamProtocol) Type() *vm.Type { return streamProtocolType }

// Value implements Protocol.
func (p *StreamProtocol) Value() vm.Value { return vm.ObjectValue(p) }

// Reader returns the protocol's reader (or nil).
func (p *StreamProtocol) Reader() *StreamReader { return p.reader }

// ConnectionMade implements Protocol.
func (p *StreamProtocol) ConnectionMade(t *vm.Thread, tr Transport) error {
	p.transport = tr
	if p.reader != nil {
		p.reader.SetTransport(tr, tr.Value())
	}
	if p.callback.IsValid() {
		p.writer = NewStreamWriter(tr, p, p.reader)
		res, err := t.Call(p.callback, []vm.Value{p.reader.Value(), p.writer.Value()}, nil)
		if err != nil {
			return err
		}
		if g, ok := res.Object().(*vm.Generator); ok && g.IsCoroutine() {
			tk, err := p.loop.CreateTask(res, vm.Value{})
			if err != nil {
				return err
			}
			p.task = tk
		}
	}
	return nil
}

// DataReceived implements Protocol.
func (p *StreamProtocol) DataReceived(t *vm.Thread, data []byte) error {
	if p.reader != nil {
		p.reader.FeedData(data)
	}
	return nil
}

// EOFReceived implements Protocol: the reader sees EOF, the transport stays
// open for writing.
func (p *StreamProtocol) EOFReceived(t *vm.Thread) (bool, error) {
	p.eofReceived = true
	if p.reader != nil {
		p.reader.FeedEOF()
	}
	return true, nil
}

// ConnectionLost implements Protocol.
func (p *StreamProtocol) ConnectionLost(t *vm.Thread, exc *vm.Exception) error {
	if p.reader != nil {
		if exc == nil {
			p.reader.FeedEOF()
		} else {
			p.reader.SetException(exc)
		}
	}
	if p.closed != nil && !p.closed.Done() {
		if exc == nil {
			_ = p.closed.SetResult(vm.None)
		} else {
			_ = p.closed.SetException(exc)
			_, _ = p.closed.Exception() // retrieved: no "never retrieved" report
		}
	}
	p.connLost = true
	p.lostExc = exc
	p.wakeDrainers(exc)
	p.reader = nil
	return nil
}

// PauseWriting implements Protocol.
func (p *StreamProtocol) PauseWriting(t *vm.Thread) error {
	p.paused = true
	return nil
}

// ResumeWriting implements Protocol.
func (p *StreamProtocol) ResumeWriting(t *vm.Thread) error {
	p.paused = false
	p.wakeDrainers(nil)
	return nil
}

func (p *StreamProtocol) wakeDrainers(exc *vm.Exception) {
	ws := p.drainers
	p.drainers = nil
	for _, w := range ws {
		if w.Done() {
			continue
		}
		if exc != nil {
			_ = w.SetException(exc)
		} else {
			_ = w.SetResult(vm.None)
		}
	}
}

// drainWait returns the future drain() waits on, or nil when writing is
// not paused.
func (p *StreamProtocol) drainWait() (*vm.Future, error) {
	if p.connLost {
		return nil, vm.NewException(vm.ConnectionResetError, vm.Str("Connection lost"))
	}
	if !p.paused {
		return nil, nil
	}
	f := p.loop.NewFuture()
	p.drainers = append(p.drainers, f)
	return f, nil
}

// StreamWriter is asyncio.StreamWriter: writes go to the transport, drain
// waits on the protocol's flow control.
type StreamWriter struct {
	transport Transport
	protocol  *StreamProtocol
	reader    *StreamReader
}

// NewStreamWriter makes a writer on tr; p is the protocol tr reports flow
// control to, r the reader of the same connection (or nil).
func NewStreamWriter(tr Transport, p *StreamProtocol, r *StreamReader) *StreamWriter {
	w := &StreamWriter{transport: tr, protocol: p, reader: r}
	if p.writer == nil {
		p.writer = w
	}
	return w
}

// Type implements vm.Object.
func (*StreamWriter) Type() *vm.Type { return streamWriterType }

// Value returns the writer as a script value.
func (w *StreamWriter) Value() vm.Value { return vm.ObjectValue(w) }

// Transport returns the writer's transport.
func (w *StreamWriter) Transport() Transport { return w.transport }

// The kinds of writer operation.
const (
	wrDrain = iota
	wrWaitClosed
)

// writerOp is the awaitable of drain() and wait_closed().
type writerOp struct {
	w       *StreamWriter
	kind    uint8
	state   uint8
	waiting *vm.Future
}

func (*writerOp) Type() *vm.Type { return writerOpType }

// AwaitStep implements vm.AwaitStepper.
func (o *writerOp) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	w := o.w
	p := w.protocol
	if o.kind == wrWaitClosed {
		switch o.state {
		case 0:
			o.state = 1
			if p.closed == nil && !p.connLost {
				p.closed = p.loop.NewFuture()
			}
			if p.closed != nil && !p.closed.Done() {
				p.closed.Blocking = true
				return p.closed.Value(), false, nil
			}
			fallthrough
		default:
			o.state = 3
			if p.closed == nil {
				// lost before anyone waited: its outcome, as the future's
				if p.lostExc != nil {
					return vm.Value{}, true, p.lostExc
				}
				return vm.None, true, nil
			}
			v, err := p.closed.Result()
			return v, true, err
		}
	}
	switch o.state {
	case 0:
		if w.reader != nil {
			if exc := w.reader.exc; exc != nil {
				o.state = 3
				return vm.Value{}, false, exc
			}
		}
		if w.transport.IsClosing() {
			// let connection_lost run first, as asyncio does
			o.state = 1
			return vm.None, false, nil
		}
		fallthrough
	case 1:
		o.state = 2
		f, err := p.drainWait()
		if err != nil || f == nil {
			o.state = 3
			return vm.None, err == nil, err
		}
		o.waiting = f
		f.Blocking = true
		return f.Value(), false, nil
	case 2:
		o.state = 3
		v, err := o.waiting.Result()
		if err == nil {
			v = vm.None
		}
		return v, true, err
	}
	return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
}

// AwaitThrow implements vm.AwaitThrower.
func (o *writerOp) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	o.state = 3
	if o.waiting != nil {
		removeWaiter(&o.w.protocol.drainers, o.waiting)
	}
	return vm.Value{}, false, exc
}

func writerSelf(v vm.Value) *StreamWriter { return v.Object().(*StreamWriter) }

// drainsAtOnce reports whether drain's first step would return None
// without waiting (writerOp.AwaitStep's state 0 and 1): no exception on
// the reader, the transport not closing, the connection not lost and
// writing not paused.
func (w *StreamWriter) drainsAtOnce() bool {
	p := w.protocol
	return (w.reader == nil || w.reader.exc == nil) && !w.transport.IsClosing() && !p.connLost && !p.paused
}

func init() {
	W := streamWriterType
	W.NewMethod("write", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("write", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesData(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, writerSelf(self).transport.Write(t, b)
	})
	W.NewMethod("writelines", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("writelines", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		data, err := joinBytes(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, writerSelf(self).transport.Write(t, data)
	})
	W.NewMethod("write_eof", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, writerSelf(self).transport.WriteEOF(t)
	})
	W.NewMethod("can_write_eof", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(writerSelf(self).transport.CanWriteEOF()), nil
	})
	W.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		writerSelf(self).transport.Close(t)
		return vm.None, nil
	})
	W.NewMethod("is_closing", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(writerSelf(self).transport.IsClosing()), nil
	})
	W.NewMethod("wait_closed", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(&writerOp{w: writerSelf(self), kind: wrWaitClosed}), nil
	})
	W.NewAwaitMethod("drain", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		w := writerSelf(self)
		if t.AwaitedAtOnce() && w.drainsAtOnce() {
			// "await writer.drain()" with nothing to wait for: the
			// awaitable's first step would finish it, and nobody else
			// can see the awaitable
			return vm.CompletedAwait, nil
		}
		return vm.ObjectValue(&writerOp{w: w, kind: wrDrain}), nil
	})
	W.NewMethod("get_extra_info", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var name, def vm.Value
		if err := vm.UnpackArgs("get_extra_info", args, kw, []string{"name", "default?"}, &name, &def); err != nil {
			return vm.Value{}, err
		}
		s, _ := name.AsStr()
		if v, ok := writerSelf(self).transport.ExtraInfo(t, s); ok {
			return v, nil
		}
		if def.IsValid() {
			return def, nil
		}
		return vm.None, nil
	})
	W.NewGetSet("transport", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return writerSelf(self).transport.Value(), nil
	}, nil)
	W.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		w := writerSelf(self)
		s := "<StreamWriter"
		parts := []vm.Value{w.transport.Value()}
		if w.reader != nil {
			parts = append(parts, w.reader.Value())
		}
		for i, v := range parts {
			r, err := t.Repr(v)
			if err != nil {
				return vm.Value{}, err
			}
			if i == 0 {
				s += " transport=" + r
			} else {
				s += " reader=" + r
			}
		}
		return vm.Str(s + ">"), nil
	})
	registerAwaitable(writerOpType)
}

// bytesData returns the content of a bytes-like argument.
func bytesData(v vm.Value) ([]byte, error) {
	if b, ok := v.AsBytes(); ok {
		return b, nil
	}
	return nil, vm.Errorf(vm.TypeError, "data argument must be a bytes-like object, not '%s'", v.TypeName())
}

// joinBytes concatenates an iterable of bytes-like objects.
func joinBytes(t *vm.Thread, it vm.Value) ([]byte, error) {
	var out []byte
	err := t.ForEach(it, func(v vm.Value) error {
		b, err := bytesData(v)
		if err != nil {
			return err
		}
		out = append(out, b...)
		return nil
	})
	return out, err
}

// doneAwait is an awaitable that finishes at once with a value.
type doneAwait struct {
	v    vm.Value
	done bool
}

var doneAwaitType = vm.NewNativeType("_DoneAwaitable", "asyncio", nil, nil)

func (*doneAwait) Type() *vm.Type { return doneAwaitType }

// AwaitStep implements vm.AwaitStepper.
func (d *doneAwait) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	if d.done {
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
	}
	d.done = true
	return d.v, true, nil
}

func completedAwaitable(v vm.Value) vm.Value { return vm.ObjectValue(&doneAwait{v: v}) }

// registerAwaitable gives a native awaitable type the coroutine-like
// methods scripts and asyncio.ensure_future use.
func registerAwaitable(typ *vm.Type) {
	typ.NewMethod("__await__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	typ.NewMethod("__iter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	next := func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		v, done, err := self.Object().(vm.AwaitStepper).AwaitStep(t, vm.None)
		if err != nil {
			return vm.Value{}, err
		}
		if done {
			return vm.Value{}, vm.NewException(vm.StopIteration, v)
		}
		return v, nil
	}
	typ.NewMethod("__next__", next)
	typ.NewMethod("send", next)
	typ.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, nil
	})
}

func init() { registerAwaitable(doneAwaitType) }
