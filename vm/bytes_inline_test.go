package vm

import (
	"bytes"
	"testing"
)

// TestNewBytesCopy: a short bytes is one allocation holding a copy (its
// capacity is its length, so an append elsewhere cannot write into the
// object); empty and long ones are copies too.
func TestNewBytesCopy(t *testing.T) {
	for _, n := range []int{0, 1, bytesInlineMax, bytesInlineMax + 1, 1000} {
		src := bytes.Repeat([]byte{'x'}, n)
		v := NewBytesCopy(src)
		b, ok := v.AsBytes()
		if !ok || !bytes.Equal(b, src) || cap(b) != n || v.Type() != BytesType {
			t.Fatalf("n=%d: %q (cap %d), %v", n, b, cap(b), v.TypeName())
		}
		if n > 0 {
			src[0] = 'y'
			if b[0] != 'x' {
				t.Fatalf("n=%d: shares the source", n)
			}
		}
	}
	line := []byte("client 12 message 345\n")
	if a := testing.AllocsPerRun(100, func() { NewBytesCopy(line) }); a != 1 {
		t.Fatalf("%v allocations for a %d-byte bytes", a, len(line))
	}
}
