package vm

// bytesInlineMax is the longest bytes whose data NewBytesCopy keeps in the
// object's own allocation: 40 bytes of Bytes and 24 of data fill a 64-byte
// size class.
const bytesInlineMax = 24

// NewBytesCopy returns a bytes object holding a copy of b. A short one (a
// line read from a stream, a short message encoded) is one allocation
// instead of two: its data follows the object.
func NewBytesCopy(b []byte) Value { return bytesCopy(b) }

func bytesCopy[T string | []byte](b T) Value {
	if n := len(b); n > 0 && n <= bytesInlineMax {
		x := &struct {
			o Bytes
			d [bytesInlineMax]byte
		}{}
		x.o.b = x.d[:n:n]
		copy(x.o.b, b)
		return Value{o: &x.o}
	}
	d := make([]byte, len(b))
	copy(d, b)
	return NewBytes(d)
}
