package vm

import (
	"strings"
	"sync/atomic"
	"unsafe"
)

// Type is a class: a builtin type such as int, or a user class.
type Type struct {
	// Name is what error messages call the type (CPython's tp_name); for a
	// C type of a module it is dotted ("types.SimpleNamespace") and
	// __name__ is its last part (see SetDottedName).
	Name     string
	Module   string // "builtins" for builtin types
	QualName string
	Bases    []*Type
	MRO      []*Type
	Dict     *Dict // the class namespace: methods, class attributes, descriptors
	meta     *Type // the metaclass (TypeType unless a metaclass was given)

	// base is the nearest builtin type in the MRO that determines the layout of
	// instances (ObjectType for plain classes, ExceptionTypes' root for
	// exceptions, ListType for list subclasses...).
	base *Type
	// builtin marks the types implemented in Go.
	builtin bool
	// final types cannot be subclassed (bool, NoneType, ...).
	final bool
	// slots lists the __slots__ names when the class defines them (nil: no
	// __slots__, instances get a __dict__).
	slots []string
	// newInstance allocates an instance of a class whose layout base is this
	// builtin type. Inherited through base.
	newInstance func(cls *Type) Object

	// version changes whenever the class or one of its bases is mutated; the
	// attribute caches key on it.
	version uint64
	// subclasses lets a mutation invalidate the caches of subclasses.
	subclasses []*Type
	// lookupCache maps attribute names to what the MRO lookup found.
	lookupCache map[string]Value
	// hasGetattr/hasSetattr cache whether __getattr__/__setattr__/... are
	// defined by a user class in the MRO.
	flags typeFlags
	// dictHint is the largest instance __dict__ seen, used to pre-size new
	// instance dicts.
	dictHint int
	// shapes is the root of the tree of instance shapes (shape.go).
	shapes *shape
	// init caches what inlineInit found, valid while initVersion matches.
	initFn      *Function
	initVersion uint64
	initValid   bool
	// delMethod caches whether the class has __del__ (finalize.go), valid
	// while delVersion matches.
	delVersion          uint64
	delValid, delMethod bool
	names               *nameObjs // str subclass instances assigned to __name__/__qualname__
	// ctor caches a builtin type's __new__ and __init__ (type_ctor.go).
	ctor atomic.Pointer[typeCtor]
}

type typeFlags uint32

const (
	flagHasGetattr typeFlags = 1 << iota
	flagHasGetattribute
	flagHasSetattr
	flagHasDelattr
	flagUserClass
	flagFlagsValid
	flagAbstract
	// flagImmutable marks a class written in Python that stands for a type
	// CPython writes in C (collections.OrderedDict, datetime.date): its
	// attributes cannot be set or deleted, as a static type's (MakeCType).
	flagImmutable
)

// Type returns the metaclass.
func (t *Type) Type() *Type {
	if t.meta == nil {
		return TypeType
	}
	return t.meta
}

// newBuiltinType makes a builtin type deriving from base (nil only for
// object itself).
func newBuiltinType(name string, base *Type) *Type {
	var bases []*Type
	if base != nil {
		bases = []*Type{base}
	}
	t := allocBuiltinType(name, bases)
	t.base = t
	if base != nil {
		t.newInstance = base.newInstance
		addSubclass(base, t)
	}
	return t
}

// builtinTypeAlloc holds a builtin type with its dict, its bases and (when
// short) its MRO: the hundreds of Go types made at package initialisation
// take one allocation each instead of four, and are never freed.
type builtinTypeAlloc struct {
	t     Type
	dict  Dict
	bases [1]*Type
	mro   [6]*Type
}

// allocBuiltinType makes a builtin type of the given bases, its MRO that
// of a single base after itself (a type of several bases computes its own
// MRO and sets it after). The allocation comes from nativeSlabs.
func allocBuiltinType(name string, bases []*Type) *Type {
	a := nativeType()
	t := &a.t
	t.Name, t.QualName, t.Module, t.builtin, t.Dict = name, name, "builtins", true, &a.dict
	if len(bases) == 1 {
		a.bases[0] = bases[0]
		t.Bases = a.bases[:1:1]
	} else {
		t.Bases = bases
	}
	n := 1
	if len(bases) == 1 {
		n += len(bases[0].MRO)
	}
	if n <= len(a.mro) {
		t.MRO = a.mro[:n:n]
	} else {
		t.MRO = make([]*Type, n)
	}
	t.MRO[0] = t
	if len(bases) == 1 {
		copy(t.MRO[1:], bases[0].MRO)
	}
	return t
}

