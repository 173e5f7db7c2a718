package stdlib

import (
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The _pyasync module holds hooks the standard library's .pya modules use
// on themselves; it is not part of Python's API. ctype(cls, tp_name) makes
// a class written in Python stand for the C type CPython has in its place
// (vm.Type.MakeCType): collections.OrderedDict, datetime.date and
// decimal.Decimal are named by their dotted tp_name in error messages and
// refuse attribute assignment, as their C versions do.

func init() {
	register("_pyasync", func(v *vm.VM, m *vm.Module) error {
		m.SetFunc("ctype", pyasyncCType)
		return nil
	})
}

// pyasyncCType is _pyasync.ctype(cls, tp_name).
func pyasyncCType(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("ctype", args, kw, 2, 2); err != nil {
		return vm.Value{}, err
	}
	cls, ok := args[0].Object().(*vm.Type)
	name, ok2 := args[1].AsStr()
	if !ok || !ok2 || cls.IsNativeType() || !strings.HasPrefix(name, cls.Module+".") {
		return vm.Value{}, vm.Errorf(vm.TypeError, "ctype(cls, tp_name) takes a class defined in Python and its dotted name in its module")
	}
	cls.MakeCType(name)
	return args[0], nil
}
