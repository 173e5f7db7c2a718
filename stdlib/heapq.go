package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The heapq module in Go: binary min-heaps on plain lists, compared with
// '<' only (as CPython does), plus merge, nlargest and nsmallest.

func init() { register("heapq", initHeapq) }

var heapqMergeType = vm.NewNativeType("merge", "heapq", nil, nil)

func heapList(fname string, v vm.Value, n int) (*vm.List, error) {
	l, ok := v.Object().(*vm.List)
	if !ok {
		arg := " 1"
		if n == 1 {
			arg = ""
		}
		name := v.TypeName()
		if v.IsNone() {
			name = "None"
		}
		return nil, vm.Errorf(vm.TypeError, "%s() argument%s must be list, not %s", fname, arg, name)
	}
	return l, nil
}

// heapLess compares with '<' (or '>' for a max-heap).
func heapLess(t *vm.Thread, a, b vm.Value, max bool) (bool, error) {
	if max {
		return t.Less(b, a)
	}
	return t.Less(a, b)
}

// siftDown moves the item at pos up towards startpos (CPython's _siftdown).
func siftDown(t *vm.Thread, l *vm.List, startpos, pos int, max bool) error {
	items := l.Items()
	newitem := items[pos]
	for pos > startpos {
		parentpos := (pos - 1) >> 1
		parent := items[parentpos]
		less, err := heapLess(t, newitem, parent, max)
		if err != nil {
			return err
		}
		if len(l.Items()) != len(items) {
			return vm.Errorf(vm.RuntimeError, "list changed size during iteration")
		}
		if !less {
			break
		}
		items[pos] = parent
		pos = parentpos
	}
	items[pos] = newitem
	return nil
}

// siftUp moves the item at pos down to a leaf, then back up (CPython's
// _siftup, which does fewer comparisons).
func siftUp(t *vm.Thread, l *vm.List, pos int, max bool) error {
	items := l.Items()
	endpos := len(items)
	startpos := pos
	newitem := items[pos]
	childpos := 2*pos + 1
	for childpos < endpos {
		rightpos := childpos + 1
		if rightpos < endpos {
			less, err := heapLess(t, items[childpos], items[rightpos], max)
			if err != nil {
				return err
			}
			if len(l.Items()) != endpos {
				return vm.Errorf(vm.RuntimeError, "list changed size during iteration")
			}
			if !less {
				childpos = rightpos
			}
		}
		items[pos] = items[childpos]
		pos = childpos
		childpos = 2*pos + 1
	}
	items[pos] = newitem
	return siftDown(t, l, startpos, pos, max)
}

func heapPop(t *vm.Thread, l *vm.List, max bool) (vm.Value, error) {
	items := l.Items()
	if len(items) == 0 {
		return vm.Value{}, vm.Errorf(vm.IndexError, "index out of range")
	}
	last := items[len(items)-1]
	items[len(items)-1] = vm.Value{}
	items = items[:len(items)-1]
	l.SetItems(items)
	if len(items) == 0 {
		return last, nil
	}
	ret := items[0]
	items[0] = last
	return ret, siftUp(t, l, 0, max)
}

func heapify(t *vm.Thread, l *vm.List, max bool) error {
	n := len(l.Items())
	for i := n/2 - 1; i >= 0; i-- {
		if err := siftUp(t, l, i, max); err != nil {
			return err
		}
	}
	return nil
}

func heapArgs(name string, args []vm.Value, kw []string, n int) (*vm.List, error) {
	if err := vm.NoKwargs(name, kw); err != nil {
		return nil, err
	}
	if len(args) != n {
		if n == 1 {
			return nil, vm.Errorf(vm.TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
		}
		return nil, vm.Errorf(vm.TypeError, "%s expected %d arguments, got %d", name, n, len(args))
	}
	return heapList(name, args[0], n)
}

func initHeapq(v *vm.VM, m *vm.Module) error {
	for _, max := range []bool{false, true} {
		max := max
		suffix := ""
		if max {
			suffix = "_max"
		}
		m.SetFunc("heappop"+suffix, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			l, err := heapArgs("heappop"+suffix, args, kw, 1)
			if err != nil {
				return vm.Value{}, err
			}
			return heapPop(t, l, max)
		})
		m.SetFunc("heapreplace"+suffix, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			l, err := heapArgs("heapreplace"+suffix, args, kw, 2)
			if err != nil {
				return vm.Value{}, err
			}
			items := l.Items()
			if len(items) == 0 {
				return vm.Value{}, vm.Errorf(vm.IndexError, "index out of range")
			}
			ret := items[0]
			items[0] = args[1]
			return ret, siftUp(t, l, 0, max)
		})
		m.SetFunc("heapify"+suffix, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			l, err := heapArgs("heapify"+suffix, args, kw, 1)
			if err != nil {
				return vm.Value{}, err
			}
			return vm.None, heapify(t, l, max)
		})
	}
	m.SetFunc("heappush", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		l, err := heapArgs("heappush", args, kw, 2)
		if err != nil {
			return vm.Value{}, err
		}
		l.Append(args[1])
		return vm.None, siftDown(t, l, 0, len(l.Items())-1, false)
	})
	m.SetFunc("heappushpop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		l, err := heapArgs("heappushpop", args, kw, 2)
		if err != nil {
			return vm.Value{}, err
		}
		items := l.Items()
		item := args[1]
		if len(items) == 0 {
			return item, nil
		}
		less, err := t.Less(items[0], item)
		if err != nil || !less {
			return item, err
		}
		ret := items[0]
		items[0] = item
		return ret, siftUp(t, l, 0, false)
	})
	m.SetFunc("nsmallest", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return nBest(t, "nsmallest", args, kw, false)
	})
	m.SetFunc("nlargest", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return nBest(t, "nlargest", args, kw, true)
	})
	m.SetFunc("merge", newHeapqMerge)
	m.Set("__about__", vm.Str("Heap queues"))
	return nil
}

