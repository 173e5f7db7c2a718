package stdlib

import (
	"os"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The process and file-descriptor parts of the os module: kill, _exit,
// pipe, open/read/write/close/fdopen, chmod, utime, and the wait-status
// helpers. They are added to the os module by initOSProc (called from
// initOS).

func init() { osExtras = append(osExtras, initOSProc) }

// osExtras are functions that add more names to the os module.
var osExtras []func(v *vm.VM, m *vm.Module) error

func initOSProc(v *vm.VM, m *vm.Module) error {
	for name, val := range map[string]int64{"O_NONBLOCK": syscall.O_NONBLOCK, "O_CLOEXEC": syscall.O_CLOEXEC,
		"WNOHANG": syscall.WNOHANG, "EX_OK": 0} {
		m.Set(name, vm.Int(val))
	}
	m.SetFunc("kill", osKill)
	m.SetFunc("_exit", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var code vm.Value
		if err := vm.UnpackArgs("_exit", args, kw, []string{"status"}, &code); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(code)
		if err != nil {
			return vm.Value{}, err
		}
		os.Exit(int(n))
		return none, nil
	})
	m.SetFunc("pipe", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("pipe", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		var p [2]int
		if err := sysPipe(p[:]); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.NewTuple([]vm.Value{vm.Int(int64(p[0])), vm.Int(int64(p[1]))}), nil
	})
	m.SetFunc("open", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p, flags, mode, dirFD vm.Value
		if err := vm.UnpackArgs("open", args, kw, []string{"path", "flags", "mode?", "*dir_fd?"}, &p, &flags, &mode, &dirFD); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "open", p)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowFS, "os.open()"); err != nil {
			return vm.Value{}, err
		}
		fl, err := t.Index(flags)
		if err != nil {
			return vm.Value{}, err
		}
		perm := int64(0o777)
		if mode.IsValid() {
			if perm, err = t.Index(mode); err != nil {
				return vm.Value{}, err
			}
		}
		fd, err := syscall.Open(s, int(fl)|syscall.O_CLOEXEC, uint32(perm))
		if err != nil {
			return vm.Value{}, osError(err, p)
		}
		return vm.Int(int64(fd)), nil
	})
	m.SetFunc("close", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := fdParam(t, "close", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := syscall.Close(fd); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return none, nil
	})
	m.SetFunc("read", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("read", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		fd, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			return vm.Value{}, osError(syscall.EINVAL, vm.Value{})
		}
		buf := make([]byte, n)
		var got int
		var rerr error
		t.VM().BlockingCall(func() { got, rerr = syscall.Read(int(fd), buf) })
		if rerr != nil {
			return vm.Value{}, osError(rerr, vm.Value{})
		}
		return vm.NewBytes(buf[:got]), nil
	})
	m.SetFunc("write", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("write", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		fd, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		b, ok := args[1].AsBytes()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", args[1].TypeName())
		}
		var n int
		var werr error
		t.VM().BlockingCall(func() { n, werr = syscall.Write(int(fd), b) })
		if werr != nil {
			return vm.Value{}, osError(werr, vm.Value{})
		}
		return vm.Int(int64(n)), nil
	})
	m.SetFunc("fdopen", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return builtinOpen(t, args, kw)
	})
	m.SetFunc("isatty", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		fd, err := fdParam(t, "isatty", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) != nil {
			return vm.False, nil
		}
		return vm.Bool(st.Mode&syscall.S_IFMT == syscall.S_IFCHR), nil
	})
	m.SetFunc("chmod", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p, mode, dirFD, follow vm.Value
		if err := vm.UnpackArgs("chmod", args, kw, []string{"path", "mode", "*dir_fd?", "*follow_symlinks?"}, &p, &mode, &dirFD, &follow); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "chmod", p)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowFS, "os.chmod()"); err != nil {
			return vm.Value{}, err
		}
		md, err := t.Index(mode)
		if err != nil {
			return vm.Value{}, err
		}
		if err := syscall.Chmod(s, uint32(md)); err != nil {
			return vm.Value{}, osError(err, p)
		}
		return none, nil
	})
	m.SetFunc("utime", osUtime)
	m.SetFunc("waitstatus_to_exitcode", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("waitstatus_to_exitcode", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		ws := syscall.WaitStatus(n)
		if ws.Signaled() {
			return vm.Int(-int64(ws.Signal())), nil
		}
		return vm.Int(int64(ws.ExitStatus())), nil
	})
	return nil
}

// fdParam reads the single file-descriptor argument of fname.
func fdParam(t *vm.Thread, fname string, args []vm.Value, kw []string) (int, error) {
	if err := vm.ArgCount(fname, args, kw, 1, 1); err != nil {
		return 0, err
	}
	n, err := t.Index(args[0])
	return int(n), err
}

// osKill is os.kill(pid, sig). Signalling the interpreter's own process
// waits until the signal has reached the handlers' goroutine and runs the
// Python-level handlers before returning, as CPython does.
func osKill(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("kill", args, kw, 2, 2); err != nil {
		return vm.Value{}, err
	}
	pid, err := t.Index(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	sig, err := t.Index(args[1])
	if err != nil {
		return vm.Value{}, err
	}
	if int(pid) == os.Getpid() {
		return none, raiseOwnSignal(t, int(sig), func() error { return syscall.Kill(int(pid), syscall.Signal(sig)) })
	}
	if err := t.VM().Require(vm.AllowProcess, "os.kill()"); err != nil {
		return vm.Value{}, err
	}
	if err := syscall.Kill(int(pid), syscall.Signal(sig)); err != nil {
		return vm.Value{}, osError(err, vm.Value{})
	}
	return none, nil
}

// osUtime is os.utime(path, times=None, *, ns=None).
func osUtime(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var p, times, ns, dirFD, follow vm.Value
	if err := vm.UnpackArgs("utime", args, kw, []string{"path", "times?", "*ns?", "*dir_fd?", "*follow_symlinks?"}, &p, &times, &ns, &dirFD, &follow); err != nil {
		return vm.Value{}, err
	}
	s, err := fsPath(t, "utime", p)
	if err != nil {
		return vm.Value{}, err
	}
	if err := t.VM().Require(vm.AllowFS, "os.utime()"); err != nil {
		return vm.Value{}, err
	}
	now := time.Now()
	at, mt := now, now
	pair := func(v vm.Value, scale float64) error {
		items, err := t.ToSlice(v)
		if err != nil || len(items) != 2 {
			return vm.Errorf(vm.TypeError, "utime: 'times' must be either a tuple of two ints or None")
		}
		var xs [2]float64
		for i, it := range items {
			f, err := toFloat(t, it)
			if err != nil {
				return err
			}
			xs[i] = f
		}
		at = time.Unix(0, int64(xs[0]*scale))
		mt = time.Unix(0, int64(xs[1]*scale))
		return nil
	}
	if given(ns) {
		items, err := t.ToSlice(ns)
		if err != nil || len(items) != 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "utime: 'ns' must be a tuple of two ints")
		}
		a, err := t.Index(items[0])
		if err != nil {
			return vm.Value{}, err
		}
		b, err := t.Index(items[1])
		if err != nil {
			return vm.Value{}, err
		}
		at, mt = time.Unix(0, a), time.Unix(0, b)
	} else if given(times) {
		if err := pair(times, 1e9); err != nil {
			return vm.Value{}, err
		}
	}
	if err := os.Chtimes(s, at, mt); err != nil {
		return vm.Value{}, osError(err, p)
	}
	return none, nil
}
