package vm

import "strings"

// types.UnionType: what `int | str` makes (PEP 604). Its arguments are
// flattened, deduplicated and None becomes NoneType, as in CPython; it
// works with isinstance/issubclass and prints as "int | str".

// UnionType is the type of X | Y unions of types.
var UnionType = newBuiltinType("UnionType", ObjectType)

// Union is an `X | Y` union.
type Union struct{ args []Value }

// Type implements Object.
func (*Union) Type() *Type { return UnionType }

// unionable reports whether v may be an operand of type.__or__.
func unionable(v Value) bool {
	switch v.o.(type) {
	case *Type, *GenericAlias, *Union:
		return true
	}
	return v.IsNone()
}

// makeUnion returns a | b (NotImplemented for operands that are not types).
func makeUnion(a, b Value) Value {
	if !unionable(a) || !unionable(b) {
		return NotImplemented
	}
	var args []Value
	add := func(v Value) {
		if u, ok := v.o.(*Union); ok {
			for _, x := range u.args {
				addUnique(&args, x)
			}
			return
		}
		if v.IsNone() {
			v = Value{o: NoneType}
		}
		addUnique(&args, v)
	}
	add(a)
	add(b)
	if len(args) == 1 {
		return args[0]
	}
	return Value{o: &Union{args: args}}
}

func addUnique(args *[]Value, v Value) {
	for _, x := range *args {
		if Is(x, v) {
			return
		}
		if ga, ok := x.o.(*GenericAlias); ok {
			if gb, ok := v.o.(*GenericAlias); ok && Is(ga.origin, gb.origin) && Is(ga.args, gb.args) {
				return
			}
		}
	}
	*args = append(*args, v)
}

// typeReprShort is typing's _type_repr: classes by (qualified) name.
func (t *Thread) typeReprShort(v Value) string {
	if c, ok := v.o.(*Type); ok {
		if c == NoneType {
			return "None"
		}
		if c.Module == "builtins" || c.Module == "" {
			return c.QualName
		}
		return c.Module + "." + c.QualName
	}
	if v.IsNone() {
		return "None"
	}
	if Is(v, Ellipsis) {
		return "..."
	}
	r, _ := t.Repr(v)
	return r
}

func init() {
	U := UnionType
	U.Module = "types"
	U.final = true
	self := func(v Value) *Union { return v.o.(*Union) }
	U.NewMethod("__repr__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		parts := make([]string, len(self(s).args))
		for i, a := range self(s).args {
			parts[i] = t.typeReprShort(a)
		}
		return Str(strings.Join(parts, " | ")), nil
	})
	U.NewGetSet("__args__", func(t *Thread, s Value) (Value, error) {
		return NewTuple(append([]Value(nil), self(s).args...)), nil
	}, nil)
	U.NewGetSet("__parameters__", func(t *Thread, s Value) (Value, error) { return NewTuple(nil), nil }, nil)
	U.NewMethod("__or__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		return makeUnion(s, args[0]), nil
	})
	U.NewMethod("__ror__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		return makeUnion(args[0], s), nil
	})
	U.NewMethod("__eq__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		o, ok := args[0].o.(*Union)
		if !ok {
			return NotImplemented, nil
		}
		a, b := self(s).args, o.args
		if len(a) != len(b) {
			return False, nil
		}
		for _, x := range a {
			found := false
			for _, y := range b {
				if eq, err := t.Equal(x, y); err != nil {
					return Value{}, err
				} else if eq {
					found = true
					break
				}
			}
			if !found {
				return False, nil
			}
		}
		return True, nil
	})
	U.NewMethod("__hash__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		h := int64(0x345678)
		for _, a := range self(s).args {
			x, err := t.Hash(a)
			if err != nil {
				return Value{}, err
			}
			h ^= x * 1000003 // order-independent
		}
		return Int(h), nil
	})
	U.NewMethod("__instancecheck__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		ok, err := t.IsInstance(args[0], s)
		return Bool(ok), err
	})
	U.NewMethod("__subclasscheck__", func(t *Thread, s Value, args []Value, kw []string) (Value, error) {
		c, ok := args[0].o.(*Type)
		if !ok {
			return Value{}, Errorf(TypeError, "issubclass() arg 1 must be a class")
		}
		r, err := t.isSubclass(c, s)
		return Bool(r), err
	})
}
