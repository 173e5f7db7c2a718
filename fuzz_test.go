package pyasync_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pyasync/pyasync"
)

// FuzzRun runs arbitrary programs end to end. Nothing may panic, and no
// input may reach the VM's last-resort recovery ("internal error in
// pyasync"), which would mean a Go panic inside the interpreter. Programs
// run in the sandbox (no capability) under limits of time, memory and
// steps.
func FuzzRun(f *testing.F) {
	seeds := []string{
		"print(1 + 2)",
		"x = [i * i for i in range(10)]\nprint(x[::-1], x[2:5])",
		"def g():\n    yield from range(3)\n    return 7\nprint(list(g()))",
		"class A:\n    def __init__(self, v): self.v = v\n    def __repr__(self): return f'A({self.v!r})'\nprint(A(1), A('x'))",
		"try:\n    1/0\nexcept ZeroDivisionError as e:\n    print(e)\nfinally:\n    print('f')",
		"import asyncio\nasync def f(n):\n    await asyncio.sleep(0)\n    return n\nprint(asyncio.run(f(3)))",
		"d = {'a': 1}\nd.update(b=2)\nprint(sorted(d.items()), {1, 2} | {3})",
		"s = 'héllo'\nprint(s.upper(), s[1], s.encode(), '%s=%d' % ('x', 5), '{:>6.2f}'.format(3.14159))",
		"while True:\n    pass",
		"def f(n):\n    return f(n + 1)\nf(0)",
		"import json\nprint(json.dumps({'k': [1, 2.5, None]}), json.loads('[1, {\"a\": 2}]'))",
		"with open('/dev/null') as fh:\n    print(fh.read())",
		"a, *b = 1, 2, 3\nprint(a, b, 2 ** 100, -7 // 2, divmod(7, -2))",
		"for v in [1, [1, 2], {'k': 3}, 'x', (4, 5, 6)]:\n    match v:\n        case [a, *r] if r: print('seq', a, r)\n        case {'k': k, **rest}: print('map', k, rest)\n        case int(n) | str(n): print('one', n)\n        case _: print('other')",
		"try:\n    raise ExceptionGroup('g', [ValueError(1), TypeError(2)])\nexcept* ValueError as e:\n    print(repr(e))\nexcept* TypeError:\n    raise KeyError(3)",
		"print('\\N{EM DASH}', ExceptionGroup('m', [OSError()]).split(OSError))",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// the sandbox keeps the fuzzer away from the file system, the
		// network, processes and the environment; the limits stop
		// runaway programs (in loops, sleeps, builtins, allocations)
		var out bytes.Buffer
		it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &out, Stdin: strings.NewReader(""),
			Limits: pyasync.Limits{MaxDuration: 50 * time.Millisecond, MaxMemory: 256 << 20, MaxSteps: 5_000_000}})
		err := it.Exec(context.Background(), src, "<fuzz>")
		msg := out.String()
		if err != nil {
			msg += pyasync.FormatError(err)
		}
		if strings.Contains(msg, "internal error in pyasync") {
			t.Fatalf("internal error for %q:\n%s", src, msg)
		}
	})
}
