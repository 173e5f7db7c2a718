package vm

import (
	"testing"
	"unsafe"
)

// TestListStrStrategy: a list that only ever held strs keeps *StrObject
// pointers, join and slicing keep it so, the strs read back as the
// identical objects, and the first other element switches it to the
// general storage with every element kept.
func TestListStrStrategy(t *testing.T) {
	v := New(Options{})
	th := v.Main()
	l := &List{}
	var objs []*StrObject
	for _, s := range []string{"a", "bb", "a somewhat longer string"} {
		x := Str(s)
		objs = append(objs, x.o.(*StrObject))
		l.Append(x)
	}
	if l.kind != listStrs || len(l.strs.s) != 3 {
		t.Fatalf("kind %d after appending strs", l.kind)
	}
	if got, err := th.joinStrs("-", l.strs.s); err != nil || got.o.(*StrObject).s != "a-bb-a somewhat longer string" {
		t.Fatalf("join: %v %v", got, err)
	}
	if s := sliceList(l, 0, 2, 2); s.kind != listStrs || s.At(1).o != objs[2] {
		t.Fatalf("slice: kind %d", s.kind)
	}
	if c := copyList(l); c.kind != listStrs || c.At(0).o != objs[0] {
		t.Fatalf("copy: kind %d", c.kind)
	}
	l.Append(Int(7))
	if l.kind != listValues || l.strs != nil || l.Len() != 4 {
		t.Fatalf("kind %d, len %d after appending an int", l.kind, l.Len())
	}
	for i, o := range objs {
		if l.At(i).o != o {
			t.Fatalf("element %d is not the str stored", i)
		}
	}
	if n, ok := l.At(3).AsInt64(); !ok || n != 7 {
		t.Fatalf("element 3 is %v", l.At(3))
	}
	if unsafe.Sizeof(List{}) > 80 {
		t.Errorf("List is %d bytes, more than 80", unsafe.Sizeof(List{}))
	}
}

// TestListStrJoinAllocs: joining a str list allocates the result only
// (no []Value copy of the list).
func TestListStrJoinAllocs(t *testing.T) {
	v := New(Options{})
	th := v.Main()
	l := &List{}
	for i := 0; i < 1000; i++ {
		l.Append(Str("item"))
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := th.joinStrs(",", l.strs.s); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Fatalf("join allocates %.0f times", allocs)
	}
}
