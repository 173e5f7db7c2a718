package vm_test

import "testing"

// BenchmarkScriptPercentSimple is pprint's "%s: %s" % (k, v) and
// "(%s)" % s (vm/percent_fast.go).
func BenchmarkScriptPercentSimple(b *testing.B) {
	benchScript(b, `
def f():
    for i in range(100):
        s = "%s: %s" % ("key", i)
        s = "(%s)" % "1, 2"
f()
`)
}
