package vm

import (
	"fmt"
	"strings"
)

// GetSet is a computed attribute of a builtin type (like CPython's getset
// descriptors): __name__ of functions, args of exceptions, ...
type GetSet struct {
	name string
	get  func(t *Thread, self Value) (Value, error)
	set  func(t *Thread, self, v Value) error // nil: read-only
	// del is what `del obj.name` does (nil: AttributeError "cannot delete
	// attribute"); see SetDeleter.
	del func(t *Thread, self Value) error
}

// Type implements Object.
func (*GetSet) Type() *Type { return GetSetDescriptorType }

// GetSetDescriptorType is the type of GetSet descriptors.
var GetSetDescriptorType = newBuiltinType("getset_descriptor", ObjectType)

// NewGetSet registers a computed attribute on a builtin type.
func (t *Type) NewGetSet(name string, get func(t *Thread, self Value) (Value, error), set func(t *Thread, self, v Value) error) {
	t.setNative(name, Value{o: nativeGetSet(GetSet{name: name, get: get, set: set})})
}

// SetDeleter gives the computed attribute name of a builtin type its
// deletion: fn runs for `del obj.name` (CPython's setter called with NULL).
func (t *Type) SetDeleter(name string, fn func(t *Thread, self Value) error) {
	v, _ := t.Dict.GetStr(name)
	gs, ok := v.o.(*GetSet)
	if !ok {
		panic("SetDeleter: no computed attribute " + name)
	}
	gs.del = fn
}

// deleteBySetting is a deleter that stores v through the attribute's
// setter (a function's __defaults__ deleted is None).
func deleteBySetting(name string, v Value, ty *Type) func(t *Thread, self Value) error {
	return func(t *Thread, self Value) error {
		gv, _ := ty.Dict.GetStr(name)
		return gv.o.(*GetSet).set(t, self, v)
	}
}

// refuseDelete is a deleter raising CPython's TypeError msg.
func refuseDelete(msg string) func(t *Thread, self Value) error {
	return func(t *Thread, self Value) error { return Errorf(TypeError, "%s", msg) }
}

// isDataDescriptor reports whether a class attribute takes precedence over
// the instance dict.
func isDataDescriptor(v Value) bool {
	switch o := v.o.(type) {
	case *Property, *GetSet, *slotMember:
		return true
	case *Instance:
		_, ok := o.cls.Lookup("__set__")
		if !ok {
			_, ok = o.cls.Lookup("__delete__")
		}
		return ok
	}
	return false
}

// bindAttr applies the descriptor protocol to a class attribute found for
// instance obj.
func (t *Thread) bindAttr(attr, obj Value) (Value, error) {
	switch o := attr.o.(type) {
	case *Function:
		return Value{o: &BoundMethod{fn: attr, self: obj}}, nil
	case *BuiltinMethod:
		switch o.kind {
		case methodStatic:
			return Value{o: &Builtin{name: o.name, static: o, fn: func(t *Thread, args []Value, kw []string) (Value, error) {
				return o.fn(t, Value{}, args, kw)
			}}}, nil
		case methodClass:
			return Value{o: &BoundMethod{fn: attr, self: Value{o: obj.Type()}}}, nil
		}
		return Value{o: &BoundMethod{fn: attr, self: obj}}, nil
	case *StaticMethod:
		return o.fn, nil
	case *ClassMethod:
		return Value{o: &BoundMethod{fn: o.fn, self: Value{o: obj.Type()}}}, nil
	case *Property:
		if o.fget.o == nil || o.fget.IsNone() {
			return Value{}, Errorf(AttributeError, "property of '%s' object has no getter", obj.TypeName())
		}
		return t.Call(o.fget, []Value{obj}, nil)
	case *GetSet:
		return o.get(t, obj)
	case *slotMember:
		return o.get(obj)
	case *Instance:
		if g, ok := o.cls.Lookup("__get__"); ok {
			return t.callMethod(g, attr, []Value{obj, {o: obj.Type()}}, nil)
		}
	case Descriptor:
		return o.DescriptorGet(t, obj)
	}
	return attr, nil
}

