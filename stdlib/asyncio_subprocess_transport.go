package stdlib

import (
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/vm"
)

// The transport of an asyncio subprocess (what loop.subprocess_exec gives
// in asyncio): it owns the process and one pipe transport per piped
// standard stream, and keeps asyncio's order of events, which scripts see
// in how a process's output interleaves with other tasks:
//   - the pipes are connected one by one (stdin, stdout, stderr), each like
//     connect_write_pipe/connect_read_pipe, by a task (_connect_pipes in
//     asyncio_subprocess.pya); create_subprocess_* returns when all are;
//   - what a pipe brings (data, end) reaches the stream one callback later
//     than the pipe's own callback, and what comes before the pipes are
//     all connected waits until then;
//   - the exit, brought by an operation waiting for the reaper, sets the
//     return code; wait() returns at once when it is set, otherwise once
//     the process has exited and every pipe is closed.

var (
	subprocTransportType = vm.NewNativeType("_UnixSubprocessTransport", "asyncio.unix_events", baseTransportType, nil)
	writePipeProtoType   = vm.NewNativeType("WriteSubprocessPipeProto", "asyncio.base_subprocess", nil, nil)
	readPipeProtoType    = vm.NewNativeType("ReadSubprocessPipeProto", "asyncio.base_subprocess", writePipeProtoType, nil)
)

// subprocTransport is a subprocess's transport.
type subprocTransport struct {
	loop *vm.Loop
	p    *proc
	// fds are the parent's pipe ends not connected yet (-1: none)
	fds   [3]int
	piped [3]bool
	pipes [3]*subPipe
	// readers are stdout's and stderr's streams ([1], [2])
	readers [3]*StreamReader
	// flow is the flow control stdin's writer drains on
	flow   *StreamProtocol
	writer *StreamWriter
	// connecting: events are held in pending until the pipes are connected
	connecting bool
	pending    []func()
	exited     bool
	finished   bool
	closed     bool
	code       int
	waiters    []*vm.Future
}

// subPipe is the protocol of one of the process's pipe transports.
type subPipe struct {
	st           *subprocTransport
	fd           int
	tr           *fdTransport
	disconnected bool
}

// newSubprocTransport takes the pipe ends of p (pipe objects or None) out
// of their files and starts waiting for the exit.
func newSubprocTransport(l *vm.Loop, p *proc, ends []vm.Value, limit int) (*subprocTransport, error) {
	st := &subprocTransport{loop: l, p: p, fds: [3]int{-1, -1, -1}, connecting: true}
	for i, v := range ends {
		pf, ok := v.Object().(*pipeFile)
		if !ok {
			continue
		}
		fd, err := pipeFD(pf.f)
		if err != nil {
			st.abandon()
			return nil, osError(err, vm.Value{})
		}
		st.fds[i], st.piped[i] = fd, true
		if i > 0 {
			st.readers[i] = NewStreamReader(l, limit)
		}
	}
	if st.piped[0] {
		st.flow = NewStreamProtocol(l, nil, vm.Value{})
	}
	done := p.done
	l.Go(func(op *vm.Op) {
		select {
		case <-done:
			op.Post(st.processExited)
		case <-op.Context().Done():
		}
	})
	return st, nil
}

// Type implements vm.Object.
func (*subprocTransport) Type() *vm.Type { return subprocTransportType }

// Value returns the transport as a script value.
func (st *subprocTransport) Value() vm.Value { return vm.ObjectValue(st) }

// call runs fn at the next iteration, or after the pipes are connected.
func (st *subprocTransport) call(fn func()) {
	if st.connecting {
		st.pending = append(st.pending, fn)
		return
	}
	st.loop.CallSoon(fn)
}

// connect makes the pipe transport of fd; it returns the future that
// completes once the pipe is connected (nil when fd is not piped).
func (st *subprocTransport) connect(t *vm.Thread, fd int) (*vm.Future, error) {
	if fd < 0 || fd > 2 || st.fds[fd] < 0 {
		return nil, nil
	}
	nfd := st.fds[fd]
	st.fds[fd] = -1
	sp := &subPipe{st: st, fd: fd}
	w := st.loop.NewFuture()
	tr, err := newPipeTransport(t, st.loop, nfd, sp, fd != 0, vm.Value{}, w)
	if err != nil {
		return nil, err
	}
	sp.tr = tr
	st.pipes[fd] = sp
	return w, nil
}

// connected ends the connecting: held events run from the next iteration.
func (st *subprocTransport) connected() {
	if !st.connecting {
		return
	}
	st.connecting = false
	if sp := st.pipes[0]; sp != nil {
		st.writer = NewStreamWriter(sp.tr, st.flow, nil)
	}
	for _, fn := range st.pending {
		st.loop.CallSoon(fn)
	}
	st.pending = nil
}

// abandon closes the pipe ends that were never connected (wait() no
// longer waits for them).
func (st *subprocTransport) abandon() {
	for i, fd := range st.fds {
		if fd >= 0 {
			_ = syscall.Close(fd)
			st.fds[i] = -1
			st.piped[i] = false
		}
	}
}

// processExited runs on the loop when the reaper has collected the process.
func (st *subprocTransport) processExited() {
	if st.exited {
		return
	}
	st.exited = true
	st.code = st.p.code
	if sp := st.pipes[0]; sp != nil && sp.tr.pfd == nil && !sp.tr.lost && readerGone(sp.tr.fd) {
		// without the loop's poller nothing watches stdin for its reader
		// going away: look now that the child has gone
		sp.tr.peerClosed()
	}
	st.tryFinish()
}

