package pyasync_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
	"github.com/pyasync/pyasync/vm"
)

func newInterp(t *testing.T) (*pyasync.Interpreter, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	return pyasync.New(pyasync.Options{Stdout: &out, Stderr: &errb}), &out, &errb
}

func TestRunString(t *testing.T) {
	it, out, _ := newInterp(t)
	require.NoError(t, it.RunString("x = 6 * 7\nprint('answer', x)\n", "<test>"))
	assert.Equal(t, "answer 42\n", out.String())
}

func TestUncaughtExceptionTraceback(t *testing.T) {
	it, _, _ := newInterp(t)
	err := it.RunString("def f():\n    return 1 / 0\nf()\n", "prog.pya")
	require.Error(t, err)
	var pe *pyasync.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "ZeroDivisionError: division by zero", pe.Error())
	assert.Equal(t, `Traceback (most recent call last):
  File "prog.pya", line 3, in <module>
    f()
  File "prog.pya", line 2, in f
    return 1 / 0
           ~~^~~
ZeroDivisionError: division by zero
`, pe.Traceback)
}

func TestSyntaxErrorFormat(t *testing.T) {
	it, _, _ := newInterp(t)
	err := it.RunString("x = = 2\n", "bad.pya")
	require.Error(t, err)
	assert.Equal(t, "  File \"bad.pya\", line 1\n    x = = 2\n        ^\nSyntaxError: invalid syntax\n", pyasync.FormatError(err))
}

func TestSystemExit(t *testing.T) {
	it, _, _ := newInterp(t)
	err := it.RunString("import sys\nsys.exit(3)\n", "<test>")
	var ee *pyasync.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 3, ee.Code)
}

func TestEvalExecCall(t *testing.T) {
	it, out, _ := newInterp(t)
	require.NoError(t, it.Exec("def add(a, b):\n    return a + b\ncounter = 10\n", "<cell1>"))
	v, err := it.Eval("counter * 2 + 1")
	require.NoError(t, err)
	n, ok := v.AsInt64()
	require.True(t, ok)
	assert.Equal(t, int64(21), n)
	r, err := it.Call("add", 40, 2)
	require.NoError(t, err)
	n, _ = r.AsInt64()
	assert.Equal(t, int64(42), n)
	r, err = it.Call("add", "py", "async")
	require.NoError(t, err)
	s, _ := r.AsStr()
	assert.Equal(t, "pyasync", s)
	require.NoError(t, it.Exec("print(add(1, 2), counter)\n", "<cell2>"))
	assert.Equal(t, "3 10\n", out.String())
}

func TestRecursionError(t *testing.T) {
	it, _, _ := newInterp(t)
	err := it.RunString("def f(n):\n    return f(n + 1)\nf(0)\n", "<test>")
	require.Error(t, err)
	assert.Equal(t, "RecursionError: maximum recursion depth exceeded", err.Error())
}

// compileFunc defines src in a fresh interpreter and returns the thread and
// the function named name.
func compileFunc(t *testing.T, src, name string) (*vm.Thread, vm.Value) {
	t.Helper()
	it, _, _ := newInterp(t)
	require.NoError(t, it.Exec(src, "<alloc>"))
	v, err := it.Eval(name)
	require.NoError(t, err)
	return it.VM().Main(), v
}

// TestNoAllocations checks the speed promises: small-int and float
// arithmetic, local variables and calls between script functions allocate
// nothing.
func TestNoAllocations(t *testing.T) {
	cases := []struct{ name, src string }{
		{"int-loop", "def f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s = (s + i * 3) % 1000003\n        i += 1\n    return s\n"},
		{"float-loop", "def f(n):\n    x = 0.5\n    i = 0\n    while i < n:\n        x = x * 1.0001 + 0.25 / (i + 1)\n        i += 1\n    return x\n"},
		{"calls", "def g(a, b):\n    return a + b\n\ndef f(n):\n    s = 0\n    for i in range(n):\n        s = g(s, i)\n    return s\n"},
		{"recursion", "def f(n):\n    if n < 2:\n        return n\n    return f(n - 1) + f(n - 2)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			th, fn := compileFunc(t, c.src, "f")
			args := []vm.Value{vm.Int(15)}
			_, err := th.Call(fn, args, nil) // warm up caches and pools
			require.NoError(t, err)
			allocs := testing.AllocsPerRun(20, func() {
				if _, err := th.Call(fn, args, nil); err != nil {
					t.Fatal(err)
				}
			})
			if c.name == "calls" {
				// range(n) and its iterator are the only allocations
				assert.Equal(t, 2.0, allocs)
				return
			}
			assert.Zero(t, allocs)
		})
	}
}

