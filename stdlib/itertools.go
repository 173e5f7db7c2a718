package stdlib

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm"
)

// The itertools module in Go: every iterator is a native type implementing
// vm.Iterator, so for loops advance it with a direct call. The
// combinatoric iterators (product, permutations, combinations...) live in
// itertools_comb.go.

func init() { register("itertools", initItertools) }

// itType makes an itertools iterator type whose constructor is ctor.
func itType(name string, ctor func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error)) *vm.Type {
	typ := vm.NewCType(name, "itertools", nil, nil)
	vm.RegisterIteratorType(typ)
	typ.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return ctor(t, args[1:], kw)
	})
	return typ
}

// The itertools types are made on the module's first import, by
// buildItertoolsTypes under itertoolsOnce (several interpreters may import
// it at once): no Go code outside itertools*.go makes their instances.
var (
	itertoolsOnce sync.Once

	countType, cycleType, repeatType, accumulateType, chainType *vm.Type
	compressType, dropwhileType, takewhileType, filterfalseType *vm.Type
	groupbyType, grouperType, isliceType, pairwiseType          *vm.Type
	starmapType, teeType, zipLongestType                        *vm.Type

	itertoolsTypeList []*vm.Type
)

// buildItertoolsTypes makes the module's types and their methods.
func buildItertoolsTypes() {
	buildCombinatoricTypes()
	countType = itType("count", newCount)
	cycleType = itType("cycle", newCycle)
	repeatType = itType("repeat", newRepeat)
	accumulateType = itType("accumulate", newAccumulate)
	chainType = itType("chain", newChain)
	compressType = itType("compress", newCompress)
	dropwhileType = itType("dropwhile", func(t *vm.Thread, a []vm.Value, kw []string) (vm.Value, error) {
		return newPredIter(t, "dropwhile", a, kw)
	})
	takewhileType = itType("takewhile", func(t *vm.Thread, a []vm.Value, kw []string) (vm.Value, error) {
		return newPredIter(t, "takewhile", a, kw)
	})
	filterfalseType = itType("filterfalse", func(t *vm.Thread, a []vm.Value, kw []string) (vm.Value, error) {
		return newPredIter(t, "filterfalse", a, kw)
	})
	groupbyType = itType("groupby", newGroupby)
	grouperType = vm.NewNativeType("_grouper", "itertools", nil, nil)
	isliceType = itType("islice", newIslice)
	pairwiseType = itType("pairwise", newPairwise)
	starmapType = itType("starmap", newStarmap)
	teeType = vm.NewNativeType("_tee", "itertools", nil, nil)
	zipLongestType = itType("zip_longest", newZipLongest)
	itertoolsTypeList = []*vm.Type{countType, cycleType, repeatType, accumulateType, chainType, compressType,
		dropwhileType, takewhileType, filterfalseType, groupbyType, isliceType, pairwiseType, starmapType,
		zipLongestType, productType, permutationsType, combinationsType, combinationsWRType}
	addItertoolsMethods()
}

func initItertools(v *vm.VM, m *vm.Module) error {
	itertoolsOnce.Do(buildItertoolsTypes)
	for _, typ := range itertoolsTypeList {
		m.Set(typ.ShortName(), vm.ObjectValue(typ))
	}
	m.Set("_grouper", vm.ObjectValue(grouperType))
	m.Set("_tee", vm.ObjectValue(teeType))
	m.SetFunc("tee", teeFunc)
	return nil
}

// ---- count ----------------------------------------------------------------

type countIter struct {
	n, step   int64
	fast      bool
	cur, incr vm.Value // when not fast
}

func (*countIter) Type() *vm.Type { return countType }

func isNumber(v vm.Value) bool {
	if v.IsInt() || v.IsFloat() {
		return true
	}
	switch v.TypeName() {
	case "complex", "Decimal", "Fraction":
		return true
	}
	_, ok := v.Type().Lookup("__add__")
	return ok && !v.Type().IsSubclassOf(vm.StrType) && v.Type() != vm.ListType && v.Type() != vm.TupleType
}

