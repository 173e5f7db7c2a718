package compiler

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
)

// compileSrc parses and compiles src, failing the test on any error.
func compileSrc(t testing.TB, src string) *Code {
	t.Helper()
	code, err := compileOpts(t, src, Options{})
	require.NoError(t, err)
	require.NoError(t, code.Verify())
	return code
}

func compileOpts(t testing.TB, src string, opts Options) (*Code, error) {
	t.Helper()
	mod := parse(t, src)
	if opts.Filename == "" {
		opts.Filename = "test.pya"
	}
	opts.Source = []byte(src)
	return Compile(mod, opts)
}

// compileErr compiles src and returns the SyntaxError it must report.
func compileErr(t testing.TB, src string) *ast.SyntaxError {
	t.Helper()
	_, err := compileOpts(t, src, Options{})
	require.Error(t, err, "source:\n%s", src)
	se, ok := err.(*ast.SyntaxError)
	require.True(t, ok, "error is %T", err)
	return se
}

// findCode returns the code object with the given qualname in the tree of
// code.
func findCode(t testing.TB, code *Code, qualname string) *Code {
	t.Helper()
	var found *Code
	var walk func(c *Code)
	walk = func(c *Code) {
		if c.QualName == qualname && found == nil {
			found = c
		}
		for _, k := range c.Consts {
			if sub, ok := k.(*Code); ok {
				walk(sub)
			}
		}
	}
	walk(code)
	require.NotNil(t, found, "no code object %q", qualname)
	return found
}

// listing renders the instructions of c one per line as "OPNAME meaning"
// (or "OPNAME arg" when the argument has no meaning), without jump targets,
// so that snippets do not depend on instruction indexes.
func listing(c *Code) []string {
	out := make([]string, len(c.Instrs))
	for i, in := range c.Instrs {
		op := in.Op()
		s := op.String()
		if hasArg(op) && !isJump(op) {
			if m := c.argMeaning(op, in.Arg()); m != "" {
				s += " " + m
			} else {
				s += fmt.Sprintf(" %d", in.Arg())
			}
		}
		out[i] = s
	}
	return out
}

// requireSnippet checks that the lines of want (trimmed, blank lines
// ignored) appear consecutively in got.
func requireSnippet(t testing.TB, got []string, want string) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(want, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	for i := 0; i+len(lines) <= len(got); i++ {
		ok := true
		for j, l := range lines {
			if got[i+j] != l {
				ok = false
				break
			}
		}
		if ok {
			return
		}
	}
	require.Failf(t, "snippet not found", "want:\n  %s\ngot:\n  %s", strings.Join(lines, "\n  "), strings.Join(got, "\n  "))
}

func disassembly(c *Code) string {
	var b strings.Builder
	c.Disassemble(&b)
	return b.String()
}
