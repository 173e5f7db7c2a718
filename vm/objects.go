package vm

import (
	"math/big"
)

// List is a list.
type List struct {
	// The elements are stored by one of the strategies of list_strategy.go:
	// vals when kind is listValues, strs for listStrs, otherwise nums (the
	// payloads of inline ints or floats, pointer-free).
	vals []Value
	nums []uint64
	// strs is behind a pointer so that a List stays in the 80-byte size
	// class.
	strs *strItems
	kind listKind
	cls  *Type // a list subclass, or nil
	dict *Dict // attributes of subclass instances
}

// Type implements Object.
func (l *List) Type() *Type {
	if l.cls != nil {
		return l.cls
	}
	return ListType
}

// NewList returns a list holding items (not copied).
func NewList(items []Value) Value { return Value{o: &List{vals: items}} }

// Tuple is a tuple.
type Tuple struct {
	items []Value
	cls   *Type
	dict  *Dict
}

// Type implements Object.
func (t *Tuple) Type() *Type {
	if t.cls != nil {
		return t.cls
	}
	return TupleType
}

// Items returns the tuple's elements (do not modify).
func (t *Tuple) Items() []Value { return t.items }

var emptyTuple = Value{o: &Tuple{}}

// NewTuple returns a tuple holding items (not copied).
func NewTuple(items []Value) Value {
	if len(items) == 0 {
		return emptyTuple
	}
	return Value{o: &Tuple{items: items}}
}

// Tuple2 returns the pair (a, b).
func Tuple2(a, b Value) Value { return Value{o: &Tuple{items: []Value{a, b}}} }

// Bytes is a bytes or bytearray object.
type Bytes struct {
	b       []byte
	mutable bool // bytearray
	// exports records the memoryviews that may still use a bytearray's
	// memory (memoryview.go): it cannot be resized while they live.
	exports Exports
}

// Type implements Object.
func (b *Bytes) Type() *Type {
	if b.mutable {
		return ByteArrayType
	}
	return BytesType
}

// NewBytes returns a bytes value holding b (not copied).
func NewBytes(b []byte) Value { return Value{o: &Bytes{b: b}} }

// AsBytes returns the content of a bytes or bytearray value.
func (v Value) AsBytes() ([]byte, bool) {
	if b, ok := v.o.(*Bytes); ok {
		return b.b, true
	}
	return nil, false
}

// Slice is a slice object (start:stop:step).
type Slice struct {
	Start, Stop, Step Value
}

// Type implements Object.
func (*Slice) Type() *Type { return SliceType }

// Range is a range object.
type Range struct {
	start, stop, step int64
	n                 int64
	// big is set (and the fields above are unused) for a range whose
	// bounds or length do not fit in an int64 (range_big.go).
	big *rangeBig
}

// Type implements Object.
func (*Range) Type() *Type { return RangeType }

// bigInt is an int that does not fit in an int64.
type bigInt struct {
	v    *big.Int
	cls  *Type
	dict *Dict // attributes of int subclass instances
}

// Type implements Object.
func (b *bigInt) Type() *Type {
	if b.cls != nil {
		return b.cls
	}
	return IntType
}

// ToBig returns v (an int or bool) as a big.Int; the result may be shared, do
// not modify it.
func (v Value) ToBig() (*big.Int, bool) {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		return big.NewInt(int64(v.n)), true
	case *bigInt:
		return o.v, true
	}
	return nil, false
}

// rangeIterator iterates a range of int64s.
type rangeIterator struct {
	next, step int64
	remaining  int64
}

// Type implements Object.
func (*rangeIterator) Type() *Type { return RangeIteratorType }

// listIterator iterates a list (seeing appends made during iteration).
type listIterator struct {
	list *List
	i    int
}

// Type implements Object.
func (*listIterator) Type() *Type { return ListIteratorType }

// seqIterator iterates a fixed slice of values (tuple items, string chars).
type seqIterator struct {
	items []Value
	i     int
	typ   *Type
}

// Type implements Object.
func (s *seqIterator) Type() *Type { return s.typ }

// goIterator adapts a Go function to the iterator protocol.
type goIterator struct {
	next func() (Value, bool, error)
	typ  *Type
}

// Type implements Object.
func (g *goIterator) Type() *Type { return g.typ }

// NewIterator returns an iterator object driven by next, which reports
// (value, true, nil) for each item and (_, false, nil) at the end.
func NewIterator(next func() (Value, bool, error)) Value {
	return Value{o: &goIterator{next: next, typ: IteratorType}}
}

// Module is a module object.
type Module struct {
	Name     string
	Dict     *Dict
	file     string
	package_ bool
	// made marks a module made by types.ModuleType(name) (no loader:
	// its repr is "<module 'name'>")
	made bool
	// lazy makes the rest of the module's names on first need (SetLazy).
	lazy func(t *Thread) error
}

// Type implements Object.
func (*Module) Type() *Type { return ModuleType }

// NewModule returns an empty module with __name__ set.
func NewModule(name string) *Module {
	m := &Module{Name: name, Dict: NewDict()}
	m.Dict.SetStr("__name__", Str(name))
	m.Dict.SetStr("__doc__", None)
	return m
}

// Set binds a module attribute.
func (m *Module) Set(name string, v Value) { m.Dict.SetStr(name, v) }

// SetLazy gives m names made only when needed: fn runs once, on the
// module's thread of the moment, the first time an attribute lookup does
// not find a name in m's dict, or when the whole namespace is seen or
// changed (__dict__, vars(), dir(), from m import *, setting or deleting an
// attribute). Go code reading m.Dict directly does not run it. A module
// part that costs start-up time and few programs use (asyncio's
// networking) is loaded this way.
func (m *Module) SetLazy(fn func(t *Thread) error) { m.lazy = fn }

// complete runs m's lazy part if it has not run yet (see SetLazy).
func (m *Module) complete(t *Thread) error {
	fn := m.lazy
	if fn == nil {
		return nil
	}
	m.lazy = nil
	return fn(t)
}

// SetFunc binds a Go function as a module attribute.
func (m *Module) SetFunc(name string, fn BuiltinFunc) {
	m.Dict.SetStr(name, Value{o: &Builtin{name: name, fn: fn, module: m.Name}})
}

// Func returns a Go function as a function of the module (its __module__
// and docstring key name the module) without binding it, for functions
// bound under more than one name.
func (m *Module) Func(name string, fn BuiltinFunc) Value {
	return Value{o: &Builtin{name: name, fn: fn, module: m.Name}}
}

// Get returns a module attribute.
func (m *Module) Get(name string) (Value, bool) { return m.Dict.GetStr(name) }

// Instance is an instance of a user class (with object as its layout base).
type Instance struct {
	cls *Type
	// Attributes are kept by shape (shape.go: names in shape, values in
	// vals) until something needs the dict, then in dict for good.
	dict  *Dict
	shape *shape
	vals  []Value
	slots []Value
}

// Type implements Object.
func (i *Instance) Type() *Type { return i.cls }

// Dict returns the instance's __dict__ (nil for __slots__ classes),
// materialising it from the instance's shape.
func (i *Instance) Dict() *Dict {
	if i.dict == nil && i.cls.slots == nil {
		return i.materialize()
	}
	return i.dict
}

func (v Value) isUserObject() bool {
	switch v.o.(type) {
	case *Instance:
		return true
	case *StrObject, intMarker, floatMarker, boolMarker, noneMarker:
		return false
	}
	return v.o != nil && v.o.Type().flags&flagUserClass != 0
}
