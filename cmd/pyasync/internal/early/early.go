// Package early holds what the pyasync command must set before the other
// packages' initialisation runs. Go initialises a package after its
// imports and, among the packages ready, in import path order: this one
// imports only the runtime and syscall, so it runs before the interpreter's
// packages (vm, stdlib), whose type tables are most of the start-up's
// allocations.
package early

import (
	"runtime"
	"syscall"
)

func init() {
	// Go samples one allocation in every 512 KiB by default, walking the
	// allocating goroutine's stack: during the package initialisation that
	// is a few walks through pages of the symbol tables nothing else reads
	// at start-up. The command keeps sampling only for its profiles
	// (cmd/pyasync/profile.go); an embedding program keeps Go's default.
	mem, _ := syscall.Getenv("PYASYNC_MEMPROFILE")
	peak, _ := syscall.Getenv("PYASYNC_HEAPPEAK")
	if mem == "" && peak == "" {
		runtime.MemProfileRate = 0
	}
}
