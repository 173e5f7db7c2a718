package vm

import (
	"strings"

	"github.com/pyasync/pyasync/compiler"
)

// The dict view and iterator types.
var (
	// DictKeysType is the type of dict.keys() views.
	DictKeysType = newBuiltinType("dict_keys", ObjectType)
	// DictValuesType is the type of dict.values() views.
	DictValuesType = newBuiltinType("dict_values", ObjectType)
	// DictItemsType is the type of dict.items() views.
	DictItemsType = newBuiltinType("dict_items", ObjectType)

	// DictKeyIteratorType is the type of iter(dict) and iter(dict.keys()).
	DictKeyIteratorType = newBuiltinType("dict_keyiterator", ObjectType)
	// DictValueIteratorType is the type of iter(dict.values()).
	DictValueIteratorType = newBuiltinType("dict_valueiterator", ObjectType)
	// DictItemIteratorType is the type of iter(dict.items()).
	DictItemIteratorType = newBuiltinType("dict_itemiterator", ObjectType)
	// DictReverseKeyIteratorType is the type of reversed(dict).
	DictReverseKeyIteratorType = newBuiltinType("dict_reversekeyiterator", ObjectType)
	// DictReverseValueIteratorType is the type of reversed(dict.values()).
	DictReverseValueIteratorType = newBuiltinType("dict_reversevalueiterator", ObjectType)
	// DictReverseItemIteratorType is the type of reversed(dict.items()).
	DictReverseItemIteratorType = newBuiltinType("dict_reverseitemiterator", ObjectType)
)

// dictViewKind says what a view or iterator yields.
type dictViewKind uint8

const (
	viewKeys dictViewKind = iota
	viewValues
	viewItems
)

var dictIterTypes = [2][3]*Type{
	{DictKeyIteratorType, DictValueIteratorType, DictItemIteratorType},
	{DictReverseKeyIteratorType, DictReverseValueIteratorType, DictReverseItemIteratorType},
}

var dictViewTypes = [3]*Type{DictKeysType, DictValuesType, DictItemsType}

// dictIterator iterates a dict's keys, values or items, forwards or
// backwards, detecting changes like CPython.
type dictIterator struct {
	d         *Dict // nil once exhausted
	pos       int
	used      int
	remaining int
	kind      dictViewKind
	reverse   bool
	// ordered: an OrderedDict's (odict_iterator), which fails on any
	// change of its keys since version
	ordered bool
	version uint64
}

// Type implements Object.
func (it *dictIterator) Type() *Type {
	if it.ordered {
		return OdictIteratorType
	}
	r := 0
	if it.reverse {
		r = 1
	}
	return dictIterTypes[r][it.kind]
}

func newDictIterator(d *Dict, kind dictViewKind, reverse bool) Value {
	it := &dictIterator{d: d, used: d.used, remaining: d.used, kind: kind, reverse: reverse}
	if reverse {
		it.pos = d.nentries() - 1
	}
	return Value{o: it}
}

func (it *dictIterator) next(t *Thread) (Value, bool, error) {
	key, value, ok, err := it.nextItem()
	if !ok {
		return Value{}, false, err
	}
	switch it.kind {
	case viewKeys:
		return key, true, nil
	case viewValues:
		return value, true, nil
	}
	return newPair(key, value), true, nil
}

// nextItem advances the iterator: the next entry's key and value (ok
// false when it is exhausted or err says how the dict changed).
func (it *dictIterator) nextItem() (key, value Value, ok bool, err error) {
	d := it.d
	if d == nil {
		return Value{}, Value{}, false, nil
	}
	if it.ordered && (it.used != d.used || it.version != d.keysVersion) {
		it.used = -1 // make this state sticky
		return Value{}, Value{}, false, Errorf(RuntimeError, "OrderedDict mutated during iteration")
	}
	if it.used != d.used {
		it.used = -1 // make this state sticky
		return Value{}, Value{}, false, Errorf(RuntimeError, "dictionary changed size during iteration")
	}
	if it.reverse {
		i := min(it.pos, d.nentries()-1)
		for ; i >= 0; i-- {
			if key, value = d.itemAt(i); key.o != nil {
				break
			}
		}
		if i < 0 {
			it.d = nil
			return Value{}, Value{}, false, nil
		}
		it.pos = i - 1
	} else {
		var i int
		key, value, i = d.nextItem(it.pos)
		if i < 0 {
			it.d = nil
			return Value{}, Value{}, false, nil
		}
		if it.remaining == 0 {
			it.d = nil
			return Value{}, Value{}, false, Errorf(RuntimeError, "dictionary keys changed during iteration")
		}
		it.pos = i + 1
	}
	it.remaining--
	return key, value, true, nil
}

