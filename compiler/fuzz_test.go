package compiler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

var fuzzSeeds = []string{
	"x = 1\n",
	"def f(a, b=1, *c, d, **e):\n    return a + b\n",
	"class C(B):\n    x: int = 1\n    def m(self):\n        return super().m()\n",
	"for i in range(3):\n    if i:\n        break\n    continue\nelse:\n    pass\n",
	"while x:\n    try:\n        f()\n    except E as e:\n        continue\n    finally:\n        break\n",
	"with a as b, c:\n    return 1\n",
	"async def f():\n    async with a:\n        async for x in y:\n            await x\n    return [z async for z in w]\n",
	"def g():\n    x = yield 1\n    yield from h()\n    return x\n",
	"f(*a, **k)\nx = [*a, *b]\ny = {**a, 'b': 1}\nz = f'{a!r:>{w}}'\n",
	"def f():\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n        return lambda: x\n    return g\n",
	"a, *b, c = d\nx[1:2, ::3] += 4\ndel a, b.c, d[e]\n",
	"import a.b as c\nfrom . import d\nfrom m import *\n",
	"assert x, 'msg'\nraise E from None\n",
	"try:\n    pass\nexcept (A, B):\n    raise\nelse:\n    x = 1\nfinally:\n    y = 2\n",
	"x = a if b else c\ny = a < b <= c\nz = not a and b or c\n",
	"[(y := x) for x in z]\n{k: v for k, v in d.items() if k}\n(x for x in y for z in x)\n",
	"match p:\n    case [1, *r] | (2, *r) if r:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case C(1, y=[_, 2]) as c:\n        pass\n    case -1 | 1.5 | None | a.b:\n        pass\n    case _:\n        pass\n",
	"def f(x):\n    match x:\n        case (a, b) | [b, a]:\n            return a\n        case str() | bytes():\n            return x\n",
	"try:\n    pass\nexcept* (A, B) as e:\n    raise X\nexcept* C:\n    pass\nelse:\n    x = 1\nfinally:\n    y = 2\n",
}

// FuzzCompile parses arbitrary input with pyasync's parser and compiles what
// it accepts: the compiler must not panic, must report only SyntaxErrors,
// never an internal compiler error, and every code object it produces must
// pass the stack-depth verifier.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	files, _ := filepath.Glob("../../shared/conformance/cases/*.pya")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(string(src))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		mod, err := parser.Parse("fuzz.pya", []byte(src))
		if err != nil || mod == nil {
			return
		}
		for _, interactive := range []bool{false, true} {
			code, err := Compile(mod, Options{Filename: "fuzz.pya", Source: []byte(src), Interactive: interactive})
			if err != nil {
				se, ok := err.(*ast.SyntaxError)
				if !ok {
					t.Fatalf("error of type %T: %v", err, err)
				}
				if strings.Contains(se.Msg, "internal compiler error") {
					t.Fatalf("%v\nsource:\n%s", se.Msg, src)
				}
				continue
			}
			if err := code.Verify(); err != nil {
				t.Fatalf("verify: %v\nsource:\n%s", err, src)
			}
		}
	})
}
