package vm_test

import "testing"

// BenchmarkScriptGenForLoop is a pipeline of generators consumed by for
// loops: each value runs the generator's frame in the loop's own
// interpreter loop (gen_foriter.go), without Next, Resume and a nested run.
func BenchmarkScriptGenForLoop(b *testing.B) {
	benchScript(b, `
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1
def double(src):
    for x in src:
        yield x * 2
def f():
    s = 0
    for x in double(double(numbers(200))):
        s += x
    return s
f()
`)
}

// BenchmarkScriptRecursiveGen is nqueens' shape: a recursive generator of
// 21 registers (one allocation with its frame, gen_record_mid.go) whose
// comprehension closes over its parameters (opMakeClosure: the Function
// and its cells in one allocation) and delegates with yield from.
func BenchmarkScriptRecursiveGen(b *testing.B) {
	benchScript(b, `
def place(n, row, cols, diag1, diag2, board):
    if row == n:
        yield tuple(board)
        return
    free = [c for c in range(n)
            if c not in cols and (row + c) not in diag1 and (row - c) not in diag2]
    for c in free:
        cols.add(c)
        diag1.add(row + c)
        diag2.add(row - c)
        board.append(c)
        yield from place(n, row + 1, cols, diag1, diag2, board)
        board.pop()
        cols.discard(c)
        diag1.discard(row + c)
        diag2.discard(row - c)
for sol in place(5, 0, set(), set(), set(), []):
    pass
`)
}
