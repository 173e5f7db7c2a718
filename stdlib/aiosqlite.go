package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The aiosqlite module: asyncio access to sqlite3 with the API of
// aiosqlite 0.17, written in aiosqlite.pya over the sqlite3 module.

//go:embed aiosqlite.pya
var aiosqliteSource string

func init() {
	register("aiosqlite", func(v *vm.VM, m *vm.Module) error {
		m.SetFunc("_Worker", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			return vm.ObjectValue(&aiosqliteWorker{}), nil
		})
		return runPrelude(v, m, "aiosqlite", aiosqliteSource)
	})
}