// IsSubtype reports whether t is sub (or sub is a subclass of t) — i.e.
// issubclass(sub, t).
func (t *Type) IsSubtype(sub *Type) bool {
	if t == sub {
		return true
	}
	for _, m := range sub.MRO {
		if m == t {
			return true
		}
	}
	return false
}

// IsSubclassOf reports issubclass(t, other).
func (t *Type) IsSubclassOf(other *Type) bool { return other.IsSubtype(t) }

// Lookup finds name along the MRO (without binding descriptors).
func (t *Type) Lookup(name string) (Value, bool) {
	if t.builtin {
		// Builtin types are shared by every VM in the process and immutable:
		// walk their (short) MRO without caching, so no VM writes to them.
		for _, m := range t.MRO {
			if v, ok := m.Dict.GetStr(name); ok {
				return v, true
			}
		}
		return Value{}, false
	}
	if t.lookupCache != nil {
		if v, ok := t.lookupCache[name]; ok {
			return v, v.IsValid()
		}
	} else {
		t.lookupCache = make(map[string]Value)
	}
	for _, m := range t.MRO {
		if v, ok := m.Dict.GetStr(name); ok {
			t.lookupCache[name] = v
			return v, true
		}
	}
	t.lookupCache[name] = Value{}
	return Value{}, false
}

// SetAttr sets a class attribute and invalidates caches.
func (t *Type) SetAttr(name string, v Value) {
	t.Dict.SetStr(name, v)
	t.invalidate()
}

// setNative stores an attribute registered by Go code on a builtin or
// native type (NewMethod and its kin, at package initialisation). Such
// types get tens of methods one by one, so the dict grows four times over
// when full rather than twice: half the resizes, and the tables a resize
// leaves behind (start-up garbage that no collection frees before the
// program runs) are a third of the final table instead of all of it.
// The key comes from nativeKey, complete and shared by every interpreter.
func (t *Type) setNative(name string, v Value) {
	if d := t.Dict; d.usable <= 0 && d.used > 0 {
		d.resize(d.used * 6)
	}
	t.Dict.SetStrObj(nativeKey(name), v)
}

// DelAttr deletes a class attribute, reporting whether it existed.
func (t *Type) DelAttr(name string) bool {
	ok := t.Dict.DelStr(name)
	t.invalidate()
	return ok
}

func (t *Type) invalidate() {
	t.version++
	t.lookupCache = nil
	t.flags &^= flagFlagsValid
	for _, s := range t.subclasses {
		s.invalidate()
	}
}

func (t *Type) typeFlags() typeFlags {
	if t.flags&flagFlagsValid != 0 {
		return t.flags
	}
	return t.computeTypeFlags()
}

// computeTypeFlags is typeFlags' slow path (small enough to inline, the
// check above is on every attribute access).
func (t *Type) computeTypeFlags() typeFlags {
	{
		f := t.flags & (flagUserClass | flagAbstract | flagImmutable)
		if _, ok := t.Lookup("__getattr__"); ok {
			f |= flagHasGetattr
		}
		if v, ok := t.Lookup("__getattribute__"); ok && !isBuiltinSlot(v) {
			f |= flagHasGetattribute
		}
		if v, ok := t.Lookup("__setattr__"); ok && !isBuiltinSlot(v) {
			f |= flagHasSetattr
		}
		if v, ok := t.Lookup("__delattr__"); ok && !isBuiltinSlot(v) {
			f |= flagHasDelattr
		}
		t.flags = f | flagFlagsValid
	}
	return t.flags
}

// isBuiltinSlot reports whether v is a method implemented in Go (so the fast
// paths may be used instead of calling it).
func isBuiltinSlot(v Value) bool {
	_, ok := v.o.(*BuiltinMethod)
	return ok
}

