package stdlib

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/pyasync/pyasync/vm"
)

// The io module, the open() builtin and the file objects (also used for
// sys.stdin/stdout/stderr).

// File object classes, shared by every VM (instances are *fileObj).
var (
	ioBaseType         = vm.NewCType("_IOBase", "_io", nil, nil)
	textIOBaseType     = vm.NewCType("_TextIOBase", "_io", ioBaseType, nil)
	bufferedIOBaseType = vm.NewCType("_BufferedIOBase", "_io", ioBaseType, nil)
	rawIOBaseType      = vm.NewCType("_RawIOBase", "_io", ioBaseType, nil)
	textIOWrapperType  = vm.NewCType("TextIOWrapper", "_io", textIOBaseType, nil)
	bufferedReaderType = vm.NewCType("BufferedReader", "_io", bufferedIOBaseType, nil)
	bufferedWriterType = vm.NewCType("BufferedWriter", "_io", bufferedIOBaseType, nil)
	bufferedRandomType = vm.NewCType("BufferedRandom", "_io", bufferedIOBaseType, nil)
	fileIOType         = vm.NewCType("FileIO", "_io", rawIOBaseType, nil)
	stringIOType       = vm.NewCType("StringIO", "_io", textIOBaseType, func(cls *vm.Type) vm.Object {
		return &fileObj{cls: cls, kind: kindStringIO, readable: true, writable: true, seekable: true, fileState: &fileState{}}
	})
	bytesIOType = vm.NewCType("BytesIO", "_io", bufferedIOBaseType, func(cls *vm.Type) vm.Object {
		return &fileObj{cls: cls, kind: kindBytesIO, binary: true, readable: true, writable: true, seekable: true, fileState: &fileState{}}
	})
	// UnsupportedOperation is io.UnsupportedOperation.
	unsupportedOperation = vm.NewExceptionType("UnsupportedOperation", "io", vm.OSError, vm.ValueError)
)

type fileKind uint8

const (
	kindFile fileKind = iota
	kindStd
	kindStringIO
	kindBytesIO
)

// fileObj is an open file, a standard stream, a StringIO or a BytesIO.
type fileObj struct {
	cls      *vm.Type
	kind     fileKind
	name     vm.Value
	mode     string
	binary   bool
	readable bool
	writable bool
	seekable bool
	encoding string
	codec    string // normalised encoding: utf-8, latin-1 or ascii
	errors   string
	// newline is the newline argument: nil (universal newlines, the
	// default), "", "\n", "\r" or "\r\n".
	newline *string

	// the state shared by a file and its views (buffer, raw): the OS file,
	// the read and write buffers, closed
	*fileState
	// lineBuffering flushes text writes that contain a newline;
	// unbuffered (buffering=0, FileIO, raw) files bypass the buffers.
	lineBuffering bool
	writeThrough  bool
	unbuffered    bool
	// newlinesSeen records the line endings met by a universal-newline
	// reader (the newlines attribute): seenLF|seenCR|seenCRLF.
	newlinesSeen uint8

	// standard streams: 0 stdin, 1 stdout, 2 stderr
	v   *vm.VM
	std int

	// StringIO (code points) and BytesIO
	runes []rune
	buf   []byte
	pos   int

	attrs *vm.Dict // attributes of script subclass instances
	// buffer is the binary layer under a text file or standard stream,
	// rawView the FileIO under a buffered file (made on first use).
	buffer, rawView *fileObj
}

// Type implements vm.Object.
func (f *fileObj) Type() *vm.Type { return f.cls }

func (f *fileObj) attrDict(create bool) *vm.Dict {
	if f.attrs == nil && create {
		f.attrs = vm.NewDict()
	}
	return f.attrs
}

func fileSelf(self vm.Value) (*fileObj, error) {
	f, ok := self.Object().(*fileObj)
	if !ok {
		return nil, vm.Errorf(vm.TypeError, "descriptor requires a file object, not '%s'", self.TypeName())
	}
	return f, nil
}

var errClosed = func() error { return vm.Errorf(vm.ValueError, "I/O operation on closed file.") }

func (f *fileObj) checkOpen() error {
	if f.closed {
		if f.detached {
			return vm.Errorf(vm.ValueError, "underlying buffer has been detached")
		}
		if f.kind == kindStringIO || f.cls == fileIOType {
			return vm.Errorf(vm.ValueError, "I/O operation on closed file")
		}
		return errClosed()
	}
	return nil
}

// closedBufferedErr is the error of a closed buffered binary file's read,
// readline, write or flush, which CPython's buffered objects word in their
// own way ("read of closed file"); nil for the others.
func (f *fileObj) closedBufferedErr(op string) error {
	if f.kind != kindFile || !f.binary || f.unbuffered || f.detached || f.inner != nil {
		return nil
	}
	switch op {
	case "read", "readline", "peek", "read1":
		if !f.readable {
			return vm.Errorf(unsupportedOperation, "read")
		}
		if op == "read1" {
			op = "read"
		}
		return vm.Errorf(vm.ValueError, "%s of closed file", op)
	case "write":
		if !f.writable {
			return vm.Errorf(unsupportedOperation, "write")
		}
		return vm.Errorf(vm.ValueError, "write to closed file")
	case "flush":
		if f.writable {
			return vm.Errorf(vm.ValueError, "flush of closed file")
		}
	}
	return nil
}

func (f *fileObj) checkReadable() error {
	if err := f.checkOpen(); err != nil {
		return err
	}
	if !f.readable {
		if f.cls == fileIOType {
			return vm.Errorf(unsupportedOperation, "File not open for reading")
		}
		return vm.Errorf(unsupportedOperation, "not readable")
	}
	return nil
}

func (f *fileObj) checkWritable() error {
	if err := f.checkOpen(); err != nil {
		return err
	}
	if !f.writable {
		if f.cls == fileIOType {
			return vm.Errorf(unsupportedOperation, "File not open for writing")
		}
		return vm.Errorf(unsupportedOperation, "not writable")
	}
	return nil
}

// newStdStream makes sys.stdin (0), sys.stdout (1) or sys.stderr (2).
func newStdStream(v *vm.VM, n int) *fileObj {
	names := []string{"<stdin>", "<stdout>", "<stderr>"}
	f := &fileObj{cls: textIOWrapperType, kind: kindStd, v: v, std: n, name: vm.Str(names[n]), encoding: "utf-8", errors: "strict", fileState: &fileState{}}
	if n == 0 {
		f.mode = "r"
		f.readable = true
	} else {
		f.mode = "w"
		f.writable = true
	}
	if n == 2 {
		f.errors = "backslashreplace"
	}
	return f
}

// ---- low-level byte access ----

