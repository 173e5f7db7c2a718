package vm

import (
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// checkSingle applies compile()'s 'single' mode rules to a parsed module:
// one statement, or simple statements on one line joined by ';' (as
// python3 accepts 'x = 1; y = 2'); and a compound statement whose last
// line is an unindented one-line clause ('if x: pass', '\nelse: pass')
// needs a final newline, as CPython's interactive grammar wants a NEWLINE
// after a compound statement (invalid syntax at offset 0 of that line).
func checkSingle(filename, src string, m *ast.Module) error {
	if len(m.Body) == 0 {
		return nil
	}
	first := m.Body[0]
	if len(m.Body) > 1 {
		line := first.Position().Line
		for _, s := range m.Body[1:] {
			if isCompound(first) || isCompound(s) || s.Position().Line != line {
				pos := ast.Pos{Line: 1, Col: 1}
				text := strings.SplitN(src, "\n", 2)[0]
				return &ast.SyntaxError{Kind: "SyntaxError", Filename: filename, Pos: pos, Msg: "multiple statements found while compiling a single statement", Text: text}
			}
		}
		return nil
	}
	if !isCompound(first) || strings.HasSuffix(src, "\n") || strings.HasSuffix(src, "\r") {
		return nil
	}
	n := strings.Count(src, "\n") + 1
	last := src[strings.LastIndexByte(src, '\n')+1:]
	if strings.TrimSpace(last) == "" || last[0] == ' ' || last[0] == '\t' || last[0] == '\f' || last[0] == '#' {
		return nil
	}
	return &ast.SyntaxError{Kind: "SyntaxError", Filename: filename, Pos: ast.Pos{Line: n, Col: 0}, End: ast.Pos{Line: n, Col: 0}, Msg: "invalid syntax", Text: last, AtEnd: true, RawText: true}
}

// isCompound reports whether s is a compound statement (one with a block).
func isCompound(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.If, *ast.While, *ast.For, *ast.Try, *ast.TryStar, *ast.With, *ast.FunctionDef, *ast.ClassDef, *ast.Match:
		return true
	}
	return false
}
