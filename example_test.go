package pyasync_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/pyasync/pyasync"
)

// Runnable examples of the embedding API, one for each name.

func ExampleCompile() {
	p, err := pyasync.Compile("greet.pya", []byte("print('hello', name)\n"))
	if err != nil {
		panic(err)
	}
	// a Program is immutable: run it in as many interpreters as you like
	for _, name := range []string{"ann", "bob"} {
		it := pyasync.New(pyasync.Options{Stdout: os.Stdout})
		it.Set("name", name)
		if err := it.Run(context.Background(), p); err != nil {
			fmt.Print(pyasync.FormatError(err))
		}
	}
	// Output:
	// hello ann
	// hello bob
}

func ExampleNew() {
	it := pyasync.New(pyasync.Options{
		Stdout: os.Stdout,
		Args:   []string{"tool.pya", "--verbose"},
		Allow:  0, // the sandbox: no files, network, processes or environment
		Limits: pyasync.Limits{MaxDuration: 5 * time.Second, MaxMemory: 64 << 20},
	})
	err := it.Exec(context.Background(), "import sys\nprint(sys.argv)\nopen('/etc/passwd')\n", "<main>")
	fmt.Println(err)
	// Output:
	// ['tool.pya', '--verbose']
	// PermissionError: open('/etc/passwd'): not allowed by this interpreter (needs the fs capability)
}

func ExampleInterpreter_Run() {
	p, _ := pyasync.Compile("count.pya", []byte("runs = globals().get('runs', 0) + 1\nprint('run', runs)\n"))
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout})
	// definitions of one run stay for the next
	it.Run(context.Background(), p)
	it.Run(context.Background(), p)
	// Output:
	// run 1
	// run 2
}

func ExampleInterpreter_RunFile() {
	fsys := fstest.MapFS{
		"main.pya":  {Data: []byte("import util\nprint(util.double(21))\n")},
		"util.pya":  {Data: []byte("def double(x):\n    return 2 * x\n")},
		"notes.txt": {Data: []byte("read from the FS\n")},
	}
	// with Options.FS, the script, its imports and open() read from fsys
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout, FS: fsys})
	if err := it.RunFile(context.Background(), "main.pya"); err != nil {
		fmt.Print(pyasync.FormatError(err))
	}
	it.Exec(context.Background(), "print(open('notes.txt').read(), end='')", "<cell>")
	// Output:
	// 42
	// read from the FS
}

func ExampleInterpreter_Exec() {
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout})
	ctx := context.Background()
	it.Exec(ctx, "total = 0\ndef add(n):\n    global total\n    total += n\n", "<cell 1>")
	it.Exec(ctx, "add(3)\nadd(4)\nprint(total)\n", "<cell 2>")
	// Output: 7
}

func ExampleInterpreter_Eval() {
	it := pyasync.New(pyasync.Options{})
	it.Set("prices", map[string]float64{"tea": 2.5, "cake": 4})
	v, err := it.Eval(context.Background(), "sum(prices.values()) * 2")
	fmt.Println(v, err)
	// an expression only: statements are refused
	_, err = it.Eval(context.Background(), "__import__('os').system('true'); 1")
	fmt.Println(err != nil)
	// Output:
	// 13.0 <nil>
	// true
}

func ExampleInterpreter_Call() {
	it := pyasync.New(pyasync.Options{})
	ctx := context.Background()
	it.Exec(ctx, `
import asyncio
def greet(name, punct='!'):
    return 'hello ' + name + punct
async def slow_square(x):
    await asyncio.sleep(0.01)
    return x * x
`, "<defs>")
	v, _ := it.Call(ctx, "greet", "go")
	fmt.Println(v)
	// an async def runs on the interpreter's loop until it completes
	v, _ = it.Call(ctx, "slow_square", 12)
	fmt.Println(v)
	// Output:
	// hello go!
	// 144
}

func ExampleInterpreter_Set() {
	type Point struct {
		X, Y int
		Name string `py:"name"`
	}
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout})
	it.Set("p", Point{1, 2, "origin-ish"})                       // a struct: a copy with attributes
	it.Set("tags", []string{"a", "b"})                           // a list
	it.Set("timeout", 1500*time.Millisecond)                     // seconds as a float
	it.Set("shout", strings.ToUpper)                             // a Go function
	it.Set("when", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) // a datetime
	it.Exec(context.Background(), "print(p.X + p.Y, p.name, tags, timeout, shout('hi'), when.isoformat())", "<set>")
	// Output: 3 origin-ish ['a', 'b'] 1.5 HI 2024-05-01T12:00:00+00:00
}

func ExampleInterpreter_Get() {
	it := pyasync.New(pyasync.Options{})
	it.Exec(context.Background(), "config = {'workers': 4, 'name': 'svc', 'ratio': 0.5}", "<cfg>")
	v, _ := it.Get("config")
	fmt.Println(v.TypeName(), v)
	fmt.Println(v.Interface())
	// Output:
	// dict {'workers': 4, 'name': 'svc', 'ratio': 0.5}
	// map[name:svc ratio:0.5 workers:4]
}

func ExampleExport() {
	type Config struct {
		Workers int      `py:"workers"`
		Hosts   []string `py:"hosts"`
		Timeout time.Duration
	}
	it := pyasync.New(pyasync.Options{})
	it.Exec(context.Background(), "cfg = {'workers': 8, 'hosts': ['a', 'b'], 'Timeout': 2.5}", "<cfg>")
	v, _ := it.Get("cfg")
	var c Config
	if err := pyasync.Export(v, &c); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", c)
	// Output: {Workers:8 Hosts:[a b] Timeout:2.5s}
}