func newCount(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var start, step vm.Value
	if err := vm.UnpackArgs("count", args, kw, []string{"start?", "step?"}, &start, &step); err != nil {
		return vm.Value{}, err
	}
	if !start.IsValid() {
		start = vm.Int(0)
	}
	if !step.IsValid() {
		step = vm.Int(1)
	}
	if !isNumber(start) || !isNumber(step) {
		return vm.Value{}, vm.Errorf(vm.TypeError, "a number is required")
	}
	c := &countIter{cur: start, incr: step}
	if start.IsSmallInt() && step.IsSmallInt() && !start.IsBool() && !step.IsBool() {
		c.fast, c.n, c.step = true, start.SmallInt(), step.SmallInt()
	}
	return vm.ObjectValue(c), nil
}

// NextValue implements vm.Iterator.
func (c *countIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if c.fast {
		v := c.n
		next := v + c.step
		if (c.step > 0 && next < v) || (c.step < 0 && next > v) {
			c.fast = false
			c.cur, c.incr = vm.Int(v), vm.Int(c.step)
		} else {
			c.n = next
			return vm.Int(v), true, nil
		}
	}
	v := c.cur
	n, err := t.BinaryOp(compiler.OpAdd, c.cur, c.incr)
	if err != nil {
		return vm.Value{}, false, err
	}
	c.cur = n
	return v, true, nil
}

func (c *countIter) repr(t *vm.Thread) (string, error) {
	cur, step := c.cur, c.incr
	if c.fast {
		cur, step = vm.Int(c.n), vm.Int(c.step)
	}
	s, err := t.Repr(cur)
	if err != nil {
		return "", err
	}
	if step.IsSmallInt() && step.SmallInt() == 1 && !step.IsBool() {
		return "count(" + s + ")", nil
	}
	st, err := t.Repr(step)
	if err != nil {
		return "", err
	}
	return "count(" + s + ", " + st + ")", nil
}

// ---- cycle, repeat ----------------------------------------------------------

type cycleIter struct {
	it    vm.Value
	saved []vm.Value
	i     int
	done  bool // source exhausted
}

func (*cycleIter) Type() *vm.Type { return cycleType }

func newCycle(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs("cycle", kw); err != nil {
		return vm.Value{}, err
	}
	if len(args) != 1 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "cycle expected 1 argument, got %d", len(args))
	}
	it, err := t.Iter(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(&cycleIter{it: it}), nil
}

// NextValue implements vm.Iterator.
func (c *cycleIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if !c.done {
		v, ok, err := t.Next(c.it)
		if err != nil {
			return vm.Value{}, false, err
		}
		if ok {
			c.saved = append(c.saved, v)
			return v, true, nil
		}
		c.done = true
	}
	if len(c.saved) == 0 {
		return vm.Value{}, false, nil
	}
	v := c.saved[c.i]
	c.i = (c.i + 1) % len(c.saved)
	return v, true, nil
}

type repeatIter struct {
	obj   vm.Value
	times int64 // -1: forever
}

func (*repeatIter) Type() *vm.Type { return repeatType }

func newRepeat(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var obj, times vm.Value
	if err := vm.UnpackArgs("repeat", args, kw, []string{"object", "times?"}, &obj, &times); err != nil {
		return vm.Value{}, err
	}
	r := &repeatIter{obj: obj, times: -1}
	if times.IsValid() {
		n, err := t.Index(times)
		if err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			n = 0
		}
		r.times = n
	}
	return vm.ObjectValue(r), nil
}

// NextValue implements vm.Iterator.
func (r *repeatIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if r.times == 0 {
		return vm.Value{}, false, nil
	}
	if r.times > 0 {
		r.times--
	}
	return r.obj, true, nil
}

// ---- accumulate -------------------------------------------------------------

type accumulateIter struct {
	it, fn, total, initial vm.Value
	started                bool
}

func (*accumulateIter) Type() *vm.Type { return accumulateType }

func newAccumulate(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var iterable, fn, initial vm.Value
	if err := vm.UnpackArgs("accumulate", args, kw, []string{"iterable", "func?", "*initial?"}, &iterable, &fn, &initial); err != nil {
		return vm.Value{}, err
	}
	it, err := t.Iter(iterable)
	if err != nil {
		return vm.Value{}, err
	}
	if fn.IsValid() && fn.IsNone() {
		fn = vm.Value{}
	}
	if initial.IsValid() && initial.IsNone() {
		initial = vm.Value{}
	}
	return vm.ObjectValue(&accumulateIter{it: it, fn: fn, initial: initial}), nil
}

