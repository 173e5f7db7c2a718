package stdlib

import (
	"context"
	_ "embed"
	"errors"
	"os"
	"sync"
	"sync/atomic"

	"github.com/pyasync/pyasync/vm"
)

// asyncio subprocesses: the process is started by the same native core as
// the subprocess module (spawn in subprocess.go); its pipes become asyncio
// streams (StreamReader/StreamWriter of asyncio_streams*.go) fed and
// drained by operations on helper goroutines (vm/op.go), and
// Process.wait() is an operation bound to a future that waits for the
// reaper. The Python half (Process, create_subprocess_*) is
// asyncio_subprocess.pya.

//go:embed asyncio_subprocess.pya
var asyncioSubprocessPrelude string

func init() {
	asyncioExtras = append(asyncioExtras, func(v *vm.VM, m *vm.Module) error {
		// asyncio.subprocess is made with asyncio (scripts use it as an
		// attribute without importing it)
		sub := vm.NewModule("asyncio.subprocess")
		if err := initAsyncioSubprocess(v, sub); err != nil {
			return err
		}
		v.Modules.SetStr("asyncio.subprocess", vm.ObjectValue(sub))
		m.Set("subprocess", vm.ObjectValue(sub))
		for _, name := range []string{"create_subprocess_exec", "create_subprocess_shell"} {
			name := name
			m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
				sub, err := t.VM().ImportModule(t, "asyncio.subprocess")
				if err != nil {
					return vm.Value{}, err
				}
				fn, err := t.GetAttr(sub, name)
				if err != nil {
					return vm.Value{}, err
				}
				return t.Call(fn, args, kw)
			})
		}
		return nil
	})
}

// pipeReadFlow pauses and resumes a pipe reader goroutine (the reader's
// flow control).
type pipeReadFlow struct {
	paused atomic.Bool
	kick   chan struct{}
}

// PauseReading implements ReadFlow.
func (p *pipeReadFlow) PauseReading() { p.paused.Store(true) }

