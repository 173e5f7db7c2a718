package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The inspect module (inspect.pya): signatures, predicates, getmembers, getdoc.

//go:embed inspect.pya
var inspectSource string

func init() {
	register("inspect", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "inspect", inspectSource)
	})
}
