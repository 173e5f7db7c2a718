package vm

// AttrSite is an attribute name for Go code that gets or sets it on
// instances of the same few classes again and again (a native module's
// per-request path): like a LOAD_ATTR or STORE_ATTR instruction, it keeps
// the name interned and caches the class lookup and the instance's slot by
// shape, so a hit takes no map lookup, allocation or lock. Other objects
// go through GetAttr's and SetAttr's path. A site caches one VM's classes:
// keep it with per-interpreter state, used from that VM's goroutine, and
// use separate sites for getting and setting a name.
type AttrSite struct {
	name *StrObject
	c    attrCacheEntry
}

// NewAttrSite returns a site for the attribute name.
func NewAttrSite(name string) *AttrSite { return &AttrSite{name: intern(name)} }

// GetAttrAt returns obj.name, name being the site's.
func (t *Thread) GetAttrAt(obj Value, s *AttrSite) (Value, error) {
	if inst, ok := obj.o.(*Instance); ok && inst.cls.typeFlags()&flagHasGetattribute == 0 {
		v, err := t.instanceAttrAt(&s.c, inst, obj, s.name)
		if err != nil {
			annotateAttrError(err, obj, s.name.s)
		}
		return v, err
	}
	return t.getAttr(obj, s.name)
}

// SetAttrAt sets obj.name = v, name being the site's, as STORE_ATTR does.
func (t *Thread) SetAttrAt(obj Value, s *AttrSite, v Value) error {
	inst, ok := obj.o.(*Instance)
	if !ok || inst.cls.slots != nil || inst.cls.flags&flagUserClass == 0 || inst.cls.typeFlags()&flagHasSetattr != 0 {
		return t.SetAttr(obj, s.name.s, v)
	}
	cls := inst.cls
	c := &s.c
	if c.typ != cls || c.version != cls.version {
		c = t.instanceAttrEntry(c, cls, s.name)
	}
	if c.kind != attrKindPlain {
		return t.SetAttr(obj, s.name.s, v)
	}
	switch {
	case inst.dict != nil:
		inst.dict.SetStrObj(s.name, v)
		if n := inst.dict.used; n > cls.dictHint {
			cls.dictHint = n
		}
	case inst.shape == c.shape && c.shape != nil:
		inst.vals[c.slot] = v
	case inst.shape == c.next && c.adds:
		inst.shape = c.shape
		inst.vals = appendAttr(inst.vals, v, cls.dictHint)
	default:
		t.storeAttrShaped(c, inst, s.name, v)
	}
	return nil
}
