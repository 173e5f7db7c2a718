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
	mt := st.Mtim.Nano()
	return statResultType.make([]vm.Value{vm.Int(int64(st.Mode)), vm.Int(int64(st.Ino)), vm.Int(int64(st.Dev)), vm.Int(int64(st.Nlink)),
		vm.Int(int64(st.Uid)), vm.Int(int64(st.Gid)), vm.Int(st.Size),
		vm.Float(float64(at) / 1e9), vm.Float(float64(mt) / 1e9), vm.Float(float64(ct) / 1e9),
		vm.Int(at), vm.Int(mt), vm.Int(ct)}), nil
}
