package vm_test

import "testing"

// BenchmarkScriptAsyncFor runs async for over a pipeline of two async
// generators (20,000 values), driven by hand: each step runs the
// generators' frames in place (no asend object, no nested loop).
func BenchmarkScriptAsyncFor(b *testing.B) {
	benchScript(b, `
async def src(n):
    for i in range(n):
        yield i

async def double(s):
    async for x in s:
        yield x * 2

async def total():
    t = 0
    async for x in double(src(20000)):
        t += x
    return t

try:
    total().send(None)
except StopIteration as e:
    assert e.value == 399980000
`)
}

// BenchmarkScriptStrKeys builds 20,000 short str keys by concatenation and
// str(int) and looks them up (strs of up to 8 bytes are one allocation;
// the dict takes the str-keys layout, dict_strkeys.go).
func BenchmarkScriptStrKeys(b *testing.B) {
	benchScript(b, `
d = {}
for i in range(20000):
    d["k" + str(i)] = i
t = 0
for i in range(0, 20000, 3):
    t += d["k" + str(i)]
assert t == 66663333
`)
}
