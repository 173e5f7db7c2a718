package vm

import "unsafe"

// Set is a set or frozenset. The hash table is a port of CPython 3.11's
// setobject.c (open addressing with linear probing runs, perturbation and
// dummy entries, the same growth policy and the same algorithms for the set
// operations), so that iteration order — and printed output — matches
// CPython's for values whose hashes match (ints, floats, tuples, ...).
type Set struct {
	// table has mask+1 entries; nil means the initial empty 8-slot table.
	table  []setEntry
	mask   int
	fill   int // active + dummy entries
	used   int // active entries
	finger int // where pop() starts searching
	// hash caches a frozenset's hash (valid when hashed).
	hash   int64
	hashed bool
	frozen bool
	cls    *Type
	dict   *Dict // attributes of subclass instances
}

// setEntry is one slot: empty (key unset, hash 0), dummy (key unset, hash
// -1) or active.
type setEntry struct {
	key  Value
	hash int64
}

const (
	setMinSize      = 8
	setLinearProbes = 9
	setPerturbShift = 5
)

// Type implements Object.
func (s *Set) Type() *Type {
	if s.cls != nil {
		return s.cls
	}
	if s.frozen {
		return FrozenSetType
	}
	return SetType
}

func newSet() *Set { return &Set{mask: setMinSize - 1} }

func newFrozenSet() *Set { return &Set{mask: setMinSize - 1, frozen: true} }

// NewSet returns an empty set.
func NewSet() *Set { return newSet() }

// NewFrozenSet returns an empty frozenset (to be filled with Add before it
// is shared).
func NewFrozenSet() *Set { return newFrozenSet() }

// Len returns the number of elements.
func (s *Set) Len() int { return s.used }

// IsFrozen reports whether s is a frozenset.
func (s *Set) IsFrozen() bool { return s.frozen }

// ensureTable allocates the initial table of a new set.
func (s *Set) ensureTable() {
	if s.table == nil {
		s.mask = setMinSize - 1
		s.table = make([]setEntry, setMinSize)
	}
}

// Add inserts v.
func (s *Set) Add(t *Thread, v Value) error {
	if _, ok := v.o.(intMarker); ok {
		return s.addEntry(t, v, smallIntHash(int64(v.n)))
	}
	h, err := hashOf(t, v)
	if err != nil {
		return err
	}
	return s.addEntry(t, v, h)
}

// Contains reports whether v is an element (an unhashable set is looked
// up as a frozenset, like the "in" operator does).
func (s *Set) Contains(t *Thread, v Value) (bool, error) {
	if _, ok := v.o.(intMarker); ok {
		// the common key, hashed here (setKey and hashOf do not inline)
		return s.containsEntry(t, v, smallIntHash(int64(v.n)))
	}
	key, h, err := t.setKey(v)
	if err != nil {
		return false, err
	}
	return s.containsEntry(t, key, h)
}

// Discard removes v if present, reporting whether it was.
func (s *Set) Discard(t *Thread, v Value) (bool, error) {
	if _, ok := v.o.(intMarker); ok {
		return s.discardEntry(t, v, smallIntHash(int64(v.n)))
	}
	h, err := hashOf(t, v)
	if err != nil {
		return false, err
	}
	return s.discardEntry(t, v, h)
}

// Elements returns the elements in iteration order.
func (s *Set) Elements() []Value {
	out := make([]Value, 0, s.used)
	for i := range s.table {
		if s.table[i].key.o != nil {
			out = append(out, s.table[i].key)
		}
	}
	return out
}

// hashOf is t.Hash with the common kinds inlined.
func hashOf(t *Thread, v Value) (int64, error) {
	switch o := v.o.(type) {
	case intMarker:
		return smallIntHash(int64(v.n)), nil
	case *StrObject:
		if o.subclass() == nil {
			return o.hash(), nil
		}
	case *Set:
		if o.frozen && o.cls == nil {
			return o.frozenHash(), nil
		}
	}
	return t.Hash(v)
}

