package codecache

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

func compile(t *testing.T, filename, src string) *compiler.Code {
	t.Helper()
	m, err := parser.Parse(filename, []byte(src))
	require.NoError(t, err)
	c, err := compiler.Compile(m, compiler.Options{Filename: filename, Source: []byte(src)})
	require.NoError(t, err)
	return c
}

func encoded(t *testing.T, c *compiler.Code) []byte {
	t.Helper()
	require.NotNil(t, c)
	b, err := compiler.Marshal(nil, c)
	require.NoError(t, err)
	return b
}

const srcA = "def f(x):\n    return x * 2\nprint(f(21), 'a')\n"
const srcB = "print('b')\n"

func TestStoreLoad(t *testing.T) {
	c := newForBuild(t.TempDir(), true, "build-1")
	assert.Nil(t, c.Load("/s/a.pya", []byte(srcA)), "empty cache")
	code := compile(t, "/s/a.pya", srcA)
	c.Store("/s/a.pya", []byte(srcA), code)
	got := c.Load("/s/a.pya", []byte(srcA))
	assert.Equal(t, encoded(t, code), encoded(t, got))
	assert.True(t, c.Has("/s/a.pya", []byte(srcA)))
	assert.False(t, c.Has("/s/a.pya", []byte(srcB)))
	assert.False(t, c.Has("/s/b.pya", []byte(srcA)))
	entries, _ := os.ReadDir(c.Dir())
	assert.Len(t, entries, 1, "one entry, no temporary file left")
}

// TestSourceChanged: an entry is only for the exact bytes it was compiled
// from; a Store after the change replaces it (one entry per path).
func TestSourceChanged(t *testing.T) {
	c := newForBuild(t.TempDir(), true, "build-1")
	c.Store("/s/a.pya", []byte(srcA), compile(t, "/s/a.pya", srcA))
	changed := srcA + "\n"
	assert.Nil(t, c.Load("/s/a.pya", []byte(changed)))
	code := compile(t, "/s/a.pya", changed)
	c.Store("/s/a.pya", []byte(changed), code)
	assert.Equal(t, encoded(t, code), encoded(t, c.Load("/s/a.pya", []byte(changed))))
	assert.Nil(t, c.Load("/s/a.pya", []byte(srcA)), "the old source's entry was replaced")
	entries, _ := os.ReadDir(c.Dir())
	assert.Len(t, entries, 1)
}

// TestOtherBuild: an entry written by another build is ignored and
// rewritten.
func TestOtherBuild(t *testing.T) {
	dir := t.TempDir()
	code := compile(t, "/s/a.pya", srcA)
	newForBuild(dir, true, "build-1").Store("/s/a.pya", []byte(srcA), code)
	c2 := newForBuild(dir, true, "build-2")
	assert.Nil(t, c2.Load("/s/a.pya", []byte(srcA)))
	c2.Store("/s/a.pya", []byte(srcA), code)
	assert.NotNil(t, c2.Load("/s/a.pya", []byte(srcA)))
	assert.Nil(t, newForBuild(dir, true, "build-1").Load("/s/a.pya", []byte(srcA)))
}

