package pyasync_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// without returns the standard library less the named modules.
func without(names ...string) []*pyasync.Module {
	var mods []*pyasync.Module
	for _, m := range pyasync.Stdlib() {
		keep := true
		for _, n := range names {
			keep = keep && m.Name() != n
		}
		if keep {
			mods = append(mods, m)
		}
	}
	return mods
}

// Each interpreter has its own module table: one created without json, or
// with its own json, does not see the standard one, while others in the
// same process (running at the same time) still do.
func TestModulesPerInterpreterTable(t *testing.T) {
	fake := pyasync.NewModule("json", map[string]any{"dumps": func(v any) string { return "fake" }})
	src := `
import sys
print('json' in sys.builtin_module_names, 'math' in sys.builtin_module_names)
try:
    import json
    print(json.dumps([1, 2]))
except ImportError as e:
    print(type(e).__name__, e)
try:
    __import__('json')
    print('__import__ found json')
except ImportError as e:
    print('__import__:', e)
import math
print(math.floor(2.5))
`
	cases := []struct {
		name string
		opts pyasync.Options
		want string
	}{
		{"standard", pyasync.Options{}, "True True\n[1, 2]\n__import__ found json\n2\n"},
		{"removed", pyasync.Options{Stdlib: without("json")},
			"False True\nModuleNotFoundError No module named 'json'\n__import__: No module named 'json'\n2\n"},
		{"replaced", pyasync.Options{Modules: []*pyasync.Module{fake}}, "True True\nfake\n__import__ found json\n2\n"},
		{"removed then given", pyasync.Options{Stdlib: without("json"), Modules: []*pyasync.Module{fake}},
			"True True\nfake\n__import__ found json\n2\n"},
		{"standard again", pyasync.Options{}, "True True\n[1, 2]\n__import__ found json\n2\n"},
	}
	prog, err := pyasync.Compile("mods.pya", []byte(src))
	require.NoError(t, err)
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, len(cases))
	errs := make([]error, len(cases))
	for round := 0; round < 3; round++ {
		for i, c := range cases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var errb bytes.Buffer
				opts := c.opts
				opts.Stdout, opts.Stderr = &outs[i], &errb
				it := pyasync.New(opts)
				if err := it.Run(context.Background(), prog); err != nil {
					errs[i] = err
				}
			}()
		}
		wg.Wait()
		for i, c := range cases {
			require.NoError(t, errs[i], c.name)
			assert.Equal(t, c.want, outs[i].String(), c.name)
			outs[i].Reset()
		}
	}
}

// An interpreter given no standard library runs plain code and can
// import no native module, not even sys.
func TestModulesNoStdlib(t *testing.T) {
	var out bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdout: &out, Stdlib: []*pyasync.Module{}})
	require.NoError(t, it.Exec(context.Background(), "print(sum([1, 2]))\n", "<none>"))
	assert.Equal(t, "3\n", out.String())
	for _, name := range []string{"sys", "math", "asyncio", "os"} {
		err := it.Exec(context.Background(), "import "+name+"\n", "<none>")
		if assert.Error(t, err, name) {
			assert.Equal(t, "ModuleNotFoundError: No module named '"+name+"'", err.Error())
		}
	}
}

// Stdlib lists the standard library anew each call: changing the list
// changes nothing for the next caller.
func TestStdlibList(t *testing.T) {
	a := pyasync.Stdlib()
	names := map[string]bool{}
	for _, m := range a {
		names[m.Name()] = true
	}
	for _, n := range []string{"sys", "asyncio", "json", "math", "os.path", "collections.abc"} {
		assert.True(t, names[n], n)
	}
	a[0] = pyasync.NewModule("junk", nil)
	assert.NotEqual(t, "junk", pyasync.Stdlib()[0].Name())
}

// sys.set_int_max_str_digits belongs to one interpreter: another one in the
// same process keeps CPython's default of 4300 digits.
func TestIntMaxStrDigitsPerInterpreter(t *testing.T) {
	var outA, outB bytes.Buffer
	a := pyasync.New(pyasync.Options{Stdout: &outA})
	b := pyasync.New(pyasync.Options{Stdout: &outB})
	ctx := context.Background()
	require.NoError(t, a.Exec(ctx, "import sys\nsys.set_int_max_str_digits(0)\nprint(len(str(10**5000)))\n", "<a>"))
	err := b.Exec(ctx, "import sys\nprint(sys.get_int_max_str_digits())\nstr(10**5000)\n", "<b>")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Exceeds the limit (4300 digits)")
	assert.Equal(t, "5001\n", outA.String())
	assert.Equal(t, "4300\n", outB.String())
}

// socket.setdefaulttimeout belongs to one interpreter too.
func TestSocketDefaultTimeoutPerInterpreter(t *testing.T) {
	var outA, outB bytes.Buffer
	a := pyasync.New(pyasync.Options{Stdout: &outA, Allow: pyasync.AllowNet})
	b := pyasync.New(pyasync.Options{Stdout: &outB, Allow: pyasync.AllowNet})
	ctx := context.Background()
	require.NoError(t, a.Exec(ctx, "import socket\nsocket.setdefaulttimeout(5)\ns = socket.socket()\nprint(socket.getdefaulttimeout(), s.gettimeout())\ns.close()\n", "<a>"))
	require.NoError(t, b.Exec(ctx, "import socket\ns = socket.socket()\nprint(socket.getdefaulttimeout(), s.gettimeout())\ns.close()\n", "<b>"))
	assert.Equal(t, "5.0 5.0\n", outA.String())
	assert.Equal(t, "None None\n", outB.String())
}
