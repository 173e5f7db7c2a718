package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The tempfile module (tempfile.pya, over the os module).

//go:embed tempfile.pya
var tempfilePrelude string

func init() {
	register("tempfile", func(v *vm.VM, m *vm.Module) error { return runPrelude(v, m, "tempfile", tempfilePrelude) })
}
