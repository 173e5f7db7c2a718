package pyasync_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// TestMemoryAccuracy: a script that fills a list, a dict or a string is
// stopped by MaxMemory when what it holds reaches the limit, within a few
// percent (the test measures the live heap itself after the stop, with
// the script's data still referenced by its globals).
func TestMemoryAccuracy(t *testing.T) {
	const limit = 96 << 20
	progs := map[string]string{
		// small objects that no charge sees: the breaker's sampling
		"list of tuples": "l = [None] * 2_000_000\ni = 0\nwhile True:\n    l[i] = (i, -i)\n    i += 1\n",
		"list of strs":   "l = [None] * 2_000_000\ni = 0\nwhile True:\n    l[i] = 'x' * 100 + str(i)\n    i += 1\n",
		"dict":           "d = {}\ni = 0\nwhile True:\n    d[i] = 'v' * 200 + str(i)\n    i += 1\n",
		"string":         "parts = [None] * 100_000\ni = 0\nwhile True:\n    parts[i] = 'x' * 10000\n    i += 1\n",
	}
	for name, src := range progs {
		t.Run(name, func(t *testing.T) {
			it, out, _ := newInterpOpts(t, pyasync.Options{Limits: pyasync.Limits{MaxMemory: limit}})
			before := heapLive()
			err := it.Exec(bg, "try:\n"+indent(src)+"except BaseException:\n    print('caught')\n", "<mem>")
			var le *pyasync.LimitError
			require.ErrorAs(t, err, &le, "%v", err)
			assert.Equal(t, "MaxMemory", le.Limit)
			assert.Empty(t, out.String())
			held := heapLive() - before
			runtime.KeepAlive(it)
			t.Logf("held %.1f%% of the limit", float64(held)*100/limit)
			assert.Less(t, held, int64(limit)*105/100, "stopped before passing the limit by more than 5%")
			assert.Greater(t, held, int64(limit)*90/100, "not stopped long before the limit")
		})
	}
}

// TestHugeAllocations: without a memory limit, an allocation that cannot
// succeed is a MemoryError the script can catch (Go's out-of-memory error
// would be fatal to the host), and nothing is allocated.
func TestHugeAllocations(t *testing.T) {
	srcs := []string{
		"[0] * 10**10", "(0,) * 10**10", "'ab' * 10**11", "b'x' * 10**11", "bytearray(10**11)", "bytes(10**11)",
		"bytearray(b'x') * 10**11", "'x'.ljust(10**11)", "'x'.center(10**11)", "'x'.zfill(10**11)",
		"'{:>100000000000}'.format(1)", "f'{1:100000000000}'", "'%*d' % (10**11, 1)", "'\\t'.expandtabs(10**11)",
		"b'\\t'.expandtabs(10**11)", "list(range(10**11))", "tuple(range(10**11))", "[*range(10**11)]",
		"sorted(range(10**11))", "' '.join(['x'] * 10**10)", "('x' * 10**6).replace('x', 'y' * 10**6)",
		"(b'x' * 10**6).replace(b'x', b'y' * 10**6)", "l = [0] * 1000\nl *= 10**9", "s = 'x' * 1000\ns *= 10**9",
		"import os\nos.urandom(10**11)", "import random\nrandom.randbytes(10**11)", "'x' * (2**63 - 1)",
	}
	it, out, _ := newInterp(t)
	before := heapLive()
	for _, src := range srcs {
		out.Reset()
		require.NoError(t, it.Exec(bg, "try:\n"+indent(src)+"except MemoryError:\n    print('MemoryError')\n", "<huge>"), src)
		assert.Equal(t, "MemoryError\n", out.String(), src)
	}
	assert.Less(t, heapLive()-before, int64(64<<20), "nothing big was allocated")
}
