package vm

// typeCtor is what type.__call__ looks up on a class to make an instance:
// its __new__ and __init__ and whether they are object's.
type typeCtor struct {
	newm, initm       Value
	userNew, userInit bool
}

// ctorOf returns cls's __new__ and __init__. A builtin type's are looked up
// once: builtin types are immutable, and the record is published with an
// atomic store, since the type is shared by every VM of the process (two
// VMs racing to fill it store equal records). A user class's are looked up
// at each call, as its methods can change.
func ctorOf(cls *Type) typeCtor {
	if cls.builtin {
		if c := cls.ctor.Load(); c != nil {
			return *c
		}
	}
	var c typeCtor
	c.newm, _ = cls.Lookup("__new__")
	c.initm, _ = cls.Lookup("__init__")
	c.userNew = !isObjectSlot(c.newm, "__new__")
	c.userInit = !isObjectSlot(c.initm, "__init__")
	if cls.builtin {
		cls.ctor.Store(&c)
	}
	return c
}
