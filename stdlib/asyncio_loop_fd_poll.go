package stdlib

import "github.com/pyasync/pyasync/vm"

// add_reader/add_writer on the loop's own poller (Linux): the descriptor
// is registered with the loop's epoll instance, which changes nothing on
// the descriptor itself, so its callback runs among the I/O callbacks of
// the iteration that saw it ready, as with asyncio's selector, with no
// goroutine and no wake-up pipe. Descriptors epoll refuses (regular files)
// or that another registration already holds keep the helper goroutine of
// asyncio_loop_fd.go.

// fdPoll is one descriptor's registration; its reader and writer are the
// watches in loopExt.readers and loopExt.writers that use it.
type fdPoll struct {
	l              *vm.Loop
	pf             *vm.PollFD
	reader, writer *fdWatch
}

// pollWatch puts w on the loop's poller; false: the caller keeps the
// goroutine path.
func pollWatch(l *vm.Loop, ext *loopExt, w *fdWatch) bool {
	p := ext.polled[w.fd]
	if p == nil {
		p = &fdPoll{l: l}
		pf, err := l.PollFD(w.fd, p)
		if err != nil {
			return false
		}
		p.pf = pf
	}
	old := p.reader
	if w.write {
		old = p.writer
	}
	p.set(w.write, w)
	if err := p.pf.Want(p.reader != nil, p.writer != nil); err != nil {
		p.set(w.write, old)
		if p.reader == nil && p.writer == nil {
			p.pf.Close()
		}
		return false
	}
	ext.polled[w.fd] = p
	w.poll = p
	return true
}

// set makes w the registration's reader (write false) or writer.
func (p *fdPoll) set(write bool, w *fdWatch) {
	if write {
		p.writer = w
	} else {
		p.reader = w
	}
}

// unwatch takes w off the registration, which ends with its last watch.
func (p *fdPoll) unwatch(ext *loopExt, w *fdWatch) {
	p.set(w.write, nil)
	if p.reader == nil && p.writer == nil {
		p.pf.Close()
		delete(ext.polled, w.fd)
		return
	}
	// the descriptor may have been closed under its watch: nothing to
	// narrow then
	_ = p.pf.Want(p.reader != nil, p.writer != nil)
}

// FDReady runs the reader's callback, then the writer's, as asyncio's
// selector loop queues them.
func (p *fdPoll) FDReady(read, write bool) {
	w := p.writer
	if read && p.reader != nil {
		p.reader.call(p.l)
	}
	if write && w != nil && p.writer == w {
		w.call(p.l)
	}
}
