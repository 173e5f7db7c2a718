package vm

import (
	"github.com/pyasync/pyasync/compiler"
)

// SetIteratorType is the type of iter(set).
var SetIteratorType = newBuiltinType("set_iterator", ObjectType)

// setIterator iterates a set's table, detecting size changes.
type setIterator struct {
	s         *Set // nil once exhausted
	pos       int
	used      int
	remaining int
}

// Type implements Object.
func (*setIterator) Type() *Type { return SetIteratorType }

func (it *setIterator) next(*Thread) (Value, bool, error) {
	s := it.s
	if s == nil {
		return Value{}, false, nil
	}
	if it.used != s.used {
		it.used = -1 // make this state sticky
		return Value{}, false, Errorf(RuntimeError, "Set changed size during iteration")
	}
	i := s.next(it.pos)
	if i < 0 {
		it.s = nil
		return Value{}, false, nil
	}
	it.pos = i + 1
	it.remaining--
	return s.table[i].key, true, nil
}

func newSetIterator(s *Set) Value {
	return Value{o: &setIterator{s: s, used: s.used, remaining: s.used}}
}

// nativeIter returns iter(s) for plain sets and frozensets.
func (s *Set) nativeIter() (Value, bool) {
	if s.cls != nil {
		return Value{}, false
	}
	return newSetIterator(s), true
}

// setHashKey hashes a set element; an unhashable set is retried as a
// frozenset (like CPython's set_contains/set_remove/set_discard).
func (t *Thread) setKey(key Value) (Value, int64, error) {
	h, err := hashOf(t, key)
	if err == nil {
		return key, h, nil
	}
	ks, ok := key.o.(*Set)
	if e, isExc := err.(*Exception); !ok || ks.frozen || !isExc || !e.IsInstance(TypeError) {
		return Value{}, 0, err
	}
	fs := newFrozenSet()
	if err := fs.merge(t, ks); err != nil {
		return Value{}, 0, err
	}
	return Value{o: fs}, fs.frozenHash(), nil
}

func asSet(v Value) *Set { return v.o.(*Set) }

// intersectionMulti is set_intersection_multi.
func (t *Thread) setIntersectionMulti(s *Set, others []Value) (*Set, error) {
	if len(others) == 0 {
		return s.copySet(t)
	}
	result := s
	for _, o := range others {
		r, err := result.intersection(t, o)
		if err != nil {
			return nil, err
		}
		result = r
	}
	return result, nil
}

// setCompare is set_richcompare.
func (t *Thread) setCompare(v *Set, other Value, op compiler.CompareOp) (Value, error) {
	w, ok := other.o.(*Set)
	if !ok {
		return NotImplemented, nil
	}
	var r bool
	var err error
	switch op {
	case compiler.CmpEQ, compiler.CmpNE:
		if v.used == w.used {
			if v.hashed && w.hashed && v.hash != w.hash {
				r = false
			} else {
				r, err = v.isSubset(t, other)
			}
		}
		if op == compiler.CmpNE {
			r = !r
		}
	case compiler.CmpLE:
		r, err = v.isSubset(t, other)
	case compiler.CmpGE:
		r, err = v.isSuperset(t, other)
	case compiler.CmpLT:
		if v.used < w.used {
			r, err = v.isSubset(t, other)
		}
	case compiler.CmpGT:
		if v.used > w.used {
			r, err = v.isSuperset(t, other)
		}
	}
	if err != nil {
		return Value{}, err
	}
	return Bool(r), nil
}

// setArgs checks that a set method got no keyword arguments.
func setArgs(qual string, kw []string) error {
	if len(kw) > 0 {
		return Errorf(TypeError, "%s() takes no keyword arguments", qual)
	}
	return nil
}

