package main

import "syscall"

// setNofileLimit sets the process's descriptor limit (soft and hard) to n.
func setNofileLimit(n int) error {
	lim := syscall.Rlimit{Cur: uint64(n), Max: uint64(n)}
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
}
