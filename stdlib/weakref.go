package stdlib

import (
	_ "embed"
	"fmt"
	"weak"

	"github.com/pyasync/pyasync/vm"
)

// Weak references on Go's weak pointers (package weak). A weakref.ref holds
// a weak.Pointer to the object's Go record, so the object is freed by Go's
// collector once nothing else holds it. Go collects by tracing, not by
// reference counting: an object dies at the next collection after its last
// reference goes (gc.collect() forces one), and the callbacks of its
// references run after that collection (vm.VM.Collect's hook), on the
// interpreter's thread, not the moment the last reference is dropped as in
// CPython. The module _weakref holds ref and the counting functions;
// weakref.pya builds proxy, WeakMethod, the weak containers and finalize on
// it.

//go:embed weakref.pya
var weakrefSource string

func init() {
	register("_weakref", initUnderWeakref)
	register("weakref", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "weakref", weakrefSource)
	})
}

var weakrefType = vm.NewCType("ReferenceType", "weakref", nil, nil)

// weakPtr is a weak pointer to one of the object kinds that can be weakly
// referenced; key is comparable and identifies the referent even after it
// died.
type weakPtr interface {
	get() (vm.Object, bool)
	key() any
}

type wp[T any] struct{ p weak.Pointer[T] }

func (w wp[T]) get() (vm.Object, bool) {
	v := w.p.Value()
	if v == nil {
		return nil, false
	}
	o, ok := any(v).(vm.Object)
	return o, ok
}

func (w wp[T]) key() any { return w.p }

func makeWeak(v vm.Value) (weakPtr, bool) {
	switch o := v.Object().(type) {
	case *vm.Instance:
		return wp[vm.Instance]{weak.Make(o)}, true
	case *vm.Function:
		return wp[vm.Function]{weak.Make(o)}, true
	case *vm.Type:
		return wp[vm.Type]{weak.Make(o)}, true
	case *vm.BoundMethod:
		return wp[vm.BoundMethod]{weak.Make(o)}, true
	case *vm.Set:
		return wp[vm.Set]{weak.Make(o)}, true
	case *vm.Generator:
		return wp[vm.Generator]{weak.Make(o)}, true
	case *vm.Exception:
		return wp[vm.Exception]{weak.Make(o)}, true
	case *vm.Future:
		return wp[vm.Future]{weak.Make(o)}, true
	case *vm.Task:
		return wp[vm.Task]{weak.Make(o)}, true
	case *vm.Module:
		return wp[vm.Module]{weak.Make(o)}, true
	case *deque:
		return wp[deque]{weak.Make(o)}, true
	case *partial:
		return wp[partial]{weak.Make(o)}, true
	case *lruWrapper:
		return wp[lruWrapper]{weak.Make(o)}, true
	case *vm.Dict:
		if o.Type() != vm.DictType {
			return wp[vm.Dict]{weak.Make(o)}, true
		}
	case *vm.List:
		if o.Type() != vm.ListType {
			return wp[vm.List]{weak.Make(o)}, true
		}
	}
	return nil, false
}

// weakRef is a weakref.ref object.
type weakRef struct {
	ptr      weakPtr
	callback vm.Value
	hash     int64
	hashed   bool
	dead     bool // callbacks have run
	typeName string
}

// Type implements vm.Object.
func (*weakRef) Type() *vm.Type { return weakrefType }

func (r *weakRef) target() (vm.Value, bool) {
	if r.dead {
		return vm.Value{}, false
	}
	o, ok := r.ptr.get()
	if !ok {
		return vm.Value{}, false
	}
	return vm.ObjectValue(o), true
}

// weakRegistry is a VM's record of live references, by referent, so
// getweakrefcount works and collections can run callbacks.
type weakRegistry struct {
	refs map[any][]*weakRef
}

func registry(v *vm.VM) *weakRegistry {
	if r, ok := v.State["weakref.registry"].(*weakRegistry); ok {
		return r
	}
	r := &weakRegistry{refs: map[any][]*weakRef{}}
	v.State["weakref.registry"] = r
	v.OnCollect(r.sweep)
	return r
}

// sweep runs after a collection: references whose referent died are marked
// dead and their callbacks called, newest first (as CPython does).
func (reg *weakRegistry) sweep(t *vm.Thread) error {
	var dead [][]*weakRef
	for k, refs := range reg.refs {
		if len(refs) == 0 {
			delete(reg.refs, k)
			continue
		}
		if _, ok := refs[0].ptr.get(); !ok {
			dead = append(dead, refs)
			delete(reg.refs, k)
		}
	}
	for _, refs := range dead {
		for i := len(refs) - 1; i >= 0; i-- {
			r := refs[i]
			r.dead = true
			if r.callback.IsValid() && !r.callback.IsNone() {
				if _, err := t.Call1(r.callback, vm.ObjectValue(r)); err != nil {
					t.PrintException(asException(err))
				}
			}
		}
	}
	return nil
}

