package vm

import (
	"math"
	"math/big"

	"github.com/pyasync/pyasync/compiler"
)

// NewRange returns range(start, stop, step) (step must not be zero), or an
// OverflowError when its length does not fit in an int64.
func NewRange(start, stop, step int64) (Value, error) {
	n, ok := rangeLen(start, stop, step)
	if !ok {
		return Value{}, Errorf(OverflowError, "Python int too large to convert to C ssize_t")
	}
	return Value{o: &Range{start: start, stop: stop, step: step, n: n}}, nil
}

// smallIntRange is range(*args) for one to three plain small ints and a
// step that is not zero (the loop's common case, without range.__new__'s
// lookups and argument parsing); ok is false for anything else.
func smallIntRange(args []Value) (Value, bool) {
	start, stop, step, n, ok := smallIntRangeArgs(args)
	if !ok {
		return Value{}, false
	}
	return Value{o: &Range{start: start, stop: stop, step: step, n: n}}, true
}

// smallIntRangeArgs is the start, stop, step and length of range(*args)
// for the arguments smallIntRange takes.
func smallIntRangeArgs(args []Value) (start, stop, step, n int64, ok bool) {
	for _, a := range args {
		if _, ok := a.o.(intMarker); !ok {
			return 0, 0, 0, 0, false
		}
	}
	start, stop, step = 0, 0, 1
	switch len(args) {
	case 1:
		stop = int64(args[0].n)
	case 2:
		start, stop = int64(args[0].n), int64(args[1].n)
	case 3:
		start, stop, step = int64(args[0].n), int64(args[1].n), int64(args[2].n)
		if step == 0 {
			return 0, 0, 0, 0, false
		}
	default:
		return 0, 0, 0, 0, false
	}
	n, ok = rangeLen(start, stop, step)
	return start, stop, step, n, ok
}

// rangeLen computes the length of a range without overflowing.
func rangeLen(start, stop, step int64) (int64, bool) {
	var diff, st uint64
	if step > 0 {
		if start >= stop {
			return 0, true
		}
		diff, st = uint64(stop)-uint64(start), uint64(step)
	} else {
		if start <= stop {
			return 0, true
		}
		diff, st = uint64(start)-uint64(stop), uint64(0)-uint64(step)
	}
	n := (diff-1)/st + 1
	if n > math.MaxInt64 {
		return 0, false
	}
	return int64(n), true
}

// item returns the i-th element (0 <= i <= n).
func (r *Range) item(i int64) int64 { return r.start + i*r.step }

func (r *Range) reversed() Value {
	if r.big != nil {
		return r.big.reversed()
	}
	if r.n == 0 {
		return Value{o: &rangeIterator{}}
	}
	return Value{o: &rangeIterator{next: r.item(r.n - 1), step: -r.step, remaining: r.n}}
}

// contains implements "v in r".
func (r *Range) contains(t *Thread, v Value) (bool, error) {
	if r.big != nil {
		_, found, err := t.bigRangeFind(r.big, v)
		return found, err
	}
	var x int64
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		x = int64(v.n)
	case *bigInt:
		if o.cls == nil {
			return false, nil
		}
		return t.rangeSearch(r, v)
	case *Slice:
		return false, nil
	case floatMarker:
		f := v.AsFloat()
		if f != math.Trunc(f) || math.IsInf(f, 0) || f < -(1<<63) || f >= 1<<63 {
			return false, nil
		}
		x = int64(f)
	default:
		return t.rangeSearch(r, v)
	}
	return r.containsInt(x), nil
}

func (r *Range) containsInt(x int64) bool {
	if r.n == 0 {
		return false
	}
	if r.step > 0 {
		if x < r.start || x >= r.stop {
			return false
		}
		return (uint64(x)-uint64(r.start))%uint64(r.step) == 0
	}
	if x > r.start || x <= r.stop {
		return false
	}
	return (uint64(r.start)-uint64(x))%absU64(r.step) == 0
}

func absU64(x int64) uint64 {
	if x < 0 {
		return uint64(0) - uint64(x)
	}
	return uint64(x)
}

// rangeSearch looks for v by iterating (for values that are not ints).
func (t *Thread) rangeSearch(r *Range, v Value) (bool, error) {
	_, found, err := t.rangeFind(r, v)
	return found, err
}

func (t *Thread) rangeFind(r *Range, v Value) (int64, bool, error) {
	for i := int64(0); i < r.n; i++ {
		eq, err := t.Equal(Int(r.item(i)), v)
		if err != nil || eq {
			return i, eq, err
		}
	}
	return 0, false, nil
}