// pairTuple holds a 2-tuple and its items in one allocation.
type pairTuple struct {
	t   Tuple
	arr [2]Value
}

// newPair returns the tuple (a, b) with a single allocation.
func newPair(a, b Value) Value {
	p := &pairTuple{arr: [2]Value{a, b}}
	p.t.items = p.arr[:]
	return Value{o: &p.t}
}

// nativeIter returns iter(d) for plain dicts.
func (d *Dict) nativeIter() (Value, bool) {
	if d.cls != nil {
		return Value{}, false
	}
	return newDictIterator(d, viewKeys, false), true
}

// dictView is a dict_keys, dict_values or dict_items object.
type dictView struct {
	d    *Dict
	kind dictViewKind
	// ordered: an OrderedDict's view (odict_keys...: odict_views.go)
	ordered bool
}

// Type implements Object.
func (v *dictView) Type() *Type {
	if v.ordered {
		return odictViewTypes[v.kind]
	}
	return dictViewTypes[v.kind]
}

// iter returns an iterator over the view, forwards or reversed.
func (v *dictView) iter(reverse bool) Value {
	it := newDictIterator(v.d, v.kind, reverse)
	if v.ordered {
		it.o.(*dictIterator).ordered, it.o.(*dictIterator).version = true, v.d.keysVersion
	}
	return it
}

func (v *dictView) nativeIter() (Value, bool) { return v.iter(false), true }

