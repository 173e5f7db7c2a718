package vm_test

import "testing"

// BenchmarkScriptCellPrologue is nqueens' place(): a function whose four
// captured parameters are made into cells at entry (opMakeCells, one
// allocation) and read by a comprehension.
func BenchmarkScriptCellPrologue(b *testing.B) {
	benchScript(b, `
def place(n, row, cols, diag):
    return [c for c in range(n) if c not in cols and row + c not in diag]
def f():
    cols, diag = {1, 3}, {4, 5}
    for _ in range(100):
        place(8, 2, cols, diag)
f()
`)
}

// BenchmarkScriptRangeLoops is "for i in range(n)" loops: the iterator is
// made without the range object (opCallGetIter).
func BenchmarkScriptRangeLoops(b *testing.B) {
	benchScript(b, `
def f():
    s = 0
    for i in range(100):
        for j in range(i % 5):
            s += j
    return s
f()
`)
}

// BenchmarkScriptDictItemsLoop is "for k, v in d.items()": each entry is
// unpacked without a pair tuple (FOR_ITER's dict items case).
func BenchmarkScriptDictItemsLoop(b *testing.B) {
	benchScript(b, `
d = {str(i): i for i in range(100)}
def f(d):
    s = 0
    for k, v in d.items():
        s += v
    return s
f(d)
`)
}

// BenchmarkScriptInstances is instances of small user classes: each is one
// allocation with room for its attributes (newObjectInstance), and a
// two-item tuple is one allocation (BUILD_TUPLE).
func BenchmarkScriptInstances(b *testing.B) {
	benchScript(b, `
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
def f():
    for i in range(100):
        v = Vec(i, i + 1)
        t = (v.x, v.y)
f()
`)
}

// BenchmarkScriptJoinChars is make_words' "".join(chars) of a few
// one-letter strs appended to a new list.
func BenchmarkScriptJoinChars(b *testing.B) {
	benchScript(b, `
L = "etaoinshrdlucmfwyp"
def f():
    for i in range(100):
        chars = []
        for j in range(2 + i % 5):
            chars.append(L[(i + j) % 18])
        "".join(chars)
f()
`)
}

// BenchmarkScriptListLoops is "for x in a_list" loops: the iterator lives
// in the loop's stack slot (listLoop), as range(...)'s does (rangeCounter).
func BenchmarkScriptListLoops(b *testing.B) {
	benchScript(b, `
def f(rows):
    s = 0
    for row in rows:
        for x in row:
            s += x
    return s
f([[1, 2, 3]] * 100)
`)
}
