package compiler

import (
	"testing"
)

// TestStatements checks the instruction sequence of each statement kind.
func TestStatements(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		qualname string
		want     string
	}{
		{"expression statement", "f(1)", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL f
			LOAD_CONST 1
			CALL 1
			POP_TOP
			LOAD_CONST None
			RETURN_VALUE`},
		{"constant statement is dropped", "1\n'x'\n...", "<module>", `
			LOAD_CONST None
			RETURN_VALUE`},
		{"chained assignment", "a = b = c", "<module>", `
			LOAD_GLOBAL c
			COPY 1
			STORE_GLOBAL a
			STORE_GLOBAL b`},
		{"unpacking", "a, [b, c] = x", "<module>", `
			LOAD_GLOBAL x
			UNPACK_SEQUENCE 2
			STORE_GLOBAL a
			UNPACK_SEQUENCE 2
			STORE_GLOBAL b
			STORE_GLOBAL c`},
		{"starred unpacking", "a, *b, c, d = x", "<module>", `
			LOAD_GLOBAL x
			UNPACK_EX 1 before, 2 after
			STORE_GLOBAL a
			STORE_GLOBAL b
			STORE_GLOBAL c
			STORE_GLOBAL d`},
		{"swap assignment", "a, b = b, a", "<module>", `
			LOAD_GLOBAL b
			LOAD_GLOBAL a
			SWAP 2
			STORE_GLOBAL a
			STORE_GLOBAL b`},
		{"constant tuple assignment", "a, b = 1, 2", "<module>", `
			LOAD_CONST (1, 2)
			UNPACK_SEQUENCE 2`},
		{"attribute and subscript targets", "o.a = v\no[k] = v\no[1:2] = v", "<module>", `
			LOAD_GLOBAL v
			LOAD_GLOBAL o
			STORE_ATTR a
			LOAD_GLOBAL v
			LOAD_GLOBAL o
			LOAD_GLOBAL k
			STORE_SUBSCR
			LOAD_GLOBAL v
			LOAD_GLOBAL o
			LOAD_CONST 1
			LOAD_CONST 2
			BUILD_SLICE 2
			STORE_SUBSCR`},
		{"augmented name", "def f(x):\n x -= 1", "f", `
			LOAD_FAST x
			LOAD_CONST 1
			BINARY_OP -=
			STORE_FAST x`},
		{"augmented attribute", "o.a *= v", "<module>", `
			LOAD_GLOBAL o
			COPY 1
			LOAD_ATTR a
			LOAD_GLOBAL v
			BINARY_OP *=
			SWAP 2
			STORE_ATTR a`},
		{"augmented subscript", "o[k] //= v", "<module>", `
			LOAD_GLOBAL o
			LOAD_GLOBAL k
			COPY 2
			COPY 2
			BINARY_SUBSCR
			LOAD_GLOBAL v
			BINARY_OP //=
			SWAP 3
			SWAP 2
			STORE_SUBSCR`},
		{"annotated assignment at module level", "x: int = 1\ny: str", "<module>", `
			SETUP_ANNOTATIONS
			LOAD_CONST 1
			STORE_GLOBAL x
			LOAD_GLOBAL int
			LOAD_GLOBAL __annotations__
			LOAD_CONST 'x'
			STORE_SUBSCR
			LOAD_GLOBAL str
			LOAD_GLOBAL __annotations__
			LOAD_CONST 'y'
			STORE_SUBSCR`},
		{"annotated assignment in a class", "class C:\n x: int = 1", "C", `
			SETUP_ANNOTATIONS
			LOAD_CONST 1
			STORE_NAME x
			LOAD_NAME int
			LOAD_NAME __annotations__
			LOAD_CONST 'x'
			STORE_SUBSCR`},
		{"annotation not evaluated in a function", "def f():\n x: undefined = 1\n y: int", "f", `
			LOAD_CONST 1
			STORE_FAST x
			LOAD_CONST None
			RETURN_VALUE`},
		{"annotated attribute", "o.a: int", "<module>", `
			LOAD_GLOBAL o
			POP_TOP
			LOAD_GLOBAL int
			POP_TOP`},
		{"del", "del a, b.c, d[e], d[1:]", "<module>", `
			DELETE_GLOBAL a
			LOAD_GLOBAL b
			DELETE_ATTR c
			LOAD_GLOBAL d
			LOAD_GLOBAL e
			DELETE_SUBSCR
			LOAD_GLOBAL d
			LOAD_CONST 1
			LOAD_CONST None
			BUILD_SLICE 2
			DELETE_SUBSCR`},
		{"if elif else", "if a:\n f()\nelif not b:\n g()\nelse:\n h()", "<module>", `
			LOAD_GLOBAL a
			POP_JUMP_IF_FALSE
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			JUMP
			LOAD_GLOBAL b
			POP_JUMP_IF_TRUE
			PUSH_NULL
			LOAD_GLOBAL g`},
		{"if with and/or condition", "if a and (b or c):\n f()", "<module>", `
			LOAD_GLOBAL a
			POP_JUMP_IF_FALSE
			LOAD_GLOBAL b
			POP_JUMP_IF_TRUE
			LOAD_GLOBAL c
			POP_JUMP_IF_FALSE
			PUSH_NULL`},
		{"is None test", "if x is None:\n f()\nif x is not None:\n g()", "<module>", `
			LOAD_GLOBAL x
			POP_JUMP_IF_NOT_NONE
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			LOAD_GLOBAL x
			POP_JUMP_IF_NONE`},
		{"while else", "while a:\n f()\nelse:\n g()", "<module>", `
			LOAD_GLOBAL a
			POP_JUMP_IF_FALSE
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			JUMP
			PUSH_NULL
			LOAD_GLOBAL g`},
		{"while True has no test", "while True:\n f()", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			JUMP`},
		{"for else", "for x in y:\n f(x)\nelse:\n g()", "<module>", `
			LOAD_GLOBAL y
			GET_ITER
			FOR_ITER
			STORE_GLOBAL x
			PUSH_NULL
			LOAD_GLOBAL f
			LOAD_GLOBAL x
			CALL 1
			POP_TOP
			JUMP
			PUSH_NULL
			LOAD_GLOBAL g`},
		{"break pops the iterator", "for x in y:\n if x: break\n continue", "<module>", `
			FOR_ITER
			STORE_GLOBAL x
			LOAD_GLOBAL x
			POP_JUMP_IF_FALSE
			POP_TOP
			JUMP
			JUMP`},
		{"break in while", "while x:\n break", "<module>", `
			LOAD_GLOBAL x
			POP_JUMP_IF_FALSE
			JUMP`},
		{"raise forms", "def f():\n raise\n raise E\n raise E from c", "f", `
			RAISE_VARARGS 0`},
		{"raise with cause", "raise E(1) from c", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL E
			LOAD_CONST 1
			CALL 1
			LOAD_GLOBAL c
			RAISE_VARARGS 2`},
		{"assert", "assert x", "<module>", `
			LOAD_GLOBAL x
			POP_JUMP_IF_TRUE
			LOAD_ASSERTION_ERROR
			RAISE_VARARGS 1`},
		{"assert with message", "assert x, 'bad'", "<module>", `
			LOAD_GLOBAL x
			POP_JUMP_IF_TRUE
			PUSH_NULL
			LOAD_ASSERTION_ERROR
			LOAD_CONST 'bad'
			CALL 1
			RAISE_VARARGS 1`},
		{"import", "import a.b", "<module>", `
			LOAD_CONST 0
			LOAD_CONST None
			IMPORT_NAME a.b
			STORE_GLOBAL a`},
		{"import as", "import a.b.c as d", "<module>", `
			LOAD_CONST 0
			LOAD_CONST None
			IMPORT_NAME a.b.c
			IMPORT_FROM b
			SWAP 2
			POP_TOP
			IMPORT_FROM c
			SWAP 2
			POP_TOP
			STORE_GLOBAL d`},
		{"import in a function", "def f():\n import os", "f", `
			LOAD_CONST 0
			LOAD_CONST None
			IMPORT_NAME os
			STORE_FAST os`},
		{"from import", "from m import x as y, z", "<module>", `
			LOAD_CONST 0
			LOAD_CONST ('x', 'z')
			IMPORT_NAME m
			IMPORT_FROM x
			STORE_GLOBAL y
			IMPORT_FROM z
			STORE_GLOBAL z
			POP_TOP`},
		{"relative import", "from .. import x", "<module>", `
			LOAD_CONST 2
			LOAD_CONST ('x',)
			IMPORT_NAME ''
			IMPORT_FROM x
			STORE_GLOBAL x
			POP_TOP`},
		{"import star", "from .m import *", "<module>", `
			LOAD_CONST 1
			LOAD_CONST ('*',)
			IMPORT_NAME m
			IMPORT_STAR
			LOAD_CONST None`},
		{"global, nonlocal and pass emit nothing", "def f():\n global g\n pass", "f", `
			LOAD_CONST None
			RETURN_VALUE`},
		{"def with defaults, kwdefaults and annotations", "def f(a: int, b=1, *, c: str = 'x', **k) -> bool: pass", "<module>", `
			LOAD_CONST (1,)
			LOAD_CONST 'c'
			LOAD_CONST 'x'
			BUILD_MAP 1
			LOAD_CONST 'a'
			LOAD_GLOBAL int
			LOAD_CONST 'c'
			LOAD_GLOBAL str
			LOAD_CONST 'return'
			LOAD_GLOBAL bool
			BUILD_MAP 3
			LOAD_CONST <code object f, file "test.pya", line 1>
			LOAD_CONST 'f'
			MAKE_FUNCTION defaults, kwdefaults, annotations
			STORE_GLOBAL f`},
		{"decorators", "@a\n@b(1)\ndef f(): pass", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL a
			PUSH_NULL
			PUSH_NULL
			LOAD_GLOBAL b
			LOAD_CONST 1
			CALL 1
			LOAD_CONST <code object f, file "test.pya", line 1>
			LOAD_CONST 'f'
			MAKE_FUNCTION 0
			CALL 1
			CALL 1
			STORE_GLOBAL f`},
		{"class definition", "@d\nclass C(A, B, metaclass=M):\n pass", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL d
			PUSH_NULL
			LOAD_BUILD_CLASS
			LOAD_CONST <code object C, file "test.pya", line 1>
			LOAD_CONST 'C'
			MAKE_FUNCTION 0
			LOAD_CONST 'C'
			LOAD_GLOBAL A
			LOAD_GLOBAL B
			LOAD_GLOBAL M
			KW_NAMES ('metaclass',)
			CALL 5
			CALL 1
			STORE_GLOBAL C`},
		{"class with starred bases", "class C(*bs, **kw): pass", "<module>", `
			LOAD_CONST 'C'
			BUILD_LIST 2
			LOAD_GLOBAL bs
			LIST_EXTEND 1
			LIST_TO_TUPLE
			BUILD_MAP 0
			LOAD_GLOBAL kw
			DICT_MERGE 1
			CALL_FUNCTION_EX 1
			STORE_GLOBAL C`},
		{"return value", "def f(x):\n return x", "f", `
			LOAD_FAST x
			RETURN_VALUE`},
		{"bare return", "def f():\n return", "f", `
			LOAD_CONST None
			RETURN_VALUE`},
		{"return in a for loop pops the iterator", "def f(y):\n for x in y:\n  return x", "f", `
			STORE_FAST x
			LOAD_FAST x
			SWAP 2
			POP_TOP
			RETURN_VALUE`},
		{"return constant in a for loop", "def f(y):\n for x in y:\n  return 1", "f", `
			STORE_FAST x
			POP_TOP
			LOAD_CONST 1
			RETURN_VALUE`},
		{"try except", "try:\n f()\nexcept E as e:\n g(e)\nexcept:\n h()\nelse:\n k()", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			PUSH_NULL
			LOAD_GLOBAL k
			CALL 0
			POP_TOP
			JUMP
			PUSH_EXC_INFO
			LOAD_GLOBAL E
			CHECK_EXC_MATCH
			POP_JUMP_IF_FALSE
			STORE_GLOBAL e
			PUSH_NULL
			LOAD_GLOBAL g
			LOAD_GLOBAL e
			CALL 1
			POP_TOP
			POP_EXCEPT
			LOAD_CONST None
			STORE_GLOBAL e
			DELETE_GLOBAL e
			JUMP
			LOAD_CONST None
			STORE_GLOBAL e
			DELETE_GLOBAL e
			RERAISE
			POP_TOP
			PUSH_NULL
			LOAD_GLOBAL h
			CALL 0
			POP_TOP
			POP_EXCEPT
			JUMP
			SWAP 2
			POP_EXCEPT
			RERAISE
			LOAD_CONST None
			RETURN_VALUE`},
		{"no clause matched re-raises", "try:\n f()\nexcept E:\n pass", "<module>", `
			LOAD_GLOBAL E
			CHECK_EXC_MATCH
			POP_JUMP_IF_FALSE
			POP_TOP
			NOP
			POP_EXCEPT
			JUMP
			RERAISE
			SWAP 2
			POP_EXCEPT
			RERAISE`},
		{"unreachable handlers are dropped", "try:\n pass\nexcept E:\n f()", "<module>", `
			LOAD_CONST None
			RETURN_VALUE`},
		{"try finally", "try:\n f()\nfinally:\n g()", "<module>", `
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			PUSH_NULL
			LOAD_GLOBAL g
			CALL 0
			POP_TOP
			JUMP
			PUSH_EXC_INFO
			PUSH_NULL
			LOAD_GLOBAL g
			CALL 0
			POP_TOP
			RERAISE
			SWAP 2
			POP_EXCEPT
			RERAISE
			LOAD_CONST None
			RETURN_VALUE`},
		{"return through finally runs an inline copy", "def f():\n try:\n  return g()\n finally:\n  h()", "f", `
			PUSH_NULL
			LOAD_GLOBAL g
			CALL 0
			PUSH_NULL
			LOAD_GLOBAL h
			CALL 0
			POP_TOP
			RETURN_VALUE`},
		{"return from an except handler", "def f():\n try:\n  g()\n except E as e:\n  return e", "f", `
			STORE_FAST e
			LOAD_FAST e
			SWAP 2
			POP_EXCEPT
			LOAD_CONST None
			STORE_FAST e
			DELETE_FAST e
			RETURN_VALUE`},
		{"return from a finally handler", "def f():\n try:\n  g()\n finally:\n  return 1", "f", `
			PUSH_EXC_INFO
			POP_TOP
			POP_EXCEPT
			LOAD_CONST 1
			RETURN_VALUE`},
		{"break through finally", "for x in y:\n try:\n  break\n finally:\n  f()", "<module>", `
			STORE_GLOBAL x
			NOP
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			POP_TOP
			JUMP`},
		{"continue in an except handler", "for x in y:\n try:\n  f()\n except:\n  continue", "<module>", `
			PUSH_EXC_INFO
			POP_TOP
			POP_EXCEPT
			JUMP`},
		{"with", "with a as b:\n f()", "<module>", `
			LOAD_GLOBAL a
			BEFORE_WITH
			STORE_GLOBAL b
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			POP_TOP
			PUSH_NULL
			SWAP 2
			LOAD_CONST None
			LOAD_CONST None
			LOAD_CONST None
			CALL 3
			POP_TOP
			JUMP
			PUSH_EXC_INFO
			WITH_EXCEPT_START
			POP_JUMP_IF_TRUE
			RERAISE
			SWAP 2
			POP_EXCEPT
			RERAISE
			POP_TOP
			POP_EXCEPT
			POP_TOP
			LOAD_CONST None
			RETURN_VALUE`},
		{"with several items nests", "with a, b as (c, d):\n pass", "<module>", `
			LOAD_GLOBAL a
			BEFORE_WITH
			POP_TOP
			LOAD_GLOBAL b
			BEFORE_WITH
			UNPACK_SEQUENCE 2
			STORE_GLOBAL c
			STORE_GLOBAL d
			NOP
			PUSH_NULL
			SWAP 2`},
		{"return inside with calls exit", "def f():\n with a:\n  return g()", "f", `
			PUSH_NULL
			LOAD_GLOBAL g
			CALL 0
			SWAP 2
			PUSH_NULL
			SWAP 2
			LOAD_CONST None
			LOAD_CONST None
			LOAD_CONST None
			CALL 3
			POP_TOP
			RETURN_VALUE`},
		{"yield", "def f():\n x = yield 1\n yield", "f", `
			LOAD_CONST 1
			YIELD_VALUE
			STORE_FAST x
			LOAD_CONST None
			YIELD_VALUE
			POP_TOP`},
		{"yield from", "def f():\n return (yield from g())", "f", `
			PUSH_NULL
			LOAD_GLOBAL g
			CALL 0
			GET_YIELD_FROM_ITER
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			RETURN_VALUE`},
		{"await", "async def f():\n return await g()", "f", `
			PUSH_NULL
			LOAD_GLOBAL g
			CALL 0
			GET_AWAITABLE 0
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			RETURN_VALUE`},
		{"async generator yield", "async def f():\n yield 1", "f", `
			LOAD_CONST 1
			ASYNC_GEN_WRAP
			YIELD_VALUE
			POP_TOP`},
		{"async for", "async def f():\n async for x in y:\n  g(x)\n else:\n  h()", "f", `
			LOAD_GLOBAL y
			GET_AITER
			GET_ANEXT
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			STORE_FAST x
			PUSH_NULL
			LOAD_GLOBAL g
			LOAD_FAST x
			CALL 1
			POP_TOP
			JUMP
			END_ASYNC_FOR
			PUSH_NULL
			LOAD_GLOBAL h`},
		{"async with", "async def f():\n async with a as b:\n  pass", "f", `
			LOAD_GLOBAL a
			BEFORE_ASYNC_WITH
			GET_AWAITABLE __aenter__
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			STORE_FAST b
			NOP
			PUSH_NULL
			SWAP 2
			LOAD_CONST None
			LOAD_CONST None
			LOAD_CONST None
			CALL 3
			GET_AWAITABLE __aexit__
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			POP_TOP
			JUMP
			PUSH_EXC_INFO
			WITH_EXCEPT_START
			GET_AWAITABLE __aexit__
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			POP_JUMP_IF_TRUE
			RERAISE`},
		{"return inside async with awaits exit", "async def f():\n async with a:\n  return 1", "f", `
			POP_TOP
			PUSH_NULL
			SWAP 2
			LOAD_CONST None
			LOAD_CONST None
			LOAD_CONST None
			CALL 3
			GET_AWAITABLE __aexit__
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			POP_TOP
			LOAD_CONST 1
			RETURN_VALUE`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := compileSrc(t, tc.src)
			requireSnippet(t, listing(findCode(t, code, tc.qualname)), tc.want)
		})
	}
}

