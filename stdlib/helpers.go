package stdlib

import (
	"errors"
	"io/fs"
	"math"
	"math/big"
	"os"
	"strings"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// Helpers shared by the modules of this package.

type (
	value  = vm.Value
	thread = vm.Thread
)

// fn is a shorthand for the signature of module functions.
type fn = func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error)

var none = vm.None

// toFloat converts an argument to float64 like PyFloat_AsDouble: ints,
// floats, bools and objects with __float__ or __index__.
func toFloat(t *vm.Thread, v vm.Value) (float64, error) {
	if v.IsFloat() {
		return v.AsFloat(), nil
	}
	if n, ok := v.AsInt64(); ok {
		return float64(n), nil
	}
	if b, ok := v.ToBig(); ok {
		f, _ := new(big.Float).SetInt(b).Float64()
		if math.IsInf(f, 0) {
			return 0, vm.Errorf(vm.OverflowError, "int too large to convert to float")
		}
		return f, nil
	}
	if _, ok := v.Type().Lookup("__float__"); ok {
		r, err := t.CallMethod(v, "__float__")
		if err != nil {
			return 0, err
		}
		if !r.IsFloat() {
			return 0, vm.Errorf(vm.TypeError, "%s.__float__ returned non-float (type %s)", v.TypeName(), r.TypeName())
		}
		return r.AsFloat(), nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		r, err := t.CallMethod(v, "__index__")
		if err != nil {
			return 0, err
		}
		return toFloat(t, r)
	}
	return 0, vm.Errorf(vm.TypeError, "must be real number, not %s", v.TypeName())
}

// toBigInt converts an int (or an object with __index__) to a big.Int that
// the caller may modify.
func toBigInt(t *vm.Thread, v vm.Value) (*big.Int, error) {
	if b, ok := v.ToBig(); ok {
		return new(big.Int).Set(b), nil
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		r, err := t.CallMethod(v, "__index__")
		if err != nil {
			return nil, err
		}
		if b, ok := r.ToBig(); ok {
			return new(big.Int).Set(b), nil
		}
		return nil, vm.Errorf(vm.TypeError, "__index__ returned non-int (type %s)", r.TypeName())
	}
	return nil, vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", v.TypeName())
}

// isIntLike reports whether v is an int or bool.
func isIntLike(v vm.Value) bool { return v.IsInt() || v.IsBool() }

// strArg returns a str argument or a TypeError naming the function.
func strArg(fname, what string, v vm.Value) (string, error) {
	s, ok := v.AsStr()
	if !ok {
		return "", vm.Errorf(vm.TypeError, "%s() argument %s must be str, not %s", fname, what, v.TypeName())
	}
	return s, nil
}

// given reports whether an optional argument was passed (and is not None).
func given(v vm.Value) bool { return v.IsValid() && !v.IsNone() }

// strList converts Go strings to a list of str.
func strList(items []string) vm.Value {
	out := make([]vm.Value, len(items))
	for i, s := range items {
		out[i] = vm.Str(s)
	}
	return vm.NewList(out)
}

// errnoInfo maps an errno to its exception class and C strerror text.
func errnoInfo(errno syscall.Errno) (*vm.Type, string) {
	cls := vm.OSErrorClass(errno)
	msg := errno.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return cls, msg
}

// osError converts a Go error from the os package into the OSError subclass
// CPython raises, e.g. FileNotFoundError(2, 'No such file or directory',
// 'x'). filename may be the zero Value.
func osError(err error, filename vm.Value) error {
	var exc *vm.Exception
	if errors.As(err, &exc) {
		// already a Python exception (from an inner stream object)
		return exc
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errno = syscall.ENOENT
		case errors.Is(err, fs.ErrExist):
			errno = syscall.EEXIST
		case errors.Is(err, fs.ErrPermission):
			errno = syscall.EACCES
		default:
			return vm.Errorf(vm.OSError, "%v", err)
		}
	}
	cls, msg := errnoInfo(errno)
	return vm.NewOSError(cls, int64(errno), msg, filename)
}

// fsPath converts a path argument (str, bytes or os.PathLike) to a string.
func fsPath(t *vm.Thread, fname string, v vm.Value) (string, error) {
	if s, ok := v.AsStr(); ok {
		return s, nil
	}
	if b, ok := v.AsBytes(); ok {
		return string(b), nil
	}
	if _, ok := v.Type().Lookup("__fspath__"); ok {
		r, err := t.CallMethod(v, "__fspath__")
		if err != nil {
			return "", err
		}
		if s, ok := r.AsStr(); ok {
			return s, nil
		}
		if b, ok := r.AsBytes(); ok {
			return string(b), nil
		}
		return "", vm.Errorf(vm.TypeError, "expected %s.__fspath__() to return str or bytes, not %s", v.TypeName(), r.TypeName())
	}
	return "", vm.Errorf(vm.TypeError, "%s: path should be string, bytes or os.PathLike, not %s", fname, v.TypeName())
}

// getwd returns the working directory or an OSError.
func getwd() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", osError(err, vm.Value{})
	}
	return d, nil
}

// isStopIteration reports whether err is a StopIteration.
func isStopIteration(err error) bool {
	e, ok := err.(*vm.Exception)
	return ok && e.IsInstance(vm.StopIteration)
}

// isExc reports whether err is an exception of class cls.
func isExc(err error, cls *vm.Type) bool {
	e, ok := err.(*vm.Exception)
	return ok && e.IsInstance(cls)
}
