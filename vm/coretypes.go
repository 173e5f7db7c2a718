package vm

import (
	"fmt"
	"strings"
)

func strGetter(f func(self Value) string) func(*Thread, Value) (Value, error) {
	return func(_ *Thread, self Value) (Value, error) { return Str(f(self)), nil }
}

func init() {
	// ---- object ----
	ObjectType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(args) == 0 {
			return Value{}, Errorf(TypeError, "object.__new__(): not enough arguments")
		}
		cls, ok := args[0].o.(*Type)
		if !ok {
			return Value{}, Errorf(TypeError, "object.__new__(X): X is not a type object (%s)", args[0].TypeName())
		}
		if cls.newInstance == nil {
			return Value{}, Errorf(TypeError, "object.__new__(%s) is not safe, use %s.__new__()", cls.Name, cls.Name)
		}
		if cls.flags&flagAbstract != 0 {
			if err := t.checkAbstract(cls); err != nil {
				return Value{}, err
			}
		}
		inst := cls.newInstance(cls)
		if cls.flags&flagUserClass != 0 && cls.hasDel() {
			t.vm.trackFinalizer(inst)
		}
		return Value{o: inst}, nil
	})
	ObjectType.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, nil
	})
	ObjectType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(defaultRepr(self)), nil
	})
	ObjectType.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		s, err := t.Repr(self)
		return Str(s), err
	})
	ObjectType.NewMethod("__format__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) == 1 {
			if s, _ := args[0].AsStr(); s != "" {
				return Value{}, Errorf(TypeError, "unsupported format string passed to %s.__format__", self.TypeName())
			}
		}
		return t.StrValue(self)
	})
	ObjectType.NewMethod("__eq__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) == 1 && Is(self, args[0]) {
			return True, nil
		}
		return NotImplemented, nil
	})
	ObjectType.NewMethod("__ne__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 1 {
			return NotImplemented, nil
		}
		r, ok, err := t.callSpecial(self, "__eq__", args[0])
		if err != nil || !ok {
			return NotImplemented, err
		}
		if Is(r, NotImplemented) {
			return r, nil
		}
		b, err := t.Truth(r)
		return Bool(!b), err
	})
	ObjectType.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(identityHash(self)), nil
	})
	ObjectType.NewMethod("__getattribute__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 1 {
			return Value{}, Errorf(TypeError, "expected 1 argument")
		}
		name, ok := args[0].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[0].TypeName())
		}
		if c, ok := self.o.(*Type); ok {
			return t.typeGetAttr(c, intern(name))
		}
		v, found, err := t.genericGetAttr(self, self.Type(), intern(name))
		if err != nil || found {
			return v, err
		}
		return Value{}, Errorf(AttributeError, "'%s' object has no attribute '%s'", self.TypeName(), name)
	})
	ObjectType.NewMethod("__setattr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 2 {
			return Value{}, Errorf(TypeError, "expected 2 arguments")
		}
		name, ok := args[0].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[0].TypeName())
		}
		if c, ok := self.o.(*Type); ok {
			return None, t.typeSetAttr(c, name, args[1])
		}
		return None, t.genericSetAttr(self, name, args[1])
	})
	ObjectType.NewMethod("__delattr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 1 {
			return Value{}, Errorf(TypeError, "expected 1 argument")
		}
		name, ok := args[0].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[0].TypeName())
		}
		if c, ok := self.o.(*Type); ok {
			if c.immutable() {
				return Value{}, Errorf(TypeError, "cannot delete '%s' attribute of immutable type '%s'", name, c.Name)
			}
			if !c.DelAttr(name) {
				return Value{}, Errorf(AttributeError, "type object '%s' has no attribute '%s'", c.Name, name)
			}
			return None, nil
		}
		d := instanceDict(self)
		if d == nil || !d.DelStr(name) {
			return Value{}, Errorf(AttributeError, "'%s' object has no attribute '%s'", self.TypeName(), name)
		}
		return None, nil
	})
	ObjectType.NewClassMethod("__init_subclass__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) > 0 {
			return Value{}, Errorf(TypeError, "%s.__init_subclass__() takes no keyword arguments", self.o.(*Type).Name)
		}
		return None, nil
	})
	ObjectType.NewMethod("__dir__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.dirOf(self)
	})
	ObjectType.NewGetSet("__class__", func(t *Thread, self Value) (Value, error) {
		return Value{o: self.Type()}, nil
	}, func(t *Thread, self, v Value) error {
		inst, ok := self.o.(*Instance)
		c, ok2 := v.o.(*Type)
		if !ok || !ok2 || c.flags&flagUserClass == 0 {
			return Errorf(TypeError, "__class__ assignment only supported for mutable types or ModuleType subclasses")
		}
		inst.cls = c
		return nil
	})
	ObjectType.SetDeleter("__class__", refuseDelete("can't delete __class__ attribute"))
	ObjectType.NewGetSet("__dict__", func(t *Thread, self Value) (Value, error) {
		if m, ok := self.o.(*Module); ok {
			if err := m.complete(t); err != nil {
				return Value{}, err
			}
			return Value{o: m.Dict}, nil
		}
		if c, ok := self.o.(*Type); ok {
			return Value{o: c.Dict}, nil
		}
		d := ensureInstanceDict(self)
		if d == nil {
			return Value{}, Errorf(AttributeError, "'%s' object has no attribute '__dict__'", self.TypeName())
		}
		return Value{o: d}, nil
	}, setInstanceDict)

	// ---- type ----
	TypeType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		if npos == 2 {
			return Value{o: args[1].Type()}, nil
		}
		if npos != 4 {
			return Value{}, Errorf(TypeError, "type() takes 1 or 3 arguments")
		}
		meta, ok := args[0].o.(*Type)
		if !ok {
			return Value{}, Errorf(TypeError, "type.__new__(X): X is not a type object")
		}
		name, ok := args[1].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "type.__new__() argument 1 must be str, not %s", args[1].TypeName())
		}
		bases, ok := args[2].o.(*Tuple)
		if !ok {
			return Value{}, Errorf(TypeError, "type.__new__() argument 2 must be tuple, not %s", args[2].TypeName())
		}
		ns, ok := args[3].o.(*Dict)
		if !ok {
			return Value{}, Errorf(TypeError, "type.__new__() argument 3 must be dict, not %s", args[3].TypeName())
		}
		cls, err := t.newClass(meta, name, bases.items, ns.Copy(), kw, args[npos:])
		if err != nil {
			return Value{}, err
		}
		return Value{o: cls}, nil
	})
	TypeType.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return None, nil
	})
	TypeType.NewMethod("__call__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		cls, ok := self.o.(*Type)
		if !ok {
			return Value{}, Errorf(TypeError, "descriptor '__call__' requires a 'type' object")
		}
		if cls == TypeType && len(args) == 1 {
			return Value{o: args[0].Type()}, nil
		}
		return t.typeCallDefault(cls, args, kw)
	})
	TypeType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str("<class '" + self.o.(*Type).FullName() + "'>"), nil
	})
	TypeType.NewMethod("mro", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		cls := self.o.(*Type)
		items := make([]Value, len(cls.MRO))
		for i, c := range cls.MRO {
			items[i] = Value{o: c}
		}
		return NewList(items), nil
	})
	TypeType.NewMethod("__subclasses__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		cls := self.o.(*Type)
		var items []Value
		for _, c := range cls.subclassList() {
			for _, b := range c.Bases {
				if b == cls {
					items = append(items, Value{o: c})
					break
				}
			}
		}
		return NewList(items), nil
	})
	TypeType.NewMethod("__instancecheck__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(self.o.(*Type).IsSubtype(args[0].Type())), nil
	})
	TypeType.NewMethod("__subclasscheck__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		c, ok := args[0].o.(*Type)
		return Bool(ok && self.o.(*Type).IsSubtype(c)), nil
	})
	TypeType.NewMethod("__or__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return makeUnion(self, args[0]), nil
	})
	TypeType.NewMethod("__ror__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return makeUnion(args[0], self), nil
	})
	TypeType.NewGetSet("__name__", func(_ *Thread, self Value) (Value, error) {
		c := self.o.(*Type)
		if v := c.names.get(false); v.o != nil {
			return v, nil
		}
		return Str(c.ShortName()), nil
	}, func(t *Thread, self, v Value) error {
		return t.typeSetAttr(self.o.(*Type), "__name__", v)
	})
	TypeType.NewGetSet("__qualname__", func(_ *Thread, self Value) (Value, error) {
		c := self.o.(*Type)
		if v := c.names.get(true); v.o != nil {
			return v, nil
		}
		return Str(c.QualName), nil
	}, func(t *Thread, self, v Value) error {
		return t.typeSetAttr(self.o.(*Type), "__qualname__", v)
	})
	TypeType.NewGetSet("__module__", func(t *Thread, self Value) (Value, error) {
		c := self.o.(*Type)
		if v, ok := c.Dict.GetStr("__module__"); ok {
			return v, nil
		}
		return Str(c.Module), nil
	}, func(t *Thread, self, v Value) error {
		c := self.o.(*Type)
		c.Module, _ = v.AsStr()
		c.Dict.SetStr("__module__", v)
		return nil
	})
	TypeType.NewGetSet("__bases__", func(t *Thread, self Value) (Value, error) {
		c := self.o.(*Type)
		items := make([]Value, len(c.Bases))
		for i, b := range c.Bases {
			items[i] = Value{o: b}
		}
		return NewTuple(items), nil
	}, nil)
	TypeType.NewGetSet("__base__", func(t *Thread, self Value) (Value, error) {
		c := self.o.(*Type)
		if len(c.Bases) == 0 {
			return None, nil
		}
		return Value{o: c.Bases[0]}, nil
	}, nil)
	TypeType.NewGetSet("__mro__", func(t *Thread, self Value) (Value, error) {
		c := self.o.(*Type)
		items := make([]Value, len(c.MRO))
		for i, b := range c.MRO {
			items[i] = Value{o: b}
		}
		return NewTuple(items), nil
	}, nil)
	TypeType.NewGetSet("__dict__", func(t *Thread, self Value) (Value, error) {
		return NewMappingProxy(self.o.(*Type).Dict), nil
	}, nil)
	TypeType.NewGetSet("__doc__", func(t *Thread, self Value) (Value, error) {
		if v, ok := self.o.(*Type).Dict.GetStr("__doc__"); ok {
			return v, nil
		}
		return docValue(self), nil // a type written in Go
	}, nil)
	TypeType.NewGetSet("__abstractmethods__", func(t *Thread, self Value) (Value, error) {
		return Value{o: NewSet()}, nil
	}, nil)

	// ---- functions and methods ----
	FunctionType.NewGetSet("__name__", func(_ *Thread, self Value) (Value, error) { return self.o.(*Function).nameValue(false), nil }, func(t *Thread, self, v Value) error {
		s, ok := v.AsStr()
		if !ok {
			return Errorf(TypeError, "__name__ must be set to a string object")
		}
		self.o.(*Function).setName(v, s, false)
		return nil
	})
	FunctionType.NewGetSet("__qualname__", func(_ *Thread, self Value) (Value, error) { return self.o.(*Function).nameValue(true), nil }, func(t *Thread, self, v Value) error {
		s, ok := v.AsStr()
		if !ok {
			return Errorf(TypeError, "__qualname__ must be set to a string object")
		}
		self.o.(*Function).setName(v, s, true)
		return nil
	})
	FunctionType.NewGetSet("__doc__", func(t *Thread, self Value) (Value, error) {
		return self.o.(*Function).doc, nil
	}, func(t *Thread, self, v Value) error {
		self.o.(*Function).doc = v
		return nil
	})
	FunctionType.NewGetSet("__module__", func(t *Thread, self Value) (Value, error) {
		if m := self.o.(*Function).module; m.o != nil {
			return m, nil
		}
		return None, nil
	}, func(t *Thread, self, v Value) error {
		self.o.(*Function).module = v
		return nil
	})
	FunctionType.NewGetSet("__defaults__", func(t *Thread, self Value) (Value, error) {
		f := self.o.(*Function)
		if f.defaults == nil {
			return None, nil
		}
		return NewTuple(f.defaults), nil
	}, func(t *Thread, self, v Value) error {
		f := self.o.(*Function)
		if v.IsNone() {
			f.defaults = nil
			return nil
		}
		tup, ok := v.o.(*Tuple)
		if !ok {
			return Errorf(TypeError, "__defaults__ must be set to a tuple object")
		}
		f.defaults = tup.items
		return nil
	})
	FunctionType.NewGetSet("__kwdefaults__", func(t *Thread, self Value) (Value, error) {
		f := self.o.(*Function)
		if f.kwdefaults == nil {
			return None, nil
		}
		return Value{o: f.kwdefaults}, nil
	}, func(t *Thread, self, v Value) error {
		f := self.o.(*Function)
		if v.IsNone() {
			f.kwdefaults = nil
			return nil
		}
		d, ok := v.o.(*Dict)
		if !ok {
			return Errorf(TypeError, "__kwdefaults__ must be set to a dict object")
		}
		f.kwdefaults = d
		return nil
	})
	FunctionType.NewGetSet("__annotations__", func(t *Thread, self Value) (Value, error) {
		f := self.o.(*Function)
		if f.annotations == nil {
			f.annotations = NewDict()
		}
		return Value{o: f.annotations}, nil
	}, func(t *Thread, self, v Value) error {
		f := self.o.(*Function)
		if v.IsNone() {
			f.annotations = nil
			return nil
		}
		d, ok := v.o.(*Dict)
		if !ok {
			return Errorf(TypeError, "__annotations__ must be set to a dict object")
		}
		f.annotations = d
		return nil
	})
	// del f.__defaults__ and friends reset them, as CPython's setters do
	// when given NULL; the names must stay strings
	for _, name := range []string{"__doc__", "__defaults__", "__kwdefaults__", "__annotations__", "__module__"} {
		FunctionType.SetDeleter(name, deleteBySetting(name, None, FunctionType))
	}
	FunctionType.SetDeleter("__name__", refuseDelete("__name__ must be set to a string object"))
	FunctionType.SetDeleter("__qualname__", refuseDelete("__qualname__ must be set to a string object"))
	FunctionType.NewGetSet("__closure__", func(t *Thread, self Value) (Value, error) {
		f := self.o.(*Function)
		if len(f.closure) == 0 {
			return None, nil
		}
		return NewTuple(f.closure), nil
	}, nil)
	FunctionType.NewGetSet("__code__", func(t *Thread, self Value) (Value, error) {
		return self.o.(*Function).code.object(), nil
	}, setFunctionCode)
	FunctionType.SetDeleter("__code__", refuseDelete("__code__ must be set to a code object"))
	// __builtins__: the builtins namespace its globals give (frameBuiltins)
	FunctionType.NewGetSet("__builtins__", func(t *Thread, self Value) (Value, error) {
		return Value{o: t.frameBuiltins(self.o.(*Function).globals)}, nil
	}, nil)
	FunctionType.NewGetSet("__globals__", func(t *Thread, self Value) (Value, error) {
		return Value{o: self.o.(*Function).globals}, nil
	}, nil)
	FunctionType.NewMethod("__get__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) == 0 || args[0].IsNone() {
			return self, nil
		}
		return Value{o: &BoundMethod{fn: self, self: args[0]}}, nil
	})

	MethodType.NewGetSet("__self__", func(t *Thread, self Value) (Value, error) { return self.o.(*BoundMethod).self, nil }, nil)
	MethodType.NewGetSet("__func__", func(t *Thread, self Value) (Value, error) { return self.o.(*BoundMethod).fn, nil }, nil)
	MethodType.NewGetSet("__name__", func(t *Thread, self Value) (Value, error) {
		return t.GetAttr(self.o.(*BoundMethod).fn, "__name__")
	}, nil)
	MethodType.NewGetSet("__qualname__", func(t *Thread, self Value) (Value, error) {
		return t.GetAttr(self.o.(*BoundMethod).fn, "__qualname__")
	}, nil)
	MethodType.NewGetSet("__doc__", func(t *Thread, self Value) (Value, error) {
		return t.GetAttr(self.o.(*BoundMethod).fn, "__doc__")
	}, nil)
	MethodType.NewMethod("__eq__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		a := self.o.(*BoundMethod)
		b, ok := args[0].o.(*BoundMethod)
		if !ok {
			return NotImplemented, nil
		}
		return Bool(Is(a.fn, b.fn) && Is(a.self, b.self)), nil
	})
	MethodType.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(identityHash(self.o.(*BoundMethod).fn) ^ identityHash(self.o.(*BoundMethod).self)), nil
	})
	MethodType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		bm := self.o.(*BoundMethod)
		name := "?"
		if v, err := t.GetAttr(bm.fn, "__qualname__"); err == nil {
			name, _ = v.AsStr()
		}
		r, err := t.Repr(bm.self)
		if err != nil {
			return Value{}, err
		}
		return Str(fmt.Sprintf("<bound method %s of %s>", name, r)), nil
	})
	MethodType.NewGetSet("__module__", func(t *Thread, self Value) (Value, error) {
		return t.GetAttr(self.o.(*BoundMethod).fn, "__module__")
	}, nil)
	// builtin_function_or_method: a *Builtin, or a method of a builtin type
	// bound to an object (a *BoundMethod over a *BuiltinMethod), as in
	// CPython ([].append is one)
	BuiltinFunctionType.NewGetSet("__name__", func(t *Thread, self Value) (Value, error) {
		if m, _ := boundBuiltin(self); m != nil {
			return Str(m.name), nil
		}
		return Str(self.o.(*Builtin).name), nil
	}, nil)
	BuiltinFunctionType.NewGetSet("__qualname__", func(t *Thread, self Value) (Value, error) {
		if m, _ := boundBuiltin(self); m != nil {
			return Str(m.owner.Name + "." + m.name), nil
		}
		return Str(self.o.(*Builtin).name), nil
	}, nil)
	BuiltinFunctionType.NewGetSet("__self__", func(t *Thread, self Value) (Value, error) {
		if m, bm := boundBuiltin(self); m != nil {
			return bm.self, nil
		}
		b := self.o.(*Builtin)
		if b.self.o != nil {
			return b.self, nil
		}
		// a module-level function: its module, as CPython gives
		if mod, ok := t.vm.Modules.GetStr(b.moduleName()); ok {
			return mod, nil
		}
		return None, nil
	}, nil)
	BuiltinFunctionType.NewGetSet("__doc__", func(t *Thread, self Value) (Value, error) {
		if b, ok := self.o.(*Builtin); ok && b.doc != "" {
			return Str(b.doc), nil
		}
		return docValue(self), nil
	}, nil)
	BuiltinFunctionType.NewGetSet("__text_signature__", func(t *Thread, self Value) (Value, error) {
		return sigValue(self), nil
	}, nil)
	BuiltinFunctionType.NewGetSet("__module__", func(t *Thread, self Value) (Value, error) {
		if m, _ := boundBuiltin(self); m != nil {
			return None, nil
		}
		b := self.o.(*Builtin)
		if b.static != nil {
			return None, nil // a static method of a type (str.maketrans)
		}
		return Str(b.moduleName()), nil
	}, nil)
	BuiltinFunctionType.NewMethod("__eq__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("__eq__", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		if m, bm := boundBuiltin(self); m != nil {
			if m2, bm2 := boundBuiltin(args[0]); m2 != nil {
				return Bool(m == m2 && Is(bm.self, bm2.self)), nil
			}
			return NotImplemented, nil
		}
		if _, ok := args[0].o.(*Builtin); !ok {
			return NotImplemented, nil
		}
		return Bool(Is(self, args[0])), nil
	})
	BuiltinFunctionType.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if m, bm := boundBuiltin(self); m != nil {
			return Int(identityHash(bm.fn) ^ identityHash(bm.self)), nil
		}
		return Int(identityHash(self)), nil
	})
	MethodDescriptorType.NewGetSet("__name__", strGetter(func(v Value) string { return v.o.(*BuiltinMethod).name }), nil)
	MethodDescriptorType.NewGetSet("__qualname__", strGetter(func(v Value) string {
		m := v.o.(*BuiltinMethod)
		return m.owner.Name + "." + m.name
	}), nil)
	MethodDescriptorType.NewGetSet("__doc__", func(t *Thread, self Value) (Value, error) {
		return docValue(self), nil
	}, nil)
	MethodDescriptorType.NewGetSet("__text_signature__", func(t *Thread, self Value) (Value, error) {
		return sigValue(self), nil
	}, nil)
	MethodDescriptorType.NewMethod("__get__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) == 0 || args[0].IsNone() {
			return self, nil
		}
		return t.bindAttr(self, args[0])
	})
	CellType.NewGetSet("cell_contents", func(t *Thread, self Value) (Value, error) {
		c := self.o.(*Cell)
		if c.v.o == nil {
			return Value{}, Errorf(ValueError, "Cell is empty")
		}
		return c.v, nil
	}, func(t *Thread, self, v Value) error {
		self.o.(*Cell).v = v
		return nil
	})

	// ---- staticmethod, classmethod, property ----
	StaticMethodType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(args) != 2 {
			return Value{}, Errorf(TypeError, "staticmethod expected 1 argument, got %d", len(args)-1)
		}
		d, err := copyWrappedAttrs(t, args[1])
		if err != nil {
			return Value{}, err
		}
		return Value{o: &StaticMethod{fn: args[1], dict: d}}, nil
	})
	StaticMethodType.NewGetSet("__func__", func(t *Thread, self Value) (Value, error) { return self.o.(*StaticMethod).fn, nil }, nil)
	StaticMethodType.NewGetSet("__wrapped__", func(t *Thread, self Value) (Value, error) { return self.o.(*StaticMethod).fn, nil }, nil)
	StaticMethodType.NewGetSet("__isabstractmethod__", func(t *Thread, self Value) (Value, error) {
		return Bool(isAbstract(self.o.(*StaticMethod).fn)), nil
	}, nil)
	StaticMethodType.NewMethod("__get__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self.o.(*StaticMethod).fn, nil
	})
	StaticMethodType.NewMethod("__call__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.Call(self.o.(*StaticMethod).fn, args, kw)
	})
	ClassMethodType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		if len(args) != 2 {
			return Value{}, Errorf(TypeError, "classmethod expected 1 argument, got %d", len(args)-1)
		}
		d, err := copyWrappedAttrs(t, args[1])
		if err != nil {
			return Value{}, err
		}
		return Value{o: &ClassMethod{fn: args[1], dict: d}}, nil
	})
	ClassMethodType.NewGetSet("__func__", func(t *Thread, self Value) (Value, error) { return self.o.(*ClassMethod).fn, nil }, nil)
	ClassMethodType.NewGetSet("__wrapped__", func(t *Thread, self Value) (Value, error) { return self.o.(*ClassMethod).fn, nil }, nil)
	ClassMethodType.NewGetSet("__isabstractmethod__", func(t *Thread, self Value) (Value, error) {
		return Bool(isAbstract(self.o.(*ClassMethod).fn)), nil
	}, nil)
	ClassMethodType.NewMethod("__get__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		owner := Value{}
		if len(args) > 1 && !args[1].IsNone() {
			owner = args[1]
		} else if len(args) > 0 {
			owner = Value{o: args[0].Type()}
		}
		return Value{o: &BoundMethod{fn: self.o.(*ClassMethod).fn, self: owner}}, nil
	})
	PropertyType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		var fget, fset, fdel, doc Value
		if err := UnpackArgs("property", args[1:], kw, []string{"fget?", "fset?", "fdel?", "doc?"}, &fget, &fset, &fdel, &doc); err != nil {
			return Value{}, err
		}
		p := &Property{fget: orNone(fget), fset: orNone(fset), fdel: orNone(fdel), doc: orNone(doc)}
		if p.doc.IsNone() && !p.fget.IsNone() {
			if d, err := t.GetAttr(p.fget, "__doc__"); err == nil {
				p.doc = d
			}
		}
		return Value{o: p}, nil
	})
	PropertyType.NewGetSet("fget", func(t *Thread, self Value) (Value, error) { return self.o.(*Property).fget, nil }, nil)
	PropertyType.NewGetSet("fset", func(t *Thread, self Value) (Value, error) { return self.o.(*Property).fset, nil }, nil)
	PropertyType.NewGetSet("fdel", func(t *Thread, self Value) (Value, error) { return self.o.(*Property).fdel, nil }, nil)
	PropertyType.NewGetSet("__doc__", func(t *Thread, self Value) (Value, error) { return self.o.(*Property).doc, nil }, func(t *Thread, self, v Value) error {
		self.o.(*Property).doc = v
		return nil
	})
	PropertyType.SetDeleter("__doc__", deleteBySetting("__doc__", None, PropertyType))
	PropertyType.NewGetSet("__isabstractmethod__", func(t *Thread, self Value) (Value, error) {
		return Bool(isAbstract(self.o.(*Property).fget)), nil
	}, nil)
	for _, which := range []string{"getter", "setter", "deleter"} {
		which := which
		PropertyType.NewMethod(which, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if len(args) != 1 {
				return Value{}, Errorf(TypeError, "%s() takes exactly one argument", which)
			}
			p := *self.o.(*Property)
			switch which {
			case "getter":
				p.fget = args[0]
			case "setter":
				p.fset = args[0]
			case "deleter":
				p.fdel = args[0]
			}
			return Value{o: &p}, nil
		})
	}
	PropertyType.NewMethod("__get__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) == 0 || args[0].IsNone() {
			return self, nil
		}
		return t.bindAttr(self, args[0])
	})
	PropertyType.NewMethod("__set__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		p := self.o.(*Property)
		if p.fset.IsNone() {
			return Value{}, Errorf(AttributeError, "can't set attribute")
		}
		return t.Call(p.fset, args, nil)
	})

	SuperType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		return superNew(t, Value{}, args[1:], kw)
	})
	SuperType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		s := self.o.(*Super)
		if s.objType == nil {
			return Str(fmt.Sprintf("<super: <class '%s'>, NULL>", s.thisClass.Name)), nil
		}
		return Str(fmt.Sprintf("<super: <class '%s'>, <%s object>>", s.thisClass.Name, s.objType.Name)), nil
	})

	ModuleType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		s, _ := simpleRepr(self)
		return Str(s), nil
	})
	ModuleType.NewMethod("__dir__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		m := self.o.(*Module)
		if err := m.complete(t); err != nil {
			return Value{}, err
		}
		keys := m.Dict.Keys()
		return t.sortedList(keys)
	})
	NoneType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return Str("None"), nil })
	NoneType.NewMethod("__bool__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return False, nil })
	NoneType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) { return None, nil })
	NotImplementedType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str("NotImplemented"), nil
	})
	EllipsisType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return Str("Ellipsis"), nil })
	GenericAliasType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		g := self.o.(*GenericAlias)
		// like typing's _type_repr: classes by (qualified) name
		name := func(v Value) string {
			if c, ok := v.o.(*Type); ok {
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
		argText := name(g.args)
		if tup, ok := g.args.o.(*Tuple); ok {
			parts := make([]string, len(tup.items))
			for i, x := range tup.items {
				parts[i] = name(x)
			}
			argText = strings.Join(parts, ", ")
		}
		return Str(name(g.origin) + "[" + argText + "]"), nil
	})
	GenericAliasType.NewGetSet("__origin__", func(t *Thread, self Value) (Value, error) {
		return self.o.(*GenericAlias).origin, nil
	}, nil)
	GenericAliasType.NewGetSet("__args__", func(t *Thread, self Value) (Value, error) {
		a := self.o.(*GenericAlias).args
		if _, ok := a.o.(*Tuple); ok {
			return a, nil
		}
		return NewTuple([]Value{a}), nil
	}, nil)
	GenericAliasType.NewGetSet("__parameters__", func(t *Thread, self Value) (Value, error) { return NewTuple(nil), nil }, nil)
	GenericAliasType.NewMethod("__call__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.Call(self.o.(*GenericAlias).origin, args, kw)
	})
	GenericAliasType.NewMethod("__getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return self, nil
	})
	GenericAliasType.NewMethod("__or__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return makeUnion(self, args[0]), nil
	})
	GenericAliasType.NewMethod("__ror__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return makeUnion(args[0], self), nil
	})
}

