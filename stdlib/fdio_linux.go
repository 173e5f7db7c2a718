package stdlib

import (
	"syscall"
	"unsafe"
)

// Non-blocking reads and writes made on the loop goroutine. They never
// block (the descriptor is non-blocking), so they skip the scheduler's
// system call bookkeeping: a Syscall that takes a few microseconds, as a
// loopback TCP write does (it runs the receiving side's TCP too), lets
// the runtime hand the processor to another thread and take it back
// through a futex, which cost more than the write itself when every
// request does one.

// fdWrite writes b to the non-blocking descriptor fd.
func fdWrite(fd int, b []byte) (int, error) { return rawIO(syscall.SYS_WRITE, fd, b) }

// fdRead reads into b from the non-blocking descriptor fd.
func fdRead(fd int, b []byte) (int, error) { return rawIO(syscall.SYS_READ, fd, b) }

// rawIO makes the read or write system call nr on fd with buffer b.
func rawIO(nr uintptr, fd int, b []byte) (int, error) {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	n, _, e := syscall.RawSyscall(nr, uintptr(fd), uintptr(p), uintptr(len(b)))
	if e != 0 {
		return -1, e
	}
	return int(n), nil
}
