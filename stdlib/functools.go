package stdlib

import (
	_ "embed"
	"strings"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm"
)

// The functools module: the hot parts are native (_functools: partial,
// reduce, cmp_to_key and the lru_cache wrapper, functools_lru.go); wraps,
// total_ordering, cached_property, singledispatch and the rest are
// functools.pya.

//go:embed functools.pya
var functoolsSource string

func init() {
	register("_functools", initUnderFunctools)
	register("functools", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "functools", functoolsSource)
	})
}

var (
	partialType  = vm.NewCType("partial", "functools", nil, nil)
	cmpToKeyType = vm.NewNativeType("KeyWrapper", "functools", nil, nil)
)

// partial is functools.partial: a callable with frozen leading positional
// arguments and keywords.
type partial struct {
	cls  *vm.Type
	fn   vm.Value
	args []vm.Value
	kw   *vm.Dict
	dict *vm.Dict
}

// Type implements vm.Object.
func (p *partial) Type() *vm.Type { return p.cls }

// InstanceDict gives partial objects a __dict__ (update_wrapper writes to it).
func (p *partial) InstanceDict() *vm.Dict {
	if p.dict == nil {
		p.dict = vm.NewDict()
	}
	return p.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (p *partial) PeekInstanceDict() *vm.Dict { return p.dict }

func newPartial(t *vm.Thread, cls vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	npos := len(args) - len(kw)
	if npos < 1 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "type 'partial' takes at least one argument")
	}
	fn := args[0]
	if !vm.IsCallable(fn) {
		return vm.Value{}, vm.Errorf(vm.TypeError, "the first argument must be callable")
	}
	typ, _ := cls.Object().(*vm.Type)
	if typ == nil {
		typ = partialType
	}
	p := &partial{cls: typ, kw: vm.NewDict()}
	if inner, ok := fn.Object().(*partial); ok && (inner.dict == nil || inner.dict.Len() == 0) {
		p.fn = inner.fn
		p.args = append(p.args, inner.args...)
		inner.kw.Items(func(k, v vm.Value) bool {
			_ = p.kw.Set(t, k, v)
			return true
		})
	} else {
		p.fn = fn
	}
	p.args = append(p.args, args[1:npos]...)
	for i, k := range kw {
		p.kw.SetStr(k, args[npos+i])
	}
	return vm.ObjectValue(p), nil
}

func (p *partial) call(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	npos := len(args) - len(kw)
	if p.kw.Len() == 0 {
		if len(p.args) == 0 {
			return t.Call(p.fn, args, kw)
		}
		all := make([]vm.Value, 0, len(p.args)+len(args))
		all = append(append(all, p.args...), args...)
		return t.Call(p.fn, all, kw)
	}
	all := make([]vm.Value, 0, len(p.args)+len(args)+p.kw.Len())
	all = append(append(all, p.args...), args[:npos]...)
	names := make([]string, 0, p.kw.Len()+len(kw))
	var vals []vm.Value
	p.kw.Items(func(k, v vm.Value) bool {
		s, _ := k.AsStr()
		override := false
		for _, n := range kw {
			if n == s {
				override = true
				break
			}
		}
		if !override {
			names = append(names, s)
			vals = append(vals, v)
		}
		return true
	})
	names = append(names, kw...)
	vals = append(vals, args[npos:]...)
	return t.Call(p.fn, append(all, vals...), names)
}

func (p *partial) repr(t *vm.Thread) (string, error) {
	var b strings.Builder
	name := "functools.partial"
	if p.cls != partialType {
		name = p.cls.Name
	}
	b.WriteString(name)
	b.WriteString("(")
	r, err := t.Repr(p.fn)
	if err != nil {
		return "", err
	}
	b.WriteString(r)
	for _, a := range p.args {
		r, err := t.Repr(a)
		if err != nil {
			return "", err
		}
		b.WriteString(", ")
		b.WriteString(r)
	}
	var ferr error
	p.kw.Items(func(k, v vm.Value) bool {
		s, _ := k.AsStr()
		r, err := t.Repr(v)
		if err != nil {
			ferr = err
			return false
		}
		b.WriteString(", ")
		b.WriteString(s)
		b.WriteString("=")
		b.WriteString(r)
		return true
	})
	b.WriteString(")")
	return b.String(), ferr
}

