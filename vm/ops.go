package vm

import (
	"bytes"
	"math"

	"github.com/pyasync/pyasync/compiler"
)

var binaryNames = [...]struct{ name, rname, iname, sym string }{
	compiler.OpAdd:      {"__add__", "__radd__", "__iadd__", "+"},
	compiler.OpSub:      {"__sub__", "__rsub__", "__isub__", "-"},
	compiler.OpMul:      {"__mul__", "__rmul__", "__imul__", "*"},
	compiler.OpMatMul:   {"__matmul__", "__rmatmul__", "__imatmul__", "@"},
	compiler.OpTrueDiv:  {"__truediv__", "__rtruediv__", "__itruediv__", "/"},
	compiler.OpFloorDiv: {"__floordiv__", "__rfloordiv__", "__ifloordiv__", "//"},
	compiler.OpMod:      {"__mod__", "__rmod__", "__imod__", "%"},
	compiler.OpPow:      {"__pow__", "__rpow__", "__ipow__", "**"},
	compiler.OpLShift:   {"__lshift__", "__rlshift__", "__ilshift__", "<<"},
	compiler.OpRShift:   {"__rshift__", "__rrshift__", "__irshift__", ">>"},
	compiler.OpOr:       {"__or__", "__ror__", "__ior__", "|"},
	compiler.OpXor:      {"__xor__", "__rxor__", "__ixor__", "^"},
	compiler.OpAnd:      {"__and__", "__rand__", "__iand__", "&"},
}

// BinaryOp applies a binary operator (op may be an in-place variant).
func (t *Thread) BinaryOp(op compiler.BinaryOp, a, b Value) (Value, error) {
	return t.binaryOp(op, a, b)
}