// prepareRead switches a real file to reading (flushing pending writes).
func (f *fileObj) prepareRead() error {
	if err := f.pushText(); err != nil {
		return err
	}
	if f.w != nil && f.w.Buffered() > 0 {
		if err := f.w.Flush(); err != nil {
			return osError(err, vm.Value{})
		}
	}
	if f.r == nil {
		f.r = bufio.NewReader(f.rawIO())
	}
	return nil
}

// prepareWrite switches a real file to writing (dropping read-ahead).
func (f *fileObj) prepareWrite() error {
	if f.r != nil && f.r.Buffered() > 0 && f.raw == nil {
		if err := f.unread(f.r.Buffered()); err != nil {
			return err
		}
		f.r.Reset(f.rawIO())
	}
	if f.w == nil {
		f.w = bufio.NewWriter(f.rawIO())
	}
	return nil
}

// reader returns the buffered reader for files and stdin.
func (f *fileObj) reader() (*bufio.Reader, error) {
	if f.kind == kindStd {
		return f.v.Stdin, nil
	}
	if err := f.prepareRead(); err != nil {
		return nil, err
	}
	return f.r, nil
}

// readAllBytes reads everything left.
func (f *fileObj) readAllBytes() ([]byte, error) {
	if f.kind == kindBytesIO {
		if f.pos >= len(f.buf) {
			return nil, nil
		}
		b := append([]byte(nil), f.buf[f.pos:]...)
		f.pos = len(f.buf)
		return b, nil
	}
	r, err := f.reader()
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, osError(err, vm.Value{})
	}
	return b, nil
}

// readNBytes reads up to n bytes.
func (f *fileObj) readNBytes(n int) ([]byte, error) {
	if f.kind == kindBytesIO {
		if f.pos >= len(f.buf) {
			return nil, nil
		}
		end := min(f.pos+n, len(f.buf))
		b := append([]byte(nil), f.buf[f.pos:end]...)
		f.pos = end
		return b, nil
	}
	r, err := f.reader()
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if f.unbuffered && n > 0 {
		// the raw layer (FileIO, SocketIO) makes one read call
		m, err := r.Read(b)
		if err != nil && err != io.EOF {
			return nil, osError(err, vm.Value{})
		}
		return b[:m], nil
	}
	m, err := io.ReadFull(r, b)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, osError(err, vm.Value{})
	}
	return b[:m], nil
}

// readLineBytes reads one line of bytes ending with '\n' (binary files), at
// most limit bytes when limit >= 0.
func (f *fileObj) readLineBytes(limit int) ([]byte, error) {
	if f.kind == kindBytesIO {
		rest := f.buf[min(f.pos, len(f.buf)):]
		n := len(rest)
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			n = i + 1
		}
		if limit >= 0 && n > limit {
			n = limit
		}
		b := append([]byte(nil), rest[:n]...)
		f.pos += n
		return b, nil
	}
	r, err := f.reader()
	if err != nil {
		return nil, err
	}
	var out []byte
	for limit < 0 || len(out) < limit {
		c, err := r.ReadByte()
		if err != nil {
			if err == io.EOF {
				break
			}
			return nil, osError(err, vm.Value{})
		}
		out = append(out, c)
		if c == '\n' {
			break
		}
	}
	return out, nil
}

// ---- text decoding ----

// decodeText checks that b is valid in the file's encoding and returns it as
// a Go (UTF-8) string.
func (f *fileObj) decodeText(b []byte, final bool) (string, error) {
	switch f.codec {
	case "latin-1":
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c)
		}
		return string(rs), nil
	case "ascii":
		for i, c := range b {
			if c >= 0x80 {
				if f.errors == "ignore" || f.errors == "replace" {
					return decodeLossy(b, f.errors), nil
				}
				return "", vm.NewException(vm.UnicodeDecodeError, vm.Str("ascii"), vm.NewBytes(append([]byte(nil), b...)), vm.Int(int64(i)), vm.Int(int64(i+1)), vm.Str("ordinal not in range(128)"))
			}
		}
		return string(b), nil
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	if f.errors == "ignore" || f.errors == "replace" {
		return decodeLossy(b, f.errors), nil
	}
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	reason := "invalid start byte"
	c := b[i]
	if c >= 0xc2 && c <= 0xf4 {
		// a lead byte followed by a bad or missing continuation
		if i+1 >= len(b) || !final && len(b)-i < 4 {
			reason = "unexpected end of data"
		} else {
			reason = "invalid continuation byte"
		}
	}
	end := i + 1
	if reason == "invalid continuation byte" {
		// the bytes of the bad sequence that were valid continuations
		for end < len(b) && end-i < 4 && b[end]&0xc0 == 0x80 {
			end++
		}
	}
	return "", vm.NewException(vm.UnicodeDecodeError, vm.Str("utf-8"), vm.NewBytes(append([]byte(nil), b...)), vm.Int(int64(i)), vm.Int(int64(end)), vm.Str(reason))
}

func decodeLossy(b []byte, mode string) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			if mode == "replace" {
				sb.WriteRune(utf8.RuneError)
			}
			b = b[1:]
			continue
		}
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

