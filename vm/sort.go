package vm

import (
	"math"
	"slices"
)

// SortValues sorts items in place, stably, by key(item) (or the items
// themselves when key is the zero Value or None), using <. It stops at the
// first comparison error.
func (t *Thread) SortValues(items []Value, key Value, reverse bool) error {
	return t.sortSlice(items, key, reverse)
}

// sortKind selects the comparison used by a sort, chosen by scanning the
// keys first (like CPython's unsafe_*_compare specialisations).
type sortKind uint8

const (
	sortGeneric sortKind = iota
	sortInts
	sortFloats
	sortStrs
	sortTuples
)

func sortKindOf(keys []Value) sortKind {
	if len(keys) == 0 {
		return sortGeneric
	}
	switch o := keys[0].o.(type) {
	case intMarker:
		for _, k := range keys {
			if _, ok := k.o.(intMarker); !ok {
				return sortGeneric
			}
		}
		return sortInts
	case floatMarker:
		for _, k := range keys {
			if _, ok := k.o.(floatMarker); !ok {
				return sortGeneric
			}
		}
		return sortFloats
	case *StrObject:
		if o.subclass() != nil {
			return sortGeneric
		}
		for _, k := range keys {
			if s, ok := k.o.(*StrObject); !ok || s.subclass() != nil {
				return sortGeneric
			}
		}
		return sortStrs
	case *Tuple:
		for _, k := range keys {
			if tu, ok := k.o.(*Tuple); !ok || tu.cls != nil {
				return sortGeneric
			}
		}
		return sortTuples
	}
	return sortGeneric
}

// sortSlice sorts items in place like list.sort: keys are computed first,
// reverse keeps the stability of equal items, and the algorithm is CPython's
// timsort (with powersort merge policy), so that even inconsistent
// comparisons give CPython's results.
func (t *Thread) sortSlice(items []Value, key Value, reverse bool) error {
	if len(items) < 2 {
		if len(items) == 1 && key.o != nil && !key.IsNone() {
			_, err := t.Call(key, []Value{items[0]}, nil)
			return err
		}
		return nil
	}
	keys := items
	var vals []Value
	if key.o != nil && !key.IsNone() {
		keys = make([]Value, len(items))
		var arg [1]Value
		for i, it := range items {
			arg[0] = it
			k, err := t.Call(key, arg[:], nil)
			if err != nil {
				return err
			}
			keys[i] = k
		}
		vals = items
	}
	kind := sortKindOf(keys)
	if kind == sortInts && vals == nil {
		// Equal ints are indistinguishable: any sorting algorithm gives the
		// same result.
		ints := make([]int64, len(keys))
		for i, k := range keys {
			ints[i] = int64(k.n)
		}
		if err := t.sortInts(ints); err != nil {
			return err
		}
		if reverse {
			slices.Reverse(ints)
		}
		for i, n := range ints {
			items[i] = Int(n)
		}
		return nil
	}
	if reverse {
		slices.Reverse(keys)
		if vals != nil {
			slices.Reverse(vals)
		}
	}
	s := sortState{t: t, kind: kind, keys: keys, vals: vals, minGallop: sortMinGallop, listlen: len(keys)}
	err := s.sort()
	if reverse {
		slices.Reverse(items)
	}
	return err
}

const (
	sortMinGallop = 7
)

type sortRun struct {
	base, len, power int
}

// sortState is CPython's MergeState.
type sortState struct {
	t          *Thread
	kind       sortKind
	keys, vals []Value // vals is nil when the keys are the items
	tmpK, tmpV []Value
	minGallop  int
	pending    []sortRun
	listlen    int
}

func (s *sortState) lt(a, b Value) (bool, error) {
	if err := s.t.Check(); err != nil {
		return false, err
	}
	switch s.kind {
	case sortInts:
		return int64(a.n) < int64(b.n), nil
	case sortFloats:
		return math.Float64frombits(a.n) < math.Float64frombits(b.n), nil
	case sortStrs:
		return a.o.(*StrObject).s < b.o.(*StrObject).s, nil
	case sortTuples:
		return s.t.tupleLess(a.o.(*Tuple).items, b.o.(*Tuple).items)
	}
	return s.t.Less(a, b)
}

