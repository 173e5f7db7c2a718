package stdlib

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// Stream transports over a descriptor (a connected socket or a pipe).
//
// Reading: one helper goroutine per transport (a vm.Op) waits in Go's
// netpoller, reads into a pooled 64 KiB buffer and posts each chunk to the
// loop in one completion, which hands it to the protocol (for streams,
// straight into the StreamReader's buffer). An idle connection holds no
// buffer, only its parked goroutine. At most readCredit bytes are posted
// and not yet delivered; pause_reading stops the goroutine from reading
// (chunks already on their way are held until resume_reading).
//
// Writing: write() goes straight to the descriptor from the loop goroutine
// while nothing is queued; what the kernel does not take is queued, and a
// helper goroutine writes the queue as the descriptor becomes writable,
// posting its progress so that the buffer size, pause_writing and
// resume_writing follow asyncio's high/low water marks.

const (
	readChunk  = 64 << 10
	readCredit = 256 << 10
	// default write buffer limits
	defaultHighWater = 64 << 10
)

var readBufPool = sync.Pool{New: func() any { b := make([]byte, readChunk); return &b }}

// trKind tells what a transport is.
type trKind uint8

const (
	trSocket trKind = iota
	trReadPipe
	trWritePipe
)

// The transport classes (asyncio's abstract ones and the concrete ones).
var (
	baseTransportType     = vm.NewNativeType("BaseTransport", "asyncio.transports", nil, nil)
	readTransportType     = vm.NewNativeType("ReadTransport", "asyncio.transports", baseTransportType, nil)
	writeTransportType    = vm.NewNativeType("WriteTransport", "asyncio.transports", baseTransportType, nil)
	transportType         = vm.NewNativeType("Transport", "asyncio.transports", readTransportType, nil)
	datagramTransportType = vm.NewNativeType("DatagramTransport", "asyncio.transports", baseTransportType, nil)
	socketTransportType   = vm.NewNativeType("_SelectorSocketTransport", "asyncio.selector_events", transportType, nil)
	readPipeType          = vm.NewNativeType("_UnixReadPipeTransport", "asyncio.unix_events", readTransportType, nil)
	writePipeType         = vm.NewNativeType("_UnixWritePipeTransport", "asyncio.unix_events", writeTransportType, nil)
)

func init() {
	// Transport derives from both ReadTransport and WriteTransport
	transportType.Bases = []*vm.Type{readTransportType, writeTransportType}
	transportType.MRO = []*vm.Type{transportType, readTransportType, writeTransportType, baseTransportType, vm.ObjectType}
	socketTransportType.MRO = append([]*vm.Type{socketTransportType}, transportType.MRO...)
}

// fdTransport is a stream transport over a descriptor.
type fdTransport struct {
	loop  *vm.Loop
	sock  *socketObj // socket transports
	fd    int
	proto Protocol
	// local and peer are a socket's addresses when the transport was made
	// (get_extra_info's sockname and peername; nil: unknown, None), kept
	// as the kernel gave them: converted only when asked for
	local, peer syscall.Sockaddr
	server      vm.Value // the Server that accepted the connection

	// (the small fields are together: the struct fills 176 bytes)
	kind          trKind
	closing, lost bool
	eof           bool // write_eof called
	shutDown      bool
	userPaused    bool // pause_reading() in effect
	readDone      bool // EOF seen or reading stopped for good
	protoPaused   bool
	fdClosed      bool // the descriptor is closed (fd keeps its number for repr)
	lostWrites    int32
	heldEnd       func() // EOF or error that arrived while paused

	// writing
	wbuf      []byte
	high, low int
	pollState
	// gs is the helper goroutines' state: set for pipes and for sockets
	// the loop's poller does not watch, nil otherwise
	gs *goState
}

// goState is the part of fdTransport that only the helper goroutine path
// uses (a reader goroutine and a writer operation, see the top of this
// file); a socket on the loop's poller does without it.
type goState struct {
	// file is the descriptor's os.File (a socket's is its netpoller entry)
	file *os.File
	rc   syscall.RawConn
	// pipe is a pipe transport's script pipe object (invalid: none)
	pipe vm.Value
	// reading
	readOp     *vm.Op
	readPaused atomic.Bool // the goroutine must not read
	inflight   atomic.Int64
	resumeCh   chan struct{}
	held       [][]byte // chunks that arrived while paused
	// writing
	wflight int
	writeOp *vm.Op
}