func orNone(v Value) Value {
	if v.o == nil {
		return None
	}
	return v
}

// sortedList returns a new list of vs sorted by <.
func (t *Thread) sortedList(vs []Value) (Value, error) {
	l := &List{vals: vs}
	if err := t.SortValues(l.Items(), Value{}, false); err != nil {
		return Value{}, err
	}
	return Value{o: l}, nil
}

// dirOf implements dir(obj).
func (t *Thread) dirOf(obj Value) (Value, error) {
	seen := NewDict()
	add := func(d *Dict) {
		if d == nil {
			return
		}
		d.Items(func(k, v Value) bool {
			seen.Set(t, k, None)
			return true
		})
	}
	switch o := obj.o.(type) {
	case *Module:
		if err := o.complete(t); err != nil {
			return Value{}, err
		}
		add(o.Dict)
	case *Type:
		for _, c := range o.MRO {
			add(c.Dict)
		}
	default:
		add(instanceDict(obj))
		for _, c := range obj.Type().MRO {
			add(c.Dict)
		}
	}
	return t.sortedList(seen.Keys())
}

// setInstanceDict is obj.__dict__ = d for instances of classes and
// exceptions: the dict becomes the instance's namespace itself.
func setInstanceDict(t *Thread, self, v Value) error {
	inst, isInst := self.o.(*Instance)
	exc, isExc := self.o.(*Exception)
	if f, ok := self.o.(*Function); ok {
		d, ok := v.o.(*Dict)
		if !ok {
			return Errorf(TypeError, "__dict__ must be set to a dictionary, not a '%s'", v.TypeName())
		}
		f.dict = d
		return nil
	}
	if isInst && inst.materialize() == nil {
		return Errorf(AttributeError, "'%s' object has no attribute '__dict__'", self.TypeName())
	}
	if !isInst && !isExc {
		return Errorf(AttributeError, "attribute '__dict__' of '%s' objects is not writable", self.TypeName())
	}
	d, ok := v.o.(*Dict)
	if !ok {
		return Errorf(TypeError, "__dict__ must be set to a dictionary, not a '%s'", v.TypeName())
	}
	if isExc {
		exc.dict = d
		return nil
	}
	inst.dict, inst.shape, inst.vals = d, nil, nil
	return nil
}
