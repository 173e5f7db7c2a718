package stdlib

import (
	"bytes"
	"io"
	"os"

	"github.com/pyasync/pyasync/vm"
)

// File objects over pipes (a child process's standard streams).

// newPipeFileObj wraps a pipe end: mode "rb"/"wb" (a BufferedReader or
// BufferedWriter), or a TextIOWrapper over one when text is set (UTF-8,
// universal newlines).
//
// The file is registered in v's open-file registry (flushed at exit and
// when dropped), and its reads and writes release v's lock.
func newPipeFileObj(v *vm.VM, f *os.File, mode string, text bool) *fileObj {
	fo := &fileObj{kind: kindFile, fileState: &fileState{f: f, vm: v}, name: vm.Int(int64(f.Fd())), errors: "strict"}
	defer filesOf(v).track(fo)
	if mode[0] == 'r' {
		fo.readable = true
	} else {
		fo.writable = true
	}
	switch {
	case text:
		fo.cls = textIOWrapperType
		fo.encoding = "UTF-8"
		fo.mode = "" // Popen's TextIOWrapper has no mode attribute
	case fo.readable:
		fo.cls = bufferedReaderType
		fo.binary = true
		fo.mode = "rb"
	default:
		fo.cls = bufferedWriterType
		fo.binary = true
		fo.mode = "wb"
	}
	return fo
}

// rawReader returns a reader of what is left in the file: data already
// buffered, then the file itself. Used by communicate, which reads on
// helper goroutines while the script waits (so it never goes through the
// buffer's lock-releasing raw end).
func (f *fileObj) rawReader() io.Reader {
	if f.r != nil && f.r.Buffered() > 0 {
		rest, _ := f.r.Peek(f.r.Buffered())
		rest = append([]byte(nil), rest...)
		f.r.Reset(f.f)
		return io.MultiReader(bytes.NewReader(rest), f.f)
	}
	return f.f
}
