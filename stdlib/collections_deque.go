package stdlib

import (
	"strconv"
	"strings"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm"
)

// collections.deque in Go: a ring buffer whose capacity is a power of two,
// so appends and pops at both ends are O(1) without allocation once the
// buffer has grown. maxlen bounds the length (items fall off the other end).
// Iterators remember the deque's mutation count and raise "deque mutated
// during iteration" like CPython's.

var (
	dequeType     = vm.NewCType("deque", "collections", nil, func(cls *vm.Type) vm.Object { return &deque{cls: cls, maxlen: -1} })
	dequeIterType = vm.NewCType("_deque_iterator", "_collections", nil, nil)
	dequeRevType  = vm.NewCType("_deque_reverse_iterator", "_collections", nil, nil)
)

type deque struct {
	cls    *vm.Type
	dict   *vm.Dict
	buf    []vm.Value // len(buf) is 0 or a power of two
	head   int
	n      int
	maxlen int // -1: unbounded
	state  uint64
	inRepr bool
}

// Type implements vm.Object.
func (d *deque) Type() *vm.Type { return d.cls }

// InstanceDict lets subclasses keep attributes.
func (d *deque) InstanceDict() *vm.Dict {
	if d.cls == dequeType {
		return nil
	}
	if d.dict == nil {
		d.dict = vm.NewDict()
	}
	return d.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (d *deque) PeekInstanceDict() *vm.Dict { return d.dict }

func (d *deque) at(i int) vm.Value { return d.buf[(d.head+i)&(len(d.buf)-1)] }

func (d *deque) set(i int, v vm.Value) { d.buf[(d.head+i)&(len(d.buf)-1)] = v }

func (d *deque) grow() {
	size := len(d.buf) * 2
	if size == 0 {
		size = 8
	}
	nb := make([]vm.Value, size)
	for i := 0; i < d.n; i++ {
		nb[i] = d.at(i)
	}
	d.buf, d.head = nb, 0
}

func (d *deque) pushRight(v vm.Value) {
	d.state++
	if d.maxlen == 0 {
		return
	}
	if d.maxlen > 0 && d.n == d.maxlen {
		d.popLeft()
	}
	if d.n == len(d.buf) {
		d.grow()
	}
	d.set(d.n, v)
	d.n++
}

func (d *deque) pushLeft(v vm.Value) {
	d.state++
	if d.maxlen == 0 {
		return
	}
	if d.maxlen > 0 && d.n == d.maxlen {
		d.popRight()
	}
	if d.n == len(d.buf) {
		d.grow()
	}
	d.head = (d.head - 1) & (len(d.buf) - 1)
	d.buf[d.head] = v
	d.n++
}

func (d *deque) popLeft() vm.Value {
	d.state++
	v := d.buf[d.head]
	d.buf[d.head] = vm.Value{}
	d.head = (d.head + 1) & (len(d.buf) - 1)
	d.n--
	return v
}

func (d *deque) popRight() vm.Value {
	d.state++
	i := (d.head + d.n - 1) & (len(d.buf) - 1)
	v := d.buf[i]
	d.buf[i] = vm.Value{}
	d.n--
	return v
}

func (d *deque) items() []vm.Value {
	out := make([]vm.Value, d.n)
	for i := range out {
		out[i] = d.at(i)
	}
	return out
}

func (d *deque) clear() {
	d.state++
	d.buf, d.head, d.n = nil, 0, 0
}

func (d *deque) setItems(items []vm.Value) {
	d.clear()
	for _, v := range items {
		d.pushRight(v)
	}
}

func (d *deque) rotate(k int) {
	if d.n <= 1 {
		return
	}
	k %= d.n
	if k < 0 {
		k += d.n
	}
	if k == 0 {
		return
	}
	d.state++
	if d.n == len(d.buf) {
		// full ring: moving the head is a rotation
		d.head = (d.head - k) & (len(d.buf) - 1)
		return
	}
	for i := 0; i < k; i++ {
		v := d.popRight()
		d.pushLeftUnbounded(v)
	}
}

func (d *deque) pushLeftUnbounded(v vm.Value) {
	if d.n == len(d.buf) {
		d.grow()
	}
	d.head = (d.head - 1) & (len(d.buf) - 1)
	d.buf[d.head] = v
	d.n++
}

// dequeIter iterates a deque forwards or backwards.
type dequeIter struct {
	d       *deque
	i       int
	state   uint64
	reverse bool
}

// Type implements vm.Object.
func (it *dequeIter) Type() *vm.Type {
	if it.reverse {
		return dequeRevType
	}
	return dequeIterType
}

// NextValue implements vm.Iterator.
func (it *dequeIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	d := it.d
	if d == nil {
		return vm.Value{}, false, nil
	}
	if d.state != it.state {
		it.d = nil
		return vm.Value{}, false, vm.Errorf(vm.RuntimeError, "deque mutated during iteration")
	}
	if it.i >= d.n {
		it.d = nil
		return vm.Value{}, false, nil
	}
	j := it.i
	if it.reverse {
		j = d.n - 1 - it.i
	}
	it.i++
	return d.at(j), true, nil
}

func dq(v vm.Value) *deque { return v.Object().(*deque) }

func asDeque(v vm.Value) (*deque, bool) {
	d, ok := v.Object().(*deque)
	return d, ok
}

// dequeIndex normalises a deque index, raising IndexError when it is out
// of range.
func (d *deque) index(t *vm.Thread, v vm.Value) (int, error) {
	if !v.IsInt() {
		if _, err := t.Index(v); err != nil {
			return 0, vm.Errorf(vm.TypeError, "sequence index must be integer, not '%s'", v.TypeName())
		}
	}
	i, err := t.Index(v)
	if err != nil {
		return 0, err
	}
	if i < 0 {
		i += int64(d.n)
	}
	if i < 0 || i >= int64(d.n) {
		return 0, vm.Errorf(vm.IndexError, "deque index out of range")
	}
	return int(i), nil
}

func (d *deque) repr(t *vm.Thread) (string, error) {
	name := d.cls.ShortName()
	if d.inRepr {
		return "[...]", nil
	}
	d.inRepr = true
	defer func() { d.inRepr = false }()
	var b strings.Builder
	b.WriteString(name)
	b.WriteString("([")
	for i, v := range d.items() {
		if i > 0 {
			b.WriteString(", ")
		}
		r, err := t.Repr(v)
		if err != nil {
			return "", err
		}
		b.WriteString(r)
	}
	b.WriteString("]")
	if d.maxlen >= 0 {
		b.WriteString(", maxlen=")
		b.WriteString(strconv.Itoa(d.maxlen))
	}
	b.WriteString(")")
	return b.String(), nil
}

// extend appends every item of iterable (a copy first when it is the deque
// itself).
func (d *deque) extend(t *vm.Thread, iterable vm.Value, left bool) error {
	if o, ok := asDeque(iterable); ok && o == d {
		for _, v := range d.items() {
			if left {
				d.pushLeft(v)
			} else {
				d.pushRight(v)
			}
		}
		return nil
	}
	return t.ForEach(iterable, func(v vm.Value) error {
		if left {
			d.pushLeft(v)
		} else {
			d.pushRight(v)
		}
		return nil
	})
}

func (d *deque) newLike(t *vm.Thread, items []vm.Value) (vm.Value, error) {
	if d.cls == dequeType {
		nd := &deque{cls: dequeType, maxlen: d.maxlen}
		for _, v := range items {
			nd.pushRight(v)
		}
		return vm.ObjectValue(nd), nil
	}
	ml := vm.None
	if d.maxlen >= 0 {
		ml = vm.Int(int64(d.maxlen))
	}
	return t.Call(vm.ObjectValue(d.cls), []vm.Value{vm.NewList(items), ml}, nil)
}

func init() {
	vm.RegisterIteratorType(dequeIterType)
	vm.RegisterIteratorType(dequeRevType)
	D := dequeType
	D.SetAttr("__hash__", vm.None)
	meth := func(name string, fn vm.MethodFunc) { D.NewMethod(name, fn) }
	noArgs := func(name string, fn func(t *vm.Thread, d *deque) (vm.Value, error)) {
		meth(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("deque."+name, args, kw, 0, 0); err != nil {
				return vm.Value{}, err
			}
			return fn(t, dq(self))
		})
	}
	oneArg := func(name string, fn func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error)) {
		meth(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.NoKwargs("deque."+name, kw); err != nil {
				return vm.Value{}, err
			}
			if len(args) != 1 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "deque.%s() takes exactly one argument (%d given)", name, len(args))
			}
			return fn(t, dq(self), args[0])
		})
	}
	meth("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var iterable, maxlen vm.Value
		if err := vm.UnpackArgs("deque", args, kw, []string{"iterable?", "maxlen?"}, &iterable, &maxlen); err != nil {
			return vm.Value{}, err
		}
		d := dq(self)
		d.maxlen = -1
		if maxlen.IsValid() && !maxlen.IsNone() {
			n, err := t.Index(maxlen)
			if err != nil {
				return vm.Value{}, vm.Errorf(vm.TypeError, "an integer is required")
			}
			if n < 0 {
				return vm.Value{}, vm.Errorf(vm.ValueError, "maxlen must be non-negative")
			}
			d.maxlen = int(n)
		}
		if d.n > 0 {
			d.clear()
		}
		if iterable.IsValid() {
			if err := d.extend(t, iterable, false); err != nil {
				return vm.Value{}, err
			}
		}
		return vm.None, nil
	})
	oneArg("append", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		d.pushRight(v)
		return vm.None, nil
	})
	oneArg("appendleft", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		d.pushLeft(v)
		return vm.None, nil
	})
	noArgs("pop", func(t *vm.Thread, d *deque) (vm.Value, error) {
		if d.n == 0 {
			return vm.Value{}, vm.Errorf(vm.IndexError, "pop from an empty deque")
		}
		return d.popRight(), nil
	})
	noArgs("popleft", func(t *vm.Thread, d *deque) (vm.Value, error) {
		if d.n == 0 {
			return vm.Value{}, vm.Errorf(vm.IndexError, "pop from an empty deque")
		}
		return d.popLeft(), nil
	})
	oneArg("extend", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		return vm.None, d.extend(t, v, false)
	})
	oneArg("extendleft", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		return vm.None, d.extend(t, v, true)
	})
	noArgs("clear", func(t *vm.Thread, d *deque) (vm.Value, error) {
		d.clear()
		return vm.None, nil
	})
	noArgs("copy", func(t *vm.Thread, d *deque) (vm.Value, error) { return d.newLike(t, d.items()) })
	noArgs("__copy__", func(t *vm.Thread, d *deque) (vm.Value, error) { return d.newLike(t, d.items()) })
	noArgs("reverse", func(t *vm.Thread, d *deque) (vm.Value, error) {
		for i, j := 0, d.n-1; i < j; i, j = i+1, j-1 {
			a, b := d.at(i), d.at(j)
			d.set(i, b)
			d.set(j, a)
		}
		d.state++
		return vm.None, nil
	})
	meth("rotate", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("rotate", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		k := int64(1)
		if len(args) == 1 {
			n, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			k = n
		}
		d := dq(self)
		if d.n > 0 {
			d.rotate(int(k % int64(d.n)))
		}
		return vm.None, nil
	})
	oneArg("count", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		state := d.state
		c := int64(0)
		for i := 0; i < d.n; i++ {
			eq, err := t.Equal(d.at(i), v)
			if err != nil {
				return vm.Value{}, err
			}
			if d.state != state {
				return vm.Value{}, vm.Errorf(vm.RuntimeError, "deque mutated during iteration")
			}
			if eq {
				c++
			}
		}
		return vm.Int(c), nil
	})
	meth("index", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("index", args, kw, 1, 3); err != nil {
			return vm.Value{}, err
		}
		d := dq(self)
		start, stop := 0, d.n
		clamp := func(v vm.Value) (int, error) {
			n, err := t.Index(v)
			if err != nil {
				return 0, err
			}
			if n < 0 {
				n += int64(d.n)
				if n < 0 {
					n = 0
				}
			}
			if n > int64(d.n) {
				n = int64(d.n)
			}
			return int(n), nil
		}
		var err error
		if len(args) > 1 {
			if start, err = clamp(args[1]); err != nil {
				return vm.Value{}, err
			}
		}
		if len(args) > 2 {
			if stop, err = clamp(args[2]); err != nil {
				return vm.Value{}, err
			}
		}
		state := d.state
		for i := start; i < stop && i < d.n; i++ {
			eq, err := t.Equal(d.at(i), args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if d.state != state {
				return vm.Value{}, vm.Errorf(vm.RuntimeError, "deque mutated during iteration")
			}
			if eq {
				return vm.Int(int64(i)), nil
			}
		}
		r, err := t.Repr(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "%s is not in deque", r)
	})
	meth("insert", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("insert", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		d := dq(self)
		if d.maxlen >= 0 && d.n >= d.maxlen {
			return vm.Value{}, vm.Errorf(vm.IndexError, "deque already at its maximum size")
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		items := d.items()
		i := int(n)
		if n < 0 {
			i += len(items)
			if i < 0 {
				i = 0
			}
		}
		if i > len(items) {
			i = len(items)
		}
		items = append(items[:i], append([]vm.Value{args[1]}, items[i:]...)...)
		d.setItems(items)
		return vm.None, nil
	})
	oneArg("remove", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		state := d.state
		for i := 0; i < d.n; i++ {
			eq, err := t.Equal(d.at(i), v)
			if err != nil {
				return vm.Value{}, err
			}
			if d.state != state {
				return vm.Value{}, vm.Errorf(vm.IndexError, "deque mutated during remove().")
			}
			if eq {
				items := d.items()
				d.setItems(append(items[:i], items[i+1:]...))
				return vm.None, nil
			}
		}
		r, err := t.Repr(v)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "%s is not in deque", r)
	})
	D.NewGetSet("maxlen", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		if d := dq(self); d.maxlen >= 0 {
			return vm.Int(int64(d.maxlen)), nil
		}
		return vm.None, nil
	}, nil)
	noArgs("__len__", func(t *vm.Thread, d *deque) (vm.Value, error) { return vm.Int(int64(d.n)), nil })
	noArgs("__bool__", func(t *vm.Thread, d *deque) (vm.Value, error) { return vm.Bool(d.n > 0), nil })
	noArgs("__iter__", func(t *vm.Thread, d *deque) (vm.Value, error) {
		return vm.ObjectValue(&dequeIter{d: d, state: d.state}), nil
	})
	noArgs("__reversed__", func(t *vm.Thread, d *deque) (vm.Value, error) {
		return vm.ObjectValue(&dequeIter{d: d, state: d.state, reverse: true}), nil
	})
	noArgs("__repr__", func(t *vm.Thread, d *deque) (vm.Value, error) {
		s, err := d.repr(t)
		return vm.Str(s), err
	})
	oneArg("__getitem__", func(t *vm.Thread, d *deque, k vm.Value) (vm.Value, error) {
		i, err := d.index(t, k)
		if err != nil {
			return vm.Value{}, err
		}
		return d.at(i), nil
	})
	meth("__setitem__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("__setitem__", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		d := dq(self)
		i, err := d.index(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		d.set(i, args[1])
		return vm.None, nil
	})
	oneArg("__delitem__", func(t *vm.Thread, d *deque, k vm.Value) (vm.Value, error) {
		i, err := d.index(t, k)
		if err != nil {
			return vm.Value{}, err
		}
		items := d.items()
		d.setItems(append(items[:i], items[i+1:]...))
		return vm.None, nil
	})
	oneArg("__contains__", func(t *vm.Thread, d *deque, v vm.Value) (vm.Value, error) {
		state := d.state
		for i := 0; i < d.n; i++ {
			eq, err := t.Equal(d.at(i), v)
			if err != nil {
				return vm.Value{}, err
			}
			if d.state != state {
				return vm.Value{}, vm.Errorf(vm.RuntimeError, "deque mutated during iteration")
			}
			if eq {
				return vm.True, nil
			}
		}
		return vm.False, nil
	})
	oneArg("__add__", func(t *vm.Thread, d *deque, o vm.Value) (vm.Value, error) {
		od, ok := asDeque(o)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "can only concatenate deque (not \"%s\") to deque", o.TypeName())
		}
		return d.newLike(t, append(d.items(), od.items()...))
	})
	oneArg("__iadd__", func(t *vm.Thread, d *deque, o vm.Value) (vm.Value, error) {
		if err := d.extend(t, o, false); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(d), nil
	})
	mul := func(t *vm.Thread, d *deque, o vm.Value) ([]vm.Value, error) {
		if !o.IsInt() {
			return nil, vm.Errorf(vm.TypeError, "can't multiply sequence by non-int of type '%s'", o.TypeName())
		}
		n, err := t.Index(o)
		if err != nil {
			return nil, err
		}
		var out []vm.Value
		src := d.items()
		for i := int64(0); i < n; i++ {
			out = append(out, src...)
			if d.maxlen >= 0 && len(out) > d.maxlen {
				out = out[len(out)-d.maxlen:]
			}
		}
		return out, nil
	}
	oneArg("__mul__", func(t *vm.Thread, d *deque, o vm.Value) (vm.Value, error) {
		items, err := mul(t, d, o)
		if err != nil {
			return vm.Value{}, err
		}
		return d.newLike(t, items)
	})
	oneArg("__rmul__", func(t *vm.Thread, d *deque, o vm.Value) (vm.Value, error) {
		items, err := mul(t, d, o)
		if err != nil {
			return vm.Value{}, err
		}
		return d.newLike(t, items)
	})
	oneArg("__imul__", func(t *vm.Thread, d *deque, o vm.Value) (vm.Value, error) {
		items, err := mul(t, d, o)
		if err != nil {
			return vm.Value{}, err
		}
		d.setItems(items)
		return vm.ObjectValue(d), nil
	})
	for i, name := range []string{"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"} {
		op := compiler.CompareOp(i)
		oneArg(name, func(t *vm.Thread, d *deque, o vm.Value) (vm.Value, error) {
			od, ok := asDeque(o)
			if !ok {
				return vm.NotImplemented, nil
			}
			return t.RichCompare(vm.NewList(d.items()), vm.NewList(od.items()), op)
		})
	}
}
