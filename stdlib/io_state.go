package stdlib

import (
	"bufio"
	"io"
	"os"

	"github.com/pyasync/pyasync/vm"
)

// The state a file object shares with its views (a text file's buffer, a
// buffered file's raw FileIO): the OS file, the read and write buffers and
// whether it is closed.

// fileState is the part of a file object shared by the layers over one
// file descriptor.
type fileState struct {
	f *os.File
	// noClose: open(fd, closefd=False) leaves the descriptor open
	noClose bool
	closed  bool
	// detached: TextIOWrapper.detach() gave the buffer away
	detached bool
	r        *bufio.Reader
	w        *bufio.Writer
	// textPending is encoded text the text layer has not passed to the
	// buffer yet
	textPending []byte
	// inner is the binary stream under a TextIOWrapper or BufferedReader
	// made by a script over another stream object (TextIOWrapper(BytesIO()))
	inner *fileObj
	// vm, when set, is the VM whose lock the file's system calls release
	// (so helper goroutines — run_in_executor, aiofiles — run meanwhile)
	vm *vm.VM
	// reg is the file's entry in its VM's registry of open files (flushed
	// at exit and when every object over the file is gone).
	reg *openFile
	// raw, when set, is the raw end when it is not an OS file (a socket's
	// SocketIO): the buffers read and write it, close closes it.
	raw rawEnd
	// th is the thread of the latest method call on a file with a raw end
	// (a socket waits interruptibly on it).
	th *vm.Thread
}

// rawEnd is a raw stream other than an OS file under the buffered layer.
type rawEnd interface {
	io.ReadWriter
	// closeRaw releases the raw end (the file objects over it are closed)
	closeRaw() error
	// fileno is the descriptor (-1 once closed)
	fileno() int
}

// rawIO is what the buffers read from and write to: the OS file, or the
// inner stream object.
func (st *fileState) rawIO() io.ReadWriter {
	if st.inner != nil {
		return innerIO{st.inner}
	}
	if st.raw != nil {
		return st.raw
	}
	if st.vm != nil {
		return releasingFile{st.f, st.vm}
	}
	return st.f
}

// releasingFile reads and writes an OS file with the VM's lock released.
type releasingFile struct {
	f *os.File
	v *vm.VM
}

func (r releasingFile) Read(p []byte) (n int, err error) {
	r.v.BlockingCall(func() { n, err = r.f.Read(p) })
	return n, err
}

func (r releasingFile) Write(p []byte) (n int, err error) {
	r.v.BlockingCall(func() { n, err = r.f.Write(p) })
	return n, err
}

// unread moves the raw position back by n bytes read ahead.
func (st *fileState) unread(n int) error {
	if st.inner != nil {
		_, err := st.inner.seek(int64(-n), io.SeekCurrent)
		return err
	}
	if st.raw != nil {
		return vm.Errorf(unsupportedOperation, "File or stream is not seekable.")
	}
	if _, err := st.f.Seek(int64(-n), io.SeekCurrent); err != nil {
		return osError(err, vm.Value{})
	}
	return nil
}

// innerIO reads and writes an inner binary stream object.
type innerIO struct{ f *fileObj }

func (r innerIO) Read(p []byte) (int, error) {
	if err := r.f.checkOpen(); err != nil {
		return 0, err
	}
	b, err := r.f.readNBytes(len(p))
	if err != nil {
		return 0, err
	}
	if len(b) == 0 {
		return 0, io.EOF
	}
	return copy(p, b), nil
}

func (r innerIO) Write(p []byte) (int, error) {
	if err := r.f.checkOpen(); err != nil {
		return 0, err
	}
	if err := r.f.writeBytes(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// nameValue is the name attribute: a socket file's is its descriptor
// (-1 once closed), as SocketIO.name.
func (f *fileObj) nameValue() vm.Value {
	if f.fileState != nil && f.raw != nil {
		if f.closed {
			return vm.Int(-1)
		}
		return vm.Int(int64(f.raw.fileno()))
	}
	return f.name
}
