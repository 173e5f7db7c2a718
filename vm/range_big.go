package vm

import (
	"fmt"
	"math/big"
)

// Ranges whose bounds or length do not fit in an int64 (range(10**20)):
// Range.big holds their bounds as big ints and every operation on such a
// range goes through the functions here. As in CPython, they index, slice,
// test membership, iterate and reverse, but len() raises OverflowError.

// rangeBig holds the bounds and length of a big range.
type rangeBig struct {
	start, stop, step, n *big.Int
}

// LongRangeIteratorType is the type of iterators over big ranges.
var LongRangeIteratorType = newBuiltinType("longrange_iterator", ObjectType)

// longRangeIterator iterates a big range.
type longRangeIterator struct {
	cur, step, remaining *big.Int
}

// Type implements Object.
func (*longRangeIterator) Type() *Type { return LongRangeIteratorType }

func (it *longRangeIterator) next(t *Thread) (Value, bool, error) {
	if it.remaining.Sign() <= 0 {
		return Value{}, false, nil
	}
	v := BigInt(new(big.Int).Set(it.cur))
	it.cur.Add(it.cur, it.step)
	it.remaining.Sub(it.remaining, bigOne)
	return v, true, nil
}

var bigOne = big.NewInt(1)

const errRangeLen = "Python int too large to convert to C ssize_t"

// newRangeBig returns range(start, stop, step) for any ints (step != 0):
// an ordinary Range when everything fits in an int64.
func newRangeBig(start, stop, step *big.Int) (Value, error) {
	if start.IsInt64() && stop.IsInt64() && step.IsInt64() {
		if n, ok := rangeLen(start.Int64(), stop.Int64(), step.Int64()); ok {
			return Value{o: &Range{start: start.Int64(), stop: stop.Int64(), step: step.Int64(), n: n}}, nil
		}
	}
	n := new(big.Int)
	if step.Sign() > 0 && start.Cmp(stop) < 0 {
		n.Sub(stop, start)
		n.Sub(n, bigOne)
		n.Quo(n, step)
		n.Add(n, bigOne)
	} else if step.Sign() < 0 && start.Cmp(stop) > 0 {
		n.Sub(start, stop)
		n.Sub(n, bigOne)
		n.Quo(n, new(big.Int).Neg(step))
		n.Add(n, bigOne)
	}
	return Value{o: &Range{big: &rangeBig{start: start, stop: stop, step: step, n: n}}}, nil
}

// bounds returns a range's start, stop, step and length as big ints.
func (r *Range) bounds() *rangeBig {
	if r.big != nil {
		return r.big
	}
	return &rangeBig{big.NewInt(r.start), big.NewInt(r.stop), big.NewInt(r.step), big.NewInt(r.n)}
}

// lenErr is the error of len() of a big range (nil for others).
func (r *Range) lenErr() error {
	if r.big != nil && !r.big.n.IsInt64() {
		return Errorf(OverflowError, errRangeLen)
	}
	return nil
}

func (b *rangeBig) item(i *big.Int) *big.Int {
	x := new(big.Int).Mul(i, b.step)
	return x.Add(x, b.start)
}

func (b *rangeBig) iter() Value {
	return Value{o: &longRangeIterator{cur: new(big.Int).Set(b.start), step: b.step, remaining: new(big.Int).Set(b.n)}}
}

func (b *rangeBig) reversed() Value {
	if b.n.Sign() == 0 {
		return b.iter()
	}
	last := b.item(new(big.Int).Sub(b.n, bigOne))
	return Value{o: &longRangeIterator{cur: last, step: new(big.Int).Neg(b.step), remaining: new(big.Int).Set(b.n)}}
}

// indexOf returns the position of x in the range, or nil.
func (b *rangeBig) indexOf(x *big.Int) *big.Int {
	if b.n.Sign() == 0 {
		return nil
	}
	if b.step.Sign() > 0 {
		if x.Cmp(b.start) < 0 || x.Cmp(b.stop) >= 0 {
			return nil
		}
	} else if x.Cmp(b.start) > 0 || x.Cmp(b.stop) <= 0 {
		return nil
	}
	d := new(big.Int).Sub(x, b.start)
	q, m := new(big.Int).QuoRem(d, b.step, new(big.Int))
	if m.Sign() != 0 {
		return nil
	}
	return q
}

