package vm

import "fmt"

// This file holds BaseExceptionGroup and ExceptionGroup (PEP 654): the
// constructor's checks, message/exceptions, split/subgroup/derive, and the
// runtime of except* clauses (CHECK_EG_MATCH, PREP_RERAISE_STAR). Notes
// (__notes__) live in the exception's instance dict, as in CPython.

func init() {
	G := BaseExceptionGroup
	G.NewGetSet("message", func(t *Thread, self Value) (Value, error) {
		if m := excSelf(self).more().groupMsg; m.IsValid() {
			return m, nil
		}
		return Str(""), nil
	}, nil)
	G.NewGetSet("exceptions", func(t *Thread, self Value) (Value, error) {
		return NewTuple(append([]Value(nil), excSelf(self).more().group...)), nil
	}, nil)
	G.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		e := excSelf(self)
		msg := ""
		if m := e.more().groupMsg; m.IsValid() {
			msg, _ = m.AsStr()
		}
		return Str(groupSummary(msg, len(e.more().group))), nil
	})
	G.NewMethod("derive", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("derive", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		return t.Call(Value{o: BaseExceptionGroup}, []Value{excSelf(self).groupMsgValue(), args[0]}, nil)
	})
	G.NewMethod("subgroup", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("subgroup", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		m, err := t.groupMatcher(args[0])
		if err != nil {
			return Value{}, err
		}
		match, _, err := t.splitGroup(excSelf(self), m, false)
		return match, err
	})
	G.NewMethod("split", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := ArgCount("split", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		m, err := t.groupMatcher(args[0])
		if err != nil {
			return Value{}, err
		}
		match, rest, err := t.splitGroup(excSelf(self), m, true)
		return Tuple2(match, rest), err
	})
	G.NewClassMethod("__class_getitem__", func(t *Thread, cls Value, args []Value, kw []string) (Value, error) {
		return cls, nil
	})
}

func groupSummary(msg string, n int) string {
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Sprintf("%s (%d sub-exception%s)", msg, n, s)
}

func (e *Exception) groupMsgValue() Value {
	if m := e.more().groupMsg; m.IsValid() {
		return m
	}
	return Str("")
}

// isGroup reports whether e is a BaseExceptionGroup.
func (e *Exception) isGroup() bool { return e.IsInstance(BaseExceptionGroup) }

// initExceptionGroup checks the arguments of BaseExceptionGroup.__new__ and
// fills in the group; a BaseExceptionGroup of Exceptions becomes an
// ExceptionGroup.
func initExceptionGroup(t *Thread, e *Exception, args []Value) error {
	if len(args) != 2 {
		return Errorf(TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%d given)", len(args))
	}
	if _, ok := args[0].AsStr(); !ok {
		return Errorf(TypeError, "BaseExceptionGroup.__new__() argument 1 must be str, not %s", args[0].TypeName())
	}
	var excs []Value
	switch o := args[1].o.(type) {
	case *List:
		excs = append([]Value(nil), o.Items()...)
	case *Tuple:
		excs = append([]Value(nil), o.items...)
	default:
		if _, ok := args[1].Type().Lookup("__getitem__"); !ok || args[1].Type() == DictType || matchMapping(args[1]) {
			return Errorf(TypeError, "second argument (exceptions) must be a sequence")
		}
		items, err := t.ToSlice(args[1])
		if err != nil {
			return Errorf(TypeError, "second argument (exceptions) must be a sequence")
		}
		excs = items
	}
	if len(excs) == 0 {
		return Errorf(ValueError, "second argument (exceptions) must be a non-empty sequence")
	}
	nestedBase := false
	for i, x := range excs {
		xe, ok := x.o.(*Exception)
		if !ok {
			return Errorf(ValueError, "Item %d of second argument (exceptions) is not an exception", i)
		}
		if !xe.IsInstance(ExceptionType) {
			nestedBase = true
		}
	}
	switch {
	case e.cls == BaseExceptionGroup:
		if !nestedBase {
			e.cls = ExceptionGroup
		}
	case e.cls == ExceptionGroup:
		if nestedBase {
			return Errorf(TypeError, "Cannot nest BaseExceptions in an ExceptionGroup")
		}
	default:
		if nestedBase && ExceptionType.IsSubtype(e.cls) {
			return Errorf(TypeError, "Cannot nest BaseExceptions in '%s'", e.cls.Name)
		}
	}
	m := e.setMore()
	m.group = excs
	m.groupMsg = args[0]
	return nil
}

// NewExceptionGroup builds an ExceptionGroup (or a BaseExceptionGroup when
// a member is not an Exception) from Go; excs must not be empty.
func (t *Thread) NewExceptionGroup(msg string, excs []*Exception) *Exception {
	vals := make([]Value, len(excs))
	for i, e := range excs {
		vals[i] = Value{o: e}
	}
	return newGroup(t, Str(msg), NewList(vals))
}

