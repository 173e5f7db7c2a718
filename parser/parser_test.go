package parser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
)

func mustParse(t *testing.T, src string) *ast.Module {
	t.Helper()
	m, err := Parse("t.pya", []byte(src))
	require.NoError(t, err, "%q", src)
	return m
}

// TestGoldenTrees compares the parse corpus with CPython's trees, committed
// as testdata/parse/*.golden (regenerate with testdata/gen_golden.sh).
func TestGoldenTrees(t *testing.T) {
	files, _ := filepath.Glob("testdata/parse/*.py")
	require.NotEmpty(t, files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		want, err := os.ReadFile(strings.TrimSuffix(f, ".py") + ".golden")
		require.NoError(t, err)
		m, err := Parse(f, src)
		require.NoError(t, err, f)
		assert.Equal(t, strings.TrimSpace(string(want)), dump(m, true), f)
	}
}

// TestShapes checks a few trees directly (positions left out).
func TestShapes(t *testing.T) {
	tests := []struct{ src, want string }{
		{"-2**2", "ExprStmt(Value=UnaryOp(Op=-, Operand=BinOp(Left=Int(Value=2), Op=**, Right=Int(Value=2))))"},
		{"2**-1", "ExprStmt(Value=BinOp(Left=Int(Value=2), Op=**, Right=UnaryOp(Op=-, Operand=Int(Value=1))))"},
		{"a - b - c", "ExprStmt(Value=BinOp(Left=BinOp(Left=Name(Id='a'), Op=-, Right=Name(Id='b')), Op=-, Right=Name(Id='c')))"},
		{"a < b < c", "ExprStmt(Value=Compare(Left=Name(Id='a'), Ops=[<, <], Comparators=[Name(Id='b'), Name(Id='c')]))"},
		{"a not in b is not c", "ExprStmt(Value=Compare(Left=Name(Id='a'), Ops=[not in, is not], Comparators=[Name(Id='b'), Name(Id='c')]))"},
		{"x = yield y", "Assign(Targets=[Name(Id='x')], Value=Yield(Value=Name(Id='y')))"},
		{`f"{x=}"`, "ExprStmt(Value=JoinedStr(Values=[Str(Value='x='), FormattedValue(Value=Name(Id='x'), Conversion=114, Spec=None)]))"},
		{`f"{x = }"`, "ExprStmt(Value=JoinedStr(Values=[Str(Value='x = '), FormattedValue(Value=Name(Id='x'), Conversion=114, Spec=None)]))"},
		{`f"{x=:.2f}"`, "ExprStmt(Value=JoinedStr(Values=[Str(Value='x='), FormattedValue(Value=Name(Id='x'), Conversion=-1, Spec=JoinedStr(Values=[Str(Value='.2f')]))]))"},
		{`f"{x=!s}"`, "ExprStmt(Value=JoinedStr(Values=[Str(Value='x='), FormattedValue(Value=Name(Id='x'), Conversion=115, Spec=None)]))"},
		{`f"{n + 1 = }"`, "ExprStmt(Value=JoinedStr(Values=[Str(Value='n + 1 = '), FormattedValue(Value=BinOp(Left=Name(Id='n'), Op=+, Right=Int(Value=1)), Conversion=114, Spec=None)]))"},
		{`"a" f"b{c}" "d"`, "ExprStmt(Value=JoinedStr(Values=[Str(Value='ab'), FormattedValue(Value=Name(Id='c'), Conversion=-1, Spec=None), Str(Value='d')]))"},
		{`b"a" b"\xff"`, "ExprStmt(Value=Bytes(Value=61ff))"},
		{`'\N{BULLET}'`, "ExprStmt(Value=Str(Value='•'))"},
		{`'\N{bogus}'`, ""},
		{"match = 1", "Assign(Targets=[Name(Id='match')], Value=Int(Value=1))"},
		{"match(x)", "ExprStmt(Value=Call(Func=Name(Id='match'), Args=[Name(Id='x')], Keywords=[]))"},
		{"a[1:2, ::3]", "ExprStmt(Value=Subscript(Value=Name(Id='a'), Index=Tuple(Elts=[Slice(Lower=Int(Value=1), Upper=Int(Value=2), Step=None), Slice(Lower=None, Upper=None, Step=Int(Value=3))])))"},
		{"f(x for x in y)", "ExprStmt(Value=Call(Func=Name(Id='f'), Args=[GeneratorExp(Elt=Name(Id='x'), Generators=[Comprehension(Target=Name(Id='x'), Iter=Name(Id='y'), Ifs=[], IsAsync=False)])], Keywords=[]))"},
		{"x = 123456789012345678901234567890", "Assign(Targets=[Name(Id='x')], Value=Int(Value=123456789012345678901234567890))"},
	}
	for _, tt := range tests {
		m, err := Parse("t", []byte(tt.src))
		if tt.want == "" {
			require.Error(t, err, tt.src)
			continue
		}
		require.NoError(t, err, tt.src)
		require.Len(t, m.Body, 1)
		assert.Equal(t, tt.want, dump(m.Body[0], false), tt.src)
	}
}

func TestPositionsOfNodes(t *testing.T) {
	m := mustParse(t, "if x:\n    y = (a) + b\n")
	assert.Equal(t, "If@1:1(Test=Name@1:4(Id='x'), Body=[Assign@2:5(Targets=[Name@2:5(Id='y')], Value=BinOp@2:9(Left=Name@2:10(Id='a'), Op=+, Right=Name@2:15(Id='b')))], OrElse=[])", dump(m.Body[0], true))
}

