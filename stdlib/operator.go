package stdlib

import (
	"strings"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm"
)

// The operator module in Go: the function forms of the operators (each
// also under its dunder name, as CPython's), itemgetter, attrgetter and
// methodcaller with CPython's reprs.

func init() { register("operator", initOperator) }

var (
	itemgetterType   = vm.NewCType("itemgetter", "operator", nil, nil)
	attrgetterType   = vm.NewCType("attrgetter", "operator", nil, nil)
	methodcallerType = vm.NewCType("methodcaller", "operator", nil, nil)
)

var operatorBinary = []struct {
	name string
	op   compiler.BinaryOp
}{
	{"add", compiler.OpAdd}, {"sub", compiler.OpSub}, {"mul", compiler.OpMul}, {"matmul", compiler.OpMatMul},
	{"truediv", compiler.OpTrueDiv}, {"floordiv", compiler.OpFloorDiv}, {"mod", compiler.OpMod},
	{"pow", compiler.OpPow}, {"lshift", compiler.OpLShift}, {"rshift", compiler.OpRShift},
	{"or_", compiler.OpOr}, {"xor", compiler.OpXor}, {"and_", compiler.OpAnd},
}

var operatorCompare = []string{"lt", "le", "eq", "ne", "gt", "ge"}

// dunderName maps "and_" to "__and__".
func dunderName(name string) string { return "__" + strings.TrimSuffix(name, "_") + "__" }

func setOp(m *vm.Module, name string, dunder bool, fn vm.BuiltinFunc) {
	f := m.Func(name, fn)
	m.Set(name, f)
	if dunder {
		m.Set(dunderName(name), f)
	}
}

func args2(name string, args []vm.Value, kw []string) error {
	if len(kw) > 0 {
		return vm.Errorf(vm.TypeError, "%s() takes no keyword arguments", name)
	}
	if len(args) != 2 {
		return vm.Errorf(vm.TypeError, "%s expected 2 arguments, got %d", name, len(args))
	}
	return nil
}

// args1 checks the arguments of a one-argument function of the module;
// CPython's messages name it as _operator's.
func args1(name string, args []vm.Value, kw []string) error {
	if len(kw) > 0 {
		return vm.Errorf(vm.TypeError, "_operator.%s() takes no keyword arguments", name)
	}
	if len(args) != 1 {
		return vm.Errorf(vm.TypeError, "_operator.%s() takes exactly one argument (%d given)", name, len(args))
	}
	return nil
}

// getterArgs checks the one argument of a call of an itemgetter,
// attrgetter or methodcaller.
func getterArgs(name string, args []vm.Value, kw []string) error {
	if len(kw) > 0 {
		return vm.Errorf(vm.TypeError, "%s() takes no keyword arguments", name)
	}
	if len(args) != 1 {
		return vm.Errorf(vm.TypeError, "%s expected 1 argument, got %d", name, len(args))
	}
	return nil
}