// translateNewlines applies universal-newline translation when reading.
func (f *fileObj) translateNewlines(s string) string {
	if f.newline != nil || strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// readTextAll is read() for text streams.
func (f *fileObj) readTextAll() (string, error) {
	if f.kind == kindStringIO {
		if f.pos >= len(f.runes) {
			return "", nil
		}
		s := string(f.runes[f.pos:])
		f.pos = len(f.runes)
		return s, nil
	}
	b, err := f.readAllBytes()
	if err != nil {
		return "", err
	}
	s, err := f.decodeText(b, true)
	if err != nil {
		return "", err
	}
	if f.newline == nil || *f.newline == "" {
		f.noteNewlines(s)
	}
	return f.translateNewlines(s), nil
}

// readTextN is read(n) for text streams: n code points.
func (f *fileObj) readTextN(n int) (string, error) {
	if f.kind == kindStringIO {
		if f.pos >= len(f.runes) {
			return "", nil
		}
		end := min(f.pos+n, len(f.runes))
		s := string(f.runes[f.pos:end])
		f.pos = end
		return s, nil
	}
	r, err := f.reader()
	if err != nil {
		return "", err
	}
	defer f.noteReadAhead(r, false)
	f.noteReadAhead(r, n > 0)
	var sb strings.Builder
	for count := 0; count < n; count++ {
		c, size, err := r.ReadRune()
		if err != nil {
			if err == io.EOF {
				break
			}
			return "", osError(err, vm.Value{})
		}
		if c == utf8.RuneError && size == 1 {
			_ = r.UnreadRune()
			b, _ := r.Peek(min(4, r.Buffered()))
			_, derr := f.decodeText(b, false)
			if derr != nil && f.errors != "ignore" && f.errors != "replace" {
				return "", derr
			}
			_, _ = r.ReadByte()
			if f.errors == "ignore" {
				count--
				continue
			}
		}
		if c == '\r' && f.newline == nil {
			seen := seenCR
			if nx, err := r.Peek(1); err == nil && nx[0] == '\n' {
				_, _ = r.ReadByte()
				seen = seenCRLF
			}
			f.newlinesSeen |= seen
			c = '\n'
		} else if c == '\n' && f.newline == nil {
			f.newlinesSeen |= seenLF
		}
		sb.WriteRune(c)
	}
	return sb.String(), nil
}

// readTextLine is readline() for text streams (limit < 0: no limit).
func (f *fileObj) readTextLine(limit int) (string, error) {
	if f.kind == kindStringIO {
		if f.pos >= len(f.runes) {
			return "", nil
		}
		end := f.pos
		for end < len(f.runes) {
			end++
			if f.runes[end-1] == '\n' || limit >= 0 && end-f.pos >= limit {
				break
			}
		}
		if limit == 0 {
			end = f.pos
		}
		s := string(f.runes[f.pos:end])
		f.pos = end
		return s, nil
	}
	r, err := f.reader()
	if err != nil {
		return "", err
	}
	defer f.noteReadAhead(r, false)
	f.noteReadAhead(r, limit != 0)
	var line []byte
	nchars := 0
	for limit < 0 || nchars < limit {
		c, err := r.ReadByte()
		if err != nil {
			if err == io.EOF {
				break
			}
			return "", osError(err, vm.Value{})
		}
		universal := f.newline == nil || *f.newline == ""
		if c == '\r' && (f.newline == nil || *f.newline == "" || *f.newline == "\r" || *f.newline == "\r\n") {
			if nx, err := r.Peek(1); err == nil && nx[0] == '\n' {
				if universal {
					f.newlinesSeen |= seenCRLF
				}
				if f.newline == nil {
					_, _ = r.ReadByte()
					line = append(line, '\n')
					break
				}
				if *f.newline != "\r" {
					_, _ = r.ReadByte()
					line = append(line, '\r', '\n')
					break
				}
			}
			if f.newline != nil && *f.newline == "\r\n" {
				line = append(line, c)
				nchars++
				continue
			}
			if universal {
				f.newlinesSeen |= seenCR
			}
			if f.newline == nil {
				line = append(line, '\n')
			} else {
				line = append(line, '\r')
			}
			break
		}
		if c == '\n' && universal {
			f.newlinesSeen |= seenLF
		}
		line = append(line, c)
		if c < 0x80 || c >= 0xc0 {
			nchars++
		}
		if c == '\n' && (f.newline == nil || *f.newline == "" || *f.newline == "\n") {
			break
		}
	}
	// complete a multi-byte character cut by the limit (only then: a peek
	// after a whole line would wait for the next one on a pipe)
	for limit >= 0 && nchars >= limit && len(line) > 0 && line[len(line)-1] >= 0x80 {
		nx, err := r.Peek(1)
		if err != nil || nx[0] < 0x80 || nx[0] >= 0xc0 {
			break
		}
		c, _ := r.ReadByte()
		line = append(line, c)
	}
	return f.decodeText(line, true)
}

// ---- writing ----

// writeText writes a str to a text stream and returns the count written.
func (f *fileObj) writeText(t *vm.Thread, s string) error {
	switch f.kind {
	case kindStringIO:
		if f.newline == nil || *f.newline == "" {
			f.noteNewlines(s)
		}
		if f.newline == nil && strings.IndexByte(s, '\r') >= 0 {
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		}
		rs := []rune(s)
		if f.newline != nil && (*f.newline == "\r" || *f.newline == "\r\n") {
			rs = []rune(strings.ReplaceAll(s, "\n", *f.newline))
		}
		for len(f.runes) < f.pos {
			f.runes = append(f.runes, 0)
		}
		end := f.pos + len(rs)
		if end > len(f.runes) {
			f.runes = append(f.runes[:f.pos], rs...)
		} else {
			copy(f.runes[f.pos:], rs)
		}
		f.pos = end
		return nil
	case kindStd:
		w := f.v.Stdout
		if f.std == 2 {
			w = f.v.Stderr
		}
		if _, err := io.WriteString(w, s); err != nil {
			return osError(err, vm.Value{})
		}
		if f.lineBuffering && strings.ContainsAny(s, "\n\r") {
			return f.flush()
		}
		return nil
	}
	if f.newline != nil && (*f.newline == "\r" || *f.newline == "\r\n") {
		s = strings.ReplaceAll(s, "\n", *f.newline)
	}
	var data []byte
	switch f.codec {
	case "other":
		// any other codec: str.encode does the work
		if t == nil {
			return vm.Errorf(vm.LookupError, "unknown encoding: %s", f.encoding)
		}
		b, err := t.CallMethod(vm.Str(s), "encode", vm.Str(f.encoding), vm.Str(f.errors))
		if err != nil {
			return err
		}
		data, _ = b.AsBytes()
	case "latin-1", "ascii":
		limit := rune(0xff)
		codec := "latin-1"
		if f.codec == "ascii" {
			limit, codec = 0x7f, "ascii"
		}
		i := 0
		for _, r := range s {
			if r > limit {
				if f.errors == "ignore" {
					continue
				}
				if f.errors == "replace" {
					data = append(data, '?')
					continue
				}
				rng := "range(256)"
				if codec == "ascii" {
					rng = "range(128)"
				}
				end := i + 1
				return vm.NewException(vm.UnicodeEncodeError, vm.Str(codec), vm.Str(s), vm.Int(int64(i)), vm.Int(int64(end)), vm.Str("ordinal not in "+rng))
			}
			data = append(data, byte(r))
			i++
		}
	default:
		data = []byte(s)
	}
	if f.kind == kindFile && !f.writeThrough && !f.unbuffered {
		// the text layer keeps encoded text until a chunk is full, as
		// TextIOWrapper does; then it goes to the buffer
		f.textPending = append(f.textPending, data...)
		if len(f.textPending) >= textChunkSize {
			if err := f.pushText(); err != nil {
				return err
			}
		}
	} else if err := f.writeBytes(data); err != nil {
		return err
	}
	if f.lineBuffering && strings.ContainsAny(s, "\n\r") {
		return f.flush()
	}
	return nil
}

// textChunkSize is how much encoded text a TextIOWrapper keeps before
// passing it to its buffer.
const textChunkSize = 8192

// pushText passes the text layer's pending bytes to the buffer (text
// files only: the binary views leave them where they are, as in CPython).
func (f *fileObj) pushText() error {
	if f.binary || len(f.textPending) == 0 {
		return nil
	}
	data := f.textPending
	f.textPending = nil
	return f.writeBytes(data)
}

// writeBytes writes raw bytes to a file or BytesIO.
func (f *fileObj) writeBytes(b []byte) error {
	switch f.kind {
	case kindBytesIO:
		for len(f.buf) < f.pos {
			f.buf = append(f.buf, 0)
		}
		end := f.pos + len(b)
		if end > len(f.buf) {
			f.buf = append(f.buf[:f.pos], b...)
		} else {
			copy(f.buf[f.pos:], b)
		}
		f.pos = end
		return nil
	case kindStd:
		if err := f.writeText(nil, string(b)); err != nil {
			return err
		}
		if f.unbuffered {
			return f.flush()
		}
		return nil
	}
	if f.inner != nil && !f.binary {
		// a TextIOWrapper over a buffered stream object writes to it
		return f.inner.writeBytes(b)
	}
	if err := f.prepareWrite(); err != nil {
		return err
	}
	if f.unbuffered {
		// the raw layer writes at once, leaving the buffer's data where it is
		if _, err := f.rawIO().Write(b); err != nil {
			return osError(err, vm.Value{})
		}
		return nil
	}
	if _, err := f.w.Write(b); err != nil {
		return osError(err, vm.Value{})
	}
	return nil
}

// view makes another layer over f's file (a text file's buffer, a buffered
// file's raw FileIO): it shares the OS file, the buffers and closed.
func (f *fileObj) view(cls *vm.Type, binary, unbuffered bool) *fileObj {
	v := &fileObj{cls: cls, kind: f.kind, name: f.name, binary: binary, readable: f.readable, writable: f.writable,
		seekable: f.seekable, fileState: f.fileState, unbuffered: unbuffered, v: f.v, std: f.std}
	if binary {
		v.mode = binaryModeName(f.mode, f.readable, f.writable)
	} else {
		v.mode, v.encoding, v.codec, v.errors, v.newline = f.mode, f.encoding, f.codec, f.errors, f.newline
	}
	f.trackView(v)
	return v
}

// binaryModeName is the mode of a text file's buffer: "w" gives "wb",
// "r+" gives "rb+".
func binaryModeName(mode string, readable, writable bool) string {
	if strings.HasSuffix(mode, "b") || strings.ContainsRune(mode, 'b') {
		return mode
	}
	if mode == "" {
		if readable {
			return "rb"
		}
		return "wb"
	}
	c := strings.Trim(mode, "t+")
	if c == "" {
		return mode
	}
	if readable && writable && c == "w" {
		c = "r"
	}
	if readable && writable {
		return c[:1] + "b+"
	}
	return c[:1] + "b"
}

func (f *fileObj) flush() error {
	switch f.kind {
	case kindFile:
		if err := f.pushText(); err != nil {
			return err
		}
		if f.w != nil {
			if err := f.w.Flush(); err != nil {
				return osError(err, vm.Value{})
			}
		}
	case kindStd:
		w := f.v.Stdout
		if f.std == 2 {
			w = f.v.Stderr
		}
		if fl, ok := w.(interface{ Flush() error }); ok {
			_ = fl.Flush()
		}
	}
	return nil
}

func (f *fileObj) close() error {
	if f.closed {
		return nil
	}
	err := f.flush()
	f.closed = true
	f.untrack()
	if f.inner != nil {
		if cerr := f.inner.close(); cerr != nil && err == nil {
			err = cerr
		}
	} else if f.raw != nil {
		if cerr := f.raw.closeRaw(); cerr != nil && err == nil {
			err = cerr
		}
	} else if f.kind == kindFile && !f.noClose {
		if cerr := f.f.Close(); cerr != nil && err == nil {
			err = osError(cerr, vm.Value{})
		}
	}
	if f.kind == kindStringIO {
		f.runes = nil
	}
	if f.kind == kindBytesIO {
		f.buf = nil
	}
	return err
}

// tell returns the current position (bytes for files, code points for
// StringIO).
func (f *fileObj) tell() (int64, error) {
	switch f.kind {
	case kindStringIO, kindBytesIO:
		return int64(f.pos), nil
	case kindStd:
		return 0, vm.Errorf(vm.OSError, "[Errno 29] Illegal seek")
	}
	if f.raw != nil {
		return 0, vm.Errorf(unsupportedOperation, "seek")
	}
	if err := f.pushText(); err != nil {
		return 0, err
	}
	if f.w != nil && f.w.Buffered() > 0 {
		if err := f.w.Flush(); err != nil {
			return 0, osError(err, vm.Value{})
		}
	}
	var pos int64
	var err error
	if f.inner != nil {
		pos, err = f.inner.tell()
	} else if pos, err = f.f.Seek(0, io.SeekCurrent); err != nil {
		err = osError(err, vm.Value{})
	}
	if err != nil {
		return 0, err
	}
	if f.r != nil {
		pos -= int64(f.r.Buffered())
	}
	return pos, nil
}

func (f *fileObj) seek(off int64, whence int) (int64, error) {
	switch f.kind {
	case kindStringIO, kindBytesIO:
		n := len(f.runes)
		if f.kind == kindBytesIO {
			n = len(f.buf)
		}
		var pos int64
		switch whence {
		case 0:
			if off < 0 {
				return 0, vm.Errorf(vm.ValueError, "negative seek value %d", off)
			}
			pos = off
		case 1:
			if f.kind == kindStringIO && off != 0 {
				return 0, vm.Errorf(vm.OSError, "Can't do nonzero cur-relative seeks")
			}
			pos = int64(f.pos) + off
		case 2:
			if f.kind == kindStringIO && off != 0 {
				return 0, vm.Errorf(vm.OSError, "Can't do nonzero end-relative seeks")
			}
			pos = int64(n) + off
		default:
			return 0, vm.Errorf(vm.ValueError, "invalid whence (%d, should be 0, 1 or 2)", whence)
		}
		if pos < 0 {
			pos = 0
		}
		f.pos = int(pos)
		return pos, nil
	case kindStd:
		return 0, vm.Errorf(unsupportedOperation, "underlying stream is not seekable")
	}
	if f.raw != nil {
		return 0, vm.Errorf(unsupportedOperation, "File or stream is not seekable.")
	}
	if whence < 0 || whence > 2 {
		return 0, vm.Errorf(vm.ValueError, "invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	if !f.binary {
		if whence == 1 && off != 0 {
			return 0, vm.Errorf(unsupportedOperation, "can't do nonzero cur-relative seeks")
		}
		if whence == 2 && off != 0 {
			return 0, vm.Errorf(unsupportedOperation, "can't do nonzero end-relative seeks")
		}
		if whence == 0 && off < 0 {
			return 0, vm.Errorf(vm.ValueError, "negative seek position %d", off)
		}
	}
	if err := f.pushText(); err != nil {
		return 0, err
	}
	if f.w != nil && f.w.Buffered() > 0 {
		if err := f.w.Flush(); err != nil {
			return 0, osError(err, vm.Value{})
		}
	}
	if whence == 1 && f.r != nil {
		off -= int64(f.r.Buffered())
	}
	var pos int64
	var err error
	if f.inner != nil {
		pos, err = f.inner.seek(off, whence)
	} else if pos, err = f.f.Seek(off, whence); err != nil {
		err = osError(err, vm.Value{})
	}
	if err != nil {
		return 0, err
	}
	if f.r != nil {
		f.r.Reset(f.rawIO())
	}
	return pos, nil
}

// ---- open() ----

type openMode struct {
	read, write, appnd, create, plus, binary bool
}

func parseMode(mode string) (openMode, error) {
	var m openMode
	text := false
	seen := map[rune]bool{}
	for _, c := range mode {
		if seen[c] || !strings.ContainsRune("rwaxbt+U", c) {
			return m, vm.Errorf(vm.ValueError, "invalid mode: '%s'", mode)
		}
		seen[c] = true
		switch c {
		case 'r':
			m.read = true
		case 'w':
			m.write = true
		case 'a':
			m.appnd = true
		case 'x':
			m.create = true
		case '+':
			m.plus = true
		case 'b':
			m.binary = true
		case 't':
			text = true
		}
	}
	if text && m.binary {
		return m, vm.Errorf(vm.ValueError, "can't have text and binary mode at once")
	}
	n := 0
	for _, b := range []bool{m.read, m.write, m.appnd, m.create} {
		if b {
			n++
		}
	}
	if n != 1 {
		return m, vm.Errorf(vm.ValueError, "must have exactly one of create/read/write/append mode")
	}
	return m, nil
}

func normEncoding(enc string) (string, error) {
	e := strings.ToLower(strings.ReplaceAll(enc, "_", "-"))
	switch e {
	case "utf-8", "utf8", "u8", "utf", "cp65001":
		return "utf-8", nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		return "latin-1", nil
	case "ascii", "us-ascii", "646":
		return "ascii", nil
	case "utf-8-sig":
		return "utf-8", nil
	}
	return "", vm.Errorf(vm.LookupError, "unknown encoding: %s", enc)
}

func builtinOpen(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var file, mode, buffering, encoding, errs, newline, closefd, opener vm.Value
	if err := vm.UnpackArgs("open", args, kw, []string{"file", "mode?", "buffering?", "encoding?", "errors?", "newline?", "closefd?", "opener?"},
		&file, &mode, &buffering, &encoding, &errs, &newline, &closefd, &opener); err != nil {
		return vm.Value{}, err
	}
	modeStr := "r"
	if mode.IsValid() {
		s, ok := mode.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "open() argument 'mode' must be str, not %s", mode.TypeName())
		}
		modeStr = s
	}
	if file.IsFloat() || file.IsNone() || file.IsBool() {
		return vm.Value{}, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", file.TypeName())
	}
	fd := -1
	var path string
	if file.IsInt() {
		n, _ := file.AsInt64()
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "negative file descriptor")
		}
		fd = int(n)
	} else {
		p, err := fsPath(t, "open", file)
		if err != nil {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", file.TypeName())
		}
		path = p
	}
	m, err := parseMode(modeStr)
	if err != nil {
		return vm.Value{}, err
	}
	if fsys := t.VM().FS(); fsys != nil {
		return openFS(t, fsys, file, path, m)
	}
	if err := need(t, vm.AllowFS, "open", args); err != nil {
		return vm.Value{}, err
	}
	bufSize := int64(-1)
	if given(buffering) {
		n, err := t.Index(buffering)
		if err != nil {
			return vm.Value{}, err
		}
		bufSize = n
	}
	if bufSize == 0 && !m.binary {
		return vm.Value{}, vm.Errorf(vm.ValueError, "can't have unbuffered text I/O")
	}
	f := &fileObj{kind: kindFile, name: file, encoding: "UTF-8", errors: "strict", binary: m.binary, seekable: true, fileState: &fileState{}}
	if m.binary {
		if given(encoding) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "binary mode doesn't take an encoding argument")
		}
		if given(errs) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "binary mode doesn't take an errors argument")
		}
		if given(newline) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "binary mode doesn't take a newline argument")
		}
		f.encoding = ""
	}
	if given(encoding) {
		s, ok := encoding.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "open() argument 'encoding' must be str or None, not %s", encoding.TypeName())
		}
		codec, err := normEncoding(s)
		if err != nil {
			return vm.Value{}, err
		}
		f.encoding = s
		f.codec = codec
	}
	if err := f.setTextOptions(t, "open", errs, newline); err != nil {
		return vm.Value{}, err
	}
	flags := 0
	switch {
	case m.read:
		flags = os.O_RDONLY
		f.readable = true
		f.mode = "r"
		if m.plus {
			flags = os.O_RDWR
			f.writable = true
		}
	case m.write:
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		f.writable = true
		f.mode = "w"
		if m.plus {
			flags = os.O_RDWR | os.O_CREATE | os.O_TRUNC
			f.readable = true
		}
	case m.appnd:
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		f.writable = true
		f.mode = "a"
		if m.plus {
			flags = os.O_RDWR | os.O_CREATE | os.O_APPEND
			f.readable = true
		}
	case m.create:
		flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
		f.writable = true
		f.mode = "x"
		if m.plus {
			flags = os.O_RDWR | os.O_CREATE | os.O_EXCL
			f.readable = true
		}
	}
	if m.binary {
		if m.plus && m.write {
			f.mode = "r" // FileIO names w+ "rb+"
		}
		f.mode += "b"
		if m.plus {
			f.mode += "+"
		}
		switch {
		case m.plus:
			f.cls = bufferedRandomType
		case m.read:
			f.cls = bufferedReaderType
		default:
			f.cls = bufferedWriterType
		}
		if bufSize == 0 {
			f.cls = fileIOType
			f.unbuffered = true
		}
	} else {
		f.mode = modeStr
		f.cls = textIOWrapperType
		f.lineBuffering = bufSize == 1
	}
	files := filesOf(t.VM())
	f.fileState.vm = t.VM()
	if fd >= 0 {
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
			return vm.Value{}, osError(syscall.EISDIR, vm.Value{})
		}
		f.seekable = st.Mode&syscall.S_IFMT == syscall.S_IFREG || st.Mode&syscall.S_IFMT == syscall.S_IFBLK
		f.f = os.NewFile(uintptr(fd), fmt.Sprint(fd))
		if given(closefd) {
			if b, _ := t.Truth(closefd); !b {
				f.noClose = true
			}
		}
		files.track(f)
		return vm.ObjectValue(f), nil
	}
	if len(files.files) > 0 && files.pendingFor(path) {
		// a dropped file object may still hold data for this file
		if err := t.VM().Collect(t); err != nil {
			return vm.Value{}, err
		}
	}
	var osf *os.File
	var oerr error
	// opening may block (a FIFO waits for its other end)
	t.VM().BlockingCall(func() { osf, oerr = os.OpenFile(path, flags, 0o666) })
	if oerr != nil {
		return vm.Value{}, osError(oerr, file)
	}
	if st, err := osf.Stat(); err == nil && st.IsDir() {
		osf.Close()
		return vm.Value{}, osError(syscall.EISDIR, file)
	}
	f.f = osf
	if m.appnd {
		// the position starts at the end, as CPython's FileIO seeks there
		if _, err := osf.Seek(0, io.SeekEnd); err != nil {
			osf.Close()
			return vm.Value{}, osError(err, file)
		}
	}
	files.track(f)
	return vm.ObjectValue(f), nil
}

