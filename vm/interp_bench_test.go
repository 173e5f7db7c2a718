package vm_test

import "testing"

// BenchmarkScriptDispatch is an inner loop of cheap instructions (loads,
// stores, int compare and add, list index and store): what it measures is
// mostly the interpreter's dispatch (fannkuch's rotation loop).
func BenchmarkScriptDispatch(b *testing.B) {
	benchScript(b, `
perm = list(range(12))
for _ in range(300):
    p0 = perm[0]
    i = 0
    while i < 11:
        perm[i] = perm[i + 1]
        i += 1
    perm[11] = p0
`)
}

// BenchmarkScriptCallReturn is fib: plain calls and returns of a
// one-argument function.
func BenchmarkScriptCallReturn(b *testing.B) {
	benchScript(b, `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
fib(15)
`)
}
