package stdlib

import (
	"bufio"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The io classes a script builds over another stream object
// (TextIOWrapper(BytesIO()), BufferedReader(raw)) and the binary methods
// of the buffered layer: peek, read1, readinto, getbuffer, detach.
//
// A wrapper shares nothing with its inner object but the inner object's
// byte methods: its buffers read and write the inner stream (innerIO).
// Only pyasync's own binary streams can be wrapped; a wrapper over a
// script-defined stream raises NotImplementedError.

func init() {
	textIOWrapperType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "TextIOWrapper.__new__(): not enough arguments")
		}
		return newTextWrapper(t, args[0], args[1:], kw)
	})
	textIOWrapperType.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return none, nil
	})
	for _, cls := range []*vm.Type{bufferedReaderType, bufferedWriterType, bufferedRandomType} {
		cls := cls
		cls.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			var raw, size vm.Value
			if len(args) == 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "%s.__new__(): not enough arguments", cls.Name)
			}
			if err := vm.UnpackArgs(cls.Name, args[1:], kw, []string{"raw", "buffer_size?"}, &raw, &size); err != nil {
				return vm.Value{}, err
			}
			inner, err := innerStream(raw, cls.Name)
			if err != nil {
				return vm.Value{}, err
			}
			f := &fileObj{cls: cls, kind: kindFile, binary: true, name: inner.name, mode: inner.mode, readable: inner.readable,
				writable: inner.writable, seekable: inner.seekable, fileState: &fileState{inner: inner}}
			return vm.ObjectValue(f), nil
		})
		cls.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return none, nil
		})
	}

	B := ioBaseType
	method := func(name string, body func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error)) {
		B.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			f, err := fileSelf(self)
			if err != nil {
				return vm.Value{}, err
			}
			if f.fileState != nil && f.raw != nil {
				f.th = t
			}
			if f.closed && (name == "peek" || name == "read1") {
				if err := f.closedBufferedErr(name); err != nil {
					return vm.Value{}, err
				}
			}
			return body(t, f, args, kw)
		})
	}
	method("peek", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("peek", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		if err := f.checkReadable(); err != nil {
			return vm.Value{}, err
		}
		if f.kind != kindFile || !f.binary {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'peek'", f.cls.FullName())
		}
		r, err := f.reader()
		if err != nil {
			return vm.Value{}, err
		}
		_, _ = r.Peek(1)
		b, _ := r.Peek(r.Buffered())
		return vm.NewBytes(append([]byte(nil), b...)), nil
	})
	method("read1", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("read1", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := sizeArg(t, "read1", args)
		if err != nil {
			return vm.Value{}, err
		}
		if err := f.checkReadable(); err != nil {
			return vm.Value{}, err
		}
		if !f.binary {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'read1'", f.cls.FullName())
		}
		if f.kind == kindBytesIO {
			return f.readMethod(t, n)
		}
		r, err := f.reader()
		if err != nil {
			return vm.Value{}, err
		}
		return vm.NewBytes(read1(r, n)), nil
	})
	method("readinto", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("readinto", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if err := f.checkReadable(); err != nil {
			return vm.Value{}, err
		}
		dst, ok := args[0].Object().(vm.Buffer)
		if w, isW := args[0].Object().(vm.BufferWritable); !ok || !isW || !w.BufferWritable() {
			return vm.Value{}, vm.Errorf(vm.TypeError, "readinto() argument must be read-write bytes-like object, not %s", args[0].TypeName())
		}
		buf := dst.BufferBytes()
		b, err := f.readNBytes(len(buf))
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(copy(buf, b))), nil
	})
	method("getbuffer", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getbuffer", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		if f.kind != kindBytesIO {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'getbuffer'", f.cls.Name)
		}
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		return t.NewMemoryView(vm.ObjectValue(&bytesIOBuffer{f}))
	})
	method("detach", func(t *vm.Thread, f *fileObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("detach", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		if f.detached {
			return vm.Value{}, vm.Errorf(vm.ValueError, "underlying buffer has been detached")
		}
		if f.inner == nil {
			return vm.Value{}, vm.Errorf(unsupportedOperation, "detach")
		}
		if err := f.flush(); err != nil {
			return vm.Value{}, err
		}
		inner := f.inner
		f.fileState = &fileState{closed: true, detached: true}
		return vm.ObjectValue(inner), nil
	})
}

// read1 reads at most n bytes (n < 0: what is buffered) with at most one
// read of the underlying stream.
func read1(r *bufio.Reader, n int) []byte {
	if r.Buffered() == 0 {
		_, _ = r.Peek(1)
	}
	if n < 0 || n > r.Buffered() {
		n = r.Buffered()
	}
	b := make([]byte, n)
	m, _ := r.Read(b)
	return b[:m]
}

// innerStream checks that v is a binary stream pyasync can wrap.
func innerStream(v vm.Value, who string) (*fileObj, error) {
	inner, ok := v.Object().(*fileObj)
	if !ok {
		return nil, vm.Errorf(vm.NotImplementedError, "io.%s over a '%s' object (only io's own binary streams can be wrapped)", who, v.TypeName())
	}
	if !inner.binary {
		return nil, vm.Errorf(vm.NotImplementedError, "io.%s over a text stream", who)
	}
	return inner, nil
}