func initOperator(v *vm.VM, m *vm.Module) error {
	for _, b := range operatorBinary {
		b := b
		setOp(m, b.name, true, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := args2(b.name, args, kw); err != nil {
				return vm.Value{}, err
			}
			return t.BinaryOp(b.op, args[0], args[1])
		})
		iname := "i" + strings.TrimSuffix(b.name, "_")
		setOp(m, iname, true, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := args2(iname, args, kw); err != nil {
				return vm.Value{}, err
			}
			return t.BinaryOp(b.op+compiler.InplaceOffset, args[0], args[1])
		})
	}
	for i, name := range operatorCompare {
		op, name := compiler.CompareOp(i), name
		setOp(m, name, true, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := args2(name, args, kw); err != nil {
				return vm.Value{}, err
			}
			return t.RichCompare(args[0], args[1], op)
		})
	}
	unary := func(name string, dunder bool, fn func(t *vm.Thread, v vm.Value) (vm.Value, error)) {
		setOp(m, name, dunder, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := args1(name, args, kw); err != nil {
				return vm.Value{}, err
			}
			return fn(t, args[0])
		})
	}
	unary("neg", true, (*vm.Thread).Neg)
	unary("pos", true, (*vm.Thread).Pos)
	unary("abs", true, (*vm.Thread).Abs)
	unary("invert", true, (*vm.Thread).Invert)
	unary("inv", true, (*vm.Thread).Invert)
	unary("not_", true, func(t *vm.Thread, v vm.Value) (vm.Value, error) {
		b, err := t.Truth(v)
		return vm.Bool(!b), err
	})
	unary("truth", false, func(t *vm.Thread, v vm.Value) (vm.Value, error) {
		b, err := t.Truth(v)
		return vm.Bool(b), err
	})
	unary("index", true, func(t *vm.Thread, v vm.Value) (vm.Value, error) { return t.IndexValue(v) })
	binary := func(name string, dunder bool, fn func(t *vm.Thread, a, b vm.Value) (vm.Value, error)) {
		setOp(m, name, dunder, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := args2(name, args, kw); err != nil {
				return vm.Value{}, err
			}
			return fn(t, args[0], args[1])
		})
	}
	binary("is_", false, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) { return vm.Bool(vm.Is(a, b)), nil })
	binary("is_not", false, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) { return vm.Bool(!vm.Is(a, b)), nil })
	binary("contains", true, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) {
		ok, err := t.Contains(a, b)
		return vm.Bool(ok), err
	})
	binary("getitem", true, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) { return t.GetItem(a, b) })
	binary("delitem", true, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) { return vm.None, t.DelItem(a, b) })
	setOp(m, "setitem", true, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 3 || len(kw) > 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "setitem expected 3 arguments, got %d", len(args))
		}
		return vm.None, t.SetItem(args[0], args[1], args[2])
	})
	concat := func(name string, op compiler.BinaryOp) {
		binary(name, true, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) {
			if _, ok := a.Type().Lookup("__getitem__"); !ok || a.IsInt() || a.IsFloat() {
				return vm.Value{}, vm.Errorf(vm.TypeError, "'%s' object can't be concatenated", a.TypeName())
			}
			return t.BinaryOp(op, a, b)
		})
	}
	concat("concat", compiler.OpAdd)
	concat("iconcat", compiler.OpAdd+compiler.InplaceOffset)
	binary("countOf", false, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) {
		if _, err := t.Iter(a); err != nil {
			return vm.Value{}, vm.Errorf(vm.TypeError, "argument of type '%s' is not iterable", a.TypeName())
		}
		n := int64(0)
		err := t.ForEach(a, func(x vm.Value) error {
			eq := vm.Is(x, b)
			if !eq {
				var err error
				if eq, err = t.Equal(x, b); err != nil {
					return err
				}
			}
			if eq {
				n++
			}
			return nil
		})
		return vm.Int(n), err
	})
	binary("indexOf", false, func(t *vm.Thread, a, b vm.Value) (vm.Value, error) {
		i := int64(0)
		found := int64(-1)
		stop := vm.NewException(vm.StopIteration)
		err := t.ForEach(a, func(x vm.Value) error {
			eq := vm.Is(x, b)
			if !eq {
				var err error
				if eq, err = t.Equal(x, b); err != nil {
					return err
				}
			}
			if eq {
				found = i
				return stop
			}
			i++
			return nil
		})
		if err != nil && err != error(stop) {
			return vm.Value{}, err
		}
		if found < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "sequence.index(x): x not in sequence")
		}
		return vm.Int(found), nil
	})
	m.SetFunc("length_hint", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("length_hint", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		def := vm.Int(0)
		if len(args) == 2 {
			if !args[1].IsInt() {
				return vm.Value{}, vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", args[1].TypeName())
			}
			def = args[1]
		}
		obj := args[0]
		if _, ok := obj.Type().Lookup("__len__"); ok {
			n, err := t.Len(obj)
			if err == nil {
				return vm.Int(int64(n)), nil
			}
			if e, ok := err.(*vm.Exception); !ok || !e.IsInstance(vm.TypeError) {
				return vm.Value{}, err
			}
		}
		hint, ok := obj.Type().Lookup("__length_hint__")
		if !ok {
			return def, nil
		}
		r, err := t.Call1(hint, obj)
		if err != nil {
			if e, ok := err.(*vm.Exception); ok && e.IsInstance(vm.TypeError) {
				return def, nil
			}
			return vm.Value{}, err
		}
		if vm.Is(r, vm.NotImplemented) {
			return def, nil
		}
		if !r.IsInt() {
			return vm.Value{}, vm.Errorf(vm.TypeError, "__length_hint__ must be an integer, not %s", r.TypeName())
		}
		if n, _ := r.AsInt64(); n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "__length_hint__() should return >= 0")
		}
		return r, nil
	})
	setOp(m, "call", true, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args)-len(kw) < 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "call() missing required argument 'obj'")
		}
		return t.Call(args[0], args[1:], kw)
	})
	m.Set("itemgetter", vm.ObjectValue(itemgetterType))
	m.Set("attrgetter", vm.ObjectValue(attrgetterType))
	m.Set("methodcaller", vm.ObjectValue(methodcallerType))
	return nil
}

// ---- itemgetter, attrgetter, methodcaller ---------------------------------------

type itemgetter struct{ items []vm.Value }

func (*itemgetter) Type() *vm.Type { return itemgetterType }

type attrgetter struct {
	names [][]string // dotted paths, split
	raw   []string
}