// smallIntHash is hash() of an int64 (CPython's reduction modulo 2**61-1).
func smallIntHash(x int64) int64 {
	const modulus = (1 << 61) - 1
	var h int64
	if x >= 0 {
		if x < modulus {
			return x
		}
		h = int64(uint64(x) % modulus)
	} else {
		h = -int64(uint64(-x) % modulus)
		if h == -1 {
			h = -2
		}
	}
	return h
}

// setKeysEqual compares an entry's key with a probe key of equal hash. It
// reports whether the table may have been mutated (script code ran).
func setKeysEqual(t *Thread, a, b Value) (eq bool, ranCode bool, err error) {
	if identical(a, b) {
		return true, false, nil
	}
	if eq, ok := fastKeysEqual(a, b); ok {
		return eq, false, nil
	}
	if t == nil {
		return false, false, nil
	}
	eq, err = t.Equal(a, b)
	return eq, true, err
}

// lookKey returns the index of the active entry holding key, or -1.
// (set_lookkey)
func (s *Set) lookKey(t *Thread, key Value, hash int64) (int, error) {
	if s.table == nil {
		return -1, nil
	}
restart:
	table := s.table
	// the entries through a base pointer: j never exceeds mask, the
	// table's last index, so no bounds check is needed in the probe loop
	base := unsafe.Pointer(unsafe.SliceData(table))
	mask := uint64(s.mask)
	perturb := uint64(hash)
	i := uint64(hash) & mask
	const size = unsafe.Sizeof(setEntry{})
	for {
		e := (*setEntry)(unsafe.Add(base, uintptr(i)*size))
		last := e // the last entry of this round's linear probes
		if i+setLinearProbes <= mask {
			last = (*setEntry)(unsafe.Add(unsafe.Pointer(e), setLinearProbes*size))
		}
		for ; ; e = (*setEntry)(unsafe.Add(unsafe.Pointer(e), size)) {
			if h := e.hash; h != hash {
				if h == 0 && e.key.o == nil {
					return -1, nil // empty
				}
			} else if identical(e.key, key) {
				// an active entry: the same object is the common hit
				// (small ints, interned strs), decided without a call
				return int((uintptr(unsafe.Pointer(e)) - uintptr(base)) / size), nil
			} else if e.key.o == nil {
				// empty (hash 0) or dummy (hash -1) with an equal hash
				if hash == 0 {
					return -1, nil
				}
			} else {
				j := (uintptr(unsafe.Pointer(e)) - uintptr(base)) / size
				startkey := e.key
				eq, ran, err := setKeysEqual(t, startkey, key)
				if err != nil {
					return -1, err
				}
				if ran {
					if len(s.table) != len(table) || &s.table[0] != &table[0] || !sameValue(table[j].key, startkey) {
						goto restart
					}
				}
				if eq {
					return int(j), nil
				}
			}
			if e == last {
				break
			}
		}
		perturb >>= setPerturbShift
		i = (i*5 + 1 + perturb) & mask
	}
}

// sameValue reports identity of two values (the "is" operator).
func sameValue(a, b Value) bool { return identical(a, b) }

// identical reports identity of two values by comparing their words
// directly (the objects are pointers or zero-sized markers, so this is the
// "is" operator without the cost of an interface comparison).
func identical(a, b Value) bool {
	type words struct {
		tab, data unsafe.Pointer
	}
	return a.n == b.n && *(*words)(unsafe.Pointer(&a.o)) == *(*words)(unsafe.Pointer(&b.o))
}

func (s *Set) containsEntry(t *Thread, key Value, hash int64) (bool, error) {
	i, err := s.lookKey(t, key, hash)
	return i >= 0, err
}

