package stdlib

import (
	_ "embed" // logging*.pya

	"github.com/pyasync/pyasync/vm"
)

// The logging package: logging (logging.pya), logging.handlers and
// logging.config. Records learn their caller (funcName, lineno) from the
// thread's frames (stackModules).

var (
	//go:embed logging.pya
	loggingSource string
	//go:embed logging_handlers.pya
	loggingHandlersSource string
	//go:embed logging_config.pya
	loggingConfigSource string
)

func init() {
	progSourceModule("logging", &loggingSource, func(v *vm.VM, m *vm.Module) error {
		m.SetFunc("_stack_entries", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			return stackModules(t), nil
		})
		m.Set("__path__", vm.NewList(nil))
		return nil
	})
	progSourceModule("logging.handlers", &loggingHandlersSource, nil)
	progSourceModule("logging.config", &loggingConfigSource, nil)
}
