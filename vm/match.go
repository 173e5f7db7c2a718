package vm

// This file holds the runtime side of match statements: the checks behind
// MATCH_SEQUENCE, MATCH_MAPPING, MATCH_KEYS, MATCH_CLASS and
// COPY_DICT_WITHOUT_KEYS (see compiler/match.go for the bytecode).

// matchSelfTypes are the builtin types whose single positional
// sub-pattern matches the subject itself (CPython's _Py_TPFLAGS_MATCH_SELF).
var matchSelfTypes = []*Type{BoolType, ByteArrayType, BytesType, DictType, FloatType, FrozenSetType, IntType, ListType, SetType, StrType, TupleType}

// typeInMRO reports whether a class of cls's MRO is one of the builtin
// types or a class named module.name in names.
func typeInMRO(cls *Type, builtins []*Type, names []string) bool {
	for _, m := range cls.MRO {
		for _, b := range builtins {
			if m == b {
				return true
			}
		}
		for i := 0; i+1 < len(names); i += 2 {
			if m.Name == names[i+1] && m.Module == names[i] {
				return true
			}
		}
	}
	return false
}

var sequenceTypes = []*Type{ListType, TupleType, RangeType}
var sequenceNames = []string{"builtins", "memoryview", "collections", "deque", "array", "array", "collections.abc", "Sequence", "_collections_abc", "Sequence"}
var mappingNames = []string{"collections.abc", "Mapping", "_collections_abc", "Mapping", "builtins", "mappingproxy", "types", "MappingProxyType"}

// matchSequence reports whether v is a sequence for a sequence pattern.
func matchSequence(v Value) bool {
	switch v.o.(type) {
	case *List, *Tuple:
		return true
	}
	return typeInMRO(v.Type(), sequenceTypes, sequenceNames)
}

// matchMapping reports whether v is a mapping for a mapping pattern.
func matchMapping(v Value) bool {
	if _, ok := v.o.(*Dict); ok {
		return true
	}
	return typeInMRO(v.Type(), []*Type{DictType}, mappingNames)
}

// matchKeys looks every key of keys up with subject.get: a tuple of the
// values, or None when one is missing.
func (t *Thread) matchKeys(subject, keys Value) (Value, error) {
	ks := keys.o.(*Tuple).items
	if len(ks) == 0 {
		return NewTuple(nil), nil
	}
	get, err := t.GetAttr(subject, "get")
	if err != nil {
		return Value{}, err
	}
	missing := Value{o: &Instance{cls: ObjectType}}
	vals := make([]Value, len(ks))
	for i, k := range ks {
		for _, prev := range ks[:i] {
			eq, err := t.Equal(prev, k)
			if err != nil {
				return Value{}, err
			}
			if eq {
				r, err := t.Repr(k)
				if err != nil {
					return Value{}, err
				}
				return Value{}, Errorf(ValueError, "mapping pattern checks duplicate key (%s)", r)
			}
		}
		v, err := t.Call(get, []Value{k, missing}, nil)
		if err != nil {
			return Value{}, err
		}
		if v.o == missing.o {
			return None, nil
		}
		vals[i] = v
	}
	return NewTuple(vals), nil
}

// copyDictWithoutKeys is the **rest of a mapping pattern.
func (t *Thread) copyDictWithoutKeys(subject, keys Value) (Value, error) {
	var d *Dict
	if sd, ok := subject.o.(*Dict); ok && sd.Type() == DictType {
		d = sd.Copy()
	} else {
		v, err := t.Call(Value{o: DictType}, []Value{subject}, nil)
		if err != nil {
			return Value{}, err
		}
		d = v.o.(*Dict)
	}
	for _, k := range keys.o.(*Tuple).items {
		if _, err := d.Delete(t, k); err != nil {
			return Value{}, err
		}
	}
	return Value{o: d}, nil
}

// matchClass implements MATCH_CLASS: the attributes for npos positional
// sub-patterns and the keyword names, or None when subject does not match.
func (t *Thread) matchClass(subject, clsv, namesv Value, npos int) (Value, error) {
	cls, ok := clsv.o.(*Type)
	if !ok {
		return Value{}, Errorf(TypeError, "called match pattern must be a type")
	}
	inst, err := t.IsInstance(subject, clsv)
	if err != nil || !inst {
		return None, err
	}
	names := namesv.o.(*Tuple).items
	out := make([]Value, 0, npos+len(names))
	var seen []string
	attr := func(name string) (bool, error) {
		for _, s := range seen {
			if s == name {
				return false, Errorf(TypeError, "%s() got multiple sub-patterns for attribute %s", cls.Name, reprString(name))
			}
		}
		seen = append(seen, name)
		v, err := t.GetAttr(subject, name)
		if err != nil {
			if e, ok := err.(*Exception); ok && e.IsInstance(AttributeError) {
				return false, nil
			}
			return false, err
		}
		out = append(out, v)
		return true, nil
	}
	if npos > 0 {
		ma, err := t.GetAttr(clsv, "__match_args__")
		var args []Value
		matchSelf := false
		if err != nil {
			if e, ok := err.(*Exception); !ok || !e.IsInstance(AttributeError) {
				return Value{}, err
			}
			matchSelf = typeInMRO(cls, matchSelfTypes, nil)
		} else {
			tup, ok := ma.o.(*Tuple)
			if !ok {
				return Value{}, Errorf(TypeError, "%s.__match_args__ must be a tuple (got %s)", cls.Name, ma.TypeName())
			}
			args = tup.items
		}
		allowed := len(args)
		if matchSelf {
			allowed = 1
		}
		if npos > allowed {
			s := "s"
			if allowed == 1 {
				s = ""
			}
			return Value{}, Errorf(TypeError, "%s() accepts %d positional sub-pattern%s (%d given)", cls.Name, allowed, s, npos)
		}
		if matchSelf {
			out = append(out, subject)
		} else {
			for _, a := range args[:npos] {
				name, ok := a.AsStr()
				if !ok {
					return Value{}, Errorf(TypeError, "__match_args__ elements must be strings (got %s)", a.TypeName())
				}
				found, err := attr(name)
				if err != nil || !found {
					return None, err
				}
			}
		}
	}
	for _, n := range names {
		name, _ := n.AsStr()
		found, err := attr(name)
		if err != nil || !found {
			return None, err
		}
	}
	return NewTuple(out), nil
}
