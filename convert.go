package pyasync

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// Conversions between Go and script values.
//
// Go to script (Set, Call's arguments, results of Go functions, module
// members): nil → None; bool; every int, uint and float kind → int and
// float; string → str; []byte → bytes (a copy); other slices and arrays →
// list; maps with string or integer keys → dict; time.Duration → float
// seconds; time.Time → datetime.datetime (UTC) when the datetime module
// exists, else its RFC 3339 string; a struct → a live object over a copy;
// a pointer to a struct → a live object over the struct itself (the
// script reads and writes its exported fields — by `py:"name"` tag or Go
// name — and calls its methods, by Go name or in snake_case); a function
// → a callable (see goFunc); Value and vm.Value as they are; nil pointers,
// maps and interfaces → None.
//
// Script to Go (Export, arguments of Go functions): into any → nil, bool,
// int64 (or *big.Int), float64, string, []byte, []any, map[string]any (or
// map[any]any when a key is not a str), the pointer of a live object,
// else the Value; into a typed variable → the conversion its kind asks
// for, with range checks for integers.

// Value is a script value handed to Go. Its methods that run script code
// (String of an instance) must be called on the interpreter's goroutine.
type Value struct {
	v  vm.Value
	it *Interpreter
}

// VM returns the underlying vm.Value.
func (v Value) VM() vm.Value { return v.v }

// IsNone reports whether v is None (or the zero Value).
func (v Value) IsNone() bool { return !v.v.IsValid() || v.v.IsNone() }

// TypeName returns the name of v's class ("int", "list", ...).
func (v Value) TypeName() string {
	if !v.v.IsValid() {
		return "NoneType"
	}
	return v.v.TypeName()
}

// Int returns v as an int64 when it is an int that fits.
func (v Value) Int() (int64, bool) {
	if v.v.IsBool() || !v.v.IsValid() {
		return 0, false
	}
	return v.v.AsInt64()
}

// Float returns v as a float64 when it is a float or an int.
func (v Value) Float() (float64, bool) {
	if v.v.IsFloat() {
		return v.v.AsFloat(), true
	}
	if n, ok := v.Int(); ok {
		return float64(n), true
	}
	return 0, false
}

// Str returns v when it is a str.
func (v Value) Str() (string, bool) {
	if !v.v.IsValid() {
		return "", false
	}
	return v.v.AsStr()
}

// Interface converts v to its natural Go value (as Export into an any).
func (v Value) Interface() any {
	if v.it == nil {
		return nil
	}
	var x any
	if err := v.it.fromValue(v.v, reflect.ValueOf(&x).Elem()); err != nil {
		return v
	}
	return x
}

// String returns str(v).
func (v Value) String() string {
	if !v.v.IsValid() {
		return "None"
	}
	if s, ok := v.v.AsStr(); ok {
		return s
	}
	if v.it == nil {
		return "<" + v.v.TypeName() + ">"
	}
	s, err := v.it.vm.Main().Str(v.v)
	if err != nil {
		return "<" + v.v.TypeName() + ">"
	}
	return s
}

// Call calls v (a script callable) with Go arguments. Use it on the
// interpreter's goroutine: from a Go function the script called, or from
// a function given to Submit.
func (v Value) Call(args ...any) (Value, error) {
	if v.it == nil {
		return Value{}, fmt.Errorf("pyasync: Call of a Value without an interpreter")
	}
	vals := make([]vm.Value, len(args))
	for i, a := range args {
		x, err := v.it.toValue(a, "")
		if err != nil {
			return Value{}, err
		}
		vals[i] = x
	}
	r, err := v.it.vm.Main().Call(v.v, vals, nil)
	if err != nil {
		return Value{}, v.it.finish(err)
	}
	return Value{v: r, it: v.it}, nil
}

// Export stores v into the Go variable dst points to, converting it by
// dst's type.
func Export(v Value, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("pyasync: Export needs a non-nil pointer, not %T", dst)
	}
	it := v.it
	if it == nil {
		it = detached
	}
	return it.fromValue(v.v, rv.Elem())
}

// detached converts values that came without an interpreter.
var detached = &Interpreter{goErrs: map[*vm.Exception]error{}}

var (
	valueType    = reflect.TypeOf(Value{})
	vmValueType  = reflect.TypeOf(vm.Value{})
	durationType = reflect.TypeOf(time.Duration(0))
	timeType     = reflect.TypeOf(time.Time{})
	errorType    = reflect.TypeOf((*error)(nil)).Elem()
	bigIntType   = reflect.TypeOf((*big.Int)(nil))
)

