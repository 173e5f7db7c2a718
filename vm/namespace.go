package vm

import "unsafe"

// Local namespaces of module and class-body frames that are not exact
// dicts: exec/eval with a mapping as locals, and class bodies whose
// metaclass __prepare__ returns a dict subclass or another mapping. Such a
// frame has f.locals == nil and the mapping in f.nsMap(); LOAD_NAME,
// STORE_NAME and DELETE_NAME use its __getitem__/__setitem__/__delitem__
// (as CPython does for anything but an exact dict).

// setLocals makes ns (any mapping) the local namespace of f.
func (f *Frame) setLocals(ns Value) {
	pf := f.pooled()
	if d, ok := ns.o.(*Dict); ok && d.cls == nil {
		f.locals = d
		if pf != nil {
			pf.localsMap = Value{}
		}
		return
	}
	f.locals = nil
	if pf == nil {
		// module code and class bodies run in pooled frames (newFrame)
		panic("vm: a mapping namespace for a frame that is not pooled")
	}
	pf.localsMap = ns
}

// pooled returns the pooled record f is the frame of, or nil.
func (f *Frame) pooled() *pooledFrame {
	if f.flags&flagPooled == 0 {
		return nil
	}
	// the Frame is the record's first field
	return (*pooledFrame)(unsafe.Pointer(f))
}

// nsMap returns f's local namespace when it is not an exact dict, or nil.
func (f *Frame) nsMap() *Value {
	if pf := f.pooled(); pf != nil && pf.localsMap.o != nil {
		return &pf.localsMap
	}
	return nil
}

// localsValue returns f's local namespace (None-less: the zero Value when
// the frame has none).
func (f *Frame) localsValue() Value {
	if f.locals != nil {
		return Value{o: f.locals}
	}
	if f.nsMap() != nil {
		return *f.nsMap()
	}
	return Value{}
}

// mapLoad looks name up in a mapping namespace; a KeyError means "not
// there".
func (t *Thread) mapLoad(m Value, name *StrObject) (Value, bool, error) {
	v, err := t.GetItem(m, Value{o: name})
	if err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(KeyError) {
			return Value{}, false, nil
		}
		return Value{}, false, err
	}
	return v, true, nil
}

// mapDelete deletes name from a mapping namespace (NameError when missing).
func (t *Thread) mapDelete(m Value, name *StrObject) error {
	if err := t.DelItem(m, Value{o: name}); err != nil {
		if e, ok := err.(*Exception); ok && e.IsInstance(KeyError) {
			return nameError(name.s)
		}
		return err
	}
	return nil
}
