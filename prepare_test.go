package pyasync

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runPrepared prepares the script at path against the cache dir prepDir,
// then runs it in a new interpreter with opts; it returns the stdout.
func runPrepared(t *testing.T, opts Options, prepDir, path string) (string, error) {
	t.Helper()
	p := PrepareFile(prepDir, path)
	var out, errb bytes.Buffer
	opts.Stdout, opts.Stderr = &out, &errb
	err := New(opts).RunPrepared(context.Background(), p)
	return out.String(), err
}

// TestRunPreparedUsesCache: RunPrepared runs the code PrepareFile found in
// the cache (an entry planted with another program's code under the
// script's source), stores what it had to compile, and sets up the run as
// RunFile does (the script's directory first on sys.path, __file__).
func TestRunPreparedUsesCache(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	src := "import sys\nprint(sys.path[0] == __file__.rsplit('/', 1)[0], 'compiled')\n"
	path := writeScript(t, dir, "s.pya", src)
	opts := Options{Allow: AllowAll, CodeCache: cache}
	out, err := runPrepared(t, opts, cache, path)
	require.NoError(t, err)
	assert.Equal(t, "True compiled\n", out)
	assert.Equal(t, 1, entries(t, cache), "the compiled code is stored")

	plant(t, cache, path, src, "import sys\nprint(sys.path[0] == __file__.rsplit('/', 1)[0], 'cached')\n")
	out, err = runPrepared(t, opts, cache, path)
	require.NoError(t, err)
	assert.Equal(t, "True cached\n", out)

	// a read-only cache is read too
	opts.CodeCacheReadOnly = true
	out, err = runPrepared(t, opts, cache, path)
	require.NoError(t, err)
	assert.Equal(t, "True cached\n", out)

	// what runs is what PrepareFile found: the file and the entry are not
	// read again (here both change in between)
	p := PrepareFile(cache, path)
	plant(t, cache, path, src, "print('planted later')\n")
	require.NoError(t, os.WriteFile(path, []byte("print('edited later')\n"), 0o644))
	var buf bytes.Buffer
	require.NoError(t, New(Options{Allow: AllowAll, CodeCache: cache, Stdout: &buf}).RunPrepared(context.Background(), p))
	assert.Equal(t, "True cached\n", buf.String())
}

// TestRunPreparedOtherCache: prepared against another cache directory, or
// for an interpreter that reads its files from Options.FS, RunPrepared is
// RunFile: the interpreter's own cache and files decide what runs.
func TestRunPreparedOtherCache(t *testing.T) {
	dir, cache, other := t.TempDir(), filepath.Join(t.TempDir(), "cache"), filepath.Join(t.TempDir(), "other")
	src := "print('compiled')\n"
	path := writeScript(t, dir, "s.pya", src)
	plant(t, other, path, src, "print('from the other cache')\n")
	out, err := runPrepared(t, Options{Allow: AllowAll, CodeCache: cache}, other, path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\n", out)
	out, err = runPrepared(t, Options{Allow: AllowAll}, other, path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\n", out)

	fsys := fstest.MapFS{filepath.ToSlash(path[1:]): {Data: []byte("print('from the FS')\n")}}
	out, err = runPrepared(t, Options{Allow: AllowAll, FS: fsys}, "", path)
	require.NoError(t, err)
	assert.Equal(t, "from the FS\n", out)

	// no cache on either side: the prepared source is compiled
	out, err = runPrepared(t, Options{Allow: AllowAll}, "", path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\n", out)
}

// TestRunPreparedMissing: a file that cannot be read fails RunPrepared
// with the error RunFile gives, and a damaged entry is only a miss.
func TestRunPreparedMissing(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	path := filepath.Join(dir, "missing.pya")
	_, err := runPrepared(t, Options{Allow: AllowAll, CodeCache: cache}, cache, path)
	_, _, want := runCached(t, Options{Allow: AllowAll, CodeCache: cache}, path)
	require.Error(t, err)
	assert.Equal(t, want.Error(), err.Error())
	assert.True(t, os.IsNotExist(err))

	src := "print('compiled')\n"
	path = writeScript(t, dir, "s.pya", src)
	out, err := runPrepared(t, Options{Allow: AllowAll, CodeCache: cache}, cache, path)
	require.NoError(t, err)
	require.Equal(t, "compiled\n", out)
	es, err := os.ReadDir(cache)
	require.NoError(t, err)
	require.Len(t, es, 1)
	entry := filepath.Join(cache, es[0].Name())
	data, err := os.ReadFile(entry)
	require.NoError(t, err)
	data[len(data)-1] ^= 0xff
	require.NoError(t, os.WriteFile(entry, data, 0o600))
	out, err = runPrepared(t, Options{Allow: AllowAll, CodeCache: cache}, cache, path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\n", out)
}