func TestSyntaxErrorDetails(t *testing.T) {
	_, err := Parse("prog.pya", []byte("x = 1\ny = = 2\n"))
	var se *ast.SyntaxError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, "SyntaxError", se.Kind)
	assert.Equal(t, "prog.pya", se.Filename)
	assert.Equal(t, ast.Pos{Line: 2, Col: 5}, se.Pos)
	assert.Equal(t, "y = = 2", se.Text)
	assert.Equal(t, "  File \"prog.pya\", line 2\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n", se.Format())
}

func TestIsIncomplete(t *testing.T) {
	incomplete := []string{
		"if x:", "if x:\n", "def f():\n", "class A:\n    def f(self):\n", "x = (1,", "x = [\n", "s = '''abc",
		"a = 1 \\", "try:\n    pass\n", "@dec\n", "for x in y:\n", "f(a,\n  b", "x = {1: 2,",
	}
	for _, src := range incomplete {
		_, err := Parse("<stdin>", []byte(src))
		require.Error(t, err, src)
		assert.True(t, IsIncomplete(err), "%q: %v", src, err)
	}
	complete := []string{"x = 1 +", "x = = 1", "if x\n", ")", "s = 'abc", "x = 1 if y", "def f(:\n  pass\n"}
	for _, src := range complete {
		_, err := Parse("<stdin>", []byte(src))
		require.Error(t, err, src)
		assert.False(t, IsIncomplete(err), "%q: %v", src, err)
	}
	assert.False(t, IsIncomplete(nil))
	assert.False(t, IsIncomplete(errors.New("x")))
}

func TestParseExpr(t *testing.T) {
	e, err := ParseExpr("<eval>", []byte("  1 + 2 * x"))
	require.NoError(t, err)
	assert.Equal(t, "BinOp(Left=Int(Value=1), Op=+, Right=BinOp(Left=Int(Value=2), Op=*, Right=Name(Id='x')))", dump(e, false))
	e, err = ParseExpr("<eval>", []byte("a, [*b]"))
	require.NoError(t, err)
	assert.Equal(t, "Tuple(Elts=[Name(Id='a'), List(Elts=[Starred(Value=Name(Id='b'))])])", dump(e, false))
	e, err = ParseExpr("<eval>", []byte("(1,\n 2)\n"))
	require.NoError(t, err)
	assert.Equal(t, "Tuple(Elts=[Int(Value=1), Int(Value=2)])", dump(e, false))
	// eval's grammar has no starred items (python3: invalid syntax at '*')
	for _, bad := range []string{"", "x = 1", "1 +", "if x: pass", "1\n2", "a, *b", "*a"} {
		_, err := ParseExpr("<eval>", []byte(bad))
		var se *ast.SyntaxError
		assert.True(t, errors.As(err, &se), "%q: %v", bad, err)
	}
}

func TestConcurrentParse(t *testing.T) {
	src, err := os.ReadFile("testdata/bench.py")
	require.NoError(t, err)
	want := dump(mustParse(t, string(src)), true)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				m, err := Parse("bench.py", src)
				if err != nil {
					t.Error(err)
					return
				}
				if got := dump(m, true); got != want {
					t.Error("concurrent parse differs")
					return
				}
				if _, err := Parse("bad.py", []byte("x = = 1")); err == nil {
					t.Error("expected an error")
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		"x = 1\n", "if x:\n    y\nelse:\n    z\n", "def f(a, /, b=1, *c, d, **e) -> int:\n    return a\n",
		"class A(B, metaclass=M):\n    x: int = 1\n", "f'{x!r:>{w}} {y=}'", "async def f():\n    async with a as b:\n        await c\n",
		"[x for x in y if z]", "{k: v for k, v in d.items()}", "lambda *a, **k: (a, k)", "a[1:2, ::3]",
		"try:\n    pass\nexcept (A, B) as e:\n    raise X from e\nfinally:\n    pass\n",
		"with (a as b, c as d):\n    pass\n", "from ..pkg import (a, b as c,)\n", "x = yield from g()",
		"match x:\n    case 1: pass\n", "print 'x'",
		"match p:\n    case [1, *r] | (2, *r) if r: pass\n    case {'k': v, **kw}: pass\n    case C(1, y=[_, 2]) as c: pass\n    case -1 | 1+2j | None | a.b: pass\n    case _: pass\n",
		"try:\n    pass\nexcept* (A, B) as e:\n    pass\nexcept* C:\n    pass\n", "# coding: latin-1\nx = '\xe9'\n", "'\\N{EM DASH}'", "\ufeffx = 1\n", "f(a=1, b)", "x = (1,", "x if y", "del f()",
		"@d\ndef f(): pass", "global a, b", "a, *b = c", "x += 1", "(a := 1)", "not a and b or c",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	if files, _ := filepath.Glob("testdata/parse/*.py"); len(files) > 0 {
		for _, fn := range files {
			if b, err := os.ReadFile(fn); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		m, err := Parse("fuzz.pya", []byte(src))
		if err != nil {
			var se *ast.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, not *ast.SyntaxError", err)
			}
			if se.Pos.Line < 1 || se.Pos.Col < 1 || se.Msg == "" {
				t.Fatalf("bad error %#v", se)
			}
			_ = se.Format()
			return
		}
		if m == nil {
			t.Fatal("nil module without error")
		}
		_ = dump(m, true)
		_, _ = ParseExpr("fuzz", []byte(src))
	})
}