func TestImportsAndPackages(t *testing.T) {
	out, errOut, code := runScript(t, "testdata/imports/main.pya", "")
	assert.Equal(t, 0, code, errOut)
	want, err := readFile("testdata/imports/main.out")
	require.NoError(t, err)
	assert.Equal(t, want, out)
}

func readFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}

func TestFormatErrorChained(t *testing.T) {
	it, _, _ := newInterp(t)
	err := it.RunString("try:\n    {}['k']\nexcept KeyError as e:\n    raise ValueError('bad') from e\n", "c.pya")
	require.Error(t, err)
	tb := pyasync.FormatError(err)
	assert.True(t, strings.Contains(tb, "KeyError: 'k'\n\nThe above exception was the direct cause of the following exception:\n\nTraceback"), tb)
	assert.True(t, strings.HasSuffix(tb, "ValueError: bad\n"), tb)
}

// TestAsyncErrorOutput checks what an asyncio program with errors prints on
// stderr: the never-awaited warning, the unretrieved task exception, and an
// uncaught exception's traceback through the coroutine frames.
func TestAsyncErrorOutput(t *testing.T) {
	src := `import asyncio
async def inner():
    await asyncio.sleep(0)
    raise ValueError("deep")
async def middle():
    await inner()
async def bg():
    raise KeyError("lost")
async def never():
    pass
async def main():
    asyncio.create_task(bg())
    never()
    await asyncio.sleep(0.01)
    await middle()
asyncio.run(main())
`
	it, _, errb := newInterp(t)
	err := it.RunString(src, "ae.pya")
	require.Error(t, err)
	got := errb.String() + pyasync.FormatError(err)
	want := []string{
		"ae.pya:13: RuntimeWarning: coroutine 'never' was never awaited\n  never()\nRuntimeWarning: Enable tracemalloc to get the object allocation traceback\n",
		"Task exception was never retrieved\nfuture: <Task finished name='Task-2' coro=<bg() done, defined at ae.pya:7> exception=KeyError('lost')>\nTraceback (most recent call last):\n  File \"ae.pya\", line 8, in bg\n    raise KeyError(\"lost\")\nKeyError: 'lost'\n",
		"Traceback (most recent call last):\n  File \"ae.pya\", line 16, in <module>\n    asyncio.run(main())\n",
		"  File \"ae.pya\", line 15, in main\n    await middle()\n  File \"ae.pya\", line 6, in middle\n    await inner()\n  File \"ae.pya\", line 4, in inner\n    raise ValueError(\"deep\")\nValueError: deep\n",
	}
	pos := 0
	for _, w := range want {
		i := strings.Index(got[pos:], w)
		require.GreaterOrEqual(t, i, 0, "missing in order:\n%s\n--- got ---\n%s", w, got)
		pos += i + len(w)
	}
}

// TestConcurrentVMs runs interpreters on several goroutines at once: VMs
// share only immutable state (builtin types, interned strings). Run it with
// -race to check that.
func TestConcurrentVMs(t *testing.T) {
	src := `import asyncio, json
class Base:
    def __init__(self, v):
        self.v = v
class Kid(Base, Exception):
    pass
async def work(i):
    await asyncio.sleep(0)
    return Kid(i).v * 2
async def main():
    return sum(await asyncio.gather(*(work(i) for i in range(50))))
print(asyncio.run(main()), json.dumps({"é": [1, 2.5]}), "ü" * 3)
`
	done := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func() {
			var out bytes.Buffer
			it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &out})
			if err := it.RunString(src, "<concurrent>"); err != nil {
				done <- pyasync.FormatError(err)
				return
			}
			done <- out.String()
		}()
	}
	for g := 0; g < 4; g++ {
		assert.Equal(t, "2450 {\"\\u00e9\": [1, 2.5]} üüü\n", <-done)
	}
}

// TestPYASYNCPATH: modules are found in the script's directory first, then
// in the directories of PYASYNCPATH.
func TestPYASYNCPATH(t *testing.T) {
	libdir := t.TempDir()
	require.NoError(t, os.WriteFile(libdir+"/extlib.pya", []byte("NAME = 'from PYASYNCPATH'\n"), 0o644))
	t.Setenv("PYASYNCPATH", libdir)
	it, out, _ := newInterp(t)
	require.NoError(t, it.RunString("import extlib\nprint(extlib.NAME, extlib.__name__)\n", "<test>"))
	assert.Equal(t, "from PYASYNCPATH extlib\n", out.String())
}
