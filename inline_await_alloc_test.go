package pyasync_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasync/pyasync/vm"
)

// inlineFib is a coroutine chain that never suspends, driven by send()
// from plain code (pyperformance's coroutines benchmark).
const inlineFib = `
async def fib(n):
    if n <= 1:
        return n
    return await fib(n - 1) + await fib(n - 2)

def f(n):
    c = fib(n)
    try:
        c.send(None)
    except StopIteration as e:
        return e.value
`

// TestInlineAwaitAllocations: "await f()" off a task's thread makes no
// coroutine object while the chain does not suspend: fib(15) is 1973
// awaits, and its run allocates only the outer coroutine, the
// StopIteration and its argument tuple.
func TestInlineAwaitAllocations(t *testing.T) {
	th, fn := compileFunc(t, inlineFib, "f")
	args := []vm.Value{vm.Int(15)}
	v, err := th.Call(fn, args, nil)
	assert.NoError(t, err)
	n, ok := v.AsInt64()
	assert.True(t, ok)
	assert.Equal(t, int64(610), n)
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := th.Call(fn, args, nil); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, 8.0)
}

// BenchmarkInlineAwaitSend is fib(15) as a coroutine chain driven by
// send() from plain code.
func BenchmarkInlineAwaitSend(b *testing.B) {
	th, fn := compileFunc(b, inlineFib, "f")
	args := []vm.Value{vm.Int(15)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := th.Call(fn, args, nil); err != nil {
			b.Fatal(err)
		}
	}
}
