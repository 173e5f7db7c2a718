package vm

import (
	"bytes"
	"io"
	"os"
	"strings"
	"time"
)

// abortableReader is what the VM's Stdin reads from: a read that may block
// (a terminal, a pipe, an embedder's reader) runs on a helper goroutine
// while the script waits for it interruptibly, so a run aborted by a limit
// or a cancelled context ends even when the script waits for input. The
// read goes on; its data is kept for the next read.
type abortableReader struct {
	vm *VM
	r  io.Reader
	// pending delivers the outcome of the read in progress (nil: none).
	pending chan readResult
	// rest and restErr are what a finished read left unconsumed.
	rest    []byte
	restErr error
}

type readResult struct {
	b   []byte
	err error
}

// newStdinReader wraps r; readers that never block are read directly.
func newStdinReader(vm *VM, r io.Reader) io.Reader {
	switch x := r.(type) {
	case *strings.Reader, *bytes.Reader, *bytes.Buffer:
		return r
	case *os.File:
		if st, err := x.Stat(); err == nil && st.Mode().IsRegular() {
			return r
		}
	}
	return &abortableReader{vm: vm, r: r}
}

// Read returns the next bytes, or the abort exception of an aborted run.
func (a *abortableReader) Read(p []byte) (int, error) {
	if len(a.rest) > 0 {
		n := copy(p, a.rest)
		a.rest = a.rest[n:]
		return n, nil
	}
	if a.restErr != nil {
		err := a.restErr
		a.restErr = nil
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if a.pending == nil {
		ch := make(chan readResult, 1)
		a.pending = ch
		buf := make([]byte, len(p))
		go func() {
			n, err := a.r.Read(buf)
			ch <- readResult{buf[:n], err}
		}()
	}
	for {
		var res readResult
		got := false
		stop := a.vm.stopChan()
		a.vm.BlockingCall(func() {
			select {
			case res = <-a.pending:
				got = true
			case <-stop:
			}
		})
		if got {
			a.pending = nil
			n := copy(p, res.b)
			a.rest = res.b[n:]
			if len(a.rest) > 0 {
				a.restErr = res.err
				return n, nil
			}
			return n, res.err
		}
		if err := a.vm.pendingAbortOnly(); err != nil {
			return 0, err
		}
		// cleanup code reads during the abort's grace period
		time.Sleep(time.Millisecond)
	}
}
