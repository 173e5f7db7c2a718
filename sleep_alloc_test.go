package pyasync_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasync/pyasync/vm"
)

// TestSleepAllocations: asyncio.sleep(delay) makes its awaitable and
// nothing else (its argument locals once escaped: two more allocations a
// call).
func TestSleepAllocations(t *testing.T) {
	th, fn := compileFunc(t, "import asyncio\ndef f(n):\n    for i in range(n):\n        asyncio.sleep(0)\n", "f")
	args := []vm.Value{vm.Int(100)}
	_, err := th.Call(fn, args, nil)
	assert.NoError(t, err)
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := th.Call(fn, args, nil); err != nil {
			t.Fatal(err)
		}
	})
	// 100 awaitables (the loop's range(n) iterator lives in its stack slot)
	assert.Equal(t, 100.0, allocs)
}
