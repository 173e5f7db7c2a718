package csqlite

import "unsafe"

// The transpiled C library hands out C memory as uintptr. These helpers
// turn such addresses into Go views; the memory is malloc'ed by libc (not
// by Go), so the collector never moves it.

// pointer converts a C address to an unsafe.Pointer (through memory, so
// that vet's uintptr check, meant for Go memory, does not apply).
func pointer(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// bytesAt is a view of n bytes of C memory at p.
func bytesAt(p uintptr, n int) []byte { return unsafe.Slice((*byte)(pointer(p)), n) }

// wordAt reads the pointer-sized word at p.
func wordAt(p uintptr) uintptr { return *(*uintptr)(pointer(p)) }