// NextValue implements vm.Iterator.
func (a *accumulateIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if a.initial.IsValid() {
		a.total, a.initial, a.started = a.initial, vm.Value{}, true
		return a.total, true, nil
	}
	v, ok, err := t.Next(a.it)
	if err != nil || !ok {
		return vm.Value{}, false, err
	}
	if !a.started {
		a.started, a.total = true, v
		return v, true, nil
	}
	if a.fn.IsValid() {
		a.total, err = t.Call2(a.fn, a.total, v)
	} else {
		a.total, err = t.BinaryOp(compiler.OpAdd, a.total, v)
	}
	if err != nil {
		return vm.Value{}, false, err
	}
	return a.total, true, nil
}

// ---- chain, compress ----------------------------------------------------------

type chainIter struct {
	sources vm.Value // an iterator of iterables
	cur     vm.Value
}

func (*chainIter) Type() *vm.Type { return chainType }

func newChain(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs("chain", kw); err != nil {
		return vm.Value{}, err
	}
	src, err := t.Iter(vm.NewTuple(append([]vm.Value(nil), args...)))
	if err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(&chainIter{sources: src}), nil
}

// NextValue implements vm.Iterator.
func (c *chainIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	for {
		if !c.cur.IsValid() {
			if !c.sources.IsValid() {
				return vm.Value{}, false, nil
			}
			src, ok, err := t.Next(c.sources)
			if err != nil {
				return vm.Value{}, false, err
			}
			if !ok {
				c.sources = vm.Value{}
				return vm.Value{}, false, nil
			}
			it, err := t.Iter(src)
			if err != nil {
				return vm.Value{}, false, err
			}
			c.cur = it
		}
		v, ok, err := t.Next(c.cur)
		if err != nil {
			return vm.Value{}, false, err
		}
		if ok {
			return v, true, nil
		}
		c.cur = vm.Value{}
	}
}

type compressIter struct{ data, sel vm.Value }

func (*compressIter) Type() *vm.Type { return compressType }

func newCompress(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var data, sel vm.Value
	if err := vm.UnpackArgs("compress", args, kw, []string{"data", "selectors"}, &data, &sel); err != nil {
		return vm.Value{}, err
	}
	d, err := t.Iter(data)
	if err != nil {
		return vm.Value{}, err
	}
	s, err := t.Iter(sel)
	if err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(&compressIter{d, s}), nil
}

// NextValue implements vm.Iterator.
func (c *compressIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	for {
		v, ok, err := t.Next(c.data)
		if err != nil || !ok {
			return vm.Value{}, false, err
		}
		s, ok, err := t.Next(c.sel)
		if err != nil || !ok {
			return vm.Value{}, false, err
		}
		b, err := t.Truth(s)
		if err != nil {
			return vm.Value{}, false, err
		}
		if b {
			return v, true, nil
		}
	}
}

// ---- dropwhile, takewhile, filterfalse -----------------------------------------

type predIter struct {
	kind      string
	pred, it  vm.Value
	done      bool // takewhile stopped / dropwhile finished dropping
	predIsNil bool
}

func (p *predIter) Type() *vm.Type {
	switch p.kind {
	case "dropwhile":
		return dropwhileType
	case "takewhile":
		return takewhileType
	}
	return filterfalseType
}

func newPredIter(t *vm.Thread, kind string, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs(kind, kw); err != nil {
		return vm.Value{}, err
	}
	if len(args) != 2 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "%s expected 2 arguments, got %d", kind, len(args))
	}
	it, err := t.Iter(args[1])
	if err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(&predIter{kind: kind, pred: args[0], it: it, predIsNil: args[0].IsNone()}), nil
}

func (p *predIter) test(t *vm.Thread, v vm.Value) (bool, error) {
	if p.predIsNil {
		return t.Truth(v)
	}
	r, err := t.Call1(p.pred, v)
	if err != nil {
		return false, err
	}
	return t.Truth(r)
}

// NextValue implements vm.Iterator.
func (p *predIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if p.kind == "takewhile" && p.done {
		return vm.Value{}, false, nil
	}
	for {
		v, ok, err := t.Next(p.it)
		if err != nil || !ok {
			return vm.Value{}, false, err
		}
		if p.kind == "dropwhile" && p.done {
			return v, true, nil
		}
		b, err := p.test(t, v)
		if err != nil {
			return vm.Value{}, false, err
		}
		switch p.kind {
		case "takewhile":
			if b {
				return v, true, nil
			}
			p.done = true
			return vm.Value{}, false, nil
		case "dropwhile":
			if !b {
				p.done = true
				return v, true, nil
			}
		default:
			if !b {
				return v, true, nil
			}
		}
	}
}

