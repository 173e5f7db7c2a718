package vm

import (
	"math"
	"math/big"

	"github.com/pyasync/pyasync/compiler"
)

// nativeIterator is implemented by the iterator objects of the container
// types: Thread.Next advances them without a method lookup.
type nativeIterator interface {
	Object
	next(t *Thread) (Value, bool, error)
}

// nativeIterable is implemented by the containers whose iterator can be
// made without a method lookup; ok is false when a subclass instance must go
// through its __iter__.
type nativeIterable interface {
	nativeIter() (it Value, ok bool)
}

// registerIterType gives an iterator type implemented by a nativeIterator
// its __iter__ and __next__ methods.
func registerIterType(typ *Type) {
	typ.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs(typ.Name+".__iter__", args, kw); err != nil {
			return Value{}, err
		}
		return self, nil
	})
	typ.NewMethod("__next__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs(typ.Name+".__next__", args, kw); err != nil {
			return Value{}, err
		}
		it, ok := self.o.(nativeIterator)
		if !ok {
			return Value{}, Errorf(TypeError, "descriptor '__next__' requires a '%s' object but received a '%s'", typ.Name, self.TypeName())
		}
		v, ok, err := it.next(t)
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return Value{}, NewException(StopIteration)
		}
		return v, nil
	})
}

// The iteration builtins that are classes.
var (
	// EnumerateType is the enumerate class.
	EnumerateType = newBuiltinType("enumerate", ObjectType)
	// ZipType is the zip class.
	ZipType = newBuiltinType("zip", ObjectType)
	// MapType is the map class.
	MapType = newBuiltinType("map", ObjectType)
	// FilterType is the filter class.
	FilterType = newBuiltinType("filter", ObjectType)
	// ReversedType is the reversed class (reversed() of sequences without
	// __reversed__).
	ReversedType = newBuiltinType("reversed", ObjectType)
)

// enumerateIter is an enumerate object.
type enumerateIter struct {
	iterSub // a subclass of enumerate: its class and instance dict
	it      Value
	count   int64
	big     Value // the count once it no longer fits in an int64 (or start was not an int)
}

// Type implements Object.
func (e *enumerateIter) Type() *Type { return subclassOr(e.cls, EnumerateType) }

func (e *enumerateIter) next(t *Thread) (Value, bool, error) {
	v, ok, err := t.Next(e.it)
	if err != nil || !ok {
		return Value{}, false, err
	}
	var idx Value
	if e.big.o == nil {
		idx = Int(e.count)
		if e.count == math.MaxInt64 {
			e.big = BigInt(new(big.Int).Add(big.NewInt(e.count), big.NewInt(1)))
		} else {
			e.count++
		}
	} else {
		idx = e.big
		n, err := t.BinaryOp(compiler.OpAdd, e.big, Int(1))
		if err != nil {
			return Value{}, false, err
		}
		e.big = n
	}
	return newPair(idx, v), true, nil
}

// zipIter is a zip object.
type zipIter struct {
	iterSub // a subclass of zip: its class and instance dict
	its     []Value
	strict  bool
	done    bool
}

// Type implements Object.
func (z *zipIter) Type() *Type { return subclassOr(z.cls, ZipType) }

func (z *zipIter) next(t *Thread) (Value, bool, error) {
	if z.done || len(z.its) == 0 {
		return Value{}, false, nil
	}
	if len(z.its) == 2 {
		a, ok, err := t.Next(z.its[0])
		if err != nil || !ok {
			z.done = true
			if err == nil && z.strict {
				err = z.checkStrict(t, 0)
			}
			return Value{}, false, err
		}
		b, ok, err := t.Next(z.its[1])
		if err != nil || !ok {
			z.done = true
			if err == nil && z.strict {
				err = z.checkStrict(t, 1)
			}
			return Value{}, false, err
		}
		return newPair(a, b), true, nil
	}
	items := make([]Value, len(z.its))
	for i, it := range z.its {
		v, ok, err := t.Next(it)
		if err != nil {
			return Value{}, false, err
		}
		if !ok {
			z.done = true
			if z.strict {
				return Value{}, false, z.checkStrict(t, i)
			}
			return Value{}, false, nil
		}
		items[i] = v
	}
	return NewTuple(items), true, nil
}

