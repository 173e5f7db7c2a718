package stdlib

import (
	"testing"
	"unsafe"
)

// TestStreamLayoutSizes: every connection has a StreamReader, a
// StreamReaderProtocol, a transport and a socket; each fills a Go size
// class (128, 128, 176, 96 bytes), so one more field costs 16 or 32 bytes a
// connection (conn10k's peak memory). Put small fields beside the other
// small ones, or rarely used state behind a pointer (goState). A read
// that waits allocates its awaitable (readerOp, 48 bytes).
func TestStreamLayoutSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"StreamReader", unsafe.Sizeof(StreamReader{}), 128},
		{"StreamProtocol", unsafe.Sizeof(StreamProtocol{}), 128},
		{"fdTransport", unsafe.Sizeof(fdTransport{}), 176},
		{"socket", unsafe.Sizeof(socketObj{}), 96},
		// one a readline that waits (two an echo round trip)
		{"readerOp", unsafe.Sizeof(readerOp{}), 48},
	} {
		if c.got > c.want {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.got, c.want)
		}
	}
}