// addEntry inserts key (set_add_entry).
func (s *Set) addEntry(t *Thread, key Value, hash int64) error {
	s.ensureTable()
restart:
	table := s.table
	// the entries through a base pointer, as in lookKey (the probes never
	// pass the table's last entry, so no bounds checks)
	base := unsafe.Pointer(unsafe.SliceData(table))
	const size = unsafe.Sizeof(setEntry{})
	mask := uint64(s.mask)
	i := uint64(hash) & mask
	var freeslot *setEntry
	perturb := uint64(hash)
	for {
		e := (*setEntry)(unsafe.Add(base, uintptr(i)*size))
		last := e // the last entry of this round's linear probes
		if i+setLinearProbes <= mask {
			last = (*setEntry)(unsafe.Add(unsafe.Pointer(e), setLinearProbes*size))
		}
		for ; ; e = (*setEntry)(unsafe.Add(unsafe.Pointer(e), size)) {
			if e.key.o == nil {
				if e.hash == 0 {
					// found unused or dummy
					if freeslot != nil {
						s.used++
						*freeslot = setEntry{key: key, hash: hash}
						return nil
					}
					s.fill++
					s.used++
					*e = setEntry{key: key, hash: hash}
					if uint64(s.fill)*5 < mask*3 {
						return nil
					}
					return s.resize(s.growthSize())
				}
				// dummy (hash -1): like CPython, remember the last one seen
				freeslot = e
			} else if e.hash == hash {
				if identical(e.key, key) {
					return nil // the same object: already there
				}
				j := (uintptr(unsafe.Pointer(e)) - uintptr(base)) / size
				startkey := e.key
				eq, ran, err := setKeysEqual(t, startkey, key)
				if eq || err != nil {
					return err
				}
				if ran {
					if len(s.table) != len(table) || &s.table[0] != &table[0] || !sameValue(table[j].key, startkey) {
						goto restart
					}
					mask = uint64(s.mask)
				}
			}
			if e == last {
				break
			}
		}
		perturb >>= setPerturbShift
		i = (i*5 + 1 + perturb) & mask
	}
}

func (s *Set) growthSize() int {
	if s.used > 50000 {
		return s.used * 2
	}
	return s.used * 4
}

// insertClean puts a key known to be absent into a table without dummies.
// (set_insert_clean)
func insertClean(table []setEntry, mask uint64, key Value, hash int64) {
	perturb := uint64(hash)
	i := uint64(hash) & mask
	for {
		e := &table[i]
		if e.key.o == nil {
			*e = setEntry{key: key, hash: hash}
			return
		}
		if i+setLinearProbes <= mask {
			for j := uint64(1); j <= setLinearProbes; j++ {
				e = &table[i+j]
				if e.key.o == nil {
					*e = setEntry{key: key, hash: hash}
					return
				}
			}
		}
		perturb >>= setPerturbShift
		i = (i*5 + 1 + perturb) & mask
	}
}

// resize rebuilds the table with the smallest size > minused
// (set_table_resize).
func (s *Set) resize(minused int) error {
	newsize := setMinSize
	for newsize <= minused {
		newsize <<= 1
	}
	old := s.table
	if old == nil {
		s.table = make([]setEntry, newsize)
		s.mask = newsize - 1
		return nil
	}
	if newsize == setMinSize && len(old) == setMinSize && s.fill == s.used {
		// no dummies, so no point doing anything
		return nil
	}
	newtable := make([]setEntry, newsize)
	newmask := uint64(newsize - 1)
	s.table = newtable
	s.mask = newsize - 1
	if s.fill == s.used {
		for i := range old {
			if old[i].key.o != nil {
				insertClean(newtable, newmask, old[i].key, old[i].hash)
			}
		}
	} else {
		s.fill = s.used
		for i := range old {
			if old[i].key.o != nil {
				insertClean(newtable, newmask, old[i].key, old[i].hash)
			}
		}
	}
	return nil
}

// discardEntry removes key if present (set_discard_entry).
func (s *Set) discardEntry(t *Thread, key Value, hash int64) (bool, error) {
	i, err := s.lookKey(t, key, hash)
	if err != nil || i < 0 {
		return false, err
	}
	s.table[i] = setEntry{hash: -1}
	s.used--
	return true, nil
}

// clear empties the set (set_clear_internal).
func (s *Set) clear() {
	s.table = nil
	s.mask = setMinSize - 1
	s.fill = 0
	s.used = 0
	s.hashed = false
}

// next returns the position of the first active entry at or after i, or -1.
func (s *Set) next(i int) int {
	for ; i < len(s.table); i++ {
		if s.table[i].key.o != nil {
			return i
		}
	}
	return -1
}

