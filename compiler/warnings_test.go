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

// TestCommaWarnings checks the "perhaps you missed a comma?" and assert
// SyntaxWarnings against python3's output for the same lines.
func TestCommaWarnings(t *testing.T) {
	tests := []struct{ src, want string }{
		{"assert (x, 'msg')", "assertion is always true, perhaps remove parentheses?"},
		{"a = [(1, 2) (3, 4)]", "'tuple' object is not callable; perhaps you missed a comma?"},
		{"b = [1 [2]]", "'int' object is not subscriptable; perhaps you missed a comma?"},
		{"c = ['a' 'b' [0]]", ""},
		{"d = [[1, 2] ('x')]", "'list' object is not callable; perhaps you missed a comma?"},
		{"e = 'abc'['x']", "str indices must be integers or slices, not str; perhaps you missed a comma?"},
		{"g = None()", "'NoneType' object is not callable; perhaps you missed a comma?"},
		{"h = {1, 2}[0]", "'set' object is not subscriptable; perhaps you missed a comma?"},
		{"i = (x for x in y)[0]", "'generator' object is not subscriptable; perhaps you missed a comma?"},
		{"j = [1, 2]['a', 'b']", "list indices must be integers or slices, not tuple; perhaps you missed a comma?"},
		{"k = f'x'(1)", "'str' object is not callable; perhaps you missed a comma?"},
		{"m = [1, 2][0]", ""},
		{"n = f(x)[y]", ""},
	}
	for _, tt := range tests {
		mod, err := parser.Parse("w.py", []byte(tt.src+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		_, err = Compile(mod, Options{Warn: func(cat, msg string, line int) { got = msg }})
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: warning %q, want %q", tt.src, got, tt.want)
		}
	}
}
