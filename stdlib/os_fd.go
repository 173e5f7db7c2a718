package stdlib

import (
	"github.com/pyasync/pyasync/vm"
	"golang.org/x/sys/unix"
)

// The file-descriptor flags of the os module: get_inheritable,
// set_inheritable, get_blocking, set_blocking, dup and dup2; mkfifo.

func init() { osExtras = append(osExtras, initOSFD) }

func initOSFD(v *vm.VM, m *vm.Module) error {
	m.SetFunc("get_inheritable", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := fdParam(t, "get_inheritable", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.Bool(fl&unix.FD_CLOEXEC == 0), nil
	})
	m.SetFunc("set_inheritable", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, on, err := fdFlagArgs(t, "set_inheritable", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err == nil {
			if on {
				fl &^= unix.FD_CLOEXEC
			} else {
				fl |= unix.FD_CLOEXEC
			}
			_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFD, fl)
		}
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return none, nil
	})
	m.SetFunc("get_blocking", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := fdParam(t, "get_blocking", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.Bool(fl&unix.O_NONBLOCK == 0), nil
	})
	m.SetFunc("set_blocking", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, on, err := fdFlagArgs(t, "set_blocking", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := unix.SetNonblock(fd, !on); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return none, nil
	})
	m.SetFunc("dup", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := fdParam(t, "dup", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		// the new descriptor is non-inheritable, as in CPython
		nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.Int(int64(nfd)), nil
	})
	m.SetFunc("dup2", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var fd, fd2, inh vm.Value
		if err := vm.UnpackArgs("dup2", args, kw, []string{"fd", "fd2", "inheritable?"}, &fd, &fd2, &inh); err != nil {
			return vm.Value{}, err
		}
		a, err := t.Index(fd)
		if err != nil {
			return vm.Value{}, err
		}
		b, err := t.Index(fd2)
		if err != nil {
			return vm.Value{}, err
		}
		flags := 0
		if inh.IsValid() {
			if on, _ := t.Truth(inh); !on {
				flags = unix.O_CLOEXEC
			}
		}
		if a == b {
			return vm.Int(b), nil
		}
		if err := sysDup3(int(a), int(b), flags); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.Int(b), nil
	})
	m.SetFunc("mkfifo", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p, mode, dirFD vm.Value
		if err := vm.UnpackArgs("mkfifo", args, kw, []string{"path", "mode?", "*dir_fd?"}, &p, &mode, &dirFD); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "mkfifo", p)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowFS, "os.mkfifo()"); err != nil {
			return vm.Value{}, err
		}
		perm := int64(0o666)
		if mode.IsValid() {
			if perm, err = t.Index(mode); err != nil {
				return vm.Value{}, err
			}
		}
		if err := unix.Mkfifo(s, uint32(perm)); err != nil {
			return vm.Value{}, osError(err, p)
		}
		return none, nil
	})
	return nil
}

// fdFlagArgs reads the (fd, flag) arguments of set_inheritable/set_blocking.
func fdFlagArgs(t *vm.Thread, fname string, args []vm.Value, kw []string) (int, bool, error) {
	if err := vm.ArgCount(fname, args, kw, 2, 2); err != nil {
		return 0, false, err
	}
	fd, err := t.Index(args[0])
	if err != nil {
		return 0, false, err
	}
	on, err := t.Truth(args[1])
	return int(fd), on, err
}
