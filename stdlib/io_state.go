package stdlib

import (
	"bufio"
	"os"
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
	r       *bufio.Reader
	w       *bufio.Writer
	// reg is the file's entry in its VM's registry of open files (flushed
	// at exit and when every object over the file is gone).
	reg *openFile
}
