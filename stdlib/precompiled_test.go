package stdlib

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

// TestPrecompiledUpToDate fails when precompiled.bin is stale against the
// .pya sources or the compiler: run `go generate ./stdlib`.
func TestPrecompiledUpToDate(t *testing.T) {
	blob, err := BuildPrecompiled(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(blob, precompiledBlob) {
		t.Fatal("stdlib/precompiled.bin is stale: run `go generate ./stdlib` and commit it")
	}
}

// TestPrecompiledMatchesCompile: the blob's code with its file name filled
// in is exactly what compiling the source under that name gives.
func TestPrecompiledMatchesCompile(t *testing.T) {
	n := 0
	err := fs.WalkDir(os.DirFS("."), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pya") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		const name = "<frozen probe>"
		got := precompiled(src, name)
		if got == nil {
			t.Errorf("%s: not in the blob", path)
			return nil
		}
		text, _ := parser.DecodeSource(name, src)
		mod, err := parser.ParseSource(name, text)
		if err != nil {
			return err
		}
		want, err := compiler.Compile(mod, compiler.Options{Filename: name, Source: []byte(text)})
		if err != nil {
			return err
		}
		gb, _ := compiler.Marshal(nil, got)
		wb, _ := compiler.Marshal(nil, want)
		if !bytes.Equal(gb, wb) {
			t.Errorf("%s: precompiled code differs from compiling it", path)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d .pya files checked", n)
	}
}

// TestPrecompiledRejectsBadBlobs: another version or opcode set, a bad magic, a
// truncated table give an empty index; a corrupt payload fails its
// checksum; a source not in the blob is compiled.
func TestPrecompiledRejectsBadBlobs(t *testing.T) {
	if len(parsePrecompiled(precompiledBlob)) < 50 {
		t.Fatal("the committed blob gives too small an index")
	}
	bad := append([]byte("PYAX"), precompiledBlob[4:]...)
	if len(parsePrecompiled(bad)) != 0 {
		t.Error("bad magic accepted")
	}
	other := append([]byte(precompiledMagic), byte(compiler.MarshalVersion+1))
	other = append(other, precompiledBlob[5:]...)
	if len(parsePrecompiled(other)) != 0 {
		t.Error("another version accepted")
	}
	fp := append([]byte(nil), precompiledBlob...)
	fp[5] ^= 1 // the opcode fingerprint follows the magic and 1-byte version
	if len(parsePrecompiled(fp)) != 0 {
		t.Error("another opcode set accepted")
	}
	for _, n := range []int{5, 6, 20, 100, len(precompiledBlob) / 2} {
		if len(parsePrecompiled(precompiledBlob[:n])) != 0 {
			t.Errorf("blob truncated to %d bytes accepted", n)
		}
	}
	e, ok := parsePrecompiled(precompiledBlob)[sourceKeyOf(asyncioSource)]
	if !ok || e.decode("<asyncio>") == nil {
		t.Fatal("asyncio.pya is not precompiled")
	}
	corrupt := e
	corrupt.payload = append([]byte(nil), e.payload...)
	corrupt.payload[len(corrupt.payload)/2] ^= 0x55
	if corrupt.decode("<asyncio>") != nil {
		t.Error("corrupt payload decoded")
	}
	if precompiled([]byte("x = 1\n"), "<x>") != nil {
		t.Error("a source not in the blob was found")
	}
	edited := append([]byte(nil), asyncioSource...)
	edited[len(edited)/2] ^= 1 // same length, one bit changed
	if precompiled(edited, "<asyncio>") != nil {
		t.Error("an edited asyncio.pya found the blob's entry")
	}
}
