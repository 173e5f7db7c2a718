package vm

import (
	"strings"
)

// buildClassBuiltin is __build_class__(func, name, *bases, metaclass=None, **kw).
var buildClassBuiltin Value

func init() { buildClassBuiltin = NewBuiltin("__build_class__", buildClass) }

func buildClass(t *Thread, args []Value, kwnames []string) (Value, error) {
	npos := len(args) - len(kwnames)
	if npos < 2 {
		return Value{}, Errorf(TypeError, "__build_class__: not enough arguments")
	}
	body, ok := args[0].o.(*Function)
	if !ok {
		return Value{}, Errorf(TypeError, "__build_class__: func must be a function")
	}
	name, ok := args[1].AsStr()
	if !ok {
		return Value{}, Errorf(TypeError, "__build_class__: name is not a string")
	}
	bases := append([]Value(nil), args[2:npos]...)
	var meta Value
	var kwn []string
	var kwv []Value
	for i, k := range kwnames {
		if k == "metaclass" {
			meta = args[npos+i]
			continue
		}
		kwn = append(kwn, k)
		kwv = append(kwv, args[npos+i])
	}
	origBases, bases, merr := t.resolveMroEntries(bases)
	if merr != nil {
		return Value{}, merr
	}
	if meta.o == nil {
		meta = Value{o: TypeType}
		if len(bases) > 0 {
			meta = Value{o: bases[0].Type()}
		}
	}
	if mt, ok := meta.o.(*Type); ok {
		// a metaclass that is a class: the most derived of it and the
		// bases' metaclasses
		w, err := calculateMeta(mt, bases)
		if err != nil {
			return Value{}, err
		}
		meta = Value{o: w}
	}
	ns := Value{o: NewDict()}
	if prep, ok, err := t.lookupAttrOpt(meta, "__prepare__"); err != nil {
		return Value{}, err
	} else if ok && !isBuiltinSlot(prep) {
		pargs := append([]Value{args[1], NewTuple(bases)}, kwv...)
		r, err := t.Call(prep, pargs, kwn)
		if err != nil {
			return Value{}, err
		}
		if _, ok := r.Type().Lookup("__getitem__"); !ok {
			mname := "<metaclass>"
			if mt, ok := meta.o.(*Type); ok {
				mname = mt.Name
			}
			return Value{}, Errorf(TypeError, "%s.__prepare__() must return a mapping, not %s", mname, r.TypeName())
		}
		ns = r
	}
	if origBases.o != nil {
		if err := t.SetItem(ns, Str("__orig_bases__"), origBases); err != nil {
			return Value{}, err
		}
	}
	f := t.newFrame(body.code)
	f.fn = body
	f.globals = body.globals
	f.setLocals(ns)
	cell, err := t.runEntry(f)
	if err != nil {
		return Value{}, err
	}
	callArgs := append([]Value{args[1], NewTuple(bases), ns}, kwv...)
	cls, err := t.Call(meta, callArgs, kwn)
	if err != nil {
		return Value{}, err
	}
	if c, ok := cell.o.(*Cell); ok {
		c.v = cls
	}
	_ = name
	return cls, nil
}

// lookupAttrOpt gets obj.name, reporting ok=false for an AttributeError.
func (t *Thread) lookupAttrOpt(obj Value, name string) (Value, bool, error) {
	v, err := t.GetAttr(obj, name)
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(AttributeError) {
			return Value{}, false, nil
		}
		return Value{}, false, err
	}
	return v, true, nil
}

func (t *Thread) mustBind(attr, obj Value) Value {
	switch o := attr.o.(type) {
	case *ClassMethod:
		return Value{o: &BoundMethod{fn: o.fn, self: obj}}
	case *StaticMethod:
		return o.fn
	}
	return Value{o: &BoundMethod{fn: attr, self: obj}}
}

// calculateMeta returns the metaclass of a class made by meta with bases:
// the one of meta and the bases' metaclasses that is a subclass of all the
// others (CPython's "winner"), or a TypeError when there is none.
func calculateMeta(meta *Type, bases []Value) (*Type, error) {
	winner := meta
	for _, b := range bases {
		mt := b.Type()
		switch {
		case mt.IsSubtype(winner): // winner is a subclass of mt
		case winner.IsSubtype(mt):
			winner = mt
		default:
			return nil, Errorf(TypeError, "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases")
		}
	}
	return winner, nil
}