// checkStrict reports the length mismatch of zip(strict=True) after
// iterator i ran out.
func (z *zipIter) checkStrict(t *Thread, i int) error {
	plural := func(i int) string {
		if i == 1 {
			return " "
		}
		return "s 1-"
	}
	if i > 0 {
		return Errorf(ValueError, "zip() argument %d is shorter than argument%s%d", i+1, plural(i), i)
	}
	for i = 1; i < len(z.its); i++ {
		_, ok, err := t.Next(z.its[i])
		if err != nil {
			return err
		}
		if ok {
			return Errorf(ValueError, "zip() argument %d is longer than argument%s%d", i+1, plural(i), i)
		}
	}
	return nil
}

// mapIter is a map object.
type mapIter struct {
	iterSub // a subclass of map: its class and instance dict
	fn      Value
	its     []Value
}

// Type implements Object.
func (m *mapIter) Type() *Type { return subclassOr(m.cls, MapType) }

func (m *mapIter) next(t *Thread) (Value, bool, error) {
	if len(m.its) == 1 {
		v, ok, err := t.Next(m.its[0])
		if err != nil || !ok {
			return Value{}, false, err
		}
		r, err := t.Call(m.fn, []Value{v}, nil)
		return r, err == nil, err
	}
	args := make([]Value, len(m.its))
	for i, it := range m.its {
		v, ok, err := t.Next(it)
		if err != nil || !ok {
			return Value{}, false, err
		}
		args[i] = v
	}
	r, err := t.Call(m.fn, args, nil)
	return r, err == nil, err
}

// filterIter is a filter object.
type filterIter struct {
	iterSub       // a subclass of filter: its class and instance dict
	fn      Value // None: truth of the items
	it      Value
}

// Type implements Object.
func (f *filterIter) Type() *Type { return subclassOr(f.cls, FilterType) }

func (f *filterIter) next(t *Thread) (Value, bool, error) {
	for {
		v, ok, err := t.Next(f.it)
		if err != nil || !ok {
			return Value{}, false, err
		}
		var keep bool
		if f.fn.IsNone() || Is(f.fn, Value{o: BoolType}) {
			keep, err = t.Truth(v)
		} else {
			var r Value
			r, err = t.Call(f.fn, []Value{v}, nil)
			if err == nil {
				keep, err = t.Truth(r)
			}
		}
		if err != nil {
			return Value{}, false, err
		}
		if keep {
			return v, true, nil
		}
	}
}

// reversedIter is a reversed object over a sequence.
type reversedIter struct {
	iterSub // a subclass of reversed: its class and instance dict
	seq     Value
	i       int
}

// Type implements Object.
func (r *reversedIter) Type() *Type { return subclassOr(r.cls, ReversedType) }

func (r *reversedIter) next(t *Thread) (Value, bool, error) {
	if r.i >= 0 && r.seq.o != nil {
		v, err := t.GetItem(r.seq, Int(int64(r.i)))
		if err == nil {
			r.i--
			return v, true, nil
		}
		if e, ok := err.(*Exception); !ok || !(e.IsInstance(IndexError) || e.IsInstance(StopIteration)) {
			return Value{}, false, err
		}
	}
	r.i = -1
	r.seq = Value{}
	return Value{}, false, nil
}

// Reversed implements reversed(v).
func (t *Thread) Reversed(v Value) (Value, error) { return t.reversedAs(v, nil) }

// reversedAs is reversed(v) called as the subclass sub of reversed (nil
// for reversed itself): a __reversed__ method's result whatever sub is, a
// sub instance over a sequence.
func (t *Thread) reversedAs(v Value, sub *Type) (Value, error) {
	switch o := v.o.(type) {
	case *List:
		if o.cls == nil {
			return Value{o: &listReverseIterator{list: o, i: o.Len() - 1}}, nil
		}
	case *Tuple:
		if o.cls == nil {
			return Value{o: &reversedIter{iterSub: iterSub{cls: sub}, seq: v, i: len(o.items) - 1}}, nil
		}
	case *Range:
		return o.reversed(), nil
	}
	cls := v.Type()
	if m, ok := cls.Lookup("__reversed__"); ok {
		if m.IsNone() {
			return Value{}, Errorf(TypeError, "'%s' object is not reversible", cls.Name)
		}
		return t.callMethod(m, v, nil, nil)
	}
	gi, ok := cls.Lookup("__getitem__")
	if !ok || gi.IsNone() || DictType.IsSubtype(cls) {
		return Value{}, Errorf(TypeError, "'%s' object is not reversible", cls.Name)
	}
	n, err := t.Len(v)
	if err != nil {
		return Value{}, err
	}
	return Value{o: &reversedIter{iterSub: iterSub{cls: sub}, seq: v, i: n - 1}}, nil
}

