package compiler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScopes checks which instruction each name gets: module names are
// globals, function locals are fast slots, captured names are cells and
// free variables, class bodies use the *_NAME family.
func TestScopes(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		qualname string
		want     string // a snippet of the listing of qualname
	}{
		{"module globals", "x = y\ndel x", "<module>", `
			LOAD_GLOBAL y
			STORE_GLOBAL x
			DELETE_GLOBAL x`},
		{"function locals and globals", "def f(a):\n b = a + g\n del b", "f", `
			LOAD_FAST a
			LOAD_GLOBAL g
			BINARY_OP +
			STORE_FAST b
			DELETE_FAST b`},
		{"global declaration", "def f():\n global x\n x = 1\n del x", "f", `
			LOAD_CONST 1
			STORE_GLOBAL x
			DELETE_GLOBAL x`},
		{"cell in the outer function", "def f():\n x = 1\n def g(): return x\n return g", "f", `
			MAKE_CELL x
			LOAD_CONST 1
			STORE_DEREF x
			LOAD_CLOSURE x
			BUILD_TUPLE 1
			LOAD_CONST <code object g, file "test.pya", line 3>
			LOAD_CONST 'f.<locals>.g'
			MAKE_FUNCTION closure
			STORE_FAST g`},
		{"free in the inner function", "def f():\n x = 1\n def g(): return x\n return g", "f.<locals>.g", `
			LOAD_DEREF x
			RETURN_VALUE`},
		{"captured parameter is copied into its cell", "def f(p):\n return lambda: p", "f", `
			MAKE_CELL p
			LOAD_FAST p
			STORE_DEREF p
			LOAD_CLOSURE p`},
		{"nonlocal", "def f():\n x = 0\n def g():\n  nonlocal x\n  x += 1\n  del x\n return g", "f.<locals>.g", `
			LOAD_DEREF x
			LOAD_CONST 1
			BINARY_OP +=
			STORE_DEREF x
			DELETE_DEREF x`},
		{"free variable passing through a middle function", "def f():\n x = 1\n def g():\n  def h(): return x\n  return h\n return g", "f.<locals>.g", `
			LOAD_CLOSURE x
			BUILD_TUPLE 1`},
		{"class body names", "class C:\n a = b\n del a", "C", `
			LOAD_NAME b
			STORE_NAME a
			DELETE_NAME a`},
		{"class body global declaration", "class C:\n global g\n g = 1", "C", `
			LOAD_CONST 1
			STORE_GLOBAL g`},
		{"class body free variable", "def f():\n x = 1\n class C:\n  y = x\n return C", "f.<locals>.C", `
			LOAD_CLASSDEREF x
			STORE_NAME y`},
		{"class scope is invisible to methods", "class C:\n x = 1\n def m(self): return x", "C.m", `
			LOAD_GLOBAL x`},
		{"method capturing the function's variable bound in the class too", "def f():\n x = 1\n class C:\n  x = 2\n  def m(self): return x\n return C", "f.<locals>.C", `
			LOAD_CONST 2
			STORE_NAME x
			LOAD_CLOSURE x
			BUILD_TUPLE 1`},
		{"implicit __class__ cell", "class C:\n def m(self): return super().m()", "C", `
			MAKE_CELL __class__
			LOAD_NAME __name__
			STORE_NAME __module__
			LOAD_CONST 'C'
			STORE_NAME __qualname__
			LOAD_CLOSURE __class__
			BUILD_TUPLE 1
			LOAD_CONST <code object m, file "test.pya", line 2>
			LOAD_CONST 'C.m'
			MAKE_FUNCTION closure
			STORE_NAME m
			LOAD_CLOSURE __class__
			COPY 1
			STORE_NAME __classcell__
			RETURN_VALUE`},
		{"__class__ free in the method", "class C:\n def m(self): return __class__", "C.m", `
			LOAD_DEREF __class__
			RETURN_VALUE`},
		{"class without __class__ use", "class C:\n def m(self): return 1", "C", `
			STORE_NAME m
			LOAD_CONST None
			RETURN_VALUE`},
		{"comprehension variables are local to it", "def f(xs):\n return [x for x in xs]", "f.<locals>.<listcomp>", `
			BUILD_LIST 0
			LOAD_FAST .0
			FOR_ITER
			STORE_FAST x
			LOAD_FAST x
			LIST_APPEND 2
			JUMP
			RETURN_VALUE`},
		{"outermost iterable evaluated in the enclosing scope", "class C:\n xs = [1]\n ys = [x for x in xs]", "C", `
			PUSH_NULL
			LOAD_CONST <code object <listcomp>, file "test.pya", line 3>
			LOAD_CONST 'C.<listcomp>'
			MAKE_FUNCTION 0
			LOAD_NAME xs
			GET_ITER
			CALL 1
			STORE_NAME ys`},
		{"walrus in a comprehension binds in the function", "def f(xs):\n [y := x for x in xs]\n return y", "f.<locals>.<listcomp>", `
			LOAD_FAST x
			COPY 1
			STORE_DEREF y
			LIST_APPEND 2`},
		{"walrus in a comprehension at module level binds a global", "[y := x for x in xs]", "<listcomp>", `
			COPY 1
			STORE_GLOBAL y`},
		{"lambda", "def f(k):\n return lambda a: a + k", "f.<locals>.<lambda>", `
			LOAD_FAST a
			LOAD_DEREF k
			BINARY_OP +
			RETURN_VALUE`},
		{"name mangling", "class C:\n __a = 1\n def m(self, __p): return self.__a + __g + __p + __d__", "C.m", `
			LOAD_FAST self
			LOAD_ATTR _C__a
			LOAD_GLOBAL _C__g
			BINARY_OP +
			LOAD_FAST _C__p`},
		{"mangled class attribute", "class C:\n __a = 1", "C", `STORE_NAME _C__a`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := compileSrc(t, tc.src)
			requireSnippet(t, listing(findCode(t, code, tc.qualname)), tc.want)
		})
	}
}

