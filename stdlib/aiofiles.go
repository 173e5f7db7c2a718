package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The aiofiles package: the API of aiofiles 23.1 (open, aiofiles.os,
// aiofiles.os.path, aiofiles.tempfile), written in aiofiles/*.pya over io and os; the file
// calls run in the loop's executor.

var (
	//go:embed aiofiles/threadpool.pya
	aiofilesThreadpoolSource string
	//go:embed aiofiles/os.pya
	aiofilesOSSource string
	//go:embed aiofiles/ospath.pya
	aiofilesOSPathSource string
	//go:embed aiofiles/tempfile.pya
	aiofilesTempfileSource string
)

func init() {
	register("aiofiles", func(v *vm.VM, m *vm.Module) error {
		m.Set("__path__", vm.NewList(nil))
		return runPrelude(v, m, "aiofiles", `
from aiofiles.threadpool import open
__all__ = ["open", "tempfile", "stdin", "stdout", "stderr", "stdin_bytes", "stdout_bytes", "stderr_bytes"]
`)
	})
	register("aiofiles.threadpool", func(v *vm.VM, m *vm.Module) error {
		m.Set("__path__", vm.NewList(nil))
		return runPrelude(v, m, "aiofiles.threadpool", aiofilesThreadpoolSource)
	})
	register("aiofiles.base", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "aiofiles.base", "from aiofiles.threadpool import AsyncBase, AiofilesContextManager\n")
	})
	register("aiofiles.os", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "aiofiles.os", aiofilesOSSource)
	})
	register("aiofiles.tempfile", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "aiofiles.tempfile", aiofilesTempfileSource)
	})
	register("aiofiles.ospath", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "aiofiles.ospath", aiofilesOSPathSource)
	})
}
