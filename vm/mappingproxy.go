package vm

import "github.com/pyasync/pyasync/compiler"

// mappingproxy (types.MappingProxyType): a read-only view of a mapping. A
// class's __dict__ is one over the class's own namespace, so every write to
// a class goes through setattr (which keeps the attribute caches valid);
// the view reflects later changes of the mapping.

// MappingProxyType is the type of read-only mapping views.
var MappingProxyType = newBuiltinType("mappingproxy", ObjectType)

// MappingProxy is a read-only view of a mapping.
type MappingProxy struct{ m Value }

// Type implements Object.
func (*MappingProxy) Type() *Type { return MappingProxyType }

// NewMappingProxy returns a read-only view of d.
func NewMappingProxy(d *Dict) Value { return Value{o: &MappingProxy{m: Value{o: d}}} }

// isMapping is CPython's check of mappingproxy's argument: a type with
// __getitem__ that is not a list or tuple.
func isMapping(v Value) bool {
	switch v.o.(type) {
	case *List, *Tuple:
		return false
	}
	_, ok := v.Type().Lookup("__getitem__")
	return ok
}

func init() {
	P := MappingProxyType
	P.final = true
	inner := func(v Value) Value { return v.o.(*MappingProxy).m }
	P.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		var m Value
		if err := argsKw("mappingproxy", args[1:], kw, 1, []string{"mapping"}, &m); err != nil {
			return Value{}, err
		}
		if !isMapping(m) {
			return Value{}, Errorf(TypeError, "mappingproxy() argument must be a mapping, not %s", m.TypeName())
		}
		return Value{o: &MappingProxy{m: m}}, nil
	})
	// methods called on the mapping by name
	for _, name := range []string{"keys", "values", "items", "copy"} {
		name := name
		P.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := argsNone("mappingproxy", name, args, kw); err != nil {
				return Value{}, err
			}
			return t.CallMethod(inner(self), name)
		})
	}
	P.NewMethod("get", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsPos("mappingproxy", "get", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		return t.CallMethod(inner(self), "get", args...)
	})
	P.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("mappingproxy", "__getitem__", args, kw); err != nil {
			return Value{}, err
		}
		return t.GetItem(inner(self), args[0])
	})
	P.NewMethod("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsOne("mappingproxy", "__contains__", args, kw); err != nil {
			return Value{}, err
		}
		ok, err := t.Contains(inner(self), args[0])
		return Bool(ok), err
	})
	P.NewMethod("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		n, err := t.Len(inner(self))
		return Int(int64(n)), err
	})
	P.NewMethod("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.Iter(inner(self))
	})
	P.NewMethod("__reversed__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.Reversed(inner(self))
	})
	P.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		r, err := t.Repr(inner(self))
		if err != nil {
			return Value{}, err
		}
		return Str("mappingproxy(" + r + ")"), nil
	})
	P.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.StrValue(inner(self))
	})
	checkArity(P, aritySlot0, "__len__", "__iter__", "__repr__", "__str__")
	// | gives a new mapping (the wrapped one's |); |= is refused
	P.NewMethod("__or__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		other := args[0]
		if p, ok := other.o.(*MappingProxy); ok {
			other = p.m
		}
		return t.BinaryOp(compiler.OpOr, inner(self), other)
	})
	P.NewMethod("__ror__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.BinaryOp(compiler.OpOr, args[0], inner(self))
	})
	P.NewMethod("__ior__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{}, Errorf(TypeError, "'|=' is not supported by mappingproxy; use '|' instead")
	})
	// comparisons are the wrapped mapping's
	for name, op := range map[string]compiler.CompareOp{
		"__eq__": compiler.CmpEQ, "__ne__": compiler.CmpNE, "__lt__": compiler.CmpLT,
		"__le__": compiler.CmpLE, "__gt__": compiler.CmpGT, "__ge__": compiler.CmpGE,
	} {
		op := op
		P.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return t.RichCompare(inner(self), args[0], op)
		})
	}
	P.Dict.SetStr("__hash__", None)
	P.NewClassMethod("__class_getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Value{o: &GenericAlias{origin: self, args: args[0]}}, nil
	})
}