// merge adds every element of other (set_merge).
func (s *Set) merge(t *Thread, other *Set) error {
	if other == s || other.used == 0 {
		return nil
	}
	s.ensureTable()
	// Do one big resize at the start, rather than incrementally resizing.
	if (s.fill+other.used)*5 >= s.mask*3 {
		if err := s.resize((s.used + other.used) * 2); err != nil {
			return err
		}
	}
	// If our table is empty, and both tables have the same size, and there
	// are no dummies to eliminate, then just copy the entries.
	if s.fill == 0 && s.mask == other.mask && other.fill == other.used {
		copy(s.table, other.table)
		s.fill = other.fill
		s.used = other.used
		return nil
	}
	// If our table is empty, we can use insertClean.
	if s.fill == 0 {
		s.fill = other.used
		s.used = other.used
		mask := uint64(s.mask)
		for i := range other.table {
			if e := &other.table[i]; e.key.o != nil {
				insertClean(s.table, mask, e.key, e.hash)
			}
		}
		return nil
	}
	// We can't assure there are no duplicates, so do normal insertions.
	// (other's table is read by index: comparisons may mutate it.)
	for i := 0; i < len(other.table); i++ {
		e := other.table[i]
		if e.key.o != nil {
			if err := s.addEntry(t, e.key, e.hash); err != nil {
				return err
			}
		}
	}
	return nil
}