// instanceDict returns the __dict__ of an object, if it has one.
func instanceDict(v Value) *Dict {
	switch o := v.o.(type) {
	case *Instance:
		if o.shape != nil && o.dict == nil && len(o.shape.keys) > 0 {
			return o.materialize()
		}
		return o.dict
	case *Exception:
		return o.dict
	case *Function:
		return o.dict
	case *List:
		return o.dict
	case *Dict:
		return o.dict
	case *Set:
		return o.dict
	case *Tuple:
		return o.dict
	case *Future:
		if o.more == nil {
			return nil
		}
		return o.more.dict
	case *bigInt, *StrObject, *floatSub, *bytesSub:
		return scalarSubclassDict(v, false)
	case DictPeeker:
		return o.PeekInstanceDict()
	case DictHolder:
		return o.InstanceDict()
	}
	return nil
}

// DictHolder is implemented by objects of native (Go) types whose script
// subclasses may set instance attributes.
type DictHolder interface {
	InstanceDict() *Dict
}

// DictPeeker is a DictHolder that makes its dict on first use:
// PeekInstanceDict returns it, or nil while none was made, so that reading
// an attribute (every method call looks for one in the instance first)
// does not give each object an empty dict.
type DictPeeker interface {
	DictHolder
	PeekInstanceDict() *Dict
}

func ensureInstanceDict(v Value) *Dict {
	switch o := v.o.(type) {
	case *Instance:
		return o.materialize()
	case *Exception:
		if o.dict == nil {
			o.dict = NewDict()
		}
		return o.dict
	case *Function:
		if o.dict == nil {
			o.dict = NewDict()
		}
		return o.dict
	case *List:
		if o.cls != nil && o.dict == nil {
			o.dict = NewDict()
		}
		return o.dict
	case *Dict:
		if o.cls != nil && o.dict == nil && o.cls.slots == nil {
			o.dict = NewDict()
		}
		return o.dict
	case *Set:
		if o.cls != nil && o.dict == nil && o.cls.slots == nil {
			o.dict = NewDict()
		}
		return o.dict
	case *Tuple:
		if o.cls != nil && o.dict == nil && o.cls.slots == nil {
			o.dict = NewDict()
		}
		return o.dict
	case *Future:
		if o.class() == nil {
			return nil
		}
		if o.more.dict == nil {
			o.more.dict = NewDict()
		}
		return o.more.dict
	case *bigInt, *StrObject, *floatSub, *bytesSub:
		return scalarSubclassDict(v, true)
	case DictHolder:
		return o.InstanceDict()
	}
	return nil
}

// GetAttr returns obj.name.
func (t *Thread) GetAttr(obj Value, name string) (Value, error) {
	return t.getAttr(obj, intern(name))
}

func (t *Thread) getAttr(obj Value, name *StrObject) (Value, error) {
	v, err := t.getAttr1(obj, name)
	if err != nil {
		annotateAttrError(err, obj, name.s)
	}
	return v, err
}

func (t *Thread) getAttr1(obj Value, name *StrObject) (Value, error) {
	switch o := obj.o.(type) {
	case *Module:
		v, found, err := t.moduleLookupAttr(o, name)
		if err == nil && !found {
			err = Errorf(AttributeError, "module '%s' has no attribute '%s'", o.Name, name.s)
		}
		return v, err
	case *Type:
		return t.typeGetAttr(o, name)
	case *Super:
		return o.getAttr(t, name.s)
	}
	cls := obj.Type()
	if cls.flags&flagUserClass != 0 && cls.typeFlags()&flagHasGetattribute != 0 {
		ga, _ := cls.Lookup("__getattribute__")
		v, err := t.callMethod(ga, obj, []Value{{o: name}}, nil)
		if err != nil {
			if e, ok := err.(*Exception); ok && e.IsInstance(AttributeError) && cls.typeFlags()&flagHasGetattr != 0 {
				return t.getAttrFallback(obj, name, e)
			}
		}
		return v, err
	}
	v, found, err := t.genericGetAttr(obj, cls, name)
	if err != nil || found {
		return v, err
	}
	return t.getAttrFallback(obj, name, nil)
}

// genericGetAttr is object.__getattribute__.
func (t *Thread) genericGetAttr(obj Value, cls *Type, name *StrObject) (Value, bool, error) {
	attr, ok := cls.Lookup(name.s)
	if ok && isDataDescriptor(attr) {
		v, err := t.bindAttr(attr, obj)
		return v, true, err
	}
	if inst, ok := obj.o.(*Instance); ok && inst.dict == nil {
		if v, ok := inst.getShaped(name); ok {
			return v, true, nil
		}
	} else if d := instanceDict(obj); d != nil {
		if i := d.indexStr(name); i >= 0 {
			return d.entries[i].value, true, nil
		}
	}
	if ok {
		v, err := t.bindAttr(attr, obj)
		return v, true, err
	}
	return Value{}, false, nil
}

