package vm_test

import "testing"

// BenchmarkScriptUnpackLocals is unpack_sequence's "a, b, ... = seq" of a
// ten-item tuple and list into locals (opUnpackStoreFast).
func BenchmarkScriptUnpackLocals(b *testing.B) {
	benchScript(b, `
def f(t, l):
    for _ in range(100):
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = l
        x, y = y, x = 1, 2
f(tuple(range(10)), list(range(10)))
`)
}

// BenchmarkScriptBuiltinTypeCalls is tuple(x), list(x), enumerate(x) and
// dict(): calls of builtin types, whose __new__ and __init__ are looked up
// once (type_ctor.go).
func BenchmarkScriptBuiltinTypeCalls(b *testing.B) {
	benchScript(b, `
def f(l):
    for _ in range(100):
        tuple(l)
        list(l)
        enumerate(l)
        dict()
f([1, 2, 3])
`)
}

// BenchmarkScriptCallDefaults is calls that only need defaults filled (a
// function, a bound method, deepcopy's memo=None, _nil=[]): bindArgs' fast
// path, with no argument slice.
func BenchmarkScriptCallDefaults(b *testing.B) {
	benchScript(b, `
class C:
    def m(self, x, y=1):
        return x
def g(x, memo=None, _nil=[]):
    return x
def f():
    c = C()
    for i in range(100):
        g(i)
        c.m(i)
        g(i, None)
f()
`)
}