func (t *Thread) binaryOp(op compiler.BinaryOp, a, b Value) (Value, error) {
	inplace := op >= compiler.InplaceOffset
	if inplace {
		op -= compiler.InplaceOffset
	}
	if v, ok, err := numericBinary(op, a, b); ok {
		if op == compiler.OpAnd || op == compiler.OpOr || op == compiler.OpXor {
			if a.IsBool() && b.IsBool() {
				return Bool(v.n != 0), err
			}
		}
		return v, err
	}
	if op == compiler.OpAdd {
		if x, ok := a.o.(*StrObject); ok && x.subclass() == nil {
			if y, ok := b.o.(*StrObject); ok && y.subclass() == nil {
				if n := len(x.s) + len(y.s); n > 1<<12 {
					if err := t.vm.Charge(int64(n)); err != nil {
						return Value{}, err
					}
				}
				return strConcat(x, y), nil
			}
		}
	} else if op == compiler.OpMul {
		if err := seqRepeatError(a, b); err != nil {
			return Value{}, err
		}
	} else if op == compiler.OpMod {
		if r, ok, err := t.strPercent(a, b); ok {
			return r, err
		}
	}
	names := binaryNames[op]
	if inplace {
		if r, ok, err := t.callSpecial(a, names.iname, b); ok {
			if err != nil || !Is(r, NotImplemented) {
				return r, err
			}
		}
	}
	ta, tb := a.Type(), b.Type()
	triedReflected := false
	if ta != tb && ta.IsSubtype(tb) {
		// b's type is a subclass of a's: its reflected method goes first
		if rm, ok := tb.Lookup(names.rname); ok {
			if am, ok2 := ta.Lookup(names.rname); !ok2 || !Is(am, rm) {
				triedReflected = true
				r, err := t.callMethod(rm, b, []Value{a}, nil)
				if err != nil || !Is(r, NotImplemented) {
					return r, err
				}
			}
		}
	}
	if r, ok, err := t.callSpecial(a, names.name, b); ok {
		if err != nil || !Is(r, NotImplemented) {
			return r, err
		}
	}
	if ta != tb && !triedReflected {
		if r, ok, err := t.callSpecial(b, names.rname, a); ok {
			if err != nil || !Is(r, NotImplemented) {
				return r, err
			}
		}
	}
	if r, ok, err := t.sequenceOpFallback(op, inplace, a, b); ok {
		return r, err
	}
	sym := names.sym
	if inplace {
		sym += "="
	}
	if op == compiler.OpPow && inplace == false {
		return Value{}, Errorf(TypeError, "unsupported operand type(s) for ** or pow(): '%s' and '%s'", ta.Name, tb.Name)
	}
	if err := binaryOpError(op, a, b); err != nil {
		return Value{}, err
	}
	return Value{}, Errorf(TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", sym, ta.Name, tb.Name)
}

func (t *Thread) unaryOp(dunder, sym string, v Value) (Value, error) {
	switch v.o.(type) {
	case intMarker, boolMarker, *bigInt:
		if b, ok := v.o.(*bigInt); ok && b.cls != nil {
			break // an int subclass: its dunder method
		}
		x, _ := v.ToBig()
		switch sym {
		case "-":
			if s, ok := v.AsInt64(); ok && s != math.MinInt64 {
				return Int(-s), nil
			}
			return BigInt(new(bigIntT).Neg(x)), nil
		case "+":
			if s, ok := v.AsInt64(); ok {
				return Int(s), nil
			}
			return v, nil
		case "~":
			if s, ok := v.AsInt64(); ok {
				return Int(^s), nil
			}
			return BigInt(new(bigIntT).Not(x)), nil
		}
	case floatMarker:
		switch sym {
		case "-":
			return Float(-v.AsFloat()), nil
		case "+":
			return v, nil
		}
	}
	if r, ok, err := t.callSpecial(v, dunder); ok {
		return r, err
	}
	return Value{}, Errorf(TypeError, "bad operand type for unary %s: '%s'", sym, v.TypeName())
}

// Truth returns the truth value of v (bool(v)).
func (t *Thread) Truth(v Value) (bool, error) {
	switch o := v.o.(type) {
	case boolMarker, intMarker:
		return v.n != 0, nil
	case noneMarker:
		return false, nil
	case floatMarker:
		return v.AsFloat() != 0, nil
	case *StrObject:
		if o.subclass() == nil {
			return len(o.s) != 0, nil
		}
	case *List:
		if o.cls == nil {
			return o.Len() != 0, nil
		}
	case *Tuple:
		if o.cls == nil {
			return len(o.items) != 0, nil
		}
	case *Dict:
		if o.cls == nil {
			return o.used != 0, nil
		}
	case *bigInt:
		if o.cls == nil {
			return o.v.Sign() != 0, nil
		}
	case *Set:
		if o.cls == nil {
			return o.Len() != 0, nil
		}
	case *Bytes:
		return len(o.b) != 0, nil
	case *Range:
		if o.big != nil {
			return o.big.n.Sign() != 0, nil
		}
		return o.n != 0, nil
	case *Function, *Builtin, *Type, *Module, *BoundMethod:
		return true, nil
	case *Generator:
		if o.kind == genCoroutine && t.vm.coroDebug {
			return true, t.coroutineTruthWarning(o)
		}
		return true, nil
	}
	cls := v.Type()
	if m, ok := cls.Lookup("__bool__"); ok {
		r, err := t.callMethod(m, v, nil, nil)
		if err != nil {
			return false, err
		}
		if !r.IsBool() {
			return false, Errorf(TypeError, "__bool__ should return bool, returned %s", r.TypeName())
		}
		return r.n != 0, nil
	}
	if m, ok := cls.Lookup("__len__"); ok {
		r, err := t.callMethod(m, v, nil, nil)
		if err != nil {
			return false, err
		}
		n, err := t.lenResult(r)
		return n != 0, err
	}
	return true, nil
}

func (t *Thread) lenResult(r Value) (int, error) {
	n, ok := r.AsInt64()
	if !ok || r.IsBool() && false {
		if r.IsInt() {
			return 0, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
		}
		return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", r.TypeName())
	}
	if n < 0 {
		return 0, Errorf(ValueError, "__len__() should return >= 0")
	}
	return int(n), nil
}

// Len returns len(v).
func (t *Thread) Len(v Value) (int, error) {
	switch o := v.o.(type) {
	case *StrObject:
		if o.subclass() == nil {
			return o.Len(), nil
		}
	case *List:
		if o.cls == nil {
			return o.Len(), nil
		}
	case *Tuple:
		if o.cls == nil {
			return len(o.items), nil
		}
	case *Dict:
		if o.cls == nil {
			return o.used, nil
		}
	case *Set:
		if o.cls == nil {
			return o.Len(), nil
		}
	case *Bytes:
		return len(o.b), nil
	case *Range:
		if o.big != nil {
			if err := o.lenErr(); err != nil {
				return 0, err
			}
			return int(o.big.n.Int64()), nil
		}
		return int(o.n), nil
	}
	if m, ok := v.Type().Lookup("__len__"); ok {
		r, err := t.callMethod(m, v, nil, nil)
		if err != nil {
			return 0, err
		}
		return t.lenResult(r)
	}
	return 0, Errorf(TypeError, "object of type '%s' has no len()", v.TypeName())
}

// Hash returns hash(v).
func (t *Thread) Hash(v Value) (int64, error) {
	switch o := v.o.(type) {
	case *StrObject:
		if o.subclass() == nil {
			return o.hash(), nil
		}
	case intMarker, boolMarker:
		return intHash(v), nil
	case *bigInt:
		if o.cls == nil {
			return intHash(v), nil
		}
	case floatMarker:
		return floatHash(v.AsFloat()), nil
	case noneMarker:
		return 0xFCA86420, nil
	case *Tuple:
		if o.cls == nil {
			return t.tupleHash(o.items)
		}
	case *Set:
		if o.frozen && o.cls == nil {
			return o.frozenHash(), nil
		}
	case *Bytes:
		if !o.mutable {
			return strHash(string(o.b)), nil
		}
	case *Type, *Function, *Builtin, *Module, *Generator, *CodeObject, *BuiltinMethod:
		return identityHash(v), nil
	}
	cls := v.Type()
	m, ok := cls.Lookup("__hash__")
	if !ok || m.IsNone() {
		return 0, Errorf(TypeError, "unhashable type: '%s'", cls.Name)
	}
	if bm, ok := m.o.(*BuiltinMethod); ok && bm.owner == ObjectType {
		return identityHash(v), nil
	}
	r, err := t.callMethod(m, v, nil, nil)
	if err != nil {
		return 0, err
	}
	if !r.IsInt() && !r.IsBool() {
		return 0, Errorf(TypeError, "__hash__ method should return an integer")
	}
	// As CPython: a result that fits a machine word is the hash itself
	// (-1 becomes -2, -1 meaning an error there), so a __hash__ returning
	// hash(some_str) finds that str in a dict; a bigger int hashes as an int.
	if n, ok := r.AsInt64(); ok {
		if n == -1 {
			n = -2
		}
		return n, nil
	}
	return intHash(r), nil
}

// tupleHash is CPython's xxHash-based tuple hash.
func (t *Thread) tupleHash(items []Value) (int64, error) {
	const (
		prime1 uint64 = 11400714785074694791
		prime2 uint64 = 14029467366897019727
		prime5 uint64 = 2870177450012600261
	)
	acc := prime5
	if t != nil {
		if t.vm.brk.depth > t.vm.nativeLimit() {
			return 0, Errorf(RecursionError, "maximum recursion depth exceeded")
		}
		t.vm.brk.depth++
		defer func() { t.vm.brk.depth-- }()
	}
	for _, it := range items {
		h, err := t.Hash(it)
		if err != nil {
			return 0, err
		}
		acc += uint64(h) * prime2
		acc = acc<<31 | acc>>33
		acc *= prime1
	}
	acc += uint64(len(items)) ^ (prime5 ^ 3527539)
	if acc == math.MaxUint64 {
		return 1546275796, nil
	}
	return int64(acc), nil
}

// Equal reports a == b.
func (t *Thread) Equal(a, b Value) (bool, error) {
	if a.o == b.o && a.n == b.n {
		if a.IsFloat() && math.IsNaN(a.AsFloat()) {
			return false, nil
		}
		if _, ok := a.o.(floatMarker); ok || a.Object() == nil {
			return true, nil
		}
		// same object: identity implies equality for everything but NaN-like
		// user objects; CPython containers use identity first too.
		if _, ok := a.o.(*Instance); !ok {
			return true, nil
		}
	}
	if c, ok := compareNumbers(a, b); ok {
		return c == 0, nil
	}
	switch x := a.o.(type) {
	case *StrObject:
		if y, ok := b.o.(*StrObject); ok {
			return x.s == y.s, nil
		}
		if !b.isUserObject() {
			return false, nil
		}
	case noneMarker:
		return b.IsNone(), nil
	}
	r, err := t.RichCompare(a, b, compiler.CmpEQ)
	if err != nil {
		return false, err
	}
	return t.Truth(r)
}

var cmpNames = [...]string{"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"}
var cmpSwapped = [...]compiler.CompareOp{compiler.CmpGT, compiler.CmpGE, compiler.CmpEQ, compiler.CmpNE, compiler.CmpLT, compiler.CmpLE}
var cmpSyms = [...]string{"<", "<=", "==", "!=", ">", ">="}

// RichCompare evaluates a op b.
func (t *Thread) RichCompare(a, b Value, op compiler.CompareOp) (Value, error) {
	if c, ok := compareNumbers(a, b); ok {
		if c == 2 {
			return Bool(op == compiler.CmpNE), nil
		}
		return Bool(cmpResult(op, c)), nil
	}
	if x, ok := a.o.(*StrObject); ok && x.subclass() == nil {
		if y, ok := b.o.(*StrObject); ok && y.subclass() == nil {
			c := 0
			if x.s < y.s {
				c = -1
			} else if x.s > y.s {
				c = 1
			}
			return Bool(cmpResult(op, c)), nil
		}
	}
	if x, ok := a.o.(*Bytes); ok {
		if y, ok := b.o.(*Bytes); ok {
			// bytes and bytearray (no subclass: those are bytesSub), whose
			// comparisons cannot be redefined: what their methods do,
			// without the call
			return Bool(cmpResult(op, bytes.Compare(x.b, y.b))), nil
		}
	}
	if err := t.enterC(inComparison); err != nil {
		return Value{}, err
	}
	r, err := t.richCompareSlots(a, b, op)
	t.leaveC()
	return r, err
}

// richCompareSlots is RichCompare through the types' comparison methods
// (reflected first when b's type is a subclass of a's).
func (t *Thread) richCompareSlots(a, b Value, op compiler.CompareOp) (Value, error) {
	ta, tb := a.Type(), b.Type()
	trySwappedFirst := ta != tb && ta.IsSubtype(tb)
	if trySwappedFirst {
		if r, ok, err := t.callSpecial(b, cmpNames[cmpSwapped[op]], a); ok {
			if err != nil || !Is(r, NotImplemented) {
				return r, err
			}
		}
	}
	if r, ok, err := t.callSpecial(a, cmpNames[op], b); ok {
		if err != nil || !Is(r, NotImplemented) {
			return r, err
		}
	}
	if !trySwappedFirst {
		if r, ok, err := t.callSpecial(b, cmpNames[cmpSwapped[op]], a); ok {
			if err != nil || !Is(r, NotImplemented) {
				return r, err
			}
		}
	}
	switch op {
	case compiler.CmpEQ:
		return Bool(Is(a, b)), nil
	case compiler.CmpNE:
		return Bool(!Is(a, b)), nil
	}
	return Value{}, Errorf(TypeError, "'%s' not supported between instances of '%s' and '%s'", cmpSyms[op], ta.Name, tb.Name)
}

func cmpResult(op compiler.CompareOp, c int) bool {
	switch op {
	case compiler.CmpLT:
		return c < 0
	case compiler.CmpLE:
		return c <= 0
	case compiler.CmpEQ:
		return c == 0
	case compiler.CmpNE:
		return c != 0
	case compiler.CmpGT:
		return c > 0
	}
	return c >= 0
}

// Less reports a < b (for sorting, min, max).
func (t *Thread) Less(a, b Value) (bool, error) {
	if _, ok := a.o.(intMarker); ok {
		if _, ok := b.o.(intMarker); ok {
			return int64(a.n) < int64(b.n), nil
		}
	}
	r, err := t.RichCompare(a, b, compiler.CmpLT)
	if err != nil {
		return false, err
	}
	if r.IsBool() {
		return r.n != 0, nil
	}
	return t.Truth(r)
}

// Contains reports item in container.
func (t *Thread) Contains(container, item Value) (bool, error) {
	switch o := container.o.(type) {
	case *List:
		if o.cls == nil {
			for i := 0; i < o.Len(); i++ {
				if eq, err := t.identityOrEqual(o.At(i), item); err != nil || eq {
					return eq, err
				}
			}
			return false, nil
		}
	case *Tuple:
		if o.cls == nil {
			for _, x := range o.items {
				if eq, err := t.identityOrEqual(x, item); err != nil || eq {
					return eq, err
				}
			}
			return false, nil
		}
	case *Dict:
		if o.cls == nil {
			_, ok, err := o.Get(t, item)
			return ok, err
		}
	case *Set:
		if o.cls == nil {
			return o.Contains(t, item)
		}
	case *Range:
		return o.contains(t, item)
	case *StrObject:
		if o.subclass() == nil {
			return strContains(o, item)
		}
	case *Bytes:
		return t.bytesContains(o, item)
	}
	if m, ok := container.Type().Lookup("__contains__"); ok {
		r, err := t.callMethod(m, container, []Value{item}, nil)
		if err != nil {
			return false, err
		}
		return t.Truth(r)
	}
	it, err := t.Iter(container)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(TypeError) {
			return false, Errorf(TypeError, "argument of type '%s' is not iterable", container.TypeName())
		}
		return false, err
	}
	for {
		x, ok, err := t.Next(it)
		if err != nil || !ok {
			return false, err
		}
		if eq, err := t.identityOrEqual(x, item); err != nil || eq {
			return eq, err
		}
	}
}