// tryFinish wakes wait() once the process has exited and every pipe is
// closed.
func (st *subprocTransport) tryFinish() {
	if !st.exited || st.finished {
		return
	}
	for i, sp := range st.pipes {
		if st.piped[i] && (sp == nil || !sp.disconnected) {
			return
		}
	}
	st.finished = true
	st.call(func() {
		ws := st.waiters
		st.waiters = nil
		for _, w := range ws {
			if !w.Done() {
				_ = w.SetResult(vm.Int(int64(st.code)))
			}
		}
	})
}

// wait is wait()'s awaitable: the return code at once once it is known.
func (st *subprocTransport) wait() vm.Value {
	if st.exited {
		return completedAwaitable(vm.Int(int64(st.code)))
	}
	f := st.loop.NewFuture()
	st.waiters = append(st.waiters, f)
	return f.Value()
}

// close closes the pipes and kills the process if it still runs.
func (st *subprocTransport) close(t *vm.Thread) {
	if st.closed {
		return
	}
	st.closed = true
	st.abandon()
	defer st.tryFinish()
	for _, sp := range st.pipes {
		if sp != nil {
			sp.tr.Close(t)
		}
	}
	if !st.exited && !st.p.exited() {
		_, _ = st.p.signal(syscall.SIGKILL)
	}
}

// readerGone reports whether the pipe whose write end is fd has lost its
// reader (poll reports an error on the write end then).
func readerGone(fd int) bool {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	n, err := unix.Poll(fds, 0)
	return err == nil && n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0
}

// pipeLost is the stream side of a pipe's end.
func (st *subprocTransport) pipeLost(t *vm.Thread, fd int, exc *vm.Exception) {
	if fd == 0 {
		if st.writer != nil {
			st.writer.transport.Close(t)
		}
		if st.flow != nil {
			_ = st.flow.ConnectionLost(t, exc)
		}
		return
	}
	if r := st.readers[fd]; r != nil {
		if exc == nil {
			r.FeedEOF()
		} else {
			r.SetException(exc)
		}
	}
}

// Type implements vm.Object.
func (sp *subPipe) Type() *vm.Type {
	if sp.fd == 0 {
		return writePipeProtoType
	}
	return readPipeProtoType
}

// Value implements Protocol.
func (sp *subPipe) Value() vm.Value { return vm.ObjectValue(sp) }

// ConnectionMade implements Protocol.
func (sp *subPipe) ConnectionMade(t *vm.Thread, tr Transport) error {
	st := sp.st
	if sp.fd == 0 {
		return st.flow.ConnectionMade(t, tr)
	}
	st.readers[sp.fd].SetTransport(tr, tr.Value())
	return nil
}

// DataReceived implements Protocol (data is the transport's copy).
func (sp *subPipe) DataReceived(t *vm.Thread, data []byte) error {
	st, fd := sp.st, sp.fd
	st.call(func() {
		if r := st.readers[fd]; r != nil {
			r.FeedData(data)
		}
	})
	return nil
}

// EOFReceived implements Protocol: the pipe closes itself.
func (sp *subPipe) EOFReceived(t *vm.Thread) (bool, error) { return false, nil }

// ConnectionLost implements Protocol.
func (sp *subPipe) ConnectionLost(t *vm.Thread, exc *vm.Exception) error {
	st, fd := sp.st, sp.fd
	sp.disconnected = true
	st.call(func() { st.pipeLost(st.loop.VM().Main(), fd, exc) })
	st.tryFinish()
	return nil
}

// PauseWriting implements Protocol (stdin's flow control).
func (sp *subPipe) PauseWriting(t *vm.Thread) error { return sp.st.flow.PauseWriting(t) }

// ResumeWriting implements Protocol.
func (sp *subPipe) ResumeWriting(t *vm.Thread) error { return sp.st.flow.ResumeWriting(t) }

func stSelf(v vm.Value) *subprocTransport { return v.Object().(*subprocTransport) }

func init() {
	T := subprocTransportType
	T.NewMethod("_connect", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_connect", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		fd, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		w, err := stSelf(self).connect(t, int(fd))
		if err != nil || w == nil {
			return vm.None, err
		}
		return w.Value(), nil
	})
	T.NewMethod("_connected", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		stSelf(self).connected()
		return vm.None, nil
	})
	T.NewMethod("_abandon", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		stSelf(self).abandon()
		return vm.None, nil
	})
	T.NewMethod("_streams", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		st := stSelf(self)
		out := []vm.Value{vm.None, vm.None, vm.None}
		if st.writer != nil {
			out[0] = st.writer.Value()
		}
		for i := 1; i < 3; i++ {
			if r := st.readers[i]; r != nil {
				out[i] = r.Value()
			}
		}
		return vm.NewTuple(out), nil
	})
	T.NewMethod("_wait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return stSelf(self).wait(), nil
	})
	T.NewMethod("get_pid", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(stSelf(self).p.pid)), nil
	})
	T.NewMethod("get_returncode", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		st := stSelf(self)
		if !st.exited {
			return vm.None, nil
		}
		return vm.Int(int64(st.code)), nil
	})
	T.NewMethod("get_pipe_transport", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("get_pipe_transport", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		fd, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		st := stSelf(self)
		if fd < 0 || fd > 2 || st.pipes[fd] == nil {
			return vm.None, nil
		}
		return st.pipes[fd].tr.Value(), nil
	})
	T.NewMethod("is_closing", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(stSelf(self).closed), nil
	})
	T.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		stSelf(self).close(t)
		return vm.None, nil
	})
}

var _ Protocol = (*subPipe)(nil)