// ---- methods ----

func sizeArg(t *vm.Thread, fname string, args []vm.Value) (int, error) {
	if len(args) == 0 || args[0].IsNone() {
		return -1, nil
	}
	if !isIntLike(args[0]) {
		if _, ok := args[0].Type().Lookup("__index__"); !ok {
			return 0, vm.Errorf(vm.TypeError, "argument should be integer or None, not '%s'", args[0].TypeName())
		}
	}
	n, err := t.Index(args[0])
	if err != nil {
		return 0, err
	}
	return int(n), nil
}

func (f *fileObj) readMethod(t *vm.Thread, n int) (vm.Value, error) {
	if err := f.checkReadable(); err != nil {
		return vm.Value{}, err
	}
	if f.binary {
		var b []byte
		var err error
		if n < 0 {
			b, err = f.readAllBytes()
		} else {
			b, err = f.readNBytes(n)
		}
		if err != nil {
			return vm.Value{}, err
		}
		if b == nil {
			b = []byte{}
		}
		return vm.NewBytes(b), nil
	}
	var s string
	var err error
	if n < 0 {
		s, err = f.readTextAll()
	} else {
		s, err = f.readTextN(n)
	}
	if err != nil {
		return vm.Value{}, err
	}
	return vm.Str(s), nil
}

