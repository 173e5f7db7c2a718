//go:build !linux

package stdlib

import (
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// statTimes returns the access and change times of a stat in nanoseconds
// (approximated by zero where the layout differs).
func statTimes(st *syscall.Stat_t) (int64, int64) {
	return 0, 0
}

// fstatValue is os.fstat, written for Linux only so far.
func fstatValue(fd int) (vm.Value, error) {
	return vm.Value{}, vm.Errorf(vm.NotImplementedError, "os.fstat is not supported on this system by pyasync")
}
