package vm

import (
	"strconv"
	"strings"
)

// reprEnter marks o as being repr'd; it returns false if it already is (a
// recursive reference). This is CPython's Py_ReprEnter.
func (t *Thread) reprEnter(o Object) bool {
	for _, x := range t.vm.reprActive {
		if x == o {
			return false
		}
	}
	t.vm.reprActive = append(t.vm.reprActive, o)
	return true
}

// reprLeave undoes reprEnter.
func (t *Thread) reprLeave(o Object) {
	active := t.vm.reprActive
	for i := len(active) - 1; i >= 0; i-- {
		if active[i] == o {
			copy(active[i:], active[i+1:])
			active[len(active)-1] = nil
			t.vm.reprActive = active[:len(active)-1]
			return
		}
	}
}

// enterCompare counts one more level of nested container comparison
// against the recursion limit; leaveCompare undoes it.
func (t *Thread) enterCompare() error {
	if t.vm.cmpDepth > t.vm.nativeLimit() {
		return Errorf(RecursionError, "maximum recursion depth exceeded in comparison")
	}
	t.vm.cmpDepth++
	return nil
}

func (t *Thread) leaveCompare() { t.vm.cmpDepth-- }

// reprDeeper counts one more level of nested repr against the recursion
// limit.
func (t *Thread) reprDeeper() error {
	if t.vm.reprDepth > t.vm.nativeLimit() {
		return Errorf(RecursionError, "maximum recursion depth exceeded while getting the repr of an object")
	}
	t.vm.reprDepth++
	return nil
}

// reprTo appends repr(v) to b, rendering builtin containers directly.
func (t *Thread) reprTo(b *strings.Builder, v Value) error {
	switch o := v.o.(type) {
	case intMarker:
		b.WriteString(strconv.FormatInt(int64(v.n), 10))
		return nil
	case *StrObject:
		if o.subclass() == nil {
			b.WriteString(reprString(o.s))
			return nil
		}
	case *List:
		if o.cls == nil {
			return t.listReprTo(b, o)
		}
	case *Tuple:
		if o.cls == nil {
			return t.tupleReprTo(b, o)
		}
	case *Dict:
		if o.cls == nil {
			return t.dictReprTo(b, o)
		}
	case *Set:
		if o.cls == nil {
			return t.setReprTo(b, o)
		}
	}
	s, err := t.Repr(v)
	if err != nil {
		return err
	}
	b.WriteString(s)
	return nil
}