// toValue converts a Go value to a script value; name names functions.
func (it *Interpreter) toValue(x any, name string) (vm.Value, error) {
	switch x := x.(type) {
	case nil:
		return vm.None, nil
	case Value:
		if !x.v.IsValid() {
			return vm.None, nil
		}
		return x.v, nil
	case vm.Value:
		return x, nil
	case bool:
		return vm.Bool(x), nil
	case int:
		return vm.Int(int64(x)), nil
	case int64:
		return vm.Int(x), nil
	case float64:
		return vm.Float(x), nil
	case string:
		return vm.Str(x), nil
	case []byte:
		return vm.NewBytes(append([]byte(nil), x...)), nil
	case time.Duration:
		return vm.Float(x.Seconds()), nil
	case time.Time:
		return it.timeValue(x)
	case *big.Int:
		return vm.BigInt(new(big.Int).Set(x)), nil
	case *AsyncFunc:
		return it.asyncValue(x, name), nil
	case func(int) int, func(string) string, func(...Value) (Value, error):
		return it.fastFunc(x, name), nil
	}
	return it.reflectValue(reflect.ValueOf(x), name)
}

func (it *Interpreter) reflectValue(rv reflect.Value, name string) (vm.Value, error) {
	if rv.Type() == durationType {
		return vm.Float(time.Duration(rv.Int()).Seconds()), nil
	}
	switch rv.Kind() {
	case reflect.Bool:
		return vm.Bool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return vm.Int(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return vm.BigInt(new(big.Int).SetUint64(u)), nil
		}
		return vm.Int(int64(u)), nil
	case reflect.Float32, reflect.Float64:
		return vm.Float(rv.Float()), nil
	case reflect.String:
		return vm.Str(rv.String()), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return vm.NewBytes(append([]byte(nil), rv.Bytes()...)), nil
		}
		fallthrough
	case reflect.Array:
		items := make([]vm.Value, rv.Len())
		for i := range items {
			v, err := it.reflectValue(rv.Index(i), "")
			if err != nil {
				return vm.Value{}, err
			}
			items[i] = v
		}
		return vm.NewList(items), nil
	case reflect.Map:
		if rv.IsNil() {
			return vm.None, nil
		}
		return it.mapValue(rv)
	case reflect.Struct:
		if rv.Type() == timeType {
			return it.timeValue(rv.Interface().(time.Time))
		}
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		return it.objectValue(p), nil
	case reflect.Pointer:
		if rv.IsNil() {
			return vm.None, nil
		}
		if rv.Type() == bigIntType {
			return vm.BigInt(new(big.Int).Set(rv.Interface().(*big.Int))), nil
		}
		if rv.Elem().Kind() == reflect.Struct {
			return it.objectValue(rv), nil
		}
		return it.reflectValue(rv.Elem(), name)
	case reflect.Interface:
		if rv.IsNil() {
			return vm.None, nil
		}
		return it.toValue(rv.Elem().Interface(), name)
	case reflect.Func:
		if rv.IsNil() {
			return vm.None, nil
		}
		return it.funcValue(rv, name), nil
	}
	if rv.IsValid() && rv.CanInterface() {
		switch x := rv.Interface().(type) {
		case Value, vm.Value:
			return it.toValue(x, name)
		}
	}
	return vm.Value{}, fmt.Errorf("pyasync: cannot convert %s to a script value", rv.Type())
}

// mapValue converts a map with string or integer keys to a dict (keys in
// sorted order).
func (it *Interpreter) mapValue(rv reflect.Value) (vm.Value, error) {
	keys := rv.MapKeys()
	switch rv.Type().Key().Kind() {
	case reflect.String:
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		sort.Slice(keys, func(i, j int) bool { return keys[i].Int() < keys[j].Int() })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		sort.Slice(keys, func(i, j int) bool { return keys[i].Uint() < keys[j].Uint() })
	default:
		return vm.Value{}, fmt.Errorf("pyasync: cannot convert %s to a dict (keys must be strings or integers)", rv.Type())
	}
	d := vm.NewDict()
	t := it.thread()
	for _, k := range keys {
		kv, err := it.reflectValue(k, "")
		if err != nil {
			return vm.Value{}, err
		}
		v, err := it.reflectValue(rv.MapIndex(k), "")
		if err != nil {
			return vm.Value{}, err
		}
		if err := d.Set(t, kv, v); err != nil {
			return vm.Value{}, err
		}
	}
	return vm.ObjectValue(d), nil
}

// thread is the thread conversions run script hooks on.
func (it *Interpreter) thread() *vm.Thread {
	if it.vm == nil {
		return nil
	}
	return it.vm.Main()
}

