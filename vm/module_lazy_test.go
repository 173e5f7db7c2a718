package vm

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lazyVM is a VM with a module "lz" holding x at once and y, z from its
// lazy part, which counts its runs in *runs.
func lazyVM(t *testing.T, out *bytes.Buffer, runs *int) *VM {
	t.Helper()
	v := New(Options{Stdout: out, Stderr: out})
	v.AddModule("lz", func(v *VM, m *Module) error {
		m.Set("x", Int(1))
		m.SetLazy(func(t *Thread) error {
			*runs++
			m.Set("y", Int(2))
			m.Set("z", Int(3))
			return nil
		})
		return nil
	})
	return v
}

func runLazy(t *testing.T, src string) (string, int, error) {
	t.Helper()
	var out bytes.Buffer
	runs := 0
	v := lazyVM(t, &out, &runs)
	code, err := v.Compile([]byte(src), "<lazy>", false)
	require.NoError(t, err)
	_, err = v.ExecModule(v.Main(), code, v.NewMainModule("<lazy>"))
	return out.String(), runs, err
}

// TestModuleLazy: a module's lazy part runs once, only when a name is
// missing or the whole namespace is seen or changed.
func TestModuleLazy(t *testing.T) {
	cases := []struct {
		name, src, out string
		runs           int
	}{
		{"present name", "import lz\nprint(lz.x)", "1\n", 0},
		{"missing name", "import lz\nprint(lz.y, lz.z, lz.y)", "2 3 2\n", 1},
		{"from import", "from lz import x, z\nprint(x, z)", "1 3\n", 1},
		{"import star", "from lz import *\nprint(x, y, z)", "1 2 3\n", 1},
		{"__dict__", "import lz\nprint(sorted(k for k in lz.__dict__ if len(k) == 1))", "['x', 'y', 'z']\n", 1},
		{"vars", "import lz\nprint('y' in vars(lz))", "True\n", 1},
		{"dir", "import lz\nprint('z' in dir(lz))", "True\n", 1},
		{"hasattr", "import lz\nprint(hasattr(lz, 'y'), hasattr(lz, 'w'))", "True False\n", 1},
		{"setattr first", "import lz\nlz.y = 'mine'\nprint(lz.y, lz.z)", "mine 3\n", 1},
		{"delattr", "import lz\ndel lz.z\nprint(hasattr(lz, 'z'))", "False\n", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, runs, err := runLazy(t, c.src)
			require.NoError(t, err)
			assert.Equal(t, c.out, out)
			assert.Equal(t, c.runs, runs)
		})
	}
	_, runs, err := runLazy(t, "import lz\nlz.w")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "module 'lz' has no attribute 'w'")
	assert.Equal(t, 1, runs)
}

// TestModuleLazyError: an error of the lazy part reaches the lookup that
// ran it, and the part does not run again.
func TestModuleLazyError(t *testing.T) {
	var out bytes.Buffer
	runs := 0
	v := New(Options{Stdout: &out, Stderr: &out})
	v.AddModule("lz", func(v *VM, m *Module) error {
		m.SetLazy(func(t *Thread) error {
			runs++
			return Errorf(ImportError, "lazy part failed")
		})
		return nil
	})
	code, err := v.Compile([]byte("import lz\ntry:\n    lz.y\nexcept ImportError as e:\n    print(e)\nprint(hasattr(lz, 'y'))\n"), "<lazy>", false)
	require.NoError(t, err)
	_, err = v.ExecModule(v.Main(), code, v.NewMainModule("<lazy>"))
	require.NoError(t, err)
	assert.Equal(t, "lazy part failed\nFalse\n", out.String())
	assert.Equal(t, 1, runs)
}
