package vm

import (
	"math"
	"math/big"
)

// Value is a pyasync value. Small ints (int64), floats, bools and None are
// stored inline and never allocate; everything else is a heap Object.
//
// The zero Value is "no value": it marks unbound local slots and is never
// visible to scripts.
type Value struct {
	o Object
	n uint64
}

// Object is implemented by every heap-allocated value (and by the markers of
// the inline kinds).
type Object interface {
	// Type returns the object's class.
	Type() *Type
}

// The markers stored in Value.o for the inline kinds. They are zero-sized, so
// storing them in an interface allocates nothing, and checking for one is a
// single pointer comparison.
type (
	intMarker   struct{}
	floatMarker struct{}
	boolMarker  struct{}
	noneMarker  struct{}
)

func (intMarker) Type() *Type   { return IntType }
func (floatMarker) Type() *Type { return FloatType }
func (boolMarker) Type() *Type  { return BoolType }
func (noneMarker) Type() *Type  { return NoneType }

// Singletons.
var (
	None  = Value{o: noneMarker{}}
	True  = Value{o: boolMarker{}, n: 1}
	False = Value{o: boolMarker{}, n: 0}
	// NotImplemented is returned by binary dunder methods that do not handle
	// their operand.
	NotImplemented = Value{o: &notImplementedObject{}}
	// Ellipsis is "...".
	Ellipsis = Value{o: &ellipsisObject{}}
)

type notImplementedObject struct{}

func (*notImplementedObject) Type() *Type { return NotImplementedType }

type ellipsisObject struct{}

func (*ellipsisObject) Type() *Type { return EllipsisType }

// Int returns the int value n.
func Int(n int64) Value { return Value{o: intMarker{}, n: uint64(n)} }

// Float returns the float value f.
func Float(f float64) Value { return Value{o: floatMarker{}, n: math.Float64bits(f)} }

// Bool returns True or False.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// ObjectValue wraps a heap object as a Value.
func ObjectValue(o Object) Value { return Value{o: o} }

// BigInt returns the int value x, normalised to the inline form when it fits
// in an int64. x must not be modified afterwards.
func BigInt(x *big.Int) Value {
	if x.IsInt64() {
		return Int(x.Int64())
	}
	return Value{o: &bigInt{v: x}}
}

// IsValid reports whether v holds a value (it is not the zero Value).
func (v Value) IsValid() bool { return v.o != nil }

// IsNone reports whether v is None.
func (v Value) IsNone() bool { _, ok := v.o.(noneMarker); return ok }

// IsSmallInt reports whether v is an int stored inline.
func (v Value) IsSmallInt() bool { _, ok := v.o.(intMarker); return ok }

// IsFloat reports whether v is a float.
func (v Value) IsFloat() bool { _, ok := v.o.(floatMarker); return ok }

// IsBool reports whether v is True or False.
func (v Value) IsBool() bool { _, ok := v.o.(boolMarker); return ok }

// SmallInt returns the int64 of an inline int (v.IsSmallInt() must hold).
func (v Value) SmallInt() int64 { return int64(v.n) }

// AsFloat returns the float64 of a float (v.IsFloat() must hold).
func (v Value) AsFloat() float64 { return math.Float64frombits(v.n) }

// Object returns the heap object of v, or nil for inline kinds.
func (v Value) Object() Object {
	switch v.o.(type) {
	case intMarker, floatMarker, boolMarker, noneMarker:
		return nil
	}
	return v.o
}

// Type returns v's class.
func (v Value) Type() *Type {
	if v.o == nil {
		return NoneType
	}
	return v.o.Type()
}

// TypeName returns the name of v's class, as used in error messages.
func (v Value) TypeName() string { return v.Type().Name }

// Is reports Python identity (the "is" operator).
func Is(a, b Value) bool {
	switch a.o.(type) {
	case intMarker, floatMarker, boolMarker, noneMarker:
		return a.o == b.o && a.n == b.n
	}
	return a.o == b.o
}

// AsInt64 returns v as an int64 if it is an int (or bool) that fits.
func (v Value) AsInt64() (int64, bool) {
	switch o := v.o.(type) {
	case intMarker, boolMarker:
		return int64(v.n), true
	case *bigInt:
		if o.v.IsInt64() {
			return o.v.Int64(), true
		}
	}
	return 0, false
}

// IsInt reports whether v is an int (inline or big), not counting bools.
func (v Value) IsInt() bool {
	switch v.o.(type) {
	case intMarker, *bigInt:
		return true
	}
	return false
}

// Str returns a new str value.
func Str(s string) Value { return Value{o: newStr(s)} }

// AsStr returns v's Go string if v is a str.
func (v Value) AsStr() (string, bool) {
	if s, ok := v.o.(*StrObject); ok {
		return s.s, true
	}
	return "", false
}