func (f *fileObj) readLineValue(limit int) (vm.Value, bool, error) {
	if f.binary {
		b, err := f.readLineBytes(limit)
		if err != nil {
			return vm.Value{}, false, err
		}
		if b == nil {
			b = []byte{}
		}
		return vm.NewBytes(b), len(b) > 0, nil
	}
	s, err := f.readTextLine(limit)
	if err != nil {
		return vm.Value{}, false, err
	}
	return vm.Str(s), s != "", nil
}

func (f *fileObj) writeValue(t *vm.Thread, v vm.Value) (int, error) {
	if f.closed && f.binary && f.kind == kindFile && f.cls != fileIOType && !f.detached {
		return 0, vm.Errorf(vm.ValueError, "write to closed file")
	}
	if err := f.checkWritable(); err != nil {
		return 0, err
	}
	if f.binary {
		b, ok := v.AsBytes()
		if !ok {
			return 0, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", v.TypeName())
		}
		return len(b), f.writeBytes(b)
	}
	s, ok := v.AsStr()
	if !ok {
		if f.kind == kindStringIO {
			return 0, vm.Errorf(vm.TypeError, "string argument expected, got '%s'", v.TypeName())
		}
		return 0, vm.Errorf(vm.TypeError, "write() argument must be str, not %s", v.TypeName())
	}
	return utf8.RuneCountInString(s), f.writeText(t, s)
}

