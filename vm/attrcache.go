package vm

// Polymorphic attribute sites. An attribute instruction's cache entry
// (attrCacheEntry) holds what the instruction found for one class; the
// fast paths in run test only that entry. A site that sees objects of a
// few classes in turn ("for task in tasks: task.step()" over subclasses)
// would redo the class lookup and the shape search at each change of
// class, so the entries it had for other classes are kept aside in
// attrPoly and swapped back in on a miss.

// attrPolySize is how many entries for other classes a site keeps besides
// its current one.
const attrPolySize = 3

// attrPoly holds a site's entries for other classes than its current one.
type attrPoly struct {
	entries [attrPolySize]attrCacheEntry
	// next is the slot the next displaced entry takes (round robin).
	next uint8
}

// entryFor returns the entry of the site c for cls at its current version,
// on a miss of c. An entry for cls kept aside is returned as it is, with
// all it cached (shape, slot, value, kind), and filled is true; it is not
// swapped in, which would copy two entries on every change of class.
// Otherwise c becomes a fresh entry for cls with nothing cached yet, for
// the caller to fill, and the entry c held before is kept aside, unless it
// was for cls (an older version of the class, stale for good): the class
// seen last becomes the one the fast paths in run test.
func (c *attrCacheEntry) entryFor(cls *Type) (e *attrCacheEntry, filled bool) {
	p := c.poly
	if p != nil {
		for i := range p.entries {
			if e := &p.entries[i]; e.typ == cls && e.version == cls.version {
				return e, true
			}
		}
	}
	if c.typ != nil && c.typ != cls {
		if p == nil {
			p = &attrPoly{}
		}
		e := &p.entries[p.next]
		*e = *c
		e.poly = nil
		p.next = (p.next + 1) % attrPolySize
	}
	*c = attrCacheEntry{typ: cls, version: cls.version, poly: p}
	return c, false
}

// polyFor returns the entry the site c keeps aside for cls, or c itself
// when it has none (the fast paths in run then fail their own checks and
// take the slow path). Called by run when c is for another class.
func (c *attrCacheEntry) polyFor(cls *Type) *attrCacheEntry {
	if p := c.poly; p != nil {
		for i := range p.entries {
			if e := &p.entries[i]; e.typ == cls {
				return e
			}
		}
	}
	return c
}

// instanceAttrEntry is the miss of a LOAD_ATTR or STORE_ATTR site c on an
// instance of the user class cls: the site's entry for cls, kept aside or
// filled now with the class attribute name (and whether it is a data
// descriptor, which takes precedence over the instance's attributes).
func (t *Thread) instanceAttrEntry(c *attrCacheEntry, cls *Type, name *StrObject) *attrCacheEntry {
	c, filled := c.entryFor(cls)
	if !filled {
		attr := t.vm.lookupCached(cls, name)
		c.value = attr
		if attr.o != nil && isDataDescriptor(attr) {
			c.kind = attrKindDataDescriptor
		}
	}
	return c
}
