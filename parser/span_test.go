package parser

import (
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/ast"
)

// collectExprs lists every expression node of a tree (not inside
// f-strings, not slices).
func collectExprs(v reflect.Value, out *[]ast.Expr) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			collectExprs(v.Elem(), out)
		}
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if e, ok := v.Interface().(ast.Expr); ok {
			switch e.(type) {
			case *ast.Slice:
			default:
				*out = append(*out, e)
			}
			if _, ok := e.(*ast.JoinedStr); ok {
				return
			}
		}
		collectExprs(v.Elem(), out)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			collectExprs(v.Index(i), out)
		}
	case reflect.Struct:
		if v.Type().Name() == "MatchSingleton" {
			return // its value is a constant, not an expression, in CPython's tree
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				collectExprs(v.Field(i), out)
			}
		}
	}
}

// TestSpansMatchCPython compares the end of every expression, as
// Source.End recovers it, with CPython's end positions for the corpus.
func TestSpansMatchCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	files := corpusFiles(t)
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	out, err := exec.Command(py, append([]string{"testdata/pyspans.py"}, files...)...).Output()
	if err != nil {
		t.Fatalf("pyspans: %v", err)
	}
	want := map[string][]string{}
	var cur string
	for _, line := range strings.Split(string(out), "\n") {
		if f, ok := strings.CutPrefix(line, "== "); ok {
			cur = f
			continue
		}
		if line != "" {
			want[cur] = append(want[cur], line)
		}
	}
	bad := 0
	for _, f := range files {
		w := want[f]
		if len(w) == 1 && w[0] == "skip" {
			continue
		}
		src, _ := os.ReadFile(f)
		text, err := DecodeSource(f, src)
		if err != nil {
			continue
		}
		m, err := ParseSource(f, text)
		if err != nil {
			continue
		}
		var exprs []ast.Expr
		collectExprs(reflect.ValueOf(m.Body), &exprs)
		s := NewSource(text)
		var got []string
		for _, e := range exprs {
			name := reflect.TypeOf(e).Elem().Name()
			p := e.Position()
			end, ok := s.End(e)
			if !ok {
				got = append(got, fmt.Sprintf("%s %d:%d -> ?", name, p.Line, p.Col))
				continue
			}
			got = append(got, fmt.Sprintf("%s %d:%d -> %d:%d", name, p.Line, p.Col, end.Line, end.Col))
		}
		sort.Strings(got)
		wi := map[string]int{}
		for _, x := range w {
			wi[x]++
		}
		for _, g := range got {
			if wi[g] > 0 {
				wi[g]--
				continue
			}
			if bad < 20 {
				t.Errorf("%s: %s not in CPython's spans", f, g)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d spans differ", bad)
	}
}
