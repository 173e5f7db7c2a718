package compiler

import (
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/internal/corpus"
)

func TestInteractive(t *testing.T) {
	code, err := compileOpts(t, "1 + 1\nif x:\n    x\ndef f():\n    x\n", Options{Interactive: true})
	require.NoError(t, err)
	require.NoError(t, code.Verify())
	assert.Equal(t, FlagModule, code.Flags)
	requireSnippet(t, listing(code), `
		LOAD_CONST 1
		LOAD_CONST 1
		BINARY_OP +
		PRINT_EXPR
		LOAD_GLOBAL x
		POP_JUMP_IF_FALSE
		LOAD_GLOBAL x
		PRINT_EXPR`)
	// Only module-level expression statements print.
	requireSnippet(t, listing(findCode(t, code, "f")), `
		LOAD_GLOBAL x
		POP_TOP`)
	// A string is not a docstring in the REPL.
	code, err = compileOpts(t, "'s'\n", Options{Interactive: true})
	require.NoError(t, err)
	assert.Nil(t, code.Docstring)
	requireSnippet(t, listing(code), `
		LOAD_CONST 's'
		PRINT_EXPR`)
}

func TestTopLevelAwait(t *testing.T) {
	for _, src := range []string{
		"x = await f()",
		"async for i in y:\n    pass",
		"async with a:\n    pass",
		"x = [i async for i in y]",
		"x = [await i for i in y]",
	} {
		t.Run(src, func(t *testing.T) {
			code, err := compileOpts(t, src, Options{Interactive: true})
			require.NoError(t, err)
			require.NoError(t, code.Verify())
			assert.Equal(t, FlagModule|FlagCoroutine|FlagTopLevelAwait, code.Flags)
			_, err = compileOpts(t, src, Options{})
			require.Error(t, err)
		})
	}
	// Still not allowed in functions and class bodies.
	_, err := compileOpts(t, "def f():\n    await x", Options{Interactive: true})
	require.Error(t, err)
	_, err = compileOpts(t, "class C:\n    await x", Options{Interactive: true})
	require.Error(t, err)
	// A REPL line without await is plain module code.
	code, err := compileOpts(t, "x = (i async for i in y)", Options{Interactive: true})
	require.NoError(t, err)
	assert.Equal(t, FlagModule, code.Flags)
}

func TestLineTable(t *testing.T) {
	code := compileSrc(t, "x = 1\ny = f(a,\n      b)\nz = [\n  c,\n]\n")
	lineOf := func(want string, skip int) int {
		for pc, l := range listing(code) {
			if l == want {
				if skip > 0 {
					skip--
					continue
				}
				line, _ := code.LineFor(pc)
				return line
			}
		}
		t.Fatalf("%s not found", want)
		return 0
	}
	assert.Equal(t, 1, lineOf("STORE_GLOBAL x", 0))
	assert.Equal(t, 2, lineOf("LOAD_GLOBAL a", 0))
	assert.Equal(t, 3, lineOf("LOAD_GLOBAL b", 0))
	assert.Equal(t, 2, lineOf("CALL 2", 0))
	assert.Equal(t, 2, lineOf("STORE_GLOBAL y", 0))
	assert.Equal(t, 5, lineOf("LOAD_GLOBAL c", 0))
	assert.Equal(t, 4, lineOf("BUILD_LIST 1", 0))
	// An entry only where the line changes.
	for i := 1; i < len(code.Lines); i++ {
		assert.NotEqual(t, code.Lines[i-1].Line, code.Lines[i].Line)
		assert.Less(t, code.Lines[i-1].PC, code.Lines[i].PC)
	}
	assert.Equal(t, LineEntry{PC: 0, Line: 1, Col: 5}, code.Lines[0]) // the "1" of "x = 1"
	// Functions start at their first decorator.
	code = compileSrc(t, "@dec\ndef f():\n    return 1\n")
	assert.Equal(t, 1, findCode(t, code, "f").FirstLine)
	line, _ := findCode(t, code, "f").LineFor(0)
	assert.Equal(t, 3, line)
}