// timeValue converts a time.Time to datetime.datetime (UTC) when the
// datetime module exists, else to its RFC 3339 string.
func (it *Interpreter) timeValue(tm time.Time) (vm.Value, error) {
	if it.vm != nil {
		t := it.vm.Main()
		if mod, err := it.vm.ImportModule(t, "datetime"); err == nil {
			dt, err1 := t.GetAttr(mod, "datetime")
			tz, err2 := t.GetAttr(mod, "timezone")
			if err1 == nil && err2 == nil {
				utc, err := t.GetAttr(tz, "utc")
				if err == nil {
					u := tm.UTC()
					args := []vm.Value{vm.Int(int64(u.Year())), vm.Int(int64(u.Month())), vm.Int(int64(u.Day())),
						vm.Int(int64(u.Hour())), vm.Int(int64(u.Minute())), vm.Int(int64(u.Second())), vm.Int(int64(u.Nanosecond() / 1000)), utc}
					return t.Call(dt, args, nil)
				}
			}
		}
	}
	return vm.Str(tm.Format(time.RFC3339Nano)), nil
}

// fromValue stores the script value v into dst (settable).
func (it *Interpreter) fromValue(v vm.Value, dst reflect.Value) error {
	typ := dst.Type()
	switch typ {
	case valueType:
		dst.Set(reflect.ValueOf(Value{v: v, it: it}))
		return nil
	case vmValueType:
		dst.Set(reflect.ValueOf(v))
		return nil
	case durationType:
		f, ok := Value{v: v}.Float()
		if !ok {
			return convError(v, typ)
		}
		dst.SetInt(int64(f * float64(time.Second)))
		return nil
	case timeType:
		return it.timeFrom(v, dst)
	case bigIntType:
		b, ok := v.ToBig()
		if !ok || v.IsBool() {
			return convError(v, typ)
		}
		dst.Set(reflect.ValueOf(b))
		return nil
	}
	if o, ok := v.Object().(*goObject); ok {
		if o.ptr.Type().AssignableTo(typ) {
			dst.Set(o.ptr)
			return nil
		}
		if o.ptr.Elem().Type().AssignableTo(typ) {
			dst.Set(o.ptr.Elem())
			return nil
		}
	}
	switch typ.Kind() {
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			x := it.natural(v)
			if x == nil {
				dst.SetZero()
			} else {
				dst.Set(reflect.ValueOf(x))
			}
			return nil
		}
		return convError(v, typ)
	case reflect.Bool:
		if !v.IsBool() {
			return convError(v, typ)
		}
		dst.SetBool(v.SmallInt() != 0)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.AsInt64()
		if !ok || !v.IsInt() {
			if v.IsInt() {
				return fmt.Errorf("pyasync: %s out of range for %s", it.repr(v), typ)
			}
			return convError(v, typ)
		}
		if dst.OverflowInt(n) {
			return fmt.Errorf("pyasync: %d out of range for %s", n, typ)
		}
		dst.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b, ok := v.ToBig()
		if !ok || v.IsFloat() {
			return convError(v, typ)
		}
		if b.Sign() < 0 || !b.IsUint64() || dst.OverflowUint(b.Uint64()) {
			return fmt.Errorf("pyasync: %s out of range for %s", b, typ)
		}
		dst.SetUint(b.Uint64())
		return nil
	case reflect.Float32, reflect.Float64:
		f, ok := Value{v: v}.Float()
		if !ok {
			if b, isBig := v.ToBig(); isBig && !v.IsBool() {
				f, _ = new(big.Float).SetInt(b).Float64()
			} else {
				return convError(v, typ)
			}
		}
		dst.SetFloat(f)
		return nil
	case reflect.String:
		s, ok := v.AsStr()
		if !ok {
			return convError(v, typ)
		}
		dst.SetString(s)
		return nil
	case reflect.Slice:
		if typ.Elem().Kind() == reflect.Uint8 {
			if b, ok := v.AsBytes(); ok {
				dst.SetBytes(append([]byte(nil), b...))
				return nil
			}
		}
		if v.IsNone() {
			dst.SetZero()
			return nil
		}
		items, err := it.items(v, typ)
		if err != nil {
			return err
		}
		s := reflect.MakeSlice(typ, len(items), len(items))
		for i, x := range items {
			if err := it.fromValue(x, s.Index(i)); err != nil {
				return err
			}
		}
		dst.Set(s)
		return nil
	case reflect.Array:
		items, err := it.items(v, typ)
		if err != nil {
			return err
		}
		if len(items) != typ.Len() {
			return fmt.Errorf("pyasync: %d items for %s", len(items), typ)
		}
		for i, x := range items {
			if err := it.fromValue(x, dst.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		d, ok := v.Object().(*vm.Dict)
		if !ok {
			if v.IsNone() {
				dst.SetZero()
				return nil
			}
			return convError(v, typ)
		}
		m := reflect.MakeMapWithSize(typ, d.Len())
		var err error
		d.Items(func(k, x vm.Value) bool {
			kv := reflect.New(typ.Key()).Elem()
			if err = it.fromValue(k, kv); err != nil {
				return false
			}
			xv := reflect.New(typ.Elem()).Elem()
			if err = it.fromValue(x, xv); err != nil {
				return false
			}
			m.SetMapIndex(kv, xv)
			return true
		})
		if err != nil {
			return err
		}
		dst.Set(m)
		return nil
	case reflect.Struct:
		d, ok := v.Object().(*vm.Dict)
		if !ok {
			return convError(v, typ)
		}
		info := structInfoOf(typ)
		var err error
		d.Items(func(k, x vm.Value) bool {
			name, _ := k.AsStr()
			idx, ok := info.fields[name]
			if !ok {
				err = fmt.Errorf("pyasync: %s has no field %q", typ, name)
				return false
			}
			err = it.fromValue(x, dst.FieldByIndex(idx))
			return err == nil
		})
		return err
	case reflect.Pointer:
		if v.IsNone() {
			dst.SetZero()
			return nil
		}
		p := reflect.New(typ.Elem())
		if err := it.fromValue(v, p.Elem()); err != nil {
			return err
		}
		dst.Set(p)
		return nil
	}
	return convError(v, typ)
}

// items returns the items of a list, tuple or other iterable.
func (it *Interpreter) items(v vm.Value, typ reflect.Type) ([]vm.Value, error) {
	switch o := v.Object().(type) {
	case *vm.List:
		return o.Items(), nil
	case *vm.Tuple:
		return o.Items(), nil
	}
	if it.vm == nil {
		return nil, convError(v, typ)
	}
	items, err := it.vm.Main().ToSlice(v)
	if err != nil {
		return nil, convError(v, typ)
	}
	return items, nil
}

// timeFrom converts a datetime (anything with a timestamp() method) or a
// number of seconds since the epoch to a time.Time.
func (it *Interpreter) timeFrom(v vm.Value, dst reflect.Value) error {
	if f, ok := (Value{v: v}).Float(); ok {
		dst.Set(reflect.ValueOf(time.Unix(0, int64(f*1e9))))
		return nil
	}
	if it.vm != nil {
		r, err := it.vm.Main().CallMethod(v, "timestamp")
		if err == nil {
			if f, ok := (Value{v: r}).Float(); ok {
				dst.Set(reflect.ValueOf(time.Unix(0, int64(f*1e9)).UTC()))
				return nil
			}
		}
	}
	return convError(v, timeType)
}

// natural is the Go value of v for an any.
func (it *Interpreter) natural(v vm.Value) any {
	switch {
	case !v.IsValid() || v.IsNone():
		return nil
	case v.IsBool():
		return v.SmallInt() != 0
	case v.IsSmallInt():
		return v.SmallInt()
	case v.IsFloat():
		return v.AsFloat()
	}
	switch o := v.Object().(type) {
	case *goObject:
		return o.ptr.Interface()
	case *vm.List:
		return it.naturalSlice(o.Items())
	case *vm.Tuple:
		return it.naturalSlice(o.Items())
	case *vm.Dict:
		allStr := true
		for _, k := range o.Keys() {
			if _, ok := k.AsStr(); !ok {
				allStr = false
			}
		}
		if allStr {
			m := make(map[string]any, o.Len())
			o.Items(func(k, x vm.Value) bool { s, _ := k.AsStr(); m[s] = it.natural(x); return true })
			return m
		}
		m := make(map[any]any, o.Len())
		o.Items(func(k, x vm.Value) bool {
			kk := it.natural(k)
			if kk == nil || reflect.TypeOf(kk).Comparable() {
				m[kk] = it.natural(x)
			}
			return true
		})
		return m
	}
	if s, ok := v.AsStr(); ok {
		return s
	}
	if b, ok := v.AsBytes(); ok {
		return append([]byte(nil), b...)
	}
	if v.IsInt() {
		b, _ := v.ToBig()
		return b
	}
	return Value{v: v, it: it}
}

func (it *Interpreter) naturalSlice(items []vm.Value) []any {
	out := make([]any, len(items))
	for i, x := range items {
		out[i] = it.natural(x)
	}
	return out
}

func (it *Interpreter) repr(v vm.Value) string {
	if it.vm == nil {
		return "<" + v.TypeName() + ">"
	}
	s, err := it.vm.Main().Repr(v)
	if err != nil {
		return "<" + v.TypeName() + ">"
	}
	return s
}

func convError(v vm.Value, typ reflect.Type) error {
	name := "NoneType"
	if v.IsValid() {
		name = v.TypeName()
	}
	return fmt.Errorf("pyasync: cannot convert '%s' to %s", name, typ)
}
