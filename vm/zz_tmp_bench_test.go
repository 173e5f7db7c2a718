package vm_test

import (
	"testing"

	"github.com/pyasync/pyasync/vm"
)

func BenchmarkTmpDictGetOnlyInt(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	d := vm.NewDict()
	for i := int64(0); i < 1000; i++ {
		d.Set(th, vm.Int(i*7), vm.Int(i))
	}
	for b.Loop() {
		for i := int64(0); i < 1000; i++ {
			d.Get(th, vm.Int(i*7))
		}
	}
}
func BenchmarkTmpDictGetOnlyStr(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	d := vm.NewDict()
	keys := benchStrKeys(1000)
	for i, k := range keys {
		d.Set(th, k, vm.Int(int64(i)))
	}
	for b.Loop() {
		for _, k := range keys {
			d.Get(th, k)
		}
	}
}
func BenchmarkTmpSetContains(b *testing.B) {
	th := vm.New(vm.Options{}).Main()
	s := vm.NewSet()
	for i := int64(0); i < 1000; i++ {
		s.Add(th, vm.Int(i*7))
	}
	for b.Loop() {
		for i := int64(0); i < 1000; i++ {
			s.Contains(th, vm.Int(i*7))
		}
	}
}
