package vm

import (
	"fmt"
	"syscall"
)

// OSError's constructor and attributes as CPython's: OSError(errno,
// strerror[, filename[, winerror[, filename2]]]) picks the subclass for the
// errno (OSError(2, ...) is a FileNotFoundError), and with 2 to 5
// arguments errno/strerror/filename/filename2 come from them while args
// keeps only (errno, strerror).

// osErrorSubclass maps errno values to OSError subclasses.
var osErrorSubclass = map[int64]*Type{}

func init() {
	for _, m := range []struct {
		cls  *Type
		nums []syscall.Errno
	}{
		{BlockingIOError, []syscall.Errno{syscall.EAGAIN, syscall.EALREADY, syscall.EWOULDBLOCK, syscall.EINPROGRESS}},
		{ChildProcessError, []syscall.Errno{syscall.ECHILD}},
		{BrokenPipeError, []syscall.Errno{syscall.EPIPE, syscall.ESHUTDOWN}},
		{ConnectionAbortedError, []syscall.Errno{syscall.ECONNABORTED}},
		{ConnectionRefusedError, []syscall.Errno{syscall.ECONNREFUSED}},
		{ConnectionResetError, []syscall.Errno{syscall.ECONNRESET}},
		{FileExistsError, []syscall.Errno{syscall.EEXIST}},
		{FileNotFoundError, []syscall.Errno{syscall.ENOENT}},
		{IsADirectoryError, []syscall.Errno{syscall.EISDIR}},
		{NotADirectoryError, []syscall.Errno{syscall.ENOTDIR}},
		{InterruptedError, []syscall.Errno{syscall.EINTR}},
		{PermissionError, []syscall.Errno{syscall.EACCES, syscall.EPERM}},
		{ProcessLookupError, []syscall.Errno{syscall.ESRCH}},
		{TimeoutError, []syscall.Errno{syscall.ETIMEDOUT}},
	} {
		for _, n := range m.nums {
			osErrorSubclass[int64(n)] = m.cls
		}
	}
}

// osErrorFields returns errno, strerror, filename and filename2 of an
// OSError (zero Values when not given).
func osErrorFields(e *Exception) (errno, strerror, filename, filename2 Value) {
	if e.dict != nil {
		if v, ok := e.dict.GetStr("errno"); ok {
			errno = v
			strerror, _ = e.dict.GetStr("strerror")
			filename, _ = e.dict.GetStr("filename")
			filename2, _ = e.dict.GetStr("filename2")
			return
		}
	}
	n := len(e.Args)
	if n < 2 || n > 5 {
		return
	}
	errno, strerror = e.Args[0], e.Args[1]
	if n >= 3 {
		filename = e.Args[2]
	}
	if n == 5 {
		filename2 = e.Args[4]
	}
	return
}

// osErrorArgs is the args of an OSError: (errno, strerror) when it was
// made with 3 to 5 arguments.
func osErrorArgs(e *Exception) []Value {
	if n := len(e.Args); n >= 3 && n <= 5 {
		return e.Args[:2]
	}
	return e.Args
}

func orNoneValue(v Value) Value {
	if v.o == nil {
		return None
	}
	return v
}

func initOSErrorMethods() {
	O := OSError
	baseNew := mustLookup(BaseException, "__new__")
	O.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(args) >= 3 && len(kw) == 0 {
			if cls, ok := args[0].o.(*Type); ok && cls == OSError {
				if n, ok := args[1].AsInt64(); ok {
					if sub := osErrorSubclass[n]; sub != nil {
						args = append([]Value{{o: sub}}, args[1:]...)
					}
				}
			}
		}
		fn := baseNew
		if sm, ok := fn.o.(*StaticMethod); ok {
			fn = sm.fn
		}
		return t.Call(fn, args, kw)
	})
	get := func(name string, pick func(errno, strerror, filename, filename2 Value) Value) {
		O.NewGetSet(name, func(t *Thread, self Value) (Value, error) {
			return orNoneValue(pick(osErrorFields(excSelf(self)))), nil
		}, func(t *Thread, self, v Value) error {
			e := excSelf(self)
			errno, strerror, filename, filename2 := osErrorFields(e)
			d := ensureInstanceDict(self)
			d.SetStr("errno", orNoneValue(errno))
			d.SetStr("strerror", orNoneValue(strerror))
			d.SetStr("filename", orNoneValue(filename))
			d.SetStr("filename2", orNoneValue(filename2))
			d.SetStr(name, v)
			return nil
		})
	}
	get("errno", func(a, _, _, _ Value) Value { return a })
	get("strerror", func(_, b, _, _ Value) Value { return b })
	get("filename", func(_, _, c, _ Value) Value { return c })
	get("filename2", func(_, _, _, d Value) Value { return d })
	O.NewGetSet("args", func(t *Thread, self Value) (Value, error) {
		return NewTuple(append([]Value(nil), osErrorArgs(excSelf(self))...)), nil
	}, func(t *Thread, self, v Value) error {
		items, err := t.ToSlice(v)
		excSelf(self).Args = items
		return err
	})
	O.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		errno, strerror, filename, filename2 := osErrorFields(e)
		if errno.o != nil && !errno.IsNone() || strerror.o != nil && !strerror.IsNone() {
			es, err := t.Str(orNoneValue(errno))
			if err != nil {
				return Value{}, err
			}
			ss, err := t.Str(orNoneValue(strerror))
			if err != nil {
				return Value{}, err
			}
			if filename.o != nil && !filename.IsNone() {
				fs, err := t.Repr(filename)
				if err != nil {
					return Value{}, err
				}
				if filename2.o != nil && !filename2.IsNone() {
					f2, err := t.Repr(filename2)
					if err != nil {
						return Value{}, err
					}
					return Str(fmt.Sprintf("[Errno %s] %s: %s -> %s", es, ss, fs, f2)), nil
				}
				return Str(fmt.Sprintf("[Errno %s] %s: %s", es, ss, fs)), nil
			}
			return Str(fmt.Sprintf("[Errno %s] %s", es, ss)), nil
		}
		return t.callMethod(mustLookup(BaseException, "__str__"), self, nil, nil)
	})
	O.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		items := osErrorArgs(e)
		name := e.cls.QualName
		if len(items) == 1 {
			r, err := t.Repr(items[0])
			return Str(name + "(" + r + ")"), err
		}
		if len(items) == 0 {
			return Str(name + "()"), nil
		}
		r, err := t.Repr(NewTuple(items))
		return Str(name + r), err
	})
}

// OSErrorClass is the OSError subclass CPython raises for errno.
func OSErrorClass(errno syscall.Errno) *Type {
	if c, ok := osErrorSubclass[int64(errno)]; ok {
		return c
	}
	return OSError
}

// NewOSError makes cls(errno, msg, filename) with CPython's layout (args is
// (errno, msg); filename is an attribute). filename may be the zero Value.
func NewOSError(cls *Type, errno int64, msg string, filename Value) *Exception {
	e := &Exception{cls: cls, Args: []Value{Int(errno), Str(msg)}}
	d := ensureInstanceDict(Value{o: e})
	d.SetStr("errno", Int(errno))
	d.SetStr("strerror", Str(msg))
	if filename.o == nil {
		filename = None
	}
	d.SetStr("filename", filename)
	d.SetStr("filename2", None)
	return e
}