func asException(err error) *vm.Exception {
	if e, ok := err.(*vm.Exception); ok {
		return e
	}
	return vm.Errorf(vm.SystemError, "%v", err)
}

func newWeakRef(t *vm.Thread, obj, callback vm.Value) (vm.Value, error) {
	ptr, ok := makeWeak(obj)
	if !ok {
		return vm.Value{}, vm.Errorf(vm.TypeError, "cannot create weak reference to '%s' object", obj.TypeName())
	}
	reg := registry(t.VM())
	k := ptr.key()
	if !callback.IsValid() || callback.IsNone() {
		for _, r := range reg.refs[k] {
			if !r.callback.IsValid() || r.callback.IsNone() {
				return vm.ObjectValue(r), nil
			}
		}
		callback = vm.Value{}
	}
	r := &weakRef{ptr: ptr, callback: callback, typeName: obj.TypeName()}
	reg.refs[k] = append(reg.refs[k], r)
	return vm.ObjectValue(r), nil
}

func initUnderWeakref(v *vm.VM, m *vm.Module) error {
	registry(v)
	m.Set("ref", vm.ObjectValue(weakrefType))
	m.Set("ReferenceType", vm.ObjectValue(weakrefType))
	m.SetFunc("getweakrefcount", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getweakrefcount", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		ptr, ok := makeWeak(args[0])
		if !ok {
			return vm.Int(0), nil
		}
		return vm.Int(int64(len(registry(t.VM()).refs[ptr.key()]))), nil
	})
	m.SetFunc("getweakrefs", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getweakrefs", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		ptr, ok := makeWeak(args[0])
		if !ok {
			return vm.NewList(nil), nil
		}
		var out []vm.Value
		for _, r := range registry(t.VM()).refs[ptr.key()] {
			out = append(out, vm.ObjectValue(r))
		}
		return vm.NewList(out), nil
	})
	return nil
}

func init() {
	W := weakrefType
	W.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var obj, cb vm.Value
		if err := vm.UnpackArgs("ref", args[1:], kw, []string{"/object", "/callback?"}, &obj, &cb); err != nil {
			return vm.Value{}, err
		}
		return newWeakRef(t, obj, cb)
	})
	W.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, nil
	})
	W.NewMethod("__call__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("weakref", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		if v, ok := self.Object().(*weakRef).target(); ok {
			return v, nil
		}
		return vm.None, nil
	})
	W.NewGetSet("__callback__", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		r := self.Object().(*weakRef)
		if r.callback.IsValid() && !r.dead {
			return r.callback, nil
		}
		return vm.None, nil
	}, nil)
	W.NewMethod("__hash__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r := self.Object().(*weakRef)
		if r.hashed {
			return vm.Int(r.hash), nil
		}
		v, ok := r.target()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "weak object has gone away")
		}
		h, err := t.Hash(v)
		if err != nil {
			return vm.Value{}, err
		}
		r.hash, r.hashed = h, true
		return vm.Int(h), nil
	})
	for _, name := range []string{"__eq__", "__ne__"} {
		ne := name == "__ne__"
		W.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			a := self.Object().(*weakRef)
			b, ok := args[0].Object().(*weakRef)
			if !ok {
				return vm.NotImplemented, nil
			}
			av, aok := a.target()
			bv, bok := b.target()
			var eq bool
			if !aok || !bok {
				eq = a == b
			} else {
				var err error
				if eq, err = t.Equal(av, bv); err != nil {
					return vm.Value{}, err
				}
			}
			return vm.Bool(eq != ne), nil
		})
	}
	W.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r := self.Object().(*weakRef)
		v, ok := r.target()
		if !ok {
			return vm.Str(fmt.Sprintf("<weakref at %#x; dead>", vmID(self))), nil
		}
		suffix := ""
		if n, err := t.GetAttr(v, "__name__"); err == nil {
			if s, ok := n.AsStr(); ok {
				suffix = " (" + s + ")"
			}
		}
		return vm.Str(fmt.Sprintf("<weakref at %#x; to '%s' at %#x%s>", vmID(self), v.Type().FullName(), vmID(v), suffix)), nil
	})
	W.NewClassMethod("__class_getitem__", func(t *vm.Thread, cls vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return cls, nil
	})
}

// vmID is id(v).
func vmID(v vm.Value) uintptr { return vm.ID(v) }
