package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The sched module (sched.pya): the event scheduler.

//go:embed sched.pya
var schedSource string

func init() {
	register("sched", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "sched", schedSource)
	})
}