// FullName is "module.QualName" for user classes and the plain name for
// builtins, as used in reprs like <class '__main__.C'>.
func (t *Type) FullName() string {
	if t.Module == "builtins" || t.Module == "" {
		return t.QualName
	}
	return t.Module + "." + t.QualName
}

// computeMRO implements C3 linearisation.
func computeMRO(t *Type, bases []*Type) ([]*Type, *mroError) {
	for i, b := range bases {
		for _, b2 := range bases[:i] {
			if b == b2 {
				return nil, &mroError{"duplicate base class " + b.Name}
			}
		}
	}
	seqs := make([][]*Type, 0, len(bases)+1)
	for _, b := range bases {
		seqs = append(seqs, append([]*Type(nil), b.MRO...))
	}
	seqs = append(seqs, append([]*Type(nil), bases...))
	res := []*Type{t}
	for {
		empty := true
		for _, s := range seqs {
			if len(s) > 0 {
				empty = false
				break
			}
		}
		if empty {
			return res, nil
		}
		var cand *Type
		for _, s := range seqs {
			if len(s) == 0 {
				continue
			}
			c := s[0]
			inTail := false
			for _, s2 := range seqs {
				for _, x := range s2[min(1, len(s2)):] {
					if x == c {
						inTail = true
						break
					}
				}
				if inTail {
					break
				}
			}
			if !inTail {
				cand = c
				break
			}
		}
		if cand == nil {
			names := make([]string, len(bases))
			for i, b := range bases {
				names[i] = b.Name
			}
			return nil, &mroError{"Cannot create a consistent method resolution\norder (MRO) for bases " + strings.Join(names, ", ")}
		}
		res = append(res, cand)
		for i, s := range seqs {
			if len(s) > 0 && s[0] == cand {
				seqs[i] = s[1:]
			}
		}
	}
}

// mroError reports bases without a consistent linearisation (a TypeError).
type mroError struct{ msg string }

func (e *mroError) Error() string { return e.msg }

// typeCacheSize is the number of entries of a VM's type attribute cache.
const typeCacheSize = 4096

// typeCacheEntry remembers what looking name up on typ (at version) found;
// value is the zero Value when nothing was found.
type typeCacheEntry struct {
	typ     *Type
	name    *StrObject
	version uint64
	value   Value
}

// lookupCached is Type.Lookup for interned names through the VM's type
// attribute cache (as CPython's): the per-instruction caches are
// monomorphic, and a call site that sees several classes (a polymorphic
// method call) would otherwise hash the name for every miss.
func (vm *VM) lookupCached(t *Type, name *StrObject) Value {
	h := (uintptr(unsafe.Pointer(t))>>4 ^ uintptr(unsafe.Pointer(name))>>3) % typeCacheSize
	e := &vm.typeCache[h]
	if e.typ == t && e.name == name && e.version == t.version {
		return e.value
	}
	v, _ := t.Lookup(name.s)
	*e = typeCacheEntry{typ: t, name: name, version: t.version, value: v}
	return v
}

// SetDottedName gives the type CPython's tp_name of a C type defined in a
// module ("types.SimpleNamespace"): error messages use it, __name__ stays
// the last part.
func (t *Type) SetDottedName(name string) { t.Name = name }

// MakeCType makes a class defined in Python look like the C type CPython
// has in its place: error messages name it by the dotted tp_name
// ("collections.OrderedDict") and its attributes become read-only
// ("cannot set 'x' attribute of immutable type ..."). Its subclasses stay
// ordinary classes. The standard library calls it (through _pyasync.ctype)
// once a module has finished defining the class.
func (t *Type) MakeCType(dotted string) {
	t.Name = dotted
	t.flags |= flagImmutable
}

// immutable reports whether the type's attributes are read-only: a builtin
// or native type, or a class given MakeCType.
func (t *Type) immutable() bool { return t.builtin || t.flags&flagImmutable != 0 }

// ShortName is the type's __name__: the last part of a dotted Name.
func (t *Type) ShortName() string {
	if i := strings.LastIndexByte(t.Name, '.'); i >= 0 && t.Module != "" && strings.HasPrefix(t.Name, t.Module+".") {
		return t.Name[i+1:]
	}
	return t.Name
}
