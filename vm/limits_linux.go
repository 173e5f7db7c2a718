package vm

import (
	"sync"
	"syscall"
)

var sysMem = sync.OnceValue(func() int64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 1 << 36
	}
	return int64(si.Totalram) * int64(si.Unit)
})

// sysMemory is the machine's physical memory in bytes.
func sysMemory() int64 { return sysMem() }