func newGroup(t *Thread, msg, excs Value) *Exception {
	e := &Exception{cls: BaseExceptionGroup, Args: []Value{msg, excs}}
	_ = initExceptionGroup(t, e, []Value{msg, excs})
	return e
}

// groupMatcher is the condition of split/subgroup: an exception type, a
// tuple of them, or a predicate.
type groupMatcher struct {
	types Value // a type or a tuple of types, or invalid
	pred  Value // a callable, or invalid
	ids   map[*Exception]bool
}

func (t *Thread) groupMatcher(cond Value) (*groupMatcher, error) {
	isExcType := func(v Value) bool {
		c, ok := v.o.(*Type)
		return ok && BaseException.IsSubtype(c)
	}
	if isExcType(cond) {
		return &groupMatcher{types: cond}, nil
	}
	if tup, ok := cond.o.(*Tuple); ok {
		for _, x := range tup.items {
			if !isExcType(x) {
				return nil, Errorf(TypeError, "expected an exception type, a tuple of exception types, or a callable (other than a class)")
			}
		}
		return &groupMatcher{types: cond}, nil
	}
	if _, isType := cond.o.(*Type); !isType && IsCallable(cond) {
		return &groupMatcher{pred: cond}, nil
	}
	return nil, Errorf(TypeError, "expected an exception type, a tuple of exception types, or a callable (other than a class)")
}

func (t *Thread) groupMatches(m *groupMatcher, e *Exception) (bool, error) {
	switch {
	case m.ids != nil:
		return m.ids[e], nil
	case m.types.IsValid():
		return t.exceptionMatches(e, m.types)
	}
	r, err := t.Call(m.pred, []Value{{o: e}}, nil)
	if err != nil {
		return false, err
	}
	return t.Truth(r)
}

// splitGroup implements split and subgroup: the matching part and (with
// rest) the remaining part of e, None when empty, keeping the nesting and
// deriving every new group with derive().
func (t *Thread) splitGroup(e *Exception, m *groupMatcher, rest bool) (Value, Value, error) {
	ok, err := t.groupMatches(m, e)
	if err != nil {
		return Value{}, Value{}, err
	}
	if ok {
		return Value{o: e}, None, nil
	}
	if !e.isGroup() {
		return None, Value{o: e}, nil
	}
	var ms, rs []Value
	for _, sub := range e.more().group {
		se := sub.o.(*Exception)
		sm, sr, err := t.splitGroup(se, m, rest)
		if err != nil {
			return Value{}, Value{}, err
		}
		if !sm.IsNone() {
			ms = append(ms, sm)
		}
		if rest && sr.IsValid() && !sr.IsNone() {
			rs = append(rs, sr)
		}
	}
	mv, err := t.groupSubset(e, ms)
	if err != nil {
		return Value{}, Value{}, err
	}
	rv := None
	if rest {
		if rv, err = t.groupSubset(e, rs); err != nil {
			return Value{}, Value{}, err
		}
	}
	return mv, rv, nil
}

// groupSubset makes e.derive(items) with e's traceback, cause, context and
// notes, or None for no items.
func (t *Thread) groupSubset(e *Exception, items []Value) (Value, error) {
	if len(items) == 0 {
		return None, nil
	}
	v, err := t.CallMethod(Value{o: e}, "derive", NewList(items))
	if err != nil {
		return Value{}, err
	}
	ne, ok := v.o.(*Exception)
	if !ok || !ne.isGroup() {
		return Value{}, Errorf(TypeError, "derive must return an instance of BaseExceptionGroup")
	}
	ne.Traceback = append([]TraceEntry(nil), e.Traceback...)
	ne.Cause, ne.Context, ne.SuppressContext = e.Cause, e.Context, e.SuppressContext
	if notes, ok := excNotesValue(e); ok {
		if items, err := t.ToSlice(notes); err == nil {
			ensureInstanceDict(v).SetStr("__notes__", NewList(items))
		}
	}
	return v, nil
}

// excNotesValue returns e.__notes__ when it is set.
func excNotesValue(e *Exception) (Value, bool) {
	if e.dict == nil {
		return Value{}, false
	}
	return e.dict.GetStr("__notes__")
}

// addNote implements BaseException.add_note.
func addNote(self Value, note Value) error {
	e := excSelf(self)
	if v, ok := excNotesValue(e); ok {
		l, ok := v.o.(*List)
		if !ok {
			return Errorf(TypeError, "Cannot add notes: __notes__ is not a list")
		}
		l.vals = append(l.Items(), note)
		return nil
	}
	ensureInstanceDict(self).SetStr("__notes__", NewList([]Value{note}))
	return nil
}

// noteLines are the notes the traceback printer shows under an exception.
func (t *Thread) noteLines(e *Exception) []string {
	v, ok := excNotesValue(e)
	if !ok {
		return nil
	}
	if s, ok := v.AsStr(); ok {
		return []string{s}
	}
	items, err := t.ToSlice(v)
	if err != nil {
		r, _ := t.Repr(v)
		return []string{r}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.AsStr(); ok {
			out = append(out, s)
			continue
		}
		s, err := t.Str(it)
		if err != nil {
			s = "<note str() failed>"
		}
		out = append(out, s)
	}
	return out
}

