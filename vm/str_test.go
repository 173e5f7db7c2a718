package vm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

// TestStrMethodsAPI drives str methods through the Go API.
func TestStrMethodsAPI(t *testing.T) {
	th := vm.New(vm.Options{}).Main()
	tests := []struct {
		recv   vm.Value
		method string
		args   []vm.Value
		want   string // repr of the result, or "!Type: message"
	}{
		{vm.Str("hello world"), "upper", nil, "'HELLO WORLD'"},
		{vm.Str("Hello World"), "swapcase", nil, "'hELLO wORLD'"},
		{vm.Str("straße"), "upper", nil, "'STRASSE'"},
		{vm.Str("ΣΑΣ"), "lower", nil, "'σας'"},
		{vm.Str("a,b,,c"), "split", []vm.Value{vm.Str(",")}, "['a', 'b', '', 'c']"},
		{vm.Str("  a  b  "), "split", nil, "['a', 'b']"},
		{vm.Str("héllo"), "find", []vm.Value{vm.Str("l")}, "2"},
		{vm.Str("héllo"), "rfind", []vm.Value{vm.Str("l"), vm.Int(0), vm.Int(3)}, "2"},
		{vm.Str("abc"), "center", []vm.Value{vm.Int(7), vm.Str("*")}, "'**abc**'"},
		{vm.Str("-"), "join", []vm.Value{vm.NewList([]vm.Value{vm.Str("a"), vm.Str("b")})}, "'a-b'"},
		{vm.Str("-"), "join", []vm.Value{vm.NewList([]vm.Value{vm.Str("a"), vm.Int(1)})}, "!TypeError: sequence item 1: expected str instance, int found"},
		{vm.Str("{0}-{x}"), "format", []vm.Value{vm.Int(1)}, "!KeyError: 'x'"},
		{vm.Str("abc"), "index", []vm.Value{vm.Str("z")}, "!ValueError: substring not found"},
		{vm.Str("é"), "encode", nil, "b'\\xc3\\xa9'"},
		{vm.Str("é"), "encode", []vm.Value{vm.Str("ascii")}, "!UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"},
		{vm.Str("%s=%d"), "__mod__", []vm.Value{vm.NewTuple([]vm.Value{vm.Str("x"), vm.Int(3)})}, "'x=3'"},
		{vm.Int(255), "to_bytes", []vm.Value{vm.Int(2)}, "b'\\x00\\xff'"},
		{vm.Int(-5), "bit_length", nil, "3"},
		{vm.Int(10), "__round__", []vm.Value{vm.Int(-1)}, "10"},
		{vm.Int(15), "__round__", []vm.Value{vm.Int(-1)}, "20"},
		{vm.Float(2.5), "__round__", nil, "2"},
		{vm.Float(0.1), "hex", nil, "'0x1.999999999999ap-4'"},
		{vm.Float(0.75), "as_integer_ratio", nil, "(3, 4)"},
		{vm.Float(1.5), "is_integer", nil, "False"},
		{vm.NewBytes([]byte("a b")), "split", nil, "[b'a', b'b']"},
		{vm.NewBytes([]byte{0xff}), "decode", []vm.Value{vm.Str("utf-8"), vm.Str("replace")}, "'\ufffd'"},
		{vm.NewBytes([]byte{0xff}), "decode", nil, "!UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
		{vm.NewBytes([]byte("abc")), "hex", []vm.Value{vm.Str(":")}, "'61:62:63'"},
	}
	for _, tc := range tests {
		r, err := th.CallMethod(tc.recv, tc.method, tc.args...)
		var got string
		if err != nil {
			got = excString(th, err)
		} else {
			got, err = th.Repr(r)
			require.NoError(t, err)
		}
		assert.Equal(t, tc.want, got, "%s(%v)", tc.method, tc.args)
	}
}

// TestNumericBuiltinsAPI calls the numeric builtins and conversions from Go.
func TestNumericBuiltinsAPI(t *testing.T) {
	v := vm.New(vm.Options{})
	th := v.Main()
	call := func(name string, args ...vm.Value) string {
		fn, ok := v.Builtins.GetStr(name)
		require.True(t, ok, name)
		r, err := th.Call(fn, args, nil)
		if err != nil {
			return excString(th, err)
		}
		s, err := th.Repr(r)
		require.NoError(t, err)
		return s
	}
	assert.Equal(t, "(-4, 1)", call("divmod", vm.Int(-7), vm.Int(2)))
	assert.Equal(t, "5", call("pow", vm.Int(3), vm.Int(-1), vm.Int(7)))
	assert.Equal(t, "!ValueError: base is not invertible for the given modulus", call("pow", vm.Int(2), vm.Int(-1), vm.Int(4)))
	assert.Equal(t, "2.67", call("round", vm.Float(2.675), vm.Int(2)))
	assert.Equal(t, "'-0xff'", call("hex", vm.Int(-255)))
	assert.Equal(t, "'é'", call("chr", vm.Int(0xe9)))
	assert.Equal(t, "!TypeError: ord() expected a character, but string of length 2 found", call("ord", vm.Str("ab")))
	assert.Equal(t, "!TypeError: bad operand type for abs(): 'str'", call("abs", vm.Str("x")))
	assert.Equal(t, "42", call("int", vm.Str(" 4_2 ")))
	assert.Equal(t, "!ValueError: invalid literal for int() with base 10: 'x'", call("int", vm.Str("x")))
	assert.Equal(t, "255", call("int", vm.Str("ff"), vm.Int(16)))
	assert.Equal(t, "1.5", call("float", vm.Str("1.5")))
	assert.Equal(t, "!ValueError: could not convert string to float: 'abc'", call("float", vm.Str("abc")))
	assert.Equal(t, "(1+0j)", call("complex", vm.Int(1)))

	n, err := th.ToInt(vm.Float(-3.9))
	require.NoError(t, err)
	assert.Equal(t, vm.Int(-3), n)
	f, err := th.ToFloat(vm.Int(7))
	require.NoError(t, err)
	assert.Equal(t, 7.0, f)
	s, err := th.Format(vm.Float(1234.5), ",.2f")
	require.NoError(t, err)
	str, _ := s.AsStr()
	assert.Equal(t, "1,234.50", str)
}

// TestStrIteration checks that iterating an ASCII string does not allocate
// per character.
func TestStrIteration(t *testing.T) {
	th := vm.New(vm.Options{}).Main()
	s := vm.Str("hello world, this is ascii")
	allocs := testing.AllocsPerRun(100, func() {
		it, err := th.Iter(s)
		if err != nil {
			t.Fatal(err)
		}
		for {
			_, ok, err := th.Next(it)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
		}
	})
	assert.LessOrEqual(t, allocs, 1.0)
	var got []string
	require.NoError(t, th.ForEach(vm.Str("añ😀"), func(v vm.Value) error {
		x, _ := v.AsStr()
		got = append(got, x)
		return nil
	}))
	assert.Equal(t, []string{"a", "ñ", "😀"}, got)
}