// rangeGetItem implements r[key] (compute_slice for slices).
func (t *Thread) rangeGetItem(r *Range, key Value) (Value, error) {
	if _, isBig := key.o.(*bigInt); r.big != nil || isBig {
		return t.bigRangeGetItem(r.bounds(), key)
	}
	if s, ok := key.o.(*Slice); ok {
		if _, ok := s.Start.o.(*bigInt); ok {
			return t.bigRangeGetItem(r.bounds(), key)
		}
		if _, ok := s.Stop.o.(*bigInt); ok {
			return t.bigRangeGetItem(r.bounds(), key)
		}
		if _, ok := s.Step.o.(*bigInt); ok {
			return t.bigRangeGetItem(r.bounds(), key)
		}
		start, stop, step, _, err := t.SliceIndices(s, int(r.n))
		if err != nil {
			return Value{}, err
		}
		return NewRange(r.item(int64(start)), r.item(int64(stop)), r.step*int64(step))
	}
	i, err := t.seqIndex(key, int(r.n), "range")
	if err != nil {
		if e, ok := err.(*Exception); ok && e.cls == IndexError {
			return Value{}, Errorf(IndexError, "range object index out of range")
		}
		return Value{}, err
	}
	if i < 0 {
		return Value{}, Errorf(IndexError, "range object index out of range")
	}
	return Int(r.item(int64(i))), nil
}

// rangeArg converts an argument of range() to an int (big when it does
// not fit in an int64).
func (t *Thread) rangeArg(v Value) (int64, *big.Int, error) {
	if n, ok := v.AsInt64(); ok {
		return n, nil, nil
	}
	iv, err := t.IndexValue(v)
	if err != nil {
		return 0, nil, err
	}
	if n, ok := iv.AsInt64(); ok {
		return n, nil, nil
	}
	b, _ := iv.ToBig()
	return 0, b, nil
}

func rangeEqual(a, b *Range) bool {
	if a == b {
		return true
	}
	if a.big != nil || b.big != nil {
		x, y := a.bounds(), b.bounds()
		switch {
		case x.n.Cmp(y.n) != 0:
			return false
		case x.n.Sign() == 0:
			return true
		case x.start.Cmp(y.start) != 0:
			return false
		}
		return x.n.Cmp(bigOne) == 0 || x.step.Cmp(y.step) == 0
	}
	if a.n != b.n {
		return false
	}
	if a.n == 0 {
		return true
	}
	if a.start != b.start {
		return false
	}
	return a.n == 1 || a.step == b.step
}

