package stdlib

import (
	"strconv"

	"github.com/pyasync/pyasync/vm"
)

// socket.AddressFamily and socket.SocketKind: IntEnum-like classes whose
// members compare and hash like their int values and print as CPython's
// (<AddressFamily.AF_INET: 2>, str() gives "2").

type enumMember struct {
	cls   *vm.Type
	name  string
	value int64
}

func (e *enumMember) Type() *vm.Type { return e.cls }

var (
	addressFamilyType = vm.NewNativeType("AddressFamily", "socket", nil, nil)
	socketKindType    = vm.NewNativeType("SocketKind", "socket", nil, nil)
)

// enumTable is a class's members by value (in definition order).
type enumTable struct {
	cls     *vm.Type
	order   []*enumMember
	byValue map[int64]*enumMember
}

var (
	familyEnum = &enumTable{cls: addressFamilyType, byValue: map[int64]*enumMember{}}
	kindEnum   = &enumTable{cls: socketKindType, byValue: map[int64]*enumMember{}}
)

func (et *enumTable) add(name string, v int64) *enumMember {
	if m, ok := et.byValue[v]; ok {
		return m
	}
	m := &enumMember{cls: et.cls, name: name, value: v}
	et.order = append(et.order, m)
	et.byValue[v] = m
	return m
}

// member returns the member for v, or the plain int when there is none
// (as CPython's _intenum_converter does).
func (et *enumTable) member(v int64) vm.Value {
	if m, ok := et.byValue[v]; ok {
		return vm.ObjectValue(m)
	}
	return vm.Int(v)
}

func enumSelf(v vm.Value) *enumMember { return v.Object().(*enumMember) }

func init() {
	for _, et := range []*enumTable{familyEnum, kindEnum} {
		et := et
		T := et.cls
		T.NewStaticMethod("__new__", func(t *vm.Thread, cls vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) != 2 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes exactly one argument", et.cls.Name)
			}
			n, ok := args[1].AsInt64()
			if m, found := et.byValue[n]; ok && found {
				return vm.ObjectValue(m), nil
			}
			if m, ok := args[1].Object().(*enumMember); ok && m.cls == et.cls {
				return args[1], nil
			}
			r, _ := t.Repr(args[1])
			return vm.Value{}, vm.Errorf(vm.ValueError, "%s is not a valid %s", r, et.cls.Name)
		})
		T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			e := enumSelf(self)
			return vm.Str("<" + e.cls.Name + "." + e.name + ": " + strconv.FormatInt(e.value, 10) + ">"), nil
		})
		T.NewMethod("__str__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return vm.Str(strconv.FormatInt(enumSelf(self).value, 10)), nil
		})
		T.NewMethod("__format__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return t.CallMethod(vm.Int(enumSelf(self).value), "__format__", args...)
		})
		T.NewMethod("__index__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return vm.Int(enumSelf(self).value), nil
		})
		T.NewMethod("__int__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return vm.Int(enumSelf(self).value), nil
		})
		T.NewMethod("__hash__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return t.CallMethod(vm.Int(enumSelf(self).value), "__hash__")
		})
		for _, op := range []string{"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"} {
			op := op
			T.NewMethod(op, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
				if len(args) != 1 {
					return vm.NotImplemented, nil
				}
				other := args[0]
				if m, ok := other.Object().(*enumMember); ok {
					other = vm.Int(m.value)
				}
				if !other.IsInt() && !other.IsBool() {
					return vm.NotImplemented, nil
				}
				return t.CallMethod(vm.Int(enumSelf(self).value), op, other)
			})
		}
		T.NewGetSet("name", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			return vm.Str(enumSelf(self).name), nil
		}, nil)
		T.NewGetSet("value", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			return vm.Int(enumSelf(self).value), nil
		}, nil)
	}
}
