package stdlib

import (
	"bytes"
	"fmt"

	"github.com/pyasync/pyasync/vm"
)

// asyncio.StreamReader in Go: a byte buffer fed by a transport (or by any
// Go producer through FeedData/FeedEOF), read by native awaitables that
// complete at once when the buffer already holds what they need, so a
// readline on a busy connection allocates no future.

// defaultStreamLimit is asyncio's default buffer limit (64 KiB).
const defaultStreamLimit = 1 << 16

// ReadFlow is the flow control a StreamReader asks of its transport: it
// pauses reading while its buffer holds more than twice its limit and
// resumes once a read brings it back to the limit.
type ReadFlow interface {
	PauseReading()
	ResumeReading()
}

// StreamReader is asyncio.StreamReader. Every method must be called on the
// loop goroutine.
type StreamReader struct {
	cls    *vm.Type
	dict   *vm.Dict
	loop   *vm.Loop
	buf    []byte // unread data is buf[off:]
	off    int
	limit  int
	eof    bool
	paused bool // (beside eof: the struct fills 128 bytes)
	// spare: waiter is a finished waiter whose read has resumed, kept
	// for the next wait (vm.Future.Reuse)
	spare     bool
	exc       *vm.Exception
	waiter    *vm.Future
	transport ReadFlow
	trValue   vm.Value // the script-visible transport, for repr
}

var (
	streamReaderType = vm.NewNativeType("StreamReader", "asyncio.streams", nil, func(cls *vm.Type) vm.Object {
		return &StreamReader{cls: cls, limit: defaultStreamLimit}
	})
	readerOpType = vm.NewNativeType("_StreamReaderOp", "asyncio.streams", nil, nil)
	// IncompleteReadError and LimitOverrunError are asyncio's stream errors.
	incompleteReadError = vm.NewExceptionType("IncompleteReadError", "asyncio.exceptions", vm.EOFError)
	limitOverrunError   = vm.NewExceptionType("LimitOverrunError", "asyncio.exceptions", vm.ExceptionType)
)

// NewStreamReader makes a reader on loop l with the given buffer limit
// (<= 0 means asyncio's default of 64 KiB).
func NewStreamReader(l *vm.Loop, limit int) *StreamReader {
	if limit <= 0 {
		limit = defaultStreamLimit
	}
	return &StreamReader{cls: streamReaderType, loop: l, limit: limit}
}

// Type implements vm.Object.
func (r *StreamReader) Type() *vm.Type { return r.cls }