// newSetFrom returns a set (or frozenset) of class cls holding the items of
// an iterable (which may be the zero Value).
func (t *Thread) newSetFrom(cls *Type, frozen bool, iterable Value) (*Set, error) {
	s := &Set{mask: setMinSize - 1, frozen: frozen}
	if cls != SetType && cls != FrozenSetType {
		s.cls = cls
	}
	if iterable.o != nil {
		if err := s.update(t, iterable); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func init() {
	for _, typ := range []*Type{SetType, FrozenSetType} {
		typ := typ
		name := typ.Name
		method := func(mname string, fn MethodFunc) { typ.NewMethod(mname, fn) }

		method("__len__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methNoArgs(name+".__len__", args, kw); err != nil {
				return Value{}, err
			}
			return Int(int64(asSet(self).used)), nil
		})
		method("__contains__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(name+".__contains__", args, kw); err != nil {
				return Value{}, err
			}
			key, h, err := t.setKey(args[0])
			if err != nil {
				return Value{}, err
			}
			ok, err := asSet(self).containsEntry(t, key, h)
			return Bool(ok), err
		})
		method("__iter__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methNoArgs(name+".__iter__", args, kw); err != nil {
				return Value{}, err
			}
			return newSetIterator(asSet(self)), nil
		})
		method("copy", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methNoArgs(name+".copy", args, kw); err != nil {
				return Value{}, err
			}
			s := asSet(self)
			if s.frozen && s.cls == nil {
				return self, nil
			}
			r, err := s.copySet(t)
			if err != nil {
				return Value{}, err
			}
			return Value{o: r}, nil
		})
		method("union", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := setArgs(name+".union", kw); err != nil {
				return Value{}, err
			}
			s := asSet(self)
			r, err := s.copySet(t)
			if err != nil {
				return Value{}, err
			}
			for _, o := range args {
				if os, ok := o.o.(*Set); ok && os == s {
					continue
				}
				if err := r.update(t, o); err != nil {
					return Value{}, err
				}
			}
			return Value{o: r}, nil
		})
		method("intersection", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := setArgs(name+".intersection", kw); err != nil {
				return Value{}, err
			}
			r, err := t.setIntersectionMulti(asSet(self), args)
			if err != nil {
				return Value{}, err
			}
			return Value{o: r}, nil
		})
		method("difference", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := setArgs(name+".difference", kw); err != nil {
				return Value{}, err
			}
			s := asSet(self)
			if len(args) == 0 {
				r, err := s.copySet(t)
				if err != nil {
					return Value{}, err
				}
				return Value{o: r}, nil
			}
			r, err := s.difference(t, args[0])
			if err != nil {
				return Value{}, err
			}
			for _, o := range args[1:] {
				if err := r.differenceUpdate(t, o); err != nil {
					return Value{}, err
				}
			}
			return Value{o: r}, nil
		})
		method("symmetric_difference", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(name+".symmetric_difference", args, kw); err != nil {
				return Value{}, err
			}
			r, err := asSet(self).symmetricDifference(t, args[0])
			if err != nil {
				return Value{}, err
			}
			return Value{o: r}, nil
		})
		method("issubset", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(name+".issubset", args, kw); err != nil {
				return Value{}, err
			}
			r, err := asSet(self).isSubset(t, args[0])
			return Bool(r), err
		})
		method("issuperset", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(name+".issuperset", args, kw); err != nil {
				return Value{}, err
			}
			r, err := asSet(self).isSuperset(t, args[0])
			return Bool(r), err
		})
		method("isdisjoint", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO(name+".isdisjoint", args, kw); err != nil {
				return Value{}, err
			}
			r, err := asSet(self).isDisjoint(t, args[0])
			return Bool(r), err
		})
		binop := func(op compiler.BinaryOp, fn func(t *Thread, a *Set, b Value) (*Set, error)) {
			names := binaryNames[op]
			method(names.name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := methO(name+"."+names.name, args, kw); err != nil {
					return Value{}, err
				}
				if _, ok := args[0].o.(*Set); !ok {
					return NotImplemented, nil
				}
				r, err := fn(t, asSet(self), args[0])
				if err != nil {
					return Value{}, err
				}
				return Value{o: r}, nil
			})
			method(names.rname, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := methO(name+"."+names.rname, args, kw); err != nil {
					return Value{}, err
				}
				o, ok := args[0].o.(*Set)
				if !ok {
					return NotImplemented, nil
				}
				r, err := fn(t, o, self)
				if err != nil {
					return Value{}, err
				}
				return Value{o: r}, nil
			})
		}
		binop(compiler.OpOr, func(t *Thread, a *Set, b Value) (*Set, error) {
			r, err := a.copySet(t)
			if err != nil {
				return nil, err
			}
			if bs := b.o.(*Set); bs == a {
				return r, nil
			}
			return r, r.update(t, b)
		})
		binop(compiler.OpAnd, func(t *Thread, a *Set, b Value) (*Set, error) { return a.intersection(t, b) })
		binop(compiler.OpSub, func(t *Thread, a *Set, b Value) (*Set, error) { return a.difference(t, b) })
		binop(compiler.OpXor, func(t *Thread, a *Set, b Value) (*Set, error) { return a.symmetricDifference(t, b) })
		for op := compiler.CmpLT; op <= compiler.CmpGE; op++ {
			op := op
			method(cmpNames[op], func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
				if err := methO(name+"."+cmpNames[op], args, kw); err != nil {
					return Value{}, err
				}
				return t.setCompare(asSet(self), args[0], op)
			})
		}
		typ.NewClassMethod("__class_getitem__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			return Value{o: &GenericAlias{origin: self, args: args[0]}}, nil
		})
	}

	// ---- frozenset ----
	FrozenSetType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, err := newArgType(args, "frozenset", FrozenSetType)
		if err != nil {
			return Value{}, err
		}
		if len(kw) > 0 && (cls == FrozenSetType || isObjectSlot(mustLookupValue(cls, "__init__"), "__init__")) {
			return Value{}, Errorf(TypeError, "frozenset() takes no keyword arguments")
		}
		npos := len(args) - len(kw) - 1
		if npos > 1 {
			return Value{}, Errorf(TypeError, "%s expected at most 1 argument, got %d", cls.Name, npos)
		}
		var iterable Value
		if npos == 1 {
			iterable = args[1]
		}
		if cls == FrozenSetType {
			if fs, ok := iterable.o.(*Set); ok && fs.frozen && fs.cls == nil {
				return iterable, nil
			}
		}
		s, err := t.newSetFrom(cls, true, iterable)
		if err != nil {
			return Value{}, err
		}
		return Value{o: s}, nil
	})
	FrozenSetType.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("frozenset.__hash__", args, kw); err != nil {
			return Value{}, err
		}
		return Int(asSet(self).frozenHash()), nil
	})

	// ---- set ----
	st := SetType
	st.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		cls, err := newArgType(args, "set", SetType)
		if err != nil {
			return Value{}, err
		}
		if cls == SetType && len(kw) > 0 {
			return Value{}, Errorf(TypeError, "set() takes no keyword arguments")
		}
		s, err := t.newSetFrom(cls, false, Value{})
		if err != nil {
			return Value{}, err
		}
		return Value{o: s}, nil
	})
	st.NewMethod("__init__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return Value{}, Errorf(TypeError, "set() takes no keyword arguments")
		}
		if len(args) > 1 {
			return Value{}, Errorf(TypeError, "%s expected at most 1 argument, got %d", self.TypeName(), len(args))
		}
		s := asSet(self)
		if s.fill > 0 {
			s.clear()
		}
		s.hashed = false
		if len(args) == 1 {
			return None, s.update(t, args[0])
		}
		return None, nil
	})
	st.NewMethod("add", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if len(args) != 1 || len(kw) > 0 {
			return Value{}, methO("set.add", args, kw)
		}
		return None, asSet(self).Add(t, args[0])
	})
	st.NewMethod("remove", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("set.remove", args, kw); err != nil {
			return Value{}, err
		}
		key, h, err := t.setKey(args[0])
		if err != nil {
			return Value{}, err
		}
		found, err := asSet(self).discardEntry(t, key, h)
		if err != nil {
			return Value{}, err
		}
		if !found {
			return Value{}, NewException(KeyError, args[0])
		}
		return None, nil
	})
	st.NewMethod("discard", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("set.discard", args, kw); err != nil {
			return Value{}, err
		}
		key, h, err := t.setKey(args[0])
		if err != nil {
			return Value{}, err
		}
		_, err = asSet(self).discardEntry(t, key, h)
		return None, err
	})
	st.NewMethod("pop", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("set.pop", args, kw); err != nil {
			return Value{}, err
		}
		s := asSet(self)
		if s.used == 0 {
			return Value{}, NewException(KeyError, Str("pop from an empty set"))
		}
		i := s.finger & s.mask
		for s.table[i].key.o == nil {
			i++
			if i > s.mask {
				i = 0
			}
		}
		key := s.table[i].key
		s.table[i] = setEntry{hash: -1}
		s.used--
		s.finger = i + 1
		return key, nil
	})
	st.NewMethod("clear", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methNoArgs("set.clear", args, kw); err != nil {
			return Value{}, err
		}
		asSet(self).clear()
		return None, nil
	})
	st.NewMethod("update", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := setArgs("set.update", kw); err != nil {
			return Value{}, err
		}
		s := asSet(self)
		for _, o := range args {
			if err := s.update(t, o); err != nil {
				return Value{}, err
			}
		}
		return None, nil
	})
	st.NewMethod("intersection_update", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := setArgs("set.intersection_update", kw); err != nil {
			return Value{}, err
		}
		s := asSet(self)
		tmp, err := t.setIntersectionMulti(s, args)
		if err != nil {
			return Value{}, err
		}
		s.swapBodies(tmp)
		return None, nil
	})
	st.NewMethod("difference_update", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := setArgs("set.difference_update", kw); err != nil {
			return Value{}, err
		}
		s := asSet(self)
		for _, o := range args {
			if err := s.differenceUpdate(t, o); err != nil {
				return Value{}, err
			}
		}
		return None, nil
	})
	st.NewMethod("symmetric_difference_update", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := methO("set.symmetric_difference_update", args, kw); err != nil {
			return Value{}, err
		}
		return None, asSet(self).symmetricDifferenceUpdate(t, args[0])
	})
	inplace := func(op compiler.BinaryOp, fn func(t *Thread, s *Set, other Value) error) {
		iname := binaryNames[op].iname
		st.NewMethod(iname, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			if err := methO("set."+iname, args, kw); err != nil {
				return Value{}, err
			}
			if _, ok := args[0].o.(*Set); !ok {
				return NotImplemented, nil
			}
			if err := fn(t, asSet(self), args[0]); err != nil {
				return Value{}, err
			}
			return self, nil
		})
	}
	inplace(compiler.OpOr, func(t *Thread, s *Set, o Value) error { return s.update(t, o) })
	inplace(compiler.OpAnd, func(t *Thread, s *Set, o Value) error {
		tmp, err := s.intersection(t, o)
		if err != nil {
			return err
		}
		s.swapBodies(tmp)
		return nil
	})
	inplace(compiler.OpSub, func(t *Thread, s *Set, o Value) error { return s.differenceUpdate(t, o) })
	inplace(compiler.OpXor, func(t *Thread, s *Set, o Value) error { return s.symmetricDifferenceUpdate(t, o) })
	st.Dict.SetStr("__hash__", None)

	SetIteratorType.final = true
	registerIterType(SetIteratorType)
	SetIteratorType.NewMethod("__length_hint__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		it := self.o.(*setIterator)
		if it.s == nil || it.used != it.s.used {
			return Int(0), nil
		}
		return Int(int64(it.remaining)), nil
	})
}

// mustLookupValue returns cls's attribute name (the zero Value if absent).
func mustLookupValue(cls *Type, name string) Value {
	v, _ := cls.Lookup(name)
	return v
}