// tupleLess compares two tuples with < without going through their
// __lt__ methods.
func (t *Thread) tupleLess(x, y []Value) (bool, error) {
	for i := 0; i < len(x) && i < len(y); i++ {
		p, q := x[i], y[i]
		if identical(p, q) {
			continue
		}
		eq, fast := fastKeysEqual(p, q)
		if !fast {
			var err error
			if eq, err = t.Equal(p, q); err != nil {
				return false, err
			}
		}
		if eq {
			continue
		}
		if ps, ok := p.o.(*StrObject); ok && ps.subclass() == nil {
			if qs, ok := q.o.(*StrObject); ok && qs.subclass() == nil {
				return ps.s < qs.s, nil
			}
		}
		return t.Less(p, q)
	}
	return len(x) < len(y), nil
}

func (s *sortState) ensureTmp(n int) {
	if cap(s.tmpK) < n {
		size := max(n, 256)
		s.tmpK = make([]Value, size)
		if s.vals != nil {
			s.tmpV = make([]Value, size)
		}
	}
}

func mergeComputeMinrun(n int) int {
	r := 0
	for n >= 64 {
		r |= n & 1
		n >>= 1
	}
	return n + r
}

func (s *sortState) sort() error {
	n := len(s.keys)
	minrun := mergeComputeMinrun(n)
	lo := 0
	for nremaining := n; nremaining > 0; {
		runLen, desc, err := s.countRun(lo, lo+nremaining)
		if err != nil {
			return err
		}
		if desc {
			slices.Reverse(s.keys[lo : lo+runLen])
			if s.vals != nil {
				slices.Reverse(s.vals[lo : lo+runLen])
			}
		}
		if runLen < minrun {
			force := min(nremaining, minrun)
			if err := s.binarySort(lo, lo+force, lo+runLen); err != nil {
				return err
			}
			runLen = force
		}
		if err := s.foundNewRun(runLen); err != nil {
			return err
		}
		s.pending = append(s.pending, sortRun{base: lo, len: runLen})
		lo += runLen
		nremaining -= runLen
	}
	return s.mergeForceCollapse()
}

// binarySort sorts [lo, hi) given that [lo, start) is already sorted.
func (s *sortState) binarySort(lo, hi, start int) error {
	keys, vals := s.keys, s.vals
	if start == lo {
		start++
	}
	for ; start < hi; start++ {
		l, r := lo, start
		pivot := keys[r]
		for l < r {
			p := l + (r-l)>>1
			lt, err := s.lt(pivot, keys[p])
			if err != nil {
				return err
			}
			if lt {
				r = p
			} else {
				l = p + 1
			}
		}
		copy(keys[l+1:start+1], keys[l:start])
		keys[l] = pivot
		if vals != nil {
			pv := vals[start]
			copy(vals[l+1:start+1], vals[l:start])
			vals[l] = pv
		}
	}
	return nil
}

// countRun returns the length of the run starting at lo, and whether it is
// strictly descending.
func (s *sortState) countRun(lo, hi int) (int, bool, error) {
	keys := s.keys
	if lo+1 == hi {
		return 1, false, nil
	}
	n := 2
	lt, err := s.lt(keys[lo+1], keys[lo])
	if err != nil {
		return 0, false, err
	}
	if lt {
		for p := lo + 2; p < hi; p++ {
			lt, err := s.lt(keys[p], keys[p-1])
			if err != nil {
				return 0, false, err
			}
			if !lt {
				break
			}
			n++
		}
		return n, true, nil
	}
	for p := lo + 2; p < hi; p++ {
		lt, err := s.lt(keys[p], keys[p-1])
		if err != nil {
			return 0, false, err
		}
		if lt {
			break
		}
		n++
	}
	return n, false, nil
}

// gallopLeft locates the leftmost position in sorted a at which key
// belongs (a[k-1] < key <= a[k]), starting the search at hint.
func (s *sortState) gallopLeft(key Value, a []Value, hint int) (int, error) {
	n := len(a)
	lastofs, ofs := 0, 1
	lt, err := s.lt(a[hint], key)
	if err != nil {
		return -1, err
	}
	if lt {
		// a[hint] < key: gallop right
		maxofs := n - hint
		for ofs < maxofs {
			lt, err := s.lt(a[hint+ofs], key)
			if err != nil {
				return -1, err
			}
			if !lt {
				break
			}
			lastofs = ofs
			ofs = ofs<<1 + 1
		}
		if ofs > maxofs {
			ofs = maxofs
		}
		lastofs += hint
		ofs += hint
	} else {
		// key <= a[hint]: gallop left
		maxofs := hint + 1
		for ofs < maxofs {
			lt, err := s.lt(a[hint-ofs], key)
			if err != nil {
				return -1, err
			}
			if lt {
				break
			}
			lastofs = ofs
			ofs = ofs<<1 + 1
		}
		if ofs > maxofs {
			ofs = maxofs
		}
		lastofs, ofs = hint-ofs, hint-lastofs
	}
	lastofs++
	for lastofs < ofs {
		m := lastofs + (ofs-lastofs)>>1
		lt, err := s.lt(a[m], key)
		if err != nil {
			return -1, err
		}
		if lt {
			lastofs = m + 1
		} else {
			ofs = m
		}
	}
	return ofs, nil
}