// InstanceDict lets script subclasses keep attributes.
func (r *StreamReader) InstanceDict() *vm.Dict {
	if r.dict == nil {
		r.dict = vm.NewDict()
	}
	return r.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (r *StreamReader) PeekInstanceDict() *vm.Dict { return r.dict }

// Value returns the reader as a script value.
func (r *StreamReader) Value() vm.Value { return vm.ObjectValue(r) }

func (r *StreamReader) buffered() []byte { return r.buf[r.off:] }

// SetTransport gives the reader the transport it may pause (once).
func (r *StreamReader) SetTransport(tr ReadFlow, value vm.Value) {
	r.transport = tr
	r.trValue = value
}

// wakeWaiter completes the waiter of a waiting read (it stays in r.waiter
// until the read resumes, to be reused).
func (r *StreamReader) wakeWaiter(exc *vm.Exception) {
	w := r.waiter
	if w == nil || w.Done() {
		return
	}
	if exc != nil {
		_ = w.SetException(exc)
	} else {
		_ = w.SetResult(vm.None)
	}
}

// FeedData appends data to the buffer (the reader keeps no reference to
// data) and wakes a waiting read; it pauses the transport when the buffer
// exceeds twice the limit.
func (r *StreamReader) FeedData(data []byte) {
	if len(data) == 0 {
		return
	}
	if r.off > 0 && r.off == len(r.buf) {
		r.buf, r.off = r.buf[:0], 0
	}
	r.buf = append(r.buf, data...)
	r.wakeWaiter(nil)
	if r.transport != nil && !r.paused && len(r.buf)-r.off > 2*r.limit {
		r.transport.PauseReading()
		r.paused = true
	}
}

// FeedEOF marks the end of the stream and wakes a waiting read.
func (r *StreamReader) FeedEOF() {
	r.eof = true
	r.wakeWaiter(nil)
}

// SetException makes every later read raise exc (a waiting read raises it
// at once).
func (r *StreamReader) SetException(exc *vm.Exception) {
	r.exc = exc
	if w := r.waiter; w != nil && !w.Done() {
		_ = w.SetException(exc)
	}
}

// Exception returns the exception set on the reader, or nil.
func (r *StreamReader) Exception() *vm.Exception { return r.exc }

// AtEOF reports whether the buffer is empty and the stream has ended.
func (r *StreamReader) AtEOF() bool { return r.eof && r.off == len(r.buf) }

// consume removes and returns n buffered bytes (a fresh slice).
func (r *StreamReader) consume(n int) []byte {
	out := make([]byte, n)
	copy(out, r.buf[r.off:r.off+n])
	r.drop(n)
	return out
}

// consumeBytes removes n buffered bytes and returns them as a bytes object
// (a short one is a single allocation).
func (r *StreamReader) consumeBytes(n int) vm.Value {
	v := vm.NewBytesCopy(r.buf[r.off : r.off+n])
	r.drop(n)
	return v
}

// drop removes the first n buffered bytes.
func (r *StreamReader) drop(n int) {
	r.off += n
	if r.off == len(r.buf) {
		r.buf, r.off = r.buf[:0], 0
	} else if r.off > 4096 && r.off*2 > len(r.buf) {
		m := copy(r.buf, r.buf[r.off:])
		r.buf, r.off = r.buf[:m], 0
	}
	r.maybeResume()
}

func (r *StreamReader) maybeResume() {
	if r.paused && len(r.buf)-r.off <= r.limit {
		r.paused = false
		r.transport.ResumeReading()
	}
}

// waitForData makes the future a read waits on.
func (r *StreamReader) waitForData(fname string) (*vm.Future, error) {
	if r.waiting() {
		return nil, vm.Errorf(vm.RuntimeError, "%s() called while another coroutine is already waiting for incoming data", fname)
	}
	if r.paused {
		r.paused = false
		r.transport.ResumeReading()
	}
	if !r.spare || !r.waiter.Reuse() {
		r.waiter = r.loop.NewFuture()
	}
	r.spare = false
	return r.waiter, nil
}

// waiting reports whether a read waits for data.
func (r *StreamReader) waiting() bool { return r.waiter != nil && !r.waiter.Done() }

// resumed runs when a read that waited on f resumes: f becomes the spare
// waiter. A waiter another read made meanwhile is dropped, as asyncio's
// reader forgets its waiter when a wait ends.
func (r *StreamReader) resumed(f *vm.Future) {
	switch {
	case r.waiter == f && f.Done():
		r.spare = true
	case r.waiter != nil && !r.spare:
		r.waiter = nil
	}
}

func newIncompleteRead(t *vm.Thread, partial []byte, expected int) error {
	exp := vm.None
	if expected >= 0 {
		exp = vm.Int(int64(expected))
	}
	e, err := t.Call(vm.ObjectValue(incompleteReadError), []vm.Value{vm.NewBytes(partial), exp}, nil)
	if err != nil {
		return err
	}
	return e.Object().(*vm.Exception)
}

func newLimitOverrun(t *vm.Thread, msg string, consumed int) error {
	e, err := t.Call(vm.ObjectValue(limitOverrunError), []vm.Value{vm.Str(msg), vm.Int(int64(consumed))}, nil)
	if err != nil {
		return err
	}
	return e.Object().(*vm.Exception)
}

// The kinds of reader operation.
const (
	rdRead = iota
	rdReadAll
	rdReadline
	rdReaduntil
	rdReadexactly
	rdAnext
)

var readerOpNames = [...]string{"read", "read", "readline", "readuntil", "readexactly", "readline"}

// readerOp is the awaitable returned by the reading methods (48 bytes:
// a readline that waits allocates it).
type readerOp struct {
	r       *StreamReader
	kind    uint8
	started bool
	done    bool
	// n is read's and readexactly's count; readuntil's and readline's
	// offset: where to resume the separator search
	n   int
	sep string
	// fut is the waiter the read waits on (nil: none)
	fut *vm.Future
}

func (*readerOp) Type() *vm.Type { return readerOpType }

// attempt tries to finish the operation from the buffer; it returns a
// future to wait on when it needs more data.
func (o *readerOp) attempt(t *vm.Thread) (vm.Value, *vm.Future, error) {
	r := o.r
	switch o.kind {
	case rdRead:
		if len(r.buf) == r.off && !r.eof {
			f, err := r.waitForData("read")
			return vm.Value{}, f, err
		}
		n := o.n
		if b := len(r.buf) - r.off; n > b {
			n = b
		}
		return r.consumeBytes(n), nil, nil
	case rdReadAll:
		if !r.eof {
			f, err := r.waitForData("read")
			return vm.Value{}, f, err
		}
		return r.consumeBytes(len(r.buf) - r.off), nil, nil
	case rdReadexactly:
		if len(r.buf)-r.off < o.n {
			if r.eof {
				return vm.Value{}, nil, newIncompleteRead(t, r.consume(len(r.buf)-r.off), o.n)
			}
			f, err := r.waitForData("readexactly")
			return vm.Value{}, f, err
		}
		return r.consumeBytes(o.n), nil, nil
	case rdReaduntil:
		return o.until(t, "readuntil")
	default: // readline, __anext__
		v, f, err := o.until(t, "readline")
		if err != nil {
			if e, ok := err.(*vm.Exception); ok {
				if e.IsInstance(incompleteReadError) {
					p, _ := t.GetAttr(vm.ObjectValue(e), "partial")
					v, err = p, nil
				} else if e.IsInstance(limitOverrunError) {
					c, _ := t.GetAttr(vm.ObjectValue(e), "consumed")
					consumed, _ := c.AsInt64()
					if bytes.HasPrefix(r.buf[r.off+int(consumed):], []byte(o.sep)) {
						r.off += int(consumed) + len(o.sep)
					} else {
						r.off = len(r.buf)
					}
					if r.off == len(r.buf) {
						r.buf, r.off = r.buf[:0], 0
					}
					r.maybeResume()
					return vm.Value{}, nil, vm.NewException(vm.ValueError, e.Args...)
				}
			}
		}
		if err == nil && f == nil && o.kind == rdAnext {
			if b, _ := v.AsBytes(); len(b) == 0 {
				return vm.Value{}, nil, vm.NewException(vm.StopAsyncIteration)
			}
		}
		return v, f, err
	}
}

// until is readuntil(sep): find the separator in the buffer, within the
// limit.
func (o *readerOp) until(t *vm.Thread, fname string) (vm.Value, *vm.Future, error) {
	r := o.r
	sep := o.sep
	data := r.buf[r.off:]
	if len(data)-o.n >= len(sep) {
		var i int
		if len(sep) == 1 {
			i = bytes.IndexByte(data[o.n:], sep[0])
		} else {
			i = bytes.Index(data[o.n:], []byte(sep))
		}
		if i >= 0 {
			i += o.n
			if i > r.limit {
				return vm.Value{}, nil, newLimitOverrun(t, "Separator is found, but chunk is longer than limit", i)
			}
			return r.consumeBytes(i + len(sep)), nil, nil
		}
		o.n = len(data) + 1 - len(sep)
		if o.n > r.limit {
			return vm.Value{}, nil, newLimitOverrun(t, "Separator is not found, and chunk exceed the limit", o.n)
		}
	}
	if r.eof {
		return vm.Value{}, nil, newIncompleteRead(t, r.consume(len(data)), -1)
	}
	f, err := r.waitForData(fname)
	return vm.Value{}, f, err
}

// AwaitStep implements vm.AwaitStepper.
func (o *readerOp) AwaitStep(t *vm.Thread, send vm.Value) (vm.Value, bool, error) {
	if o.done {
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "cannot reuse already awaited coroutine")
	}
	r := o.r
	if !o.started {
		o.started = true
		if r.exc != nil {
			o.done = true
			return vm.Value{}, false, r.exc
		}
		if r.loop == nil {
			r.loop = t.VM().Loop()
		}
	} else if o.fut != nil {
		r.resumed(o.fut)
		o.fut = nil
	}
	v, f, err := o.attempt(t)
	if f != nil {
		f.Blocking = true
		o.fut = f
		return f.Value(), false, nil
	}
	o.done = true
	return v, true, err
}

