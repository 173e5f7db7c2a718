//go:build linux

package stdlib

import "syscall"

// statTimes returns the access and change times of a stat in nanoseconds.
func statTimes(st *syscall.Stat_t) (int64, int64) {
	return st.Atim.Nano(), st.Ctim.Nano()
}
