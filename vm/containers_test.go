package vm_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

// runSource runs src as a __main__ module and returns what it printed.
func runSource(t *testing.T, src string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	v := vm.New(vm.Options{Stdout: &out, Stderr: &out})
	err := v.RunMain([]byte(src), "<test>")
	return out.String(), err
}

// TestContainerScripts runs vm/testdata/containers/*.pya and compares their
// output with the .out files produced by python3 3.11.
func TestContainerScripts(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("testdata", "containers", "*.pya"))
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, script := range scripts {
		script := script
		t.Run(strings.TrimSuffix(filepath.Base(script), ".pya"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(script)
			require.NoError(t, err)
			want, err := os.ReadFile(strings.TrimSuffix(script, ".pya") + ".out")
			require.NoError(t, err)
			got, err := runSource(t, string(src))
			require.NoError(t, err, "output so far:\n%s", got)
			assert.Equal(t, string(want), got)
		})
	}
}

// TestContainerSnippets checks small programs against python3's output.
func TestContainerSnippets(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"list repr", "print([1, 'a', [2.5, None], (1,), {}])", "[1, 'a', [2.5, None], (1,), {}]\n"},
		{"recursive list", "l = [1]\nl.append(l)\nprint(l)", "[1, [...]]\n"},
		{"recursive dict", "d = {}\nd['d'] = d\nprint(d)", "{'d': {...}}\n"},
		{"tuple repr", "print((), (1,), (1, 2))", "() (1,) (1, 2)\n"},
		{"set repr", "print(set(), {1, 2}, frozenset(), frozenset({3}))", "set() {1, 2} frozenset() frozenset({3})\n"},
		{"dict views", "d = {1: 'a'}\nprint(d.keys(), d.values(), d.items())", "dict_keys([1]) dict_values(['a']) dict_items([(1, 'a')])\n"},
		{"set order ints", "print({5, 13, 21, 29, 37, 45, 3})", "{29, 3, 45, 5, 37, 21, 13}\n"},
		{"set order built", "s = set()\nfor x in [5, 13, 21, 29, 37, 45, 3]:\n    s.add(x)\nprint(s)", "{3, 37, 5, 13, 45, 21, 29}\n"},
		{"set for-loop constant", "for x in {5, 13, 21, 29, 37, 45, 3}: print(x, end=' ')", "3 5 37 13 45 21 29 "},
		{"set pop", "s = {1, 2, 3}\nprint(s.pop(), s.pop(), s)", "1 2 {3}\n"},
		{"set of frozensets", "print({frozenset({1}), frozenset({2}), frozenset({1, 2})})", "{frozenset({2}), frozenset({1}), frozenset({1, 2})}\n"},
		{"frozenset hash", "print(hash(frozenset({1, 2, 3})), hash(frozenset()))", "-272375401224217160 133146708735736\n"},
		{"list sort stable", "print(sorted([(1, 'b'), (0, 'z'), (1, 'a')], key=lambda p: p[0]))", "[(0, 'z'), (1, 'b'), (1, 'a')]\n"},
		{"list modified during sort", "a = [3, 2, 1]\ntry:\n    a.sort(key=lambda x: a.append(x) or x)\nexcept ValueError as e:\n    print(e, a)", "list modified during sort [1, 2, 3]\n"},
		{"dict changed size", "d = {1: 1}\ntry:\n    for k in d: d[2] = 2\nexcept RuntimeError as e:\n    print(e)", "dictionary changed size during iteration\n"},
		{"dict keys changed", "d = {1: 1, 2: 2}\ntry:\n    for k in d:\n        del d[k]\n        d[k + 10] = 0\nexcept RuntimeError as e:\n    print(e)", "dictionary keys changed during iteration\n"},
		{"set changed size", "s = {1}\ntry:\n    for k in s: s.add(2)\nexcept RuntimeError as e:\n    print(e)", "Set changed size during iteration\n"},
		{"concat error", "try:\n    [1] + (1,)\nexcept TypeError as e:\n    print(e)", "can only concatenate list (not \"tuple\") to list\n"},
		{"repeat error", "try:\n    [1] * 'a'\nexcept TypeError as e:\n    print(e)", "can't multiply sequence by non-int of type 'str'\n"},
		{"empty max", "try:\n    max([])\nexcept ValueError as e:\n    print(e)", "max() arg is an empty sequence\n"},
		{"sum floats", "print(sum([0.1] * 10), sum([1, 2.5], 1))", "0.9999999999999999 4.5\n"},
		{"zip strict", "try:\n    list(zip([1], [1, 2], strict=True))\nexcept ValueError as e:\n    print(e)", "zip() argument 2 is longer than argument 1\n"},
		{"iterator types", "print(type(iter({})).__name__, type(iter(set())).__name__, type(reversed([])).__name__, type(enumerate([])).__name__)", "dict_keyiterator set_iterator list_reverseiterator enumerate\n"},
		{"range slicing", "print(range(10)[1:8:3], range(0, 10, 2)[::-1])", "range(1, 8, 3) range(8, -2, -2)\n"},
		{"dict merge", "print({'a': 1} | {'b': 2}, {1: 2} == {1: 2.0})", "{'a': 1, 'b': 2} True\n"},
		{"missing", "class D(dict):\n    def __missing__(self, k):\n        return k * 2\nprint(D()[21])", "42\n"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := runSource(t, tc.src)
			require.NoError(t, err, "output so far:\n%s", got)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestContainerErrors checks uncaught exceptions raised by container code.
func TestContainerErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"[].pop()", "IndexError: pop from empty list"},
		{"[1].pop(5)", "IndexError: pop index out of range"},
		{"[1].remove(2)", "ValueError: list.remove(x): x not in list"},
		{"[1].index(5)", "ValueError: 5 is not in list"},
		{"(1,).index(3)", "ValueError: tuple.index(x): x not in tuple"},
		{"{}.popitem()", "KeyError: 'popitem(): dictionary is empty'"},
		{"{}['k']", "KeyError: 'k'"},
		{"set().pop()", "KeyError: 'pop from an empty set'"},
		{"dict([(1, 2, 3)])", "ValueError: dictionary update sequence element #0 has length 3; 2 is required"},
		{"hash([])", "TypeError: unhashable type: 'list'"},
		{"hash({1})", "TypeError: unhashable type: 'set'"},
		{"range(1, 2, 0)", "ValueError: range() arg 3 must not be zero"},
		{"reversed(1)", "TypeError: 'int' object is not reversible"},
		{"sorted([1, 'a'])", "TypeError: '<' not supported between instances of 'str' and 'int'"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.src, func(t *testing.T) {
			_, err := runSource(t, tc.src)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}
