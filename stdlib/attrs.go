package stdlib

import "github.com/pyasync/pyasync/vm"

// Instance attributes for script subclasses of classes implemented in Go
// (class MyIO(io.StringIO), class MyRandom(random.Random)...): their
// instances are Go structs without a VM-managed __dict__, so the classes
// get __getattr__/__setattr__/__delattr__ hooks that keep the attributes in
// a dict owned by the struct. The VM only consults these hooks for script
// subclasses; instances of the Go class itself keep CPython's behaviour of
// rejecting unknown attributes.

// attrHolder is implemented by the Go structs of such classes.
type attrHolder interface {
	attrDict(create bool) *vm.Dict
}

// hasDescriptor reports whether the class defines name as a data
// descriptor or other class attribute that object.__setattr__ must handle.
func hasDescriptor(cls *vm.Type, name string) bool {
	v, ok := cls.Lookup(name)
	if !ok {
		return false
	}
	switch v.Object().(type) {
	case *vm.GetSet, *vm.Property:
		return true
	}
	_, hasSet := v.Type().Lookup("__set__")
	return hasSet
}

// addInstanceAttrs installs the attribute hooks on a Go class.
func addInstanceAttrs(typ *vm.Type) {
	objectSetattr, _ := vm.ObjectType.Lookup("__setattr__")
	objectDelattr, _ := vm.ObjectType.Lookup("__delattr__")
	typ.Dict.SetStr("__getattr__", vm.NewBuiltin("__getattr__", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected 1 argument")
		}
		name, _ := args[1].AsStr()
		if h, ok := args[0].Object().(attrHolder); ok {
			if d := h.attrDict(false); d != nil {
				if v, ok := d.GetStr(name); ok {
					return v, nil
				}
			}
		}
		return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute '%s'", args[0].TypeName(), name)
	}))
	typ.Dict.SetStr("__setattr__", vm.NewBuiltin("__setattr__", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 3 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected 2 arguments")
		}
		name, ok := args[1].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "attribute name must be string, not '%s'", args[1].TypeName())
		}
		h, isHolder := args[0].Object().(attrHolder)
		if !isHolder || hasDescriptor(args[0].Type(), name) {
			return t.Call(objectSetattr, args, nil)
		}
		h.attrDict(true).SetStr(name, args[2])
		return none, nil
	}))
	typ.Dict.SetStr("__delattr__", vm.NewBuiltin("__delattr__", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected 1 argument")
		}
		name, _ := args[1].AsStr()
		if h, ok := args[0].Object().(attrHolder); ok {
			if d := h.attrDict(false); d != nil && d.DelStr(name) {
				return none, nil
			}
		}
		if hasDescriptor(args[0].Type(), name) {
			return t.Call(objectDelattr, args, nil)
		}
		return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute '%s'", args[0].TypeName(), name)
	}))
}
