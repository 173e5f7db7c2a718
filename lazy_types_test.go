package pyasync_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/pyasync/pyasync"
	"github.com/stretchr/testify/require"
)

// TestLazyStdlibTypesInParallel imports, from several interpreters at
// once, the modules whose Go types are built on first use (the struct
// sequences of time, os, shutil and sys), while the other half list
// object's subclasses in a loop (the builtin subclass list those types join). Under
// -race it proves the first build is guarded and the list is locked; the
// output proves each interpreter sees complete types.
func TestLazyStdlibTypesInParallel(t *testing.T) {
	src := `import time, os, shutil, sys, itertools
st = time.gmtime(0)
print(repr(st)[:40], st.tm_year, len(st), type(st).__name__)
print(time.struct_time((2000, 1, 2, 3, 4, 5, 6, 7, 0)).tm_mday, os.stat_result.__name__)
print(sys.version_info[:2], sys.float_info.dig, shutil.disk_usage.__name__)
print(len(object.__subclasses__()) > 10, list(itertools.islice(itertools.count(3), 2)), repr(itertools.count(1, 2)))
`
	p, err := pyasync.Compile("<lazy>", []byte(src))
	require.NoError(t, err)
	lister, err := pyasync.Compile("<lister>", []byte("for i in range(300):\n    n = len(object.__subclasses__())\nprint(n > 10)\n"))
	require.NoError(t, err)
	const n = 8
	outs := make([]string, n)
	var wg sync.WaitGroup
	for g := 0; g < n; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var out bytes.Buffer
			it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &out})
			prog := p
			if g%2 == 1 {
				prog = lister
			}
			if err := it.Run(bg, prog); err != nil {
				outs[g] = pyasync.FormatError(err)
				return
			}
			outs[g] = out.String()
		}(g)
	}
	wg.Wait()
	want := "time.struct_time(tm_year=1970, tm_mon=1, 1970 9 struct_time\n2 stat_result\n(3, 11) 15 disk_usage\nTrue [3, 4] count(1, 2)\n"
	for g := 0; g < n; g++ {
		if g%2 == 1 {
			require.Equal(t, "True\n", outs[g], "interpreter %d", g)
			continue
		}
		require.Equal(t, want, outs[g], "interpreter %d", g)
	}
}
