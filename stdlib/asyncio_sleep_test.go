package stdlib

import (
	"testing"
	"unsafe"
)

// TestSleepAwaitableSize: every task sleeping in asyncio.sleep holds one
// sleepAwaitable, its timer inside; it must stay in the 64-byte size
// class (64-bit).
func TestSleepAwaitableSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if s := unsafe.Sizeof(sleepAwaitable{}); s > 64 {
		t.Errorf("sleepAwaitable is %d bytes, more than 64", s)
	}
}
