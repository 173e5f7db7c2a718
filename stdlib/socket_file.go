package stdlib

import (
	"io"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// socket.makefile: the io layer (BufferedReader/Writer/RWPair, and a
// TextIOWrapper over it) over a socket's raw stream, SocketIO. As in
// CPython, each file holds a reference on the socket: socket.close() with
// files still open only marks the socket closed, and the descriptor is
// closed when the last of them (and the socket) is closed.

var (
	socketIOType       = vm.NewNativeType("SocketIO", "socket", rawIOBaseType, nil)
	bufferedRWPairType = vm.NewCType("BufferedRWPair", "_io", bufferedIOBaseType, nil)
)

// socketRaw is the raw end of a socket file: recv and send with the
// socket's timeout, waiting interruptibly on the calling thread.
type socketRaw struct {
	s  *socketObj
	st *fileState
	// timedOut: a read timed out, and the buffered data may be lost, so
	// later reads fail (as SocketIO's)
	timedOut bool
	released bool
}

func (r *socketRaw) thread() *vm.Thread {
	if r.st.th != nil {
		return r.st.th
	}
	return r.st.vm.Main()
}

func (r *socketRaw) Read(p []byte) (int, error) {
	if r.timedOut {
		return 0, vm.Errorf(vm.OSError, "cannot read from timed out object")
	}
	n, _, err := r.s.recv(r.thread(), p, 0)
	if err != nil {
		if isExc(err, vm.TimeoutError) {
			r.timedOut = true
		}
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (r *socketRaw) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		n, err := r.s.send(r.thread(), p[done:], 0)
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

func (r *socketRaw) closeRaw() error {
	if r.released {
		return nil
	}
	r.released = true
	return sockErr(r.s.decref())
}

func (r *socketRaw) fileno() int { return r.s.fd }

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
			r, _ := t.Repr(vm.Str(m))
			return vm.Value{}, vm.Errorf(vm.ValueError, "invalid mode %s (only r, w, b allowed)", r)
		}
	}
	writing := strings.Contains(m, "w")
	reading := strings.Contains(m, "r") || !writing
	binary := strings.Contains(m, "b")
	rawMode := ""
	if reading {
		rawMode += "r"
	}
	if writing {
		rawMode += "w"
	}
	rawMode += "b"
	bufSize := int64(-1)
	if given(buffering) {
		n, err := t.Index(buffering)
		if err != nil {
			return vm.Value{}, err
		}
		bufSize = n
	}
	if bufSize == 0 && !binary {
		return vm.Value{}, vm.Errorf(vm.ValueError, "unbuffered streams must be binary")
	}
	if err := s.checkOpen(); err != nil {
		return vm.Value{}, err
	}
	st := &fileState{vm: t.VM(), th: t}
	st.raw = &socketRaw{s: s, st: st}
	s.ioRefs++
	raw := &fileObj{cls: socketIOType, kind: kindFile, binary: true, unbuffered: true, readable: reading, writable: writing,
		mode: rawMode, errors: "strict", fileState: st, v: t.VM()}
	raw.rawView = raw
	filesOf(t.VM()).track(raw)
	if bufSize == 0 {
		return vm.ObjectValue(raw), nil
	}
	cls := bufferedReaderType
	switch {
	case reading && writing:
		cls = bufferedRWPairType
	case writing:
		cls = bufferedWriterType
	}
	buf := raw.view(cls, true, false)
	buf.mode = rawMode
	buf.rawView = raw
	if binary {
		return vm.ObjectValue(buf), nil
	}
	text := raw.view(textIOWrapperType, false, false)
	text.mode, text.encoding, text.errors = m, "UTF-8", "strict"
	text.buffer, text.rawView = buf, raw
	if given(encoding) {
		enc, ok := encoding.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "TextIOWrapper() argument 'encoding' must be str or None, not %s", encoding.TypeName())
		}
		codec, err := normEncoding(enc)
		if err != nil {
			return vm.Value{}, err
		}
		text.encoding, text.codec = enc, codec
	}
	if given(errs) {
		e, ok := errs.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "TextIOWrapper() argument 'errors' must be str or None, not %s", errs.TypeName())
		}
		text.errors = e
	}
	if given(newline) {
		nl, ok := newline.AsStr()
		switch {
		case !ok:
			return vm.Value{}, vm.Errorf(vm.TypeError, "TextIOWrapper() argument 'newline' must be str or None, not %s", newline.TypeName())
		case nl == "" || nl == "\n" || nl == "\r" || nl == "\r\n":
			text.newline = &nl
		default:
			r, _ := t.Repr(newline)
			return vm.Value{}, vm.Errorf(vm.ValueError, "illegal newline value: %s", r)
		}
	}
	return vm.ObjectValue(text), nil
}

// decref drops one file's reference on the socket (SocketIO.close): the
// descriptor closes when the socket was closed and no file is left.
func (s *socketObj) decref() error {
	s.ioRefs--
	if s.ioRefs <= 0 && s.userClosed {
		return s.close()
	}
	return nil
}

// userClose is socket.close(): with files still open over the socket, the
// descriptor stays open until the last of them closes.
func (s *socketObj) userClose() error {
	s.userClosed = true
	if s.ioRefs > 0 {
		return nil
	}
	return s.close()
}
