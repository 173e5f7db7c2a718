package vm

// Dict is Python's dict: insertion-ordered, keyed by any hashable value. The
// layout is CPython's compact dict: a dense entries array in insertion order
// plus a sparse open-addressing index into it, with CPython 3.11's sizing
// policy (usable fraction 2/3, growth to used*3, deletions not reclaimed until
// a resize compacts the entries), so that the effects of mutating a dict
// while iterating over it match CPython's.
type Dict struct {
	entries []dictEntry // len is CPython's dk_nentries
	index   []int32     // ixEmpty, ixDeleted, else an entries index; nil for a new dict
	used    int         // live entries
	usable  int         // entries that can still be appended before a resize
	// keysVersion changes whenever a key is added or removed, or entries move
	// (not when a value is replaced); global-variable caches key on it.
	keysVersion uint64
	// skeys, when set, holds the entries instead of entries: the str-keys
	// layout of big dicts of only str keys (dict_strkeys.go).
	skeys *strKeys
	cls   *Type // a dict subclass, or nil
	dict  *Dict // attributes of subclass instances
}

type dictEntry struct {
	hash  int64
	key   Value // zero Value marks a deleted entry
	value Value
}

const (
	ixEmpty   = -1
	ixDeleted = -2
	// dictMinSize is the size of the smallest index table.
	dictMinSize = 8
	// dictSlotBytes is the memory of an index slot and its share of the
	// entries (charged when a big dict grows).
	dictSlotBytes = 4 + 56*2/3 + 8
)

// NewDict returns an empty dict.
func NewDict() *Dict { return &Dict{} }

// NewDictSize returns an empty dict with room for n entries (CPython's
// dict_new_presized).
func NewDictSize(n int) *Dict {
	d := &Dict{}
	if n > usableFraction(dictMinSize) {
		if n > usableFraction(1<<17) {
			d.resize(1 << 17)
		} else {
			d.resize((n*3 + 1) / 2)
		}
	}
	return d
}

// newSmallDict returns an empty dict whose first table (8 index slots, 5
// entries) is allocated together with it: one allocation for the typical
// instance __dict__ instead of three.
func newSmallDict() *Dict {
	sd := &struct {
		d       Dict
		entries [5]dictEntry
		index   [dictMinSize]int32
	}{}
	for i := range sd.index {
		sd.index[i] = ixEmpty
	}
	sd.d.entries = sd.entries[:0:5]
	sd.d.index = sd.index[:]
	sd.d.usable = 5
	return &sd.d
}

// newInstanceDict returns the __dict__ of a new instance, sized by the
// largest instance dict seen for its class.
func newInstanceDict(hint int) *Dict {
	if hint <= 5 {
		return newSmallDict()
	}
	return NewDictSize(hint)
}

// Type implements Object.
func (d *Dict) Type() *Type {
	if d.cls != nil {
		return d.cls
	}
	return DictType
}

// Len returns the number of items.
func (d *Dict) Len() int { return d.used }

// usableFraction is how many entries an index of the given size holds.
func usableFraction(size int) int { return size * 2 / 3 }

// resize rebuilds the dict with an index of the smallest power of two
// (at least 8) >= minsize, compacting the entries (dictresize).
func (d *Dict) resize(minsize int) {
	size := dictMinSize
	for size < minsize {
		size <<= 1
	}
	usable := usableFraction(size)
	if size >= strKeysMinSize && d.allExactStrKeys() {
		d.resizeStrKeys(usable)
	} else {
		d.general()
		entries := make([]dictEntry, 0, usable)
		for i := range d.entries {
			if d.entries[i].key.o != nil {
				entries = append(entries, d.entries[i])
			}
		}
		d.entries = entries
	}
	if len(d.index) == size {
		for i := range d.index {
			d.index[i] = ixEmpty
		}
	} else {
		d.index = make([]int32, size)
		for i := range d.index {
			d.index[i] = ixEmpty
		}
	}
	mask := uint64(size - 1)
	n := d.nentries()
	for ei := 0; ei < n; ei++ {
		var h uint64
		if d.skeys != nil {
			h = uint64(d.skeys.e[ei].key.hashNoCache())
		} else {
			h = uint64(d.entries[ei].hash)
		}
		i := h & mask
		perturb := h
		for d.index[i] != ixEmpty {
			perturb >>= 5
			i = (i*5 + perturb + 1) & mask
		}
		d.index[i] = int32(ei)
	}
	d.usable = usable - n
	d.bump()
}