// ---- groupby ------------------------------------------------------------------

type groupbyIter struct {
	it, keyfn         vm.Value
	tgtKey, curKey    vm.Value
	curValue          vm.Value
	hasCur, exhausted bool
	currGrouper       *grouperIter
}

type grouperIter struct {
	parent *groupbyIter
	tgtKey vm.Value
}

func (*groupbyIter) Type() *vm.Type { return groupbyType }
func (*grouperIter) Type() *vm.Type { return grouperType }

func newGroupby(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var iterable, key vm.Value
	if err := vm.UnpackArgs("groupby", args, kw, []string{"iterable", "key?"}, &iterable, &key); err != nil {
		return vm.Value{}, err
	}
	it, err := t.Iter(iterable)
	if err != nil {
		return vm.Value{}, err
	}
	if key.IsValid() && key.IsNone() {
		key = vm.Value{}
	}
	return vm.ObjectValue(&groupbyIter{it: it, keyfn: key}), nil
}

// step reads the next value and its key.
func (g *groupbyIter) step(t *vm.Thread) (bool, error) {
	v, ok, err := t.Next(g.it)
	if err != nil {
		return false, err
	}
	if !ok {
		g.exhausted = true
		g.hasCur = false
		return false, nil
	}
	k := v
	if g.keyfn.IsValid() {
		k, err = t.Call1(g.keyfn, v)
		if err != nil {
			return false, err
		}
	}
	g.curValue, g.curKey, g.hasCur = v, k, true
	return true, nil
}

// NextValue implements vm.Iterator.
func (g *groupbyIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	g.currGrouper = nil
	for {
		if !g.hasCur {
			if g.exhausted {
				return vm.Value{}, false, nil
			}
			ok, err := g.step(t)
			if err != nil || !ok {
				return vm.Value{}, false, err
			}
		}
		if !g.tgtKey.IsValid() {
			break
		}
		eq, err := t.Equal(g.tgtKey, g.curKey)
		if err != nil {
			return vm.Value{}, false, err
		}
		if !eq {
			break
		}
		g.hasCur = false
	}
	g.tgtKey = g.curKey
	gr := &grouperIter{parent: g, tgtKey: g.tgtKey}
	g.currGrouper = gr
	return vm.Tuple2(g.curKey, vm.ObjectValue(gr)), true, nil
}

// NextValue implements vm.Iterator.
func (gr *grouperIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	g := gr.parent
	if g.currGrouper != gr {
		return vm.Value{}, false, nil
	}
	if !g.hasCur {
		if g.exhausted {
			return vm.Value{}, false, nil
		}
		ok, err := g.step(t)
		if err != nil || !ok {
			return vm.Value{}, false, err
		}
	}
	eq, err := t.Equal(gr.tgtKey, g.curKey)
	if err != nil {
		return vm.Value{}, false, err
	}
	if !eq {
		return vm.Value{}, false, nil
	}
	g.hasCur = false
	return g.curValue, true, nil
}

// ---- islice -------------------------------------------------------------------

type isliceIter struct {
	it               vm.Value
	next, stop, step int64 // stop -1: none
	pos              int64
}

func (*isliceIter) Type() *vm.Type { return isliceType }

func isliceArg(t *vm.Thread, v vm.Value, msg string) (int64, error) {
	if v.IsNone() {
		return -1, nil
	}
	n, err := t.Index(v)
	if err != nil || n < 0 {
		return 0, vm.Errorf(vm.ValueError, "%s", msg)
	}
	return n, nil
}

const (
	isliceStopMsg  = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
	isliceIndexMsg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
	isliceStepMsg  = "Step for islice() must be a positive integer or None."
)

