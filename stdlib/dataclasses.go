package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The dataclasses module (dataclasses.pya): @dataclass with init, repr,
// eq, order, unsafe_hash, frozen, match_args, kw_only and slots; field,
// fields, asdict, astuple, replace, make_dataclass, InitVar, KW_ONLY.

//go:embed dataclasses.pya
var dataclassesSource string

func init() {
	register("dataclasses", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "dataclasses", dataclassesSource)
	})
}