// newClass is type.__new__(meta, name, bases, ns).
func (t *Thread) newClass(meta *Type, name string, bases []Value, ns *Dict, kwnames []string, kwargs []Value) (*Type, error) {
	w, err := calculateMeta(meta, bases)
	if err != nil {
		return nil, err
	}
	meta = w
	var bt []*Type
	for _, b := range bases {
		c, ok := b.o.(*Type)
		if !ok {
			return nil, Errorf(TypeError, "bases must be types")
		}
		if c.final {
			return nil, Errorf(TypeError, "type '%s' is not an acceptable base type", c.Name)
		}
		bt = append(bt, c)
	}
	if len(bt) == 0 {
		bt = []*Type{ObjectType}
	}
	cls := &Type{Name: name, QualName: name, Bases: bt, Dict: ns, meta: meta}
	if meta == TypeType {
		cls.meta = nil
	}
	mro, merr := computeMRO(cls, bt)
	if merr != nil {
		return nil, Errorf(TypeError, "%s", merr.msg)
	}
	cls.MRO = mro
	// layout base: the most derived builtin type among the bases
	cls.base = ObjectType
	for _, b := range bt {
		lb := b.base
		if lb == nil {
			lb = ObjectType
		}
		if cls.base.IsSubtype(lb) {
			cls.base = lb
		} else if !lb.IsSubtype(cls.base) {
			return nil, Errorf(TypeError, "multiple bases have instance lay-out conflict")
		}
	}
	cls.newInstance = cls.base.newInstance
	cls.flags = flagUserClass
	if _, ok := ns.GetStr("__module__"); !ok {
		// type(name, bases, ns) called from code: the caller's module
		if f := t.callerFrame(); f != nil {
			if m, ok := f.globals.GetStr("__name__"); ok {
				ns.SetStr("__module__", m)
			}
		}
	}
	if v, ok := ns.GetStr("__module__"); ok {
		cls.Module, _ = v.AsStr()
	}
	if v, ok := ns.GetStr("__qualname__"); ok {
		cls.QualName, _ = v.AsStr()
		ns.DelStr("__qualname__")
	}
	_, hadDoc := ns.GetStr("__doc__")
	if !hadDoc {
		ns.SetStr("__doc__", None)
	}
	ns.DelStr("__classcell__")
	// __slots__
	if sv, ok := ns.GetStr("__slots__"); ok {
		var names []string
		if s, ok := sv.AsStr(); ok {
			names = []string{s}
		} else if err := t.ForEach(sv, func(x Value) error {
			s, ok := x.AsStr()
			if !ok {
				return Errorf(TypeError, "__slots__ items must be strings, not '%s'", x.TypeName())
			}
			names = append(names, s)
			return nil
		}); err != nil {
			return nil, err
		}
		inherited := 0
		for _, b := range cls.MRO[1:] {
			inherited += len(b.slots)
		}
		hasDict := false
		for _, b := range cls.MRO[1:] {
			if !b.builtin && b.slots == nil {
				hasDict = true
			}
		}
		for i, n := range names {
			if n == "__dict__" {
				hasDict = true
				continue
			}
			if _, clash := ns.GetStr(n); clash && (n != "__doc__" || hadDoc) {
				return nil, Errorf(ValueError, "'%s' in __slots__ conflicts with class variable", n)
			}
			ns.SetStr(n, Value{o: &slotMember{name: n, index: inherited + i, owner: cls}})
		}
		if !hasDict {
			cls.slots = names
			if cls.slots == nil {
				cls.slots = []string{}
			}
		}
	} else {
		for _, b := range cls.MRO[1:] {
			if b.slots != nil && cls.slots == nil {
				// a subclass without __slots__ gets a __dict__ again
			}
		}
	}
	// functions named __init_subclass__ / __class_getitem__ are implicit
	// classmethods; __new__ is an implicit staticmethod
	for _, n := range []string{"__init_subclass__", "__class_getitem__"} {
		if v, ok := ns.GetStr(n); ok {
			if _, ok := v.o.(*Function); ok {
				ns.SetStr(n, Value{o: &ClassMethod{fn: v}})
			}
		}
	}
	if v, ok := ns.GetStr("__new__"); ok {
		if _, ok := v.o.(*Function); ok {
			ns.SetStr("__new__", Value{o: &StaticMethod{fn: v}})
		}
	}
	// a class defining __eq__ without __hash__ is unhashable
	if _, ok := ns.GetStr("__eq__"); ok {
		if _, ok := ns.GetStr("__hash__"); !ok {
			ns.SetStr("__hash__", None)
		}
	}
	for _, b := range bt {
		// builtin types are shared by every VM in the process and never
		// change (so they need no cache invalidation): only script classes
		// record their subclasses
		if !b.builtin {
			b.subclasses = append(b.subclasses, cls)
		}
	}
	if hasAbstractMethods(cls) {
		cls.flags |= flagAbstract
	}
	// __set_name__ on descriptors
	var setNames []struct {
		k, v Value
	}
	ns.Items(func(k, v Value) bool {
		if _, ok := v.Type().Lookup("__set_name__"); ok && v.isUserObject() {
			setNames = append(setNames, struct{ k, v Value }{k, v})
		}
		return true
	})
	for _, p := range setNames {
		if _, _, err := t.callSpecial(p.v, "__set_name__", Value{o: cls}, p.k); err != nil {
			ks, _ := p.k.AsStr()
			werr := Errorf(RuntimeError, "Error calling __set_name__ on '%s' instance '%s' in '%s'", p.v.TypeName(), ks, cls.Name)
			werr.Cause, werr.SuppressContext = asException(err), true
			return nil, werr
		}
	}
	// __init_subclass__ of the parent
	if len(cls.MRO) > 1 {
		for _, b := range cls.MRO[1:] {
			if v, ok := b.Dict.GetStr("__init_subclass__"); ok {
				fn := v
				if cm, ok := v.o.(*ClassMethod); ok {
					fn = cm.fn
				}
				if _, ok := fn.o.(*BuiltinMethod); ok {
					if len(kwnames) > 0 {
						return nil, Errorf(TypeError, "%s.__init_subclass__() takes no keyword arguments", cls.Name)
					}
					break
				}
				if _, err := t.callMethod(fn, Value{o: cls}, kwargs, kwnames); err != nil {
					return nil, err
				}
				break
			}
		}
	}
	return cls, nil
}