// readOp returns the reader goroutine's operation, if one runs.
func (tr *fdTransport) readOp() *vm.Op {
	if tr.gs == nil {
		return nil
	}
	return tr.gs.readOp
}

// writeOp returns the writer operation, if one runs.
func (tr *fdTransport) writeOp() *vm.Op {
	if tr.gs == nil {
		return nil
	}
	return tr.gs.writeOp
}

// cancelOps stops the helper goroutines (they post nothing afterwards).
func (tr *fdTransport) cancelOps() {
	g := tr.gs
	if g == nil {
		return
	}
	if g.writeOp != nil {
		g.writeOp.Cancel()
		g.writeOp = nil
	}
	if g.readOp != nil {
		g.readOp.Cancel()
		g.readOp = nil
	}
}

// Type implements vm.Object.
func (tr *fdTransport) Type() *vm.Type {
	switch tr.kind {
	case trReadPipe:
		return readPipeType
	case trWritePipe:
		return writePipeType
	}
	return socketTransportType
}

// Value implements Transport.
func (tr *fdTransport) Value() vm.Value { return vm.ObjectValue(tr) }

func (tr *fdTransport) thread() *vm.Thread { return tr.loop.VM().Main() }

// newSocketTransport makes the transport of a connected socket; the
// protocol's connection_made runs at the next loop iteration, then reading
// starts and waiter (if any) completes.
func newSocketTransport(t *vm.Thread, l *vm.Loop, s *socketObj, proto Protocol, waiter *vm.Future, server vm.Value) *fdTransport {
	tr := &fdTransport{kind: trSocket, loop: l, sock: s, fd: s.fd, proto: proto,
		high: defaultHighWater, low: defaultHighWater / 4, server: server}
	s.inTransport = true
	s.timeout = 0
	// the socket's bare descriptor needs no collection cleanup any more:
	// the loop holds the transport until it closes the socket
	s.closer.Stop()
	ext := extOf(l)
	tr.local = ext.names[0].share(syscall.Getsockname(s.fd))
	tr.peer = ext.names[1].share(syscall.Getpeername(s.fd))
	if s.stype == syscall.SOCK_STREAM && (s.family == syscall.AF_INET || s.family == syscall.AF_INET6) {
		_ = syscall.SetsockoptInt(s.fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
	}
	tr.attachPoller()
	if tr.pfd == nil {
		n, err := s.netpoll()
		if err != nil {
			tr.fdClosed = true
			n = &sockNet{}
		}
		tr.gs = &goState{file: n.file, rc: n.rc}
	}
	tr.start(t, waiter)
	return tr
}

// NewPipeTransport makes a transport over a pipe end (f is owned by the
// transport from now on and closed with it; pipe, when valid, is the
// script's file object, closed too). readable selects a read pipe
// (connect_read_pipe), otherwise a write pipe. The protocol's
// connection_made runs at the next loop iteration.
func NewPipeTransport(t *vm.Thread, l *vm.Loop, f *os.File, proto Protocol, readable bool, pipe vm.Value, waiter *vm.Future) (*fdTransport, error) {
	fd, err := pipeFD(f)
	if err != nil {
		return nil, osError(err, vm.Value{})
	}
	return newPipeTransport(t, l, fd, proto, readable, pipe, waiter)
}

// newPipeTransport is NewPipeTransport over a bare non-blocking descriptor
// (owned by the transport). On the loop's poller the pipe is read and
// written from the loop goroutine, as sockets are; without a poller a
// helper goroutine waits in Go's netpoller.
func newPipeTransport(t *vm.Thread, l *vm.Loop, fd int, proto Protocol, readable bool, pipe vm.Value, waiter *vm.Future) (*fdTransport, error) {
	tr := &fdTransport{kind: trWritePipe, loop: l, fd: fd, proto: proto,
		high: defaultHighWater, low: defaultHighWater / 4, gs: &goState{pipe: pipe}}
	if readable {
		tr.kind = trReadPipe
	}
	if vm.HasPoller {
		if pf, err := l.PollFD(fd, tr); err == nil {
			tr.pfd = pf
		}
	}
	if tr.pfd == nil {
		f := os.NewFile(uintptr(fd), "pipe")
		rc, err := f.SyscallConn()
		if err != nil {
			f.Close()
			return nil, osError(err, vm.Value{})
		}
		tr.gs.file, tr.gs.rc = f, rc
	}
	tr.start(t, waiter)
	return tr, nil
}

// pipeFD takes a pipe end out of its os.File (and so out of Go's
// netpoller): the descriptor is duplicated without touching its blocking
// mode, f is closed, and the duplicate is made non-blocking and
// close-on-exec.
func pipeFD(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return -1, err
	}
	nfd := -1
	var derr error
	if err := rc.Control(func(fd uintptr) { nfd, derr = syscall.Dup(int(fd)) }); err != nil {
		return -1, err
	}
	if derr != nil {
		return -1, derr
	}
	f.Close()
	syscall.CloseOnExec(nfd)
	if err := syscall.SetNonblock(nfd, true); err != nil {
		syscall.Close(nfd)
		return -1, err
	}
	return nfd, nil
}