func ExampleAsync() {
	fetch := pyasync.Async(func(ctx context.Context, key string) (string, error) {
		select {
		case <-time.After(20 * time.Millisecond): // a slow Go call
			return "value of " + key, nil
		case <-ctx.Done(): // cancelling the await cancels ctx
			return "", ctx.Err()
		}
	})
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout})
	it.Set("fetch", fetch)
	it.Exec(context.Background(), `
import asyncio
async def main():
    # both fetches run at once, each on its own goroutine
    print(await asyncio.gather(fetch('a'), fetch('b')))
asyncio.run(main())
`, "<async>")
	// Output: ['value of a', 'value of b']
}

func ExampleInterpreter_Submit() {
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout})
	busy := make(chan error, 1)
	it.Set("started", func() {
		go func() {
			// another goroutine: using the running interpreter directly fails...
			busy <- it.Set("message", "direct")
			// ...Submit runs the function on the interpreter's loop
			it.Submit(func() { it.Set("message", "hello from Go") })
		}()
	})
	it.Exec(context.Background(), `
import asyncio
message = None
async def main():
    started()
    while message is None:
        await asyncio.sleep(0.001)
    print(message)
asyncio.run(main())
`, "<submit>")
	fmt.Println(errors.Is(<-busy, pyasync.ErrBusy))
	// Output:
	// hello from Go
	// true
}

func ExampleNewModule() {
	store := map[string]string{"greeting": "hi"}
	kv := pyasync.NewModule("kv", map[string]any{
		"get":     func(k string) string { return store[k] },
		"put":     func(k, v string) { store[k] = v },
		"VERSION": "1.0",
	})
	// the module is importable by this interpreter only
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout, Modules: []*pyasync.Module{kv}})
	it.Exec(context.Background(), "import kv\nkv.put('answer', '42')\nprint(kv.VERSION, kv.get('greeting'))\n", "<mod>")
	fmt.Println(store["answer"])
	// Output:
	// 1.0 hi
	// 42
}

func ExampleError() {
	it := pyasync.New(pyasync.Options{})
	it.Set("load", func(name string) ([]byte, error) {
		return nil, fmt.Errorf("load %s: %w", name, fs.ErrNotExist)
	})
	err := it.Exec(context.Background(), "def main():\n    load('config.toml')\nmain()\n", "app.pya")
	var pe *pyasync.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.Type, "|", pe.Message)
		fmt.Print(pe.Traceback)
	}
	// the Go error that the Go function returned is still there
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// FileNotFoundError | load config.toml: file does not exist
	// Traceback (most recent call last):
	//   File "app.pya", line 3, in <module>
	//     main()
	//   File "app.pya", line 2, in main
	//     load('config.toml')
	// FileNotFoundError: load config.toml: file does not exist
	// true
}

func ExampleLimits() {
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout, Limits: pyasync.Limits{MaxSteps: 1_000_000}})
	// the script cannot catch the limit; finally blocks still run
	err := it.Exec(context.Background(), `
try:
    while True:
        pass
except BaseException:
    print('never printed')
finally:
    print('cleanup')
`, "<runaway>")
	var le *pyasync.LimitError
	fmt.Println(errors.As(err, &le), le.Limit)
	// the interpreter is usable again
	v, _ := it.Eval(context.Background(), "6 * 7")
	fmt.Println(v)
	// Output:
	// cleanup
	// true MaxSteps
	// 42
}

func ExampleInterpreter_Run_cancel() {
	it := pyasync.New(pyasync.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := it.Exec(ctx, "import time\ntime.sleep(60)\n", "<sleepy>")
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output: true
}

func ExampleCapability() {
	src := "import os\nprint(os.getenv('HOME') is not None)\n"
	for _, allow := range []pyasync.Capability{0, pyasync.AllowEnv} {
		it := pyasync.New(pyasync.Options{Stdout: os.Stdout, Allow: allow})
		if err := it.Exec(context.Background(), src, "<env>"); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// PermissionError: os.getenv('HOME'): not allowed by this interpreter (needs the env capability)
	// True
}

func ExampleStdlib() {
	// an interpreter without the socket module; others still have it
	var mods []*pyasync.Module
	for _, m := range pyasync.Stdlib() {
		if m.Name() != "socket" {
			mods = append(mods, m)
		}
	}
	it := pyasync.New(pyasync.Options{Stdout: os.Stdout, Stdlib: mods})
	err := it.Exec(context.Background(), "import json\nprint(json.dumps({'a': 1}))\nimport socket\n", "<app>")
	fmt.Println(err)
	// Output:
	// {"a": 1}
	// ModuleNotFoundError: No module named 'socket'
}

func ExamplePrepareFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	script, cache := filepath.Join(dir, "hi.pya"), filepath.Join(dir, "cache")
	os.WriteFile(script, []byte("print('hi')\n"), 0o644)
	for range 2 { // the second run's code comes from the cache
		// read the script and look it up in the cache before making the
		// interpreter; RunPrepared runs what was found
		p := pyasync.PrepareFile(cache, script)
		it := pyasync.New(pyasync.Options{Stdout: os.Stdout, Allow: pyasync.AllowAll, CodeCache: cache})
		if err := it.RunPrepared(context.Background(), p); err != nil {
			fmt.Print(pyasync.FormatError(err))
		}
	}
	// Output:
	// hi
	// hi
}
