//go:build linux

package stdlib

import (
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// statTimes returns the access and change times of a stat in nanoseconds.
func statTimes(st *syscall.Stat_t) (int64, int64) {
	return st.Atim.Nano(), st.Ctim.Nano()
}

// fstatValue is os.fstat: the os.stat_result of open descriptor fd, with
// the mode bits as the kernel gives them.
func fstatValue(fd int) (vm.Value, error) {
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(fd, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return vm.Value{}, osError(err, vm.None)
		}
		break
	}
	at, ct := statTimes(&st)
	return statResult(int64(st.Mode), int64(st.Ino), int64(st.Dev), int64(st.Nlink), int64(st.Uid), int64(st.Gid),
		st.Size, at, st.Mtim.Nano(), ct), nil
}