func init() {
	vm.RegisterBuiltin("open", builtinOpen)
	register("io", initIO)

	B := ioBaseType
	addInstanceAttrs(B)
	method := func(name string, body func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error)) {
		B.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			f, err := fileSelf(self)
			if err != nil {
				return vm.Value{}, err
			}
			if f.fileState != nil && f.raw != nil {
				f.th = t
			}
			if f.closed {
				if err := f.closedBufferedErr(name); err != nil {
					return vm.Value{}, err
				}
			}
			return body(t, f, args, kw)
		})
	}
	method("read", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("read", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := sizeArg(t, "read", args)
		if err != nil {
			return vm.Value{}, err
		}
		return f.readMethod(t, n)
	})
	method("readline", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("readline", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := sizeArg(t, "readline", args)
		if err != nil {
			return vm.Value{}, err
		}
		if err := f.checkReadable(); err != nil {
			return vm.Value{}, err
		}
		v, _, err := f.readLineValue(n)
		return v, err
	})
	method("readlines", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("readlines", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		hint, err := sizeArg(t, "readlines", args)
		if err != nil {
			return vm.Value{}, err
		}
		if err := f.checkReadable(); err != nil {
			return vm.Value{}, err
		}
		var lines []vm.Value
		total := 0
		for {
			v, ok, err := f.readLineValue(-1)
			if err != nil {
				return vm.Value{}, err
			}
			if !ok {
				break
			}
			lines = append(lines, v)
			n, _ := t.Len(v)
			total += n
			if hint > 0 && total >= hint {
				break
			}
		}
		return vm.NewList(lines), nil
	})
	method("write", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("write", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := f.writeValue(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(n)), nil
	})
	method("writelines", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("writelines", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if err := f.checkWritable(); err != nil {
			return vm.Value{}, err
		}
		return none, t.ForEach(args[0], func(x vm.Value) error {
			_, err := f.writeValue(t, x)
			return err
		})
	})
	method("flush", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return none, f.flush()
	})
	method("close", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		return none, f.close()
	})
	method("tell", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		n, err := f.tell()
		return vm.Int(n), err
	})
	method("seek", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("seek", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		off, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		whence := int64(0)
		if len(args) == 2 {
			if whence, err = t.Index(args[1]); err != nil {
				return vm.Value{}, err
			}
		}
		n, err := f.seek(off, int(whence))
		return vm.Int(n), err
	})
	method("truncate", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("truncate", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		if err := f.checkWritable(); err != nil {
			return vm.Value{}, err
		}
		size := int64(-1)
		if len(args) == 1 && !args[0].IsNone() {
			n, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if n < 0 {
				return vm.Value{}, vm.Errorf(vm.ValueError, "negative size value %d", n)
			}
			size = n
		}
		if size < 0 {
			p, err := f.tell()
			if err != nil {
				return vm.Value{}, err
			}
			size = p
		}
		switch f.kind {
		case kindStringIO:
			if int(size) < len(f.runes) {
				f.runes = f.runes[:size]
			}
		case kindBytesIO:
			if int(size) < len(f.buf) {
				f.buf = f.buf[:size]
			}
		case kindFile:
			if err := f.flush(); err != nil {
				return vm.Value{}, err
			}
			if err := f.f.Truncate(size); err != nil {
				return vm.Value{}, osError(err, vm.Value{})
			}
		default:
			return vm.Value{}, vm.Errorf(unsupportedOperation, "truncate")
		}
		return vm.Int(size), nil
	})
	method("readable", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(f.readable), nil
	})
	method("writable", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(f.writable), nil
	})
	method("seekable", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(f.seekable), nil
	})
	method("isatty", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		if f.kind == kindStd {
			var w any = f.v.Stdin
			if f.std == 1 {
				w = f.v.Stdout
			} else if f.std == 2 {
				w = f.v.Stderr
			}
			if of, ok := w.(*os.File); ok {
				if st, err := of.Stat(); err == nil {
					return vm.Bool(st.Mode()&os.ModeCharDevice != 0), nil
				}
			}
		}
		return vm.False, nil
	})
	method("fileno", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		switch {
		case f.raw != nil:
			return vm.Int(int64(f.raw.fileno())), nil
		}
		switch f.kind {
		case kindFile:
			return vm.Int(int64(f.f.Fd())), nil
		case kindStd:
			return vm.Int(int64(f.std)), nil
		}
		return vm.Value{}, vm.Errorf(unsupportedOperation, "fileno")
	})
	method("__iter__", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(f), nil
	})
	method("__next__", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkReadable(); err != nil {
			return vm.Value{}, err
		}
		v, ok, err := f.readLineValue(-1)
		if err != nil {
			return vm.Value{}, err
		}
		if !ok {
			return vm.Value{}, vm.NewException(vm.StopIteration)
		}
		return v, nil
	})
	method("__enter__", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(f), nil
	})
	method("__exit__", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		return none, f.close()
	})
	method("getvalue", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		switch f.kind {
		case kindStringIO:
			return vm.Str(string(f.runes)), nil
		case kindBytesIO:
			return vm.NewBytes(append([]byte(nil), f.buf...)), nil
		}
		return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'getvalue'", f.cls.Name)
	})
	method("__repr__", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if f.kind == kindStringIO || f.kind == kindBytesIO {
			return vm.Str(fmt.Sprintf("<%s object at %p>", f.cls.FullName(), f)), nil
		}
		if f.cls == socketIOType {
			return vm.Str(fmt.Sprintf("<socket.SocketIO object at %p>", f)), nil
		}
		name, err := t.Repr(f.nameValue())
		if err != nil {
			return vm.Value{}, err
		}
		if f.cls == fileIOType {
			if f.closed {
				return vm.Str("<_io.FileIO [closed]>"), nil
			}
			return vm.Str(fmt.Sprintf("<_io.FileIO name=%s mode='%s' closefd=%s>", name, f.mode, pyBool(!f.noClose))), nil
		}
		if f.binary {
			return vm.Str(fmt.Sprintf("<%s name=%s>", f.cls.FullName(), name)), nil
		}
		if f.mode == "" {
			return vm.Str(fmt.Sprintf("<%s name=%s encoding='%s'>", f.cls.FullName(), name, f.encoding)), nil
		}
		return vm.Str(fmt.Sprintf("<%s name=%s mode='%s' encoding='%s'>", f.cls.FullName(), name, f.mode, f.encoding)), nil
	})
	getter := func(name string, get func(f *fileObj) (vm.Value, error)) {
		B.NewGetSet(name, func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			f, err := fileSelf(self)
			if err != nil {
				return vm.Value{}, err
			}
			return get(f)
		}, nil)
	}
	getter("closed", func(f *fileObj) (vm.Value, error) { return vm.Bool(f.closed), nil })
	getter("closefd", func(f *fileObj) (vm.Value, error) {
		if f.cls != fileIOType {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'closefd'", f.cls.Name)
		}
		return vm.Bool(!f.noClose), nil
	})
	getter("name", func(f *fileObj) (vm.Value, error) {
		if f.kind == kindStringIO || f.kind == kindBytesIO {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'name'", f.cls.Name)
		}
		return f.nameValue(), nil
	})
	getter("mode", func(f *fileObj) (vm.Value, error) {
		if f.kind == kindStringIO || f.kind == kindBytesIO {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'mode'", f.cls.Name)
		}
		if f.mode == "" {
			// a TextIOWrapper made without a mode (Popen's text pipes)
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'mode'", f.cls.FullName())
		}
		return vm.Str(f.mode), nil
	})
	getter("encoding", func(f *fileObj) (vm.Value, error) {
		if f.binary {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'encoding'", f.cls.Name)
		}
		if f.kind == kindStringIO {
			return none, nil
		}
		return vm.Str(f.encoding), nil
	})
	getter("errors", func(f *fileObj) (vm.Value, error) {
		if f.binary {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'errors'", f.cls.Name)
		}
		if f.kind == kindStringIO {
			return none, nil
		}
		return vm.Str(f.errors), nil
	})
	getter("newlines", func(f *fileObj) (vm.Value, error) { return f.newlinesValue(), nil })
	getter("line_buffering", func(f *fileObj) (vm.Value, error) {
		if f.binary || f.kind == kindStringIO {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'line_buffering'", f.cls.Name)
		}
		return vm.Bool(f.lineBuffering), nil
	})
	getter("write_through", func(f *fileObj) (vm.Value, error) {
		if f.binary || f.kind == kindStringIO {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'write_through'", f.cls.Name)
		}
		return vm.Bool(f.writeThrough), nil
	})
	getter("raw", func(f *fileObj) (vm.Value, error) {
		if f.inner != nil && f.binary {
			return vm.ObjectValue(f.inner), nil
		}
		if f.kind == kindStd && f.binary && !f.unbuffered {
			if f.rawView == nil {
				f.rawView = f.view(fileIOType, true, true)
				f.rawView.mode = f.mode
				f.noClose = true
			}
			return vm.ObjectValue(f.rawView), nil
		}
		if f.raw != nil && f.binary && f.rawView != nil && f != f.rawView {
			return vm.ObjectValue(f.rawView), nil
		}
		if f.kind != kindFile || !f.binary || f.unbuffered {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'raw'", f.cls.Name)
		}
		if f.rawView == nil {
			f.rawView = f.view(fileIOType, true, true)
		}
		return vm.ObjectValue(f.rawView), nil
	})
	getter("buffer", func(f *fileObj) (vm.Value, error) {
		if f.inner != nil && !f.binary {
			return vm.ObjectValue(f.inner), nil
		}
		if f.kind == kindFile && !f.binary {
			cls := bufferedRandomType
			switch {
			case !f.writable:
				cls = bufferedReaderType
			case !f.readable:
				cls = bufferedWriterType
			case f.raw != nil:
				cls = bufferedRWPairType
			}
			if f.buffer == nil {
				f.buffer = f.view(cls, true, false)
			}
			return vm.ObjectValue(f.buffer), nil
		}
		if f.kind != kindStd || f.binary {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'buffer'", f.cls.Name)
		}
		if f.buffer == nil {
			b := *f
			b.binary = true
			b.attrs = nil
			b.encoding = ""
			b.mode = f.mode[:1] + "b"
			if f.std == 0 {
				b.cls = bufferedReaderType
			} else {
				b.cls = bufferedWriterType
			}
			f.buffer = &b
		}
		return vm.ObjectValue(f.buffer), nil
	})

	newStringIO := func(t *vm.Thread, cls vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		c, ok := cls.Object().(*vm.Type)
		if !ok || !stringIOType.IsSubtype(c) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "StringIO.__new__(X): X is not a subtype of StringIO")
		}
		return vm.ObjectValue(&fileObj{cls: c, kind: kindStringIO, readable: true, writable: true, seekable: true, fileState: &fileState{}}), nil
	}
	stringIOType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "StringIO.__new__(): not enough arguments")
		}
		return newStringIO(t, args[0], args[1:], kw)
	})
	stringIOType.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := fileSelf(self)
		if err != nil {
			return vm.Value{}, err
		}
		var initial, newline vm.Value
		if err := vm.UnpackArgs("StringIO", args, kw, []string{"initial_value?", "newline?"}, &initial, &newline); err != nil {
			return vm.Value{}, err
		}
		f.newline = nil
		nl := "\n"
		f.newline = &nl
		if newline.IsValid() {
			if newline.IsNone() {
				f.newline = nil
			} else {
				s, ok := newline.AsStr()
				if !ok {
					return vm.Value{}, vm.Errorf(vm.TypeError, "newline must be str or None, not %s", newline.TypeName())
				}
				switch s {
				case "", "\n", "\r", "\r\n":
				default:
					r, _ := t.Repr(newline)
					return vm.Value{}, vm.Errorf(vm.ValueError, "illegal newline value: %s", r)
				}
				f.newline = &s
			}
		}
		f.runes = nil
		f.pos = 0
		f.closed = false
		if given(initial) {
			s, ok := initial.AsStr()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "initial_value must be str or None, not %s", initial.TypeName())
			}
			if err := f.writeText(t, s); err != nil {
				return vm.Value{}, err
			}
			f.pos = 0
		}
		return none, nil
	})
	bytesIOType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "BytesIO.__new__(): not enough arguments")
		}
		c, ok := args[0].Object().(*vm.Type)
		if !ok || !bytesIOType.IsSubtype(c) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "BytesIO.__new__(X): X is not a subtype of BytesIO")
		}
		return vm.ObjectValue(&fileObj{cls: c, kind: kindBytesIO, binary: true, readable: true, writable: true, seekable: true, fileState: &fileState{}}), nil
	})
	bytesIOType.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := fileSelf(self)
		if err != nil {
			return vm.Value{}, err
		}
		var initial vm.Value
		if err := vm.UnpackArgs("BytesIO", args, kw, []string{"initial_bytes?"}, &initial); err != nil {
			return vm.Value{}, err
		}
		f.buf = nil
		f.pos = 0
		if given(initial) {
			b, ok := initial.AsBytes()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", initial.TypeName())
			}
			f.buf = append([]byte(nil), b...)
		}
		return none, nil
	})
}