// findEmptySlot returns the first index slot on hash's probe path that holds
// no live entry.
func (d *Dict) findEmptySlot(hash int64) int {
	mask := uint64(len(d.index) - 1)
	i := uint64(hash) & mask
	perturb := uint64(hash)
	for d.index[i] >= 0 {
		perturb >>= 5
		i = (i*5 + perturb + 1) & mask
	}
	return int(i)
}

func (d *Dict) bump() { d.keysVersion++ }

// lookup returns the index slot and entry index for key (entry -1 if absent).
// For absent keys, slot is where the key would be inserted (-1 when the dict
// has no index yet).
func (d *Dict) lookup(t *Thread, key Value, hash int64) (slot int, entry int, err error) {
	if d.index == nil {
		return -1, -1, nil
	}
	if d.skeys != nil {
		if s, ok := exactStr(key); ok {
			slot, entry = d.lookupStrKeys(s, hash)
			return slot, entry, nil
		}
		// any other key may equal a str through its own __eq__
		d.general()
	}
	index := d.index
	mask := uint64(len(index) - 1)
	i := uint64(hash) & mask
	perturb := uint64(hash)
	freeslot := -1
	for {
		ix := index[i]
		if ix >= 0 {
			e := &d.entries[ix]
			if e.hash == hash {
				k := e.key
				if identical(k, key) {
					return int(i), int(ix), nil
				}
				eq, fast := fastKeysEqual(k, key)
				if !fast {
					if t == nil {
						eq = false
					} else {
						eq, err = t.Equal(k, key)
						if err != nil {
							return 0, -1, err
						}
						if len(d.index) != len(index) || &d.index[0] != &index[0] || int(ix) >= len(d.entries) ||
							d.entries[ix].key.o != k.o || d.entries[ix].key.n != k.n {
							// the dict was mutated by __eq__; start over
							return d.lookup(t, key, hash)
						}
					}
				}
				if eq {
					return int(i), int(ix), nil
				}
			}
		} else if ix == ixEmpty {
			if freeslot >= 0 {
				return freeslot, -1, nil
			}
			return int(i), -1, nil
		} else if freeslot < 0 {
			freeslot = int(i)
		}
		perturb >>= 5
		i = (i*5 + perturb + 1) & mask
	}
}

// fastKeysEqual compares two keys with equal hashes without running script
// code when their kinds allow it; fast is false when == must be called.
func fastKeysEqual(a, b Value) (eq, fast bool) {
	switch x := a.o.(type) {
	case *StrObject:
		if y, ok := b.o.(*StrObject); ok && x.subclass() == nil && y.subclass() == nil {
			return x.s == y.s, true
		}
	case intMarker, boolMarker:
		switch y := b.o.(type) {
		case intMarker, boolMarker:
			return a.n == b.n, true
		case floatMarker:
			c, _ := compareNumbers(a, b)
			return c == 0, true
		case *bigInt:
			if y.cls == nil {
				return false, true
			}
		}
	case floatMarker:
		switch y := b.o.(type) {
		case floatMarker:
			return a.AsFloat() == b.AsFloat(), true
		case intMarker, boolMarker:
			c, _ := compareNumbers(a, b)
			return c == 0, true
		case *bigInt:
			if y.cls == nil {
				c, _ := compareNumbers(a, b)
				return c == 0, true
			}
		}
	case *bigInt:
		if x.cls == nil {
			switch y := b.o.(type) {
			case intMarker, boolMarker:
				return false, true
			case floatMarker:
				c, _ := compareNumbers(a, b)
				return c == 0, true
			case *bigInt:
				if y.cls == nil {
					return x.v.Cmp(y.v) == 0, true
				}
			}
		}
	case noneMarker:
		return b.IsNone(), true
	}
	return false, false
}

// Get returns d[key].
func (d *Dict) Get(t *Thread, key Value) (Value, bool, error) {
	h, err := hashOf(t, key)
	if err != nil {
		return Value{}, false, err
	}
	return d.getHashed(t, key, h)
}

func (d *Dict) getHashed(t *Thread, key Value, h int64) (Value, bool, error) {
	_, ei, err := d.lookup(t, key, h)
	if err != nil || ei < 0 {
		return Value{}, false, err
	}
	return d.valueAt(ei), true, nil
}

// Set stores d[key] = value.
func (d *Dict) Set(t *Thread, key, value Value) error {
	h, err := hashOf(t, key)
	if err != nil {
		return err
	}
	return d.setHashed(t, key, h, value)
}