// fatalMsg is the exception handler's message for a failed read or write.
func (tr *fdTransport) fatalMsg(op string) string {
	if tr.kind == trSocket {
		return "Fatal " + op + " error on socket transport"
	}
	return "Fatal " + op + " error on pipe transport"
}

// closeNow closes the descriptor without protocol callbacks (the loop is
// closing).
func (tr *fdTransport) closeNow() {
	tr.lost, tr.closing = true, true
	tr.closeFD(nil)
}

func (tr *fdTransport) start(t *vm.Thread, waiter *vm.Future) {
	extOf(tr.loop).transports[tr] = struct{}{}
	if tr.server.IsValid() {
		_, _ = t.CallMethod(tr.server, "_attach")
	}
	tr.loop.CallSoon(func() {
		t := tr.thread()
		if err := tr.proto.ConnectionMade(t, tr); err != nil {
			tr.reportError(t, "Exception in callback connection_made", err, false)
		}
		if tr.kind != trWritePipe && !tr.closing {
			tr.startReading()
		} else if tr.kind == trWritePipe && !tr.closing {
			tr.watchPeer()
		}
		if waiter != nil && !waiter.Done() {
			_ = waiter.SetResult(vm.None)
		}
	})
}

// reportError hands an exception from a protocol callback to the loop's
// exception handler (OSErrors of fatal errors are not reported, as in
// asyncio) and, when fatal, closes the transport.
func (tr *fdTransport) reportError(t *vm.Thread, msg string, err error, fatal bool) {
	exc, ok := err.(*vm.Exception)
	if !ok {
		exc = vm.Errorf(vm.SystemError, "%v", err)
	}
	if !fatal || !exc.IsInstance(vm.OSError) {
		ctx := vm.NewDict()
		ctx.SetStr("message", vm.Str(msg))
		ctx.SetStr("exception", vm.ObjectValue(exc))
		ctx.SetStr("transport", tr.Value())
		ctx.SetStr("protocol", tr.proto.Value())
		tr.loop.ReportContext(t, ctx)
	}
	if fatal {
		tr.forceClose(exc)
	}
}

// ---- reading ----

func (tr *fdTransport) startReading() {
	if tr.readOp() != nil || tr.readDone {
		return
	}
	if tr.pollReading() {
		return
	}
	g := tr.gs
	file, rc := g.file, g.rc
	g.readPaused.Store(tr.userPaused)
	if g.resumeCh == nil {
		// only the reader goroutine waits on it (set before it starts)
		g.resumeCh = make(chan struct{}, 1)
	}
	g.readOp = tr.loop.Go(func(op *vm.Op) { tr.readLoop(op, file, rc) })
}

