package parser

import (
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/lexer"
)

// starredGroup panics with CPython's "cannot use starred expression here"
// when the tokens read since start hold a group made of one starred
// expression, "(*a)" ("iterable unpacking cannot be used in comprehension"
// for "(*a for a in b)"): CPython's parser reports it as it reads the
// group, before the conditional expression around it fails ("(*a) if 1"
// has no else). The error spans the starred expression.
func (c *climb) starredGroup(start *plexer.Token) {
	toks := c.lex.Range(0, c.lex.RawCursor())
	from := -1
	for i := range toks {
		if toks[i].Pos.Offset >= start.Pos.Offset {
			from = i
			break
		}
	}
	if from < 0 {
		return
	}
	for i := from; i+1 < len(toks); i++ {
		if !isOp(&toks[i], "(") || !isOp(&toks[i+1], "*") {
			continue
		}
		if i > 0 {
			if p := &toks[i-1]; p.Type == lexer.Name || p.Type == lexer.String || p.Type == lexer.FStringEnd || isOp(p, ")") || isOp(p, "]") {
				continue // a call's parentheses
			}
		}
		// the matching ')' with no ',' between at this depth; a 'for'
		// makes it a generator expression's element
		depth, end, gen := 0, -1, false
		for j := i; j < len(toks) && end < 0; j++ {
			t := &toks[j]
			switch {
			case isOpener(t):
				depth++
			case isCloser(t):
				if depth--; depth == 0 {
					end = j
				}
			case depth == 1 && (isKw(t, "for") || isKw(t, "async")):
				end, gen = j, true
			case depth == 1 && (isOp(t, ",") || isOp(t, ":=")):
				j = len(toks)
			}
		}
		if end < 0 || end == i+2 {
			continue
		}
		msg := "cannot use starred expression here"
		if gen {
			msg = "iterable unpacking cannot be used in comprehension"
		}
		last := toks[end-1]
		panic(&failure{msg: msg, pos: toks[i+1].Pos, tok: &toks[i+1], end: tokenEnd(&last)})
	}
}