// TestExpressions checks the instruction sequences of expressions.
func TestExpressions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"constants", "x = (None, True, 1, -2, 1.5, -0.0, 'a', b'b', ..., (1e16,))", `
			LOAD_CONST (None, True, 1, -2, 1.5, -0.0, 'a', b'b', Ellipsis, (1e+16,))
			STORE_GLOBAL x`},
		{"non-constant tuple", "x = (1, a)", `
			LOAD_CONST 1
			LOAD_GLOBAL a
			BUILD_TUPLE 2`},
		{"big int", "x = 123456789012345678901234567890", `LOAD_CONST 123456789012345678901234567890`},
		{"negated int64 minimum", "x = -9223372036854775808", `LOAD_CONST -9223372036854775808`},
		{"binary and unary", "x = -a + ~b * +c % d @ e", `
			LOAD_GLOBAL a
			UNARY_NEGATIVE
			LOAD_GLOBAL b
			UNARY_INVERT
			LOAD_GLOBAL c
			UNARY_POSITIVE
			BINARY_OP *
			LOAD_GLOBAL d
			BINARY_OP %
			LOAD_GLOBAL e
			BINARY_OP @
			BINARY_OP +`},
		{"comparisons", "x = (a == b, a != b, a < b, a <= b, a > b, a >= b, a is b, a is not b, a in b, a not in b)", `
			COMPARE_OP ==
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			COMPARE_OP !=
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			COMPARE_OP <
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			COMPARE_OP <=
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			COMPARE_OP >
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			COMPARE_OP >=
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			IS_OP is
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			IS_OP is not
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			CONTAINS_OP in
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			CONTAINS_OP not in
			BUILD_TUPLE 10`},
		{"chained comparison", "x = a < b <= c", `
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			SWAP 2
			COPY 2
			COMPARE_OP <
			JUMP_IF_FALSE_OR_POP
			LOAD_GLOBAL c
			COMPARE_OP <=
			JUMP
			SWAP 2
			POP_TOP
			STORE_GLOBAL x`},
		{"bool ops", "x = a and b and c or d", `
			LOAD_GLOBAL a
			JUMP_IF_FALSE_OR_POP
			LOAD_GLOBAL b
			JUMP_IF_FALSE_OR_POP
			LOAD_GLOBAL c
			JUMP_IF_TRUE_OR_POP
			LOAD_GLOBAL d
			STORE_GLOBAL x`},
		{"not", "x = not a", `
			LOAD_GLOBAL a
			UNARY_NOT`},
		{"conditional expression", "x = a if b else c", `
			LOAD_GLOBAL b
			POP_JUMP_IF_FALSE
			LOAD_GLOBAL a
			JUMP
			LOAD_GLOBAL c
			STORE_GLOBAL x`},
		{"walrus", "if (n := f()) > 1: pass", `
			PUSH_NULL
			LOAD_GLOBAL f
			CALL 0
			COPY 1
			STORE_GLOBAL n
			LOAD_CONST 1
			COMPARE_OP >
			POP_JUMP_IF_FALSE`},
		{"attribute and subscript", "x = a.b[c][1:2][::3][d, 1:]", `
			LOAD_GLOBAL a
			LOAD_ATTR b
			LOAD_GLOBAL c
			BINARY_SUBSCR
			LOAD_CONST 1
			LOAD_CONST 2
			BUILD_SLICE 2
			BINARY_SUBSCR
			LOAD_CONST None
			LOAD_CONST None
			LOAD_CONST 3
			BUILD_SLICE 3
			BINARY_SUBSCR
			LOAD_GLOBAL d
			LOAD_CONST 1
			LOAD_CONST None
			BUILD_SLICE 2
			BUILD_TUPLE 2
			BINARY_SUBSCR`},
		{"constant tuple index", "x = a[1, 2]", `
			LOAD_GLOBAL a
			LOAD_CONST (1, 2)
			BINARY_SUBSCR`},
		{"call with keywords", "f(1, x=2, y=3)", `
			PUSH_NULL
			LOAD_GLOBAL f
			LOAD_CONST 1
			LOAD_CONST 2
			LOAD_CONST 3
			KW_NAMES ('x', 'y')
			CALL 3`},
		{"method call", "o.m(1, k=2)", `
			LOAD_GLOBAL o
			LOAD_METHOD m
			LOAD_CONST 1
			LOAD_CONST 2
			KW_NAMES ('k',)
			CALL 2
			POP_TOP`},
		{"starred call", "f(*a)", `
			PUSH_NULL
			LOAD_GLOBAL f
			LOAD_GLOBAL a
			CALL_FUNCTION_EX 0`},
		{"starred call with others", "f(1, *a, 2, x=3, **k, y=4)", `
			PUSH_NULL
			LOAD_GLOBAL f
			LOAD_CONST 1
			BUILD_LIST 1
			LOAD_GLOBAL a
			LIST_EXTEND 1
			LOAD_CONST 2
			LIST_APPEND 1
			LIST_TO_TUPLE
			LOAD_CONST 'x'
			LOAD_CONST 3
			BUILD_MAP 1
			LOAD_GLOBAL k
			DICT_MERGE 1
			LOAD_CONST 'y'
			LOAD_CONST 4
			BUILD_MAP 1
			DICT_MERGE 1
			CALL_FUNCTION_EX 1`},
		{"double-starred call", "f(a, **k)", `
			PUSH_NULL
			LOAD_GLOBAL f
			LOAD_GLOBAL a
			BUILD_TUPLE 1
			BUILD_MAP 0
			LOAD_GLOBAL k
			DICT_MERGE 1
			CALL_FUNCTION_EX 1`},
		{"method call with star is a plain call", "o.m(*a)", `
			PUSH_NULL
			LOAD_GLOBAL o
			LOAD_ATTR m
			LOAD_GLOBAL a
			CALL_FUNCTION_EX 0`},
		{"displays", "x = [a, b], {a, b}, {a: b, **c, 1: 2}, (a, b)", `
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			BUILD_LIST 2
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			BUILD_SET 2
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			BUILD_MAP 1
			LOAD_GLOBAL c
			DICT_UPDATE 1
			LOAD_CONST 1
			LOAD_CONST 2
			BUILD_MAP 1
			DICT_UPDATE 1
			LOAD_GLOBAL a
			LOAD_GLOBAL b
			BUILD_TUPLE 2
			BUILD_TUPLE 4`},
		{"constant list", "x = [1, 2, 3]", `
			BUILD_LIST 0
			LOAD_CONST (1, 2, 3)
			LIST_EXTEND 1`},
		{"starred displays", "x = [*a, b], (a, *b), {*a}", `
			BUILD_LIST 0
			LOAD_GLOBAL a
			LIST_EXTEND 1
			LOAD_GLOBAL b
			LIST_APPEND 1
			LOAD_GLOBAL a
			BUILD_LIST 1
			LOAD_GLOBAL b
			LIST_EXTEND 1
			LIST_TO_TUPLE
			BUILD_SET 0
			LOAD_GLOBAL a
			SET_UPDATE 1`},
		{"empty displays", "x = [], {}, (), set()", `
			BUILD_LIST 0
			BUILD_MAP 0
			LOAD_CONST ()`},
		{"f-string", "x = f'a{b!r:>{w}}c{d}'", `
			LOAD_CONST 'a'
			LOAD_GLOBAL b
			LOAD_CONST '>'
			LOAD_GLOBAL w
			FORMAT_VALUE 0
			BUILD_STRING 2
			FORMAT_VALUE repr, with format
			LOAD_CONST 'c'
			LOAD_GLOBAL d
			FORMAT_VALUE 0
			BUILD_STRING 4
			STORE_GLOBAL x`},
		{"f-string conversions", "x = f'{a!s}{b!a}{c}'", `
			LOAD_GLOBAL a
			FORMAT_VALUE str
			LOAD_GLOBAL b
			FORMAT_VALUE ascii
			LOAD_GLOBAL c
			FORMAT_VALUE 0
			BUILD_STRING 3`},
		{"single-field f-string", "x = f'{a:x}'", `
			LOAD_GLOBAL a
			LOAD_CONST 'x'
			FORMAT_VALUE with format
			STORE_GLOBAL x`},
		{"lambda with defaults", "f = lambda a, b=1, *, c=2: a", `
			LOAD_CONST (1,)
			LOAD_CONST 'c'
			LOAD_CONST 2
			BUILD_MAP 1
			LOAD_CONST <code object <lambda>, file "test.pya", line 1>
			LOAD_CONST '<lambda>'
			MAKE_FUNCTION defaults, kwdefaults
			STORE_GLOBAL f`},
		{"generator expression", "x = sum(i for i in y)", `
			PUSH_NULL
			LOAD_GLOBAL sum
			PUSH_NULL
			LOAD_CONST <code object <genexpr>, file "test.pya", line 1>
			LOAD_CONST '<genexpr>'
			MAKE_FUNCTION 0
			LOAD_GLOBAL y
			GET_ITER
			CALL 1
			CALL 1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := compileSrc(t, tc.src)
			requireSnippet(t, listing(code), tc.want)
		})
	}
}

func TestComprehensions(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		qualname string
		want     string
	}{
		{"nested fors and ifs", "x = [a + b for a in A if a for b in B if b if a < b]", "<listcomp>", `
			BUILD_LIST 0
			LOAD_FAST .0
			FOR_ITER
			STORE_FAST a
			LOAD_FAST a
			POP_JUMP_IF_FALSE
			LOAD_GLOBAL B
			GET_ITER
			FOR_ITER
			STORE_FAST b
			LOAD_FAST b
			POP_JUMP_IF_FALSE
			LOAD_FAST a
			LOAD_FAST b
			COMPARE_OP <
			POP_JUMP_IF_FALSE
			LOAD_FAST a
			LOAD_FAST b
			BINARY_OP +
			LIST_APPEND 3
			JUMP
			JUMP
			RETURN_VALUE`},
		{"set comprehension", "x = {a for a in A}", "<setcomp>", `
			BUILD_SET 0
			LOAD_FAST .0
			FOR_ITER
			STORE_FAST a
			LOAD_FAST a
			SET_ADD 2`},
		{"dict comprehension", "x = {k: v for k, v in A}", "<dictcomp>", `
			BUILD_MAP 0
			LOAD_FAST .0
			FOR_ITER
			UNPACK_SEQUENCE 2
			STORE_FAST k
			STORE_FAST v
			LOAD_FAST k
			LOAD_FAST v
			MAP_ADD 2`},
		{"generator expression", "x = (a for a in A for b in a)", "<genexpr>", `
			LOAD_FAST .0
			FOR_ITER
			STORE_FAST a
			LOAD_FAST a
			GET_ITER
			FOR_ITER
			STORE_FAST b
			LOAD_FAST a
			YIELD_VALUE
			POP_TOP
			JUMP
			JUMP
			LOAD_CONST None
			RETURN_VALUE`},
		{"async comprehension", "async def f():\n return [a async for a in A]", "f.<locals>.<listcomp>", `
			BUILD_LIST 0
			LOAD_FAST .0
			GET_ANEXT
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			STORE_FAST a
			LOAD_FAST a
			LIST_APPEND 2
			JUMP
			END_ASYNC_FOR
			RETURN_VALUE`},
		{"async comprehension is awaited", "async def f():\n return [a async for a in A]", "f", `
			LOAD_GLOBAL A
			GET_AITER
			CALL 1
			GET_AWAITABLE 0
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			RETURN_VALUE`},
		{"await in a comprehension makes it async", "async def f():\n return [await a for a in A]", "f.<locals>.<listcomp>", `
			FOR_ITER
			STORE_FAST a
			LOAD_FAST a
			GET_AWAITABLE 0
			LOAD_CONST None
			SEND
			YIELD_VALUE
			JUMP
			LIST_APPEND 2`},
		{"async generator expression wraps its yields", "async def f():\n return (a async for a in A)", "f.<locals>.<genexpr>", `
			STORE_FAST a
			LOAD_FAST a
			ASYNC_GEN_WRAP
			YIELD_VALUE
			POP_TOP`},
		{"inner async for", "async def f():\n return [b for a in A async for b in a]", "f.<locals>.<listcomp>", `
			STORE_FAST a
			LOAD_FAST a
			GET_AITER
			GET_ANEXT`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := compileSrc(t, tc.src)
			requireSnippet(t, listing(findCode(t, code, tc.qualname)), tc.want)
		})
	}
}
