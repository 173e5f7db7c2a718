package vm

import (
	"testing"
	"unsafe"
)

// TestGenRecordMid: generator records of 0 to 40 registers have exactly
// the registers asked for, find their generator from the frame, and up to
// 32 registers are one allocation whose array fills its size class.
func TestGenRecordMid(t *testing.T) {
	if s := unsafe.Sizeof(genRecord{}); s != 112 {
		t.Fatalf("genRecord is %d bytes; allocGenRecordMid's array sizes assume 112", s)
	}
	for n := 0; n <= 40; n++ {
		g, f := allocGenRecord(n)
		if len(f.regs) != n {
			t.Fatalf("%d registers: got %d", n, len(f.regs))
		}
		f.flags = flagGen
		if f.generator() != g {
			t.Fatalf("%d registers: frame does not find its generator", n)
		}
		if n == 0 || n > 32 {
			continue
		}
		if got := uintptr(unsafe.Pointer(unsafe.SliceData(f.regs))) - uintptr(unsafe.Pointer(g)); got != 112 {
			t.Fatalf("%d registers start %d bytes after the generator, want 112 (one record)", n, got)
		}
	}
	if n := testing.AllocsPerRun(100, func() { allocGenRecord(21) }); n != 1 {
		t.Fatalf("a 21-register record takes %v allocations, want 1", n)
	}
}