// gallopRight is like gallopLeft but finds the rightmost position
// (a[k-1] <= key < a[k]).
func (s *sortState) gallopRight(key Value, a []Value, hint int) (int, error) {
	n := len(a)
	lastofs, ofs := 0, 1
	lt, err := s.lt(key, a[hint])
	if err != nil {
		return -1, err
	}
	if lt {
		// key < a[hint]: gallop left
		maxofs := hint + 1
		for ofs < maxofs {
			lt, err := s.lt(key, a[hint-ofs])
			if err != nil {
				return -1, err
			}
			if !lt {
				break
			}
			lastofs = ofs
			ofs = ofs<<1 + 1
		}
		if ofs > maxofs {
			ofs = maxofs
		}
		lastofs, ofs = hint-ofs, hint-lastofs
	} else {
		// a[hint] <= key: gallop right
		maxofs := n - hint
		for ofs < maxofs {
			lt, err := s.lt(key, a[hint+ofs])
			if err != nil {
				return -1, err
			}
			if lt {
				break
			}
			lastofs = ofs
			ofs = ofs<<1 + 1
		}
		if ofs > maxofs {
			ofs = maxofs
		}
		lastofs += hint
		ofs += hint
	}
	lastofs++
	for lastofs < ofs {
		m := lastofs + (ofs-lastofs)>>1
		lt, err := s.lt(key, a[m])
		if err != nil {
			return -1, err
		}
		if lt {
			ofs = m
		} else {
			lastofs = m + 1
		}
	}
	return ofs, nil
}

// mergeLo merges the adjacent runs [a0, a0+na) and [b0, b0+nb) (na <= nb),
// copying the first run to temporary storage.
func (s *sortState) mergeLo(a0, na, b0, nb int) (err error) {
	keys, vals := s.keys, s.vals
	s.ensureTmp(na)
	tk, tv := s.tmpK, s.tmpV
	copy(tk, keys[a0:a0+na])
	if vals != nil {
		copy(tv, vals[a0:a0+na])
	}
	dest, pa, pb := a0, 0, b0
	minGallop := s.minGallop
	var k, acount, bcount int
	var lt bool

	keys[dest] = keys[pb]
	if vals != nil {
		vals[dest] = vals[pb]
	}
	dest++
	pb++
	nb--
	if nb == 0 {
		goto succeed
	}
	if na == 1 {
		goto copyB
	}
	for {
		acount, bcount = 0, 0
		// Do the straightforward thing until (if ever) one run appears to
		// win consistently.
		for {
			lt, err = s.lt(keys[pb], tk[pa])
			if err != nil {
				goto fail
			}
			if lt {
				keys[dest] = keys[pb]
				if vals != nil {
					vals[dest] = vals[pb]
				}
				dest++
				pb++
				nb--
				bcount++
				acount = 0
				if nb == 0 {
					goto succeed
				}
				if bcount >= minGallop {
					break
				}
			} else {
				keys[dest] = tk[pa]
				if vals != nil {
					vals[dest] = tv[pa]
				}
				dest++
				pa++
				na--
				acount++
				bcount = 0
				if na == 1 {
					goto copyB
				}
				if acount >= minGallop {
					break
				}
			}
		}
		// One run is winning so consistently that galloping may be a huge
		// win.
		minGallop++
		for {
			if minGallop > 1 {
				minGallop--
			}
			s.minGallop = minGallop
			k, err = s.gallopRight(keys[pb], tk[pa:pa+na], 0)
			if err != nil {
				goto fail
			}
			acount = k
			if k > 0 {
				copy(keys[dest:dest+k], tk[pa:pa+k])
				if vals != nil {
					copy(vals[dest:dest+k], tv[pa:pa+k])
				}
				dest += k
				pa += k
				na -= k
				if na == 1 {
					goto copyB
				}
				// na==0 is impossible now if the comparison function is
				// consistent, but we can't assume that it is.
				if na == 0 {
					goto succeed
				}
			}
			keys[dest] = keys[pb]
			if vals != nil {
				vals[dest] = vals[pb]
			}
			dest++
			pb++
			nb--
			if nb == 0 {
				goto succeed
			}

			k, err = s.gallopLeft(tk[pa], keys[pb:pb+nb], 0)
			if err != nil {
				goto fail
			}
			bcount = k
			if k > 0 {
				copy(keys[dest:dest+k], keys[pb:pb+k])
				if vals != nil {
					copy(vals[dest:dest+k], vals[pb:pb+k])
				}
				dest += k
				pb += k
				nb -= k
				if nb == 0 {
					goto succeed
				}
			}
			keys[dest] = tk[pa]
			if vals != nil {
				vals[dest] = tv[pa]
			}
			dest++
			pa++
			na--
			if na == 1 {
				goto copyB
			}
			if acount < sortMinGallop && bcount < sortMinGallop {
				break
			}
		}
		minGallop++ // penalize it for leaving galloping mode
		s.minGallop = minGallop
	}
succeed:
	err = nil
fail:
	if na > 0 {
		copy(keys[dest:dest+na], tk[pa:pa+na])
		if vals != nil {
			copy(vals[dest:dest+na], tv[pa:pa+na])
		}
	}
	return err
copyB:
	// The last element of run A belongs at the end of the merge.
	copy(keys[dest:dest+nb], keys[pb:pb+nb])
	keys[dest+nb] = tk[pa]
	if vals != nil {
		copy(vals[dest:dest+nb], vals[pb:pb+nb])
		vals[dest+nb] = tv[pa]
	}
	return nil
}

