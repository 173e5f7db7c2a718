package vm

import "strings"

// This file holds CPython's refusals for assigning and deleting builtin
// attributes: "readonly attribute" for what CPython keeps as read-only
// members (a function's __globals__, a slice's start ...), "attribute 'x'
// of 'T' objects is not writable" for its read-only getsets, and the
// TypeErrors of attributes whose setter refuses a deletion.

// readonlyMembers names, per builtin type, the read-only attributes that
// CPython implements as members (code objects: every co_ attribute).
var readonlyMembers = map[string][]string{
	"function":          {"__globals__", "__closure__", "__builtins__"},
	"generator":         {"gi_code"},
	"coroutine":         {"cr_code"},
	"async_generator":   {"ag_code"},
	"property":          {"fget", "fset", "fdel"},
	"staticmethod":      {"__func__", "__wrapped__"},
	"classmethod":       {"__func__", "__wrapped__"},
	"slice":             {"start", "stop", "step"},
	"range":             {"start", "stop", "step"},
	"complex":           {"real", "imag"},
	"functools.partial": {"func", "args", "keywords"},
	"method":            {"__self__", "__func__"},
}

// notWritable is the error for assigning or deleting the read-only builtin
// attribute name of cls.
func notWritable(cls *Type, name string) error {
	if isReadonlyMember(cls, name) {
		return Errorf(AttributeError, "readonly attribute")
	}
	return Errorf(AttributeError, "attribute '%s' of '%s' objects is not writable", name, cls.Name)
}

func isReadonlyMember(cls *Type, name string) bool {
	for _, c := range cls.MRO {
		if !c.builtin {
			continue
		}
		if c.Name == "code" && strings.HasPrefix(name, "co_") {
			return true
		}
		for _, m := range readonlyMembers[c.Name] {
			if m == name {
				return true
			}
		}
	}
	return false
}

// delTypeSpecial is `del C.name` for the attributes type's own descriptors
// govern (CPython refuses them before looking in the class's dict); ok is
// false for other names.
func delTypeSpecial(c *Type, name string) (err error, ok bool) {
	switch name {
	case "__name__", "__qualname__", "__bases__", "__module__", "__doc__":
		return Errorf(TypeError, "cannot delete '%s' attribute of immutable type '%s'", name, c.Name), true
	case "__dict__":
		return Errorf(AttributeError, "attribute '__dict__' of 'type' objects is not writable"), true
	case "__mro__":
		return Errorf(AttributeError, "readonly attribute"), true
	case "__class__":
		return Errorf(TypeError, "can't delete __class__ attribute"), true
	case "__annotations__":
		if !c.DelAttr(name) {
			return Errorf(AttributeError, "__annotations__"), true
		}
		return nil, true
	}
	return nil, false
}

// setSetter gives the computed attribute name of a builtin type a setter.
func (t *Type) setSetter(name string, fn func(t *Thread, self, v Value) error) {
	v, _ := t.Dict.GetStr(name)
	gs, ok := v.o.(*GetSet)
	if !ok {
		panic("setSetter: no computed attribute " + name)
	}
	gs.set = fn
}

// guardNames gives a generator-like type's __name__ and __qualname__
// CPython's setters: a str renames the generator (genRename), anything
// else and a deletion are a TypeError.
func guardNames(ty *Type) {
	for _, name := range []string{"__name__", "__qualname__"} {
		qual := name == "__qualname__"
		ty.setSetter(name, func(t *Thread, self, v Value) error {
			s, ok := v.AsStr()
			if !ok {
				return Errorf(TypeError, "%s must be set to a string object", name)
			}
			genSelf(self).rename(v, s, qual)
			return nil
		})
		ty.SetDeleter(name, refuseDelete(name+" must be set to a string object"))
	}
}

// setFunctionCode is f.__code__ = code: the code must have as many free
// variables as the function has closure cells.
func setFunctionCode(t *Thread, self, v Value) error {
	f := self.o.(*Function)
	co, ok := v.o.(*CodeObject)
	if !ok {
		return Errorf(TypeError, "__code__ must be set to a code object")
	}
	if n := len(co.code.FreeVars); n != len(f.closure) {
		return Errorf(ValueError, "%s() requires a code object with %d free vars, not %d", f.name, len(f.closure), n)
	}
	f.code = co.code
	return nil
}
