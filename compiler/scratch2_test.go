package compiler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/parser"
)

func TestScratchParserConformance(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/conformance/cases/*.pya")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		mod, err := parser.Parse(f, src)
		if err != nil {
			t.Errorf("parse %s: %v", f, err)
			continue
		}
		code, err := Compile(mod, Options{Filename: f, Source: src})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var a, b strings.Builder
		code.Disassemble(&a)
		code2, err := Compile(pyParse(t, string(src)), Options{Filename: f, Source: src})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		code2.Disassemble(&b)
		if a.String() != b.String() {
			al := strings.Split(a.String(), "\n")
			bl := strings.Split(b.String(), "\n")
			for i := range al {
				if i >= len(bl) || al[i] != bl[i] {
					t.Errorf("%s: differs at line %d:\n parser: %s\n python: %s", f, i, al[i], bl[min(i, len(bl)-1)])
					break
				}
			}
		}
	}
}
