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

// BenchmarkScriptAttrMethod reads instance attributes and calls methods
// on shaped instances (classes' vector walk).
func BenchmarkScriptAttrMethod(b *testing.B) {
	benchScript(b, `
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def dot(self, other):
        return self.x * other.x + self.y * other.y
a = Vec(1, 2)
c = Vec(3, 4)
t = 0
for i in range(500):
    t += a.dot(c) + a.x - c.y
`)
}

// BenchmarkScriptAugSubscript is nbody's "a[k] op= v" on float lists.
func BenchmarkScriptAugSubscript(b *testing.B) {
	benchScript(b, `
a = [0.0, 1.0, 2.0, 3.0]
for i in range(500):
    a[0] += 0.5
    a[1] -= a[0] * 0.25
    a[2] *= 1.0001
    a[3] += a[2]
`)
}

// BenchmarkScriptBuiltinMethods calls methods of builtin objects
// (list.append, dict.get, str.join): dict_str's inner loops.
func BenchmarkScriptBuiltinMethods(b *testing.B) {
	benchScript(b, `
d = {}
for i in range(300):
    chars = []
    chars.append("a")
    chars.append("b")
    w = "".join(chars)
    d[w] = d.get(w, 0) + 1
`)
}

// BenchmarkScriptCallCatch calls a function that catches an exception and
// returns: the exception path of a pooled frame (its tb_frame keeps the
// call's final locals, caughtGone).
func BenchmarkScriptCallCatch(b *testing.B) {
	benchScript(b, `
def f(i):
    try:
        raise ValueError(i)
    except ValueError:
        pass
    return i
for i in range(300):
    f(i)
`)
}

// BenchmarkScriptLoopTails is the fused loop instructions in a function:
// a local compared with a local or a constant and tested by a jump,
// "x = ...; jump back" and the jump back to a for loop's FOR_ITER.
func BenchmarkScriptLoopTails(b *testing.B) {
	benchScript(b, `
def f(n):
    i = 0
    s = 0
    while i < n:
        if i != 7:
            s = s + i
        i = i + 1
    for x in range(n):
        s = s + x
    for y in [1, 2, 3, 4, 5, 6, 7, 8]:
        s = s + y
    return s
f(500)
`)
}

// BenchmarkScriptPolymorphicAttrs runs attribute and method sites that see
// instances of four classes in turn (classes' scheduler loop over Task
// subclasses): each site finds its entry for the class among the ones it
// keeps aside (attrcache.go).
func BenchmarkScriptPolymorphicAttrs(b *testing.B) {
	benchScript(b, `
class T:
    def __init__(self):
        self.n = 0
    def step(self):
        self.n += 1
        return self.n
class A(T):
    pass
class B(T):
    def step(self):
        self.n += 2
        return self.n
class C(T):
    pass
objs = [T(), A(), B(), C()]
t = 0
for i in range(150):
    for o in objs:
        t += o.step() + o.n
`)
}

// BenchmarkScriptSubscrRange is dict_str's inner loop: range() of small
// ints, str indexing and dict item reads (the BINARY_SUBSCR shortcuts).
func BenchmarkScriptSubscrRange(b *testing.B) {
	benchScript(b, `
LETTERS = "etaoinshrdlucmfwyp"
d = {c: i for i, c in enumerate(LETTERS)}
t = 0
for x in range(100):
    for y in range(x % 5, 10):
        t += d[LETTERS[y % 18]]
`)
}

// BenchmarkScriptFloatArith is + - * / of floats and small ints in locals
// (nbody's and spectral_norm's inner arithmetic): the operator-specific
// instructions of binary_spec.go.
func BenchmarkScriptFloatArith(b *testing.B) {
	benchScript(b, `
def f(n):
    x, y, s = 0.5, 1.25, 0
    for i in range(n):
        d = x - y
        x = x + d * 0.001
        y = y * 0.999 + 1.0 / (i + 1)
        s = s + i - 3
    return x, y, s
f(500)
`)
}

// BenchmarkScriptLocalSubscr reads list items by a constant and by a local
// index (nbody's a[0], spectral_norm's v[j]): subscr_fast.go's fused
// instructions.
func BenchmarkScriptLocalSubscr(b *testing.B) {
	benchScript(b, `
def f(n):
    a = [0.5, 1.5, 2.5, 3.5]
    v = list(range(16))
    s, t = 0.0, 0
    for i in range(n):
        s = s + a[0] * a[3] - a[-1]
        t = t + v[i & 15]
    return s, t
f(500)
`)
}

// BenchmarkScriptLen calls len() of lists, strs, tuples and dicts (classes'
// "len(self.inbox) > 0"): computed by CALL in place.
func BenchmarkScriptLen(b *testing.B) {
	benchScript(b, `
def f(n):
    l, s, t, d = [1, 2], "abc", (1,), {1: 2}
    k = 0
    for i in range(n):
        k = k + len(l) + len(s) + len(t) + len(d)
    return k
f(500)
`)
}

// BenchmarkScriptIsInstance calls isinstance() with plain classes
// (richards' task checks): answered by CALL in place when true.
func BenchmarkScriptIsInstance(b *testing.B) {
	benchScript(b, `
class A:
    pass
class B(A):
    pass
def f(n):
    xs = [A(), B(), 1]
    k = 0
    for i in range(n):
        for x in xs:
            if isinstance(x, A):
                k += 1
    return k
f(300)
`)
}
