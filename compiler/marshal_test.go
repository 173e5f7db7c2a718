package compiler_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

func compileFile(t *testing.T, path string) *compiler.Code {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := parser.ParseSource(path, string(src))
	if err != nil {
		return nil
	}
	c, err := compiler.Compile(mod, compiler.Options{Filename: path, Source: src})
	if err != nil {
		return nil
	}
	return c
}

// TestMarshalRoundTrip: decoding an encoding and encoding it again gives
// the same bytes, for every script test and constants of every kind.
func TestMarshalRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*.pya")
	if len(files) == 0 {
		t.Fatal("no test scripts")
	}
	consts := `x = (None, True, False, 1, -7, 10**40, -(2**70), 1.5, -0.0, 2j, 'é', b'\x00b', ..., frozenset({1, 2}), ('a', ('b',)))
def f(a, /, b=2, *c, d, **e):
    "doc"
    try:
        return lambda: a
    except E as ex:
        pass
`
	mod, err := parser.ParseSource("<c>", consts)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := compiler.Compile(mod, compiler.Options{Filename: "<c>", Source: []byte(consts)})
	if err != nil {
		t.Fatal(err)
	}
	codes := []*compiler.Code{cc}
	for _, f := range files {
		if c := compileFile(t, f); c != nil {
			codes = append(codes, c)
		}
	}
	for _, c := range codes {
		b, err := compiler.Marshal(nil, c)
		if err != nil {
			t.Fatal(c.Filename, err)
		}
		d, rest, err := compiler.Unmarshal(b)
		if err != nil || len(rest) != 0 {
			t.Fatal(c.Filename, err, len(rest))
		}
		b2, _ := compiler.Marshal(nil, d)
		if !bytes.Equal(b, b2) {
			t.Fatalf("%s: round trip changed the encoding", c.Filename)
		}
		s, rest, err := compiler.UnmarshalShared(b)
		if err != nil || len(rest) != 0 {
			t.Fatal(c.Filename, "shared:", err, len(rest))
		}
		if b3, _ := compiler.Marshal(nil, s); !bytes.Equal(b, b3) {
			t.Fatalf("%s: shared round trip changed the encoding", c.Filename)
		}
	}
}

// TestUnmarshalCorrupt: truncated or damaged data gives an error or a
// code, never a panic; truncation always gives an error.
func TestUnmarshalCorrupt(t *testing.T) {
	src := "def f(x):\n    return [y * 2 for y in x if y] + ['s', 1.5, 10**30]\n"
	mod, err := parser.ParseSource("<t>", src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := compiler.Compile(mod, compiler.Options{Filename: "<t>", Source: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := compiler.Marshal(nil, c)
	for n := 0; n < len(b); n++ {
		if _, _, err := compiler.Unmarshal(b[:n]); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(b))
		}
	}
	for i := range b {
		d := append([]byte(nil), b...)
		d[i] ^= 0xff
		compiler.Unmarshal(d) // must not panic
	}
}

// TestUnmarshalShared: strings decoded by UnmarshalShared point into the
// data; Unmarshal's are copies.
func TestUnmarshalShared(t *testing.T) {
	c := &compiler.Code{Name: "shared_name", QualName: "q", Consts: []any{"a constant"}}
	b, err := compiler.Marshal(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	inData := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		base := uintptr(unsafe.Pointer(&b[0]))
		return p >= base && p < base+uintptr(len(b))
	}
	s, _, err := compiler.UnmarshalShared(b)
	if err != nil {
		t.Fatal(err)
	}
	if !inData(s.Name) || !inData(s.Consts[0].(string)) {
		t.Error("UnmarshalShared copied its strings")
	}
	u, _, _ := compiler.Unmarshal(b)
	if inData(u.Name) || inData(u.Consts[0].(string)) {
		t.Error("Unmarshal shares its strings with the data")
	}
}