func TestVerifier(t *testing.T) {
	mk := func(instrs ...Instr) *Code {
		return &Code{Name: "t", QualName: "t", Instrs: instrs, Consts: []any{nil}}
	}
	tests := []struct {
		name string
		code *Code
		err  string
	}{
		{"underflow", mk(MakeInstr(POP_TOP, 0), MakeInstr(LOAD_CONST, 0), MakeInstr(RETURN_VALUE, 0)), "stack underflow"},
		{"falls off the end", mk(MakeInstr(LOAD_CONST, 0)), "falls off the end"},
		{"mismatch at a join", mk(
			MakeInstr(LOAD_CONST, 0),
			MakeInstr(POP_JUMP_IF_FALSE, 3),
			MakeInstr(LOAD_CONST, 0),
			MakeInstr(LOAD_CONST, 0),
			MakeInstr(RETURN_VALUE, 0)), "stack depth mismatch"},
		{"jump outside", mk(MakeInstr(JUMP, 7)), "outside the code"},
		{"unreachable", mk(MakeInstr(LOAD_CONST, 0), MakeInstr(RETURN_VALUE, 0), MakeInstr(NOP, 0)), "unreachable"},
		{"bad SWAP", mk(MakeInstr(LOAD_CONST, 0), MakeInstr(SWAP, 1), MakeInstr(RETURN_VALUE, 0)), "bad argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := verifyStack(tc.code)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
		})
	}
	// A handler deeper than the stack it protects.
	c := mk(MakeInstr(LOAD_CONST, 0), MakeInstr(RETURN_VALUE, 0), MakeInstr(RERAISE, 0))
	c.ExceptionTable = []ExceptionEntry{{Start: 0, End: 1, Target: 2, Depth: 1}}
	_, err := verifyStack(c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "below its handler's depth")
	// Handlers are entered at Depth+1.
	c.ExceptionTable = []ExceptionEntry{{Start: 0, End: 1, Target: 2, Depth: 0}}
	n, err := verifyStack(c)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	// Verify checks StackSize too.
	c.StackSize = 5
	assert.Error(t, c.Verify())
}

func TestInternalErrors(t *testing.T) {
	// A malformed tree (a nil expression) is a compiler bug, reported as an
	// internal compiler error rather than a crash.
	mod := &ast.Module{Body: []ast.Stmt{&ast.ExprStmt{Pos: ast.Pos{Line: 1, Col: 1}}}}
	_, err := Compile(mod, Options{Filename: "x"})
	require.Error(t, err)
	se, ok := err.(*ast.SyntaxError)
	require.True(t, ok)
	assert.True(t, strings.HasPrefix(se.Msg, "internal compiler error"), se.Msg)
}

// TestASTLiterals compiles hand-built trees, independently of the parser.
func TestASTLiterals(t *testing.T) {
	p := func(line, col int) ast.Pos { return ast.Pos{Line: line, Col: col} }
	// def f(a):
	//     return a + 1
	// x = f(2)
	mod := &ast.Module{Filename: "lit.pya", Body: []ast.Stmt{
		&ast.FunctionDef{Pos: p(1, 1), Name: "f", Args: &ast.Arguments{Args: []*ast.Arg{{Pos: p(1, 7), Name: "a"}}},
			Body: []ast.Stmt{&ast.Return{Pos: p(2, 5), Value: &ast.BinOp{Pos: p(2, 12), Left: &ast.Name{Pos: p(2, 12), Id: "a"}, Op: ast.Add, Right: &ast.Int{Pos: p(2, 16), Value: big.NewInt(1)}}}}},
		&ast.Assign{Pos: p(3, 1), Targets: []ast.Expr{&ast.Name{Pos: p(3, 1), Id: "x"}},
			Value: &ast.Call{Pos: p(3, 5), Func: &ast.Name{Pos: p(3, 5), Id: "f"}, Args: []ast.Expr{&ast.Int{Pos: p(3, 7), Value: big.NewInt(2)}}}},
	}}
	code, err := Compile(mod, Options{})
	require.NoError(t, err)
	require.NoError(t, code.Verify())
	assert.Equal(t, "lit.pya", code.Filename)
	assert.Equal(t, []string{
		"LOAD_CONST <code object f, file \"lit.pya\", line 1>",
		"LOAD_CONST 'f'",
		"MAKE_FUNCTION 0",
		"STORE_GLOBAL f",
		"PUSH_NULL",
		"LOAD_GLOBAL f",
		"LOAD_CONST 2",
		"CALL 1",
		"STORE_GLOBAL x",
		"LOAD_CONST None",
		"RETURN_VALUE",
	}, listing(code))
	f := findCode(t, code, "f")
	assert.Equal(t, []string{"LOAD_FAST a", "LOAD_CONST 1", "BINARY_OP +", "RETURN_VALUE"}, listing(f))
	assert.Equal(t, 1, f.ArgCount)
	assert.Equal(t, 2, f.StackSize)

	// A big integer and a complex literal.
	huge, _ := new(big.Int).SetString("1000000000000000000000", 10)
	mod = &ast.Module{Body: []ast.Stmt{&ast.ExprStmt{Pos: p(1, 1), Value: &ast.Call{Pos: p(1, 1),
		Func: &ast.Name{Pos: p(1, 1), Id: "print"}, Args: []ast.Expr{&ast.Int{Pos: p(1, 7), Value: huge}}}}}}
	code, err = Compile(mod, Options{})
	require.NoError(t, err)
	assert.Equal(t, 0, huge.Cmp(code.Consts[0].(*big.Int)))
	mod = &ast.Module{Body: []ast.Stmt{&ast.ExprStmt{Pos: p(1, 1), Value: &ast.Imag{Pos: p(1, 3), Value: 2}}}}
	code, err = Compile(mod, Options{Filename: "c.pya", Source: []byte("(2j)\n")})
	require.NoError(t, err)
	assert.Equal(t, complex(0, 2), code.Consts[0])
}

