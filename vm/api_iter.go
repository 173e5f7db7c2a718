package vm

// Iterator is implemented by the iterator objects of types defined outside
// package vm (itertools' iterators, collections.deque's iterators...):
// Thread.Next and for loops advance them with a direct Go call instead of a
// __next__ method lookup. NextValue reports (value, true, nil) for each item
// and (_, false, nil) when the iterator is exhausted.
type Iterator interface {
	Object
	NextValue(t *Thread) (Value, bool, error)
}

// RegisterIteratorType gives a native type whose instances implement
// Iterator its __iter__ (returning self) and __next__ methods. Call it from
// an init function, before any VM runs.
func RegisterIteratorType(typ *Type) {
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
		it, ok := self.o.(Iterator)
		if !ok {
			return Value{}, Errorf(TypeError, "descriptor '__next__' requires a '%s' object but received a '%s'", typ.Name, self.TypeName())
		}
		v, ok, err := it.NextValue(t)
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return Value{}, NewException(StopIteration)
		}
		return v, nil
	})
}

// Neg returns -v, Pos +v and Invert ~v, as the unary operators do (for the
// operator module).
func (t *Thread) Neg(v Value) (Value, error) { return t.unaryOp("__neg__", "-", v) }

// Pos returns +v.
func (t *Thread) Pos(v Value) (Value, error) { return t.unaryOp("__pos__", "+", v) }

// Invert returns ~v.
func (t *Thread) Invert(v Value) (Value, error) { return t.unaryOp("__invert__", "~", v) }

// NewBoundMethod returns fn bound to self (what types.MethodType(fn, self)
// makes), for native callables that act as method descriptors.
func NewBoundMethod(fn, self Value) Value { return Value{o: &BoundMethod{fn: fn, self: self}} }
