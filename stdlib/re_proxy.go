package stdlib

import "github.com/pyasync/pyasync/vm"

// A read-only view of a dict (Pattern.groupindex), printed as CPython's
// mappingproxy.

// reProxy is a read-only mapping over a dict.
type reProxy struct{ d *vm.Dict }

// Type implements vm.Object.
func (*reProxy) Type() *vm.Type { return reProxyType }

func newMappingProxy(d *vm.Dict) vm.Value { return vm.ObjectValue(&reProxy{d: d}) }

func initReProxy() {
	T := reProxyType
	dictOf := func(self vm.Value) vm.Value { return vm.ObjectValue(self.Object().(*reProxy).d) }
	for _, name := range []string{"__getitem__", "__len__", "__iter__", "__contains__", "keys", "values", "items", "get", "copy", "__eq__"} {
		name := name
		T.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			fn, err := t.GetAttr(dictOf(self), name)
			if err != nil {
				return vm.Value{}, err
			}
			return t.Call(fn, args, kw)
		})
	}
	T.NewMethod("__str__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r, err := t.Str(dictOf(self))
		return vm.Str(r), err
	})
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r, err := t.Repr(dictOf(self))
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str("mappingproxy(" + r + ")"), nil
	})
}
