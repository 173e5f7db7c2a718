package vm_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

// TestAttrSite: a site gets and sets as getattr/setattr do, through its
// cache for the classes it saw and through the general path for the rest
// (a property, __setattr__, a class changed after the site cached it, a
// non-instance).
func TestAttrSite(t *testing.T) {
	var out bytes.Buffer
	v := vm.New(vm.Options{Stdout: &out, Stderr: &out})
	m := v.NewMainModule("<site>")
	th := v.Main()
	code, err := v.Compile([]byte(`
class A:
    x = "class"
class B(A):
    pass
class P:
    @property
    def x(self):
        return "prop"
    @x.setter
    def x(self, v):
        log.append(("set", v))
class S:
    def __setattr__(self, k, v):
        log.append((k, v))
log = []
a1, a2, b, p, s = A(), A(), B(), P(), S()
a2.y = 1
`), "<site>", false)
	require.NoError(t, err)
	_, err = v.ExecModule(th, code, m)
	require.NoError(t, err)
	g := func(name string) vm.Value { x, ok := m.Get(name); require.True(t, ok); return x }
	get, set := vm.NewAttrSite("x"), vm.NewAttrSite("x")
	str := func(x vm.Value, err error) string {
		if err != nil {
			return "!" + err.Error()
		}
		s, err := th.Repr(x)
		require.NoError(t, err)
		return s
	}
	assert.Equal(t, "'class'", str(th.GetAttrAt(g("a1"), get)))
	for i, name := range []string{"a1", "a2", "b", "a1", "a2"} {
		require.NoError(t, th.SetAttrAt(g(name), set, vm.Int(int64(i))))
	}
	for name, want := range map[string]string{"a1": "3", "a2": "4", "b": "2"} { // the last value each got
		assert.Equal(t, want, str(th.GetAttrAt(g(name), get)), name)
	}
	assert.Equal(t, "'prop'", str(th.GetAttrAt(g("p"), get)))
	require.NoError(t, th.SetAttrAt(g("p"), set, vm.Int(7)))
	require.NoError(t, th.SetAttrAt(g("s"), set, vm.Int(8)))
	assert.Equal(t, "[('set', 7), ('x', 8)]", str(g("log"), nil))
	// a data descriptor added to the class after the site cached it
	code, err = v.Compile([]byte("A.x = property(lambda self: 'late')\n"), "<site>", false)
	require.NoError(t, err)
	_, err = v.ExecModule(th, code, m)
	require.NoError(t, err)
	assert.Equal(t, "'late'", str(th.GetAttrAt(g("a1"), get)))
	assert.Contains(t, str(vm.Value{}, th.SetAttrAt(g("a1"), set, vm.Int(1))), "has no setter")
	assert.Equal(t, "!AttributeError: 'int' object has no attribute 'x'", str(th.GetAttrAt(vm.Int(1), get)))
	assert.Equal(t, "!AttributeError: 'B' object has no attribute 'zz'", str(th.GetAttrAt(g("b"), vm.NewAttrSite("zz"))))
}
