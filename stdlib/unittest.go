package stdlib

import (
	_ "embed" // unittest*.pya

	"github.com/pyasync/pyasync/vm"
)

// The unittest package (unittest.pya) and unittest.mock.

//go:embed unittest.pya
var unittestSource string

func init() {
	progSourceModule("unittest", &unittestSource, func(v *vm.VM, m *vm.Module) error {
		m.Set("__path__", vm.NewList(nil))
		return nil
	})
}