// update adds the elements of any iterable (set_update_internal).
func (s *Set) update(t *Thread, other Value) error {
	switch o := other.o.(type) {
	case *Set:
		return s.merge(t, o)
	case *Dict:
		if o.cls == nil {
			s.ensureTable()
			if (s.fill+o.used)*5 >= s.mask*3 {
				if err := s.resize((s.used + o.used) * 2); err != nil {
					return err
				}
			}
			for i := 0; i < o.nentries(); i++ {
				e := o.entryCopy(i)
				if e.key.o != nil {
					if err := s.addEntry(t, e.key, e.hash); err != nil {
						return err
					}
				}
			}
			return nil
		}
	case *List:
		if o.cls == nil {
			for i := 0; i < o.Len(); i++ {
				if err := s.Add(t, o.At(i)); err != nil {
					return err
				}
			}
			return nil
		}
	case *Tuple:
		if o.cls == nil {
			for _, x := range o.items {
				if err := s.Add(t, x); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return t.ForEach(other, func(x Value) error { return s.Add(t, x) })
}

// swapBodies exchanges the tables of a and b (set_swap_bodies).
func (s *Set) swapBodies(b *Set) {
	s.table, b.table = b.table, s.table
	s.mask, b.mask = b.mask, s.mask
	s.fill, b.fill = b.fill, s.fill
	s.used, b.used = b.used, s.used
	s.hash, b.hash = b.hash, s.hash
	s.hashed, b.hashed = b.hashed, s.hashed
}

// newSetLike returns an empty set of s's base type: set for sets and set
// subclasses, frozenset otherwise (make_new_set_basetype).
func newSetLike(s *Set) *Set {
	if s.frozen {
		return newFrozenSet()
	}
	return newSet()
}

// copySet returns a new set of s's base type holding its elements.
func (s *Set) copySet(t *Thread) (*Set, error) {
	r := newSetLike(s)
	if err := r.merge(t, s); err != nil {
		return nil, err
	}
	return r, nil
}

// intersection returns s & other for any iterable other (set_intersection).
func (s *Set) intersection(t *Thread, other Value) (*Set, error) {
	if o, ok := other.o.(*Set); ok && o == s {
		return s.copySet(t)
	}
	result := newSetLike(s)
	if o, ok := other.o.(*Set); ok {
		a, b := s, o
		if b.used > a.used {
			a, b = b, a
		}
		// iterate the smaller set b, probing the larger a
		for i := 0; i < len(b.table); i++ {
			e := b.table[i]
			if e.key.o == nil {
				continue
			}
			found, err := a.containsEntry(t, e.key, e.hash)
			if err != nil {
				return nil, err
			}
			if found {
				if err := result.addEntry(t, e.key, e.hash); err != nil {
					return nil, err
				}
			}
		}
		return result, nil
	}
	it, err := t.Iter(other)
	if err != nil {
		return nil, err
	}
	for {
		key, ok, err := t.Next(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			return result, nil
		}
		h, err := hashOf(t, key)
		if err != nil {
			return nil, err
		}
		found, err := s.containsEntry(t, key, h)
		if err != nil {
			return nil, err
		}
		if found {
			if err := result.addEntry(t, key, h); err != nil {
				return nil, err
			}
			if result.used >= s.used {
				return result, nil
			}
		}
	}
}

// differenceUpdate removes the elements of other (set_difference_update_internal).
func (s *Set) differenceUpdate(t *Thread, other Value) error {
	if o, ok := other.o.(*Set); ok {
		if o == s {
			s.clear()
			return nil
		}
		if o.used>>3 > s.used {
			var err error
			if o, err = s.intersection(t, other); err != nil {
				return err
			}
		}
		for i := 0; i < len(o.table); i++ {
			e := o.table[i]
			if e.key.o != nil {
				if _, err := s.discardEntry(t, e.key, e.hash); err != nil {
					return err
				}
			}
		}
	} else {
		err := t.ForEach(other, func(x Value) error {
			_, err := s.Discard(t, x)
			return err
		})
		if err != nil {
			return err
		}
	}
	// If more than 1/4th are dummies, then resize them away.
	if s.fill-s.used <= s.mask/4 {
		return nil
	}
	return s.resize(s.growthSize())
}

// difference returns s - other (set_difference).
func (s *Set) difference(t *Thread, other Value) (*Set, error) {
	var otherSize int
	switch o := other.o.(type) {
	case *Set:
		otherSize = o.used
	case *Dict:
		if o.cls != nil {
			return s.copyAndDifference(t, other)
		}
		otherSize = o.used
	default:
		return s.copyAndDifference(t, other)
	}
	if s.used>>2 > otherSize {
		return s.copyAndDifference(t, other)
	}
	result := newSetLike(s)
	for i := 0; i < len(s.table); i++ {
		e := s.table[i]
		if e.key.o == nil {
			continue
		}
		var found bool
		var err error
		switch o := other.o.(type) {
		case *Set:
			found, err = o.containsEntry(t, e.key, e.hash)
		case *Dict:
			_, found, err = o.getHashed(t, e.key, e.hash)
		}
		if err != nil {
			return nil, err
		}
		if !found {
			if err := result.addEntry(t, e.key, e.hash); err != nil {
				return nil, err
			}
		}
	}
	return result, nil
}

func (s *Set) copyAndDifference(t *Thread, other Value) (*Set, error) {
	r, err := s.copySet(t)
	if err != nil {
		return nil, err
	}
	if err := r.differenceUpdate(t, other); err != nil {
		return nil, err
	}
	return r, nil
}

// symmetricDifferenceUpdate implements s ^= other
// (set_symmetric_difference_update).
func (s *Set) symmetricDifferenceUpdate(t *Thread, other Value) error {
	if o, ok := other.o.(*Set); ok && o == s {
		s.clear()
		return nil
	}
	toggle := func(key Value, h int64) error {
		found, err := s.discardEntry(t, key, h)
		if err != nil || found {
			return err
		}
		return s.addEntry(t, key, h)
	}
	if d, ok := other.o.(*Dict); ok && d.cls == nil {
		for i := 0; i < d.nentries(); i++ {
			e := d.entryCopy(i)
			if e.key.o != nil {
				if err := toggle(e.key, e.hash); err != nil {
					return err
				}
			}
		}
		return nil
	}
	o, ok := other.o.(*Set)
	if !ok {
		o = newSetLike(s)
		if err := o.update(t, other); err != nil {
			return err
		}
	}
	for i := 0; i < len(o.table); i++ {
		e := o.table[i]
		if e.key.o != nil {
			if err := toggle(e.key, e.hash); err != nil {
				return err
			}
		}
	}
	return nil
}

// symmetricDifference returns s ^ other (set_symmetric_difference).
func (s *Set) symmetricDifference(t *Thread, other Value) (*Set, error) {
	r := newSetLike(s)
	if err := r.update(t, other); err != nil {
		return nil, err
	}
	if err := r.symmetricDifferenceUpdate(t, Value{o: s}); err != nil {
		return nil, err
	}
	return r, nil
}

// isSubset reports s <= other for any iterable other (set_issubset).
func (s *Set) isSubset(t *Thread, other Value) (bool, error) {
	o, ok := other.o.(*Set)
	if !ok {
		tmp, err := s.intersection(t, other)
		if err != nil {
			return false, err
		}
		return tmp.used == s.used, nil
	}
	if s.used > o.used {
		return false, nil
	}
	for i := 0; i < len(s.table); i++ {
		e := s.table[i]
		if e.key.o == nil {
			continue
		}
		found, err := o.containsEntry(t, e.key, e.hash)
		if err != nil || !found {
			return false, err
		}
	}
	return true, nil
}

// isSuperset reports s >= other for any iterable other (set_issuperset).
func (s *Set) isSuperset(t *Thread, other Value) (bool, error) {
	if o, ok := other.o.(*Set); ok {
		return o.isSubset(t, Value{o: s})
	}
	it, err := t.Iter(other)
	if err != nil {
		return false, err
	}
	for {
		key, ok, err := t.Next(it)
		if err != nil {
			return false, err
		}
		if !ok {
			return true, nil
		}
		found, err := s.Contains(t, key)
		if err != nil || !found {
			return false, err
		}
	}
}

// isDisjoint implements set.isdisjoint (set_isdisjoint).
func (s *Set) isDisjoint(t *Thread, other Value) (bool, error) {
	if o, ok := other.o.(*Set); ok {
		if o == s {
			return s.used == 0, nil
		}
		if o.cls == nil {
			a, b := s, o
			if b.used > a.used {
				a, b = b, a
			}
			for i := 0; i < len(b.table); i++ {
				e := b.table[i]
				if e.key.o == nil {
					continue
				}
				found, err := a.containsEntry(t, e.key, e.hash)
				if err != nil || found {
					return false, err
				}
			}
			return true, nil
		}
	}
	it, err := t.Iter(other)
	if err != nil {
		return false, err
	}
	for {
		key, ok, err := t.Next(it)
		if err != nil {
			return false, err
		}
		if !ok {
			return true, nil
		}
		found, err := s.Contains(t, key)
		if err != nil || found {
			return false, err
		}
	}
}

// frozenHash is CPython's frozenset hash.
func (s *Set) frozenHash() int64 {
	if s.hashed {
		return s.hash
	}
	shuffle := func(h uint64) uint64 { return ((h ^ 89869747) ^ (h << 16)) * 3644798167 }
	var hash uint64
	for i := range s.table {
		hash ^= shuffle(uint64(s.table[i].hash))
	}
	// (a nil table stands for 8 empty entries, whose effects cancel out)
	size := len(s.table)
	if size == 0 {
		size = setMinSize
	}
	// Remove the effect of an odd number of NULL entries.
	if (size-s.fill)&1 != 0 {
		hash ^= shuffle(0)
	}
	// Remove the effect of an odd number of dummy entries.
	if (s.fill-s.used)&1 != 0 {
		hash ^= shuffle(^uint64(0))
	}
	// Factor in the number of active entries.
	hash ^= (uint64(s.used) + 1) * 1927868237
	// Disperse patterns arising in nested frozensets.
	hash ^= (hash >> 11) ^ (hash >> 25)
	hash = hash*69069 + 907133923
	if hash == ^uint64(0) {
		hash = 590923713
	}
	s.hash = int64(hash)
	s.hashed = true
	return s.hash
}

// frozenSetConst builds the frozenset constant of a set display the way
// CPython's compiler does: built from the items, then rebuilt from its own
// iteration order when the constant is merged (merge_consts_recursive), so
// that the table layout, and the order of sets made from it, match.
// Constants are hashable and compare without running script code.
func frozenSetConst(items []Value) *Set {
	first := newFrozenSet()
	for _, x := range items {
		_ = first.Add(nil, x)
	}
	s := newFrozenSet()
	for _, x := range first.Elements() {
		_ = s.Add(nil, x)
	}
	return s
}