// ResumeReading implements ReadFlow.
func (p *pipeReadFlow) ResumeReading() {
	p.paused.Store(false)
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// feedPipe starts an operation reading f into r until EOF; the file is
// closed at the end (or when the loop closes).
func feedPipe(l *vm.Loop, f *os.File, r *StreamReader) {
	flow := &pipeReadFlow{kick: make(chan struct{}, 1)}
	r.SetTransport(flow, vm.Value{})
	l.Go(func(op *vm.Op) {
		ctx := op.Context()
		stop := context.AfterFunc(ctx, func() { f.Close() })
		defer stop()
		defer f.Close()
		buf := make([]byte, 64*1024)
		for {
			for flow.paused.Load() {
				select {
				case <-flow.kick:
				case <-ctx.Done():
					return
				}
			}
			n, err := f.Read(buf)
			if n > 0 {
				chunk := append([]byte(nil), buf[:n]...)
				op.Post(func() { r.FeedData(chunk) })
			}
			if err != nil {
				if ctx.Err() == nil {
					op.Post(func() { r.FeedEOF() })
				}
				return
			}
		}
	})
}

// pipeWriteTransport is the write transport of a child's stdin: writes
// are queued and written by a helper goroutine; past a high-water mark the
// protocol is paused (drain waits) until the queue drains to the low mark.
type pipeWriteTransport struct {
	loop  *vm.Loop
	f     *os.File
	proto *StreamProtocol
	// pending counts bytes written but not yet in the pipe (loop
	// goroutine only).
	pending int
	paused  bool
	closing bool
	lost    bool

	mu    sync.Mutex
	queue [][]byte
	eof   bool
	kick  chan struct{}
}

const (
	pipeHighWater = 64 * 1024
	pipeLowWater  = 16 * 1024
)

var pipeWriteTransportType = vm.NewNativeType("_UnixWritePipeTransport", "asyncio.unix_events", nil, nil)

// Type implements vm.Object.
func (*pipeWriteTransport) Type() *vm.Type { return pipeWriteTransportType }

// Value implements Transport.
func (w *pipeWriteTransport) Value() vm.Value { return vm.ObjectValue(w) }

// newPipeWriteTransport makes the transport and starts its writer.
func newPipeWriteTransport(t *vm.Thread, l *vm.Loop, f *os.File, p *StreamProtocol) *pipeWriteTransport {
	w := &pipeWriteTransport{loop: l, f: f, proto: p, kick: make(chan struct{}, 1)}
	_ = p.ConnectionMade(t, w)
	l.Go(w.run)
	return w
}

// run is the writer goroutine.
func (w *pipeWriteTransport) run(op *vm.Op) {
	ctx := op.Context()
	stop := context.AfterFunc(ctx, func() { w.f.Close() })
	defer stop()
	for {
		w.mu.Lock()
		q := w.queue
		w.queue = nil
		eof := w.eof
		w.mu.Unlock()
		for _, b := range q {
			_, err := w.f.Write(b)
			n := len(b)
			if err != nil {
				w.f.Close()
				exc := osError(err, vm.Value{})
				if errors.Is(err, os.ErrClosed) {
					exc = vm.NewException(vm.BrokenPipeError, vm.Int(32), vm.Str("Broken pipe"))
				}
				op.Post(func() { w.connectionLost(procExc(exc)) })
				return
			}
			op.Post(func() { w.written(n) })
		}
		if len(q) > 0 {
			continue
		}
		if eof {
			w.f.Close()
			op.Post(func() { w.connectionLost(nil) })
			return
		}
		select {
		case <-w.kick:
		case <-ctx.Done():
			return
		}
	}
}

func procExc(err error) *vm.Exception {
	var e *vm.Exception
	if errors.As(err, &e) {
		return e
	}
	return vm.Errorf(vm.OSError, "%v", err)
}

func (w *pipeWriteTransport) written(n int) {
	w.pending -= n
	if w.paused && w.pending <= pipeLowWater {
		w.paused = false
		_ = w.proto.ResumeWriting(w.loop.VM().Main())
	}
}

func (w *pipeWriteTransport) connectionLost(exc *vm.Exception) {
	if w.lost {
		return
	}
	w.lost = true
	w.closing = true
	_ = w.proto.ConnectionLost(w.loop.VM().Main(), exc)
}

func (w *pipeWriteTransport) wake() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Write implements Transport.
func (w *pipeWriteTransport) Write(t *vm.Thread, data []byte) error {
	if w.closing || len(data) == 0 {
		return nil
	}
	b := append([]byte(nil), data...)
	w.mu.Lock()
	w.queue = append(w.queue, b)
	w.mu.Unlock()
	w.pending += len(b)
	w.wake()
	if !w.paused && w.pending > pipeHighWater {
		w.paused = true
		return w.proto.PauseWriting(t)
	}
	return nil
}

// WriteEOF implements Transport (for a pipe it is a close).
func (w *pipeWriteTransport) WriteEOF(t *vm.Thread) error {
	w.Close(t)
	return nil
}

// CanWriteEOF implements Transport.
func (w *pipeWriteTransport) CanWriteEOF() bool { return true }

// Close implements Transport: queued data is written first.
func (w *pipeWriteTransport) Close(t *vm.Thread) {
	if w.closing {
		return
	}
	w.closing = true
	w.mu.Lock()
	w.eof = true
	w.mu.Unlock()
	w.wake()
}

// Abort implements Transport.
func (w *pipeWriteTransport) Abort(t *vm.Thread) {
	w.closing = true
	w.f.Close()
}

// IsClosing implements Transport.
func (w *pipeWriteTransport) IsClosing() bool { return w.closing }

// ExtraInfo implements Transport.
func (w *pipeWriteTransport) ExtraInfo(t *vm.Thread, name string) (vm.Value, bool) {
	if name == "pipe" {
		return vm.Int(int64(w.f.Fd())), true
	}
	return vm.Value{}, false
}

// PauseReading implements ReadFlow (a write pipe has nothing to read).
func (w *pipeWriteTransport) PauseReading() {}

// ResumeReading implements ReadFlow.
func (w *pipeWriteTransport) ResumeReading() {}

func initAsyncioSubprocess(v *vm.VM, m *vm.Module) error {
	m.Set("PIPE", vm.Int(specPipe))
	m.Set("STDOUT", vm.Int(specStdout))
	m.Set("DEVNULL", vm.Int(specDevnull))
	// _reader(pipe, limit) -> StreamReader fed from the pipe
	m.SetFunc("_reader", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pf := args[0].Object().(*pipeFile)
		limit, _ := t.Index(args[1])
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		r := NewStreamReader(l, int(limit))
		feedPipe(l, pf.f, r)
		return r.Value(), nil
	})
	// _writer(pipe) -> StreamWriter on the pipe
	m.SetFunc("_writer", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pf := args[0].Object().(*pipeFile)
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		p := NewStreamProtocol(l, nil, vm.Value{})
		tr := newPipeWriteTransport(t, l, pf.f, p)
		return NewStreamWriter(tr, p, nil).Value(), nil
	})
	// _wait(process) -> future of the return code
	m.SetFunc("_wait", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		p, ok := args[0].Object().(*proc)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "_wait() needs a process")
		}
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		fut := l.NewFuture()
		if p.exited() {
			_ = fut.SetResult(vm.Int(int64(p.code)))
			return fut.Value(), nil
		}
		l.GoFuture(fut, func(ctx context.Context) (any, error) {
			select {
			case <-p.done:
				return p.code, nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}, func(res any, err error) (vm.Value, error) {
			if err != nil {
				return vm.Value{}, vm.Errorf(vm.CancelledError, "")
			}
			return vm.Int(int64(res.(int))), nil
		})
		return fut.Value(), nil
	})
	return runPrelude(v, m, "asyncio.subprocess", asyncioSubprocessPrelude)
}