// contains implements "x in view".
func (v *dictView) contains(t *Thread, x Value) (bool, error) {
	switch v.kind {
	case viewKeys:
		_, ok, err := v.d.Get(t, x)
		return ok, err
	case viewItems:
		tu, ok := x.o.(*Tuple)
		if !ok || len(tu.items) != 2 {
			return false, nil
		}
		found, ok, err := v.d.Get(t, tu.items[0])
		if err != nil || !ok {
			return false, err
		}
		return t.identityOrEqual(found, tu.items[1])
	}
	d := v.d
	for i := 0; i < d.nentries(); i++ {
		e := d.entryCopy(i)
		if e.key.o == nil {
			continue
		}
		eq, err := t.identityOrEqual(e.value, x)
		if err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

func isSetLikeView(v Value) bool {
	dv, ok := v.o.(*dictView)
	return ok && dv.kind != viewValues
}

// viewSetOp implements & | - ^ between a keys/items view and an iterable
// (a is the left operand).
func (t *Thread) viewSetOp(op compiler.BinaryOp, a, b Value) (Value, error) {
	switch op {
	case compiler.OpAnd:
		return t.viewIntersect(a, b)
	case compiler.OpXor:
		if x, ok := a.o.(*dictView); ok && x.kind == viewItems {
			if y, ok := b.o.(*dictView); ok && y.kind == viewItems {
				return t.dictItemsXor(x.d, y.d)
			}
		}
	}
	r := newSet()
	if err := r.update(t, a); err != nil {
		return Value{}, err
	}
	var err error
	switch op {
	case compiler.OpOr:
		err = r.update(t, b)
	case compiler.OpSub:
		err = r.differenceUpdate(t, b)
	case compiler.OpXor:
		err = r.symmetricDifferenceUpdate(t, b)
	}
	if err != nil {
		return Value{}, err
	}
	return Value{o: r}, nil
}

// viewIntersect is _PyDictView_Intersect.
func (t *Thread) viewIntersect(self, other Value) (Value, error) {
	if !isSetLikeView(self) {
		self, other = other, self
	}
	sv := self.o.(*dictView)
	lenSelf := sv.d.used
	if s, ok := other.o.(*Set); ok && s.cls == nil && !s.frozen && lenSelf <= s.used {
		r, err := s.intersection(t, self)
		if err != nil {
			return Value{}, err
		}
		return Value{o: r}, nil
	}
	if ov, ok := other.o.(*dictView); ok && ov.kind != viewValues && ov.d.used > lenSelf {
		self, other = other, self
		sv = ov
	}
	result := newSet()
	err := t.ForEach(other, func(x Value) error {
		found, err := sv.contains(t, x)
		if err != nil || !found {
			return err
		}
		return result.Add(t, x)
	})
	if err != nil {
		return Value{}, err
	}
	return Value{o: result}, nil
}

// dictItemsXor is dictitems_xor.
func (t *Thread) dictItemsXor(d1, d2 *Dict) (Value, error) {
	tmp := d1.Copy()
	result := newSet()
	for i := 0; i < d2.nentries(); i++ {
		e := d2.entryCopy(i)
		if e.key.o == nil {
			continue
		}
		val1, found, err := tmp.getHashed(t, e.key, e.hash)
		if err != nil {
			return Value{}, err
		}
		del := false
		if found {
			if del, err = t.identityOrEqual(val1, e.value); err != nil {
				return Value{}, err
			}
		}
		if del {
			if _, err := tmp.deleteHashed(t, e.key, e.hash); err != nil {
				return Value{}, err
			}
		} else if err := result.Add(t, Tuple2(e.key, e.value)); err != nil {
			return Value{}, err
		}
	}
	if err := result.update(t, Value{o: &dictView{d: tmp, kind: viewItems}}); err != nil {
		return Value{}, err
	}
	return Value{o: result}, nil
}

// allContainedIn reports whether every item of a is in b.
func (t *Thread) allContainedIn(a, b Value) (bool, error) {
	ok := true
	err := t.ForEach(a, func(x Value) error {
		in, err := t.Contains(b, x)
		if err != nil {
			return err
		}
		if !in {
			ok = false
			return errStopIteration
		}
		return nil
	})
	if err == errStopIteration {
		err = nil
	}
	return ok, err
}

// errStopIteration stops a ForEach loop early.
var errStopIteration = &Exception{cls: StopIteration}

// viewCompare is dictview_richcompare.
func (t *Thread) viewCompare(self, other Value, op compiler.CompareOp) (Value, error) {
	if _, ok := other.o.(*Set); !ok && !isSetLikeView(other) {
		return NotImplemented, nil
	}
	lenSelf, err := t.Len(self)
	if err != nil {
		return Value{}, err
	}
	lenOther, err := t.Len(other)
	if err != nil {
		return Value{}, err
	}
	ok := false
	switch op {
	case compiler.CmpEQ, compiler.CmpNE:
		if lenSelf == lenOther {
			if ok, err = t.allContainedIn(self, other); err != nil {
				return Value{}, err
			}
		}
		if op == compiler.CmpNE {
			ok = !ok
		}
	case compiler.CmpLT:
		if lenSelf < lenOther {
			ok, err = t.allContainedIn(self, other)
		}
	case compiler.CmpLE:
		if lenSelf <= lenOther {
			ok, err = t.allContainedIn(self, other)
		}
	case compiler.CmpGT:
		if lenSelf > lenOther {
			ok, err = t.allContainedIn(other, self)
		}
	case compiler.CmpGE:
		if lenSelf >= lenOther {
			ok, err = t.allContainedIn(other, self)
		}
	}
	if err != nil {
		return Value{}, err
	}
	return Bool(ok), nil
}

func (t *Thread) viewReprTo(b *strings.Builder, v *dictView) error {
	if !t.reprEnter(v) {
		b.WriteString("...")
		return nil
	}
	defer t.reprLeave(v)
	items, err := t.ToSlice(Value{o: v})
	if err != nil {
		return err
	}
	b.WriteString(v.Type().Name)
	b.WriteByte('(')
	if err := t.listReprTo(b, &List{vals: items}); err != nil {
		return err
	}
	b.WriteByte(')')
	return nil
}

// dictMerge merges a mapping into d (PyDict_Merge with override).
func (t *Thread) dictMerge(d *Dict, src Value) error {
	if sd, ok := src.o.(*Dict); ok && (sd.cls == nil || !hasUserMethod(sd.cls, "__iter__")) {
		if sd == d || sd.used == 0 {
			return nil
		}
		if d.used == 0 && sd.used == sd.nentries() &&
			(len(sd.index) == dictMinSize || usableFraction(len(sd.index)/2) < sd.used) {
			// clone a clean table
			c := sd.Copy()
			d.entries, d.skeys, d.index, d.used, d.usable = c.entries, c.skeys, c.index, c.used, c.usable
			d.bump()
			return nil
		}
		if usableFraction(len(d.index)) < sd.used {
			d.resize(((d.used+sd.used)*3 + 1) / 2)
		}
		for i := 0; i < sd.nentries(); i++ {
			e := sd.entryCopy(i)
			if e.key.o == nil {
				continue
			}
			if err := d.setHashed(t, e.key, e.hash, e.value); err != nil {
				return err
			}
		}
		return nil
	}
	keys, err := t.CallMethod(src, "keys")
	if err != nil {
		return err
	}
	ks, err := t.ToSlice(keys)
	if err != nil {
		return err
	}
	for _, k := range ks {
		v, err := t.GetItem(src, k)
		if err != nil {
			return err
		}
		if err := d.Set(t, k, v); err != nil {
			return err
		}
	}
	return nil
}

// dictMergeFromSeq2 adds the key/value pairs of an iterable to d.
func (t *Thread) dictMergeFromSeq2(d *Dict, seq Value) error {
	it, err := t.Iter(seq)
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		item, ok, err := t.Next(it)
		if err != nil || !ok {
			return err
		}
		var pair []Value
		switch o := item.o.(type) {
		case *Tuple:
			pair = o.items
		case *List:
			pair = o.Items()
		default:
			if !isIterable(item) {
				return Errorf(TypeError, "cannot convert dictionary update sequence element #%d to a sequence", i)
			}
			if pair, err = t.ToSlice(item); err != nil {
				return err
			}
		}
		if len(pair) != 2 {
			return Errorf(ValueError, "dictionary update sequence element #%d has length %d; 2 is required", i, len(pair))
		}
		if err := d.Set(t, pair[0], pair[1]); err != nil {
			return err
		}
	}
}

// dictUpdateArg is dict_update_arg: a dict, a mapping with keys(), or an
// iterable of pairs.
func (t *Thread) dictUpdateArg(d *Dict, arg Value) error {
	if sd, ok := arg.o.(*Dict); ok && sd.cls == nil {
		return t.dictMerge(d, arg)
	}
	has, err := t.HasAttr(arg, "keys")
	if err != nil {
		return err
	}
	if has {
		return t.dictMerge(d, arg)
	}
	return t.dictMergeFromSeq2(d, arg)
}

// dictUpdateCall implements the arguments of dict(...) and d.update(...).
func (t *Thread) dictUpdateCall(name string, d *Dict, args []Value, kw []string) error {
	npos := len(args) - len(kw)
	if npos > 1 {
		return Errorf(TypeError, "%s expected at most 1 argument, got %d", name, npos)
	}
	if npos == 1 {
		if err := t.dictUpdateArg(d, args[0]); err != nil {
			return err
		}
	}
	for i, k := range kw {
		if err := d.Set(t, Str(k), args[npos+i]); err != nil {
			return err
		}
	}
	return nil
}

// dictEqual is dict_equal.
func (t *Thread) dictEqual(a, b *Dict) (bool, error) {
	if a.used != b.used {
		return false, nil
	}
	if err := t.enterCompare(); err != nil {
		return false, err
	}
	defer t.leaveCompare()
	for i := 0; i < a.nentries(); i++ {
		e := a.entryCopy(i)
		if e.key.o == nil {
			continue
		}
		bval, found, err := b.getHashed(t, e.key, e.hash)
		if err != nil || !found {
			return false, err
		}
		eq, err := t.identityOrEqual(e.value, bval)
		if err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// dictGetItem is dict.__getitem__ (with __missing__ for subclasses).
func (t *Thread) dictGetItem(self Value, key Value) (Value, error) {
	d := self.o.(*Dict)
	v, ok, err := d.Get(t, key)
	if err != nil {
		return Value{}, err
	}
	if ok {
		return v, nil
	}
	if d.cls != nil {
		if m, found := d.cls.Lookup("__missing__"); found {
			return t.callMethod(m, self, []Value{key}, nil)
		}
	}
	return Value{}, NewException(KeyError, key)
}

func init() {
	dt := DictType
	asDict := func(v Value) *Dict { return v.o.(*Dict) }
	dt.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, err := newArgType(args, "dict", DictType)
		if err != nil {
			return Value{}, err
		}
		if cls == DictType {
			return Value{o: NewDict()}, nil
		}
		return Value{o: &Dict{cls: cls}}, nil
	})
	dt.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, t.dictUpdateCall("dict", asDict(self), args, kw)
	})
	dt.NewMethod("update", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, t.dictUpdateCall("update", asDict(self), args, kw)
	})
	dt.NewClassMethod("fromkeys", func(t *Thread, cls Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("dict.fromkeys", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		value := None
		if len(args) == 2 {
			value = args[1]
		}
		dv, err := t.Call(cls, nil, nil)
		if err != nil {
			return Value{}, err
		}
		d, exact := dv.o.(*Dict)
		exact = exact && d.cls == nil
		return dv, t.ForEach(args[0], func(k Value) error {
			if exact {
				return d.Set(t, k, value)
			}
			return t.SetItem(dv, k, value)
		})
	})
	dt.NewMethod("get", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) == 1 && len(kw) == 0 {
			v, ok, err := asDict(self).Get(t, args[0])
			if err != nil || ok {
				return v, err
			}
			return None, nil
		}
		if err := methArgCount("dict.get", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		v, ok, err := asDict(self).Get(t, args[0])
		if err != nil || ok {
			return v, err
		}
		return args[1], nil
	})
	dt.NewMethod("setdefault", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("dict.setdefault", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		d := asDict(self)
		dflt := None
		if len(args) == 2 {
			dflt = args[1]
		}
		h, err := hashOf(t, args[0])
		if err != nil {
			return Value{}, err
		}
		slot, ei, err := d.lookup(t, args[0], h)
		if err != nil {
			return Value{}, err
		}
		if ei >= 0 {
			return d.valueAt(ei), nil
		}
		d.insertAt(slot, args[0], h, dflt)
		return dflt, nil
	})
	dt.NewMethod("pop", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("dict.pop", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		d := asDict(self)
		h, err := hashOf(t, args[0])
		if err != nil {
			return Value{}, err
		}
		v, ok, err := d.popHashed(t, args[0], h)
		if err != nil || ok {
			return v, err
		}
		if len(args) == 2 {
			return args[1], nil
		}
		return Value{}, NewException(KeyError, args[0])
	})
	dt.NewMethod("popitem", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("dict.popitem", args, kw); err != nil {
			return Value{}, err
		}
		k, v, ok := asDict(self).PopItem()
		if !ok {
			return Value{}, NewException(KeyError, Str("popitem(): dictionary is empty"))
		}
		return Tuple2(k, v), nil
	})
	for kind, name := range []string{"keys", "values", "items"} {
		kind := dictViewKind(kind)
		qual := "dict." + name
		dt.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if len(args) != 0 {
				return Value{}, methNoArgs(qual, args, kw)
			}
			return Value{o: &dictView{d: asDict(self), kind: kind}}, nil
		})
	}
	dt.NewMethod("clear", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("dict.clear", args, kw); err != nil {
			return Value{}, err
		}
		asDict(self).Clear()
		return None, nil
	})
	dt.NewMethod("copy", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("dict.copy", args, kw); err != nil {
			return Value{}, err
		}
		return Value{o: asDict(self).Copy()}, nil
	})
	dt.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("dict.__len__", args, kw); err != nil {
			return Value{}, err
		}
		return Int(int64(asDict(self).used)), nil
	})
	dt.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("dict.__contains__", args, kw); err != nil {
			return Value{}, err
		}
		_, ok, err := asDict(self).Get(t, args[0])
		return Bool(ok), err
	})
	dt.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("dict.__getitem__", args, kw); err != nil {
			return Value{}, err
		}
		return t.dictGetItem(self, args[0])
	})
	dt.NewMethod("__setitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methArgCount("dict.__setitem__", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		return None, asDict(self).Set(t, args[0], args[1])
	})
	dt.NewMethod("__delitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("dict.__delitem__", args, kw); err != nil {
			return Value{}, err
		}
		ok, err := asDict(self).Delete(t, args[0])
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return Value{}, NewException(KeyError, args[0])
		}
		return None, nil
	})
	dt.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("dict.__iter__", args, kw); err != nil {
			return Value{}, err
		}
		return newDictIterator(asDict(self), viewKeys, false), nil
	})
	dt.NewMethod("__reversed__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("dict.__reversed__", args, kw); err != nil {
			return Value{}, err
		}
		return newDictIterator(asDict(self), viewKeys, true), nil
	})
	for _, op := range []compiler.CompareOp{compiler.CmpEQ, compiler.CmpNE} {
		op := op
		dt.NewMethod(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO("dict."+cmpNames[op], args, kw); err != nil {
				return Value{}, err
			}
			o, ok := args[0].o.(*Dict)
			if !ok {
				return NotImplemented, nil
			}
			eq, err := t.dictEqual(asDict(self), o)
			return Bool(eq == (op == compiler.CmpEQ)), err
		})
	}
	dt.NewMethod("__or__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("dict.__or__", args, kw); err != nil {
			return Value{}, err
		}
		if _, ok := args[0].o.(*Dict); !ok {
			return NotImplemented, nil
		}
		n := asDict(self).Copy()
		if err := t.dictUpdateArg(n, args[0]); err != nil {
			return Value{}, err
		}
		return Value{o: n}, nil
	})
	dt.NewMethod("__ror__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("dict.__ror__", args, kw); err != nil {
			return Value{}, err
		}
		o, ok := args[0].o.(*Dict)
		if !ok {
			return NotImplemented, nil
		}
		n := o.Copy()
		if err := t.dictUpdateArg(n, self); err != nil {
			return Value{}, err
		}
		return Value{o: n}, nil
	})
	dt.NewMethod("__ior__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("dict.__ior__", args, kw); err != nil {
			return Value{}, err
		}
		if err := t.dictUpdateArg(asDict(self), args[0]); err != nil {
			return Value{}, err
		}
		return self, nil
	})
	dt.Dict.SetStr("__hash__", None)
	dt.NewClassMethod("__class_getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &GenericAlias{origin: self, args: args[0]}}, nil
	})

	// ---- views ----
	for _, vt := range dictViewTypes {
		vt := vt
		vt.final = true
		vt.newInstance = nil // cannot create 'dict_keys' instances
		asView := func(v Value) *dictView { return v.o.(*dictView) }
		vt.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methNoArgs(vt.Name+".__len__", args, kw); err != nil {
				return Value{}, err
			}
			return Int(int64(asView(self).d.used)), nil
		})
		vt.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methNoArgs(vt.Name+".__iter__", args, kw); err != nil {
				return Value{}, err
			}
			return asView(self).iter(false), nil
		})
		vt.NewMethod("__reversed__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methNoArgs(vt.Name+".__reversed__", args, kw); err != nil {
				return Value{}, err
			}
			return asView(self).iter(true), nil
		})
		vt.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(vt.Name+".__contains__", args, kw); err != nil {
				return Value{}, err
			}
			ok, err := asView(self).contains(t, args[0])
			return Bool(ok), err
		})
		vt.NewMethod("__repr__", reprMethod(vt.Name+".__repr__", (*Thread).viewReprTo))
		vt.NewGetSet("mapping", func(t *Thread, self Value) (Value, error) {
			return Value{o: asView(self).d}, nil
		}, nil)
		if vt == DictValuesType {
			continue
		}
		for _, op := range []compiler.BinaryOp{compiler.OpAnd, compiler.OpOr, compiler.OpSub, compiler.OpXor} {
			op := op
			names := binaryNames[op]
			vt.NewMethod(names.name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := methO(vt.Name+"."+names.name, args, kw); err != nil {
					return Value{}, err
				}
				return t.viewSetOp(op, self, args[0])
			})
			vt.NewMethod(names.rname, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := methO(vt.Name+"."+names.rname, args, kw); err != nil {
					return Value{}, err
				}
				return t.viewSetOp(op, args[0], self)
			})
		}
		for op := compiler.CmpLT; op <= compiler.CmpGE; op++ {
			op := op
			vt.NewMethod(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := methO(vt.Name+"."+cmpNames[op], args, kw); err != nil {
					return Value{}, err
				}
				return t.viewCompare(self, args[0], op)
			})
		}
		vt.NewMethod("isdisjoint", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(vt.Name+".isdisjoint", args, kw); err != nil {
				return Value{}, err
			}
			other := args[0]
			if Is(self, other) {
				return Bool(asView(self).d.used == 0), nil
			}
			if _, ok := other.o.(*Set); ok || isSetLikeView(other) {
				lenOther, err := t.Len(other)
				if err != nil {
					return Value{}, err
				}
				if lenOther > asView(self).d.used {
					self, other = other, self
				}
			}
			disjoint := true
			err := t.ForEach(other, func(x Value) error {
				in, err := t.Contains(self, x)
				if err != nil {
					return err
				}
				if in {
					disjoint = false
					return errStopIteration
				}
				return nil
			})
			if err != nil && err != errStopIteration {
				return Value{}, err
			}
			return Bool(disjoint), nil
		})
		vt.Dict.SetStr("__hash__", None)
	}
	for _, row := range dictIterTypes {
		for _, it := range row {
			it.final = true
			it.newInstance = nil
			registerIterType(it)
			it.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				di := self.o.(*dictIterator)
				if di.d == nil || di.used != di.d.used {
					return Int(0), nil
				}
				return Int(int64(di.remaining)), nil
			})
		}
	}
}
