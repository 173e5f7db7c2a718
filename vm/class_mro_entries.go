package vm

// resolveMroEntries applies PEP 560 to the bases of a class statement: a
// base that is not a class but has __mro_entries__ (typing's Generic[T],
// NamedTuple...) is replaced by the classes that method returns. When any
// base was replaced, orig is the original bases tuple (the class's
// __orig_bases__); otherwise orig is the zero Value and bases is returned
// unchanged.
func (t *Thread) resolveMroEntries(bases []Value) (orig Value, out []Value, err error) {
	changed := false
	for _, b := range bases {
		if _, ok := b.o.(*Type); ok {
			out = append(out, b)
			continue
		}
		m, ok := b.Type().Lookup("__mro_entries__")
		if !ok {
			out = append(out, b)
			continue
		}
		r, err := t.callMethod(m, b, []Value{NewTuple(append([]Value(nil), bases...))}, nil)
		if err != nil {
			return Value{}, nil, err
		}
		tup, ok := r.o.(*Tuple)
		if !ok {
			return Value{}, nil, Errorf(TypeError, "__mro_entries__ must return a tuple")
		}
		out = append(out, tup.items...)
		changed = true
	}
	if !changed {
		return Value{}, bases, nil
	}
	return NewTuple(append([]Value(nil), bases...)), out, nil
}
