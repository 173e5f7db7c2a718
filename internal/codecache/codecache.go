// Package codecache keeps the compiled code of script files in a
// directory, so a script run again unchanged is neither parsed nor
// compiled (CPython's __pycache__ does this for imported modules).
//
// A directory holds one entry per source path: the file
// <hex of SHA-256 of the path, 32 digits>.pyac. An entry records the
// build of pyasync that wrote it and the SHA-256 of the source it was
// compiled from; an entry of another build, of other source bytes, of
// another path (a hash collision), or one that is damaged or truncated is
// ignored, and the next Store replaces it. Entries are written to a
// temporary file in the same directory and renamed into place, so a reader
// sees a whole entry or none, whatever runs at the same time. Every error
// (a missing, unreadable or read-only directory) only means no caching: a
// cache never makes a run fail.
package codecache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"os"
	"path/filepath"

	"github.com/pyasync/pyasync/compiler"
)

// magic starts every entry.
const magic = "pyasync code\x00"

// Cache is a directory of compiled scripts. Its methods are safe for
// concurrent use by several goroutines and processes.
type Cache struct {
	dir   string
	write bool
	build string
}

// New returns the cache kept in dir (made on the first Store). With write
// false, entries are used but never written (python -B,
// PYTHONDONTWRITEBYTECODE).
func New(dir string, write bool) *Cache {
	return &Cache{dir: dir, write: write, build: BuildID()}
}

// newForBuild is New with the build identity given (tests).
func newForBuild(dir string, write bool, build string) *Cache {
	return &Cache{dir: dir, write: write, build: build}
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

// entryPath is the file holding the entry for the source at filename.
func (c *Cache) entryPath(filename string) string {
	sum := sha256.Sum256([]byte(filename))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:16])+".pyac")
}

// Load returns the code compiled earlier from src under filename, or nil
// when the cache holds no valid entry for exactly these bytes, this path
// and this build.
func (c *Cache) Load(filename string, src []byte) *compiler.Code {
	data, err := os.ReadFile(c.entryPath(filename))
	if err != nil {
		return nil
	}
	payload, ok := c.check(data, filename, src)
	if !ok {
		return nil
	}
	// data is this call's own buffer and is never written again, so the
	// code's strings may point into it
	code, rest, err := compiler.UnmarshalShared(payload)
	if err != nil || len(rest) != 0 {
		return nil
	}
	return code
}

// Has reports whether Load would find a valid entry for src under
// filename (without decoding it).
func (c *Cache) Has(filename string, src []byte) bool {
	data, err := os.ReadFile(c.entryPath(filename))
	if err != nil {
		return false
	}
	_, ok := c.check(data, filename, src)
	return ok
}

// check validates an entry's header against filename, src and the build,
// and its payload's checksum; it returns the payload.
func (c *Cache) check(data []byte, filename string, src []byte) ([]byte, bool) {
	r := reader{b: data}
	if !r.prefix(magic) || r.uint() != compiler.MarshalVersion || r.u32() != compiler.OpcodeFingerprint() {
		return nil, false
	}
	if r.str() != c.build {
		return nil, false
	}
	sum := sha256.Sum256(src)
	if !r.prefix(string(sum[:])) || r.str() != filename {
		return nil, false
	}
	crc := r.u32()
	if r.bad || crc32.ChecksumIEEE(r.b) != crc {
		return nil, false
	}
	return r.b, true
}

// Store records code, compiled from src under filename, replacing the
// path's entry. It does nothing for a read-only cache and gives up quietly
// when the directory cannot be made or written.
func (c *Cache) Store(filename string, src []byte, code *compiler.Code) {
	if !c.write {
		return
	}
	header := c.encode(filename, src)
	n := len(header)
	data, err := compiler.Marshal(header, code)
	if err != nil {
		return
	}
	binary.LittleEndian.PutUint32(data[n-4:n], crc32.ChecksumIEEE(data[n:]))
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(c.dir, ".entry-*.tmp")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), c.entryPath(filename)) != nil {
		os.Remove(f.Name())
	}
}

// encode appends an entry's header for filename and src, with a zero
// checksum that Store fills in once the payload follows.
func (c *Cache) encode(filename string, src []byte) []byte {
	b := append([]byte(nil), magic...)
	b = binary.AppendUvarint(b, compiler.MarshalVersion)
	b = binary.LittleEndian.AppendUint32(b, compiler.OpcodeFingerprint())
	b = appendStr(b, c.build)
	sum := sha256.Sum256(src)
	b = append(b, sum[:]...)
	b = appendStr(b, filename)
	return binary.LittleEndian.AppendUint32(b, 0)
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// reader reads an entry's header; any short or malformed read sets bad,
// after which every read gives a zero value.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) prefix(p string) bool {
	if r.bad || !bytes.HasPrefix(r.b, []byte(p)) {
		r.bad = true
		return false
	}
	r.b = r.b[len(p):]
	return true
}

func (r *reader) uint() uint64 {
	n, k := binary.Uvarint(r.b)
	if r.bad || k <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[k:]
	return n
}

func (r *reader) u32() uint32 {
	if r.bad || len(r.b) < 4 {
		r.bad = true
		return 0
	}
	n := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return n
}

func (r *reader) str() string {
	n := r.uint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
