package stdlib

import (
	_ "embed" // unittest*.pya

	"github.com/pyasync/pyasync/vm"
)

// The unittest package (unittest.pya) and unittest.mock.

var (
	//go:embed unittest.pya
	unittestSource string
	//go:embed unittest_mock.pya
	unittestMockSource string
)

func init() {
	progSourceModule("unittest", &unittestSource, func(v *vm.VM, m *vm.Module) error {
		m.Set("__path__", vm.NewList(nil))
		return nil
	})
	progSourceModule("unittest.mock", &unittestMockSource, nil)
}
