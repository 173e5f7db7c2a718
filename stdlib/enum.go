package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The enum module (enum.pya): Enum, IntEnum, StrEnum, Flag, IntFlag,
// auto, unique and the functional API.

//go:embed enum.pya
var enumSource string

func init() {
	register("enum", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "enum", enumSource)
	})
}
