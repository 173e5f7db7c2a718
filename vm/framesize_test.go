package vm

import "testing"

// TestFrameSizeExact: a frame has registers for its locals and cells and
// the compiler's (verified) stack depth, nothing more; free variables are
// read from the closure. A sleeping coroutine such as the sleepers
// benchmark's then fits the 4-register generator record (TestTaskLayoutSizes).
func TestFrameSizeExact(t *testing.T) {
	v := New(Options{})
	src := `
import asyncio
async def sleeper(i):
    await asyncio.sleep(0.5)
    return i % 7
def outer():
    a, b, c = 1, 2, 3
    def inner(x):
        return a + b + c + x
    return inner
`
	code, err := v.Compile([]byte(src), "<test>", false)
	if err != nil {
		t.Fatal(err)
	}
	find := func(c *Code, name string) *Code {
		for _, k := range c.consts {
			if co, ok := k.o.(*CodeObject); ok && co.code.Name == name {
				return co.code
			}
		}
		return nil
	}
	sleeper := find(code, "sleeper")
	if sleeper.frameSize != 4 {
		t.Errorf("sleeper: frameSize %d, want 4 (1 local, stack 3)", sleeper.frameSize)
	}
	inner := find(find(code, "outer"), "inner")
	if inner.nfree != 3 || inner.nregs != 1 || inner.frameSize != inner.nregs+inner.StackSize {
		t.Errorf("inner: nfree %d nregs %d frameSize %d (stack %d); want 3 free, 1 register slot, no spare register",
			inner.nfree, inner.nregs, inner.frameSize, inner.StackSize)
	}
}
