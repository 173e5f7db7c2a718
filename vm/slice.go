package vm

import (
	"github.com/pyasync/pyasync/compiler"
)

// NewSlice returns the slice object start:stop:step (use None for missing
// parts).
func NewSlice(start, stop, step Value) Value {
	return Value{o: &Slice{Start: start, Stop: stop, Step: step}}
}

func init() {
	st := SliceType
	st.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "slice() takes no keyword arguments")
		}
		args = args[1:]
		switch len(args) {
		case 0:
			return Value{}, Errorf(TypeError, "slice expected at least 1 argument, got 0")
		case 1:
			return NewSlice(None, args[0], None), nil
		case 2:
			return NewSlice(args[0], args[1], None), nil
		case 3:
			return NewSlice(args[0], args[1], args[2]), nil
		}
		return Value{}, Errorf(TypeError, "slice expected at most 3 arguments, got %d", len(args))
	})
	asSlice := func(v Value) *Slice { return v.o.(*Slice) }
	st.NewGetSet("start", func(t *Thread, self Value) (Value, error) { return asSlice(self).Start, nil }, nil)
	st.NewGetSet("stop", func(t *Thread, self Value) (Value, error) { return asSlice(self).Stop, nil }, nil)
	st.NewGetSet("step", func(t *Thread, self Value) (Value, error) { return asSlice(self).Step, nil }, nil)
	st.NewMethod("indices", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("slice.indices", args, kw); err != nil {
			return Value{}, err
		}
		n, err := t.IndexValue(args[0])
		if err != nil {
			return Value{}, err
		}
		length, ok := n.AsInt64()
		if !ok {
			return Value{}, Errorf(OverflowError, "Python int too large to convert to C ssize_t")
		}
		if length < 0 {
			return Value{}, Errorf(ValueError, "length should not be negative")
		}
		start, stop, step, _, err := t.SliceIndices(asSlice(self), int(length))
		if err != nil {
			return Value{}, err
		}
		return NewTuple([]Value{Int(int64(start)), Int(int64(stop)), Int(int64(step))}), nil
	})
	for op := compiler.CmpLT; op <= compiler.CmpGE; op++ {
		op := op
		st.NewMethod(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO("slice."+cmpNames[op], args, kw); err != nil {
				return Value{}, err
			}
			o, ok := args[0].o.(*Slice)
			if !ok {
				return NotImplemented, nil
			}
			a := asSlice(self)
			if a == o && (op == compiler.CmpEQ || op == compiler.CmpNE) {
				return Bool(op == compiler.CmpEQ), nil
			}
			return t.seqCompare([]Value{a.Start, a.Stop, a.Step}, []Value{o.Start, o.Stop, o.Step}, op, false)
		})
	}
	st.Dict.SetStr("__hash__", None)
}
