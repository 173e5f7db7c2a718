package stdlib

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"hash/crc32"
	"sync"
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
	"github.com/pyasync/pyasync/vm"
)

//go:generate go run ./internal/genprecompiled

// precompiledBlob holds the stdlib's .pya files compiled at build time (see
// BuildPrecompiled for the layout), so start-up skips lexing, parsing and
// compiling them.
//
// It is embedded as a string, so it is read-only: code decoded from it
// shares its bytes for strings (compiler.UnmarshalShared).
//
//go:embed precompiled.bin
var precompiledData string

// precompiledBlob is precompiledData viewed as bytes (never written).
var precompiledBlob = unsafe.Slice(unsafe.StringData(precompiledData), len(precompiledData))

// precompiledEntry is one module's payload in the blob.
type precompiledEntry struct {
	crc     uint32
	payload []byte
}

var (
	precompiledOnce  sync.Once
	precompiledIndex map[sourceKey]precompiledEntry
)

// sourceKey finds a source's entry in the blob: its length and CRC-32.
// The sources are embedded in the same binary as the blob and
// TestPrecompiledUpToDate fails while the two differ, so the key only has
// to tell an edited source (one not regenerated yet) from the one in the
// blob; a CRC-32 does, at a fraction of a SHA-256's cost (which was 18%
// of the instructions of import asyncio, on a machine without SHA
// instructions).
type sourceKey struct {
	n   uint64
	crc uint32
}

// sourceKeyOf is the key of src.
func sourceKeyOf(src []byte) sourceKey {
	return sourceKey{uint64(len(src)), crc32.ChecksumIEEE(src)}
}

// loadPrecompiledIndex reads the blob's entry table (once per process; the
// index is immutable). A blob of another version or opcode set, or a malformed one gives
// an empty index: every source is then compiled.
func loadPrecompiledIndex() {
	precompiledIndex = parsePrecompiled(precompiledBlob)
}

func parsePrecompiled(blob []byte) map[sourceKey]precompiledEntry {
	idx := map[sourceKey]precompiledEntry{}
	if !bytes.HasPrefix(blob, []byte(precompiledMagic)) {
		return idx
	}
	b := blob[len(precompiledMagic):]
	uv := func() (uint64, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return n, true
	}
	if v, ok := uv(); !ok || v != compiler.MarshalVersion {
		return idx
	}
	if len(b) < 4 || binary.LittleEndian.Uint32(b) != compiler.OpcodeFingerprint() {
		return idx
	}
	b = b[4:]
	count, ok := uv()
	if !ok {
		return idx
	}
	for i := uint64(0); i < count; i++ {
		n, ok := uv()
		if !ok || n > uint64(len(b)) {
			return map[sourceKey]precompiledEntry{}
		}
		b = b[n:] // the path: for people and the staleness test
		var key sourceKey
		if key.n, ok = uv(); !ok || len(b) < 4 {
			return map[sourceKey]precompiledEntry{}
		}
		key.crc = binary.LittleEndian.Uint32(b)
		b = b[4:]
		n, ok = uv()
		if !ok || len(b) < 4 || n > uint64(len(b)-4) {
			return map[sourceKey]precompiledEntry{}
		}
		crc := binary.LittleEndian.Uint32(b)
		b = b[4:]
		idx[key] = precompiledEntry{crc: crc, payload: b[:n:n]}
		b = b[n:]
	}
	return idx
}

// precompiled returns the build-time compiled code of src with its file
// name set to filename, or nil when the blob has no valid entry for src.
func precompiled(src []byte, filename string) *compiler.Code {
	precompiledOnce.Do(loadPrecompiledIndex)
	e, ok := precompiledIndex[sourceKeyOf(src)]
	if !ok {
		return nil
	}
	return e.decode(filename)
}

// decode checks the entry's checksum and decodes its code, or returns nil.
func (e precompiledEntry) decode(filename string) *compiler.Code {
	if crc32.ChecksumIEEE(e.payload) != e.crc {
		return nil
	}
	c, rest, err := compiler.UnmarshalShared(e.payload)
	if err != nil || len(rest) != 0 {
		return nil
	}
	setFilename(c, filename)
	return c
}

// setFilename sets the file name of c and of the code objects among its
// constants.
func setFilename(c *compiler.Code, filename string) {
	c.Filename = filename
	for _, k := range c.Consts {
		if sub, ok := k.(*compiler.Code); ok {
			setFilename(sub, filename)
		}
	}
}

// compileModuleSource compiles an embedded module's source as v.Compile
// does, taking the precompiled code from the blob when it holds src.
func compileModuleSource(v *vm.VM, src []byte, filename string) (*vm.Code, error) {
	if c := precompiled(src, filename); c != nil {
		if text, err := parser.DecodeSource(filename, src); err == nil {
			return v.LoadCompiled(c, filename, text), nil
		}
	}
	return v.CompileLibrary(src, filename)
}