// mergeHi merges the adjacent runs [a0, a0+na) and [b0, b0+nb) (na > nb),
// copying the second run to temporary storage and merging from the right.
func (s *sortState) mergeHi(a0, na, b0, nb int) (err error) {
	keys, vals := s.keys, s.vals
	s.ensureTmp(nb)
	tk, tv := s.tmpK, s.tmpV
	copy(tk, keys[b0:b0+nb])
	if vals != nil {
		copy(tv, vals[b0:b0+nb])
	}
	dest := b0 + nb - 1
	pa := a0 + na - 1
	pb := nb - 1
	basea := a0
	minGallop := s.minGallop
	var k, acount, bcount int
	var lt bool

	keys[dest] = keys[pa]
	if vals != nil {
		vals[dest] = vals[pa]
	}
	dest--
	pa--
	na--
	if na == 0 {
		goto succeed
	}
	if nb == 1 {
		goto copyA
	}
	for {
		acount, bcount = 0, 0
		for {
			lt, err = s.lt(tk[pb], keys[pa])
			if err != nil {
				goto fail
			}
			if lt {
				keys[dest] = keys[pa]
				if vals != nil {
					vals[dest] = vals[pa]
				}
				dest--
				pa--
				na--
				acount++
				bcount = 0
				if na == 0 {
					goto succeed
				}
				if acount >= minGallop {
					break
				}
			} else {
				keys[dest] = tk[pb]
				if vals != nil {
					vals[dest] = tv[pb]
				}
				dest--
				pb--
				nb--
				bcount++
				acount = 0
				if nb == 1 {
					goto copyA
				}
				if bcount >= minGallop {
					break
				}
			}
		}
		minGallop++
		for {
			if minGallop > 1 {
				minGallop--
			}
			s.minGallop = minGallop
			k, err = s.gallopRight(tk[pb], keys[basea:basea+na], na-1)
			if err != nil {
				goto fail
			}
			k = na - k
			acount = k
			if k > 0 {
				dest -= k
				pa -= k
				copy(keys[dest+1:dest+1+k], keys[pa+1:pa+1+k])
				if vals != nil {
					copy(vals[dest+1:dest+1+k], vals[pa+1:pa+1+k])
				}
				na -= k
				if na == 0 {
					goto succeed
				}
			}
			keys[dest] = tk[pb]
			if vals != nil {
				vals[dest] = tv[pb]
			}
			dest--
			pb--
			nb--
			if nb == 1 {
				goto copyA
			}

			k, err = s.gallopLeft(keys[pa], tk[0:nb], nb-1)
			if err != nil {
				goto fail
			}
			k = nb - k
			bcount = k
			if k > 0 {
				dest -= k
				pb -= k
				copy(keys[dest+1:dest+1+k], tk[pb+1:pb+1+k])
				if vals != nil {
					copy(vals[dest+1:dest+1+k], tv[pb+1:pb+1+k])
				}
				nb -= k
				if nb == 1 {
					goto copyA
				}
				// nb==0 is impossible now if the comparison function is
				// consistent, but we can't assume that it is.
				if nb == 0 {
					goto succeed
				}
			}
			keys[dest] = keys[pa]
			if vals != nil {
				vals[dest] = vals[pa]
			}
			dest--
			pa--
			na--
			if na == 0 {
				goto succeed
			}
			if acount < sortMinGallop && bcount < sortMinGallop {
				break
			}
		}
		minGallop++
		s.minGallop = minGallop
	}
succeed:
	err = nil
fail:
	if nb > 0 {
		copy(keys[dest-(nb-1):dest+1], tk[0:nb])
		if vals != nil {
			copy(vals[dest-(nb-1):dest+1], tv[0:nb])
		}
	}
	return err
copyA:
	// The first element of run B belongs at the front of the merge.
	dest -= na
	pa -= na
	copy(keys[dest+1:dest+1+na], keys[pa+1:pa+1+na])
	keys[dest] = tk[pb]
	if vals != nil {
		copy(vals[dest+1:dest+1+na], vals[pa+1:pa+1+na])
		vals[dest] = tv[pb]
	}
	return nil
}

