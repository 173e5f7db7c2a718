package vm

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLookupDoc: entries come back with their fields and escapes undone
// (ascii's docstring has a backslash, print's signature a "\n"); a key
// not in the table is not found.
func TestLookupDoc(t *testing.T) {
	d, ok := LookupDoc("builtins.len")
	require.True(t, ok)
	assert.Equal(t, BuiltinDoc{Kind: 'b', Module: "builtins", Sig: "($module, obj, /)", Doc: "Return the number of items in a container."}, d)
	d, ok = LookupDoc("builtins.print")
	require.True(t, ok)
	assert.Contains(t, d.Sig, `end='\n'`)
	assert.Contains(t, d.Doc, "Prints the values to a stream, or to sys.stdout by default.\n\n  sep\n")
	d, ok = LookupDoc("builtins.ascii")
	require.True(t, ok)
	assert.Contains(t, d.Doc, `using \\x, \\u or \\U escapes`)
	d, ok = LookupDoc("json.dumps")
	require.True(t, ok)
	assert.Equal(t, byte('f'), d.Kind)
	assert.Equal(t, "json", d.Module)
	d, ok = LookupDoc("random.random")
	require.True(t, ok)
	assert.Equal(t, "random.Random", d.Owner)
	d, ok = LookupDoc("builtins.str.split")
	require.True(t, ok)
	assert.Equal(t, "($self, /, sep=None, maxsplit=-1)", d.Sig)
	for _, key := range []string{"", "builtins", "builtins.len.x", "zzz", "builtins.le"} {
		_, ok := LookupDoc(key)
		assert.False(t, ok, key)
	}
}

// TestDocTableLazy: running a program that asks for no docstring leaves
// the table compressed (start-up does not pay for it); the first
// __doc__ reads it. Run in a child process: other tests load the table.
func TestDocTableLazy(t *testing.T) {
	if os.Getenv("PYASYNC_DOC_LAZY_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDocTableLazy$")
		cmd.Env = append(os.Environ(), "PYASYNC_DOC_LAZY_CHILD=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return
	}
	var out bytes.Buffer
	v := New(Options{Stdout: &out, Stderr: &out})
	require.NoError(t, v.RunMain([]byte("print('hi', len.__name__, str.split.__name__)\n"), "<test>"))
	assert.Equal(t, "hi len split\n", out.String())
	assert.Nil(t, builtinDocsIndex.lines, "the table was read without a docstring asked for")
	out.Reset()
	require.NoError(t, v.RunMain([]byte("print(len.__doc__)\n"), "<test>"))
	assert.Equal(t, "Return the number of items in a container.\n", out.String())
	assert.NotNil(t, builtinDocsIndex.lines)
}
