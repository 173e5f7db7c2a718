//go:build !linux

package stdlib

import "syscall"

// fdWrite writes b to the non-blocking socket fd.
func fdWrite(fd int, b []byte) (int, error) { return syscall.Write(fd, b) }

// fdRead reads into b from the non-blocking socket fd.
func fdRead(fd int, b []byte) (int, error) { return syscall.Read(fd, b) }