// checkEGMatch implements CHECK_EG_MATCH: [exc type] -> [rest match].
func (t *Thread) checkEGMatch(excv, typ Value) (Value, Value, error) {
	if err := checkStarType(typ); err != nil {
		return Value{}, Value{}, err
	}
	if excv.IsNone() {
		return None, None, nil
	}
	exc := excv.o.(*Exception)
	ok, err := t.exceptionMatches(exc, typ)
	if err != nil {
		return Value{}, Value{}, err
	}
	if ok && !exc.isGroup() {
		// A naked exception: wrap it.
		g := newGroup(t, Str(""), NewTuple([]Value{excv}))
		g.Traceback = append([]TraceEntry(nil), exc.Traceback...)
		return None, Value{o: g}, nil
	}
	if ok {
		return None, excv, nil
	}
	if !exc.isGroup() {
		return excv, None, nil
	}
	match, rest, err := t.splitGroup(exc, &groupMatcher{types: typ}, true)
	if err != nil {
		return Value{}, Value{}, err
	}
	if match.IsNone() {
		return excv, None, nil
	}
	return rest, match, nil
}

// checkStarType rejects the types an except* clause may not name.
func checkStarType(typ Value) error {
	check := func(v Value) error {
		c, ok := v.o.(*Type)
		if !ok || !BaseException.IsSubtype(c) {
			return Errorf(TypeError, "catching classes that do not inherit from BaseException is not allowed")
		}
		if BaseExceptionGroup.IsSubtype(c) {
			return Errorf(TypeError, "catching ExceptionGroup with except* is not allowed. Use except instead.")
		}
		return nil
	}
	if tup, ok := typ.o.(*Tuple); ok {
		for _, x := range tup.items {
			if err := check(x); err != nil {
				return err
			}
		}
		return nil
	}
	return check(typ)
}

// prepReraiseStar implements PREP_RERAISE_STAR: from the original
// exception and the list of what the except* clauses raised or left
// unhandled, the exception to raise (None when there is none).
func (t *Thread) prepReraiseStar(origv, listv Value) (Value, error) {
	excs := listv.o.(*List).Items()
	if len(excs) == 0 {
		return None, nil
	}
	orig, _ := origv.o.(*Exception)
	if orig == nil || !orig.isGroup() {
		// A naked exception was caught: at most one clause ran.
		for _, e := range excs {
			if !e.IsNone() {
				return e, nil
			}
		}
		return None, nil
	}
	var raised []Value
	leaves := map[*Exception]bool{}
	for _, v := range excs {
		e, ok := v.o.(*Exception)
		if !ok {
			continue
		}
		if sameExceptionMetadata(e, orig) {
			collectLeaves(e, leaves)
		} else {
			raised = append(raised, v)
		}
	}
	reraised := None
	if len(leaves) > 0 {
		m, _, err := t.splitGroup(orig, &groupMatcher{ids: leaves}, false)
		if err != nil {
			return Value{}, err
		}
		reraised = m
	}
	if len(raised) == 0 {
		return reraised, nil
	}
	if !reraised.IsNone() {
		raised = append(raised, reraised)
	}
	if len(raised) == 1 {
		return raised[0], nil
	}
	return Value{o: newGroup(t, Str(""), NewList(raised))}, nil
}

// sameExceptionMetadata reports whether e was split off orig (a re-raise
// rather than a new exception).
func sameExceptionMetadata(e, orig *Exception) bool {
	if e == orig {
		return true
	}
	n1, ok1 := excNotesValue(e)
	n2, ok2 := excNotesValue(orig)
	if ok1 != ok2 || (ok1 && n1.o != n2.o && !(n1.o == nil && n2.o == nil)) {
		// Notes are copied into a new list by split: compare their items.
		if !(ok1 && ok2 && sameNotes(n1, n2)) {
			return false
		}
	}
	return e.Cause == orig.Cause && e.Context == orig.Context && sameTraceback(e.Traceback, orig.Traceback)
}

func sameNotes(a, b Value) bool {
	la, ok1 := a.o.(*List)
	lb, ok2 := b.o.(*List)
	if !ok1 || !ok2 || la.Len() != lb.Len() {
		return false
	}
	for i := range la.Items() {
		if la.At(i).o != lb.At(i).o || la.At(i).n != lb.At(i).n {
			return false
		}
	}
	return true
}

// sameTraceback reports whether a is b or b with more entries (a
// re-raise may add the frame it passes through).
func sameTraceback(a, b []TraceEntry) bool {
	if len(a) < len(b) {
		return false
	}
	for i := range b {
		if !a[i].samePlace(&b[i]) {
			return false
		}
	}
	return true
}

func collectLeaves(e *Exception, into map[*Exception]bool) {
	if !e.isGroup() {
		into[e] = true
		return
	}
	for _, sub := range e.more().group {
		collectLeaves(sub.o.(*Exception), into)
	}
}
