package vm

// nameObjs holds the str subclass instances assigned to the __name__ or
// __qualname__ of a function or a class, which CPython returns as they
// were assigned (a zero Value where the name is a plain str; a nil
// *nameObjs when both are).
type nameObjs struct{ name, qualname Value }

// get is the object kept for one name (a zero Value if none).
func (n *nameObjs) get(qual bool) Value {
	switch {
	case n == nil:
		return Value{}
	case qual:
		return n.qualname
	}
	return n.name
}

// set returns n with the object for one name replaced by v (kept only if
// it is a str subclass instance). n may be shared (a renamed generator's
// copy of its function), so it is copied, never changed.
func (n *nameObjs) set(v Value, qual bool) *nameObjs {
	sub := v.Type() != StrType
	if n == nil && !sub {
		return nil
	}
	c := &nameObjs{}
	if n != nil {
		*c = *n
	}
	keep := Value{}
	if sub {
		keep = v
	}
	if qual {
		c.qualname = keep
	} else {
		c.name = keep
	}
	if c.name.o == nil && c.qualname.o == nil {
		return nil
	}
	return c
}
