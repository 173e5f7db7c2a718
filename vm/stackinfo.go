package vm

// Stack and traceback information for the traceback, logging and warnings
// modules, which describe frames as (filename, line, function name) entries.

// StackEntries returns the thread's frames, outermost first, as traceback
// entries (the current line of each frame).
func (t *Thread) StackEntries() []TraceEntry {
	out := make([]TraceEntry, 0, len(t.frames))
	for _, f := range t.frames {
		if f == nil || f.code == nil {
			continue
		}
		out = append(out, f.traceEntry())
	}
	return out
}

// TracebackEntries returns the entries of a traceback object (the value of
// __traceback__, or one further down its chain), outermost first; ok is false when v is not a traceback.
func TracebackEntries(v Value) (entries []TraceEntry, ok bool) {
	tb, ok := v.o.(*TracebackObject)
	if !ok {
		return nil, false
	}
	// from tb to the innermost frame (tr is innermost first)
	n := len(tb.tr) - tb.index
	out := make([]TraceEntry, n)
	for i, e := range tb.tr[:n] {
		out[n-1-i] = e
	}
	return out, true
}

// StackGlobals returns the globals of the thread's frames, outermost first,
// parallel to StackEntries (nil where a frame has none).
func (t *Thread) StackGlobals() []*Dict {
	out := make([]*Dict, 0, len(t.frames))
	for _, f := range t.frames {
		if f == nil || f.code == nil {
			continue
		}
		out = append(out, f.globals)
	}
	return out
}
