//go:build !linux

package vm

// sysMemory is the machine's physical memory in bytes (assumed: 64 GiB).
func sysMemory() int64 { return 1 << 36 }