func init() {
	rt := RangeType
	rt.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "range() takes no keyword arguments")
		}
		args = args[1:]
		switch len(args) {
		case 0:
			return Value{}, Errorf(TypeError, "range expected at least 1 argument, got 0")
		case 1, 2, 3:
		default:
			return Value{}, Errorf(TypeError, "range expected at most 3 arguments, got %d", len(args))
		}
		var vals [3]int64
		var bigs [3]*big.Int
		vals[2] = 1
		anyBig := false
		for i, a := range args {
			n, b, err := t.rangeArg(a)
			if err != nil {
				return Value{}, err
			}
			vals[i], bigs[i] = n, b
			anyBig = anyBig || b != nil
		}
		if anyBig {
			for i := range bigs {
				if bigs[i] == nil {
					bigs[i] = big.NewInt(vals[i])
				}
			}
			if len(args) == 1 {
				bigs[0], bigs[1] = big.NewInt(0), bigs[0]
			}
			if bigs[2].Sign() == 0 {
				return Value{}, Errorf(ValueError, "range() arg 3 must not be zero")
			}
			return newRangeBig(bigs[0], bigs[1], bigs[2])
		}
		if len(args) == 1 {
			vals[0], vals[1] = 0, vals[0]
		}
		if vals[2] == 0 {
			return Value{}, Errorf(ValueError, "range() arg 3 must not be zero")
		}
		if _, ok := rangeLen(vals[0], vals[1], vals[2]); !ok {
			return newRangeBig(big.NewInt(vals[0]), big.NewInt(vals[1]), big.NewInt(vals[2]))
		}
		return NewRange(vals[0], vals[1], vals[2])
	})
	asRange := func(v Value) *Range { return v.o.(*Range) }
	rt.NewGetSet("start", func(t *Thread, self Value) (Value, error) { return BigInt(asRange(self).bounds().start), nil }, nil)
	rt.NewGetSet("stop", func(t *Thread, self Value) (Value, error) { return BigInt(asRange(self).bounds().stop), nil }, nil)
	rt.NewGetSet("step", func(t *Thread, self Value) (Value, error) { return BigInt(asRange(self).bounds().step), nil }, nil)
	rt.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("range.__len__", args, kw); err != nil {
			return Value{}, err
		}
		r := asRange(self)
		if r.big != nil {
			if err := r.lenErr(); err != nil {
				return Value{}, err
			}
			return BigInt(r.big.n), nil
		}
		return Int(r.n), nil
	})
	rt.NewMethod("__bool__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("range.__bool__", args, kw); err != nil {
			return Value{}, err
		}
		r := asRange(self)
		if r.big != nil {
			return Bool(r.big.n.Sign() != 0), nil
		}
		return Bool(r.n != 0), nil
	})
	rt.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("range.__contains__", args, kw); err != nil {
			return Value{}, err
		}
		ok, err := asRange(self).contains(t, args[0])
		return Bool(ok), err
	})
	rt.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("range.__iter__", args, kw); err != nil {
			return Value{}, err
		}
		r := asRange(self)
		if r.big != nil {
			return r.big.iter(), nil
		}
		return Value{o: &rangeIterator{next: r.start, step: r.step, remaining: r.n}}, nil
	})
	rt.NewMethod("__reversed__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("range.__reversed__", args, kw); err != nil {
			return Value{}, err
		}
		return asRange(self).reversed(), nil
	})
	rt.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("range.__getitem__", args, kw); err != nil {
			return Value{}, err
		}
		return t.rangeGetItem(asRange(self), args[0])
	})
	rt.NewMethod("count", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("range.count", args, kw); err != nil {
			return Value{}, err
		}
		r := asRange(self)
		if r.big != nil {
			if x, ok := exactInt(args[0]); ok {
				if r.big.indexOf(x) != nil {
					return Int(1), nil
				}
				return Int(0), nil
			}
			n := int64(0)
			it := r.big.iter()
			for {
				x, ok, err := t.Next(it)
				if err != nil {
					return Value{}, err
				}
				if !ok {
					return Int(n), nil
				}
				eq, err := t.Equal(x, args[0])
				if err != nil {
					return Value{}, err
				}
				if eq {
					n++
				}
			}
		}
		switch args[0].o.(type) {
		case intMarker, boolMarker:
			if r.containsInt(int64(args[0].n)) {
				return Int(1), nil
			}
			return Int(0), nil
		}
		n := int64(0)
		for i := int64(0); i < r.n; i++ {
			eq, err := t.Equal(Int(r.item(i)), args[0])
			if err != nil {
				return Value{}, err
			}
			if eq {
				n++
			}
		}
		return Int(n), nil
	})
	rt.NewMethod("index", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("range.index", args, kw); err != nil {
			return Value{}, err
		}
		r := asRange(self)
		if r.big != nil {
			i, found, err := t.bigRangeFind(r.big, args[0])
			if err != nil {
				return Value{}, err
			}
			if !found {
				if x, ok := exactInt(args[0]); ok {
					return Value{}, Errorf(ValueError, "%s is not in range", x)
				}
				return Value{}, Errorf(ValueError, "sequence.index(x): x not in sequence")
			}
			return BigInt(i), nil
		}
		switch args[0].o.(type) {
		case intMarker, boolMarker:
			x := int64(args[0].n)
			if r.containsInt(x) {
				// the distance from start in the step's direction (which
				// fits in a uint64 even where the int64 difference does not)
				d := uint64(x) - uint64(r.start)
				if r.step < 0 {
					d = uint64(r.start) - uint64(x)
				}
				return Int(int64(d / absU64(r.step))), nil
			}
			return Value{}, Errorf(ValueError, "%d is not in range", x)
		}
		i, found, err := t.rangeFind(r, args[0])
		if err != nil {
			return Value{}, err
		}
		if !found {
			return Value{}, Errorf(ValueError, "sequence.index(x): x not in sequence")
		}
		return Int(i), nil
	})
	rt.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("range.__hash__", args, kw); err != nil {
			return Value{}, err
		}
		r := asRange(self).bounds()
		items := []Value{BigInt(r.n), None, None}
		if r.n.Sign() != 0 {
			items[1] = BigInt(r.start)
			if r.n.Cmp(bigOne) != 0 {
				items[2] = BigInt(r.step)
			}
		}
		h, err := t.tupleHash(items)
		return Int(h), err
	})
	for op := compiler.CmpLT; op <= compiler.CmpGE; op++ {
		op := op
		rt.NewMethod(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO("range."+cmpNames[op], args, kw); err != nil {
				return Value{}, err
			}
			o, ok := args[0].o.(*Range)
			if !ok || (op != compiler.CmpEQ && op != compiler.CmpNE) {
				return NotImplemented, nil
			}
			return Bool(rangeEqual(asRange(self), o) == (op == compiler.CmpEQ)), nil
		})
	}

	RangeIteratorType.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(self.o.(*rangeIterator).remaining), nil
	})
}
