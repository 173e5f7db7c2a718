package stdlib

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io/fs"
	"sort"
	"strings"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

// precompiledMagic starts a precompiled blob (precompiled.bin); "PYAC"
// blobs keyed their entries by the source's SHA-256.
const precompiledMagic = "PYA2"

// BuildPrecompiled compiles every .pya file of fsys and returns the blob
// that precompiled.bin holds (go generate writes it; a test checks that the
// committed one matches). Its layout: the magic "PYAC", the uvarint
// compiler.MarshalVersion, compiler.OpcodeFingerprint (4 bytes little-endian), a uvarint entry count, then per entry, sorted by
// path: the path (uvarint length, bytes), the source's key (its uvarint
// length and CRC-32 (IEEE, 4 bytes little-endian): see sourceKeyOf), the uvarint length of the payload, its CRC-32 (IEEE, 4 bytes
// little-endian) and the payload: the module's code as compiler.Marshal
// writes it, with empty file names (the loader fills in the one its caller
// compiles under).
func BuildPrecompiled(fsys fs.FS) ([]byte, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".pya") {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := []byte(precompiledMagic)
	out = binary.AppendUvarint(out, compiler.MarshalVersion)
	out = binary.LittleEndian.AppendUint32(out, compiler.OpcodeFingerprint())
	out = binary.AppendUvarint(out, uint64(len(paths)))
	for _, path := range paths {
		src, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		code, err := compileForBlob(path, src)
		if err != nil {
			return nil, err
		}
		payload, err := compiler.Marshal(nil, code)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		key := sourceKeyOf(src)
		out = binary.AppendUvarint(out, uint64(len(path)))
		out = append(out, path...)
		out = binary.AppendUvarint(out, key.n)
		out = binary.LittleEndian.AppendUint32(out, key.crc)
		out = binary.AppendUvarint(out, uint64(len(payload)))
		out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(payload))
		out = append(out, payload...)
	}
	return out, nil
}

// compileForBlob compiles src as vm.Compile does, with an empty file name;
// a source that warns is an error (its warnings must show at run time).
func compileForBlob(path string, src []byte) (*compiler.Code, error) {
	text, err := parser.DecodeSource("", src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	mod, err := parser.ParseSource("", text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	warned := false
	code, err := compiler.Compile(mod, compiler.Options{Filename: "", Source: []byte(text), Warn: func(string, string, int) { warned = true }})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if warned {
		return nil, fmt.Errorf("%s: compiling warns; cannot precompile", path)
	}
	return code, nil
}