func (t *Thread) listReprTo(b *strings.Builder, l *List) error {
	if l.Len() == 0 {
		b.WriteString("[]")
		return nil
	}
	if !t.reprEnter(l) {
		b.WriteString("[...]")
		return nil
	}
	defer t.reprLeave(l)
	if err := t.reprDeeper(); err != nil {
		return err
	}
	defer func() { t.vm.reprDepth-- }()
	b.WriteByte('[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := t.reprTo(b, l.At(i)); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

func (t *Thread) tupleReprTo(b *strings.Builder, tu *Tuple) error {
	if len(tu.items) == 0 {
		b.WriteString("()")
		return nil
	}
	if !t.reprEnter(tu) {
		b.WriteString("(...)")
		return nil
	}
	defer t.reprLeave(tu)
	if err := t.reprDeeper(); err != nil {
		return err
	}
	defer func() { t.vm.reprDepth-- }()
	b.WriteByte('(')
	for i, x := range tu.items {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := t.reprTo(b, x); err != nil {
			return err
		}
	}
	if len(tu.items) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return nil
}

func (t *Thread) dictReprTo(b *strings.Builder, d *Dict) error {
	if d.used == 0 {
		b.WriteString("{}")
		return nil
	}
	if !t.reprEnter(d) {
		b.WriteString("{...}")
		return nil
	}
	defer t.reprLeave(d)
	if err := t.reprDeeper(); err != nil {
		return err
	}
	defer func() { t.vm.reprDepth-- }()
	b.WriteByte('{')
	first := true
	for i := 0; i < d.nentries(); i++ {
		e := d.entryCopy(i)
		if e.key.o == nil {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		if err := t.reprTo(b, e.key); err != nil {
			return err
		}
		b.WriteString(": ")
		if err := t.reprTo(b, e.value); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func (t *Thread) setReprTo(b *strings.Builder, s *Set) error {
	name := s.Type().Name
	if !t.reprEnter(s) {
		b.WriteString(name + "(...)")
		return nil
	}
	defer t.reprLeave(s)
	if s.used == 0 {
		b.WriteString(name + "()")
		return nil
	}
	if err := t.reprDeeper(); err != nil {
		return err
	}
	defer func() { t.vm.reprDepth-- }()
	elems := s.Elements()
	exact := s.cls == nil && !s.frozen
	if !exact {
		b.WriteString(name)
		b.WriteByte('(')
	}
	b.WriteByte('{')
	for i, x := range elems {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := t.reprTo(b, x); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	if !exact {
		b.WriteByte(')')
	}
	return nil
}

// reprMethod adapts a reprTo-style function to a __repr__ method.
func reprMethod[T Object](name string, f func(t *Thread, b *strings.Builder, o T) error) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs(name, args, kw); err != nil {
			return Value{}, err
		}
		o, ok := self.o.(T)
		if !ok {
			return Value{}, Errorf(TypeError, "descriptor '__repr__' requires a different object, not '%s'", self.TypeName())
		}
		var b strings.Builder
		if err := f(t, &b, o); err != nil {
			return Value{}, err
		}
		return Str(b.String()), nil
	}
}

func init() {
	ListType.NewMethod("__repr__", reprMethod("list.__repr__", (*Thread).listReprTo))
	TupleType.NewMethod("__repr__", reprMethod("tuple.__repr__", (*Thread).tupleReprTo))
	DictType.NewMethod("__repr__", reprMethod("dict.__repr__", (*Thread).dictReprTo))
	SetType.NewMethod("__repr__", reprMethod("set.__repr__", (*Thread).setReprTo))
	FrozenSetType.NewMethod("__repr__", reprMethod("frozenset.__repr__", (*Thread).setReprTo))
	RangeType.NewMethod("__repr__", reprMethod("range.__repr__", func(t *Thread, b *strings.Builder, r *Range) error {
		s, _ := simpleRepr(Value{o: r})
		b.WriteString(s)
		return nil
	}))
	SliceType.NewMethod("__repr__", reprMethod("slice.__repr__", func(t *Thread, b *strings.Builder, s *Slice) error {
		b.WriteString("slice(")
		for i, v := range []Value{s.Start, s.Stop, s.Step} {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := t.reprTo(b, v); err != nil {
				return err
			}
		}
		b.WriteByte(')')
		return nil
	}))
}

// methNoArgs checks that a method taking no arguments got none
// ("list.copy() takes no arguments (1 given)").
func methNoArgs(qualname string, args []Value, kw []string) error {
	if len(kw) > 0 && len(args) == len(kw) {
		return Errorf(TypeError, "%s() takes no keyword arguments", qualname)
	}
	if len(args) != 0 {
		return Errorf(TypeError, "%s() takes no arguments (%d given)", qualname, len(args))
	}
	return nil
}

// methO checks that a method taking exactly one positional argument got it
// ("list.append() takes exactly one argument (0 given)").
func methO(qualname string, args []Value, kw []string) error {
	if len(kw) > 0 {
		return Errorf(TypeError, "%s() takes no keyword arguments", qualname)
	}
	if len(args) != 1 {
		return Errorf(TypeError, "%s() takes exactly one argument (%d given)", qualname, len(args))
	}
	return nil
}

// methArgCount checks the positional arguments of a method taking min to max
// of them (no keywords): qualname is "list.insert", and the count messages
// use the bare method name like CPython ("insert expected 2 arguments, got
// 1").
func methArgCount(qualname string, args []Value, kw []string, min, max int) error {
	if len(kw) > 0 {
		return Errorf(TypeError, "%s() takes no keyword arguments", qualname)
	}
	name := qualname[strings.LastIndexByte(qualname, '.')+1:]
	return ArgCount(name, args, nil, min, max)
}
