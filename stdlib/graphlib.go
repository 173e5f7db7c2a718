package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The graphlib module (graphlib.pya): TopologicalSorter and CycleError.

//go:embed graphlib.pya
var graphlibSource string

func init() {
	register("graphlib", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "graphlib", graphlibSource)
	})
}
