package parser

import (
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// The f-string rules of the post-failure pass (3.11 reads a replacement
// field's conversion and expression itself, not with the grammar):
//
//	f'{x!}', f'{x!:a}'   f-string: invalid conversion character: expected 's', 'r', or 'a'
//	f'{x!r=}'            f-string: expecting '}'
//	f'{lambda x: 1}'     f-string: invalid syntax, where "(lambda x)" ends
//
// Messages that start with "f-string" are moved to the token after the
// literal by syntaxError, as CPython reports them.

const (
	msgConversion  = "f-string: invalid conversion character: expected 's', 'r', or 'a'"
	msgExpectBrace = "f-string: expecting '}'"
)

// invalidConversion: a failure at or after a field's '!'.
func (st *state) invalidConversion(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	if i == 0 || !st.insideFString(t.Pos) {
		return "", pos, end, false
	}
	if p := &st.toks[i-1]; isOp(p, "!") {
		return msgConversion, t.Pos, end, true // nothing (or a space) after '!'
	}
	if isOp(t, "!") && i+1 < len(st.toks) && (isOp(&st.toks[i+1], "}") || isOp(&st.toks[i+1], ":")) {
		return msgConversion, t.Pos, end, true
	}
	if i >= 2 && isOp(&st.toks[i-2], "!") && (st.toks[i-1].Type == lexer.Name || st.toks[i-1].Type == lexer.Keyword) {
		if conversionChar(st.toks[i-1].Value[0]) {
			return msgExpectBrace, t.Pos, end, true
		}
		return msgConversion, t.Pos, end, true
	}
	return "", pos, end, false
}

func conversionChar(c byte) bool { return c == 's' || c == 'r' || c == 'a' }

// invalidFieldLambda: a lambda in a field, whose ':' starts the format
// spec, so that the expression is "lambda x".
func (st *state) invalidFieldLambda(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	if !st.insideFString(st.toks[i].Pos) {
		return "", pos, end, false
	}
	open := st.enclosing(i)
	for open >= 0 && !isOp(&st.toks[open], "{") {
		open = st.enclosing(open)
	}
	if open < 0 || open+1 >= i || !isKw(&st.toks[open+1], "lambda") {
		return "", pos, end, false
	}
	colon := st.topLevel(open+1, i+1, func(t *plexer.Token) bool { return isOp(t, ":") })
	if colon < 0 {
		return "", pos, end, false
	}
	c := &st.toks[colon]
	return "invalid syntax", c.Pos, tokenEnd(c), true
}

// checkConversion gives CPython's errors for a conversion the grammar
// accepted: "! r" (a space), "!rr" or "!r " (not followed by ':' or '}').
func (l *lowerer) checkConversion(c *pConv) {
	at := c.Pos.Offset + 1
	if at >= len(l.src) || l.src[at] != c.Name[0] {
		errAtP(c.Pos, msgConversion)
	}
	if !conversionChar(c.Name[0]) {
		errAtP(c.Pos, msgConversion)
	}
	if len(c.Name) > 1 || at+1 >= len(l.src) || (l.src[at+1] != '}' && l.src[at+1] != ':') {
		errAtP(c.Pos, msgExpectBrace)
	}
}
