package pyasync

import (
	"sort"

	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// Module is a native module written in Go, importable by the interpreters
// whose Options.Modules (or Options.Stdlib) list it, and by no other.
type Module struct {
	name    string
	members map[string]any
	// init, for a standard library module, fills it (members are unused).
	init vm.ModuleInit
}

// Stdlib returns the standard library's modules, a new list each time:
// give a filtered copy to Options.Stdlib to leave some out. Listing them
// imports nothing; a module is built when a script first imports it.
func Stdlib() []*Module {
	defs := stdlib.Modules()
	mods := make([]*Module, len(defs))
	for i, d := range defs {
		mods[i] = &Module{name: d.Name, init: d.Init}
	}
	return mods
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

// addModule adds m to the interpreter's own module table (replacing a
// module of the same name).
func (it *Interpreter) addModule(m *Module) {
	if m.init != nil {
		it.vm.AddModule(m.name, m.init)
		return
	}
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
