package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The combinatoric iterators of itertools: product, permutations,
// combinations and combinations_with_replacement. Each reads its input
// once into a pool and steps an index vector, yielding tuples in
// lexicographic order of the indices as CPython does.

var productType, permutationsType, combinationsType, combinationsWRType *vm.Type

// buildCombinatoricTypes makes this file's types (buildItertoolsTypes runs
// it).
func buildCombinatoricTypes() {
	productType = itType("product", newProduct)
	permutationsType = itType("permutations", newPermutations)
	combinationsType = itType("combinations", newCombinations)
	combinationsWRType = itType("combinations_with_replacement", newCombinationsWR)
}

// ---- product ----------------------------------------------------------------

type productIter struct {
	pools   [][]vm.Value
	indices []int
	started bool
	done    bool
}

func (*productIter) Type() *vm.Type { return productType }

func newProduct(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	npos := len(args) - len(kw)
	repeat := int64(1)
	for i, k := range kw {
		if k != "repeat" {
			return vm.Value{}, vm.Errorf(vm.TypeError, "'%s' is an invalid keyword argument for product()", k)
		}
		n, err := t.Index(args[npos+i])
		if err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "repeat argument cannot be negative")
		}
		repeat = n
	}
	var base [][]vm.Value
	for _, a := range args[:npos] {
		items, err := t.ToSlice(a)
		if err != nil {
			return vm.Value{}, err
		}
		base = append(base, items)
	}
	p := &productIter{}
	for r := int64(0); r < repeat; r++ {
		p.pools = append(p.pools, base...)
	}
	p.indices = make([]int, len(p.pools))
	for _, pool := range p.pools {
		if len(pool) == 0 {
			p.done = true
		}
	}
	return vm.ObjectValue(p), nil
}

// NextValue implements vm.Iterator.
func (p *productIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if p.done {
		return vm.Value{}, false, nil
	}
	if p.started {
		i := len(p.indices) - 1
		for ; i >= 0; i-- {
			p.indices[i]++
			if p.indices[i] < len(p.pools[i]) {
				break
			}
			p.indices[i] = 0
		}
		if i < 0 {
			p.done = true
			return vm.Value{}, false, nil
		}
	}
	p.started = true
	out := make([]vm.Value, len(p.indices))
	for i, j := range p.indices {
		out[i] = p.pools[i][j]
	}
	return vm.NewTuple(out), true, nil
}

// combArgs reads (iterable, r) for the combinatoric constructors; r < 0
// means r was omitted or None.
func combArgs(t *vm.Thread, name string, args []vm.Value, kw []string, rRequired bool) ([]vm.Value, int, error) {
	var iterable, rv vm.Value
	names := []string{"iterable", "r?"}
	if rRequired {
		names[1] = "r"
	}
	if len(args)-len(kw) < 2 && rRequired {
		has := false
		for _, k := range kw {
			has = has || k == "r"
		}
		if !has {
			if len(args) == 0 {
				return nil, 0, vm.Errorf(vm.TypeError, "%s() missing required argument 'iterable' (pos 1)", name)
			}
			return nil, 0, vm.Errorf(vm.TypeError, "%s() missing required argument 'r' (pos 2)", name)
		}
	}
	if err := vm.UnpackArgs(name, args, kw, names, &iterable, &rv); err != nil {
		return nil, 0, err
	}
	pool, err := t.ToSlice(iterable)
	if err != nil {
		return nil, 0, err
	}
	r := -1
	if rv.IsValid() && !rv.IsNone() {
		n, err := t.Index(rv)
		if err != nil {
			return nil, 0, err
		}
		if n < 0 {
			return nil, 0, vm.Errorf(vm.ValueError, "r must be non-negative")
		}
		r = int(n)
	}
	return pool, r, nil
}

// ---- permutations -------------------------------------------------------------

type permutationsIter struct {
	pool            []vm.Value
	r               int
	indices, cycles []int
	started, done   bool
}

func (*permutationsIter) Type() *vm.Type { return permutationsType }

func newPermutations(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	pool, r, err := combArgs(t, "permutations", args, kw, false)
	if err != nil {
		return vm.Value{}, err
	}
	n := len(pool)
	if r < 0 {
		r = n
	}
	p := &permutationsIter{pool: pool, r: r, done: r > n}
	p.indices = make([]int, n)
	for i := range p.indices {
		p.indices[i] = i
	}
	p.cycles = make([]int, r)
	for i := range p.cycles {
		p.cycles[i] = n - i
	}
	return vm.ObjectValue(p), nil
}

// NextValue implements vm.Iterator.
func (p *permutationsIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if p.done {
		return vm.Value{}, false, nil
	}
	n, r := len(p.pool), p.r
	if p.started {
		i := r - 1
		for ; i >= 0; i-- {
			p.cycles[i]--
			if p.cycles[i] == 0 {
				// rotate indices[i:] left by one
				first := p.indices[i]
				copy(p.indices[i:], p.indices[i+1:])
				p.indices[n-1] = first
				p.cycles[i] = n - i
			} else {
				j := p.cycles[i]
				p.indices[i], p.indices[n-j] = p.indices[n-j], p.indices[i]
				break
			}
		}
		if i < 0 {
			p.done = true
			return vm.Value{}, false, nil
		}
	}
	p.started = true
	out := make([]vm.Value, r)
	for i := 0; i < r; i++ {
		out[i] = p.pool[p.indices[i]]
	}
	return vm.NewTuple(out), true, nil
}

// ---- combinations, combinations_with_replacement --------------------------------

type combinationsIter struct {
	pool          []vm.Value
	indices       []int
	replace       bool
	started, done bool
}

func (c *combinationsIter) Type() *vm.Type {
	if c.replace {
		return combinationsWRType
	}
	return combinationsType
}

func newCombinations(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	pool, r, err := combArgs(t, "combinations", args, kw, true)
	if err != nil {
		return vm.Value{}, err
	}
	c := &combinationsIter{pool: pool, done: r > len(pool)}
	c.indices = make([]int, r)
	for i := range c.indices {
		c.indices[i] = i
	}
	return vm.ObjectValue(c), nil
}

func newCombinationsWR(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	pool, r, err := combArgs(t, "combinations_with_replacement", args, kw, true)
	if err != nil {
		return vm.Value{}, err
	}
	c := &combinationsIter{pool: pool, replace: true, done: len(pool) == 0 && r > 0}
	c.indices = make([]int, r)
	return vm.ObjectValue(c), nil
}

// NextValue implements vm.Iterator.
func (c *combinationsIter) NextValue(t *vm.Thread) (vm.Value, bool, error) {
	if c.done {
		return vm.Value{}, false, nil
	}
	n, r := len(c.pool), len(c.indices)
	if c.started {
		i := r - 1
		if c.replace {
			for ; i >= 0 && c.indices[i] == n-1; i-- {
			}
			if i < 0 {
				c.done = true
				return vm.Value{}, false, nil
			}
			v := c.indices[i] + 1
			for j := i; j < r; j++ {
				c.indices[j] = v
			}
		} else {
			for ; i >= 0 && c.indices[i] == i+n-r; i-- {
			}
			if i < 0 {
				c.done = true
				return vm.Value{}, false, nil
			}
			c.indices[i]++
			for j := i + 1; j < r; j++ {
				c.indices[j] = c.indices[j-1] + 1
			}
		}
	}
	c.started = true
	out := make([]vm.Value, r)
	for i, j := range c.indices {
		out[i] = c.pool[j]
	}
	return vm.NewTuple(out), true, nil
}
