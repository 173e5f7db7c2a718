package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The types module: the builtin types under their documented names
// (FunctionType, CodeType, GeneratorType, ...), SimpleNamespace (sys.go's
// class), and the Python-level helpers of types.pya: new_class, prepare_class, resolve_bases, DynamicClassAttribute,
// coroutine.

//go:embed types.pya
var typesSource []byte

func init() { register("types", initTypes) }

func initTypes(v *vm.VM, m *vm.Module) error {
	t := v.Main()
	ns, err := namespaceClass(t)
	if err != nil {
		return err
	}
	m.Set("SimpleNamespace", ns)
	for name, typ := range map[string]*vm.Type{
		"FunctionType":         vm.FunctionType,
		"LambdaType":           vm.FunctionType,
		"CodeType":             vm.CodeType,
		"MethodType":           vm.MethodType,
		"BuiltinFunctionType":  vm.BuiltinFunctionType,
		"BuiltinMethodType":    vm.BuiltinFunctionType,
		"MethodDescriptorType": vm.MethodDescriptorType,
		"ModuleType":           vm.ModuleType,
		"CellType":             vm.CellType,
		"GeneratorType":        vm.GeneratorType,
		"CoroutineType":        vm.CoroutineType,
		"AsyncGeneratorType":   vm.AsyncGeneratorType,
		"NoneType":             vm.NoneType,
		"EllipsisType":         vm.EllipsisType,
		"NotImplementedType":   vm.NotImplementedType,
		"GenericAlias":         vm.GenericAliasType,
		"UnionType":            vm.UnionType,
		"FrameType":            vm.FrameObjectType,
		"TracebackType":        vm.TracebackType,
		"MappingProxyType":     vm.MappingProxyType,
	} {
		m.Set(name, vm.ObjectValue(typ))
	}
	code, err := compileModuleSource(v, typesSource, "<types>")
	if err != nil {
		return err
	}
	_, err = v.ExecModule(t, code, m)
	return err
}
