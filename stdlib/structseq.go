package stdlib

import (
	"strings"
	"sync"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm"
)

// structSeq is a named tuple implemented in Go (CPython's struct sequences:
// sys.version_info, sys.float_info, time.struct_time, os.stat_result...).
// It behaves like a tuple of its visible fields and exposes every field as
// an attribute.
type structSeq struct {
	cls     *vm.Type
	items   []vm.Value // visible fields (the tuple part)
	extra   []vm.Value // fields only reachable as attributes
	visible int
}

// Type implements vm.Object.
func (s *structSeq) Type() *vm.Type { return s.cls }

func (s *structSeq) tuple() vm.Value { return vm.NewTuple(append([]vm.Value(nil), s.items...)) }

// structSeqType describes one struct sequence class. Its vm.Type is built
// on first use (class), so a module's struct sequences cost nothing at
// start-up until the module is imported; several interpreters may ask at
// once, hence the sync.Once.
type structSeqType struct {
	once    sync.Once
	typ     *vm.Type
	name    string
	module  string
	fields  []string
	visible int
	repr    string // the name shown by repr, e.g. "sys.version_info"
}

// newStructSeqType describes a struct sequence class; the first visible
// fields form the tuple. Its type is made by class, on first use.
func newStructSeqType(name, module, reprName string, fields []string, visible int) *structSeqType {
	return &structSeqType{name: name, module: module, fields: fields, visible: visible, repr: reprName}
}

// class returns the struct sequence's type, building it the first time.
func (st *structSeqType) class() *vm.Type {
	st.once.Do(st.build)
	return st.typ
}

// build makes the type and its methods (class runs it once).
func (st *structSeqType) build() {
	fields, visible, reprName := st.fields, st.visible, st.repr
	typ := vm.NewNativeType(st.name, st.module, nil, nil)
	for i, f := range fields {
		i := i
		typ.NewGetSet(f, func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			s := self.Object().(*structSeq)
			if i < len(s.items) {
				return s.items[i], nil
			}
			return s.extra[i-len(s.items)], nil
		}, nil)
	}
	self := func(v vm.Value) *structSeq { return v.Object().(*structSeq) }
	typ.NewMethod("__repr__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s := self(v)
		var b strings.Builder
		b.WriteString(st.repr)
		b.WriteByte('(')
		for i, x := range s.items {
			if i > 0 {
				b.WriteString(", ")
			}
			r, err := t.Repr(x)
			if err != nil {
				return vm.Value{}, err
			}
			b.WriteString(st.fields[i])
			b.WriteByte('=')
			b.WriteString(r)
		}
		b.WriteByte(')')
		return vm.Str(b.String()), nil
	})
	typ.NewMethod("__len__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(len(self(v).items))), nil
	})
	typ.NewMethod("__getitem__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected 1 argument")
		}
		return t.GetItem(self(v).tuple(), args[0])
	})
	typ.NewMethod("__iter__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return t.Iter(self(v).tuple())
	})
	typ.NewMethod("__contains__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		ok, err := t.Contains(self(v).tuple(), args[0])
		return vm.Bool(ok), err
	})
	typ.NewMethod("__hash__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h, err := t.Hash(self(v).tuple())
		return vm.Int(h), err
	})
	typ.NewMethod("__reduce__", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Tuple2(vm.ObjectValue(typ), vm.NewTuple([]vm.Value{self(v).tuple()})), nil
	})
	typ.NewMethod("count", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return t.CallMethod(self(v).tuple(), "count", args...)
	})
	typ.NewMethod("index", func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return t.CallMethod(self(v).tuple(), "index", args...)
	})
	for op, name := range map[compiler.CompareOp]string{compiler.CmpLT: "__lt__", compiler.CmpLE: "__le__", compiler.CmpEQ: "__eq__",
		compiler.CmpNE: "__ne__", compiler.CmpGT: "__gt__", compiler.CmpGE: "__ge__"} {
		op := op
		typ.NewMethod(name, func(t *vm.Thread, v vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) != 1 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "expected 1 argument")
			}
			other := args[0]
			if o, ok := other.Object().(*structSeq); ok {
				other = o.tuple()
			} else if other.Type() != vm.TupleType {
				return vm.NotImplemented, nil
			}
			return t.RichCompare(self(v).tuple(), other, op)
		})
	}
	typ.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) < 2 || len(args) > 3 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes at most 2 arguments (%d given)", reprName, len(args)-1)
		}
		items, err := t.ToSlice(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if len(items) < visible {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes an at least %d-sequence (%d-sequence given)", reprName, visible, len(items))
		}
		if len(items) > len(fields) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "%s() takes an at most %d-sequence (%d-sequence given)", reprName, len(fields), len(items))
		}
		for len(items) < len(fields) {
			items = append(items, none)
		}
		return st.make(items), nil
	})
	st.typ = typ
}

// make returns an instance holding values for every field.
func (st *structSeqType) make(values []vm.Value) vm.Value {
	s := &structSeq{cls: st.class(), visible: st.visible}
	s.items = append([]vm.Value(nil), values[:st.visible]...)
	s.extra = append([]vm.Value(nil), values[st.visible:]...)
	return vm.ObjectValue(s)
}
