package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The concurrent package and concurrent.futures (concurrent_futures.pya,
// over threading).

//go:embed concurrent_futures.pya
var concurrentFuturesPrelude string

func init() {
	register("concurrent", func(v *vm.VM, m *vm.Module) error {
		m.Set("__path__", vm.NewList(nil))
		return nil
	})
	register("concurrent.futures", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "concurrent.futures", concurrentFuturesPrelude)
	})
}
