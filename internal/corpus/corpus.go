// Package corpus lists the shared conformance programs that the front end
// (lexer, parser, compiler) is expected to accept, for the tests of those
// packages. Cases written to fail at compile time (their .err file names a
// SyntaxError, TabError or IndentationError) are left out, and so are the
// cases that need syntax pyasync does not parse yet (Pending).
package corpus

import (
	"os"
	"path/filepath"
	"strings"
)

// Pending names the conformance cases whose syntax the front end does not
// accept yet, with what they need. Remove a case when its feature lands.
var Pending = map[string]string{}

// Dirs are the places the shared corpus is looked for, relative to a
// package directory of this repository and absolute.
var Dirs = []string{"../../shared/conformance/cases", "../shared/conformance/cases", "/work/shared/conformance/cases"}

// Files returns the conformance programs the front end must accept, found
// in the first of Dirs that exists (nil when the corpus is absent).
func Files() []string {
	for _, d := range Dirs {
		m, _ := filepath.Glob(filepath.Join(d, "*.pya"))
		if len(m) == 0 {
			continue
		}
		var out []string
		for _, f := range m {
			name := strings.TrimSuffix(filepath.Base(f), ".pya")
			if _, ok := Pending[name]; ok || FailsToCompile(f) {
				continue
			}
			out = append(out, f)
		}
		return out
	}
	return nil
}

// FailsToCompile reports whether the case at path is meant to stop with a
// compile-time error (its .err file's line is a SyntaxError, TabError or
// IndentationError).
func FailsToCompile(path string) bool {
	e, err := os.ReadFile(strings.TrimSuffix(path, ".pya") + ".err")
	if err != nil {
		return false
	}
	s := strings.TrimSpace(string(e))
	for _, p := range []string{"SyntaxError", "TabError", "IndentationError"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
