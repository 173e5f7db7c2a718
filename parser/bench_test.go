package parser

import (
	"os"
	"syscall"
	"testing"
)

// BenchmarkParse parses testdata/bench.py, a ~500-line realistic program.
func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("testdata/bench.py")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Parse("bench.py", src); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	before := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := Parse("bench.py", src); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time (all threads, GC included) is steadier than wall time on a
	// shared machine.
	b.ReportMetric(float64(cpuTime()-before)/float64(b.N), "cpu-ns/op")
}

func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkGrammar: building participle's parser for simple statements and
// expressions, which the first parse of every process waits for (started
// at package init).
func BenchmarkGrammar(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newRoot()
	}
}

// BenchmarkGrammarCompound: building the compound statements' parser,
// which the first compound statement waits for (built after the other).
func BenchmarkGrammarCompound(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newCompoundRoot()
	}
}
