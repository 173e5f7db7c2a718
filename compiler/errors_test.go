package compiler

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

// TestSyntaxErrors checks the compiler's errors: CPython 3.11's messages
// and positions (line, 1-based column). A few of them the parser reports
// first; TestCompilerErrorsOnTrees checks the compiler's own version.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src       string
		msg       string
		line, col int
	}{
		{"return 1", "'return' outside function", 1, 1},
		{"class C:\n  return 1", "'return' outside function", 2, 3},
		{"yield 1", "'yield' outside function", 1, 1},
		{"class C:\n  yield 1", "'yield' outside function", 2, 3},
		{"x = yield from y", "'yield' outside function", 1, 5},
		{"await x", "'await' outside function", 1, 1},
		{"def f():\n  await x", "'await' outside async function", 2, 3},
		{"class C:\n  await x", "'await' outside function", 2, 3},
		{"lambda: await x", "'await' outside async function", 1, 9},
		{"async def f():\n  def g():\n    await x", "'await' outside async function", 3, 5},
		{"async def f():\n  lambda: await x", "'await' outside async function", 2, 11},
		{"async def f():\n  class C:\n    await x", "'await' outside function", 3, 5},
		{"break", "'break' outside loop", 1, 1},
		{"continue", "'continue' not properly in loop", 1, 1},
		{"def f():\n  for x in y:\n    def g(): break", "'break' outside loop", 3, 14},
		{"while x:\n  def g():\n    continue", "'continue' not properly in loop", 3, 5},
		{"def f():\n  for x in y:\n    pass\n  else:\n    continue", "'continue' not properly in loop", 5, 5},
		{"def f():\n  try: pass\n  finally:\n    continue", "'continue' not properly in loop", 4, 5},
		{"nonlocal x", "nonlocal declaration not allowed at module level", 1, 1},
		{"def f():\n  nonlocal x", "no binding for nonlocal 'x' found", 2, 3},
		{"class C:\n  nonlocal x", "no binding for nonlocal 'x' found", 2, 3},
		{"def f():\n  class C:\n    nonlocal x", "no binding for nonlocal 'x' found", 3, 5},
		{"def f():\n  x = 1\n  global x", "name 'x' is assigned to before global declaration", 3, 3},
		{"def f():\n  x = 1\n  del x\n  global x", "name 'x' is assigned to before global declaration", 4, 3},
		{"def f():\n  print(x)\n  global x", "name 'x' is used prior to global declaration", 3, 3},
		{"def f(x):\n  global x", "name 'x' is parameter and global", 2, 3},
		{"def f(x):\n  nonlocal x", "name 'x' is parameter and nonlocal", 2, 3},
		{"def f():\n  x = 1\n  def g():\n    x = 2\n    nonlocal x", "name 'x' is assigned to before nonlocal declaration", 5, 5},
		{"def f():\n  x = 1\n  def g():\n    print(x)\n    nonlocal x", "name 'x' is used prior to nonlocal declaration", 5, 5},
		{"def f():\n  global x\n  nonlocal x", "name 'x' is nonlocal and global", 2, 3},
		{"def f():\n  x = 1\n  def g():\n    global x\n    nonlocal x", "name 'x' is nonlocal and global", 4, 5},
		{"def f():\n  x: int\n  global x", "annotated name 'x' can't be global", 3, 3},
		{"async def f():\n  yield 1\n  return 2", "'return' with value in async generator", 3, 3},
		{"async def f():\n  yield from x", "'yield from' inside async function", 2, 3},
		{"async def f():\n  (yield from x)", "'yield from' inside async function", 2, 4},
		{"def f():\n  return [x async for x in y]", "asynchronous comprehension outside of an asynchronous function", 2, 10},
		{"def f():\n  return [await x for x in y]", "asynchronous comprehension outside of an asynchronous function", 2, 10},
		{"[x async for x in y]", "asynchronous comprehension outside of an asynchronous function", 1, 1},
		{"def f():\n  async for x in y: pass", "'async for' outside async function", 2, 3},
		{"def f():\n  async with x: pass", "'async with' outside async function", 2, 3},
		{"async for x in y: pass", "'async for' outside async function", 1, 1},
		{"async with x: pass", "'async with' outside async function", 1, 1},
		{"def f():\n  from m import *", "import * only allowed at module level", 2, 17},
		{"class C:\n  from m import *", "import * only allowed at module level", 2, 17},
		{"[(yield x) for x in y]", "'yield' inside list comprehension", 1, 3},
		{"{(yield x) for x in y}", "'yield' inside set comprehension", 1, 3},
		{"{(yield x): 1 for x in y}", "'yield' inside dict comprehension", 1, 3},
		{"((yield x) for x in y)", "'yield' inside generator expression", 1, 3},
		{"def f():\n  [(y := 1) for y in z]", "assignment expression cannot rebind comprehension iteration variable 'y'", 2, 5},
		{"class C:\n  [(y := 1) for x in z]", "assignment expression within a comprehension cannot be used in a class body", 2, 5},
		{"def f():\n  [x for x in (y := z)]", "assignment expression cannot be used in a comprehension iterable expression", 2, 16},
		{"try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass", "default 'except:' must be last", 3, 1},
		{"f(a=1, a=2)", "keyword argument repeated: a", 1, 8},
		{"def f(a, a): pass", "duplicate argument 'a' in function definition", 1, 10},
		{"lambda a, a: 1", "duplicate argument 'a' in function definition", 1, 11},
		{"*a = 1", "starred assignment target must be in a list or tuple", 1, 1},
		{"a, *b, *c = 1", "multiple starred expressions in assignment", 1, 1},
		{"x = *a", "can't use starred expression here", 1, 5},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			se := pipelineErr(t, tc.src)
			assert.Equal(t, tc.msg, se.Msg)
			assert.Equal(t, ast.Pos{Line: tc.line, Col: tc.col}, se.Pos)
			assert.Equal(t, "SyntaxError", se.Kind)
			assert.Equal(t, "test.pya", se.Filename)
		})
	}
}

