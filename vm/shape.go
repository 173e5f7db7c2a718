package vm

import "unsafe"

// Shapes (hidden classes). An instance of a user class keeps its attribute
// values in Instance.vals, in the order its shape lists their names; the
// shape is shared by every instance that got the same attributes in the
// same order, so an object with two attributes costs its Instance record
// and two Values, not a dict. Shapes form a tree per class: adding an
// attribute moves the instance to the child shape for that name.
//
// The first operation that needs a real dict (obj.__dict__, vars(), del
// obj.x, more than maxShapeAttrs attributes, a name that is not a plain
// str) materialises it: the instance then keeps its attributes in
// Instance.dict for good, exactly as before shapes, so a __dict__ taken
// once stays live and identical.

// maxShapeAttrs is the most attributes an instance keeps by shape.
const maxShapeAttrs = 24

// shape lists the attribute names of instances, in insertion order.
type shape struct {
	keys     []*StrObject // names, by slot index
	children []shapeEdge  // shapes with one name more
}

type shapeEdge struct {
	name  *StrObject
	child *shape
}

// index returns the slot of name, or -1.
func (s *shape) index(name *StrObject) int {
	for i, k := range s.keys {
		if k == name {
			return i
		}
	}
	for i, k := range s.keys {
		if k.s == name.s {
			return i
		}
	}
	return -1
}

// with returns the shape with name added after s's names, or nil when
// instances should switch to a dict instead.
func (s *shape) with(name *StrObject) *shape {
	for _, e := range s.children {
		if e.name == name || e.name.s == name.s {
			return e.child
		}
	}
	if len(s.keys) >= maxShapeAttrs || name.subclass() != nil {
		return nil
	}
	keys := make([]*StrObject, len(s.keys)+1)
	copy(keys, s.keys)
	keys[len(s.keys)] = name
	c := &shape{keys: keys}
	s.children = append(s.children, shapeEdge{name: name, child: c})
	return c
}

// rootShape returns the class's empty shape (user classes only).
func (c *Type) rootShape() *shape {
	if c.shapes == nil {
		c.shapes = &shape{}
	}
	return c.shapes
}

// usesShape reports whether attributes of inst are kept by shape.
func (inst *Instance) usesShape() bool {
	return inst.dict == nil && inst.cls.slots == nil && inst.cls.flags&flagUserClass != 0
}

// getShaped returns the attribute name of an instance that keeps its
// attributes by shape.
func (inst *Instance) getShaped(name *StrObject) (Value, bool) {
	if inst.shape == nil {
		return Value{}, false
	}
	if i := inst.shape.index(name); i >= 0 {
		return inst.vals[i], true
	}
	return Value{}, false
}

// setShaped stores attribute name; it returns false when the instance had
// to switch to a dict (the caller then stores in inst.dict).
func (inst *Instance) setShaped(name *StrObject, v Value) bool {
	s := inst.shape
	if s == nil {
		s = inst.cls.rootShape()
	} else if i := s.index(name); i >= 0 {
		inst.vals[i] = v
		return true
	}
	ns := s.with(name)
	if ns == nil {
		inst.materialize()
		return false
	}
	inst.shape = ns
	inst.vals = appendAttr(inst.vals, v, inst.cls.dictHint)
	if n := len(inst.vals); n > inst.cls.dictHint {
		inst.cls.dictHint = n
	}
	return true
}

// appendAttr appends an attribute value; a first value gets room for hint
// (the most attributes an instance of the class had so far).
func appendAttr(vals []Value, v Value, hint int) []Value {
	if cap(vals) == 0 {
		vals = make([]Value, 0, max(hint, 1))
	}
	return append(vals, v)
}

// storeAttrShaped is STORE_ATTR's slow path for an instance keeping its
// attributes by shape: it stores the value and fills the instruction's
// cache for the next instance of the same shape.
func (t *Thread) storeAttrShaped(c *attrCacheEntry, inst *Instance, name *StrObject, v Value) {
	before := inst.shape
	if !inst.setShaped(name, v) {
		inst.dict.SetStrObj(name, v)
		if n := inst.dict.used; n > inst.cls.dictHint {
			inst.cls.dictHint = n
		}
		return
	}
	c.shape, c.slot = inst.shape, int32(inst.shape.index(name))
	c.next, c.adds = before, before != inst.shape
}

// materialize moves the attributes kept by shape into a dict, which the
// instance uses from then on; it returns that dict (nil for instances that
// cannot have one).
func (inst *Instance) materialize() *Dict {
	if inst.dict != nil || inst.cls.slots != nil {
		return inst.dict
	}
	n := 0
	if inst.shape != nil {
		n = len(inst.shape.keys)
	}
	d := newInstanceDict(max(n, inst.cls.dictHint))
	if inst.shape != nil {
		for i, k := range inst.shape.keys {
			d.SetStrObj(k, inst.vals[i])
		}
	}
	inst.dict, inst.shape, inst.vals = d, nil, nil
	return d
}

// newObjectInstance is object's newInstance: a bare Instance, or for a
// user class whose instances keep their attributes by shape, an Instance
// with room for as many attribute values as its largest instance had
// (dictHint, up to 8) in the same allocation. Instance is 72 bytes, so with
// n values it takes about the memory that the record (80) and a separate
// array of n values took together, and creating the object and giving it
// its attributes is one allocation, not two.
func newObjectInstance(cls *Type) Object {
	if cls.flags&flagUserClass == 0 || cls.slots != nil || cls.hasDel() {
		// (the cycle pass of finalize.go holds an instance's attribute
		// store without the instance: they must be apart)
		return &Instance{cls: cls}
	}
	switch cls.dictHint {
	case 1:
		return instanceWith[[1]Value](cls)
	case 2:
		return instanceWith[[2]Value](cls)
	case 3:
		return instanceWith[[3]Value](cls)
	case 4:
		return instanceWith[[4]Value](cls)
	case 5:
		return instanceWith[[5]Value](cls)
	case 6:
		return instanceWith[[6]Value](cls)
	case 7:
		return instanceWith[[7]Value](cls)
	case 8:
		return instanceWith[[8]Value](cls)
	}
	return &Instance{cls: cls}
}

// instanceWith returns an Instance of cls whose empty vals has room for
// the values of A, an array of Values allocated with it.
func instanceWith[A any](cls *Type) *Instance {
	x := &struct {
		inst Instance
		vals A
	}{}
	n := int(unsafe.Sizeof(x.vals) / unsafe.Sizeof(Value{}))
	x.inst.cls = cls
	x.inst.vals = unsafe.Slice((*Value)(unsafe.Pointer(&x.vals)), n)[:0]
	return &x.inst
}