// sortedList returns a new list holding the items of an iterable, sorted.
func (t *Thread) sortedIterable(v Value, key Value, reverse bool) (Value, error) {
	var l *List
	if o, ok := v.o.(*List); ok && o.kind != listValues {
		l = copyList(o)
	} else {
		items, err := t.ToSlice(v)
		if err != nil {
			return Value{}, err
		}
		l = &List{vals: items}
	}
	if err := t.listSort(l, key, reverse); err != nil {
		return Value{}, err
	}
	return Value{o: l}, nil
}

// minMax implements min() and max(); op is CmpLT for min, CmpGT for max.
func minMax(t *Thread, args []Value, kw []string, op compiler.CompareOp) (Value, error) {
	name := "max"
	if op == compiler.CmpLT {
		name = "min"
	}
	npos := len(args) - len(kw)
	if npos == 0 {
		return Value{}, Errorf(TypeError, "%s expected at least 1 argument, got 0", name)
	}
	var keyfn, dflt Value
	if len(kw) > 2 {
		return Value{}, Errorf(TypeError, "%s() takes at most 2 keyword arguments (%d given)", name, len(kw))
	}
	for i, k := range kw {
		switch k {
		case "key":
			keyfn = args[npos+i]
		case "default":
			dflt = args[npos+i]
		default:
			return Value{}, Errorf(TypeError, "'%s' is an invalid keyword argument for %s()", k, name)
		}
	}
	if keyfn.IsNone() {
		keyfn = Value{}
	}
	var seq []Value
	if npos > 1 {
		if dflt.o != nil {
			return Value{}, Errorf(TypeError, "Cannot specify a default for %s() with multiple positional arguments", name)
		}
		seq = args[:npos]
	}
	var best, bestKey Value
	consider := func(item Value) error {
		k := item
		if keyfn.o != nil {
			var err error
			if k, err = t.Call(keyfn, []Value{item}, nil); err != nil {
				return err
			}
		}
		if best.o == nil {
			best, bestKey = item, k
			return nil
		}
		var better bool
		if k.IsSmallInt() && bestKey.IsSmallInt() {
			better = cmpInt64(op, k.SmallInt(), bestKey.SmallInt())
		} else {
			r, err := t.RichCompare(k, bestKey, op)
			if err != nil {
				return err
			}
			if better, err = t.Truth(r); err != nil {
				return err
			}
		}
		if better {
			best, bestKey = item, k
		}
		return nil
	}
	if seq != nil {
		for _, x := range seq {
			if err := consider(x); err != nil {
				return Value{}, err
			}
		}
	} else if err := t.ForEach(args[0], consider); err != nil {
		return Value{}, err
	}
	if best.o == nil {
		if dflt.o != nil {
			return dflt, nil
		}
		return Value{}, Errorf(ValueError, "%s() arg is an empty sequence", name)
	}
	return best, nil
}

// sum implements sum(iterable, /, start=0) like CPython 3.11 (plain float
// addition, no compensated summation).
func builtinSum(t *Thread, args []Value, kw []string) (Value, error) {
	npos := len(args) - len(kw)
	if len(args) > 2 {
		return Value{}, Errorf(TypeError, "sum() takes at most 2 arguments (%d given)", len(args))
	}
	var start Value
	for i, k := range kw {
		if k != "start" {
			return Value{}, Errorf(TypeError, "sum() got an unexpected keyword argument '%s'", k)
		}
		if npos > 1 {
			return Value{}, Errorf(TypeError, "argument for sum() given by name ('start') and position (2)")
		}
		start = args[npos+i]
	}
	if npos == 0 {
		return Value{}, Errorf(TypeError, "sum() takes at least 1 positional argument (0 given)")
	}
	if npos == 2 {
		start = args[1]
	}
	result := Int(0)
	if start.o != nil {
		switch o := start.o.(type) {
		case *StrObject:
			return Value{}, Errorf(TypeError, "sum() can't sum strings [use ''.join(seq) instead]")
		case *Bytes:
			if o.mutable {
				return Value{}, Errorf(TypeError, "sum() can't sum bytearray [use b''.join(seq) instead]")
			}
			return Value{}, Errorf(TypeError, "sum() can't sum bytes [use b''.join(seq) instead]")
		}
		result = start
	}
	it, err := t.Iter(args[0])
	if err != nil {
		return Value{}, err
	}
	if result.IsSmallInt() {
		acc := result.SmallInt()
		for {
			item, ok, err := t.Next(it)
			if err != nil {
				return Value{}, err
			}
			if !ok {
				return Int(acc), nil
			}
			switch item.o.(type) {
			case intMarker, boolMarker:
				b := int64(item.n)
				if (acc >= 0 && b <= math.MaxInt64-acc) || (acc < 0 && b >= math.MinInt64-acc) {
					acc += b
					continue
				}
			}
			if result, err = t.BinaryOp(compiler.OpAdd, Int(acc), item); err != nil {
				return Value{}, err
			}
			break
		}
	}
	if result.IsFloat() {
		acc := result.AsFloat()
		for {
			item, ok, err := t.Next(it)
			if err != nil {
				return Value{}, err
			}
			if !ok {
				return Float(acc), nil
			}
			switch o := item.o.(type) {
			case floatMarker:
				acc += item.AsFloat()
				continue
			case intMarker, boolMarker:
				acc += float64(int64(item.n))
				continue
			case *bigInt:
				if o.v.IsInt64() {
					acc += float64(o.v.Int64())
					continue
				}
			}
			if result, err = t.BinaryOp(compiler.OpAdd, Float(acc), item); err != nil {
				return Value{}, err
			}
			break
		}
	}
	for {
		item, ok, err := t.Next(it)
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return result, nil
		}
		if result, err = t.BinaryOp(compiler.OpAdd, result, item); err != nil {
			return Value{}, err
		}
	}
}

