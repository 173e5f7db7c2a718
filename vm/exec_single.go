package vm

import (
	"strings"
	"unicode/utf8"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// checkSingle applies compile()'s 'single' mode rules to a parsed module:
// one statement, or simple statements on one line joined by ';' (as
// python3 accepts 'x = 1; y = 2'); and a compound statement whose last
// line is an unindented one-line clause ('if x: pass', '\nelse: pass')
// needs a final newline, as CPython's interactive grammar wants a NEWLINE
// after a compound statement (invalid syntax at offset 0 of that line).
func checkSingle(filename, src string, m *ast.Module) error {
	if len(m.Body) == 0 || len(m.Body) == 1 && isCompound(m.Body[0]) {
		if err := checkLastBlankLine(filename, src); err != nil {
			return err
		}
	}
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
	return lastLineInvalid(filename, n, last)
}

// lastLineInvalid is "invalid syntax" at offset 0 of the last line n,
// whose text is last.
func lastLineInvalid(filename string, n int, last string) error {
	return &ast.SyntaxError{Kind: "SyntaxError", Filename: filename, Pos: ast.Pos{Line: n, Col: 0}, End: ast.Pos{Line: n, Col: 0}, Msg: "invalid syntax", Text: last, AtEnd: true, RawText: true}
}

// checkLastBlankLine applies the interactive grammar's rule for a last
// line of spaces, tabs or form feeds without a newline after a compound
// statement (or nothing): CPython tokenizes its indentation, so a deeper
// one is "unexpected indent", one that matches no enclosing block is
// "unindent does not match any outer indentation level" (or a TabError),
// one equal to the
// enclosing block's is "invalid syntax" (offset 0), and a column of 0 is
// accepted. The indentation is found by lexing the source with a token
// on that line.
func checkLastBlankLine(filename, src string) error {
	if strings.HasSuffix(src, "\n") || strings.HasSuffix(src, "\r") {
		return nil
	}
	start := strings.LastIndexByte(src, '\n') + 1
	last := src[start:]
	if last == "" || strings.Trim(last, " \t\f") != "" {
		return nil
	}
	col := 0
	for _, c := range last {
		switch c {
		case ' ':
			col++
		case '\t':
			col = (col/8 + 1) * 8
		case '\f':
			col = 0
		}
	}
	if col == 0 {
		return nil
	}
	n := strings.Count(src, "\n") + 1
	indentErr := func(kind, msg string, end int) error {
		return &ast.SyntaxError{Kind: kind, Filename: filename, Pos: ast.Pos{Line: n, Col: utf8.RuneCountInString(last)},
			End: ast.Pos{Line: n, Col: end}, Msg: msg, Text: last, RawText: true}
	}
	res := lexer.Tokenize(filename, src+"x")
	if res.Err != nil {
		switch {
		case res.Err.Pos.Line != n:
		case res.Err.Kind == "TabError":
			return indentErr(res.Err.Kind, res.Err.Msg, 0)
		case strings.HasPrefix(res.Err.Msg, "unindent"):
			return indentErr("IndentationError", res.Err.Msg, -1)
		}
		return nil
	}
	for _, tok := range res.Tokens {
		if tok.Type == lexer.Indent && tok.Pos.Line == n {
			return indentErr("IndentationError", "unexpected indent", -1)
		}
	}
	return lastLineInvalid(filename, n, last)
}

// isCompound reports whether s is a compound statement (one with a block).
func isCompound(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.If, *ast.While, *ast.For, *ast.Try, *ast.TryStar, *ast.With, *ast.FunctionDef, *ast.ClassDef, *ast.Match:
		return true
	}
	return false
}
