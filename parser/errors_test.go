package parser

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/ast"
)

type goldenErr struct {
	OK   bool   `json:"ok"`
	Kind string `json:"kind"`
	Msg  string `json:"msg"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

var overrideRE = regexp.MustCompile(`^#! (\w+): (.*) @(\d+):(\d+)$`)

// TestErrorsMatchCPython checks every bad program in testdata/errors.txt
// against the error CPython 3.11 reports for it (testdata/errors.golden,
// produced by testdata/gen_errors.py): kind, message, line and column. A
// case whose first line is "#! compiler" is an error of CPython's compiler,
// which the parser must accept.
func TestErrorsMatchCPython(t *testing.T) {
	data, err := os.ReadFile("testdata/errors.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := strings.Split(string(data), "\n====\n")
	gf, err := os.Open("testdata/errors.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer gf.Close()
	var golden []goldenErr
	sc := bufio.NewScanner(gf)
	for sc.Scan() {
		var g goldenErr
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		golden = append(golden, g)
	}
	if len(golden) != len(cases) {
		t.Fatalf("errors.golden has %d entries for %d cases: run python3 gen_errors.py in testdata", len(golden), len(cases))
	}
	for i, src := range cases {
		want := golden[i]
		first, _, _ := strings.Cut(src, "\n")
		if first == "#! compiler" {
			// CPython's compiler raises it (compiler/errors_test.go checks
			// it): the parser accepts the program
			if _, err := Parse("f", []byte(src)); err != nil {
				t.Errorf("case %d %q: the parser raised %v, the compiler's error", i, src, err)
			}
			continue
		}
		if overrideRE.MatchString(first) {
			m := overrideRE.FindStringSubmatch(first)
			want = goldenErr{Kind: m[1], Msg: m[2]}
			fmt.Sscan(m[3], &want.Line)
			fmt.Sscan(m[4], &want.Col)
		}
		_, err := Parse("f", []byte(src))
		if want.OK {
			t.Errorf("case %d: CPython accepts %q; add a #! line or remove it", i, src)
			continue
		}
		var se *ast.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("case %d %q: got %v, want %s: %s @%d:%d", i, src, err, want.Kind, want.Msg, want.Line, want.Col)
			continue
		}
		got := fmt.Sprintf("%s: %s @%d:%d", se.Kind, se.Msg, se.Pos.Line, se.Pos.Col)
		exp := fmt.Sprintf("%s: %s @%d:%d", want.Kind, want.Msg, want.Line, want.Col)
		if got != exp {
			t.Errorf("case %d %q:\n got %s\nwant %s", i, src, got, exp)
		}
	}
}