func (t *Thread) getAttrFallback(obj Value, name *StrObject, prev *Exception) (Value, error) {
	cls := obj.Type()
	if cls.flags&flagUserClass != 0 && cls.typeFlags()&flagHasGetattr != 0 {
		ga, _ := cls.Lookup("__getattr__")
		return t.callMethod(ga, obj, []Value{{o: name}}, nil)
	}
	if prev != nil {
		return Value{}, prev
	}
	if ah, ok := obj.o.(AttrHolder); ok {
		if v, found, err := ah.GetAttr(t, name.s); found || err != nil {
			return v, err
		}
	}
	e := Errorf(AttributeError, "'%s' object has no attribute '%s'", cls.Name, name.s)
	annotateAttrError(e, obj, name.s)
	return Value{}, e
}

// typeGetAttr is type.__getattribute__ for class objects.
func (t *Thread) typeGetAttr(cls *Type, name *StrObject) (Value, error) {
	v, found, err := t.typeLookupAttr(cls, name)
	if err == nil && !found {
		err = Errorf(AttributeError, "type object '%s' has no attribute '%s'", cls.Name, name.s)
	}
	return v, err
}

// typeLookupAttr is typeGetAttr without the AttributeError of a missing
// name: found is false instead.
func (t *Thread) typeLookupAttr(cls *Type, name *StrObject) (Value, bool, error) {
	meta := cls.Type()
	mattr, mok := meta.Lookup(name.s)
	if mok && isDataDescriptor(mattr) {
		return found1(t.bindAttr(mattr, Value{o: cls}))
	}
	if attr, ok := cls.Lookup(name.s); ok {
		switch o := attr.o.(type) {
		case *StaticMethod:
			return o.fn, true, nil
		case *ClassMethod:
			return Value{o: &BoundMethod{fn: o.fn, self: Value{o: cls}}}, true, nil
		case *BuiltinMethod:
			if o.kind == methodClass {
				return Value{o: &BoundMethod{fn: attr, self: Value{o: cls}}}, true, nil
			}
			if o.kind == methodStatic {
				return found1(t.bindAttr(attr, Value{o: cls}))
			}
			return attr, true, nil
		case *Instance:
			if g, ok := o.cls.Lookup("__get__"); ok {
				return found1(t.callMethod(g, attr, []Value{None, {o: cls}}, nil))
			}
		}
		return attr, true, nil
	}
	if mok {
		return found1(t.bindAttr(mattr, Value{o: cls}))
	}
	if meta.flags&flagUserClass != 0 {
		if ga, ok := meta.Lookup("__getattr__"); ok {
			return found1(t.callMethod(ga, Value{o: cls}, []Value{{o: name}}, nil))
		}
	}
	return Value{}, false, nil
}

// getAttrCached is LOAD_ATTR; it caches the class-level lookup per
// instruction for instances of user classes.
func (t *Thread) getAttrCached(code *Code, pc int, obj Value, name *StrObject) (Value, error) {
	if inst, ok := obj.o.(*Instance); ok && code != nil {
		cls := inst.cls
		if cls.typeFlags()&(flagHasGetattribute) == 0 {
			if code.attrCache == nil {
				code.attrCache = make([]attrCacheEntry, len(code.instrs))
			}
			return t.instanceAttrAt(&code.attrCache[pc], inst, obj, name)
		}
	}
	return t.getAttr(obj, name)
}

// instanceAttrAt is obj.name for an instance of a user class without
// __getattribute__, through the attribute site c (a LOAD_ATTR's entry or
// an AttrSite's).
func (t *Thread) instanceAttrAt(c *attrCacheEntry, inst *Instance, obj Value, name *StrObject) (Value, error) {
	if cls := inst.cls; c.typ != cls || c.version != cls.version {
		c = t.instanceAttrEntry(c, cls, name)
	}
	if c.kind == attrKindDataDescriptor {
		return t.bindAttr(c.value, obj)
	}
	if inst.dict != nil {
		if i := inst.dict.indexStr(name); i >= 0 {
			return inst.dict.entries[i].value, nil
		}
	} else if s := inst.shape; s != nil {
		if c.shape == s {
			return inst.vals[c.slot], nil
		}
		if i := s.index(name); i >= 0 {
			c.shape, c.slot = s, int32(i)
			return inst.vals[i], nil
		}
	}
	if c.value.o != nil {
		return t.bindAttr(c.value, obj)
	}
	return t.getAttrFallback(obj, name, nil)
}