// AwaitThrow implements vm.AwaitThrower: the waiter is dropped (an
// exception set on the reader or a cancellation arrives here).
func (o *readerOp) AwaitThrow(t *vm.Thread, exc *vm.Exception) (vm.Value, bool, error) {
	o.done = true
	if r := o.r; o.fut != nil && r.waiter == o.fut {
		r.waiter, r.spare = nil, false
	}
	o.fut = nil
	return vm.Value{}, false, exc
}

func readerSelf(v vm.Value) *StreamReader { return v.Object().(*StreamReader) }

func init() {
	R := streamReaderType
	R.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var limit, loop vm.Value
		if err := vm.UnpackArgs("StreamReader", args, kw, []string{"limit?", "loop?"}, &limit, &loop); err != nil {
			return vm.Value{}, err
		}
		r := readerSelf(self)
		r.limit = defaultStreamLimit
		if limit.IsValid() {
			n, err := t.Index(limit)
			if err != nil {
				return vm.Value{}, err
			}
			if n <= 0 {
				return vm.Value{}, vm.Errorf(vm.ValueError, "Limit cannot be <= 0")
			}
			r.limit = int(n)
		}
		if l := vm.LoopOf(loop); l != nil {
			r.loop = l
		} else {
			r.loop = t.VM().Loop()
		}
		return vm.None, nil
	})
	R.NewMethod("feed_data", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("feed_data", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, ok := args[0].AsBytes()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", args[0].TypeName())
		}
		r := readerSelf(self)
		if r.eof {
			return vm.Value{}, vm.Errorf(vm.AssertionError, "feed_data after feed_eof")
		}
		r.FeedData(b)
		return vm.None, nil
	})
	R.NewMethod("feed_eof", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		readerSelf(self).FeedEOF()
		return vm.None, nil
	})
	R.NewMethod("at_eof", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(readerSelf(self).AtEOF()), nil
	})
	R.NewMethod("exception", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if e := readerSelf(self).exc; e != nil {
			return vm.ObjectValue(e), nil
		}
		return vm.None, nil
	})
	R.NewMethod("set_exception", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_exception", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		e, ok := args[0].Object().(*vm.Exception)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "exception must be an exception instance")
		}
		readerSelf(self).SetException(e)
		return vm.None, nil
	})
	R.NewMethod("set_transport", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_transport", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		r := readerSelf(self)
		if r.transport != nil {
			return vm.Value{}, vm.Errorf(vm.AssertionError, "Transport already set")
		}
		if fl, ok := args[0].Object().(ReadFlow); ok {
			r.SetTransport(fl, args[0])
		} else {
			r.SetTransport(scriptReadFlow{t, args[0]}, args[0])
		}
		return vm.None, nil
	})
	R.NewMethod("read", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var nv vm.Value
		if err := vm.UnpackArgs("read", args, kw, []string{"n?"}, &nv); err != nil {
			return vm.Value{}, err
		}
		n := int64(-1)
		if nv.IsValid() {
			var err error
			if n, err = t.Index(nv); err != nil {
				return vm.Value{}, err
			}
		}
		r := readerSelf(self)
		if n == 0 {
			if r.exc != nil {
				return vm.Value{}, r.exc
			}
			return completedAwaitable(vm.NewBytes(nil)), nil
		}
		if n < 0 {
			return vm.ObjectValue(&readerOp{r: r, kind: rdReadAll}), nil
		}
		return vm.ObjectValue(&readerOp{r: r, kind: rdRead, n: int(n)}), nil
	})
	R.NewMethod("readline", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("readline", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&readerOp{r: readerSelf(self), kind: rdReadline, sep: newline}), nil
	})
	R.NewMethod("readuntil", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var sepv vm.Value
		if err := vm.UnpackArgs("readuntil", args, kw, []string{"separator?"}, &sepv); err != nil {
			return vm.Value{}, err
		}
		sep := newline
		if sepv.IsValid() {
			b, ok := sepv.AsBytes()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", sepv.TypeName())
			}
			sep = string(b)
		}
		if len(sep) == 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "Separator should be at least one-byte string")
		}
		return vm.ObjectValue(&readerOp{r: readerSelf(self), kind: rdReaduntil, sep: sep}), nil
	})
	R.NewMethod("readexactly", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("readexactly", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "readexactly size can not be less than zero")
		}
		r := readerSelf(self)
		if n == 0 {
			if r.exc != nil {
				return vm.Value{}, r.exc
			}
			return completedAwaitable(vm.NewBytes(nil)), nil
		}
		return vm.ObjectValue(&readerOp{r: r, kind: rdReadexactly, n: int(n)}), nil
	})
	R.NewMethod("__aiter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	R.NewMethod("__anext__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(&readerOp{r: readerSelf(self), kind: rdAnext, sep: newline}), nil
	})
	R.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r := readerSelf(self)
		s := "<" + r.cls.Name
		if n := len(r.buf) - r.off; n > 0 {
			s += fmt.Sprintf(" %d bytes", n)
		}
		if r.eof {
			s += " eof"
		}
		if r.limit != defaultStreamLimit {
			s += fmt.Sprintf(" limit=%d", r.limit)
		}
		var w *vm.Future
		if r.waiting() {
			w = r.waiter
		}
		for i, v := range []vm.Value{futureValue(w), excValue(r.exc), r.trValue} {
			if v.IsValid() {
				rs, err := t.Repr(v)
				if err != nil {
					return vm.Value{}, err
				}
				s += " " + [...]string{"waiter=", "exception=", "transport="}[i] + rs
			}
		}
		if r.paused {
			s += " paused"
		}
		return vm.Str(s + ">"), nil
	})
	registerAwaitable(readerOpType)

	incompleteReadError.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var partial, expected vm.Value
		if err := vm.UnpackArgs("IncompleteReadError", args, kw, []string{"partial", "expected"}, &partial, &expected); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Len(partial)
		if err != nil {
			return vm.Value{}, err
		}
		exp := "undefined"
		if !expected.IsNone() {
			if exp, err = t.Repr(expected); err != nil {
				return vm.Value{}, err
			}
		}
		e := self.Object().(*vm.Exception)
		e.Args = []vm.Value{vm.Str(fmt.Sprintf("%d bytes read on a total of %s expected bytes", n, exp))}
		if err := t.SetAttr(self, "partial", partial); err != nil {
			return vm.Value{}, err
		}
		return vm.None, t.SetAttr(self, "expected", expected)
	})
	limitOverrunError.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var msg, consumed vm.Value
		if err := vm.UnpackArgs("LimitOverrunError", args, kw, []string{"message", "consumed"}, &msg, &consumed); err != nil {
			return vm.Value{}, err
		}
		e := self.Object().(*vm.Exception)
		e.Args = []vm.Value{msg}
		return vm.None, t.SetAttr(self, "consumed", consumed)
	})
}

const newline = "\n"

// scriptReadFlow adapts a script transport object to ReadFlow.
type scriptReadFlow struct {
	t  *vm.Thread
	tr vm.Value
}

func (s scriptReadFlow) PauseReading()  { _, _ = s.t.CallMethod(s.tr, "pause_reading") }
func (s scriptReadFlow) ResumeReading() { _, _ = s.t.CallMethod(s.tr, "resume_reading") }

func futureValue(f *vm.Future) vm.Value {
	if f == nil {
		return vm.Value{}
	}
	return f.Value()
}

func excValue(e *vm.Exception) vm.Value {
	if e == nil {
		return vm.Value{}
	}
	return vm.ObjectValue(e)
}
