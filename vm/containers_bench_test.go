package vm_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/pyasync/pyasync/vm"
)

func benchStrKeys(n int) []vm.Value {
	keys := make([]vm.Value, n)
	for i := range keys {
		keys[i] = vm.Str(fmt.Sprintf("key%d", i))
	}
	return keys
}

// BenchmarkDictSetGetStr stores and reads 1000 str keys.
func BenchmarkDictSetGetStr(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	keys := benchStrKeys(1000)
	b.ReportAllocs()
	for b.Loop() {
		d := vm.NewDict()
		for i, k := range keys {
			if err := d.Set(th, k, vm.Int(int64(i))); err != nil {
				b.Fatal(err)
			}
		}
		for _, k := range keys {
			if _, ok, err := d.Get(th, k); err != nil || !ok {
				b.Fatal("missing key", err)
			}
		}
	}
}

// BenchmarkDictSetGetInt stores and reads 1000 int keys.
func BenchmarkDictSetGetInt(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	b.ReportAllocs()
	for b.Loop() {
		d := vm.NewDict()
		for i := int64(0); i < 1000; i++ {
			if err := d.Set(th, vm.Int(i*7), vm.Int(i)); err != nil {
				b.Fatal(err)
			}
		}
		for i := int64(0); i < 1000; i++ {
			if _, ok, err := d.Get(th, vm.Int(i*7)); err != nil || !ok {
				b.Fatal("missing key", err)
			}
		}
	}
}

// BenchmarkListAppend appends 1000 items through list.append.
func BenchmarkListAppend(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	appendFn, err := th.GetAttr(vm.ObjectValue(vm.ListType), "append")
	if err != nil {
		b.Fatal(err)
	}
	args := make([]vm.Value, 2)
	b.ReportAllocs()
	for b.Loop() {
		l := vm.NewList(nil)
		args[0] = l
		for i := int64(0); i < 1000; i++ {
			args[1] = vm.Int(i)
			if _, err := th.Call(appendFn, args, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSetAdd adds 1000 ints (half of them twice) and tests membership.
func BenchmarkSetAdd(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	b.ReportAllocs()
	for b.Loop() {
		s := vm.NewSet()
		for i := int64(0); i < 1000; i++ {
			if err := s.Add(th, vm.Int(i%500*31)); err != nil {
				b.Fatal(err)
			}
		}
		for i := int64(0); i < 1000; i++ {
			if _, err := s.Contains(th, vm.Int(i)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSortInts sorts 10000 pseudo-random ints.
func BenchmarkSortInts(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	src := make([]vm.Value, 10000)
	for i := range src {
		src[i] = vm.Int(int64(i*7919) % 10007)
	}
	items := make([]vm.Value, len(src))
	b.ReportAllocs()
	for b.Loop() {
		copy(items, src)
		if err := th.SortValues(items, vm.Value{}, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSortStrs sorts 10000 strs.
func BenchmarkSortStrs(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	src := make([]vm.Value, 10000)
	for i := range src {
		src[i] = vm.Str(fmt.Sprint(int64(i*7919) % 10007))
	}
	items := make([]vm.Value, len(src))
	b.ReportAllocs()
	for b.Loop() {
		copy(items, src)
		if err := th.SortValues(items, vm.Value{}, false); err != nil {
			b.Fatal(err)
		}
	}
}

func benchScript(b *testing.B, src string) {
	v := vm.New(vm.Options{Stdout: io.Discard})
	code, err := v.Compile([]byte(src), "<bench>", false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m := v.NewMainModule("<bench>")
		if _, err := v.ExecModule(v.Main(), code, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScriptDictStr is a dict-heavy script with str keys.
func BenchmarkScriptDictStr(b *testing.B) {
	benchScript(b, `
keys = ['k' + str(i) for i in range(1000)]
d = {}
for k in keys:
    d[k] = d.get(k, 0) + 1
total = 0
for k in keys:
    total += d[k]
`)
}

// BenchmarkScriptDictInt is a dict-heavy script with int keys.
func BenchmarkScriptDictInt(b *testing.B) {
	benchScript(b, `
d = {}
for i in range(2000):
    d[i] = i
total = 0
for i in range(2000):
    total += d[i]
for k, v in d.items():
    total += v
`)
}

// BenchmarkScriptListOps appends, indexes and slices lists.
func BenchmarkScriptListOps(b *testing.B) {
	benchScript(b, `
l = []
for i in range(2000):
    l.append(i)
t = 0
for i in range(2000):
    t += l[i]
for i in range(200):
    s = l[i:i + 50]
    t += len(s)
`)
}

// BenchmarkScriptSortedKey sorts with a key function.
func BenchmarkScriptSortedKey(b *testing.B) {
	benchScript(b, `
data = [(i * 7919) % 1009 for i in range(2000)]
r = sorted(data, key=lambda x: -x)
r2 = sorted(data)
`)
}

// BenchmarkScriptSetOps adds to and probes sets.
func BenchmarkScriptSetOps(b *testing.B) {
	benchScript(b, `
s = set()
for i in range(2000):
    s.add(i * 3)
n = 0
for i in range(4000):
    if i in s:
        n += 1
`)
}

// BenchmarkScriptSetSmallInts is nqueens' set traffic: membership tests,
// add and discard of small (and negative) ints on sets of a few entries,
// which fill with dummies between resizes.
func BenchmarkScriptSetSmallInts(b *testing.B) {
	benchScript(b, `
cols = set()
diag = set()
n = 0
for r in range(300):
    for c in range(8):
        if c not in cols and (r - c) not in diag:
            n += 1
        cols.add(c)
        diag.add(r - c)
    for c in range(8):
        cols.discard(c)
        diag.discard(r - c)
`)
}
