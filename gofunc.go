package pyasync

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"runtime"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// Go functions called by scripts.
//
// Any Go function converts to a script callable: its arguments are
// converted from the script's values by the parameters' types (a first
// parameter of type context.Context receives the context of the current
// run; a variadic parameter takes the remaining arguments), and its results
// come back as None (no result), the value (one), or a tuple (several). A
// last result of type error becomes an exception when it is not nil:
// FileNotFoundError, PermissionError, FileExistsError or TimeoutError for
// the matching errors of io/fs and context, RuntimeError otherwise; an
// *Error that escapes the script unwraps to the Go error. A panic in the
// function becomes a RuntimeError too (the host program goes on).
//
// func(int) int, func(string) string and func(...Value) (Value, error) are
// called without reflection.

var ctxType = reflect.TypeOf((*context.Context)(nil)).Elem()

// funcName names a Go function for the script.
func funcName(rv reflect.Value, name string) string {
	if name != "" {
		return name
	}
	n := runtime.FuncForPC(rv.Pointer()).Name()
	if i := strings.LastIndexByte(n, '.'); i >= 0 {
		n = n[i+1:]
	}
	return n
}

// funcValue makes a script callable of a Go function by reflection.
func (it *Interpreter) funcValue(rv reflect.Value, name string) vm.Value {
	typ := rv.Type()
	name = funcName(rv, name)
	return vm.NewBuiltin(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(kw) > 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes no keyword arguments", name)
		}
		in, err := it.goArgs(name, typ, args, it.ctx)
		if err != nil {
			return vm.Value{}, err
		}
		out, err := callGo(name, rv, in)
		if err != nil {
			return vm.Value{}, it.goException(err)
		}
		return it.goResults(name, typ, out)
	})
}

// goArgs converts script arguments to the parameters of a Go function.
func (it *Interpreter) goArgs(name string, typ reflect.Type, args []vm.Value, ctx context.Context) ([]reflect.Value, error) {
	n := typ.NumIn()
	first := 0
	var in []reflect.Value
	if n > 0 && typ.In(0) == ctxType {
		if ctx == nil {
			ctx = context.Background()
		}
		in = append(in, reflect.ValueOf(&ctx).Elem())
		first = 1
	}
	fixed := n - first
	if typ.IsVariadic() {
		fixed--
		if len(args) < fixed {
			return nil, vm.Errorf(vm.TypeError, "%s() takes at least %d arguments (%d given)", name, fixed, len(args))
		}
	} else if len(args) != fixed {
		return nil, vm.Errorf(vm.TypeError, "%s() takes %d arguments (%d given)", name, fixed, len(args))
	}
	for i, a := range args {
		var pt reflect.Type
		if i < fixed {
			pt = typ.In(first + i)
		} else {
			pt = typ.In(n - 1).Elem()
		}
		p := reflect.New(pt).Elem()
		if err := it.fromValue(a, p); err != nil {
			return nil, vm.Errorf(vm.TypeError, "%s() argument %d: %s", name, i+1, strings.TrimPrefix(err.Error(), "pyasync: "))
		}
		in = append(in, p)
	}
	return in, nil
}

// callGo calls fn, turning a panic into an error and a non-nil last error
// result into the error.
func callGo(name string, fn reflect.Value, in []reflect.Value) (out []reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &goPanic{name: name, value: r}
		}
	}()
	out = fn.Call(in)
	if k := len(out); k > 0 && fn.Type().Out(k-1) == errorType {
		if e := out[k-1]; !e.IsNil() {
			return nil, e.Interface().(error)
		}
		out = out[:k-1]
	}
	return out, nil
}

// goPanic is a panic in a Go function, reported to the script.
type goPanic struct {
	name  string
	value any
}

func (p *goPanic) Error() string {
	return fmt.Sprintf("panic in Go function %s(): %v", p.name, p.value)
}

// goResults converts a Go function's results (without the error).
func (it *Interpreter) goResults(name string, typ reflect.Type, out []reflect.Value) (vm.Value, error) {
	switch len(out) {
	case 0:
		return vm.None, nil
	case 1:
		v, err := it.reflectValue(out[0], "")
		if err != nil {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s(): %s", name, strings.TrimPrefix(err.Error(), "pyasync: "))
		}
		return v, nil
	}
	items := make([]vm.Value, len(out))
	for i, o := range out {
		v, err := it.reflectValue(o, "")
		if err != nil {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s(): %s", name, strings.TrimPrefix(err.Error(), "pyasync: "))
		}
		items[i] = v
	}
	return vm.NewTuple(items), nil
}

// goException turns a Go error into the exception the script sees,
// remembering the error so that the *Error that escapes unwraps to it.
func (it *Interpreter) goException(err error) error {
	var pe *Error
	if errors.As(err, &pe) && pe.Exception != nil {
		return pe.Exception
	}
	if exc, ok := err.(*vm.Exception); ok {
		return exc
	}
	cls := vm.RuntimeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cls = vm.FileNotFoundError
	case errors.Is(err, fs.ErrPermission):
		cls = vm.PermissionError
	case errors.Is(err, fs.ErrExist):
		cls = vm.FileExistsError
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		cls = vm.TimeoutError
	}
	exc := vm.NewException(cls, vm.Str(err.Error()))
	it.goErrs[exc] = err
	return exc
}

// fastFunc converts the common signatures without reflection.
func (it *Interpreter) fastFunc(x any, name string) vm.Value {
	name = funcName(reflect.ValueOf(x), name)
	switch fn := x.(type) {
	case func(int) int:
		return vm.NewBuiltin(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) != 1 || len(kw) != 0 || !args[0].IsSmallInt() {
				return it.slowCall(name, x, args, kw)
			}
			return vm.Int(int64(fn(int(args[0].SmallInt())))), nil
		})
	case func(string) string:
		return vm.NewBuiltin(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) == 1 && len(kw) == 0 {
				if s, ok := args[0].AsStr(); ok {
					return vm.Str(fn(s)), nil
				}
			}
			return it.slowCall(name, x, args, kw)
		})
	case func(...Value) (Value, error):
		return vm.NewBuiltin(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if len(kw) != 0 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes no keyword arguments", name)
			}
			vals := make([]Value, len(args))
			for i, a := range args {
				vals[i] = Value{v: a, it: it}
			}
			r, err := callValues(name, fn, vals)
			if err != nil {
				return vm.Value{}, it.goException(err)
			}
			if !r.v.IsValid() {
				return vm.None, nil
			}
			return r.v, nil
		})
	}
	panic("unreachable")
}

func callValues(name string, fn func(...Value) (Value, error), vals []Value) (r Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = Value{}, &goPanic{name: name, value: p}
		}
	}()
	return fn(vals...)
}

// slowCall is the reflected call of a fast-path function whose arguments
// did not fit the fast path (for the error messages and conversions).
func (it *Interpreter) slowCall(name string, x any, args []vm.Value, kw []string) (vm.Value, error) {
	rv := reflect.ValueOf(x)
	if len(kw) > 0 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes no keyword arguments", name)
	}
	in, err := it.goArgs(name, rv.Type(), args, it.ctx)
	if err != nil {
		return vm.Value{}, err
	}
	out, err := callGo(name, rv, in)
	if err != nil {
		return vm.Value{}, it.goException(err)
	}
	return it.goResults(name, rv.Type(), out)
}