func (t *Thread) identityOrEqual(a, b Value) (bool, error) {
	if Is(a, b) {
		return true, nil
	}
	return t.Equal(a, b)
}

// Iter returns iter(v).
func (t *Thread) Iter(v Value) (Value, error) {
	switch o := v.o.(type) {
	case *List:
		if o.cls == nil {
			return Value{o: &listIterator{list: o}}, nil
		}
	case *Tuple:
		if o.cls == nil {
			return Value{o: &seqIterator{items: o.items, typ: TupleIteratorType}}, nil
		}
	case *Range:
		if o.big != nil {
			return o.big.iter(), nil
		}
		return Value{o: &rangeIterator{next: o.start, step: o.step, remaining: o.n}}, nil
	case *Generator:
		if o.kind != genAsyncGen {
			return v, nil
		}
	case *StrObject:
		if o.subclass() == nil {
			return newStrIterator(o), nil
		}
	case *Bytes:
		return Value{o: &bytesIterator{b: o}}, nil
	case *goIterator, *listIterator, *rangeIterator, *seqIterator, *strIterator, *bytesIterator:
		return v, nil
	case nativeIterator:
		if v.Type().flags&flagUserClass == 0 {
			return v, nil
		}
		// a subclass (of enumerate, zip ...) may define __iter__
	case nativeIterable:
		if it, ok := o.nativeIter(); ok {
			return it, nil
		}
	}
	cls := v.Type()
	if m, ok := cls.Lookup("__iter__"); ok && !m.IsNone() {
		r, err := t.callMethod(m, v, nil, nil)
		if err != nil {
			return Value{}, err
		}
		if _, ok := r.Type().Lookup("__next__"); !ok {
			return Value{}, Errorf(TypeError, "iter() returned non-iterator of type '%s'", r.TypeName())
		}
		return r, nil
	}
	if gi, ok := cls.Lookup("__getitem__"); ok && !gi.IsNone() {
		i := int64(0)
		return NewIterator(func() (Value, bool, error) {
			r, err := t.callMethod(gi, v, []Value{Int(i)}, nil)
			if err != nil {
				if e, ok := err.(*Exception); ok && (e.IsInstance(IndexError) || e.IsInstance(StopIteration)) {
					return Value{}, false, nil
				}
				return Value{}, false, err
			}
			i++
			return r, true, nil
		}), nil
	}
	return Value{}, Errorf(TypeError, "'%s' object is not iterable", cls.Name)
}

