package vm_test

import "testing"

// BenchmarkScriptListRepeatInts builds [0] * 100000 and counts in it
// (the int strategy: 8 bytes an element, pointer-free).
func BenchmarkScriptListRepeatInts(b *testing.B) {
	benchScript(b, `
xs = [0] * 100000
xs[5] = 1
n = xs.count(1)
`)
}

// BenchmarkScriptListRangeSum builds list(range(100000)) and sums it.
func BenchmarkScriptListRangeSum(b *testing.B) {
	benchScript(b, `
xs = list(range(100000))
s = sum(xs)
`)
}

// BenchmarkScriptSortFloats sorts 20000 floats (the float strategy's sort).
func BenchmarkScriptSortFloats(b *testing.B) {
	benchScript(b, `
xs = [((i * 7919) % 20011) * 0.5 for i in range(20000)]
ys = sorted(xs)
`)
}
