package vm

import (
	"fmt"
	"syscall"
)

// OSError construction as CPython does it: OSError(errno, strerror) makes
// the subclass for that errno (FileExistsError for EEXIST...), and a
// filename (and filename2) given as third (and fifth) argument become
// attributes while args keeps (errno, strerror).

// OSErrorClass is the OSError subclass CPython raises for errno.
func OSErrorClass(errno syscall.Errno) *Type {
	switch errno {
	case syscall.ENOENT:
		return FileNotFoundError
	case syscall.EEXIST:
		return FileExistsError
	case syscall.EISDIR:
		return IsADirectoryError
	case syscall.ENOTDIR:
		return NotADirectoryError
	case syscall.EACCES, syscall.EPERM:
		return PermissionError
	case syscall.EINTR:
		return InterruptedError
	case syscall.EAGAIN, syscall.EALREADY, syscall.EINPROGRESS:
		return BlockingIOError
	case syscall.ESRCH:
		return ProcessLookupError
	case syscall.ECHILD:
		return ChildProcessError
	case syscall.ETIMEDOUT:
		return TimeoutError
	case syscall.EPIPE, syscall.ESHUTDOWN:
		return BrokenPipeError
	case syscall.ECONNREFUSED:
		return ConnectionRefusedError
	case syscall.ECONNRESET:
		return ConnectionResetError
	case syscall.ECONNABORTED:
		return ConnectionAbortedError
	}
	return OSError
}

// NewOSError makes cls(errno, msg, filename) with CPython's layout (args is
// (errno, msg); filename is an attribute). filename may be the zero Value.
func NewOSError(cls *Type, errno int64, msg string, filename Value) *Exception {
	e := &Exception{cls: cls, Args: []Value{Int(errno), Str(msg)}}
	if filename.o != nil {
		ensureInstanceDict(Value{o: e}).SetStr("filename", filename)
	}
	return e
}

func osErrorAttr(e *Exception, name string, argIndex int) Value {
	if e.dict != nil {
		if v, ok := e.dict.GetStr(name); ok {
			return v
		}
	}
	if argIndex >= 0 && argIndex < len(e.Args) && len(e.Args) >= 3 {
		return e.Args[argIndex]
	}
	return None
}

func init() {
	OSError.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, ok := args[0].o.(*Type)
		if !ok || !OSError.IsSubtype(cls) {
			return Value{}, Errorf(TypeError, "OSError.__new__(X): X is not a subtype of OSError")
		}
		pos := args[1 : len(args)-len(kw)]
		if cls == OSError && len(pos) >= 2 && len(pos) <= 5 {
			if n, ok := pos[0].AsInt64(); ok {
				cls = OSErrorClass(syscall.Errno(n))
			}
		}
		e := &Exception{cls: cls, Args: append([]Value(nil), pos...)}
		return Value{o: e}, nil
	})
	OSError.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		if len(kw) > 0 && e.cls.builtin {
			return Value{}, Errorf(TypeError, "%s() takes no keyword arguments", e.cls.Name)
		}
		pos := args[:len(args)-len(kw)]
		e.Args = append([]Value(nil), pos...)
		if len(pos) >= 3 && len(pos) <= 5 {
			d := ensureInstanceDict(self)
			d.SetStr("filename", pos[2])
			if len(pos) == 5 {
				d.SetStr("filename2", pos[4])
			}
			e.Args = e.Args[:2]
		}
		return None, nil
	})
	OSError.NewGetSet("filename", func(t *Thread, self Value) (Value, error) {
		return osErrorAttr(excSelf(self), "filename", 2), nil
	}, func(t *Thread, self, v Value) error {
		ensureInstanceDict(self).SetStr("filename", v)
		return nil
	})
	OSError.NewGetSet("filename2", func(t *Thread, self Value) (Value, error) {
		return osErrorAttr(excSelf(self), "filename2", 4), nil
	}, func(t *Thread, self, v Value) error {
		ensureInstanceDict(self).SetStr("filename2", v)
		return nil
	})
	OSError.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		if len(e.Args) >= 2 {
			es, _ := t.Str(e.Args[0])
			ss, _ := t.Str(e.Args[1])
			if fn := osErrorAttr(e, "filename", 2); !fn.IsNone() {
				fs, _ := t.Repr(fn)
				if fn2 := osErrorAttr(e, "filename2", 4); !fn2.IsNone() {
					f2, _ := t.Repr(fn2)
					return Str(fmt.Sprintf("[Errno %s] %s: %s -> %s", es, ss, fs, f2)), nil
				}
				return Str(fmt.Sprintf("[Errno %s] %s: %s", es, ss, fs)), nil
			}
			return Str(fmt.Sprintf("[Errno %s] %s", es, ss)), nil
		}
		return t.callMethod(mustLookup(BaseException, "__str__"), self, nil, nil)
	})
}
