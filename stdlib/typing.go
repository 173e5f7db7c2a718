package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The typing module (typing.pya): enough of it for annotated code to run.
// Special forms and aliases can be subscripted (List[int], Dict[str, int],
// Callable[[int], str], Optional[int]...) and print like CPython's; Generic
// and Protocol can be subclassed and subscripted; TypeVar, NamedTuple,
// TypedDict, cast, overload and friends exist. No type checking is done.

//go:embed typing.pya
var typingSource string

func init() { register("typing", initTyping) }

func initTyping(v *vm.VM, m *vm.Module) error {
	return runPrelude(v, m, "typing", typingSource)
}