func newIslice(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs("islice", kw); err != nil {
		return vm.Value{}, err
	}
	if len(args) < 2 || len(args) > 4 {
		if len(args) < 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "islice expected at least 2 arguments, got %d", len(args))
		}
		return vm.Value{}, vm.Errorf(vm.TypeError, "islice expected at most 4 arguments, got %d", len(args))
	}
	s := &isliceIter{step: 1}
	var err error
	if len(args) == 2 {
		if s.stop, err = isliceArg(t, args[1], isliceStopMsg); err != nil {
			return vm.Value{}, err
		}
	} else {
		if s.next, err = isliceArg(t, args[1], isliceIndexMsg); err != nil {
			return vm.Value{}, err
		}
		if s.next < 0 {
			s.next = 0
		}
		if s.stop, err = isliceArg(t, args[2], isliceStopMsg); err != nil {
			return vm.Value{}, err
		}
		if len(args) == 4 {
			if args[3].IsNone() {
				s.step = 1
			} else {
				n, err := t.Index(args[3])
				if err != nil || n <= 0 {
					return vm.Value{}, vm.Errorf(vm.ValueError, isliceStepMsg)
				}
				s.step = n
			}
		}
	}
	if s.it, err = t.Iter(args[0]); err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(s), nil
}

// NextValue implements vm.Iterator.
func (s *isliceIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if !s.it.IsValid() {
		return vm.Value{}, false, nil
	}
	for s.pos < s.next {
		if s.stop >= 0 && s.pos >= s.stop {
			s.it = vm.Value{}
			return vm.Value{}, false, nil
		}
		_, ok, err := t.Next(s.it)
		if err != nil || !ok {
			s.it = vm.Value{}
			return vm.Value{}, false, err
		}
		s.pos++
	}
	if s.stop >= 0 && s.pos >= s.stop {
		s.it = vm.Value{}
		return vm.Value{}, false, nil
	}
	v, ok, err := t.Next(s.it)
	if err != nil || !ok {
		s.it = vm.Value{}
		return vm.Value{}, false, err
	}
	s.pos++
	if s.next > math.MaxInt64-s.step {
		s.next = math.MaxInt64
	} else {
		s.next += s.step
	}
	if s.stop >= 0 && s.next > s.stop {
		s.next = s.stop
	}
	return v, true, nil
}

// ---- pairwise, starmap ----------------------------------------------------------

type pairwiseIter struct {
	it, old vm.Value
}

func (*pairwiseIter) Type() *vm.Type { return pairwiseType }

func newPairwise(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs("pairwise", kw); err != nil {
		return vm.Value{}, err
	}
	if len(args) != 1 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "pairwise expected 1 argument, got %d", len(args))
	}
	it, err := t.Iter(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(&pairwiseIter{it: it}), nil
}

// NextValue implements vm.Iterator.
func (p *pairwiseIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if !p.it.IsValid() {
		return vm.Value{}, false, nil
	}
	if !p.old.IsValid() {
		v, ok, err := t.Next(p.it)
		if err != nil || !ok {
			p.it = vm.Value{}
			return vm.Value{}, false, err
		}
		p.old = v
	}
	v, ok, err := t.Next(p.it)
	if err != nil || !ok {
		p.it, p.old = vm.Value{}, vm.Value{}
		return vm.Value{}, false, err
	}
	r := vm.Tuple2(p.old, v)
	p.old = v
	return r, true, nil
}

type starmapIter struct{ fn, it vm.Value }

func (*starmapIter) Type() *vm.Type { return starmapType }

func newStarmap(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.NoKwargs("starmap", kw); err != nil {
		return vm.Value{}, err
	}
	if len(args) != 2 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "starmap expected 2 arguments, got %d", len(args))
	}
	it, err := t.Iter(args[1])
	if err != nil {
		return vm.Value{}, err
	}
	return vm.ObjectValue(&starmapIter{args[0], it}), nil
}

// NextValue implements vm.Iterator.
func (s *starmapIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	v, ok, err := t.Next(s.it)
	if err != nil || !ok {
		return vm.Value{}, false, err
	}
	args, err := t.ToSlice(v)
	if err != nil {
		return vm.Value{}, false, err
	}
	r, err := t.Call(s.fn, args, nil)
	return r, err == nil, err
}

// ---- tee ------------------------------------------------------------------------

// teeBuffer holds the items read from the source that some tee has not
// consumed yet; base is the index of buf[0] in the source's sequence.
type teeBuffer struct {
	it   vm.Value
	buf  []vm.Value
	base int
	done bool
	tees []*teeIter
}

type teeIter struct {
	b   *teeBuffer
	pos int
}

func (*teeIter) Type() *vm.Type { return teeType }

