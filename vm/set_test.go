package vm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

func ints(vals ...int64) []vm.Value {
	out := make([]vm.Value, len(vals))
	for i, v := range vals {
		out[i] = vm.Int(v)
	}
	return out
}

func elementInts(t *testing.T, vals []vm.Value) []int64 {
	t.Helper()
	out := make([]int64, len(vals))
	for i, v := range vals {
		n, ok := v.AsInt64()
		require.True(t, ok)
		out[i] = n
	}
	return out
}

// TestSetOrderAPI checks the Go API against iteration orders printed by
// python3 3.11.
func TestSetOrderAPI(t *testing.T) {
	th := vm.New(vm.Options{}).Main()

	s := vm.NewSet()
	var added []int64
	for i := int64(0); i < 200; i += 7 {
		added = append(added, i*1000003%997-300)
	}
	for _, x := range added {
		require.NoError(t, s.Add(th, vm.Int(x)))
	}
	assert.Equal(t, []int64{131, -121, -110, 540, 288, 36, 551, -216, 299, 47, -205, 58, -194, 456, 204, -48, 467, -300, 215, -37, -289, -26, -278, 624, 372, 120, 635, -132, 383}, elementInts(t, s.Elements()))
	for i := int64(0); i < 200; i += 14 {
		ok, err := s.Discard(th, vm.Int(i*1000003%997-300))
		require.NoError(t, err)
		assert.True(t, ok)
	}
	assert.Equal(t, []int64{131, 288, -216, 299, -205, -194, 456, -48, 467, -37, -26, 624, 120, 635}, elementInts(t, s.Elements()))
	assert.Equal(t, 14, s.Len())

	s2 := vm.NewSet()
	for _, x := range ints(5, 13, 21, 29, 37, 45, 3, -1, -2) {
		require.NoError(t, s2.Add(th, x))
	}
	assert.Equal(t, []int64{3, 37, 5, 13, 45, 21, -2, 29, -1}, elementInts(t, s2.Elements()))

	in, err := s2.Contains(th, vm.Int(45))
	require.NoError(t, err)
	assert.True(t, in)
	in, err = s2.Contains(th, vm.Float(45))
	require.NoError(t, err)
	assert.True(t, in)
	in, err = s2.Contains(th, vm.Int(46))
	require.NoError(t, err)
	assert.False(t, in)
	_, err = s2.Contains(th, vm.NewList(nil))
	require.Error(t, err)
	assert.Equal(t, "TypeError: unhashable type: 'list'", err.Error())
}

// TestSetMethods drives set methods through the VM API.
func TestSetMethods(t *testing.T) {
	th := vm.New(vm.Options{}).Main()
	s, err := th.Call(vm.ObjectValue(vm.SetType), []vm.Value{vm.NewList(ints(3, 1, 2))}, nil)
	require.NoError(t, err)
	_, err = th.CallMethod(s, "add", vm.Int(10))
	require.NoError(t, err)
	r, err := th.Repr(s)
	require.NoError(t, err)
	assert.Equal(t, "{10, 1, 2, 3}", r)

	u, err := th.CallMethod(s, "union", vm.NewTuple(ints(4)), vm.NewList(ints(-1)))
	require.NoError(t, err)
	r, err = th.Repr(u)
	require.NoError(t, err)
	assert.Equal(t, "{1, 2, 3, 4, 10, -1}", r)

	_, err = th.CallMethod(s, "remove", vm.Int(99))
	require.Error(t, err)
	assert.Equal(t, "KeyError: 99", err.Error())

	add, err := th.GetAttr(vm.ObjectValue(vm.SetType), "add")
	require.NoError(t, err)
	_, err = th.Call(add, []vm.Value{s}, nil)
	require.Error(t, err)
	assert.Equal(t, "TypeError: set.add() takes exactly one argument (0 given)", err.Error())

	fs, err := th.Call(vm.ObjectValue(vm.FrozenSetType), []vm.Value{s}, nil)
	require.NoError(t, err)
	h, err := th.Hash(fs)
	require.NoError(t, err)
	h2, err := th.Hash(fs)
	require.NoError(t, err)
	assert.Equal(t, h, h2)
	_, err = th.Hash(s)
	require.Error(t, err)
	assert.Equal(t, "TypeError: unhashable type: 'set'", err.Error())
}