func TestSyntaxErrorText(t *testing.T) {
	se := compileErr(t, "x = 1\ndef f():\n    return await g()\n")
	assert.Equal(t, "    return await g()", se.Text)
	// python3 marks the whole await expression
	assert.Equal(t, "  File \"test.pya\", line 3\n    return await g()\n           ^^^^^^^^^\nSyntaxError: 'await' outside async function\n", se.Format())
	assert.Equal(t, ast.Pos{Line: 3, Col: 21}, se.End)
}

// TestAcceptedSources lists programs CPython accepts that look close to
// the errors above.
func TestAcceptedSources(t *testing.T) {
	for _, src := range []string{
		"def f():\n  return (x async for x in y)",
		"def f():\n  return (await x for x in y)",
		"def f():\n  def g():\n    nonlocal x\n  x = 1\n  print(x)",
		"def f():\n  import x\n  global x",
		"def f(): \n  global x\n  global x",
		"async def f():\n  x = [i async for i in y]\n  return x",
		"def f():\n  yield from x\nasync def g():\n  [x for x in (yield 1)]",
		"a, *b = *c, d",
		"print(*a if b else c)",
		"async def f():\n  return [[y async for y in x] for x in z]",
		"def f():\n  x = 1\n  class C:\n    nonlocal x\n    x = 2",
		"if False:\n  x = 1",
		"while 0:\n  pass\nelse:\n  y = 2",
	} {
		t.Run(src, func(t *testing.T) {
			code, err := compileOpts(t, src, Options{})
			require.NoError(t, err)
			require.NoError(t, code.Verify())
		})
	}
}