// NextValue implements vm.Iterator.
func (ti *teeIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	b := ti.b
	idx := ti.pos - b.base
	if idx >= len(b.buf) {
		if b.done {
			return vm.Value{}, false, nil
		}
		v, ok, err := t.Next(b.it)
		if err != nil {
			return vm.Value{}, false, err
		}
		if !ok {
			b.done = true
			return vm.Value{}, false, nil
		}
		b.buf = append(b.buf, v)
	}
	v := b.buf[idx]
	ti.pos++
	// drop what every tee has consumed
	low := ti.pos
	for _, o := range b.tees {
		if o.pos < low {
			low = o.pos
		}
	}
	if drop := low - b.base; drop > 32 && drop*2 > len(b.buf) {
		b.buf = append(b.buf[:0:0], b.buf[drop:]...)
		b.base = low
	}
	return v, true, nil
}

func teeFunc(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("tee", args, kw, 1, 2); err != nil {
		return vm.Value{}, err
	}
	n := int64(2)
	if len(args) == 2 {
		var err error
		if n, err = t.Index(args[1]); err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "n must be >= 0")
		}
	}
	it, err := t.Iter(args[0])
	if err != nil {
		return vm.Value{}, err
	}
	b := &teeBuffer{it: it}
	out := make([]vm.Value, n)
	for i := range out {
		ti := &teeIter{b: b}
		b.tees = append(b.tees, ti)
		out[i] = vm.ObjectValue(ti)
	}
	return vm.NewTuple(out), nil
}

// ---- zip_longest ----------------------------------------------------------------

type zipLongestIter struct {
	its    []vm.Value
	fill   vm.Value
	active int
}

func (*zipLongestIter) Type() *vm.Type { return zipLongestType }

func newZipLongest(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	npos := len(args) - len(kw)
	z := &zipLongestIter{fill: vm.None}
	for i, k := range kw {
		if k != "fillvalue" {
			return vm.Value{}, vm.Errorf(vm.TypeError, "zip_longest() got an unexpected keyword argument")
		}
		z.fill = args[npos+i]
	}
	for _, a := range args[:npos] {
		it, err := t.Iter(a)
		if err != nil {
			return vm.Value{}, err
		}
		z.its = append(z.its, it)
	}
	z.active = len(z.its)
	return vm.ObjectValue(z), nil
}

// NextValue implements vm.Iterator.
func (z *zipLongestIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if z.active == 0 {
		return vm.Value{}, false, nil
	}
	items := make([]vm.Value, len(z.its))
	for i, it := range z.its {
		if !it.IsValid() {
			items[i] = z.fill
			continue
		}
		v, ok, err := t.Next(it)
		if err != nil {
			return vm.Value{}, false, err
		}
		if !ok {
			z.its[i] = vm.Value{}
			z.active--
			if z.active == 0 {
				return vm.Value{}, false, nil
			}
			v = z.fill
		}
		items[i] = v
	}
	return vm.NewTuple(items), true, nil
}

// addItertoolsMethods gives the types their methods (buildItertoolsTypes
// runs it).
func addItertoolsMethods() {
	vm.RegisterIteratorType(grouperType)
	vm.RegisterIteratorType(teeType)
	chainType.NewClassMethod("from_iterable", func(t *vm.Thread, cls vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("from_iterable", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		src, err := t.Iter(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&chainIter{sources: src}), nil
	})
	countType.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s, err := self.Object().(*countIter).repr(t)
		return vm.Str(s), err
	})
	repeatType.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r := self.Object().(*repeatIter)
		s, err := t.Repr(r.obj)
		if err != nil {
			return vm.Value{}, err
		}
		var b strings.Builder
		b.WriteString("repeat(")
		b.WriteString(s)
		if r.times >= 0 {
			b.WriteString(", ")
			b.WriteString(strconv.FormatInt(r.times, 10))
		}
		b.WriteString(")")
		return vm.Str(b.String()), nil
	})
	repeatType.NewMethod("__length_hint__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r := self.Object().(*repeatIter)
		if r.times < 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "len() of unsized object")
		}
		return vm.Int(r.times), nil
	})
	teeType.NewMethod("__copy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		ti := self.Object().(*teeIter)
		n := &teeIter{b: ti.b, pos: ti.pos}
		ti.b.tees = append(ti.b.tees, n)
		return vm.ObjectValue(n), nil
	})
}