// exactInt returns v as a big int when it is an int or bool (not a
// subclass with its own __eq__: CPython tests only exact ints and bools
// arithmetically).
func exactInt(v Value) (*big.Int, bool) {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		return big.NewInt(int64(v.n)), true
	case *bigInt:
		if o.cls == nil {
			return o.v, true
		}
	}
	return nil, false
}

// bigContains implements "v in r" for a big range.
func (t *Thread) bigRangeFind(b *rangeBig, v Value) (*big.Int, bool, error) {
	if x, ok := exactInt(v); ok {
		i := b.indexOf(x)
		return i, i != nil, nil
	}
	it := b.iter().o.(*longRangeIterator)
	for i := new(big.Int); ; i.Add(i, bigOne) {
		x, ok, _ := it.next(t)
		if !ok {
			return nil, false, nil
		}
		if err := t.Check(); err != nil {
			return nil, false, err
		}
		eq, err := t.Equal(x, v)
		if err != nil || eq {
			return i, eq, err
		}
	}
}

// bigRangeGetItem implements r[key] for a big range (or a big key).
func (t *Thread) bigRangeGetItem(b *rangeBig, key Value) (Value, error) {
	if s, ok := key.o.(*Slice); ok {
		start, stop, step, err := t.bigSliceIndices(s, b.n)
		if err != nil {
			return Value{}, err
		}
		return newRangeBig(b.item(start), b.item(stop), new(big.Int).Mul(b.step, step))
	}
	iv, err := t.IndexValue(key)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.cls == TypeError {
			if _, has := key.Type().Lookup("__index__"); !has {
				return Value{}, Errorf(TypeError, "range indices must be integers or slices, not %s", key.TypeName())
			}
		}
		return Value{}, err
	}
	i, _ := iv.ToBig()
	if i.Sign() < 0 {
		i = new(big.Int).Add(i, b.n)
	}
	if i.Sign() < 0 || i.Cmp(b.n) >= 0 {
		return Value{}, Errorf(IndexError, "range object index out of range")
	}
	return BigInt(b.item(i)), nil
}

// bigSliceIndices is slice.indices(n) with big ints.
func (t *Thread) bigSliceIndices(s *Slice, n *big.Int) (start, stop, step *big.Int, err error) {
	conv := func(v Value) (*big.Int, error) {
		if v.IsNone() {
			return nil, nil
		}
		if _, ok := v.Type().Lookup("__index__"); !ok && !isIntValue(v) {
			return nil, Errorf(TypeError, "slice indices must be integers or None or have an __index__ method")
		}
		iv, err := t.IndexValue(v)
		if err != nil {
			return nil, err
		}
		x, _ := iv.ToBig()
		return x, nil
	}
	step, err = conv(s.Step)
	if err != nil {
		return
	}
	if step == nil {
		step = big.NewInt(1)
	} else if step.Sign() == 0 {
		return nil, nil, nil, Errorf(ValueError, "slice step cannot be zero")
	}
	var lower, upper *big.Int
	if step.Sign() < 0 {
		lower, upper = big.NewInt(-1), new(big.Int).Sub(n, bigOne)
	} else {
		lower, upper = big.NewInt(0), n
	}
	clamp := func(v Value, def *big.Int) (*big.Int, error) {
		x, err := conv(v)
		if err != nil || x == nil {
			return def, err
		}
		if x.Sign() < 0 {
			x = new(big.Int).Add(x, n)
			if x.Cmp(lower) < 0 {
				x = lower
			}
		} else if x.Cmp(upper) > 0 {
			x = upper
		}
		return x, nil
	}
	startDef, stopDef := lower, upper
	if step.Sign() < 0 {
		startDef, stopDef = upper, lower
	}
	if start, err = clamp(s.Start, startDef); err != nil {
		return
	}
	stop, err = clamp(s.Stop, stopDef)
	return
}

// bigRangeRepr is the repr of a big range.
func bigRangeRepr(b *rangeBig) string {
	if b.step.Cmp(bigOne) == 0 {
		return fmt.Sprintf("range(%s, %s)", b.start, b.stop)
	}
	return fmt.Sprintf("range(%s, %s, %s)", b.start, b.stop, b.step)
}

func init() {
	LongRangeIteratorType.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return self, nil })
	LongRangeIteratorType.Dict.SetStr("__next__", mustLookup(IteratorType, "__next__"))
	LongRangeIteratorType.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return BigInt(new(big.Int).Set(self.o.(*longRangeIterator).remaining)), nil
	})
	LongRangeIteratorType.final = true
}
