package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The errno module: the symbolic error codes of the platform and
// errorcode, the map from number to name. The tables errnoNames and
// errnoAliases are per OS: errno_linux.go lists Linux's (taken from Go's
// syscall package), errno_other.go takes the names of golang.org/x/sys/unix
// on the other Unix systems. Where two names share a number, errorcode
// holds the name CPython shows (EAGAIN, EDEADLOCK, ENOTSUP) and the
// aliases are attributes too.

func init() { register("errno", initErrno) }

func initErrno(v *vm.VM, m *vm.Module) error {
	codes := vm.NewDict()
	t := v.NewThread()
	for _, e := range errnoNames {
		m.Set(e.name, vm.Int(int64(e.code)))
		if err := codes.Set(t, vm.Int(int64(e.code)), vm.Str(e.name)); err != nil {
			return err
		}
	}
	for _, e := range errnoAliases {
		m.Set(e.name, vm.Int(int64(e.code)))
	}
	m.Set("errorcode", vm.ObjectValue(codes))
	return nil
}
