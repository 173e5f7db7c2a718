package stdlib

import (
	"io"
	"os"

	"github.com/pyasync/pyasync/vm"
)

// File objects over pipes (a child process's standard streams).

// newPipeFileObj wraps a pipe end: mode "rb"/"wb" (a BufferedReader or
// BufferedWriter), or a TextIOWrapper over one when text is set (UTF-8,
// universal newlines).
func newPipeFileObj(f *os.File, mode string, text bool) *fileObj {
	fo := &fileObj{kind: kindFile, fileState: &fileState{f: f}, name: vm.Int(int64(f.Fd())), errors: "strict"}
	if mode[0] == 'r' {
		fo.readable = true
	} else {
		fo.writable = true
	}
	switch {
	case text:
		fo.cls = textIOWrapperType
		fo.encoding = "UTF-8"
		fo.mode = mode[:1]
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
// helper goroutines while the script waits.
func (f *fileObj) rawReader() io.Reader {
	if f.r != nil && f.r.Buffered() > 0 {
		return f.r
	}
	return f.f
}