func hasAbstractMethods(cls *Type) bool {
	for _, m := range cls.MRO {
		found := false
		m.Dict.Items(func(k, v Value) bool {
			if isAbstract(v) {
				name, _ := k.AsStr()
				if impl, ok := cls.Lookup(name); ok && isAbstract(impl) {
					found = true
					return false
				}
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}

func isAbstract(v Value) bool {
	var d *Dict
	switch o := v.o.(type) {
	case *Function:
		d = o.dict
	case *Property:
		return isAbstract(o.fget)
	case *ClassMethod:
		return isAbstract(o.fn)
	case *StaticMethod:
		return isAbstract(o.fn)
	}
	if d == nil {
		return false
	}
	x, ok := d.GetStr("__isabstractmethod__")
	return ok && x.IsBool() && x.n != 0
}

func (t *Thread) checkAbstract(cls *Type) error {
	var names []string
	seen := map[string]bool{}
	for _, m := range cls.MRO {
		m.Dict.Items(func(k, v Value) bool {
			name, _ := k.AsStr()
			if seen[name] {
				return true
			}
			seen[name] = true
			if impl, ok := cls.Lookup(name); ok && isAbstract(impl) {
				names = append(names, name)
			}
			return true
		})
	}
	if len(names) == 0 {
		return nil
	}
	sortStrings(names)
	s := "s"
	if len(names) == 1 {
		s = ""
	}
	return Errorf(TypeError, "Can't instantiate abstract class %s with abstract method%s %s", cls.Name, s, strings.Join(names, ", "))
}

// Super is a super() proxy.
type Super struct {
	thisClass *Type
	obj       Value // instance or class
	objType   *Type
}

// Type implements Object.
func (*Super) Type() *Type { return SuperType }

func superNew(t *Thread, _ Value, args []Value, kwnames []string) (Value, error) {
	var cls *Type
	var obj Value
	switch len(args) {
	case 0:
		// zero-argument form: __class__ cell and first argument of the caller
		f := t.callerFrame()
		if f == nil || f.code.ArgCount == 0 {
			return Value{}, Errorf(RuntimeError, "super(): no arguments")
		}
		obj = f.regs[0]
		if c, ok := obj.o.(*Cell); ok {
			obj = c.v
		}
		for i, n := range f.code.FreeVars {
			if n == "__class__" {
				if c, ok := f.slot(f.code.nregs + i).o.(*Cell); ok {
					if ct, ok := c.v.o.(*Type); ok {
						cls = ct
					}
				}
			}
		}
		if cls == nil {
			return Value{}, Errorf(RuntimeError, "super(): __class__ cell not found")
		}
	case 1, 2:
		c, ok := args[0].o.(*Type)
		if !ok {
			return Value{}, Errorf(TypeError, "super() argument 1 must be a type, not %s", args[0].TypeName())
		}
		cls = c
		if len(args) == 2 {
			obj = args[1]
		}
	default:
		return Value{}, Errorf(TypeError, "super() takes at most 2 arguments")
	}
	s := &Super{thisClass: cls, obj: obj}
	if obj.o != nil {
		if ot, ok := obj.o.(*Type); ok && cls.IsSubtype(ot) {
			s.objType = ot
		} else if cls.IsSubtype(obj.Type()) {
			s.objType = obj.Type()
		} else {
			return Value{}, Errorf(TypeError, "super(type, obj): obj must be an instance or subtype of type")
		}
	}
	return Value{o: s}, nil
}

// callerFrame is the innermost script frame (the one calling a builtin).
func (t *Thread) callerFrame() *Frame {
	if len(t.frames) == 0 {
		return nil
	}
	return t.frames[len(t.frames)-1]
}

func (s *Super) getAttr(t *Thread, name string) (Value, error) {
	if s.objType != nil && name != "__class__" {
		mro := s.objType.MRO
		i := 0
		for i < len(mro) && mro[i] != s.thisClass {
			i++
		}
		for i++; i < len(mro); i++ {
			if v, ok := mro[i].Dict.GetStr(name); ok {
				if ot, isType := s.obj.o.(*Type); isType && ot == s.objType {
					switch o := v.o.(type) {
					case *ClassMethod:
						return Value{o: &BoundMethod{fn: o.fn, self: s.obj}}, nil
					case *StaticMethod:
						return o.fn, nil
					case *BuiltinMethod:
						if o.kind == methodClass {
							return Value{o: &BoundMethod{fn: v, self: s.obj}}, nil
						}
						if o.kind == methodStatic {
							return t.bindAttr(v, s.obj)
						}
						if o.name == "__new__" {
							return v, nil
						}
					case *Function:
						return v, nil
					}
					return v, nil
				}
				if o, ok := v.o.(*ClassMethod); ok {
					return Value{o: &BoundMethod{fn: o.fn, self: Value{o: s.objType}}}, nil
				}
				return t.bindAttr(v, s.obj)
			}
		}
	}
	return t.genericGetAttrOrErr(Value{o: s}, name)
}

func (t *Thread) genericGetAttrOrErr(obj Value, name string) (Value, error) {
	v, found, err := t.genericGetAttr(obj, obj.Type(), intern(name))
	if err != nil || found {
		return v, err
	}
	if _, ok := obj.o.(*Super); ok {
		return Value{}, Errorf(AttributeError, "'super' object has no attribute '%s'", name)
	}
	return Value{}, Errorf(AttributeError, "'%s' object has no attribute '%s'", obj.TypeName(), name)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// loadBuildClass is LOAD_BUILD_CLASS: builtins.__build_class__ of the
// frame (a program may replace it).
func (t *Thread) loadBuildClass(f *Frame) (Value, error) {
	b := t.frameBuiltins(f.globals)
	if b == t.vm.Builtins {
		if v, ok := b.GetStr("__build_class__"); ok {
			return v, nil
		}
	} else if v, ok, err := b.Get(t, Str("__build_class__")); err != nil || ok {
		return v, err
	}
	return Value{}, Errorf(NameError, "__build_class__ not found")
}

// importStmt is IMPORT_NAME: the VM's import, or builtins.__import__ when a
// program replaced it.
func (t *Thread) importStmt(f *Frame, name string, fromlist, level Value) (Value, error) {
	if imp, ok := t.frameBuiltins(f.globals).GetStr("__import__"); ok && !Is(imp, t.vm.origImport) {
		return t.Call(imp, []Value{Str(name), {o: f.globals}, None, fromlist, level}, nil)
	} else if !ok {
		return Value{}, Errorf(ImportError, "__import__ not found")
	}
	return t.vm.importName(t, name, fromlist, int(level.SmallInt()), f.globals)
}