func isIterable(v Value) bool {
	switch v.o.(type) {
	case *List, *Tuple, *Range, *Generator, *goIterator, *StrObject, *Dict, *Set, *Bytes:
		return true
	}
	_, ok := v.Type().Lookup("__iter__")
	if !ok {
		_, ok = v.Type().Lookup("__getitem__")
	}
	return ok
}

// Next advances iterator it: (value, true, nil), or (_, false, nil) when it
// is exhausted.
func (t *Thread) Next(it Value) (Value, bool, error) {
	// a tick of the eval breaker for the builtins that consume iterators
	if t != nil {
		if t.vm.brk.ticks--; t.vm.brk.ticks < 0 {
			if err := t.vm.breakerSlow(t); err != nil {
				return Value{}, false, err
			}
		}
	}
	switch o := it.o.(type) {
	case *listIterator:
		if o.list != nil && o.i < o.list.Len() {
			o.i++
			return o.list.At(o.i - 1), true, nil
		}
		o.list = nil
		return Value{}, false, nil
	case *rangeIterator:
		if o.remaining > 0 {
			v := o.next
			o.next += o.step
			o.remaining--
			return Int(v), true, nil
		}
		return Value{}, false, nil
	case *seqIterator:
		if o.i < len(o.items) {
			o.i++
			return o.items[o.i-1], true, nil
		}
		return Value{}, false, nil
	case *goIterator:
		return o.next()
	case nativeIterator:
		if it.Type().flags&flagUserClass == 0 {
			return o.next(t)
		}
		// a subclass (of enumerate, zip ...) may define __next__
	case Iterator:
		return o.NextValue(t)
	case *strIterator:
		v, ok := o.next()
		return v, ok, nil
	case *bytesIterator:
		v, ok := o.next()
		return v, ok, nil
	case *Generator:
		if o.kind == genGenerator {
			if o.finished {
				return Value{}, false, nil
			}
			r, yielded, err := t.Resume(o, None, nil)
			if err != nil || !yielded {
				return Value{}, false, err
			}
			return r, true, nil
		}
	}
	m, ok := it.Type().Lookup("__next__")
	if !ok {
		return Value{}, false, Errorf(TypeError, "'%s' object is not an iterator", it.TypeName())
	}
	r, err := t.callMethod(m, it, nil, nil)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(StopIteration) {
			return Value{}, false, nil
		}
		return Value{}, false, err
	}
	return r, true, nil
}

