package pyasync_test

import "testing"

// BenchmarkArrayIndex: scimark's sparse matrix product, 1000 array('d')
// and array('i') reads and 100 writes per op (vm.IndexedItems).
func BenchmarkArrayIndex(b *testing.B) {
	benchFunc(b, `
from array import array
x = array('d', [0.5]) * 100
y = array('d', [0.0]) * 100
col = array('i', range(100)) * 10
def f(n):
    for r in range(100):
        sa = 0.0
        for i in range(r, r + n // 100):
            sa += x[col[i]] * y[i % 100]
        y[r] = sa
`, 1000)
}
