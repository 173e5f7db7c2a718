package stdlib

import (
	"testing"
	"unsafe"

	"github.com/pyasync/pyasync/vm"
)

// TestSleepAwaitableSize: every task sleeping in asyncio.sleep holds one
// sleepAwaitable, its timer inside; it must stay in the 48-byte size
// class (64-bit), and the Handle inside at 40 bytes.
func TestSleepAwaitableSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if s := unsafe.Sizeof(sleepAwaitable{}); s > 48 {
		t.Errorf("sleepAwaitable is %d bytes, more than 48", s)
	}
	if s := unsafe.Sizeof(vm.Handle{}); s > 40 {
		t.Errorf("vm.Handle is %d bytes, more than 40", s)
	}
}