func (d *Dict) setHashed(t *Thread, key Value, h int64, value Value) error {
	slot, ei, err := d.lookup(t, key, h)
	if err != nil {
		return err
	}
	if ei >= 0 {
		d.setValueAt(ei, value)
		return nil
	}
	if d.usable <= 0 && t != nil && d.used >= 1024 {
		size := dictMinSize
		for size < d.used*3 {
			size <<= 1
		}
		if err := t.vm.ChargeItems(int64(size), dictSlotBytes); err != nil {
			return err
		}
	}
	d.insertAt(slot, key, h, value)
	return nil
}

// insertAt adds a new entry whose key is known to be absent; slot is where
// lookup said it goes (ignored when the dict must grow first).
func (d *Dict) insertAt(slot int, key Value, h int64, value Value) {
	if d.usable <= 0 {
		d.resize(d.used * 3)
		slot = d.findEmptySlot(h)
	}
	if sk := d.skeys; sk != nil {
		if s, ok := exactStr(key); ok {
			sk.e = append(sk.e, strEntry{key: s, value: value})
			d.index[slot] = int32(len(sk.e) - 1)
			d.used++
			d.usable--
			d.bump()
			return
		}
		d.general()
	}
	d.entries = append(d.entries, dictEntry{hash: h, key: key, value: value})
	d.index[slot] = int32(len(d.entries) - 1)
	d.used++
	d.usable--
	d.bump()
}

// Delete removes key, reporting whether it was present.
func (d *Dict) Delete(t *Thread, key Value) (bool, error) {
	h, err := hashOf(t, key)
	if err != nil {
		return false, err
	}
	return d.deleteHashed(t, key, h)
}

func (d *Dict) deleteHashed(t *Thread, key Value, h int64) (bool, error) {
	slot, ei, err := d.lookup(t, key, h)
	if err != nil || ei < 0 {
		return false, err
	}
	d.removeAt(slot, ei)
	return true, nil
}

// popHashed removes key and returns its value.
func (d *Dict) popHashed(t *Thread, key Value, h int64) (Value, bool, error) {
	slot, ei, err := d.lookup(t, key, h)
	if err != nil || ei < 0 {
		return Value{}, false, err
	}
	v := d.valueAt(ei)
	d.removeAt(slot, ei)
	return v, true, nil
}

func (d *Dict) removeAt(slot, ei int) {
	d.index[slot] = ixDeleted
	if sk := d.skeys; sk != nil {
		sk.e[ei] = strEntry{}
	} else {
		d.entries[ei] = dictEntry{}
	}
	d.used--
	d.bump()
}

// GetStr looks up a str key given as a Go string.
func (d *Dict) GetStr(key string) (Value, bool) {
	if d.index == nil {
		return Value{}, false
	}
	h := strHash(key)
	mask := uint64(len(d.index) - 1)
	i := uint64(h) & mask
	perturb := uint64(h)
	for {
		ix := d.index[i]
		if ix == ixEmpty {
			return Value{}, false
		}
		if ix >= 0 && d.skeys != nil {
			if e := &d.skeys.e[ix]; e.key.s == key {
				return e.value, true
			}
		} else if ix >= 0 {
			e := &d.entries[ix]
			if e.hash == h {
				if s, ok := e.key.o.(*StrObject); ok && s.s == key {
					return e.value, true
				}
			}
		}
		perturb >>= 5
		i = (i*5 + perturb + 1) & mask
	}
}

// indexStr returns the entries index of a str key, or -1.
func (d *Dict) indexStr(key *StrObject) int {
	if d.index == nil {
		return -1
	}
	// the callers read d.entries[i] (the global and attribute caches)
	d.general()
	h := key.hash()
	mask := uint64(len(d.index) - 1)
	i := uint64(h) & mask
	perturb := uint64(h)
	for {
		ix := d.index[i]
		if ix == ixEmpty {
			return -1
		}
		if ix >= 0 {
			e := &d.entries[ix]
			if e.hash == h {
				if s, ok := e.key.o.(*StrObject); ok && (s == key || s.s == key.s) {
					return int(ix)
				}
			}
		}
		perturb >>= 5
		i = (i*5 + perturb + 1) & mask
	}
}

// SetStr stores d[key] = value for a Go string key.
func (d *Dict) SetStr(key string, value Value) {
	_ = d.setHashed(nil, Str(key), strHash(key), value)
}

