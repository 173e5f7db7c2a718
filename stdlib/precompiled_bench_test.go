package stdlib

import (
	"testing"

	"github.com/pyasync/pyasync/vm"
)

// BenchmarkPrecompiledAsyncio: looking up and decoding asyncio.pya's code
// from the blob (what import asyncio pays before LoadCompiled), per op.
func BenchmarkPrecompiledAsyncio(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if precompiled(asyncioSource, "<asyncio>") == nil {
			b.Fatal("asyncio.pya is not precompiled")
		}
	}
}

// BenchmarkPrecompiledAsyncioLoad: the decoded code made executable
// (vm.LoadCode: constants, interned names, superinstructions), per op.
func BenchmarkPrecompiledAsyncioLoad(b *testing.B) {
	c := precompiled(asyncioSource, "<asyncio>")
	if c == nil {
		b.Fatal("asyncio.pya is not precompiled")
	}
	b.ReportAllocs()
	for b.Loop() {
		vm.LoadCode(c)
	}
}
