package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The contextlib module (contextlib.pya): contextmanager and
// asynccontextmanager, suppress, ExitStack/AsyncExitStack, closing,
// aclosing, nullcontext, redirect_stdout/stderr, chdir, ContextDecorator.

//go:embed contextlib.pya
var contextlibSource string

func init() {
	register("contextlib", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "contextlib", contextlibSource)
	})
}
