package parser

import (
	"errors"
	"strings"

	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// This file gives the messages of CPython's rarer invalid_* grammar rules,
// recognised by a pass over the tokens around a generic failure at token
// i, as invalid_args.go does for misplaced '=':
//
//	{1:}, {1: 2, 3:, 4: 5}   expression expected after dictionary key and ':'
//	{1: *a}                  cannot use a starred expression in a dictionary value
//	except A, B:             multiple exception types must be parenthesized
//	match x                  expected ':'
//	def f(/, a)              at least one argument must precede /
//	def f() -> :             expected ':'
//	x = (**a)                cannot use double starred expression here
//	f(*a for a in b)         iterable unpacking cannot be used in comprehension
//	f(x, *a for a in b)      Generator expression must be parenthesized
//	x = a <> b               invalid syntax, over the '<>'
//	from x import *, a       invalid syntax, at the ','

// invalidRule tries each rule at the failing token i.
func (st *state) invalidRule(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	rules := []func(int) (string, plexer.Position, ast.Pos, bool){
		st.invalidDictValue, st.invalidExcept, st.invalidMatch, st.invalidSlash,
		st.invalidDefColon, st.invalidGroupDStar, st.invalidStarGenexp,
		st.invalidNotEqual, st.invalidImportStar, st.invalidConversion, st.invalidFieldLambda,
		st.invalidAnnColon, st.invalidElseColon,
	}
	for _, r := range rules {
		if msg, pos, end, ok = r(i); ok {
			return
		}
	}
	return "", pos, end, false
}

// lineFirst is the index of the first token of the logical line holding
// token i.
func (st *state) lineFirst(i int) int {
	j := i - 1
	for j >= 0 && st.toks[j].Type != lexer.Newline && st.toks[j].Type != lexer.Indent && st.toks[j].Type != lexer.Dedent {
		j--
	}
	return j + 1
}

// enclosing is the index of the innermost bracket left open before token i
// on its logical line (-1 if none).
func (st *state) enclosing(i int) int {
	depth := 0
	for j := i - 1; j >= 0; j-- {
		t := &st.toks[j]
		switch {
		case t.Type == lexer.Newline || t.Type == lexer.Indent || t.Type == lexer.Dedent:
			return -1
		case isCloser(t):
			depth++
		case isOpener(t):
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}

// closing is the index of the bracket that closes the one at open (-1 if
// none does on the logical line).
func (st *state) closing(open int) int {
	depth := 0
	for j := open; j < len(st.toks); j++ {
		t := &st.toks[j]
		switch {
		case t.Type == lexer.Newline || t.Type == lexer.EOF:
			return -1
		case isOpener(t):
			depth++
		case isCloser(t):
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// topLevel is the index of the first token in [from, to) outside any
// bracket opened in that range for which match is true (-1 if none).
func (st *state) topLevel(from, to int, match func(*plexer.Token) bool) int {
	depth := 0
	for j := from; j < to && j < len(st.toks); j++ {
		t := &st.toks[j]
		if depth == 0 && match(t) {
			return j
		}
		switch {
		case isOpener(t):
			depth++
		case isCloser(t):
			depth--
		}
	}
	return -1
}

// itemStart is the index of the first token of the comma-separated item
// that token i belongs to, inside the bracket opened at token open.
func (st *state) itemStart(open, i int) int {
	start := open + 1
	for k := st.topLevel(start, i, isComma); k >= 0; k = st.topLevel(start, i, isComma) {
		start = k + 1
	}
	return start
}

func isComma(t *plexer.Token) bool { return isOp(t, ",") }

func isOpener(t *plexer.Token) bool {
	return t.Type == lexer.Op && (t.Value == "(" || t.Value == "[" || t.Value == "{")
}

func isCloser(t *plexer.Token) bool {
	return t.Type == lexer.Op && (t.Value == ")" || t.Value == "]" || t.Value == "}")
}

// lastChar is where CPython ends a range that runs to "the last token
// read": the column of that token's last character.
func lastChar(t *plexer.Token) ast.Pos {
	e := tokenEnd(t)
	e.Col--
	return e
}

// dictColon reports whether the ':' at token c follows a dictionary key:
// directly inside a '{', and the first ':' of its item, in no lambda.
func (st *state) dictColon(c int) bool {
	if c < 0 || !isOp(&st.toks[c], ":") {
		return false
	}
	o := st.enclosing(c)
	if o < 0 || !isOp(&st.toks[o], "{") || o+1 == c {
		return false
	}
	item := st.itemStart(o, c)
	if item >= c || isOp(&st.toks[item], "**") {
		return false
	}
	return st.topLevel(item, c, func(t *plexer.Token) bool { return isOp(t, ":") || isKw(t, "lambda") }) < 0
}

// invalidDictValue: a dictionary key's ':' followed by nothing, or by a
// starred expression.
func (st *state) invalidDictValue(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	if i == 0 || !st.dictColon(i-1) {
		return "", pos, end, false
	}
	colon := &st.toks[i-1]
	switch {
	case isOp(t, "}") || isOp(t, ","):
		return "expression expected after dictionary key and ':'", colon.Pos, tokenEnd(colon), true
	case isOp(t, "*"):
		if _, next := st.operandEnd(i + 1); next > i+1 && next < len(st.toks) {
			return "cannot use a starred expression in a dictionary value", t.Pos, lastChar(&st.toks[next]), true
		}
	}
	return "", pos, end, false
}

// invalidExcept: "except A, B:" (also with except* and "as NAME").
func (st *state) invalidExcept(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	if !isOp(&st.toks[i], ",") {
		return "", pos, end, false
	}
	first := st.lineFirst(i)
	if !isKw(&st.toks[first], "except") {
		return "", pos, end, false
	}
	e := first + 1
	if isOp(&st.toks[e], "*") {
		e++
	}
	if e >= i {
		return "", pos, end, false
	}
	colon := st.topLevel(i+1, len(st.toks), func(t *plexer.Token) bool {
		return isOp(t, ":") || t.Type == lexer.Newline || t.Type == lexer.EOF
	})
	if colon < 0 || !isOp(&st.toks[colon], ":") || colon == i+1 {
		return "", pos, end, false
	}
	if as := st.topLevel(i+1, colon, func(t *plexer.Token) bool { return isKw(t, "as") }); as >= 0 {
		if as == i+1 || as+2 != colon || st.toks[as+1].Type != lexer.Name {
			return "", pos, end, false
		}
	}
	return "multiple exception types must be parenthesized", st.toks[e].Pos, lastChar(&st.toks[colon]), true
}

// invalidMatch: "match subject" followed by the end of the line. The
// simple statement failed at token i; CPython tries the match statement
// first, and its subject may be read further (match not x y: the simple
// statement fails at x, the subject at y), so the subject is read from the
// token after match and the error is where it stops, unless that is before
// i.
func (st *state) invalidMatch(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	first := st.lineFirst(i)
	if i <= first || st.toks[first].Type != lexer.Name || st.toks[first].Value != "match" {
		return "", pos, end, false
	}
	pmsg, ppos, pend, pok := st.matchSubjectParse(first, i)
	if pok && strings.HasSuffix(pmsg, "Perhaps you forgot a comma?") {
		return pmsg, ppos, pend, pok // two operands in a row inside brackets
	}
	if msg, pos, end, ok = st.matchSubjectTokens(first, i); ok {
		return msg, pos, end, ok
	}
	return pmsg, ppos, pend, pok
}

// matchSubjectParse is invalidMatch for the errors inside the subject
// (match lambda: x y, match x +, match not (x y): "Perhaps you forgot a
// comma?"): the subject is parsed as the value of an assignment placed
// at the same columns, and its error is CPython's when it is past token
// i, where the simple statement failed.
func (st *state) matchSubjectParse(first, i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	nl := st.topLevel(first+1, len(st.toks), func(t *plexer.Token) bool { return t.Type == lexer.Newline || t.Type == lexer.EOF })
	if nl < 0 {
		return "", pos, end, false
	}
	m := st.toks[first].Pos
	from, to := m.Offset+len("match"), st.toks[nl].Pos.Offset
	if to > len(st.src) || from > to {
		return "", pos, end, false
	}
	sub := "x = \\\n" + strings.Repeat(" ", m.Column-1+len("match")) + st.src[from:to] + "\n"
	_, err := ParseSource(st.filename, sub)
	var se *ast.SyntaxError
	if !errors.As(err, &se) || se.Kind != "SyntaxError" || se.Pos.Line < 2 {
		return "", pos, end, false
	}
	line := m.Line + se.Pos.Line - 2
	failed := st.toks[i].Pos
	if line < failed.Line || line == failed.Line && se.Pos.Col <= failed.Column {
		return "", pos, end, false
	}
	end = se.End
	if end.Line > 0 {
		end.Line += m.Line - 2
	}
	return se.Msg, plexer.Position{Filename: st.filename, Line: line, Column: se.Pos.Col}, end, true
}

// matchSubjectTokens is invalidMatch's scan of the tokens after match
// (the simple statement failed at token i).
func (st *state) matchSubjectTokens(first, i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	failed := i
	i = first + 1
	nl := st.topLevel(i, len(st.toks), func(t *plexer.Token) bool {
		return t.Type == lexer.Newline || t.Type == lexer.EOF || isOp(t, ":") || isOp(t, "=") || isOp(t, ";")
	})
	if nl < 0 {
		return "", pos, end, false
	}
	if st.toks[nl].Type != lexer.Newline {
		// a subject then ':' (two operands in a row before it), '=' or ';'
		if j := st.operandsInARow(i, nl); j >= failed {
			return "invalid syntax", st.toks[j].Pos, tokenEnd(&st.toks[j]), true
		} else if j < 0 && nl > failed && !isOp(&st.toks[nl], ":") && endsOperand(&st.toks[nl-1]) {
			return "invalid syntax", st.toks[nl].Pos, tokenEnd(&st.toks[nl]), true
		}
		return "", pos, end, false
	}
	if st.topLevel(i, nl, func(t *plexer.Token) bool { return isKw(t, "if") }) >= 0 &&
		st.topLevel(i, nl, func(t *plexer.Token) bool { return isKw(t, "else") }) < 0 {
		return "expected 'else' after 'if' expression", st.toks[i].Pos, tokenEnd(&st.toks[nl-1]), true
	}
	if j := st.operandsInARow(i, nl); j >= 0 {
		// the subject ends before token j, which is not ':'
		if j < failed {
			return "", pos, end, false
		}
		return "invalid syntax", st.toks[j].Pos, tokenEnd(&st.toks[j]), true
	}
	if last := &st.toks[nl-1]; !endsOperand(last) && !isOp(last, ",") {
		return "", pos, end, false
	}
	return "expected ':'", st.toks[nl].Pos, tokenEnd(&st.toks[nl]), true
}

// operandsInARow is the index of the first token in (from, to) that starts
// an operand right after one ended (-1 if none does), where an expression
// list read from token from stops.
func (st *state) operandsInARow(from, to int) int {
	for j := from + 1; j < to; j++ {
		p, t := &st.toks[j-1], &st.toks[j]
		if endsOperand(p) && startsOperand(t) && !(p.Type == lexer.String && t.Type == lexer.String) {
			return j
		}
	}
	return -1
}

func endsOperand(t *plexer.Token) bool {
	switch t.Type {
	case lexer.Name, lexer.Number, lexer.String, lexer.FStringEnd:
		return true
	case lexer.Keyword:
		return t.Value == "True" || t.Value == "False" || t.Value == "None"
	}
	return isCloser(t)
}

func startsOperand(t *plexer.Token) bool {
	switch t.Type {
	case lexer.Name, lexer.Number, lexer.String, lexer.FStringStart:
		return true
	case lexer.Keyword:
		switch t.Value {
		case "True", "False", "None", "not", "lambda", "await":
			return true
		}
	}
	return false
}

// invalidSlash: a '/' with no parameter before it, followed by ','.
func (st *state) invalidSlash(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	if !isOp(t, "/") || i < 2 || i+1 >= len(st.toks) || !isOp(&st.toks[i+1], ",") {
		return "", pos, end, false
	}
	p := &st.toks[i-1]
	def := isOp(p, "(") && st.toks[i-2].Type == lexer.Name && i >= 3 && isKw(&st.toks[i-3], "def")
	if !def && !isKw(p, "lambda") {
		return "", pos, end, false
	}
	return "at least one argument must precede /", t.Pos, tokenEnd(t), true
}

// invalidDefColon: a def header whose parameters are not followed by ':'
// (or by '->' and an annotation, then ':').
func (st *state) invalidDefColon(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	f := st.lineFirst(i)
	if f < len(st.toks) && isKw(&st.toks[f], "async") {
		f++
	}
	if f+2 >= len(st.toks) || !isKw(&st.toks[f], "def") || st.toks[f+1].Type != lexer.Name || !isOp(&st.toks[f+2], "(") {
		return "", pos, end, false
	}
	c := st.closing(f + 2)
	if c < 0 || i <= c {
		return "", pos, end, false
	}
	arrow := &st.toks[c+1]
	switch {
	case i == c+1 && !isOp(arrow, ":") && st.toks[i].Type != lexer.Newline:
		return "expected ':'", st.toks[i].Pos, tokenEnd(&st.toks[i]), true
	case i == c+2 && isOp(arrow, "->"):
		return "expected ':'", arrow.Pos, tokenEnd(arrow), true
	}
	return "", pos, end, false
}

// invalidGroupDStar: "(**x)", a double-starred expression in a group.
func (st *state) invalidGroupDStar(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	if !isOp(t, "**") || i == 0 || !isOp(&st.toks[i-1], "(") {
		return "", pos, end, false
	}
	if i >= 2 {
		if p := &st.toks[i-2]; p.Type == lexer.Name || p.Type == lexer.String || p.Type == lexer.FStringEnd || isOp(p, ")") || isOp(p, "]") {
			return "", pos, end, false // a call
		}
	}
	c := st.closing(i - 1)
	if c < 0 || c == i+1 || st.topLevel(i+1, c, func(t *plexer.Token) bool { return isOp(t, ",") || isKw(t, "for") }) >= 0 {
		return "", pos, end, false
	}
	return "cannot use double starred expression here", t.Pos, tokenEnd(t), true
}

// invalidStarGenexp: a starred expression as the element of a generator
// expression in a call's arguments.
func (st *state) invalidStarGenexp(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	if !isKw(&st.toks[i], "for") && !isKw(&st.toks[i], "async") {
		return "", pos, end, false
	}
	s := st.argStart(i)
	if s < 1 || s+1 >= i || !isOp(&st.toks[s], "*") {
		return "", pos, end, false
	}
	if isOp(&st.toks[s-1], "(") {
		return "iterable unpacking cannot be used in comprehension", st.toks[s].Pos, tokenEnd(&st.toks[i-1]), true
	}
	stop := st.topLevel(i, len(st.toks), func(t *plexer.Token) bool {
		return isOp(t, ",") || isCloser(t) || t.Type == lexer.Newline || t.Type == lexer.EOF
	})
	if stop < 0 {
		return "", pos, end, false
	}
	return "Generator expression must be parenthesized", st.toks[s].Pos, tokenEnd(&st.toks[stop-1]), true
}

// invalidNotEqual: "<>" (CPython's tokenizer reads it as one operator).
func (st *state) invalidNotEqual(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	if !isOp(t, ">") || i == 0 {
		return "", pos, end, false
	}
	p := &st.toks[i-1]
	if !isOp(p, "<") || p.Pos.Line != t.Pos.Line || p.Pos.Offset+1 != t.Pos.Offset {
		return "", pos, end, false
	}
	return "invalid syntax", p.Pos, tokenEnd(t), true
}

// invalidImportStar: a name list after "import *": at the ','.
func (st *state) invalidImportStar(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	if i < 3 || !isOp(&st.toks[i-1], ",") || !isOp(&st.toks[i-2], "*") || !isKw(&st.toks[i-3], "import") {
		return "", pos, end, false
	}
	c := &st.toks[i-1]
	return "invalid syntax", c.Pos, tokenEnd(c), true
}

// invalidAnnColon: a simple statement `expr:` ending the line, where expr
// is no target an annotation can have (`x*a:`, `match *a:`): CPython's
// annotated assignment never matched, so the ':' is the invalid token.
func (st *state) invalidAnnColon(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	if i < 2 || (t.Type != lexer.Newline && t.Type != lexer.EOF) || !isOp(&st.toks[i-1], ":") {
		return "", pos, end, false
	}
	colon := i - 1
	first := st.lineFirst(colon)
	if first >= colon || st.toks[first].Type != lexer.Name || st.toks[first].Value == "case" {
		return "", pos, end, false // a keyword's header (if, def, …) or a case
	}
	if st.annotationTarget(first, colon) || st.colonOwned(first, colon) {
		return "", pos, end, false
	}
	c := &st.toks[colon]
	return "invalid syntax", c.Pos, ast.Pos{Line: c.Pos.Line, Col: c.Pos.Column + 1}, true
}

// annotationTarget reports whether tokens [from, to) can be an annotated
// target: a name, an attribute or a subscript (trailers after a first name
// or parenthesized group; not ending in a call), or a parenthesized name.
func (st *state) annotationTarget(from, to int) bool {
	depth := 0
	lastCall := false
	for j := from; j < to; j++ {
		t := &st.toks[j]
		if depth > 0 {
			if isOpener(t) {
				depth++
			} else if isCloser(t) {
				depth--
			}
			continue
		}
		switch {
		case j == from && (t.Type == lexer.Name || isOp(t, "(")):
			if isOp(t, "(") {
				depth = 1
			}
		case isOp(t, ".") && j+1 < to && st.toks[j+1].Type == lexer.Name:
			j++
			lastCall = false
		case isOp(t, "["):
			depth = 1
			lastCall = false
		case isOp(t, "("):
			depth = 1
			lastCall = true
		default:
			return false
		}
	}
	return !lastCall
}

// colonOwned reports whether a top-level token of [from, to) makes the
// ':' at to something else than an annotation's: a lambda's, or one after
// an assignment (`x = lambda:`, `x = y:`).
func (st *state) colonOwned(from, to int) bool {
	depth := 0
	for j := from; j < to; j++ {
		t := &st.toks[j]
		switch {
		case isOpener(t):
			depth++
		case isCloser(t):
			depth--
		case depth == 0 && isKw(t, "lambda"):
			return true
		case depth == 0 && t.Type == lexer.Op && strings.HasSuffix(t.Value, "=") && t.Value != "==" && t.Value != "<=" && t.Value != ">=" && t.Value != "!=":
			return true
		}
	}
	return false
}

// invalidElseColon: "else" alone on its line after a block (the ':' it
// must have is missing): "expected ':'" at the line's end.
func (st *state) invalidElseColon(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	f := st.lineFirst(i)
	if f+1 >= len(st.toks) || i > f+1 || !isKw(&st.toks[f], "else") {
		return "", pos, end, false
	}
	nl := &st.toks[f+1]
	if nl.Type != lexer.Newline && nl.Type != lexer.EOF {
		return "", pos, end, false
	}
	return "expected ':'", nl.Pos, tokenEnd(nl), true
}
