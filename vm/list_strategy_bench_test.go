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

// BenchmarkScriptJoinStrs builds a list of 100000 strs with a
// comprehension and joins it (the str strategy: 8 bytes an element).
func BenchmarkScriptJoinStrs(b *testing.B) {
	benchScript(b, `
parts = [str(i) for i in range(100000)]
s = ",".join(parts)
`)
}