func TestCodeVariables(t *testing.T) {
	code := compileSrc(t, `
def f(a, b=1, /, c=2, *args, d, e=3, **kw):
    x = 1
    y = 2
    def g():
        return x + h
    return g
def outer():
    h = 1
    def mid():
        def inner():
            return h
        return inner
    return mid
`)
	f := findCode(t, code, "f")
	assert.Equal(t, []string{"a", "b", "c", "d", "e", "args", "kw", "y", "g"}, f.VarNames)
	assert.Equal(t, []string{"x"}, f.CellVars)
	assert.Empty(t, f.FreeVars)
	assert.Equal(t, 3, f.ArgCount)
	assert.Equal(t, 2, f.PosOnlyCount)
	assert.Equal(t, 2, f.KwOnlyCount)
	assert.Equal(t, FlagVarArgs|FlagVarKw, f.Flags)
	g := findCode(t, code, "f.<locals>.g")
	assert.Equal(t, []string{"x"}, g.FreeVars)
	assert.Equal(t, FlagNested, g.Flags)
	// The cell slot comes after the plain locals.
	requireSnippet(t, listing(f), "MAKE_CELL x")
	assert.Equal(t, MakeInstr(MAKE_CELL, len(f.VarNames)), f.Instrs[0])
	mid := findCode(t, code, "outer.<locals>.mid")
	assert.Equal(t, []string{"h"}, mid.FreeVars)
	assert.Equal(t, []string{"inner"}, mid.VarNames)
	assert.Equal(t, "h", mid.SlotName(1))
}

func TestQualnamesAndFlags(t *testing.T) {
	code := compileSrc(t, `
def f():
    def g(): pass
    class D: pass
    l = lambda: (lambda: 1)
    return [[y for y in x] for x in z]
class C:
    def m(self): pass
    l = [x for x in ()]
    class E:
        def n(self): pass
def h():
    global k
    def k(): pass
def gen(): yield 1
async def co(): pass
async def agen(): yield 1
genexp = (x for x in y)
async def co2():
    return [x async for x in y], (x async for x in y), (await x for x in y)
`)
	tests := []struct {
		qualname, name string
		flags          CodeFlags
	}{
		{"<module>", "<module>", FlagModule},
		{"f", "f", 0},
		{"f.<locals>.g", "g", FlagNested},
		{"f.<locals>.D", "D", FlagClassBody},
		{"f.<locals>.<lambda>", "<lambda>", FlagNested},
		{"f.<locals>.<lambda>.<locals>.<lambda>", "<lambda>", FlagNested},
		{"f.<locals>.<listcomp>", "<listcomp>", FlagNested},
		{"f.<locals>.<listcomp>.<listcomp>", "<listcomp>", FlagNested},
		{"C", "C", FlagClassBody},
		{"C.m", "m", 0},
		{"C.<listcomp>", "<listcomp>", 0},
		{"C.E", "E", FlagClassBody},
		{"C.E.n", "n", 0},
		{"k", "k", FlagNested},
		{"gen", "gen", FlagGenerator},
		{"co", "co", FlagCoroutine},
		{"agen", "agen", FlagAsyncGen},
		{"<genexpr>", "<genexpr>", FlagGenerator},
		{"co2.<locals>.<listcomp>", "<listcomp>", FlagCoroutine | FlagNested},
		{"co2.<locals>.<genexpr>", "<genexpr>", FlagAsyncGen | FlagNested},
	}
	for _, tc := range tests {
		c := findCode(t, code, tc.qualname)
		assert.Equal(t, tc.name, c.Name, tc.qualname)
		assert.Equal(t, tc.flags, c.Flags, "%s: %s", tc.qualname, c.Flags)
	}
	// Both genexps of co2 are async generators and neither is awaited.
	co2 := listing(findCode(t, code, "co2"))
	requireSnippet(t, co2, `
		GET_AITER
		CALL 1
		GET_AWAITABLE 0
		LOAD_CONST None
		SEND
		YIELD_VALUE
		JUMP`)
}

func TestDocstrings(t *testing.T) {
	code := compileSrc(t, "'mod doc'\ndef f():\n 'f doc'\n return 1\nclass C:\n 'C doc'\n")
	require.NotNil(t, code.Docstring)
	assert.Equal(t, "mod doc", *code.Docstring)
	requireSnippet(t, listing(code), `
		LOAD_CONST 'mod doc'
		STORE_GLOBAL __doc__`)
	f := findCode(t, code, "f")
	require.NotNil(t, f.Docstring)
	assert.Equal(t, "f doc", *f.Docstring)
	assert.Equal(t, []string{"LOAD_CONST 1", "RETURN_VALUE"}, listing(f)[:2])
	cls := findCode(t, code, "C")
	require.NotNil(t, cls.Docstring)
	requireSnippet(t, listing(cls), `
		STORE_NAME __qualname__
		LOAD_CONST 'C doc'
		STORE_NAME __doc__`)
	assert.Nil(t, findCode(t, compileSrc(t, "x = 1\n'not a docstring'\n"), "<module>").Docstring)
}
