package pyasync_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
	"github.com/pyasync/pyasync/vm"
)

// benchFunc defines src and benchmarks calling f(n) from Go.
func benchFunc(b *testing.B, src string, n int64) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard, Stderr: io.Discard})
	require.NoError(b, it.Exec(src, "<bench>"))
	fn, err := it.Eval("f")
	require.NoError(b, err)
	th := it.VM().Main()
	args := []vm.Value{vm.Int(n)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := th.Call(fn, args, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCalls: 1000 calls between script functions per op.
func BenchmarkCalls(b *testing.B) {
	benchFunc(b, "def g(a, b):\n    return a + b\n\ndef f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s = g(s, i)\n        i += 1\n    return s\n", 1000)
}

// BenchmarkLoop: 1000 iterations of int arithmetic and branches per op.
func BenchmarkLoop(b *testing.B) {
	benchFunc(b, "def f(n):\n    acc = 0\n    for i in range(n):\n        acc = (acc * 31 + i) % 1000003\n        if acc & 1:\n            acc += 1\n    return acc\n", 1000)
}

// BenchmarkFloat: 1000 iterations of float arithmetic per op.
func BenchmarkFloat(b *testing.B) {
	benchFunc(b, "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = x * 0.999 + 1.0 / (i + 1)\n    return x\n", 1000)
}

// BenchmarkAttributes: 1000 attribute reads, writes and method calls per op.
func BenchmarkAttributes(b *testing.B) {
	benchFunc(b, "class P:\n    def __init__(self):\n        self.x = 0\n    def inc(self, d):\n        self.x += d\n\np = P()\n\ndef f(n):\n    for i in range(n):\n        p.inc(1)\n        p.x = p.x - 1 + i\n    return p.x\n", 1000)
}

// BenchmarkDict: 1000 dict stores and lookups with str and int keys per op.
func BenchmarkDict(b *testing.B) {
	benchFunc(b, "keys = ['k%d' % i for i in range(100)]\n\ndef f(n):\n    d = {}\n    for i in range(n):\n        k = keys[i % 100]\n        d[k] = d.get(k, 0) + 1\n        d[i] = i\n    return len(d)\n", 1000)
}

// BenchmarkObjects: 1000 instance creations per op.
func BenchmarkObjects(b *testing.B) {
	benchFunc(b, "class V:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\ndef f(n):\n    s = 0\n    for i in range(n):\n        s += V(i, 1).x\n    return s\n", 1000)
}
