package stdlib

import (
	_ "embed"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The event loop's networking API: exception handlers, debug flag, the
// transports' factories and server accept loops (Go), and the cold,
// argument-heavy methods (create_connection, create_server,
// create_datagram_endpoint, connect_*_pipe, the unix variants) written as
// script functions in asyncio_net.pya that the loop methods call.

//go:embed asyncio_net.pya
var asyncioNetSource []byte

// loopExt is the state the asyncio module keeps per loop (vm.Loop.Ext).
type loopExt struct {
	handler   vm.Value
	acceptors map[*socketObj]acceptor
	readers   map[int]*fdWatch
	writers   map[int]*fdWatch
	// polled holds the add_reader/add_writer registrations with the
	// loop's poller, by descriptor
	polled map[int]*fdPoll
	// rbuf is the buffer of reads made on the loop goroutine
	rbuf []byte
	// names holds the last local and peer address a socket transport
	// took (see sharedName)
	names [2]sharedName
	// the transports not closed yet: closed with the loop
	transports map[closer]struct{}
}

// closer is a transport the loop closes when it closes.
type closer interface{ closeNow() }

func extOf(l *vm.Loop) *loopExt {
	if e, ok := l.Ext.(*loopExt); ok {
		return e
	}
	e := &loopExt{acceptors: map[*socketObj]acceptor{}, readers: map[int]*fdWatch{}, writers: map[int]*fdWatch{},
		polled: map[int]*fdPoll{}, transports: map[closer]struct{}{}}
	l.Ext = e
	l.OnClose(e.closeAll)
	return e
}

// closeAll closes what a script left open when its loop closes: no
// descriptor outlives asyncio.run.
func (e *loopExt) closeAll() {
	for s, a := range e.acceptors {
		a.Cancel()
		_ = s.close()
	}
	e.acceptors = map[*socketObj]acceptor{}
	for tr := range e.transports {
		tr.closeNow()
	}
	e.transports = map[closer]struct{}{}
	for fd := range e.readers {
		removeWatch(nil, e, fd, false)
	}
	for fd := range e.writers {
		removeWatch(nil, e, fd, true)
	}
}

// initAsyncioNet adds streams, protocols and transports to the asyncio
// module (called by initAsyncio once asyncio.pya has run): the Go types at
// once, the script half when first needed.
func initAsyncioNet(v *vm.VM, m *vm.Module) error {
	for _, c := range []*vm.Type{streamReaderType, streamWriterType, streamProtocolType, baseTransportType,
		readTransportType, writeTransportType, transportType, datagramTransportType} {
		m.Set(c.Name, vm.ObjectValue(c))
	}
	m.Set("IncompleteReadError", vm.ObjectValue(incompleteReadError))
	m.Set("LimitOverrunError", vm.ObjectValue(limitOverrunError))
	m.SetFunc("_stream_protocol", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		// _stream_protocol(reader, client_connected_cb=None)
		var reader, cb vm.Value
		if err := vm.UnpackArgs("_stream_protocol", args, kw, []string{"reader", "cb?"}, &reader, &cb); err != nil {
			return vm.Value{}, err
		}
		r, _ := reader.Object().(*StreamReader)
		if !given(cb) {
			cb = vm.Value{}
		}
		l := t.VM().Loop()
		if r != nil && r.loop != nil {
			l = r.loop
		}
		return vm.ObjectValue(NewStreamProtocol(l, r, cb)), nil
	})
	m.SetFunc("_stream_writer", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		// _stream_writer(transport, protocol, reader)
		if err := vm.ArgCount("_stream_writer", args, kw, 3, 3); err != nil {
			return vm.Value{}, err
		}
		tr, ok := args[0].Object().(Transport)
		p, ok2 := args[1].Object().(*StreamProtocol)
		if !ok || !ok2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "StreamWriter needs a pyasync transport and stream protocol")
		}
		r, _ := args[2].Object().(*StreamReader)
		return NewStreamWriter(tr, p, r).Value(), nil
	})
	// The script half (protocol classes, Server, the loop's connection
	// methods, open_connection and the other stream functions, import
	// socket) is ~18% of import asyncio's work and most programs never use
	// it: it runs on the first lookup of a name asyncio does not have yet
	// (vm.Module.SetLazy).
	m.SetLazy(func(t *vm.Thread) error {
		code, err := compileModuleSource(v, asyncioNetSource, "<asyncio>")
		if err != nil {
			return err
		}
		_, err = v.ExecModule(t, code, m)
		return err
	})
	return nil
}

// delegate makes a loop method that calls the asyncio module's script
// function name with the loop as first argument.
func delegate(name string) vm.MethodFunc {
	return func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		mod, err := t.VM().ImportModule(t, "asyncio")
		if err != nil {
			return vm.Value{}, err
		}
		f, err := t.GetAttr(mod, name)
		if err != nil {
			return vm.Value{}, err
		}
		return t.Call(f, append([]vm.Value{self}, args...), kw)
	}
}

