package vm

import (
	"strings"
	"unicode"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

// positionMarkers draws CPython 3.11's markers under a traceback line: "^"
// under the failing expression, or "~~~^^^~~~" for a binary operation or a
// subscript (the operator or the brackets get "^"). Nothing is drawn when
// the extent is unknown or covers the whole line (without anchors).
func positionMarkers(orig string, e TraceEntry) string {
	if e.EndLine == 0 || e.Col < 1 || e.EndLine < e.Line {
		return ""
	}
	line := []rune(strings.TrimRight(orig, "\r\n"))
	strippedLeft := strings.TrimLeftFunc(string(line), unicode.IsSpace)
	lead := len(line) - len([]rune(strippedLeft))
	stripped := []rune(strings.TrimSpace(string(line)))
	start := e.Col - 1
	end := lead + len(stripped)
	if e.EndLine == e.Line {
		end = e.EndCol - 1
	}
	if start < lead || end > len(line) || end <= start {
		return ""
	}
	var left, right int
	anchored := false
	if e.EndLine == e.Line {
		left, right, anchored = caretAnchors(string(line[start:end]))
	}
	if end-start >= len(stripped) && !(anchored && right-left > 0) {
		return ""
	}
	var b strings.Builder
	b.WriteString("    ")
	b.WriteString(strings.Repeat(" ", start-lead))
	if anchored {
		b.WriteString(strings.Repeat("~", left))
		b.WriteString(strings.Repeat("^", right-left))
		b.WriteString(strings.Repeat("~", end-start-right))
	} else {
		b.WriteString(strings.Repeat("^", end-start))
	}
	b.WriteString("\n")
	return b.String()
}

// caretAnchors finds, in the source of the failing expression, the
// operator of a binary operation or the brackets of a subscript.
func caretAnchors(segment string) (left, right int, ok bool) {
	x, err := parser.ParseExpr("<segment>", []byte(segment))
	if err != nil {
		return 0, 0, false
	}
	seg := []rune(segment)
	src := parser.NewSource(segment)
	col := func(p ast.Pos) int { return p.Col - 1 }
	switch x := x.(type) {
	case *ast.BinOp:
		le, ok1 := src.End(x.Left)
		if !ok1 || le.Line != 1 || x.Right.Position().Line != 1 {
			return 0, 0, false
		}
		opStart, opEnd := col(le), col(x.Right.Position())
		if opStart > opEnd || opEnd > len(seg) {
			return 0, 0, false
		}
		op := seg[opStart:opEnd]
		off := 0
		for off < len(op) && unicode.IsSpace(op[off]) {
			off++
		}
		left = opStart + off
		right = left + 1
		if off+1 < len(op) && !unicode.IsSpace(op[off+1]) {
			right++
		}
		for left < len(seg) && (unicode.IsSpace(seg[left]) || seg[left] == ')' || seg[left] == '#') {
			left++
			right++
		}
		return left, right, true
	case *ast.Subscript:
		ve, ok1 := src.End(x.Value)
		ie, ok2 := src.End(x.Index)
		if !ok1 || !ok2 || ve.Line != 1 || ie.Line != 1 {
			return 0, 0, false
		}
		left, right = col(ve), col(ie)+1
		for left < len(seg) && seg[left] != '[' {
			left++
		}
		for right < len(seg) && seg[right] != ']' {
			right++
		}
		if right < len(seg) {
			right++
		}
		return left, right, true
	}
	return 0, 0, false
}
