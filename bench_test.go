package pyasync_test

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
	"github.com/pyasync/pyasync/vm"
)

// benchFunc defines src and benchmarks calling f(n) from Go (through the
// VM directly: these measure the interpreter, not the embedding API).
func benchFunc(b *testing.B, src string, n int64) {
	benchFuncLimits(b, src, n, pyasync.Limits{})
}

func benchFuncLimits(b *testing.B, src string, n int64, lim pyasync.Limits) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard, Stderr: io.Discard, Limits: lim})
	require.NoError(b, it.Exec(context.Background(), src, "<bench>"))
	fn, err := it.Get("f")
	require.NoError(b, err)
	th := it.VM().Main()
	if lim != (pyasync.Limits{}) {
		// arm the limits as a run does (the calls below bypass Call)
		v := it.VM()
		v.ArmMemory(v.Arm(lim.MaxSteps), lim.MaxMemory)
		defer v.Disarm()
	}
	args := []vm.Value{vm.Int(n)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := th.Call(fn.VM(), args, nil); err != nil {
			b.Fatal(err)
		}
	}
}

const (
	callsSrc = "def g(a, b):\n    return a + b\n\ndef f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s = g(s, i)\n        i += 1\n    return s\n"
	loopSrc  = "def f(n):\n    acc = 0\n    for i in range(n):\n        acc = (acc * 31 + i) % 1000003\n        if acc & 1:\n            acc += 1\n    return acc\n"
)

// BenchmarkCalls: 1000 calls between script functions per op.
func BenchmarkCalls(b *testing.B) { benchFunc(b, callsSrc, 1000) }

// BenchmarkLoop: 1000 iterations of int arithmetic and branches per op.
func BenchmarkLoop(b *testing.B) { benchFunc(b, loopSrc, 1000) }

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

// BenchmarkLimitsCalls and BenchmarkLimitsLoop are Calls and Loop with
// every limit set and armed: the eval breaker's cost (compare with
// BenchmarkCalls and BenchmarkLoop; the goal is at most 2% slower).
func BenchmarkLimitsCalls(b *testing.B) { benchFuncLimits(b, callsSrc, 1000, allLimits) }

// BenchmarkLimitsLoop: Loop with every limit set.
func BenchmarkLimitsLoop(b *testing.B) { benchFuncLimits(b, loopSrc, 1000, allLimits) }

var allLimits = pyasync.Limits{MaxSteps: 1 << 62, MaxMemory: 1 << 40, MaxDuration: 1 << 40, MaxRecursion: 1000}

// BenchmarkEmbedCall: a Go→script call of a small function through
// Interpreter.Call (argument conversion, limits armed, result).
func BenchmarkEmbedCall(b *testing.B) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard})
	ctx := context.Background()
	require.NoError(b, it.Exec(ctx, "def add(a, b):\n    return a + b\n", "<bench>"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := it.Call(ctx, "add", i, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGoFunc measures a script→Go call: 1000 calls of fn per op.
func benchGoFunc(b *testing.B, fn any, arg string) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard})
	ctx := context.Background()
	require.NoError(b, it.Set("gofn", fn))
	require.NoError(b, it.Exec(ctx, "def f():\n    for i in range(1000):\n        gofn("+arg+")\n", "<bench>"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := it.Call(ctx, "f"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoFuncFast: func(int) int, the fast path (1000 calls per op).
func BenchmarkGoFuncFast(b *testing.B) { benchGoFunc(b, func(n int) int { return n + 1 }, "i") }

// BenchmarkGoFuncValues: func(...Value) (Value, error), no reflection.
func BenchmarkGoFuncValues(b *testing.B) {
	benchGoFunc(b, func(args ...pyasync.Value) (pyasync.Value, error) { return args[0], nil }, "i")
}

// BenchmarkGoFuncReflect: func(int, string) (int, error) by reflection.
func BenchmarkGoFuncReflect(b *testing.B) {
	benchGoFunc(b, func(n int, s string) (int, error) { return n + len(s), nil }, "i, 'ab'")
}

// account is the struct of the Set/Get benchmarks.
type account struct {
	Owner   string  `py:"owner"`
	Balance float64 `py:"balance"`
	Tags    []string
}

// BenchmarkSetGetStruct: Set a struct value (a copy), Get it back and
// Export it into a Go struct.
func BenchmarkSetGetStruct(b *testing.B) {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard})
	a := account{Owner: "ann", Balance: 10, Tags: []string{"x", "y"}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := it.Set("acct", a); err != nil {
			b.Fatal(err)
		}
		v, err := it.Get("acct")
		if err != nil {
			b.Fatal(err)
		}
		var out account
		if err := pyasync.Export(v, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// progSrc is the program of the parallel benchmarks.
const progSrc = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nr = fib(18)\n"

// BenchmarkProgram1 runs one compiled Program in one interpreter per op.
func BenchmarkProgram1(b *testing.B) {
	p, err := pyasync.Compile("<bench>", []byte(progSrc))
	require.NoError(b, err)
	it := pyasync.New(pyasync.Options{Stdout: io.Discard})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := it.Run(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgram2 runs the same Program on 2 goroutines (an interpreter
// each), b.N runs on each: on 2 cores, the time per op should stay close
// to BenchmarkProgram1's (twice the throughput).
func BenchmarkProgram2(b *testing.B) {
	p, err := pyasync.Compile("<bench>", []byte(progSrc))
	require.NoError(b, err)
	its := []*pyasync.Interpreter{pyasync.New(pyasync.Options{Stdout: io.Discard}), pyasync.New(pyasync.Options{Stdout: io.Discard})}
	b.ResetTimer()
	var wg sync.WaitGroup
	for _, it := range its {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < b.N; i++ {
				if err := it.Run(context.Background(), p); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkStartupHello: a new interpreter running print('hi') per op (the
// in-process part of start-up).
func BenchmarkStartupHello(b *testing.B) { benchStartup(b, "print('hi')\n") }

// BenchmarkStartupImports: a new interpreter importing the modules a
// typical program starts with, per op.
func BenchmarkStartupImports(b *testing.B) {
	benchStartup(b, "import asyncio, collections, re, logging, dataclasses, json\n")
}

func benchStartup(b *testing.B, src string) {
	p, err := pyasync.Compile("<bench>", []byte(src))
	require.NoError(b, err)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		it := pyasync.New(pyasync.Options{Stdout: io.Discard, Stderr: io.Discard})
		if err := it.Run(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStartupAsyncio: a new interpreter running import asyncio per op
// (issue 13's second start-up budget).
func BenchmarkStartupAsyncio(b *testing.B) { benchStartup(b, "import asyncio\n") }