// loadMethod is LOAD_METHOD: for a plain method found on the type it returns
// the unbound function and isMeth=true (no bound method is allocated).
func (t *Thread) loadMethod(code *Code, pc int, obj Value, name *StrObject) (Value, bool, error) {
	if code != nil && code.attrCache != nil {
		// list.append and the like, as this instruction found them before
		if c := &code.attrCache[pc]; c.kind == attrKindBuiltinMethod && c.typ == plainBuiltinType(obj) {
			return c.value, true, nil
		}
	}
	switch obj.o.(type) {
	case *Module, *Type, *Super:
		v, err := t.getAttr(obj, name)
		return v, false, err
	}
	cls := obj.Type()
	if cls.flags&flagUserClass != 0 && cls.typeFlags()&flagHasGetattribute != 0 {
		v, err := t.getAttr(obj, name)
		return v, false, err
	}
	var attr Value
	var found bool
	if inst, ok := obj.o.(*Instance); ok && code != nil {
		if code.attrCache == nil {
			code.attrCache = make([]attrCacheEntry, len(code.instrs))
		}
		c := &code.attrCache[pc]
		if c.typ != cls || c.version != cls.version {
			var filled bool
			if c, filled = c.entryFor(cls); !filled {
				c.value = t.vm.lookupCached(cls, name)
			}
		}
		attr, found = c.value, c.value.o != nil
		if inst.dict != nil {
			if i := inst.dict.indexStr(name); i >= 0 && !(found && isDataDescriptor(attr)) {
				return inst.dict.entries[i].value, false, nil
			}
		} else if inst.shape != nil && c.shape != inst.shape {
			// c.shape caches a shape known not to hold name
			if i := inst.shape.index(name); i >= 0 && !(found && isDataDescriptor(attr)) {
				return inst.vals[i], false, nil
			}
			c.shape = inst.shape
		}
	} else {
		if code != nil {
			// builtin types never change: cache the lookup per instruction
			if code.attrCache == nil {
				code.attrCache = make([]attrCacheEntry, len(code.instrs))
			}
			c := &code.attrCache[pc]
			if c.typ != cls || c.version != cls.version {
				var filled bool
				if c, filled = c.entryFor(cls); !filled {
					a := t.vm.lookupCached(cls, name)
					c.value = a
					if m, ok := a.o.(*BuiltinMethod); ok && m.kind == methodInstance && plainBuiltinType(obj) == cls {
						c.kind = attrKindBuiltinMethod
					}
				}
			}
			attr, found = c.value, c.value.o != nil
		} else {
			attr, found = cls.Lookup(name.s)
		}
		if d := instanceDict(obj); d != nil && !(found && isDataDescriptor(attr)) {
			if i := d.indexStr(name); i >= 0 {
				return d.entries[i].value, false, nil
			}
		}
	}
	if found {
		switch o := attr.o.(type) {
		case *Function:
			return attr, true, nil
		case *BuiltinMethod:
			if o.kind == methodInstance {
				return attr, true, nil
			}
		}
		v, err := t.bindAttr(attr, obj)
		return v, false, err
	}
	v, err := t.getAttrFallback(obj, name, nil)
	return v, false, err
}

// SetAttr sets obj.name = v.
func (t *Thread) SetAttr(obj Value, name string, v Value) error {
	switch o := obj.o.(type) {
	case *Module:
		if name == "__dict__" {
			return Errorf(AttributeError, "readonly attribute")
		}
		if err := o.complete(t); err != nil {
			return err
		}
		o.Dict.SetStr(name, v)
		return nil
	case *Type:
		if o.immutable() {
			return Errorf(TypeError, "cannot set '%s' attribute of immutable type '%s'", name, o.Name)
		}
		if meta := o.Type(); meta != TypeType {
			if sa, ok := meta.Lookup("__setattr__"); ok && !isBuiltinSlot(sa) {
				_, err := t.callMethod(sa, obj, []Value{Str(name), v}, nil)
				return err
			}
		}
		return t.typeSetAttr(o, name, v)
	}
	cls := obj.Type()
	if cls.flags&flagUserClass != 0 && cls.typeFlags()&flagHasSetattr != 0 {
		sa, _ := cls.Lookup("__setattr__")
		_, err := t.callMethod(sa, obj, []Value{Str(name), v}, nil)
		return err
	}
	return t.genericSetAttr(obj, name, v)
}

