package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The queue module (queue.pya): Queue, LifoQueue, PriorityQueue, SimpleQueue, Empty, Full.

//go:embed queue.pya
var queueSource string

func init() {
	register("queue", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "queue", queueSource)
	})
}
