package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The abc module (abc.pya): ABC, ABCMeta with register and subclass hooks,
// abstractmethod and friends. The VM itself refuses to instantiate a class
// that still has methods marked with __isabstractmethod__ = True, which is
// what abstractmethod sets.

//go:embed abc.pya
var abcSource string

func init() { register("abc", initABC) }

func initABC(v *vm.VM, m *vm.Module) error {
	return runPrelude(v, m, "abc", abcSource)
}
