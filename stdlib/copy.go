package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The copy module (copy.pya): copy and deepcopy with memo, __copy__,
// __deepcopy__, copyreg's dispatch table and __reduce_ex__.

//go:embed copy.pya
var copySource string

func init() {
	register("copy", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "copy", copySource)
	})
}
