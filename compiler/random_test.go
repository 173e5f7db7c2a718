package compiler

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

// progGen generates random, syntactically valid programs that nest the
// control-flow constructs the compiler treats specially (loops, try,
// with, break/continue/return through finally blocks and handlers,
// generators, coroutines, closures).
type progGen struct {
	r     *rand.Rand
	b     strings.Builder
	names []string
}

type genCtx struct {
	indent  int
	depth   int
	inLoop  bool
	inFunc  bool
	isAsync bool
	inClass bool
}

func (g *progGen) line(ctx genCtx, format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", ctx.indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *progGen) name() string { return g.names[g.r.Intn(len(g.names))] }

func (g *progGen) expr(ctx genCtx, depth int) string {
	if depth > 2 {
		if g.r.Intn(3) == 0 {
			return fmt.Sprint(g.r.Intn(10))
		}
		return g.name()
	}
	d := depth + 1
	switch g.r.Intn(16) {
	case 0:
		return fmt.Sprintf("%s + %s", g.expr(ctx, d), g.expr(ctx, d))
	case 1:
		return fmt.Sprintf("%s(%s, *%s, k=%s, **%s)", g.name(), g.expr(ctx, d), g.name(), g.expr(ctx, d), g.name())
	case 2:
		return fmt.Sprintf("[%s for %s in %s if %s]", g.expr(ctx, d), g.name(), g.expr(ctx, d), g.expr(ctx, d))
	case 3:
		return fmt.Sprintf("(%s if %s else %s)", g.expr(ctx, d), g.expr(ctx, d), g.expr(ctx, d))
	case 4:
		return fmt.Sprintf("(lambda %s, *rest: %s)", g.name(), g.expr(ctx, d))
	case 5:
		return fmt.Sprintf("%s < %s <= %s", g.expr(ctx, d), g.expr(ctx, d), g.expr(ctx, d))
	case 6:
		return fmt.Sprintf("(%s and %s or not %s)", g.expr(ctx, d), g.expr(ctx, d), g.expr(ctx, d))
	case 7:
		if ctx.inFunc && !ctx.inClass && !ctx.isAsync {
			return fmt.Sprintf("(yield %s)", g.expr(ctx, d))
		}
	case 8:
		if ctx.isAsync && !ctx.inClass {
			return fmt.Sprintf("(await %s)", g.expr(ctx, d))
		}
	case 9:
		return fmt.Sprintf("{%s: %s for %s, %s in %s}", g.name(), g.expr(ctx, d), g.name(), g.name(), g.expr(ctx, d))
	case 10:
		return fmt.Sprintf("f'{%s!r:>{%s}}x{%s}'", g.expr(ctx, d), g.name(), g.expr(ctx, d))
	case 11:
		return fmt.Sprintf("%s[%s:%s, ::2]", g.name(), g.expr(ctx, d), g.expr(ctx, d))
	case 12:
		if depth == 0 {
			return fmt.Sprintf("(%s := %s)", g.name(), g.expr(ctx, d))
		}
	case 13:
		if ctx.isAsync && !ctx.inClass {
			return fmt.Sprintf("[%s async for %s in %s]", g.expr(ctx, d), g.name(), g.expr(ctx, d))
		}
	case 14:
		return fmt.Sprintf("(%s for %s in %s for %s in %s)", g.expr(ctx, d), g.name(), g.expr(ctx, d), g.name(), g.name())
	}
	return fmt.Sprintf("%s.%s(%s)", g.name(), g.name(), g.expr(ctx, d))
}

func (g *progGen) block(ctx genCtx) {
	ctx.indent++
	ctx.depth++
	n := 1 + g.r.Intn(3)
	for i := 0; i < n; i++ {
		g.stmt(ctx)
	}
}

func (g *progGen) stmt(ctx genCtx) {
	if ctx.depth > 4 {
		g.line(ctx, "%s = %s", g.name(), g.expr(ctx, 1))
		return
	}
	switch g.r.Intn(22) {
	case 0:
		g.line(ctx, "%s = %s = %s", g.name(), g.name(), g.expr(ctx, 0))
	case 1:
		g.line(ctx, "%s, *%s = %s", g.name(), g.name(), g.expr(ctx, 0))
	case 2:
		g.line(ctx, "%s.%s += %s", g.name(), g.name(), g.expr(ctx, 0))
	case 3:
		g.line(ctx, "if %s:", g.expr(ctx, 0))
		g.block(ctx)
		if g.r.Intn(2) == 0 {
			g.line(ctx, "elif %s:", g.expr(ctx, 0))
			g.block(ctx)
		}
		if g.r.Intn(2) == 0 {
			g.line(ctx, "else:")
			g.block(ctx)
		}
	case 4:
		g.line(ctx, "while %s:", g.expr(ctx, 0))
		loop := ctx
		loop.inLoop = true
		g.block(loop)
		if g.r.Intn(3) == 0 {
			g.line(ctx, "else:")
			g.block(ctx)
		}
	case 5:
		kw := "for"
		if ctx.isAsync && g.r.Intn(2) == 0 {
			kw = "async for"
		}
		g.line(ctx, "%s %s, %s in %s:", kw, g.name(), g.name(), g.expr(ctx, 0))
		loop := ctx
		loop.inLoop = true
		g.block(loop)
		if g.r.Intn(3) == 0 {
			g.line(ctx, "else:")
			g.block(ctx)
		}
	case 6, 7:
		g.line(ctx, "try:")
		g.block(ctx)
		handlers := g.r.Intn(3)
		for i := 0; i < handlers; i++ {
			if g.r.Intn(2) == 0 {
				g.line(ctx, "except (%s, %s) as %s:", g.name(), g.name(), g.name())
			} else {
				g.line(ctx, "except %s:", g.name())
			}
			g.block(ctx)
		}
		if handlers > 0 && g.r.Intn(3) == 0 {
			g.line(ctx, "except:")
			g.block(ctx)
		}
		if handlers > 0 && g.r.Intn(3) == 0 {
			g.line(ctx, "else:")
			g.block(ctx)
		}
		if handlers == 0 || g.r.Intn(2) == 0 {
			g.line(ctx, "finally:")
			g.block(ctx)
		}
	case 8:
		kw := "with"
		if ctx.isAsync && g.r.Intn(2) == 0 {
			kw = "async with"
		}
		g.line(ctx, "%s %s as %s, %s:", kw, g.expr(ctx, 1), g.name(), g.expr(ctx, 1))
		g.block(ctx)
	case 9, 10:
		if ctx.inLoop {
			if g.r.Intn(2) == 0 {
				g.line(ctx, "break")
			} else {
				g.line(ctx, "continue")
			}
			return
		}
		g.line(ctx, "%s(%s)", g.name(), g.expr(ctx, 0))
	case 11:
		if ctx.inFunc && !ctx.inClass {
			if g.r.Intn(2) == 0 {
				g.line(ctx, "return %s", g.expr(ctx, 0))
			} else {
				g.line(ctx, "return")
			}
			return
		}
		g.line(ctx, "pass")
	case 12:
		if ctx.inFunc && !ctx.inClass && !ctx.isAsync {
			g.line(ctx, "%s = yield from %s", g.name(), g.expr(ctx, 0))
			return
		}
		g.line(ctx, "del %s[%s], %s.%s", g.name(), g.expr(ctx, 1), g.name(), g.name())
	case 13:
		g.line(ctx, "raise %s from %s", g.expr(ctx, 1), g.name())
	case 14, 15:
		kw := "def"
		if g.r.Intn(2) == 0 {
			kw = "async def"
		}
		g.line(ctx, "@%s", g.name())
		p := g.r.Perm(len(g.names))
		g.line(ctx, "%s %s(%s, %s=%s, *args, %s, **kw):", kw, g.name(), g.names[p[0]], g.names[p[1]], g.expr(ctx, 1), g.names[p[2]])
		fn := genCtx{indent: ctx.indent, depth: ctx.depth, inFunc: true, isAsync: kw == "async def"}
		if r := g.r.Intn(6); r < 2 {
			fn.indent++
			g.line(fn, "%s %s", [...]string{"nonlocal", "global"}[r], g.names[p[3]])
			fn.indent--
		}
		g.block(fn)
	case 16:
		g.line(ctx, "class %s(%s, metaclass=%s):", g.name(), g.name(), g.name())
		cls := genCtx{indent: ctx.indent, depth: ctx.depth, inClass: true}
		g.block(cls)
	case 17:
		g.line(ctx, "assert %s, %s", g.expr(ctx, 0), g.expr(ctx, 1))
	case 18:
		g.line(ctx, "%s[%s] //= %s", g.name(), g.expr(ctx, 1), g.expr(ctx, 1))
	case 19:
		g.line(ctx, "%s: %s = %s", g.name(), g.name(), g.expr(ctx, 1))
	case 20:
		g.line(ctx, "import %s.%s as %s", g.name(), g.name(), g.name())
	default:
		g.line(ctx, "%s(%s)", g.name(), g.expr(ctx, 0))
	}
}

// TestRandomPrograms compiles thousands of random programs: each must either
// compile to code that passes the stack verifier or be rejected with an
// ordinary SyntaxError (e.g. a nonlocal with no binding), never an internal
// compiler error.
func TestRandomPrograms(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	compiled, rejected := 0, 0
	for seed := 0; seed < n; seed++ {
		g := &progGen{r: rand.New(rand.NewSource(int64(seed))), names: []string{"a", "b", "c", "x", "y"}}
		ctx := genCtx{}
		if seed%3 == 0 {
			g.line(ctx, "def top(a, b):")
			ctx = genCtx{indent: 0, inFunc: true}
		} else if seed%3 == 1 {
			g.line(ctx, "async def top(a, b):")
			ctx = genCtx{indent: 0, inFunc: true, isAsync: true}
		} else {
			ctx.indent = -1
		}
		g.block(ctx)
		src := g.b.String()
		mod, err := parser.Parse("rand.pya", []byte(src))
		if err != nil {
			// The generator is not perfect (e.g. a walrus where Python
			// forbids one); the parser's verdict is not under test.
			_, ok := err.(*ast.SyntaxError)
			require.True(t, ok, "parse:\n%s\n%v", src, err)
			rejected++
			continue
		}
		for _, interactive := range []bool{false, true} {
			code, err := Compile(mod, Options{Filename: "rand.pya", Source: []byte(src), Interactive: interactive})
			if err != nil {
				se, ok := err.(*ast.SyntaxError)
				require.True(t, ok)
				require.NotContains(t, se.Msg, "internal compiler error", "source:\n%s", src)
				continue
			}
			compiled++
			require.NoError(t, code.Verify(), "source:\n%s", src)
		}
	}
	t.Logf("%d programs rejected by the parser; %d of %d compilations succeeded", rejected, compiled, 2*(n-rejected))
	require.Less(t, rejected, n/2, "the generator should mostly produce valid programs")
}
