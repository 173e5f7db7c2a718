package vm_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

// TestDictAPI exercises the Go API of Dict: insertion order, deletes,
// re-inserts, growth and PopItem.
func TestDictAPI(t *testing.T) {
	th := vm.New(vm.Options{}).Main()
	d := vm.NewDict()
	for i := 0; i < 1000; i++ {
		require.NoError(t, d.Set(th, vm.Int(int64(i)), vm.Int(int64(i*i))))
	}
	for i := 0; i < 1000; i += 2 {
		ok, err := d.Delete(th, vm.Int(int64(i)))
		require.NoError(t, err)
		require.True(t, ok)
	}
	ok, err := d.Delete(th, vm.Int(0))
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, 500, d.Len())
	v, found, err := d.Get(th, vm.Int(999))
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, vm.Int(998001), v)
	// float and bool keys find equal ints
	v, found, err = d.Get(th, vm.Float(3))
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, vm.Int(9), v)
	_, found, err = d.Get(th, vm.True)
	require.NoError(t, err)
	assert.True(t, found)

	keys := d.Keys()
	require.Len(t, keys, 500)
	assert.Equal(t, vm.Int(1), keys[0])
	assert.Equal(t, vm.Int(999), keys[499])

	for i := 0; i < 10; i++ {
		k, val, ok := d.PopItem()
		require.True(t, ok)
		assert.Equal(t, vm.Int(int64(999-2*i)), k)
		assert.Equal(t, vm.Int(int64((999-2*i)*(999-2*i))), val)
	}
	require.NoError(t, d.Set(th, vm.Str("new"), vm.None))
	keys = d.Keys()
	last, _ := keys[len(keys)-1].AsStr()
	assert.Equal(t, "new", last)

	c := d.Copy()
	assert.Equal(t, d.Len(), c.Len())
	d.Clear()
	assert.Equal(t, 0, d.Len())
	assert.Equal(t, 491, c.Len())

	_, _, err = d.Get(th, vm.NewList(nil))
	require.Error(t, err)
	assert.Equal(t, "TypeError: unhashable type: 'list'", err.Error())
}

// TestDictStrKeys checks the str-keyed helpers used for namespaces.
func TestDictStrKeys(t *testing.T) {
	d := vm.NewDictSize(4)
	for i := 0; i < 100; i++ {
		d.SetStr(fmt.Sprintf("k%d", i), vm.Int(int64(i)))
	}
	for i := 0; i < 100; i += 3 {
		assert.True(t, d.DelStr(fmt.Sprintf("k%d", i)))
	}
	assert.False(t, d.DelStr("k0"))
	v, ok := d.GetStr("k98")
	assert.True(t, ok)
	assert.Equal(t, vm.Int(98), v)
	_, ok = d.GetStr("k99")
	assert.False(t, ok)
	assert.Equal(t, 66, d.Len())
	n := 0
	d.Items(func(k, v vm.Value) bool {
		n++
		return n < 10
	})
	assert.Equal(t, 10, n)
}

// TestListMethodsAPI calls list methods through the VM API.
func TestListMethodsAPI(t *testing.T) {
	th := vm.New(vm.Options{}).Main()
	l := vm.NewList(ints(5, 3, 8, 1))
	appendFn, err := th.GetAttr(vm.ObjectValue(vm.ListType), "append")
	require.NoError(t, err)
	_, err = th.Call(appendFn, []vm.Value{l, vm.Int(0)}, nil)
	require.NoError(t, err)
	_, err = th.CallMethod(l, "sort")
	require.NoError(t, err)
	r, err := th.Repr(l)
	require.NoError(t, err)
	assert.Equal(t, "[0, 1, 3, 5, 8]", r)
	sortFn, err := th.GetAttr(l, "sort")
	require.NoError(t, err)
	_, err = th.Call(sortFn, []vm.Value{vm.True}, []string{"reverse"})
	require.NoError(t, err)
	r, err = th.Repr(l)
	require.NoError(t, err)
	assert.Equal(t, "[8, 5, 3, 1, 0]", r)
	v, err := th.CallMethod(l, "pop", vm.Int(1))
	require.NoError(t, err)
	assert.Equal(t, vm.Int(5), v)
	v, err = th.CallMethod(l, "index", vm.Int(1))
	require.NoError(t, err)
	assert.Equal(t, vm.Int(2), v)
	_, err = th.CallMethod(l, "remove", vm.Int(42))
	require.Error(t, err)
	assert.Equal(t, "ValueError: list.remove(x): x not in list", err.Error())
	_, err = th.Call(appendFn, []vm.Value{vm.Int(1), vm.Int(2)}, nil)
	require.Error(t, err)
	assert.Equal(t, "TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'int' object", err.Error())
}

// TestSortValues checks the exported sorting helper.
func TestSortValues(t *testing.T) {
	th := vm.New(vm.Options{}).Main()
	tests := []struct {
		name    string
		in      []vm.Value
		reverse bool
		want    string
	}{
		{"ints", ints(3, -1, 2, 2, 10), false, "[-1, 2, 2, 3, 10]"},
		{"ints reverse", ints(3, -1, 2, 2, 10), true, "[10, 3, 2, 2, -1]"},
		{"floats", []vm.Value{vm.Float(2.5), vm.Float(-1), vm.Float(0)}, false, "[-1.0, 0.0, 2.5]"},
		{"strs", []vm.Value{vm.Str("b"), vm.Str("a"), vm.Str("B")}, false, "['B', 'a', 'b']"},
		{"mixed numbers", []vm.Value{vm.Float(2.5), vm.Int(1), vm.True}, false, "[1, True, 2.5]"},
		{"tuples", []vm.Value{vm.Tuple2(vm.Int(1), vm.Str("b")), vm.Tuple2(vm.Int(1), vm.Str("a")), vm.Tuple2(vm.Int(0), vm.Str("z"))}, false, "[(0, 'z'), (1, 'a'), (1, 'b')]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := append([]vm.Value(nil), tc.in...)
			require.NoError(t, th.SortValues(items, vm.Value{}, tc.reverse))
			r, err := th.Repr(vm.NewList(items))
			require.NoError(t, err)
			assert.Equal(t, tc.want, r)
		})
	}
	err := th.SortValues([]vm.Value{vm.Int(1), vm.Str("a")}, vm.None, false)
	require.Error(t, err)
	assert.Equal(t, "TypeError: '<' not supported between instances of 'str' and 'int'", err.Error())
}