func initIO(v *vm.VM, m *vm.Module) error {
	m.SetFunc("open", builtinOpen)
	m.Set("StringIO", vm.ObjectValue(stringIOType))
	m.Set("BytesIO", vm.ObjectValue(bytesIOType))
	m.Set("TextIOWrapper", vm.ObjectValue(textIOWrapperType))
	m.Set("BufferedReader", vm.ObjectValue(bufferedReaderType))
	m.Set("BufferedWriter", vm.ObjectValue(bufferedWriterType))
	m.Set("BufferedRandom", vm.ObjectValue(bufferedRandomType))
	m.Set("IOBase", vm.ObjectValue(ioBaseType))
	m.Set("TextIOBase", vm.ObjectValue(textIOBaseType))
	m.Set("BufferedIOBase", vm.ObjectValue(bufferedIOBaseType))
	m.Set("RawIOBase", vm.ObjectValue(rawIOBaseType))
	m.Set("FileIO", vm.ObjectValue(fileIOType))
	m.Set("UnsupportedOperation", vm.ObjectValue(unsupportedOperation))
	m.Set("SEEK_SET", vm.Int(0))
	m.Set("SEEK_CUR", vm.Int(1))
	m.Set("SEEK_END", vm.Int(2))
	m.Set("DEFAULT_BUFFER_SIZE", vm.Int(8192))
	return nil
}

