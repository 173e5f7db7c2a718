package vm_test

import "testing"

// BenchmarkScriptCallReturn (interp_bench_test.go) is fib(15): exact
// positional calls through pushExact.

// BenchmarkScriptCallMethods is 300 method calls with self and zero to two
// arguments, at one depth with different frame sizes (pushExact binding
// new registers each time), and 100 constructions with a script __init__.
func BenchmarkScriptCallMethods(b *testing.B) {
	benchScript(b, `
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def get(self):
        return self.x
    def add(self, o):
        return self.x + o.x
    def mix(self, a, b):
        return a * self.y - b
def f():
    p = P(1, 2)
    t = 0
    for i in range(100):
        t += p.get() + p.add(p) + p.mix(i, 3)
        P(i, t)
    return t
f()
`)
}