// nBest is nsmallest/nlargest: the documented equivalent
// sorted(iterable, key=key, reverse=largest)[:n] (a stable sort keeps
// CPython's order among equal keys).
func nBest(t *vm.Thread, name string, args []vm.Value, kw []string, largest bool) (vm.Value, error) {
	var nv, iterable, key vm.Value
	if err := vm.UnpackArgs(name, args, kw, []string{"n", "iterable", "key?"}, &nv, &iterable, &key); err != nil {
		return vm.Value{}, err
	}
	n, err := t.Index(nv)
	if err != nil {
		return vm.Value{}, err
	}
	items, err := t.ToSlice(iterable)
	if err != nil {
		return vm.Value{}, err
	}
	items = append([]vm.Value(nil), items...)
	if n <= 0 {
		return vm.NewList(nil), nil
	}
	if key.IsValid() && key.IsNone() {
		key = vm.Value{}
	}
	if n == 1 && len(items) > 0 {
		// min()/max() semantics: the first of equal items
		best := items[0]
		var bestKey vm.Value
		if key.IsValid() {
			if bestKey, err = t.Call1(key, best); err != nil {
				return vm.Value{}, err
			}
		} else {
			bestKey = best
		}
		for _, it := range items[1:] {
			k := it
			if key.IsValid() {
				if k, err = t.Call1(key, it); err != nil {
					return vm.Value{}, err
				}
			}
			var better bool
			if largest {
				better, err = t.Less(bestKey, k)
			} else {
				better, err = t.Less(k, bestKey)
			}
			if err != nil {
				return vm.Value{}, err
			}
			if better {
				best, bestKey = it, k
			}
		}
		return vm.NewList([]vm.Value{best}), nil
	}
	if err := t.SortValues(items, key, largest); err != nil {
		return vm.Value{}, err
	}
	if int64(len(items)) > n {
		items = items[:n]
	}
	return vm.NewList(items), nil
}

// heapqMerge is the iterator returned by heapq.merge: a k-way merge that
// takes, among equal keys, the item of the earliest input first.
type heapqMerge struct {
	its     []vm.Value
	heads   []vm.Value // current item of each live input
	keys    []vm.Value
	live    []bool
	key     vm.Value
	reverse bool
	started bool
}

func (*heapqMerge) Type() *vm.Type { return heapqMergeType }

func newHeapqMerge(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	npos := len(args) - len(kw)
	m := &heapqMerge{}
	for i, k := range kw {
		v := args[npos+i]
		switch k {
		case "key":
			if !v.IsNone() {
				m.key = v
			}
		case "reverse":
			b, err := t.Truth(v)
			if err != nil {
				return vm.Value{}, err
			}
			m.reverse = b
		default:
			return vm.Value{}, vm.Errorf(vm.TypeError, "merge() got an unexpected keyword argument '%s'", k)
		}
	}
	for _, a := range args[:npos] {
		it, err := t.Iter(a)
		if err != nil {
			return vm.Value{}, err
		}
		m.its = append(m.its, it)
	}
	m.heads = make([]vm.Value, len(m.its))
	m.keys = make([]vm.Value, len(m.its))
	m.live = make([]bool, len(m.its))
	return vm.ObjectValue(m), nil
}

func (m *heapqMerge) advance(t *vm.Thread, i int) error {
	v, ok, err := t.Next(m.its[i])
	if err != nil {
		return err
	}
	m.live[i] = ok
	if !ok {
		m.heads[i], m.keys[i] = vm.Value{}, vm.Value{}
		return nil
	}
	m.heads[i] = v
	if m.key.IsValid() {
		k, err := t.Call1(m.key, v)
		if err != nil {
			return err
		}
		m.keys[i] = k
	} else {
		m.keys[i] = v
	}
	return nil
}

// NextValue implements vm.Iterator.
func (m *heapqMerge) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if !m.started {
		m.started = true
		for i := range m.its {
			if err := m.advance(t, i); err != nil {
				return vm.Value{}, false, err
			}
		}
	}
	best := -1
	for i, ok := range m.live {
		if !ok {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		better, err := heapLess(t, m.keys[i], m.keys[best], m.reverse)
		if err != nil {
			return vm.Value{}, false, err
		}
		if better {
			best = i
		}
	}
	if best < 0 {
		return vm.Value{}, false, nil
	}
	v := m.heads[best]
	if err := m.advance(t, best); err != nil {
		return vm.Value{}, false, err
	}
	return v, true, nil
}

func init() { vm.RegisterIteratorType(heapqMergeType) }
