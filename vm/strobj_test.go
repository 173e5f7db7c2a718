package vm

import (
	"testing"
	"unsafe"
)

// TestStrInline: short strs keep their bytes in the object (one 48- or
// 64-byte allocation), str(i) makes one allocation, and the object itself
// stays 40 bytes (64-bit).
func TestStrInline(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if s := unsafe.Sizeof(StrObject{}); s > 40 {
		t.Errorf("StrObject is %d bytes, was 40", s)
	}
	for _, s := range []string{"a", "k123456", "12345678", "123456789", "a somewhat longer str!!!", "one that is longer than twenty-four bytes"} {
		o := newStr(s)
		if o.s != s {
			t.Errorf("newStr(%q) = %q", s, o.s)
		}
		inline := uintptr(unsafe.Pointer(unsafe.StringData(o.s))) == uintptr(unsafe.Pointer(o))+unsafe.Sizeof(StrObject{})
		if want := len(s) <= 8; inline != want {
			t.Errorf("newStr(%q): bytes in the object %v, want %v", s, inline, want)
		}
		c := strConcat(newStr(s[:1]), newStr(s[1:])).o.(*StrObject)
		if c.s != s || c.Len() != len(s) {
			t.Errorf("concat gives %q (len %d), want %q", c.s, c.Len(), s)
		}
	}
	th := New(Options{}).Main()
	for _, n := range []int64{0, 7, -12, 999999, 1 << 40, -1 << 62} {
		v, err := th.StrValue(Int(n))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := simpleRepr(Int(n))
		if s := v.o.(*StrObject); s.s != want || s.Len() != len(want) || !s.IsASCII() {
			t.Errorf("str(%d) = %q", n, s.s)
		}
	}
	i := Int(123456)
	if a := testing.AllocsPerRun(100, func() { _, _ = th.StrValue(i) }); a != 1 {
		t.Errorf("str(int) makes %v allocations, want 1", a)
	}
}

// TestStrConcatBufferShared: strings grown by += share a buffer through
// their ext; one of them needing its code points gets an ext of its own,
// and the others (and later appends) keep their bytes.
func TestStrConcatBufferShared(t *testing.T) {
	s := newStr("ab")
	var all []*StrObject
	for _, part := range []string{"ç", "défghijklmnopqrstuvwxyz0123456789", "é", "x", "ü"} {
		s = strConcat(s, newStr(part)).o.(*StrObject)
		all = append(all, s)
	}
	want := []string{"abç", "abçdéfghijklmnopqrstuvwxyz0123456789", "abçdéfghijklmnopqrstuvwxyz0123456789é", "abçdéfghijklmnopqrstuvwxyz0123456789éx", "abçdéfghijklmnopqrstuvwxyz0123456789éxü"}
	if all[2].ext == nil || all[2].ext != all[4].ext {
		t.Fatal("strings grown by += do not share their buffer")
	}
	if got := string(all[3].Runes()[2]); got != "ç" {
		t.Errorf("code point 2 is %q", got)
	}
	if all[3].ext == all[4].ext {
		t.Error("Runes wrote into the shared ext")
	}
	if all[4].ext.runes != nil {
		t.Error("a shared ext got code points")
	}
	// the tip goes on growing in place
	tip := strConcat(all[4], newStr("!")).o.(*StrObject)
	if tip.ext != all[4].ext {
		t.Error("the tip was not extended in place")
	}
	for i, w := range want {
		if all[i].s != w {
			t.Errorf("string %d is %q, want %q", i, all[i].s, w)
		}
	}
	if tip.s != want[4]+"!" {
		t.Errorf("tip is %q", tip.s)
	}
}
