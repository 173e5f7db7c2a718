package vm

// The str-keys layout of big dicts (the idea of CPython 3.11's unicode
// keys tables): when a dict of only exact str keys grows to strKeysMinSize
// index slots (683 entries), its entries become a key pointer and a value,
// 32 bytes instead of 56 (the hash is the one cached in the str). A dict of a
// million str keys then holds 24 MB less, and its last resize leaves 16 MB
// less garbage.
//
// The layout is an internal matter of the dict: the index is the same, and
// entry positions are the same in both layouts, so iterators' positions
// and lookup's entry indexes mean the same thing. Code that reads entries
// directly (d.entries) calls general() first, which converts the dict back
// for good — until its next resize, which may compact it again. That
// includes indexStr, the lookup behind the global and attribute caches, so
// namespaces, which are read through those, never keep this layout; a
// lookup with a key that is not an exact str (which may be equal to a str
// through its own __eq__) converts the dict too.

// strKeysMinSize is the smallest index of a dict in the str-keys layout:
// a dict grows to it (growth is to used*3 slots) when it gains its 683rd
// entry, so small dicts, such as most namespaces, never take it.
const strKeysMinSize = 1 << 12

// strEntry is an entry of the str-keys layout (key nil: deleted).
type strEntry struct {
	key   *StrObject
	value Value
}

// strKeys holds a dict's entries in the str-keys layout.
type strKeys struct{ e []strEntry }

// exactStr returns v's str object when v is an exact str (no subclass).
func exactStr(v Value) (*StrObject, bool) {
	s, ok := v.o.(*StrObject)
	if !ok || s.subclass() != nil {
		return nil, false
	}
	return s, true
}

// general converts a dict in the str-keys layout to the general one.
func (d *Dict) general() {
	sk := d.skeys
	if sk == nil {
		return
	}
	entries := make([]dictEntry, len(sk.e), cap(sk.e))
	for i, e := range sk.e {
		if e.key != nil {
			entries[i] = dictEntry{hash: e.key.hashNoCache(), key: Value{o: e.key}, value: e.value}
		}
	}
	d.entries, d.skeys = entries, nil
}

// nentries is the number of entries, deleted ones included (CPython's
// dk_nentries).
func (d *Dict) nentries() int {
	if d.skeys != nil {
		return len(d.skeys.e)
	}
	return len(d.entries)
}

// itemAt returns entry i's key and value (a zero key for a deleted entry).
func (d *Dict) itemAt(i int) (Value, Value) {
	if sk := d.skeys; sk != nil {
		e := &sk.e[i]
		if e.key == nil {
			return Value{}, Value{}
		}
		return Value{o: e.key}, e.value
	}
	e := &d.entries[i]
	return e.key, e.value
}

// entryCopy returns entry i as a general entry (zero for a deleted one).
func (d *Dict) entryCopy(i int) dictEntry {
	if sk := d.skeys; sk != nil {
		e := &sk.e[i]
		if e.key == nil {
			return dictEntry{}
		}
		return dictEntry{hash: e.key.hashNoCache(), key: Value{o: e.key}, value: e.value}
	}
	return d.entries[i]
}

// valueAt returns the value of live entry i.
func (d *Dict) valueAt(i int) Value {
	if sk := d.skeys; sk != nil {
		return sk.e[i].value
	}
	return d.entries[i].value
}

// setValueAt replaces the value of live entry i.
func (d *Dict) setValueAt(i int, v Value) {
	if sk := d.skeys; sk != nil {
		sk.e[i].value = v
		return
	}
	d.entries[i].value = v
}

// allExactStrKeys reports whether every live key is an exact str.
func (d *Dict) allExactStrKeys() bool {
	if d.skeys != nil {
		return true
	}
	for i := range d.entries {
		if k := d.entries[i].key; k.o != nil {
			if _, ok := exactStr(k); !ok {
				return false
			}
		}
	}
	return true
}

// resizeStrKeys is resize for the str-keys layout: the live entries
// compacted into a new array of usable entries.
func (d *Dict) resizeStrKeys(usable int) {
	entries := make([]strEntry, 0, usable)
	if sk := d.skeys; sk != nil {
		for _, e := range sk.e {
			if e.key != nil {
				entries = append(entries, e)
			}
		}
	} else {
		for i := range d.entries {
			if e := &d.entries[i]; e.key.o != nil {
				entries = append(entries, strEntry{key: e.key.o.(*StrObject), value: e.value})
			}
		}
	}
	d.entries = nil
	d.skeys = &strKeys{entries}
}

// lookupStrKeys is lookup in the str-keys layout for an exact str key
// (no script code can run: str equality is decided here).
func (d *Dict) lookupStrKeys(key *StrObject, hash int64) (slot int, entry int) {
	index, entries := d.index, d.skeys.e
	mask := uint64(len(index) - 1)
	i := uint64(hash) & mask
	perturb := uint64(hash)
	freeslot := -1
	for {
		ix := index[i]
		if ix >= 0 {
			k := entries[ix].key
			if k == key || (!k.hashed || k.h == hash) && k.s == key.s {
				return int(i), int(ix)
			}
		} else if ix == ixEmpty {
			if freeslot >= 0 {
				return freeslot, -1
			}
			return int(i), -1
		} else if freeslot < 0 {
			freeslot = int(i)
		}
		perturb >>= 5
		i = (i*5 + perturb + 1) & mask
	}
}

// hashNoCache is the str's hash, computed without storing it when it is
// not cached yet (the str may be a constant shared with other
// interpreters).
func (s *StrObject) hashNoCache() int64 {
	if s.hashed {
		return s.h
	}
	return strHash(s.s)
}
