package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The stat module (constants and tests on st_mode), written in stat.pya.

//go:embed stat.pya
var statSource string

func init() {
	register("stat", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "stat", statSource)
	})
}
