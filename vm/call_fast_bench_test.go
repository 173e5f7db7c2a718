package vm_test

import "testing"

// BenchmarkScriptCallExact is fib(15): 1,973 calls whose one argument
// matches the parameter exactly (pushExact, and the register slice kept at
// each depth), each returning through RETURN_VALUE's plain path (clearRegs).
func BenchmarkScriptCallExact(b *testing.B) {
	benchScript(b, `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
fib(15)
`)
}

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
