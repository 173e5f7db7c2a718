package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The importlib module (importlib.pya): import_module (with relative
// names), invalidate_caches; reload raises NotImplementedError.

//go:embed importlib.pya
var importlibSource string

func init() {
	register("importlib", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "importlib", importlibSource)
	})
}
