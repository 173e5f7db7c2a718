package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// progSourceModule registers a module written in pyasync source (embedded
// with go:embed): importing it compiles and runs src in the module's
// namespace. extra, when not nil, adds native helpers to the namespace
// before the source runs.
func progSourceModule(name string, src *string, extra func(v *vm.VM, m *vm.Module) error) {
	register(name, func(v *vm.VM, m *vm.Module) error {
		if extra != nil {
			if err := extra(v, m); err != nil {
				return err
			}
		}
		return runPrelude(v, m, name, *src)
	})
}