// The newline kinds a universal-newline reader has met (newlinesSeen).
const (
	seenLF uint8 = 1 << iota
	seenCR
	seenCRLF
)

// noteNewlines records the line endings in s (read in universal mode).
func (f *fileObj) noteNewlines(s string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			f.newlinesSeen |= seenLF
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				f.newlinesSeen |= seenCRLF
				i++
			} else {
				f.newlinesSeen |= seenCR
			}
		}
	}
}

// newlinesValue is the newlines attribute: None, one ending or a tuple of
// them in CPython's order ('\r', '\n', '\r\n').
func (f *fileObj) newlinesValue() vm.Value {
	var kinds []vm.Value
	if f.newlinesSeen&seenCR != 0 {
		kinds = append(kinds, vm.Str("\r"))
	}
	if f.newlinesSeen&seenLF != 0 {
		kinds = append(kinds, vm.Str("\n"))
	}
	if f.newlinesSeen&seenCRLF != 0 {
		kinds = append(kinds, vm.Str("\r\n"))
	}
	switch len(kinds) {
	case 0:
		return none
	case 1:
		return kinds[0]
	}
	return vm.NewTuple(kinds)
}

// noteReadAhead records the line endings in the data read ahead into r's
// buffer: CPython decodes a chunk at a time, so its newlines attribute
// already knows the endings of the chunk around what was read. With fill
// (before a read that needs data anyway) an empty buffer is filled first;
// after a read nothing more is read, so that a line from a pipe or a
// terminal is returned as soon as it is there.
func (f *fileObj) noteReadAhead(r *bufio.Reader, fill bool) {
	if f.kind == kindStd || f.newline != nil && *f.newline != "" {
		return
	}
	if fill {
		_, _ = r.Peek(1)
	}
	b, _ := r.Peek(r.Buffered())
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	f.noteNewlines(string(b))
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// setTextOptions applies the errors= and newline= arguments of open() or
// TextIOWrapper() (who names the function in messages) to a text file.
func (f *fileObj) setTextOptions(t *vm.Thread, who string, errs, newline vm.Value) error {
	if given(errs) {
		s, ok := errs.AsStr()
		if !ok {
			return vm.Errorf(vm.TypeError, "%s() argument 'errors' must be str or None, not %s", who, errs.TypeName())
		}
		f.errors = s
	}
	if given(newline) {
		s, ok := newline.AsStr()
		if !ok {
			return vm.Errorf(vm.TypeError, "%s() argument 'newline' must be str or None, not %s", who, newline.TypeName())
		}
		switch s {
		case "", "\n", "\r", "\r\n":
		default:
			r, _ := t.Repr(newline)
			return vm.Errorf(vm.ValueError, "illegal newline value: %s", r)
		}
		f.newline = &s
	}
	return nil
}