func (t *Thread) typeSetAttr(cls *Type, name string, v Value) error {
	switch name {
	case "__name__":
		s, ok := v.AsStr()
		if !ok {
			return Errorf(TypeError, "can only assign string to %s.__name__, not '%s'", cls.Name, v.TypeName())
		}
		if strings.IndexByte(s, 0) >= 0 {
			return Errorf(ValueError, "type name must not contain null characters")
		}
		cls.Name = s
		cls.names = cls.names.set(v, false)
		return nil
	case "__qualname__":
		s, ok := v.AsStr()
		if !ok {
			return Errorf(TypeError, "can only assign string to %s.__qualname__, not '%s'", cls.Name, v.TypeName())
		}
		cls.QualName = s
		cls.names = cls.names.set(v, true)
		return nil
	case "__module__":
		s, _ := v.AsStr()
		cls.Module = s
	}
	if attr, ok := cls.Type().Lookup(name); ok {
		if p, ok := attr.o.(*Property); ok {
			if p.fset.o == nil || p.fset.IsNone() {
				return Errorf(AttributeError, "can't set attribute")
			}
			_, err := t.Call(p.fset, []Value{{o: cls}, v}, nil)
			return err
		}
	}
	cls.SetAttr(name, v)
	return nil
}

// genericSetAttr is object.__setattr__.
func (t *Thread) genericSetAttr(obj Value, name string, v Value) error {
	cls := obj.Type()
	if attr, ok := cls.Lookup(name); ok {
		switch o := attr.o.(type) {
		case *Property:
			if o.fset.o == nil || o.fset.IsNone() {
				return Errorf(AttributeError, "property '%s' of '%s' object has no setter", name, cls.Name)
			}
			_, err := t.Call(o.fset, []Value{obj, v}, nil)
			return err
		case *GetSet:
			if o.set == nil {
				return notWritable(cls, name)
			}
			return o.set(t, obj, v)
		case *slotMember:
			return o.set(obj, v)
		case *Instance:
			if s, ok := o.cls.Lookup("__set__"); ok {
				_, err := t.callMethod(s, attr, []Value{obj, v}, nil)
				return err
			}
		}
	}
	if inst, ok := obj.o.(*Instance); ok && inst.usesShape() {
		if inst.setShaped(newStr(name), v) {
			return nil
		}
	}
	if d := ensureInstanceDict(obj); d != nil {
		d.SetStr(name, v)
		return nil
	}
	if ah, ok := obj.o.(AttrHolder); ok {
		return ah.SetAttr(t, name, v)
	}
	if inst, ok := obj.o.(*Instance); ok && inst.cls.slots != nil {
		return Errorf(AttributeError, "'%s' object has no attribute '%s'", cls.Name, name)
	}
	if _, ok := cls.Lookup(name); ok {
		return Errorf(AttributeError, "'%s' object attribute '%s' is read-only", cls.Name, name)
	}
	return Errorf(AttributeError, "'%s' object has no attribute '%s'", cls.Name, name)
}

