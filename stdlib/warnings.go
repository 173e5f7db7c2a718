package stdlib

import (
	_ "embed" // warnings.pya

	"github.com/pyasync/pyasync/vm"
)

// The warnings module (warnings.pya); the caller's frames come from the
// traceback module's native helper.

//go:embed warnings.pya
var warningsSource string

func init() {
	progSourceModule("warnings", &warningsSource, func(v *vm.VM, m *vm.Module) error {
		m.SetFunc("_stack_entries", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			return stackModules(t), nil
		})
		return nil
	})
}
