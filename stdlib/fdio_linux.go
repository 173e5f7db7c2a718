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

//
// They are send and recv calls (sendto and recvfrom without an address),
// as CPython's transports make, not write and read: those go through the
// file layer first (position lock, fsnotify hooks), about 3% of echo's
// CPU.

// fdWrite writes b to the non-blocking socket fd.
func fdWrite(fd int, b []byte) (int, error) {
	return rawIO(syscall.SYS_SENDTO, fd, b, syscall.MSG_NOSIGNAL)
}

// fdRead reads into b from the non-blocking socket fd.
func fdRead(fd int, b []byte) (int, error) { return rawIO(syscall.SYS_RECVFROM, fd, b, 0) }

// rawIO makes the sendto or recvfrom system call nr on fd with buffer b,
// flags and no address.
func rawIO(nr uintptr, fd int, b []byte, flags int) (int, error) {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	n, _, e := syscall.RawSyscall6(nr, uintptr(fd), uintptr(p), uintptr(len(b)), uintptr(flags), 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(n), nil
}