// pipelineErr parses and compiles src and returns the SyntaxError reported
// by the parser or, when it accepts the source, the compiler.
func pipelineErr(t *testing.T, src string) *ast.SyntaxError {
	t.Helper()
	mod, err := parser.Parse("test.pya", []byte(src))
	if err == nil {
		_, err = Compile(mod, Options{Filename: "test.pya", Source: []byte(src)})
	}
	require.Error(t, err, "source:\n%s", src)
	se, ok := err.(*ast.SyntaxError)
	require.True(t, ok, "error is %T", err)
	return se
}

// TestCompilerErrorsOnTrees checks errors that the parser normally reports
// before the compiler sees the tree.
func TestCompilerErrorsOnTrees(t *testing.T) {
	p := func(line, col int) ast.Pos { return ast.Pos{Line: line, Col: col} }
	name := func(col int, id string) *ast.Name { return &ast.Name{Pos: p(1, col), Id: id} }
	one := &ast.Int{Pos: p(1, 20), Value: big.NewInt(1)}
	tests := []struct {
		name string
		stmt ast.Stmt
		msg  string
		pos  ast.Pos
	}{
		{"keyword repeated", &ast.ExprStmt{Pos: p(1, 1), Value: &ast.Call{Pos: p(1, 1), Func: name(1, "f"), Keywords: []*ast.Keyword{
			{Pos: p(1, 3), Arg: "a", Value: one}, {Pos: p(1, 8), Arg: "a", Value: one}}}},
			"keyword argument repeated: a", p(1, 8)},
		{"duplicate parameter", &ast.FunctionDef{Pos: p(1, 1), Name: "f", Args: &ast.Arguments{Args: []*ast.Arg{
			{Pos: p(1, 7), Name: "a"}, {Pos: p(1, 10), Name: "a"}}}, Body: []ast.Stmt{&ast.Pass{Pos: p(1, 14)}}},
			"duplicate argument 'a' in function definition", p(1, 10)},
		{"duplicate lambda parameter", &ast.ExprStmt{Pos: p(1, 1), Value: &ast.Lambda{Pos: p(1, 1), Args: &ast.Arguments{
			Args: []*ast.Arg{{Pos: p(1, 8), Name: "a"}}, Vararg: &ast.Arg{Pos: p(1, 12), Name: "a"}}, Body: one}},
			"duplicate argument 'a' in function definition", p(1, 12)},
		{"starred target alone", &ast.Assign{Pos: p(1, 1), Targets: []ast.Expr{&ast.Starred{Pos: p(1, 1), Value: name(2, "a")}}, Value: one},
			"starred assignment target must be in a list or tuple", p(1, 1)},
		{"two starred targets", &ast.Assign{Pos: p(1, 1), Targets: []ast.Expr{&ast.Tuple{Pos: p(1, 1), Elts: []ast.Expr{
			&ast.Starred{Pos: p(1, 1), Value: name(2, "a")}, &ast.Starred{Pos: p(1, 5), Value: name(6, "b")}}}}, Value: one},
			"multiple starred expressions in assignment", p(1, 1)},
		{"starred value", &ast.Assign{Pos: p(1, 1), Targets: []ast.Expr{name(1, "x")}, Value: &ast.Starred{Pos: p(1, 5), Value: name(6, "a")}},
			"can't use starred expression here", p(1, 5)},
		{"deleting a starred", &ast.Delete{Pos: p(1, 1), Targets: []ast.Expr{&ast.Starred{Pos: p(1, 5), Value: name(6, "a")}}},
			"cannot delete starred", p(1, 5)},
		{"assigning to a call", &ast.Assign{Pos: p(1, 1), Targets: []ast.Expr{&ast.Call{Pos: p(1, 1), Func: name(1, "f")}}, Value: one},
			"cannot assign to function call", p(1, 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(&ast.Module{Body: []ast.Stmt{tc.stmt}}, Options{Filename: "t.pya"})
			require.Error(t, err)
			se := err.(*ast.SyntaxError)
			assert.Equal(t, tc.msg, se.Msg)
			assert.Equal(t, tc.pos, se.Pos)
		})
	}
}