func TestRepr(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, "None"}, {true, "True"}, {false, "False"}, {int64(-12), "-12"},
		{big.NewInt(0).Lsh(big.NewInt(1), 70), "1180591620717411303424"},
		{1.0, "1.0"}, {0.1, "0.1"}, {math.Copysign(0, -1), "-0.0"}, {1e15, "1000000000000000.0"}, {1e16, "1e+16"},
		{1.5e16, "1.5e+16"}, {0.0001, "0.0001"}, {0.00001, "1e-05"}, {1.5e-7, "1.5e-07"},
		{123456789.123, "123456789.123"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
		{math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"}, {100.0, "100.0"}, {2.5, "2.5"},
		{"a", "'a'"}, {"it's", `"it's"`}, {`"`, `'"'`}, {`'"`, `'\'"'`}, {"a\nb\t\\", `'a\nb\t\\'`},
		{"\x00\x7f", `'\x00\x7f'`}, {"é€", "'é€'"}, {"\u200b\u00a0", `'\u200b\xa0'`},
		{Bytes("a'\x00\xff"), `b"a'\x00\xff"`}, {Bytes("x"), "b'x'"}, {Ellipsis{}, "Ellipsis"},
		{ConstTuple{}, "()"}, {ConstTuple{int64(1)}, "(1,)"}, {ConstTuple{int64(1), "a", ConstTuple{nil}}, "(1, 'a', (None,))"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Repr(tc.v))
	}
}

func TestOpcodeString(t *testing.T) {
	assert.Equal(t, "NOP", NOP.String())
	assert.Equal(t, "LOAD_CONST", LOAD_CONST.String())
	assert.Equal(t, "SETUP_ANNOTATIONS", SETUP_ANNOTATIONS.String())
	assert.Equal(t, "OPCODE_250", Opcode(250).String())
	for op := Opcode(0); op < numOpcodes; op++ {
		assert.NotEmpty(t, op.String())
		assert.NotContains(t, op.String(), "OPCODE_")
	}
	assert.Equal(t, "VARARGS|GENERATOR", (FlagVarArgs | FlagGenerator).String())
	assert.Equal(t, "0", CodeFlags(0).String())
}

func TestDisassemble(t *testing.T) {
	code := compileSrc(t, "def f(x):\n    try:\n        return g(x)\n    except E:\n        return 0\n")
	out := disassembly(code)
	for _, want := range []string{
		`Disassembly of <code object <module>, file "test.pya", line 1>:`,
		"  qualname <module>, args 0 (posonly 0, kwonly 0), flags MODULE, stacksize 2",
		`   1        0 LOAD_CONST                   0 (<code object f, file "test.pya", line 1>)`,
		"            1 LOAD_CONST                   1 ('f')",
		`Disassembly of <code object f, file "test.pya", line 1>:`,
		"  qualname f, args 1 (posonly 0, kwonly 0), flags 0, stacksize 3",
		"  varnames (x) cellvars () freevars ()",
		"   2        0 NOP\n\n   3        1 PUSH_NULL\n            2 LOAD_GLOBAL                  0 (g)",
		"            5 RETURN_VALUE\n\n   4 >>     6 PUSH_EXC_INFO",
		"            9 POP_JUMP_IF_FALSE           14 (to 14)",
		"   4 >>    14 RERAISE\n     >>    15 SWAP                         2",
		"ExceptionTable:\n  1 to 4 -> 6 [0]\n  7 to 10 -> 15 [1]\n  14 to 14 -> 15 [1]\n",
	} {
		assert.Contains(t, out, want)
	}
}

// TestCompileCases compiles every program of the conformance suite and the
// repository's examples, verifying every code object.
func TestCompileCases(t *testing.T) {
	files := corpus.Files()
	m, _ := filepath.Glob("../examples/*.pya")
	files = append(files, m...)
	if len(files) == 0 {
		t.Skip("no programs found")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			code, err := compileOpts(t, string(src), Options{Filename: f})
			require.NoError(t, err)
			require.NoError(t, code.Verify())
		})
	}
}
