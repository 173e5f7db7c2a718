package stdlib

import (
	"context"
	"sync"
	"syscall"
	"unsafe"

	"github.com/pyasync/pyasync/vm"
)

// loop.add_reader/add_writer/remove_reader/remove_writer: a helper
// goroutine per watched descriptor waits in poll(2) (the descriptor is not
// ours, so it is not handed to the netpoller, whose registration would
// change its flags), together with a wake-up pipe that removing the
// watcher or closing the loop closes. When the descriptor is ready the
// callback runs on the loop; the goroutine waits for it before polling
// again, so a level-triggered descriptor calls back once per readiness
// check, as with asyncio's selector.

type fdWatch struct {
	fd       int
	write    bool
	cb       vm.Value
	args     []vm.Value
	op       *vm.Op
	wakeR    int
	wakeW    int
	stopOnce sync.Once
	ack      chan struct{}
	// poll is the loop poller's registration when the loop's epoll
	// watches the descriptor (asyncio_loop_fd_poll.go); op is nil then
	poll *fdPoll
}

type pollFd struct {
	fd      int32
	events  int16
	revents int16
}

const (
	pollIn  = 0x1
	pollOut = 0x4
	pollErr = 0x8
	pollHup = 0x10
)

func poll(fds []pollFd) (int, error) {
	n, _, e := syscall.Syscall(syscall.SYS_POLL, uintptr(unsafe.Pointer(&fds[0])), uintptr(len(fds)), ^uintptr(0))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

func (w *fdWatch) stop() {
	w.stopOnce.Do(func() { syscall.Close(w.wakeW) })
}

func fdArg(t *vm.Thread, v vm.Value) (int, error) {
	if v.IsInt() {
		n, _ := v.AsInt64()
		return int(n), nil
	}
	r, err := t.CallMethod(v, "fileno")
	if err != nil {
		r2, _ := t.Repr(v)
		return 0, vm.Errorf(vm.ValueError, "Invalid file object: %s", r2)
	}
	n, err := t.Index(r)
	return int(n), err
}

func addWatch(t *vm.Thread, l *vm.Loop, fd int, write bool, cb vm.Value, args []vm.Value) error {
	ext := extOf(l)
	m := ext.readers
	if write {
		m = ext.writers
	}
	if w := m[fd]; w != nil {
		w.cb, w.args = cb, args
		return nil
	}
	if w := (&fdWatch{fd: fd, write: write, cb: cb, args: args}); pollWatch(l, ext, w) {
		m[fd] = w
		return nil
	}
	var p [2]int
	if err := sysPipe(p[:]); err != nil {
		return osError(err, vm.Value{})
	}
	w := &fdWatch{fd: fd, write: write, cb: cb, args: args, wakeR: p[0], wakeW: p[1], ack: make(chan struct{}, 1)}
	m[fd] = w
	ev := int16(pollIn)
	if write {
		ev = pollOut
	}
	w.op = l.Go(func(op *vm.Op) {
		ctx := op.Context()
		stop := context.AfterFunc(ctx, w.stop)
		defer stop()
		defer syscall.Close(w.wakeR)
		for {
			fds := []pollFd{{fd: int32(fd), events: ev}, {fd: int32(w.wakeR), events: pollIn}}
			if _, err := poll(fds); err != nil {
				if err == syscall.EINTR {
					continue
				}
				return
			}
			if fds[1].revents != 0 {
				return
			}
			if fds[0].revents&(ev|pollErr|pollHup) == 0 {
				continue
			}
			if !op.Post(func() { runWatch(l, w, m) }) {
				return
			}
			select {
			case <-w.ack:
			case <-ctx.Done():
				return
			}
		}
	})
	return nil
}

func runWatch(l *vm.Loop, w *fdWatch, m map[int]*fdWatch) {
	defer func() { w.ack <- struct{}{} }()
	if m[w.fd] != w {
		return
	}
	w.call(l)
}

// call runs the watch's callback on the loop; an exception goes to the
// loop's exception handler.
func (w *fdWatch) call(l *vm.Loop) {
	t := l.VM().Main()
	if _, err := t.Call(w.cb, w.args, nil); err != nil {
		ctx := vm.NewDict()
		ctx.SetStr("message", vm.Str("Exception in callback "+vm.FormatCallback(t, w.cb, w.args)))
		ctx.SetStr("exception", vm.ObjectValue(asExc(err)))
		l.ReportContext(t, ctx)
	}
}

func removeWatch(l *vm.Loop, ext *loopExt, fd int, write bool) bool {
	if ext == nil {
		ext = extOf(l)
	}
	m := ext.readers
	if write {
		m = ext.writers
	}
	w := m[fd]
	if w == nil {
		return false
	}
	delete(m, fd)
	if w.poll != nil {
		w.poll.unwatch(ext, w)
		return true
	}
	w.stop()
	w.op.Cancel()
	return true
}

func init() {
	for _, write := range []bool{false, true} {
		write := write
		add, remove := "add_reader", "remove_reader"
		if write {
			add, remove = "add_writer", "remove_writer"
		}
		loopType.NewMethod(add, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) < 2 || len(kw) > 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes at least 2 positional arguments", add)
			}
			fd, err := fdArg(t, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			l := loopOf(self)
			if l.Closed() {
				return vm.Value{}, vm.Errorf(vm.RuntimeError, "Event loop is closed")
			}
			return vm.None, addWatch(t, l, fd, write, args[1], append([]vm.Value(nil), args[2:]...))
		})
		loopType.NewMethod(remove, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(remove, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			fd, err := fdArg(t, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Bool(removeWatch(loopOf(self), nil, fd, write)), nil
		})
	}
}
