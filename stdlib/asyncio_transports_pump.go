package stdlib

import (
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The write pump: small writes of stream transports are handed to one
// helper goroutine per loop, which makes the write system calls (on
// loopback a write also runs the receiver's side of TCP, the most
// expensive part of a round trip) while the loop goroutine runs scripts.
// The pump takes everything queued at once and reports back in a single
// completion, so a busy server's writes cost the loop a queue append each.
//
// Data handed to the pump counts as written (get_write_buffer_size stays
// 0, as after a send that the kernel accepted). If the socket is full the
// pump stops writing for that transport (its later items come back
// unwritten, in order); the loop then queues the rest in the transport's
// buffer, where the usual writer and flow control take over. Writes above
// pumpMax go straight to the socket from the loop, so large writes still
// see back-pressure synchronously.

const pumpMax = 16 << 10

// usePump switches the write pump on.
const usePump = false

type pumpItem struct {
	tr   *fdTransport
	rc   syscall.RawConn
	data []byte
	rest []byte // what could not be written
	err  error
}

type writePump struct {
	loop        *vm.Loop
	mu          sync.Mutex
	queue       []pumpItem
	wake        chan struct{}
	op          *vm.Op
	outstanding int // items pushed and not yet reported (loop goroutine)
}

func pumpOf(l *vm.Loop) *writePump {
	ext := extOf(l)
	if ext.pump == nil {
		p := &writePump{loop: l, wake: make(chan struct{}, 1)}
		p.op = l.GoDaemon(p.run)
		ext.pump = p
	}
	return ext.pump
}

// push queues a write (loop goroutine).
func (p *writePump) push(tr *fdTransport, data []byte) {
	if p.outstanding == 0 {
		p.loop.Begin()
	}
	p.outstanding++
	tr.pumpPending++
	p.mu.Lock()
	first := len(p.queue) == 0
	p.queue = append(p.queue, pumpItem{tr: tr, rc: tr.rc, data: data})
	p.mu.Unlock()
	if first {
		select {
		case p.wake <- struct{}{}:
		default:
		}
	}
}

// run is the pump goroutine.
func (p *writePump) run(op *vm.Op) {
	ctx := op.Context()
	var stalled []*fdTransport
	for {
		select {
		case <-p.wake:
		case <-ctx.Done():
			return
		}
		for {
			p.mu.Lock()
			items := p.queue
			p.queue = nil
			p.mu.Unlock()
			if len(items) == 0 {
				break
			}
			stalled = stalled[:0]
			for i := range items {
				it := &items[i]
				if it.tr.pumpStall.Load() {
					it.rest = it.data
					continue
				}
				var n int
				var werr error
				err := it.rc.Write(func(fd uintptr) bool {
					n, werr = syscall.Write(int(fd), it.data)
					return true
				})
				switch {
				case err != nil:
					it.err = err
				case werr == syscall.EAGAIN || werr == syscall.EINTR:
					it.rest = it.data
					it.tr.pumpStall.Store(true)
				case werr != nil:
					it.err = werr
				case n < len(it.data):
					it.rest = it.data[n:]
					it.tr.pumpStall.Store(true)
				}
			}
			batch := items
			if !op.Post(func() { p.report(batch) }) {
				return
			}
		}
	}
}

// report applies a batch's outcome on the loop goroutine.
func (p *writePump) report(items []pumpItem) {
	p.outstanding -= len(items)
	if p.outstanding == 0 {
		p.loop.Done()
	}
	for i := range items {
		it := &items[i]
		tr := it.tr
		tr.pumpPending--
		if tr.lost && tr.file == nil {
			continue
		}
		if it.err != nil {
			if !tr.lost {
				tr.reportError(tr.thread(), "Fatal write error on socket transport", sockErr(it.err), true)
			}
		} else if len(it.rest) > 0 {
			tr.stalled = true
			tr.pumpRest = append(tr.pumpRest, it.rest...)
		}
		if tr.pumpPending == 0 {
			tr.pumpSettled()
		}
	}
}

// pumpSettled runs once the pump holds nothing more of tr's.
func (tr *fdTransport) pumpSettled() {
	if tr.lost && tr.file == nil {
		return
	}
	if len(tr.pumpRest) > 0 {
		tr.wbuf = append(tr.pumpRest, tr.wbuf...)
		tr.pumpRest = nil
	}
	if tr.writeOp != nil {
		return
	}
	if len(tr.wbuf) > 0 {
		if !tr.lost {
			tr.startWriter()
			tr.maybePause(tr.thread())
		}
		return
	}
	tr.unstall()
	tr.flushed()
}

func (tr *fdTransport) unstall() {
	tr.stalled = false
	tr.pumpStall.Store(false)
}

// pumpState is the part of fdTransport the pump uses.
type pumpState struct {
	pumpPending int         // items in the pump (loop goroutine)
	pumpRest    []byte      // unwritten data coming back from the pump
	stalled     bool        // the pump hit a full socket: write through the buffer
	pumpStall   atomic.Bool // the same, for the pump goroutine
}
