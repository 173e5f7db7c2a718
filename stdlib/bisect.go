package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The bisect module in Go: binary search on sorted sequences (with key=,
// lo and hi) and insort into lists, comparing with '<' as CPython does.

func init() { register("bisect", initBisect) }

// bisectSearch returns the insertion point for x in a[lo:hi]; right picks
// the position after equal items.
func bisectSearch(t *vm.Thread, name string, args []vm.Value, kw []string) (vm.Value, int64, vm.Value, error) {
	var a, x, lov, hiv, key vm.Value
	if err := vm.UnpackArgs(name, args, kw, []string{"a", "x", "lo?", "hi?", "*key?"}, &a, &x, &lov, &hiv, &key); err != nil {
		return vm.Value{}, 0, vm.Value{}, err
	}
	lo, hi := int64(0), int64(-1)
	if lov.IsValid() {
		n, err := t.Index(lov)
		if err != nil {
			return vm.Value{}, 0, vm.Value{}, err
		}
		lo = n
	}
	if lo < 0 {
		return vm.Value{}, 0, vm.Value{}, vm.Errorf(vm.ValueError, "lo must be non-negative")
	}
	if hiv.IsValid() && !hiv.IsNone() {
		n, err := t.Index(hiv)
		if err != nil {
			return vm.Value{}, 0, vm.Value{}, err
		}
		hi = n
	} else {
		n, err := t.Len(a)
		if err != nil {
			return vm.Value{}, 0, vm.Value{}, err
		}
		hi = int64(n)
	}
	if key.IsValid() && key.IsNone() {
		key = vm.Value{}
	}
	right := name == "bisect_right" || name == "insort_right"
	list, _ := a.Object().(*vm.List)
	kx := x
	if key.IsValid() && (name == "insort_left" || name == "insort_right") {
		var err error
		if kx, err = t.Call1(key, x); err != nil {
			return vm.Value{}, 0, vm.Value{}, err
		}
	}
	for lo < hi {
		mid := int64(uint64(lo+hi) >> 1)
		var item vm.Value
		if list != nil && mid < int64(len(list.Items())) {
			item = list.At(int(mid))
		} else {
			var err error
			if item, err = t.GetItem(a, vm.Int(mid)); err != nil {
				return vm.Value{}, 0, vm.Value{}, err
			}
		}
		if key.IsValid() {
			var err error
			if item, err = t.Call1(key, item); err != nil {
				return vm.Value{}, 0, vm.Value{}, err
			}
		}
		var less bool
		var err error
		if right {
			less, err = t.Less(kx, item)
		} else {
			less, err = t.Less(item, kx)
		}
		if err != nil {
			return vm.Value{}, 0, vm.Value{}, err
		}
		if right == less {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return a, lo, x, nil
}

func initBisect(v *vm.VM, m *vm.Module) error {
	for _, name := range []string{"bisect_left", "bisect_right"} {
		name := name
		fn := m.Func(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			_, i, _, err := bisectSearch(t, name, args, kw)
			return vm.Int(i), err
		})
		m.Set(name, fn)
		if name == "bisect_right" {
			m.Set("bisect", fn)
		}
	}
	for _, name := range []string{"insort_left", "insort_right"} {
		name := name
		fn := m.Func(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			a, i, x, err := bisectSearch(t, name, args, kw)
			if err != nil {
				return vm.Value{}, err
			}
			if l, ok := a.Object().(*vm.List); ok && l.Type() == vm.ListType {
				items := l.Items()
				items = append(items, vm.Value{})
				copy(items[i+1:], items[i:])
				items[i] = x
				l.SetItems(items)
				return vm.None, nil
			}
			_, err = t.CallMethod(a, "insert", vm.Int(i), x)
			return vm.None, err
		})
		m.Set(name, fn)
		if name == "insort_right" {
			m.Set("insort", fn)
		}
	}
	return nil
}