// mergeAt merges the pending runs i and i+1.
func (s *sortState) mergeAt(i int) error {
	p := s.pending
	a0, na := p[i].base, p[i].len
	b0, nb := p[i+1].base, p[i+1].len
	p[i].len = na + nb
	if i == len(p)-3 {
		p[i+1] = p[i+2]
	}
	s.pending = p[:len(p)-1]

	// Where does b start in a? Elements in a before that are already in
	// place.
	k, err := s.gallopRight(s.keys[b0], s.keys[a0:a0+na], 0)
	if err != nil {
		return err
	}
	a0 += k
	na -= k
	if na == 0 {
		return nil
	}
	// Where does a end in b? Elements in b after that are already in place.
	nb, err = s.gallopLeft(s.keys[a0+na-1], s.keys[b0:b0+nb], nb-1)
	if err != nil || nb <= 0 {
		return err
	}
	if na <= nb {
		return s.mergeLo(a0, na, b0, nb)
	}
	return s.mergeHi(a0, na, b0, nb)
}

// powerloop computes the powersort "power" of the boundary between two
// adjacent runs.
func powerloop(s1, n1, n2, n int) int {
	result := 0
	a := 2*s1 + n1
	b := a + n1 + n2
	for {
		result++
		if a >= n {
			a -= n
			b -= n
		} else if b >= n {
			break
		}
		a <<= 1
		b <<= 1
	}
	return result
}

// foundNewRun merges pending runs as the powersort policy requires before a
// new run of length n2 is pushed.
func (s *sortState) foundNewRun(n2 int) error {
	if len(s.pending) == 0 {
		return nil
	}
	last := s.pending[len(s.pending)-1]
	power := powerloop(last.base, last.len, n2, s.listlen)
	for len(s.pending) > 1 && s.pending[len(s.pending)-2].power > power {
		if err := s.mergeAt(len(s.pending) - 2); err != nil {
			return err
		}
	}
	s.pending[len(s.pending)-1].power = power
	return nil
}

func (s *sortState) mergeForceCollapse() error {
	for len(s.pending) > 1 {
		p := s.pending
		n := len(p) - 2
		if n > 0 && p[n-1].len < p[n+1].len {
			n--
		}
		if err := s.mergeAt(n); err != nil {
			return err
		}
	}
	return nil
}

// sortIntBlock is the size of the blocks sortInts sorts with slices.Sort
// between two checks of the eval breaker.
const sortIntBlock = 1 << 14

// sortInts sorts ints (unstably: equal ints are indistinguishable) in
// blocks merged bottom-up, so that a huge sort stays interruptible.
func (t *Thread) sortInts(ints []int64) error {
	n := len(ints)
	if n <= sortIntBlock {
		slices.Sort(ints)
		return nil
	}
	for lo := 0; lo < n; lo += sortIntBlock {
		if err := t.checkN(sortIntBlock); err != nil {
			return err
		}
		slices.Sort(ints[lo:min(lo+sortIntBlock, n)])
	}
	if err := t.vm.ChargeItems(int64(n), 8); err != nil {
		return err
	}
	src, dst := ints, make([]int64, n)
	for width := sortIntBlock; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if k&4095 == 0 {
					if err := t.checkN(4096); err != nil {
						return err
					}
				}
				if src[j] < src[i] {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &ints[0] {
		copy(ints, src)
	}
	return nil
}
