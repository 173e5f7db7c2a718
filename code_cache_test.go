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

	"github.com/pyasync/pyasync/internal/codecache"
)

// runCached runs the script at path in a new interpreter with opts and
// returns its stdout and stderr.
func runCached(t *testing.T, opts Options, path string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	opts.Stdout, opts.Stderr = &out, &errb
	err := New(opts).RunFile(context.Background(), path)
	return out.String(), errb.String(), err
}

func writeScript(t *testing.T, dir, name, src string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return path
}

// plant stores in cache, as the entry for src at path, the code of another
// program, other: a run that prints other's output took its code from the
// cache.
func plant(t *testing.T, cache, path, src, other string) {
	t.Helper()
	p, err := Compile(path, []byte(other))
	require.NoError(t, err)
	codecache.New(cache, true).Store(path, []byte(src), p.code)
}

func entries(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return 0
	}
	require.NoError(t, err)
	return len(es)
}

// TestCodeCacheUsed: RunFile stores a script's code and the next run takes
// it from the cache. To see that the second run really used the entry and
// did not compile, the entry is replaced by another program's code stored
// under the script's source: the run prints that program's output.
func TestCodeCacheUsed(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	src := "def f():\n    return 'compiled'\nprint(f())\n"
	path := writeScript(t, dir, "s.pya", src)
	opts := Options{Allow: AllowAll, CodeCache: cache}
	out, _, err := runCached(t, opts, path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\n", out)
	assert.Equal(t, 1, entries(t, cache))

	plant(t, cache, path, src, "print('from the cache')\n")
	out, _, err = runCached(t, opts, path)
	require.NoError(t, err)
	assert.Equal(t, "from the cache\n", out)

	// the source changes: the entry no longer fits and is replaced
	require.NoError(t, os.WriteFile(path, []byte(src+"print('changed')\n"), 0o644))
	out, _, err = runCached(t, opts, path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\nchanged\n", out)
	out, _, err = runCached(t, opts, path)
	require.NoError(t, err)
	assert.Equal(t, "compiled\nchanged\n", out)
	assert.Equal(t, 1, entries(t, cache))
}

// TestCodeCacheTraceback: an uncaught exception in cached code shows the
// same traceback, source lines included, as in the compiled run.
func TestCodeCacheTraceback(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	path := writeScript(t, dir, "tb.pya", "def f(x):\n    return 1 / x\nprint('start')\nf(0)\n")
	opts := Options{Allow: AllowAll, CodeCache: cache}
	_, _, first := runCached(t, opts, path)
	require.Error(t, first)
	require.Equal(t, 1, entries(t, cache))
	_, _, second := runCached(t, opts, path)
	require.Error(t, second)
	assert.Equal(t, FormatError(first), FormatError(second))
	assert.Contains(t, FormatError(second), "    return 1 / x\n           ~~^~~\n")
}

// TestCodeCacheNotStored: programs that fail to compile or warn while
// compiling are not stored (their error or warning shows at every run, as
// CPython compiles every main script), and neither the sandbox, an FS, a
// read-only cache nor an unwritable directory stores anything.
func TestCodeCacheNotStored(t *testing.T) {
	dir := t.TempDir()
	good := writeScript(t, dir, "good.pya", "print('ok')\n")
	warn := writeScript(t, dir, "warn.pya", "x = 1\nprint(x is 1)\n")
	bad := writeScript(t, dir, "bad.pya", "x = = 1\n")

	cache := t.TempDir()
	for i := 0; i < 2; i++ {
		out, errOut, err := runCached(t, Options{Allow: AllowAll, CodeCache: cache}, warn)
		require.NoError(t, err)
		assert.Equal(t, "True\n", out)
		assert.Contains(t, errOut, "SyntaxWarning: \"is\" with a literal", "run %d", i)
		_, _, err = runCached(t, Options{Allow: AllowAll, CodeCache: cache}, bad)
		assert.ErrorContains(t, err, "invalid syntax")
	}
	assert.Equal(t, 0, entries(t, cache))

	for name, opts := range map[string]Options{
		"no AllowFS": {Allow: AllowAll &^ AllowFS},
		"read-only":  {Allow: AllowAll, CodeCacheReadOnly: true},
	} {
		cache := t.TempDir()
		opts.CodeCache = cache
		out, _, err := runCached(t, opts, good)
		require.NoError(t, err, name)
		assert.Equal(t, "ok\n", out, name)
		assert.Equal(t, 0, entries(t, cache), name)
	}

	cache = t.TempDir()
	fsys := fstest.MapFS{"good.pya": {Data: []byte("print('from fs')\n")}}
	out, _, err := runCached(t, Options{Allow: AllowAll, CodeCache: cache, FS: fsys}, "good.pya")
	require.NoError(t, err)
	assert.Equal(t, "from fs\n", out)
	assert.Equal(t, 0, entries(t, cache))

	notDir := writeScript(t, dir, "plain-file", "")
	out, _, err = runCached(t, Options{Allow: AllowAll, CodeCache: filepath.Join(notDir, "sub")}, good)
	require.NoError(t, err)
	assert.Equal(t, "ok\n", out)
}

// TestCodeCacheReadOnlyUses: a read-only cache still runs the entries it
// has (python -B reads existing .pyc files too).
func TestCodeCacheReadOnlyUses(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	src := "print('compiled')\n"
	path := writeScript(t, dir, "s.pya", src)
	plant(t, cache, path, src, "print('from the cache')\n")
	out, _, err := runCached(t, Options{Allow: AllowAll, CodeCache: cache, CodeCacheReadOnly: true}, path)
	require.NoError(t, err)
	assert.Equal(t, "from the cache\n", out)
}

// TestCodeCacheImports: imported .pya modules go through the cache too:
// the second run takes the module's code from its entry (replaced here by
// another program's code to see it), a module that warns while compiling
// is not stored, and a traceback through cached module code shows its
// source lines.
func TestCodeCacheImports(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	modSrc := "def f(x):\n    return 10 // x\nprint('mod compiled')\n"
	mod := writeScript(t, dir, "helper.pya", modSrc)
	writeScript(t, dir, "warns.pya", "w = 1 is 1\n")
	main := writeScript(t, dir, "main.pya", "import helper, warns\nprint(helper.f(5))\nhelper.f(0)\n")
	opts := Options{Allow: AllowAll, CodeCache: cache}
	out, errOut, first := runCached(t, opts, main)
	require.Error(t, first)
	assert.Equal(t, "mod compiled\n2\n", out)
	assert.Contains(t, errOut, "SyntaxWarning")
	assert.Equal(t, 2, entries(t, cache), "main and helper, not warns")

	out, errOut, second := runCached(t, opts, main)
	require.Error(t, second)
	assert.Equal(t, "mod compiled\n2\n", out)
	assert.Contains(t, errOut, "SyntaxWarning", "warns.pya is compiled at every run")
	assert.Equal(t, FormatError(first), FormatError(second))
	assert.Contains(t, FormatError(second), "    return 10 // x\n")

	plant(t, cache, mod, modSrc, "def f(x):\n    return 'cached'\n")
	out, _, err := runCached(t, opts, main)
	require.NoError(t, err)
	assert.Equal(t, "cached\n", out)
}