// ForEach calls fn for each item of iterable v.
func (t *Thread) ForEach(v Value, fn func(Value) error) error {
	switch o := v.o.(type) {
	case *List:
		if o.cls == nil {
			for i := 0; i < o.Len(); i++ {
				if err := t.Check(); err != nil {
					return err
				}
				if err := fn(o.At(i)); err != nil {
					return err
				}
			}
			return nil
		}
	case *Tuple:
		for _, x := range o.items {
			if err := t.Check(); err != nil {
				return err
			}
			if err := fn(x); err != nil {
				return err
			}
		}
		return nil
	}
	it, err := t.Iter(v)
	if err != nil {
		return err
	}
	for {
		x, ok, err := t.Next(it)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := fn(x); err != nil {
			return err
		}
	}
}

// ToSlice collects the items of an iterable into a new slice.
// Large copies and growth are charged (VM.Charge) before they are made.
func (t *Thread) ToSlice(v Value) ([]Value, error) {
	switch o := v.o.(type) {
	case *List:
		if err := t.chargeSlice(o.Len()); err != nil {
			return nil, err
		}
		if o.kind != listValues {
			return o.snapshot(), nil
		}
		return append([]Value(nil), o.vals...), nil
	case *Tuple:
		if err := t.chargeSlice(len(o.items)); err != nil {
			return nil, err
		}
		return append([]Value(nil), o.items...), nil
	case *Range:
		if err := o.lenErr(); err != nil {
			return nil, err // as CPython's length hint
		}
		if err := t.chargeSlice(int(min(o.n, 1<<56))); err != nil {
			return nil, err
		}
		out := make([]Value, 0, min(o.n, rangePrealloc))
		for i := int64(0); i < o.n; i++ {
			if err := t.Check(); err != nil {
				return nil, err
			}
			out = append(out, Int(o.item(i)))
		}
		return out, nil
	}
	var out []Value
	err := t.ForEach(v, func(x Value) error {
		if len(out) == cap(out) && len(out) >= 1<<10 {
			if err := t.chargeSlice(len(out) + len(out)/4); err != nil {
				return err
			}
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

func (t *Thread) extendList(l *List, it Value) error {
	switch o := it.o.(type) {
	case *List:
		if err := t.chargeGrow(l, o.Len()); err != nil {
			return err
		}
		l.appendList(o)
		return nil
	case *Tuple:
		if err := t.chargeGrow(l, len(o.items)); err != nil {
			return err
		}
		l.vals = append(l.Items(), o.items...)
		return nil
	case *Range:
		if err := o.lenErr(); err != nil {
			return err // as CPython's length hint
		}
		return t.listExtend(l, it)
	}
	return t.ForEach(it, func(x Value) error {
		if l.Len() == l.Cap() {
			if err := t.chargeGrow(l, 1); err != nil {
				return err
			}
		}
		l.Append(x)
		return nil
	})
}

// chargeSlice charges a new slice of n values when it is large.
func (t *Thread) chargeSlice(n int) error {
	if n < 1<<10 || t == nil {
		return nil
	}
	return t.vm.ChargeItems(int64(n), valueSize)
}

// unpackIterable collects exactly n items (after < 0), or at least
// before+after items for starred assignment.
func (t *Thread) unpackIterable(seq Value, before, after int) ([]Value, error) {
	it, err := t.Iter(seq)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(TypeError) {
			return nil, Errorf(TypeError, "cannot unpack non-iterable %s object", seq.TypeName())
		}
		return nil, err
	}
	var items []Value
	for {
		x, ok, err := t.Next(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		items = append(items, x)
		if after < 0 && len(items) > before {
			return nil, Errorf(ValueError, "too many values to unpack (expected %d)", before)
		}
	}
	if after < 0 {
		if len(items) < before {
			return nil, Errorf(ValueError, "not enough values to unpack (expected %d, got %d)", before, len(items))
		}
		return items, nil
	}
	if len(items) < before+after {
		return nil, Errorf(ValueError, "not enough values to unpack (expected at least %d, got %d)", before+after, len(items))
	}
	return items, nil
}

// dictUpdate merges a mapping (or iterable of pairs when !strict) into d.
// strict (for **kwargs) rejects duplicate keys and non-string keys.
func (t *Thread) dictUpdate(d *Dict, src Value, strict bool, fn Value) error {
	add := func(k, v Value) error {
		if strict {
			ks, ok := k.AsStr()
			if !ok {
				return Errorf(TypeError, "keywords must be strings")
			}
			if _, exists := d.GetStr(ks); exists {
				return Errorf(TypeError, "%s got multiple values for keyword argument '%s'", funcDisplayName(fn), ks)
			}
		}
		return d.Set(t, k, v)
	}
	if sd, ok := src.o.(*Dict); ok && (sd.cls == nil || strict || !hasUserMethod(sd.cls, "__iter__")) {
		if !strict {
			return t.dictMerge(d, src)
		}
		var err error
		sd.Items(func(k, v Value) bool {
			err = add(k, v)
			return err == nil
		})
		return err
	}
	keysFn, err := t.GetAttr(src, "keys")
	if err != nil {
		if strict {
			return Errorf(TypeError, "%s argument after ** must be a mapping, not %s", funcDisplayName(fn), src.TypeName())
		}
		return err
	}
	keys, err := t.Call(keysFn, nil, nil)
	if err != nil {
		return err
	}
	return t.ForEach(keys, func(k Value) error {
		v, err := t.GetItem(src, k)
		if err != nil {
			return err
		}
		return add(k, v)
	})
}

func funcDisplayName(fn Value) string {
	switch f := fn.o.(type) {
	case *Function:
		if m, ok := f.module.AsStr(); ok && m != "builtins" {
			return m + "." + f.qualname + "()"
		}
		return f.qualname + "()"
	case *Builtin:
		return f.name + "()"
	case *BoundMethod:
		return funcDisplayName(f.fn)
	case *Type:
		return f.Name + "()"
	}
	return "function"
}

// makeException turns the operand of raise into an exception instance.
func (t *Thread) makeException(v Value) (*Exception, error) {
	switch o := v.o.(type) {
	case *Exception:
		return o, nil
	case *Type:
		if BaseException.IsSubtype(o) {
			r, err := t.Call(v, nil, nil)
			if err != nil {
				return nil, err
			}
			if e, ok := r.o.(*Exception); ok {
				return e, nil
			}
			cr, _ := t.Repr(v)
			tr, _ := t.Repr(Value{o: r.Type()})
			return nil, Errorf(TypeError, "calling %s should have returned an instance of BaseException, not %s", cr, tr)
		}
	}
	return nil, Errorf(TypeError, "exceptions must derive from BaseException")
}

// exceptionMatches implements "except T" matching (T a class or tuple).
func (t *Thread) exceptionMatches(exc *Exception, typ Value) (bool, error) {
	if isAbortExc(exc) {
		return false, nil // an aborted run cannot be caught (breaker.go)
	}
	switch o := typ.o.(type) {
	case *Type:
		if !BaseException.IsSubtype(o) {
			return false, Errorf(TypeError, "catching classes that do not inherit from BaseException is not allowed")
		}
		return o.IsSubtype(exc.cls), nil
	case *Tuple:
		for _, x := range o.items {
			ok, err := t.exceptionMatches(exc, x)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, Errorf(TypeError, "catching classes that do not inherit from BaseException is not allowed")
}

// beforeWith implements BEFORE_WITH: returns the bound __exit__ and the
// result of __enter__.
func (t *Thread) beforeWith(mgr Value) (Value, Value, error) {
	cls := mgr.Type()
	enter, ok := cls.Lookup("__enter__")
	if !ok {
		return Value{}, Value{}, Errorf(TypeError, "'%s' object does not support the context manager protocol", cls.Name)
	}
	exit, ok := cls.Lookup("__exit__")
	if !ok {
		return Value{}, Value{}, Errorf(TypeError, "'%s' object does not support the context manager protocol (missed __exit__ method)", cls.Name)
	}
	boundExit, err := t.bindAttr(exit, mgr)
	if err != nil {
		return Value{}, Value{}, err
	}
	res, err := t.callMethod(enter, mgr, nil, nil)
	if err != nil {
		return Value{}, Value{}, err
	}
	return boundExit, res, nil
}

func (t *Thread) beforeAsyncWith(mgr Value) (Value, Value, error) {
	cls := mgr.Type()
	enter, ok := cls.Lookup("__aenter__")
	if !ok {
		return Value{}, Value{}, Errorf(TypeError, "'%s' object does not support the asynchronous context manager protocol", cls.Name)
	}
	exit, ok := cls.Lookup("__aexit__")
	if !ok {
		return Value{}, Value{}, Errorf(TypeError, "'%s' object does not support the asynchronous context manager protocol (missed __aexit__ method)", cls.Name)
	}
	boundExit, err := t.bindAttr(exit, mgr)
	if err != nil {
		return Value{}, Value{}, err
	}
	res, err := t.callMethod(enter, mgr, nil, nil)
	if err != nil {
		return Value{}, Value{}, err
	}
	return boundExit, res, nil
}

// getAwaitable implements GET_AWAITABLE.
func (t *Thread) getAwaitable(v Value, where int) (Value, error) {
	if g, ok := v.o.(*Generator); ok && g.kind == genCoroutine {
		if g.running || (g.started && !g.finished && g.frame.flags&flagDelegated != 0) {
			return Value{}, Errorf(RuntimeError, "coroutine is being awaited already")
		}
		g.awaited = true
		return v, nil
	}
	if g, ok := v.o.(*Generator); ok && g.kind == genGenerator && g.frame.code.Flags&compiler.FlagIterableCoroutine != 0 {
		// a generator-based coroutine (types.coroutine)
		return v, nil
	}
	if f := futureOf(v); f != nil && f.class() == nil {
		return Value{o: &futureIter{f: f}}, nil
	}
	if _, ok := v.o.(AwaitStepper); ok {
		return v, nil
	}
	m, ok := v.Type().Lookup("__await__")
	if !ok {
		switch where {
		case 1:
			return Value{}, Errorf(TypeError, "'async with' received an object from __aenter__ that does not implement __await__: %s", v.TypeName())
		case 2:
			return Value{}, Errorf(TypeError, "'async with' received an object from __aexit__ that does not implement __await__: %s", v.TypeName())
		}
		return Value{}, Errorf(TypeError, "object %s can't be used in 'await' expression", v.TypeName())
	}
	r, err := t.callMethod(m, v, nil, nil)
	if err != nil {
		return Value{}, err
	}
	if g, ok := r.o.(*Generator); ok && g.kind == genCoroutine {
		return Value{}, Errorf(TypeError, "__await__() returned a coroutine")
	}
	if w, ok := r.o.(*coroutineWrapper); ok {
		// "return coro.__await__()": delegate to the coroutine itself
		return Value{o: w.g}, nil
	}
	if _, ok := r.Type().Lookup("__next__"); !ok {
		if _, isGen := r.o.(*Generator); !isGen {
			if _, isIt := r.o.(*goIterator); !isIt {
				return Value{}, Errorf(TypeError, "__await__() returned non-iterator of type '%s'", r.TypeName())
			}
		}
	}
	return r, nil
}

func (t *Thread) getAIter(v Value) (Value, error) {
	m, ok := v.Type().Lookup("__aiter__")
	if !ok {
		return Value{}, Errorf(TypeError, "'async for' requires an object with __aiter__ method, got %s", v.TypeName())
	}
	r, err := t.callMethod(m, v, nil, nil)
	if err != nil {
		return Value{}, err
	}
	if _, ok := r.Type().Lookup("__anext__"); !ok {
		return Value{}, Errorf(TypeError, "'async for' received an object from __aiter__ that does not implement __anext__: %s", r.TypeName())
	}
	return r, nil
}

func (t *Thread) getANext(v Value) (Value, error) {
	if g, ok := v.o.(*Generator); ok && g.kind == genAsyncGen {
		// SEND steps the generator itself (agenPushStep)
		return v, nil
	}
	m, ok := v.Type().Lookup("__anext__")
	if !ok {
		return Value{}, Errorf(TypeError, "'async for' requires an iterator with __anext__ method, got %s", v.TypeName())
	}
	r, err := t.callMethod(m, v, nil, nil)
	if err != nil {
		return Value{}, err
	}
	aw, err := t.getAwaitable(r, 0)
	if err != nil {
		return Value{}, Errorf(TypeError, "'async for' received an invalid object from __anext__: %s", r.TypeName())
	}
	return aw, nil
}

// identityHash hashes an object by identity.
func identityHash(v Value) int64 {
	return int64(objectID(v) >> 4)
}
