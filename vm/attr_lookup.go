package vm

// Attribute lookups that may miss: hasattr and getattr with a default ask
// whether obj.name exists, and a missing name is an answer, not an error.
// Building the AttributeError (its message, its name/obj for suggestions)
// only to drop it cost ~3 µs a miss; CPython's lookup skips it the same way
// for objects with the generic attribute protocol. Objects whose class
// defines __getattribute__ or __getattr__, and AttributeErrors raised by
// descriptors or properties, still go the whole way, and their
// AttributeError is swallowed as before.

// found1 marks the result of a lookup step that found the name.
func found1(v Value, err error) (Value, bool, error) {
	return v, true, err
}

// LookupAttr returns obj.name and whether it exists. A missing attribute is
// (Value{}, false, nil); an AttributeError raised while looking counts as
// missing too, as hasattr does. Any other exception is returned.
func (t *Thread) LookupAttr(obj Value, name string) (Value, bool, error) {
	v, found, err := t.lookupAttr(obj, intern(name))
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(AttributeError) {
			return Value{}, false, nil
		}
		return Value{}, false, err
	}
	return v, found, nil
}

// lookupAttr is getAttr1 that reports a plain miss as found == false with
// no exception built.
func (t *Thread) lookupAttr(obj Value, name *StrObject) (Value, bool, error) {
	switch o := obj.o.(type) {
	case *Module:
		return t.moduleLookupAttr(o, name)
	case *Type:
		return t.typeLookupAttr(o, name)
	case *Super:
		return found1(o.getAttr(t, name.s))
	}
	cls := obj.Type()
	if cls.flags&flagUserClass != 0 && cls.typeFlags()&(flagHasGetattribute|flagHasGetattr) != 0 {
		return found1(t.getAttr1(obj, name))
	}
	v, found, err := t.genericGetAttr(obj, cls, name)
	if err != nil || found {
		return v, found, err
	}
	if ah, ok := obj.o.(AttrHolder); ok {
		return ah.GetAttr(t, name.s)
	}
	return Value{}, false, nil
}

// moduleLookupAttr is a module's attribute lookup (its dict, completed
// first if it has a lazy part; then the module type's attributes; then a
// module-level __getattr__); found is false for a plain miss.
func (t *Thread) moduleLookupAttr(o *Module, name *StrObject) (Value, bool, error) {
	// the name is interned with its hash: no string hashing here
	if i := o.Dict.indexStr(name); i >= 0 {
		return o.Dict.entries[i].value, true, nil
	}
	if o.lazy != nil {
		if err := o.complete(t); err != nil {
			return Value{}, false, err
		}
		if i := o.Dict.indexStr(name); i >= 0 {
			return o.Dict.entries[i].value, true, nil
		}
	}
	if v, ok := ModuleType.Lookup(name.s); ok {
		return found1(t.bindAttr(v, Value{o: o}))
	}
	if ga, ok := o.Dict.GetStr("__getattr__"); ok {
		return found1(t.Call(ga, []Value{{o: name}}, nil))
	}
	return Value{}, false, nil
}