// SetStrObj stores d[key] = value for a str object key (reusing it).
func (d *Dict) SetStrObj(key *StrObject, value Value) {
	_ = d.setHashed(nil, Value{o: key}, key.hash(), value)
}

// DelStr deletes a str key, reporting whether it was present.
func (d *Dict) DelStr(key string) bool {
	ok, _ := d.deleteHashed(nil, Str(key), strHash(key))
	return ok
}

// Keys returns the keys in order.
func (d *Dict) Keys() []Value {
	out := make([]Value, 0, d.used)
	for i, n := 0, d.nentries(); i < n; i++ {
		if k, _ := d.itemAt(i); k.o != nil {
			out = append(out, k)
		}
	}
	return out
}

// Values returns the values in order.
func (d *Dict) Values() []Value {
	out := make([]Value, 0, d.used)
	for i, n := 0, d.nentries(); i < n; i++ {
		if k, v := d.itemAt(i); k.o != nil {
			out = append(out, v)
		}
	}
	return out
}

// Items calls fn for each item in order; it stops early if fn returns false.
// fn must not mutate d.
func (d *Dict) Items(fn func(k, v Value) bool) {
	for i := 0; i < d.nentries(); i++ {
		if k, v := d.itemAt(i); k.o != nil {
			if !fn(k, v) {
				return
			}
		}
	}
}

// Clear removes every item.
func (d *Dict) Clear() {
	d.entries = nil
	d.skeys = nil
	d.index = nil
	d.used = 0
	d.usable = 0
	d.bump()
}

// Copy returns a shallow copy (a plain dict, even for subclasses), laid out
// like CPython's dict.copy: a clone unless the dict has many deleted
// entries.
func (d *Dict) Copy() *Dict {
	n := &Dict{}
	if d.used == 0 {
		return n
	}
	if sk := d.skeys; sk != nil && d.used >= len(sk.e)*2/3 {
		e := make([]strEntry, len(sk.e), len(sk.e)+d.usable)
		copy(e, sk.e)
		n.skeys = &strKeys{e}
		n.index = make([]int32, len(d.index))
		copy(n.index, d.index)
		n.used, n.usable = d.used, d.usable
		return n
	}
	if d.skeys == nil && d.used >= len(d.entries)*2/3 {
		n.entries = make([]dictEntry, len(d.entries), len(d.entries)+d.usable)
		copy(n.entries, d.entries)
		n.index = make([]int32, len(d.index))
		copy(n.index, d.index)
		n.used, n.usable = d.used, d.usable
		return n
	}
	n.resize((d.used*3 + 1) / 2)
	for i := range d.entries {
		if e := &d.entries[i]; e.key.o != nil {
			n.insertAt(n.findEmptySlot(e.hash), e.key, e.hash, e.value)
		}
	}
	if sk := d.skeys; sk != nil {
		for _, e := range sk.e {
			if e.key != nil {
				h := e.key.hashNoCache()
				n.insertAt(n.findEmptySlot(h), Value{o: e.key}, h, e.value)
			}
		}
	}
	return n
}

// PopItem removes and returns the last item.
func (d *Dict) PopItem() (Value, Value, bool) {
	d.general()
	i := len(d.entries) - 1
	for i >= 0 && d.entries[i].key.o == nil {
		i--
	}
	if i < 0 {
		return Value{}, Value{}, false
	}
	e := d.entries[i]
	d.removeAt(d.slotOf(i, e.hash), i)
	// Like CPython, forget the trailing deleted entries (their index slots
	// are deleted markers, so nothing refers to them), without making them
	// usable again.
	clear(d.entries[i:])
	d.entries = d.entries[:i]
	return e.key, e.value, true
}

// slotOf finds the index slot that refers to entry ei (whose hash is h).
func (d *Dict) slotOf(ei int, h int64) int {
	mask := uint64(len(d.index) - 1)
	i := uint64(h) & mask
	perturb := uint64(h)
	for {
		if int(d.index[i]) == ei {
			return int(i)
		}
		perturb >>= 5
		i = (i*5 + perturb + 1) & mask
	}
}

// nextItem returns the first live entry at or after position i: its key,
// value and position (-1 at the end).
func (d *Dict) nextItem(i int) (Value, Value, int) {
	for n := d.nentries(); i < n; i++ {
		if k, v := d.itemAt(i); k.o != nil {
			return k, v, i
		}
	}
	return Value{}, Value{}, -1
}
