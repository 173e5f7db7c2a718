package stdlib

import (
	"slices"
	"sync"

	"github.com/pyasync/pyasync/vm"
)

// defs are the standard library's module definitions: each module's file
// appends its own from its init function (register); nothing changes them
// afterwards. An interpreter sees them only if they are handed to it
// (vm.Options.Modules).
var defs []vm.ModuleDef

// register adds a module definition to the standard library (called from
// init functions only).
func register(name string, init vm.ModuleInit) {
	defs = append(defs, vm.ModuleDef{Name: name, Init: init})
}

// Modules returns the standard library as a new list of module
// definitions (to filter or extend, then vm.NewModuleTable). Nothing is
// imported until a script imports it.
func Modules() []vm.ModuleDef { return slices.Clone(defs) }

// Table returns the standard library as a module table for
// vm.Options.Modules. The table never changes, so every VM that uses the
// whole standard library shares it (made once, on first use).
func Table() *vm.ModuleTable { return table() }

var table = sync.OnceValue(func() *vm.ModuleTable { return vm.NewModuleTable(defs...) })

// Load does nothing: it makes the dependency on the standard library
// explicit at the import site.
func Load() {}