// newTextWrapper is TextIOWrapper(buffer, encoding, errors, newline,
// line_buffering, write_through).
func newTextWrapper(t *vm.Thread, cls vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	c, ok := cls.Object().(*vm.Type)
	if !ok || !textIOWrapperType.IsSubtype(c) {
		return vm.Value{}, vm.Errorf(vm.TypeError, "TextIOWrapper.__new__(X): X is not a subtype of TextIOWrapper")
	}
	var buffer, encoding, errs, newline, lineBuf, writeThrough vm.Value
	if err := vm.UnpackArgs("TextIOWrapper", args, kw, []string{"buffer", "encoding?", "errors?", "newline?", "line_buffering?", "write_through?"},
		&buffer, &encoding, &errs, &newline, &lineBuf, &writeThrough); err != nil {
		return vm.Value{}, err
	}
	inner, err := innerStream(buffer, "TextIOWrapper")
	if err != nil {
		return vm.Value{}, err
	}
	f := &fileObj{cls: c, kind: kindFile, name: inner.name, readable: inner.readable, writable: inner.writable,
		seekable: inner.seekable, fileState: &fileState{inner: inner}, encoding: "UTF-8", codec: "utf-8", errors: "strict"}
	if inner.mode != "" {
		f.mode = strings.ReplaceAll(inner.mode, "b", "")
	}
	if given(encoding) {
		s, ok := encoding.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "TextIOWrapper() argument 'encoding' must be str or None, not %s", encoding.TypeName())
		}
		f.encoding = s
		codec, err := normEncoding(s)
		if err != nil {
			// any codec str.encode knows
			if _, err := t.CallMethod(vm.Str(""), "encode", vm.Str(s)); err != nil {
				return vm.Value{}, err
			}
			codec = "other"
		}
		f.codec = codec
	}
	if err := f.setTextOptions(t, "TextIOWrapper", errs, newline); err != nil {
		return vm.Value{}, err
	}
	if lineBuf.IsValid() {
		f.lineBuffering, _ = t.Truth(lineBuf)
	}
	if writeThrough.IsValid() {
		f.writeThrough, _ = t.Truth(writeThrough)
	}
	return vm.ObjectValue(f), nil
}

// bytesIOBuffer is the memory of a BytesIO, for getbuffer().
type bytesIOBuffer struct{ f *fileObj }

var bytesIOBufferType = vm.NewNativeType("_BytesIOBuffer", "_io", nil, nil)

// Type implements vm.Object.
func (*bytesIOBuffer) Type() *vm.Type { return bytesIOBufferType }

// BufferBytes implements vm.Buffer.
func (b *bytesIOBuffer) BufferBytes() []byte { return b.f.buf }

// BufferWritable implements vm.BufferWritable.
func (b *bytesIOBuffer) BufferWritable() bool { return true }

func init() {
	textIOWrapperType.NewMethod("reconfigure", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := fileSelf(self)
		if err != nil {
			return vm.Value{}, err
		}
		var encoding, errs, newline, lineBuf, writeThrough vm.Value
		if len(args) > len(kw) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "reconfigure() takes no positional arguments")
		}
		if err := vm.UnpackArgs("reconfigure", args, kw, []string{"*encoding?", "*errors?", "*newline?", "*line_buffering?", "*write_through?"},
			&encoding, &errs, &newline, &lineBuf, &writeThrough); err != nil {
			return vm.Value{}, err
		}
		if err := f.checkOpen(); err != nil {
			return vm.Value{}, err
		}
		if given(encoding) || given(errs) || given(newline) {
			// what was written with the old settings goes out first
			if err := f.flush(); err != nil {
				return vm.Value{}, err
			}
		}
		if given(encoding) {
			s, ok := encoding.AsStr()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "reconfigure() argument 'encoding' must be str or None, not %s", encoding.TypeName())
			}
			codec, err := normEncoding(s)
			if err != nil {
				if _, err := t.CallMethod(vm.Str(""), "encode", vm.Str(s)); err != nil {
					return vm.Value{}, err
				}
				codec = "other"
			}
			f.encoding, f.codec = s, codec
			if !given(errs) {
				f.errors = "strict"
			}
		}
		if given(errs) {
			s, ok := errs.AsStr()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "reconfigure() argument 'errors' must be str or None, not %s", errs.TypeName())
			}
			f.errors = s
		}
		if newline.IsValid() {
			if newline.IsNone() {
				f.newline = nil
			} else {
				s, ok := newline.AsStr()
				if !ok {
					return vm.Value{}, vm.Errorf(vm.TypeError, "reconfigure() argument 'newline' must be str or None, not %s", newline.TypeName())
				}
				switch s {
				case "", "\n", "\r", "\r\n":
				default:
					return vm.Value{}, vm.Errorf(vm.ValueError, "illegal newline value: %s", s)
				}
				f.newline = &s
			}
		}
		if given(lineBuf) {
			f.lineBuffering, _ = t.Truth(lineBuf)
		}
		if given(writeThrough) {
			f.writeThrough, _ = t.Truth(writeThrough)
		}
		if f.writeThrough || f.lineBuffering {
			if err := f.pushText(); err != nil {
				return vm.Value{}, err
			}
		}
		return none, nil
	})
}