// readLoop runs on the helper goroutine: it touches only the descriptor
// and the atomics/channel meant for it. It makes one RawConn.Read call for
// the transport's whole life: the function reads until EAGAIN, then
// returns false to wait for the next readiness edge, and true only to
// stop. (A short read cannot stand in for the EAGAIN read: a FIN that
// arrived with the data shows only in the next read.)
func (tr *fdTransport) readLoop(op *vm.Op, file *os.File, rc syscall.RawConn) {
	ctx := op.Context()
	stop := context.AfterFunc(ctx, func() { _ = file.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	g := tr.gs
	_ = rc.Read(func(fd uintptr) bool {
		for {
			for g.readPaused.Load() || g.inflight.Load() >= readCredit {
				select {
				case <-g.resumeCh:
				case <-ctx.Done():
					return true
				}
			}
			bp := readBufPool.Get().(*[]byte)
			n, rerr := syscall.Read(int(fd), *bp)
			switch {
			case rerr == syscall.EAGAIN:
				readBufPool.Put(bp)
				return false
			case rerr == syscall.EINTR:
				readBufPool.Put(bp)
				continue
			case rerr != nil:
				readBufPool.Put(bp)
				e := rerr
				op.Post(func() { tr.readEnd(func() { tr.readFailed(e) }) })
				return true
			case n == 0:
				readBufPool.Put(bp)
				op.Post(func() { tr.readEnd(tr.readEOF) })
				return true
			}
			chunk := make([]byte, n)
			copy(chunk, (*bp)[:n])
			readBufPool.Put(bp)
			g.inflight.Add(int64(n))
			if !op.Post(func() { tr.deliver(chunk) }) {
				return true
			}
		}
	})
}

// wakeReader lets the reader goroutine look at its flags again.
func (g *goState) wakeReader() {
	select {
	case g.resumeCh <- struct{}{}:
	default:
	}
}

// deliver runs on the loop: a chunk read by the goroutine.
func (tr *fdTransport) deliver(chunk []byte) {
	g := tr.gs
	n := int64(len(chunk))
	if g.inflight.Add(-n)+n >= readCredit {
		g.wakeReader()
	}
	if tr.lost || tr.closing {
		return
	}
	if tr.userPaused {
		g.held = append(g.held, chunk)
		return
	}
	tr.dataReceived(chunk)
}

func (tr *fdTransport) dataReceived(chunk []byte) {
	t := tr.thread()
	if err := tr.proto.DataReceived(t, chunk); err != nil {
		tr.reportError(t, "Fatal error: protocol.data_received() call failed.", err, true)
	}
}

// readEnd runs fn (EOF or error) now, or after the held chunks once
// reading resumes.
func (tr *fdTransport) readEnd(fn func()) {
	tr.readDone = true
	if tr.gs != nil {
		tr.gs.readOp = nil
	}
	if tr.lost || tr.closing {
		return
	}
	if tr.userPaused {
		tr.heldEnd = fn
		return
	}
	fn()
}

func (tr *fdTransport) readEOF() {
	if tr.closing && tr.kind != trSocket {
		return
	}
	t := tr.thread()
	if tr.kind == trReadPipe {
		tr.closing = true
		tr.loop.CallSoon(func() {
			if _, err := tr.proto.EOFReceived(t); err != nil {
				tr.reportError(t, "Exception in callback eof_received", err, false)
			}
		})
		tr.loop.CallSoon(func() { tr.connectionLost(nil) })
		return
	}
	keep, err := tr.proto.EOFReceived(t)
	if err != nil {
		tr.reportError(t, "Fatal error: protocol.eof_received() call failed.", err, true)
		return
	}
	if !keep {
		tr.Close(t)
	}
}

func (tr *fdTransport) readFailed(e error) {
	exc := sockErr(e).(*vm.Exception)
	tr.reportError(tr.thread(), tr.fatalMsg("read"), exc, true)
}

// PauseReading implements ReadFlow (transport.pause_reading()).
func (tr *fdTransport) PauseReading() {
	if tr.closing || tr.userPaused {
		return
	}
	tr.userPaused = true
	if !tr.pollReadFlow() && tr.gs != nil {
		tr.gs.readPaused.Store(true)
	}
}

// resumeReader lets reading go on: the poller's read interest, or the
// reader goroutine's flag.
func (tr *fdTransport) resumeReader() {
	if tr.pollReadFlow() || tr.gs == nil {
		return
	}
	tr.gs.readPaused.Store(false)
	tr.gs.wakeReader()
}

// ResumeReading implements ReadFlow (transport.resume_reading()).
func (tr *fdTransport) ResumeReading() {
	if tr.closing || !tr.userPaused {
		return
	}
	tr.userPaused = false
	if (tr.gs != nil && len(tr.gs.held) > 0) || tr.heldEnd != nil {
		tr.loop.CallSoon(tr.flushHeld)
		return
	}
	tr.resumeReader()
}

// flushHeld delivers what arrived while reading was paused.
func (tr *fdTransport) flushHeld() {
	for g := tr.gs; g != nil && len(g.held) > 0 && !tr.userPaused && !tr.lost && !tr.closing; {
		c := g.held[0]
		g.held[0] = nil
		g.held = g.held[1:]
		tr.dataReceived(c)
	}
	if tr.userPaused || tr.lost {
		return
	}
	if fn := tr.heldEnd; fn != nil {
		tr.heldEnd = nil
		fn()
		return
	}
	tr.resumeReader()
}

func (tr *fdTransport) stopReading() {
	if g := tr.gs; g != nil {
		g.readPaused.Store(true)
		if g.readOp != nil {
			g.readOp.Cancel()
			g.readOp = nil
		}
	}
	tr.readDone = true
	tr.pollReadFlow()
}

// ---- writing ----

// BufferSize is get_write_buffer_size().
func (tr *fdTransport) BufferSize() int {
	if tr.gs != nil {
		return len(tr.wbuf) + tr.gs.wflight
	}
	return len(tr.wbuf)
}

// Write implements Transport (transport.write(data)).
func (tr *fdTransport) Write(t *vm.Thread, data []byte) error {
	if tr.kind == trWritePipe && (tr.closing || tr.lost) {
		// a pipe takes nothing once closing (write_eof is a close)
		if len(data) > 0 {
			tr.lostWrites++
		}
		return nil
	}
	if tr.eof {
		return vm.Errorf(vm.RuntimeError, "Cannot call write() after write_eof()")
	}
	if len(data) == 0 {
		return nil
	}
	if tr.lost || tr.fdClosed {
		tr.lostWrites++
		return nil
	}
	if tr.writeOp() == nil && len(tr.wbuf) == 0 {
		n, err := tr.writeNow(data)
		if err != nil && err != syscall.EAGAIN && err != syscall.EINTR {
			tr.reportError(t, tr.fatalMsg("write"), sockErr(err), true)
			return nil
		}
		if n < 0 {
			n = 0
		}
		data = data[n:]
		if len(data) == 0 {
			return nil
		}
		tr.wbuf = append(tr.wbuf[:0], data...)
		tr.startWriter()
	} else {
		tr.wbuf = append(tr.wbuf, data...)
	}
	tr.maybePause(t)
	return nil
}

func (tr *fdTransport) maybePause(t *vm.Thread) {
	if tr.BufferSize() <= tr.high || tr.protoPaused {
		return
	}
	tr.protoPaused = true
	if err := tr.proto.PauseWriting(t); err != nil {
		tr.reportError(t, "protocol.pause_writing() failed", err, false)
	}
}

func (tr *fdTransport) maybeResume(t *vm.Thread) {
	if !tr.protoPaused || tr.BufferSize() > tr.low {
		return
	}
	tr.protoPaused = false
	if err := tr.proto.ResumeWriting(t); err != nil {
		tr.reportError(t, "protocol.resume_writing() failed", err, false)
	}
}

// startWriter hands the queue to a helper goroutine that writes it as the
// descriptor becomes writable.
func (tr *fdTransport) startWriter() {
	if tr.pollWriting() {
		return
	}
	g := tr.gs
	chunk := tr.wbuf
	tr.wbuf = nil
	g.wflight = len(chunk)
	file, rc := g.file, g.rc
	g.writeOp = tr.loop.Go(func(op *vm.Op) {
		ctx := op.Context()
		stop := context.AfterFunc(ctx, func() { _ = file.SetWriteDeadline(time.Unix(1, 0)) })
		defer stop()
		off := 0
		for off < len(chunk) {
			var n int
			var werr error
			err := rc.Write(func(fd uintptr) bool {
				n, werr = syscall.Write(int(fd), chunk[off:])
				return werr != syscall.EAGAIN
			})
			if err != nil {
				return
			}
			if werr == syscall.EINTR {
				continue
			}
			if werr != nil {
				e := werr
				op.Post(func() { tr.writeFailed(op, e) })
				return
			}
			off += n
			wrote := n
			op.Post(func() { tr.wrote(op, wrote) })
		}
		op.Post(func() { tr.chunkDone(op) })
	})
}

func (tr *fdTransport) wrote(op *vm.Op, n int) {
	if op != tr.writeOp() {
		return
	}
	tr.gs.wflight -= n
	tr.maybeResume(tr.thread())
}

func (tr *fdTransport) chunkDone(op *vm.Op) {
	if op != tr.writeOp() {
		return
	}
	tr.gs.writeOp = nil
	tr.gs.wflight = 0
	if len(tr.wbuf) > 0 {
		tr.startWriter()
		return
	}
	tr.flushed()
}

func (tr *fdTransport) writeFailed(op *vm.Op, e error) {
	if op != tr.writeOp() {
		return
	}
	tr.gs.writeOp = nil
	tr.wbuf, tr.gs.wflight = nil, 0
	tr.reportError(tr.thread(), tr.fatalMsg("write"), sockErr(e), true)
}

// flushed runs when the queue has been written: a pending write_eof or
// close happens now.
func (tr *fdTransport) flushed() {
	if tr.eof && !tr.shutDown {
		tr.shutdownWrite()
	}
	if tr.closing && !tr.lost {
		tr.loop.CallSoon(func() { tr.connectionLost(nil) })
		tr.lost = true
	}
}

func (tr *fdTransport) shutdownWrite() {
	tr.shutDown = true
	if tr.kind == trSocket {
		_ = syscall.Shutdown(tr.fd, syscall.SHUT_WR)
	} else if tr.kind == trWritePipe {
		tr.Close(tr.thread())
	}
}

// WriteEOF implements Transport.
func (tr *fdTransport) WriteEOF(t *vm.Thread) error {
	if tr.closing || tr.eof {
		return nil
	}
	tr.eof = true
	if tr.BufferSize() == 0 {
		tr.shutdownWrite()
	}
	return nil
}

// CanWriteEOF implements Transport.
func (tr *fdTransport) CanWriteEOF() bool { return tr.kind != trReadPipe }

// IsClosing implements Transport.
func (tr *fdTransport) IsClosing() bool { return tr.closing }

// Close implements Transport: stop reading, let the queue drain, then
// connection_lost(None) and close the descriptor.
func (tr *fdTransport) Close(t *vm.Thread) {
	if tr.closing {
		return
	}
	tr.closing = true
	tr.stopReading()
	if tr.BufferSize() == 0 {
		tr.lost = true
		tr.loop.CallSoon(func() { tr.connectionLost(nil) })
	}
}

// Abort implements Transport: close at once, dropping queued data.
func (tr *fdTransport) Abort(t *vm.Thread) { tr.forceClose(nil) }

func (tr *fdTransport) forceClose(exc *vm.Exception) {
	if tr.lost {
		tr.closing = true
		return
	}
	tr.wbuf = nil
	if g := tr.gs; g != nil {
		g.wflight = 0
		if g.writeOp != nil {
			g.writeOp.Cancel()
			g.writeOp = nil
		}
	}
	tr.closing = true
	tr.stopReading()
	if !tr.lost {
		tr.lost = true
		tr.loop.CallSoon(func() { tr.connectionLost(exc) })
	}
}

// connectionLost calls the protocol and closes the descriptor.
func (tr *fdTransport) connectionLost(exc *vm.Exception) {
	t := tr.thread()
	tr.lost = true
	tr.closing = true
	tr.heldEnd = nil
	if tr.gs != nil {
		tr.gs.held = nil
	}
	if err := tr.proto.ConnectionLost(t, exc); err != nil {
		tr.reportError(t, "Exception in callback connection_lost", err, false)
	}
	tr.closeFD(t)
	if tr.server.IsValid() {
		srv := tr.server
		tr.server = vm.Value{}
		if _, err := t.CallMethod(srv, "_detach"); err != nil {
			tr.reportError(t, "Exception in Server._detach", err, false)
		}
	}
}

func (tr *fdTransport) closeFD(t *vm.Thread) {
	tr.cancelOps()
	tr.closePoll()
	delete(extOf(tr.loop).transports, tr)
	if tr.fdClosed {
		return
	}
	tr.fdClosed = true
	if tr.sock != nil {
		_ = tr.sock.close()
	} else if g := tr.gs; g != nil {
		if g.file != nil {
			_ = g.file.Close()
		} else {
			_ = syscall.Close(tr.fd)
		}
		if g.pipe.IsValid() && t != nil {
			_, _ = t.CallMethod(g.pipe, "close")
		}
	}
}

// ExtraInfo implements Transport: a socket transport knows its socket,
// sockname and peername, a pipe transport its pipe.
func (tr *fdTransport) ExtraInfo(t *vm.Thread, name string) (vm.Value, bool) {
	if tr.kind != trSocket {
		return tr.gs.pipe, name == "pipe" && tr.gs.pipe.IsValid()
	}
	switch name {
	case "socket":
		return vm.ObjectValue(tr.sock), true
	case "sockname":
		return sockaddrValue(tr.local), true
	case "peername":
		return sockaddrValue(tr.peer), true
	}
	return vm.Value{}, false
}

// setLimits is set_write_buffer_limits(high, low).
func (tr *fdTransport) setLimits(t *vm.Thread, highV, lowV vm.Value) error {
	high, low := -1, -1
	if given(highV) {
		n, err := t.Index(highV)
		if err != nil {
			return err
		}
		high = int(n)
	}
	if given(lowV) {
		n, err := t.Index(lowV)
		if err != nil {
			return err
		}
		low = int(n)
	}
	if high < 0 && !given(highV) {
		if low < 0 && !given(lowV) {
			high = defaultHighWater
		} else {
			high = 4 * low
		}
	}
	if low < 0 && !given(lowV) {
		low = high / 4
	}
	if !(high >= low && low >= 0) {
		return vm.Errorf(vm.ValueError, "high (%d) must be >= low (%d) must be >= 0", high, low)
	}
	tr.high, tr.low = high, low
	tr.maybePause(t)
	return nil
}

func (tr *fdTransport) repr() string {
	name := tr.Type().Name
	if tr.fdClosed {
		return fmt.Sprintf("<%s closed fd=%d>", name, tr.fd)
	}
	s := fmt.Sprintf("<%s fd=%d", name, tr.fd)
	if tr.closing {
		s = fmt.Sprintf("<%s closing fd=%d", name, tr.fd)
	}
	if tr.kind != trWritePipe {
		if tr.userPaused || tr.readDone {
			s += " read=idle"
		} else {
			s += " read=polling"
		}
	}
	if tr.kind != trReadPipe {
		state := "idle"
		if tr.BufferSize() > 0 {
			state = "polling"
		}
		s += fmt.Sprintf(" write=<%s, bufsize=%d>", state, tr.BufferSize())
	}
	return s + ">"
}

// sharedName lets socket transports share equal addresses: every client
// connection of a process has the same peer, every accepted one the same
// local address, and a transport keeps both for get_extra_info.
type sharedName struct{ last *syscall.SockaddrInet4 }

// share returns sa, or the equal IPv4 address taken last (nil when err
// is set: no address).
func (n *sharedName) share(sa syscall.Sockaddr, err error) syscall.Sockaddr {
	if err != nil {
		return nil
	}
	v4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		return sa
	}
	if l := n.last; l != nil && l.Port == v4.Port && l.Addr == v4.Addr {
		return l
	}
	n.last = v4
	return sa
}