func (*attrgetter) Type() *vm.Type { return attrgetterType }

type methodcaller struct {
	name   string
	args   []vm.Value
	kwargs []string // names of the last len(kwargs) values of args
}

func (*methodcaller) Type() *vm.Type { return methodcallerType }

func (a *attrgetter) get(t *vm.Thread, obj vm.Value, path []string) (vm.Value, error) {
	for _, p := range path {
		var err error
		if obj, err = t.GetAttr(obj, p); err != nil {
			return vm.Value{}, err
		}
	}
	return obj, nil
}

func reprArgs(t *vm.Thread, b *strings.Builder, vals []vm.Value) error {
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		r, err := t.Repr(v)
		if err != nil {
			return err
		}
		b.WriteString(r)
	}
	return nil
}

func init() {
	itemgetterType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		args = args[1:]
		if err := vm.NoKwargs("itemgetter", kw); err != nil {
			return vm.Value{}, err
		}
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "itemgetter expected 1 argument, got 0")
		}
		return vm.ObjectValue(&itemgetter{items: append([]vm.Value(nil), args...)}), nil
	})
	itemgetterType.NewMethod("__call__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := getterArgs("itemgetter", args, kw); err != nil {
			return vm.Value{}, err
		}
		g := self.Object().(*itemgetter)
		if len(g.items) == 1 {
			return t.GetItem(args[0], g.items[0])
		}
		out := make([]vm.Value, len(g.items))
		for i, k := range g.items {
			v, err := t.GetItem(args[0], k)
			if err != nil {
				return vm.Value{}, err
			}
			out[i] = v
		}
		return vm.NewTuple(out), nil
	})
	itemgetterType.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var b strings.Builder
		b.WriteString("operator.itemgetter(")
		if err := reprArgs(t, &b, self.Object().(*itemgetter).items); err != nil {
			return vm.Value{}, err
		}
		b.WriteString(")")
		return vm.Str(b.String()), nil
	})
	attrgetterType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		args = args[1:]
		if err := vm.NoKwargs("attrgetter", kw); err != nil {
			return vm.Value{}, err
		}
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "attrgetter expected 1 argument, got 0")
		}
		g := &attrgetter{}
		for _, a := range args {
			s, ok := a.AsStr()
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "attribute name must be a string")
			}
			g.raw = append(g.raw, s)
			g.names = append(g.names, strings.Split(s, "."))
		}
		return vm.ObjectValue(g), nil
	})
	attrgetterType.NewMethod("__call__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := getterArgs("attrgetter", args, kw); err != nil {
			return vm.Value{}, err
		}
		g := self.Object().(*attrgetter)
		if len(g.names) == 1 {
			return g.get(t, args[0], g.names[0])
		}
		out := make([]vm.Value, len(g.names))
		for i, p := range g.names {
			v, err := g.get(t, args[0], p)
			if err != nil {
				return vm.Value{}, err
			}
			out[i] = v
		}
		return vm.NewTuple(out), nil
	})
	attrgetterType.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var b strings.Builder
		b.WriteString("operator.attrgetter(")
		var vals []vm.Value
		for _, s := range self.Object().(*attrgetter).raw {
			vals = append(vals, vm.Str(s))
		}
		if err := reprArgs(t, &b, vals); err != nil {
			return vm.Value{}, err
		}
		b.WriteString(")")
		return vm.Str(b.String()), nil
	})
	methodcallerType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		args = args[1:]
		if len(args)-len(kw) < 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "methodcaller needs at least one argument, the method name")
		}
		name, ok := args[0].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "method name must be a string")
		}
		return vm.ObjectValue(&methodcaller{name: name, args: append([]vm.Value(nil), args[1:]...), kwargs: append([]string(nil), kw...)}), nil
	})
	methodcallerType.NewMethod("__call__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := getterArgs("methodcaller", args, kw); err != nil {
			return vm.Value{}, err
		}
		c := self.Object().(*methodcaller)
		fn, err := t.GetAttr(args[0], c.name)
		if err != nil {
			return vm.Value{}, err
		}
		return t.Call(fn, c.args, c.kwargs)
	})
	methodcallerType.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		c := self.Object().(*methodcaller)
		var b strings.Builder
		b.WriteString("operator.methodcaller(")
		r, _ := t.Repr(vm.Str(c.name))
		b.WriteString(r)
		npos := len(c.args) - len(c.kwargs)
		for i, v := range c.args {
			b.WriteString(", ")
			if i >= npos {
				b.WriteString(c.kwargs[i-npos])
				b.WriteString("=")
			}
			r, err := t.Repr(v)
			if err != nil {
				return vm.Value{}, err
			}
			b.WriteString(r)
		}
		b.WriteString(")")
		return vm.Str(b.String()), nil
	})
}
