//go:build !linux

package stdlib

import "syscall"

// statTimes returns the access and change times of a stat in nanoseconds
// (approximated by zero where the layout differs).
func statTimes(st *syscall.Stat_t) (int64, int64) {
	return 0, 0
}
