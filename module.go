package pyasync

import (
	"sort"

	"github.com/pyasync/pyasync/vm"
)

// Module is a native module written in Go, importable by the interpreters
// whose Options.Modules list it (and by no other).
type Module struct {
	name    string
	members map[string]any
}

// NewModule makes a module called name whose attributes are the members,
// converted as Set converts (functions become callables, AsyncFunc values
// awaitable functions, pointers to structs live objects).
func NewModule(name string, members map[string]any) *Module {
	m := make(map[string]any, len(members))
	for k, v := range members {
		m[k] = v
	}
	return &Module{name: name, members: m}
}

// Name is the module's import name.
func (m *Module) Name() string { return m.name }

// addModule registers m with the interpreter's VM.
func (it *Interpreter) addModule(m *Module) {
	it.vm.AddModule(m.name, func(_ *vm.VM, mod *vm.Module) error {
		names := make([]string, 0, len(m.members))
		for k := range m.members {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			v, err := it.toValue(m.members[k], k)
			if err != nil {
				return vm.Errorf(vm.ImportError, "module %s: %s: %v", m.name, k, err)
			}
			mod.Set(k, v)
		}
		return nil
	})
}
