package vm

import (
	"strconv"
	"testing"
	"unsafe"
)

// TestDictStrKeysLayout: a dict of only str keys takes the 32-byte-entry
// layout when it grows to strKeysMinSize slots, keeps it through lookups,
// replacements, deletions and iteration, and leaves it (with every item
// kept) for a key of another kind and for indexStr, the namespace caches'
// lookup; a later resize compacts it again.
func TestDictStrKeysLayout(t *testing.T) {
	if unsafe.Sizeof(strEntry{}) != 32 {
		t.Fatalf("strEntry is %d bytes, want 32", unsafe.Sizeof(strEntry{}))
	}
	v := New(Options{})
	th := v.Main()
	d := NewDict()
	const n = 2000
	for i := 0; i < n; i++ {
		if err := d.Set(th, Str("k"+strconv.Itoa(i)), Int(int64(i))); err != nil {
			t.Fatal(err)
		}
	}
	if d.skeys == nil || d.entries != nil {
		t.Fatalf("a dict of %d str keys is not in the str-keys layout", n)
	}
	check := func(what string, deleted map[int]bool) {
		t.Helper()
		for i := 0; i < n; i++ {
			got, ok, err := d.Get(th, Str("k"+strconv.Itoa(i)))
			if err != nil || ok == deleted[i] || ok && got.n != uint64(i) {
				t.Fatalf("%s: k%d -> %v %v %v", what, i, got, ok, err)
			}
		}
		if d.Len() != n-len(deleted) || len(d.Keys()) != d.Len() {
			t.Fatalf("%s: len %d, %d keys", what, d.Len(), len(d.Keys()))
		}
	}
	deleted := map[int]bool{}
	for i := 0; i < n; i += 9 {
		if ok, err := d.Delete(th, Str("k"+strconv.Itoa(i))); !ok || err != nil {
			t.Fatalf("delete k%d: %v %v", i, ok, err)
		}
		deleted[i] = true
	}
	check("after deletes", deleted)
	if d.skeys == nil {
		t.Fatal("deletes left the str-keys layout")
	}
	if c := d.Copy(); c.skeys == nil || c.Len() != d.Len() {
		t.Fatalf("copy: str-keys %v, len %d", c.skeys != nil, c.Len())
	}
	if _, _, err := d.Get(th, Int(5)); err != nil || d.skeys != nil {
		t.Fatalf("a lookup with an int key kept the layout (%v)", err)
	}
	check("after an int lookup", deleted)
	// grow until the next resize: compact again
	for i := n; d.skeys == nil; i++ {
		if err := d.Set(th, Str("k"+strconv.Itoa(i)), Int(int64(i))); err != nil {
			t.Fatal(err)
		}
		if i > 10*n {
			t.Fatal("no resize compacted the dict again")
		}
	}
	if i := d.indexStr(newStr("k1")); i < 0 || d.skeys != nil || d.entries[i].value.n != 1 {
		t.Fatalf("indexStr: %d, str-keys layout %v", i, d.skeys != nil)
	}
}

// TestDictStrKeysSmall: small dicts and dicts with other keys keep the
// general layout.
func TestDictStrKeysSmall(t *testing.T) {
	v := New(Options{})
	th := v.Main()
	small, mixed := NewDict(), NewDict()
	for i := 0; i < 600; i++ {
		_ = small.Set(th, Str("s"+strconv.Itoa(i)), None)
	}
	_ = mixed.Set(th, Int(0), None)
	for i := 0; i < 3000; i++ {
		_ = mixed.Set(th, Str("m"+strconv.Itoa(i)), None)
	}
	if small.skeys != nil || mixed.skeys != nil {
		t.Fatalf("str-keys layout: small %v, mixed %v", small.skeys != nil, mixed.skeys != nil)
	}
}