// DelAttr deletes obj.name.
func (t *Thread) DelAttr(obj Value, name string) error {
	switch o := obj.o.(type) {
	case *Module:
		if name == "__dict__" {
			return Errorf(AttributeError, "readonly attribute")
		}
		if err := o.complete(t); err != nil {
			return err
		}
		if !o.Dict.DelStr(name) {
			return Errorf(AttributeError, "module '%s' has no attribute '%s'", o.Name, name)
		}
		return nil
	case *Type:
		if mc := o.Type(); mc.flags&flagUserClass != 0 && mc.typeFlags()&flagHasDelattr != 0 {
			// a metaclass __delattr__ (enum's protects members)
			da, _ := mc.Lookup("__delattr__")
			_, err := t.callMethod(da, obj, []Value{Str(name)}, nil)
			return err
		}
		if o.immutable() {
			return Errorf(TypeError, "cannot set '%s' attribute of immutable type '%s'", name, o.Name)
		}
		if err, ok := delTypeSpecial(o, name); ok {
			return err
		}
		if !o.DelAttr(name) {
			return Errorf(AttributeError, "type object '%s' has no attribute '%s'", o.Name, name)
		}
		return nil
	}
	cls := obj.Type()
	if cls.flags&flagUserClass != 0 && cls.typeFlags()&flagHasDelattr != 0 {
		da, _ := cls.Lookup("__delattr__")
		_, err := t.callMethod(da, obj, []Value{Str(name)}, nil)
		return err
	}
	if attr, ok := cls.Lookup(name); ok {
		switch o := attr.o.(type) {
		case *Property:
			if o.fdel.o == nil || o.fdel.IsNone() {
				return Errorf(AttributeError, "property '%s' of '%s' object has no deleter", name, cls.Name)
			}
			_, err := t.Call(o.fdel, []Value{obj}, nil)
			return err
		case *slotMember:
			return o.del(obj)
		case *Instance:
			if s, ok := o.cls.Lookup("__delete__"); ok {
				_, err := t.callMethod(s, attr, []Value{obj}, nil)
				return err
			}
		}
	}
	if d := instanceDict(obj); d != nil && d.DelStr(name) {
		return nil
	}
	if attr, ok := cls.Lookup(name); ok {
		if gs, ok := attr.o.(*GetSet); ok {
			// a builtin attribute: CPython's refusals
			if gs.del != nil {
				return gs.del(t, obj)
			}
			if gs.set == nil {
				return notWritable(cls, name)
			}
			if name == "__dict__" {
				if _, ok := obj.o.(*Function); ok {
					return Errorf(TypeError, "cannot delete __dict__")
				}
				// the instance starts over with an empty namespace
				return setInstanceDict(t, obj, Value{o: NewDict()})
			}
			return Errorf(AttributeError, "cannot delete attribute")
		}
	}
	return Errorf(AttributeError, "'%s' object has no attribute '%s'", cls.Name, name)
}

// HasAttr reports whether obj.name exists (AttributeError means no).
func (t *Thread) HasAttr(obj Value, name string) (bool, error) {
	_, found, err := t.LookupAttr(obj, name)
	return found, err
}

// slotMember is the descriptor for one __slots__ name.
type slotMember struct {
	name  string
	index int
	owner *Type
}

// Type implements Object.
func (*slotMember) Type() *Type { return MemberDescriptorType }

// MemberDescriptorType is the type of __slots__ descriptors.
var MemberDescriptorType = newBuiltinType("member_descriptor", ObjectType)

func (s *slotMember) get(obj Value) (Value, error) {
	if inst, ok := obj.o.(*Instance); ok && s.index < len(inst.slots) {
		if v := inst.slots[s.index]; v.o != nil {
			return v, nil
		}
	}
	return Value{}, Errorf(AttributeError, "'%s' object has no attribute '%s'", obj.TypeName(), s.name)
}

func (s *slotMember) set(obj, v Value) error {
	inst, ok := obj.o.(*Instance)
	if !ok {
		return Errorf(TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", s.name, s.owner.Name, obj.TypeName())
	}
	for len(inst.slots) <= s.index {
		inst.slots = append(inst.slots, Value{})
	}
	inst.slots[s.index] = v
	return nil
}

func (s *slotMember) del(obj Value) error {
	if inst, ok := obj.o.(*Instance); ok && s.index < len(inst.slots) && inst.slots[s.index].o != nil {
		inst.slots[s.index] = Value{}
		return nil
	}
	return Errorf(AttributeError, "%s", s.name) // CPython names only the slot
}

func init() {
	MemberDescriptorType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		m := self.o.(*slotMember)
		return Str(fmt.Sprintf("<member '%s' of '%s' objects>", m.name, m.owner.Name)), nil
	})
}

// plainBuiltinType returns the type of a list, dict, set, frozenset, str
// or tuple that is of exactly that builtin type and has no instance
// attributes, and nil for anything else. Builtin types never change, so a
// method found on one stays valid for every such object.
func plainBuiltinType(v Value) *Type {
	switch o := v.o.(type) {
	case *List:
		if o.cls == nil && o.dict == nil {
			return ListType
		}
	case *Dict:
		if o.cls == nil && o.dict == nil {
			return DictType
		}
	case *StrObject:
		if o.ext == nil || o.ext.cls == nil {
			return StrType
		}
	case *Set:
		if o.cls == nil && o.dict == nil {
			if o.frozen {
				return FrozenSetType
			}
			return SetType
		}
	case *Tuple:
		if o.cls == nil && o.dict == nil {
			return TupleType
		}
	}
	return nil
}