// TestOtherPath: the same source under another path is another entry,
// and an entry found under another path's file name (as a hash collision
// would put it) is not used.
func TestOtherPath(t *testing.T) {
	c := newForBuild(t.TempDir(), true, "b")
	c.Store("/s/a.pya", []byte(srcB), compile(t, "/s/a.pya", srcB))
	assert.Nil(t, c.Load("/t/a.pya", []byte(srcB)))
	data, err := os.ReadFile(c.entryPath("/s/a.pya"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(c.entryPath("/t/a.pya"), data, 0o600))
	assert.Nil(t, c.Load("/t/a.pya", []byte(srcB)))
	assert.NotNil(t, c.Load("/s/a.pya", []byte(srcB)))
}

// TestCorruptEntries: every truncation and every flipped byte of an entry
// is refused (nil, never a panic), and Store rewrites the entry.
func TestCorruptEntries(t *testing.T) {
	c := newForBuild(t.TempDir(), true, "b")
	code := compile(t, "/s/a.pya", srcA)
	c.Store("/s/a.pya", []byte(srcA), code)
	path := c.entryPath("/s/a.pya")
	good, err := os.ReadFile(path)
	require.NoError(t, err)
	for n := 0; n < len(good); n++ {
		_, ok := c.check(good[:n], "/s/a.pya", []byte(srcA))
		assert.False(t, ok, "truncated to %d bytes", n)
	}
	for i := range good {
		bad := bytes.Clone(good)
		bad[i] ^= 0x20
		require.NoError(t, os.WriteFile(path, bad, 0o600))
		assert.Nil(t, c.Load("/s/a.pya", []byte(srcA)), "byte %d flipped", i)
	}
	require.NoError(t, os.WriteFile(path, []byte("not an entry"), 0o600))
	assert.Nil(t, c.Load("/s/a.pya", []byte(srcA)))
	c.Store("/s/a.pya", []byte(srcA), code)
	assert.Equal(t, encoded(t, code), encoded(t, c.Load("/s/a.pya", []byte(srcA))))
}

// TestReadOnly: a cache made without write uses entries and writes none.
func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	code := compile(t, "/s/a.pya", srcA)
	ro := newForBuild(dir, false, "b")
	ro.Store("/s/a.pya", []byte(srcA), code)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries)
	newForBuild(dir, true, "b").Store("/s/a.pya", []byte(srcA), code)
	assert.NotNil(t, ro.Load("/s/a.pya", []byte(srcA)))
}

// TestUnwritableDir: a directory that cannot be made or written means no
// caching, not an error.
func TestUnwritableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	c := newForBuild(filepath.Join(file, "sub"), true, "b")
	c.Store("/s/a.pya", []byte(srcA), compile(t, "/s/a.pya", srcA))
	assert.Nil(t, c.Load("/s/a.pya", []byte(srcA)))

	if os.Geteuid() == 0 {
		return // root writes into read-only directories
	}
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	c = newForBuild(dir, true, "b")
	c.Store("/s/a.pya", []byte(srcA), compile(t, "/s/a.pya", srcA))
	assert.Nil(t, c.Load("/s/a.pya", []byte(srcA)))
}

// TestConcurrentStores: readers racing writers of one entry see a whole
// entry or none.
func TestConcurrentStores(t *testing.T) {
	dir := t.TempDir()
	codeA, codeB := compile(t, "/s/a.pya", srcA), compile(t, "/s/a.pya", srcB)
	wantA, wantB := encoded(t, codeA), encoded(t, codeB)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newForBuild(dir, true, "b")
			for i := 0; i < 50; i++ {
				c.Store("/s/a.pya", []byte(srcA), codeA)
				c.Store("/s/a.pya", []byte(srcB), codeB)
				if got := c.Load("/s/a.pya", []byte(srcA)); got != nil {
					b, _ := compiler.Marshal(nil, got)
					assert.Equal(t, wantA, b)
				}
				if got := c.Load("/s/a.pya", []byte(srcB)); got != nil {
					b, _ := compiler.Marshal(nil, got)
					assert.Equal(t, wantB, b)
				}
			}
		}()
	}
	wg.Wait()
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary file left")
	assert.NotNil(t, newForBuild(dir, true, "b").Load("/s/a.pya", []byte(srcB)), "every writer stored B last")
}

// TestBuildID: the test binary's own Go build ID is found (on ELF
// systems), the same from the mapped program (Linux) as from the file;
// goNote finds a note only where one is.
func TestBuildID(t *testing.T) {
	id := BuildID()
	assert.NotEqual(t, "unknown", id)
	head, _ := os.ReadFile(os.Args[0])
	if bytes.HasPrefix(head, []byte("\x7fELF")) {
		assert.Regexp(t, `^go:[A-Za-z0-9_/-]+$`, id)
		assert.Equal(t, id, "go:"+goNote(head[:16<<10]), "the file's note")
		if runtime.GOOS == "linux" {
			require.NotEmpty(t, loadedNotes())
		}
	}
	note := []byte("\x7fELF\x00\x00\x00\x00\x04\x00\x00\x00\x03\x00\x00\x00\x04\x00\x00\x00Go\x00\x00abc")
	assert.Equal(t, "abc", goNote(note))
	assert.Equal(t, "", goNote(note[:len(note)-1]), "descriptor cut short")
	other := bytes.Clone(note)
	other[16] = 3 // another note type
	assert.Equal(t, "", goNote(other))
	assert.Equal(t, "", goNote(note[4:]), "not ELF")
}