// anyAll implements any() (want true) and all() (want false).
func anyAll(name string, want bool) BuiltinFunc {
	return func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := methO(name, args, kw); err != nil {
			return Value{}, err
		}
		it, err := t.Iter(args[0])
		if err != nil {
			return Value{}, err
		}
		for {
			v, ok, err := t.Next(it)
			if err != nil {
				return Value{}, err
			}
			if !ok {
				return Bool(!want), nil
			}
			var b bool
			if v.IsBool() {
				b = v.n != 0
			} else if b, err = t.Truth(v); err != nil {
				return Value{}, err
			}
			if b == want {
				return Bool(want), nil
			}
		}
	}
}

func init() {
	for _, typ := range []*Type{EnumerateType, ZipType, MapType, FilterType, ReversedType} {
		registerIterType(typ)
		builtinValues[typ.Name] = Value{o: typ}
	}
	EnumerateType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		sub, err := iterSubclass(args, EnumerateType)
		if err != nil {
			return Value{}, err
		}
		npos := len(args) - len(kw) - 1
		if len(args)-1 > 2 {
			return Value{}, Errorf(TypeError, "enumerate() takes at most 2 arguments (%d given)", len(args)-1)
		}
		var iterable, start Value
		if npos > 0 {
			iterable = args[1]
		}
		if npos > 1 {
			start = args[2]
		}
		for i, k := range kw {
			v := args[1+npos+i]
			switch {
			case k == "iterable" && npos < 1:
				iterable = v
			case k == "start" && npos < 2:
				start = v
			case k == "iterable" || k == "start":
				return Value{}, Errorf(TypeError, "argument for enumerate() given by name ('%s') and position (%d)", k, map[string]int{"iterable": 1, "start": 2}[k])
			default:
				return Value{}, Errorf(TypeError, "'%s' is an invalid keyword argument for enumerate()", k)
			}
		}
		if iterable.o == nil {
			return Value{}, Errorf(TypeError, "enumerate() missing required argument 'iterable'")
		}
		it, err := t.Iter(iterable)
		if err != nil {
			return Value{}, err
		}
		e := &enumerateIter{it: it, iterSub: iterSub{cls: sub}}
		if start.o != nil {
			if n, ok := start.AsInt64(); ok {
				e.count = n
			} else if _, ok := start.o.(*bigInt); ok {
				e.big = start
			} else {
				if _, ok := start.Type().Lookup("__index__"); !ok {
					return Value{}, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", start.TypeName())
				}
				n, err := t.Index(start)
				if err != nil {
					return Value{}, err
				}
				e.count = n
			}
		}
		return Value{o: e}, nil
	})
	ZipType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		sub, err := iterSubclass(args, ZipType)
		if err != nil {
			return Value{}, err
		}
		npos := len(args) - len(kw)
		z := &zipIter{iterSub: iterSub{cls: sub}}
		if len(kw) > 1 {
			return Value{}, Errorf(TypeError, "zip() takes at most 1 keyword argument (%d given)", len(kw))
		}
		for i, k := range kw {
			if k != "strict" {
				return Value{}, Errorf(TypeError, "'%s' is an invalid keyword argument for zip()", k)
			}
			b, err := t.Truth(args[npos+i])
			if err != nil {
				return Value{}, err
			}
			z.strict = b
		}
		z.its = make([]Value, npos-1)
		for i := 1; i < npos; i++ {
			it, err := t.Iter(args[i])
			if err != nil {
				return Value{}, err
			}
			z.its[i-1] = it
		}
		return Value{o: z}, nil
	})
	MapType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "map() takes no keyword arguments")
		}
		if len(args) < 3 {
			return Value{}, Errorf(TypeError, "map() must have at least two arguments.")
		}
		sub, err := iterSubclass(args, MapType)
		if err != nil {
			return Value{}, err
		}
		m := &mapIter{iterSub: iterSub{cls: sub}, fn: args[1], its: make([]Value, len(args)-2)}
		for i := 2; i < len(args); i++ {
			it, err := t.Iter(args[i])
			if err != nil {
				return Value{}, err
			}
			m.its[i-2] = it
		}
		return Value{o: m}, nil
	})
	FilterType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "filter() takes no keyword arguments")
		}
		if err := ArgCount("filter", args[1:], nil, 2, 2); err != nil {
			return Value{}, err
		}
		sub, err := iterSubclass(args, FilterType)
		if err != nil {
			return Value{}, err
		}
		it, err := t.Iter(args[2])
		if err != nil {
			return Value{}, err
		}
		return Value{o: &filterIter{iterSub: iterSub{cls: sub}, fn: args[1], it: it}}, nil
	})
	ReversedType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "reversed() takes no keyword arguments")
		}
		if len(args) != 2 {
			return Value{}, Errorf(TypeError, "reversed expected 1 argument, got %d", len(args)-1)
		}
		sub, err := iterSubclass(args, ReversedType)
		if err != nil {
			return Value{}, err
		}
		return t.reversedAs(args[1], sub)
	})
	ReversedType.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		r := self.o.(*reversedIter)
		if r.seq.o == nil {
			return Int(0), nil
		}
		n, err := t.Len(r.seq)
		if err != nil || n < r.i+1 {
			return Int(0), err
		}
		return Int(int64(r.i + 1)), nil
	})

	builtinFuncs["sorted"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		if npos != 1 {
			return Value{}, Errorf(TypeError, "sorted expected 1 argument, got %d", npos)
		}
		key, reverse, err := t.parseSortArgs(args, kw, npos)
		if err != nil {
			return Value{}, err
		}
		return t.sortedIterable(args[0], key, reverse)
	}
	builtinFuncs["min"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		return minMax(t, args, kw, compiler.CmpLT)
	}
	builtinFuncs["max"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		return minMax(t, args, kw, compiler.CmpGT)
	}
	builtinFuncs["sum"] = builtinSum
	builtinFuncs["any"] = anyAll("any", true)
	builtinFuncs["all"] = anyAll("all", false)
}

