package compiler

import (
	"fmt"
	"testing"

	"github.com/pyasync/pyasync/parser"
)

// TestIsLiteralWarning checks the SyntaxWarnings of "is" with a literal
// (CPython 3.11 prints them; None/True/False/... are fine).
func TestIsLiteralWarning(t *testing.T) {
	src := "x = 1\nif x is 1: pass\nprint(x is not 'a', x is None, x is ..., x is (1, 2), x is -1, x is y)\n"
	mod, err := parser.Parse("w.py", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	_, err = Compile(mod, Options{Warn: func(cat, msg string, line int) {
		got = append(got, fmt.Sprintf("%d %s: %s", line, cat, msg))
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`2 SyntaxWarning: "is" with a literal. Did you mean "=="?`,
		`3 SyntaxWarning: "is not" with a literal. Did you mean "!="?`,
		`3 SyntaxWarning: "is" with a literal. Did you mean "=="?`,
		`3 SyntaxWarning: "is" with a literal. Did you mean "=="?`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}