// keyWrapper is the key object made by cmp_to_key.
type keyWrapper struct {
	cmp, obj vm.Value
}

// Type implements vm.Object.
func (*keyWrapper) Type() *vm.Type { return cmpToKeyType }

func reduce(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs("reduce", kw); err != nil {
		return vm.Value{}, err
	}
	if len(args) < 2 || len(args) > 3 {
		if len(args) < 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "reduce expected at least 2 arguments, got %d", len(args))
		}
		return vm.Value{}, vm.Errorf(vm.TypeError, "reduce expected at most 3 arguments, got %d", len(args))
	}
	fn := args[0]
	it, err := t.Iter(args[1])
	if err != nil {
		if e, ok := err.(*vm.Exception); ok && e.IsInstance(vm.TypeError) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "reduce() arg 2 must support iteration")
		}
		return vm.Value{}, err
	}
	var acc vm.Value
	if len(args) == 3 {
		acc = args[2]
	}
	for {
		v, ok, err := t.Next(it)
		if err != nil {
			return vm.Value{}, err
		}
		if !ok {
			break
		}
		if !acc.IsValid() {
			acc = v
			continue
		}
		if acc, err = t.Call2(fn, acc, v); err != nil {
			return vm.Value{}, err
		}
	}
	if !acc.IsValid() {
		return vm.Value{}, vm.Errorf(vm.TypeError, "reduce() of empty iterable with no initial value")
	}
	return acc, nil
}

func initUnderFunctools(v *vm.VM, m *vm.Module) error {
	m.Set("partial", vm.ObjectValue(partialType))
	m.SetFunc("reduce", reduce)
	m.SetFunc("cmp_to_key", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var cmp vm.Value
		if err := vm.UnpackArgs("cmp_to_key", args, kw, []string{"mycmp"}, &cmp); err != nil {
			return vm.Value{}, err
		}
		return vm.NewBuiltin("K", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var obj vm.Value
			if err := vm.UnpackArgs("K", args, kw, []string{"obj"}, &obj); err != nil {
				return vm.Value{}, err
			}
			return vm.ObjectValue(&keyWrapper{cmp: cmp, obj: obj}), nil
		}), nil
	})
	m.Set("_lru_cache_wrapper", vm.ObjectValue(lruWrapperType))
	m.SetFunc("_bind", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_bind", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		return vm.NewBoundMethod(args[0], args[1]), nil
	})
	return nil
}

func init() {
	P := partialType
	P.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return newPartial(t, args[0], args[1:], kw)
	})
	P.NewMethod("__call__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self.Object().(*partial).call(t, args, kw)
	})
	P.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s, err := self.Object().(*partial).repr(t)
		return vm.Str(s), err
	})
	P.NewGetSet("func", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return self.Object().(*partial).fn, nil }, nil)
	P.NewGetSet("args", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.NewTuple(append([]vm.Value(nil), self.Object().(*partial).args...)), nil
	}, nil)
	P.NewGetSet("keywords", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.ObjectValue(self.Object().(*partial).kw), nil
	}, nil)
	P.NewMethod("__reduce__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		p := self.Object().(*partial)
		d := vm.None
		if p.dict != nil {
			d = vm.ObjectValue(p.dict)
		}
		state := vm.NewTuple([]vm.Value{p.fn, vm.NewTuple(append([]vm.Value(nil), p.args...)), vm.ObjectValue(p.kw), d})
		return vm.NewTuple([]vm.Value{vm.ObjectValue(p.cls), vm.NewTuple([]vm.Value{p.fn}), state}), nil
	})

	K := cmpToKeyType
	K.SetAttr("__hash__", vm.None)
	for i, name := range []string{"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"} {
		op := compiler.CompareOp(i)
		K.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			a := self.Object().(*keyWrapper)
			b, ok := args[0].Object().(*keyWrapper)
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "other argument must be K instance")
			}
			r, err := t.Call2(a.cmp, a.obj, b.obj)
			if err != nil {
				return vm.Value{}, err
			}
			return t.RichCompare(r, vm.Int(0), op)
		})
	}
	K.NewGetSet("obj", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return self.Object().(*keyWrapper).obj, nil }, nil)
}