// iterSub is what an instance of a script subclass of enumerate, zip, map,
// filter or reversed adds to the builtin object: its class and its attributes
// (nil for instances of the builtin classes themselves).
type iterSub struct {
	cls  *Type
	dict *Dict
}

// InstanceDict implements DictHolder: a subclass instance's attributes.
func (s *iterSub) InstanceDict() *Dict {
	if s.cls == nil || s.cls.slots != nil && s.dict == nil {
		return nil
	}
	if s.dict == nil {
		s.dict = NewDict()
	}
	return s.dict
}

// PeekInstanceDict implements DictPeeker.
func (s *iterSub) PeekInstanceDict() *Dict { return s.dict }

// subclassOr is cls, or base when cls is nil.
func subclassOr(cls, base *Type) *Type {
	if cls != nil {
		return cls
	}
	return base
}

// iterSubclass checks the class given to the __new__ of the iteration
// class base (args[0]) and returns it when it is a subclass (nil for base
// itself).
func iterSubclass(args []Value, base *Type) (*Type, error) {
	if len(args) == 0 {
		return nil, Errorf(TypeError, "%s.__new__(): not enough arguments", base.Name)
	}
	cls, ok := args[0].o.(*Type)
	if !ok {
		return nil, Errorf(TypeError, "%s.__new__(X): X is not a type object (%s)", base.Name, args[0].TypeName())
	}
	if cls == base {
		return nil, nil
	}
	if !base.IsSubtype(cls) {
		return nil, Errorf(TypeError, "%s.__new__(%s): %s is not a subtype of %s", base.Name, cls.Name, cls.Name, base.Name)
	}
	return cls, nil
}