func init() {
	L := loopType
	for _, name := range []string{"create_connection", "create_server", "create_unix_connection",
		"create_unix_server", "create_datagram_endpoint", "connect_read_pipe", "connect_write_pipe"} {
		L.NewMethod(name, delegate("_loop_"+name))
	}
	L.NewMethod("set_exception_handler", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_exception_handler", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		l := loopOf(self)
		h := args[0]
		if h.IsNone() {
			extOf(l).handler = vm.Value{}
			l.ContextHandler = nil
			return vm.None, nil
		}
		if !vm.IsCallable(h) {
			r, _ := t.Repr(h)
			return vm.Value{}, vm.Errorf(vm.TypeError, "A callable object or None is expected, got %s", r)
		}
		extOf(l).handler = h
		l.ContextHandler = func(t *vm.Thread, ctx *vm.Dict) {
			if _, err := t.Call(h, []vm.Value{self, vm.ObjectValue(ctx)}, nil); err != nil {
				exc := asExc(err)
				d := vm.NewDict()
				d.SetStr("message", vm.Str("Unhandled error in exception handler"))
				d.SetStr("exception", vm.ObjectValue(exc))
				d.SetStr("context", vm.ObjectValue(ctx))
				l.DefaultReport(t, d)
			}
		}
		return vm.None, nil
	})
	L.NewMethod("get_exception_handler", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if h := extOf(loopOf(self)).handler; h.IsValid() {
			return h, nil
		}
		return vm.None, nil
	})
	L.NewMethod("call_exception_handler", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("call_exception_handler", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		d, ok := args[0].Object().(*vm.Dict)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "context must be a dict")
		}
		loopOf(self).ReportContext(t, d)
		return vm.None, nil
	})
	L.NewMethod("default_exception_handler", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("default_exception_handler", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		d, ok := args[0].Object().(*vm.Dict)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "context must be a dict")
		}
		loopOf(self).DefaultReport(t, d)
		return vm.None, nil
	})
	L.NewGetSet("slow_callback_duration", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Float(loopOf(self).SlowCallbackDuration()), nil
	}, func(t *vm.Thread, self, v vm.Value) error {
		f, err := t.ToFloat(v)
		if err != nil {
			return err
		}
		loopOf(self).SetSlowCallbackDuration(f)
		return nil
	})
	L.NewMethod("get_debug", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(loopOf(self).Debug()), nil
	})
	L.NewMethod("set_debug", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set_debug", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := t.Truth(args[0])
		loopOf(self).SetDebug(b)
		return vm.None, err
	})
	L.NewMethod("_make_socket_transport", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// _make_socket_transport(sock, protocol) -> (transport, waiter)
		if err := vm.ArgCount("_make_socket_transport", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		s, err := sockArg("_make_socket_transport", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		l := loopOf(self)
		w := l.NewFuture()
		tr := newSocketTransport(t, l, s, protocolFor(t, args[1]), w, vm.Value{})
		return vm.Tuple2(tr.Value(), w.Value()), nil
	})
	L.NewMethod("_make_pipe_transport", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// _make_pipe_transport(pipe, protocol, readable) -> (transport, waiter)
		if err := vm.ArgCount("_make_pipe_transport", args, kw, 3, 3); err != nil {
			return vm.Value{}, err
		}
		fdv, err := t.CallMethod(args[0], "fileno")
		if err != nil {
			return vm.Value{}, err
		}
		fd, err := t.Index(fdv)
		if err != nil {
			return vm.Value{}, err
		}
		readable, err := t.Truth(args[2])
		if err != nil {
			return vm.Value{}, err
		}
		nfd, derr := syscall.Dup(int(fd))
		if derr != nil {
			return vm.Value{}, osError(derr, vm.Value{})
		}
		syscall.CloseOnExec(nfd)
		if err := syscall.SetNonblock(nfd, true); err != nil {
			syscall.Close(nfd)
			return vm.Value{}, osError(err, vm.Value{})
		}
		l := loopOf(self)
		w := l.NewFuture()
		tr, err := newPipeTransport(t, l, nfd, protocolFor(t, args[1]), readable, args[0], w)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Tuple2(tr.Value(), w.Value()), nil
	})
	L.NewMethod("_start_serving", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		// _start_serving(protocol_factory, sock, server)
		if err := vm.ArgCount("_start_serving", args, kw, 3, 3); err != nil {
			return vm.Value{}, err
		}
		s, err := sockArg("_start_serving", args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if err := s.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		startAccepting(loopOf(self), s, args[0], args[2])
		return vm.None, nil
	})
	L.NewMethod("_stop_serving", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_stop_serving", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		s, err := sockArg("_stop_serving", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		ext := extOf(loopOf(self))
		if a := ext.acceptors[s]; a != nil {
			a.Cancel()
			delete(ext.acceptors, s)
		}
		return vm.None, sockErr(s.close())
	})
}
