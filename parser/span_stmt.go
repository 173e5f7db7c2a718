package parser

import "github.com/pyasync/pyasync/ast"

// This file finds the ends of tokens and of simple statements in the
// source, for compile errors whose range CPython gives as one token or as
// the statement the error is about.

// TokenEnd returns the position just past the token starting at pos: an
// identifier or keyword, a number, string literals (concatenated ones
// included), a bracketed form up to its closing bracket, else one operator
// character ('**' and ':=' as one). It returns false when pos is outside
// the source.
func (s *Source) TokenEnd(pos ast.Pos) (ast.Pos, bool) {
	p := cursor{pos.Line - 1, pos.Col - 1}
	if p.l < 0 || p.l >= len(s.lines) || p.c < 0 || p.c >= len(s.lines[p.l]) {
		return ast.Pos{}, false
	}
	var e cursor
	switch r := s.at(p); {
	case r == '\'' || r == '"' || (isIdentRune(r) && s.stringStart(p)):
		e = s.skipStrings(p)
	case r >= '0' && r <= '9':
		e = s.skipNumber(p)
	case isIdentRune(r):
		e = s.skipIdent(p)
	case r == '(' || r == '[' || r == '{':
		var ok bool
		if e, ok = s.matchBracket(p); !ok {
			return ast.Pos{}, false
		}
	case (r == '*' && s.at(s.next(p)) == '*') || (r == ':' && s.at(s.next(p)) == '='):
		e = s.advance(p, 2)
	default:
		e = s.next(p)
	}
	return ast.Pos{Line: e.l + 1, Col: e.c + 1}, true
}

// LineEnd returns the position just past the simple statement starting at
// pos: its last character before a ';', a comment or the end of its
// logical line (brackets and backslash continuations are followed).
func (s *Source) LineEnd(pos ast.Pos) (ast.Pos, bool) {
	p := cursor{pos.Line - 1, pos.Col - 1}
	if p.l < 0 || p.l >= len(s.lines) {
		return ast.Pos{}, false
	}
	last, depth := p, 0
	for {
		r := s.at(p)
		switch {
		case r == 0 || (r == '\n' && depth == 0) || (r == ';' && depth == 0):
			return ast.Pos{Line: last.l + 1, Col: last.c + 1}, true
		case r == '#':
			p = cursor{p.l, len(s.lines[p.l])}
			continue
		case r == '\\' && s.at(s.next(p)) == '\n':
			p = s.advance(p, 2)
			continue
		case r == '\'' || r == '"' || (isIdentRune(r) && s.stringStart(p)):
			p = s.skipString(p)
			last = p
			continue
		case r == '(' || r == '[' || r == '{':
			depth++
		case r == ')' || r == ']' || r == '}':
			depth--
		}
		p = s.next(p)
		if r != ' ' && r != '\t' && r != '\f' && r != '\r' && r != '\n' {
			last = p
		}
	}
}

// Parenthesized reports whether e is written inside its own parentheses:
// '(' before its start and ')' after its end (spaces aside).
func (s *Source) Parenthesized(e ast.Expr) bool {
	end, ok := s.end(e, 0)
	if !ok {
		return false
	}
	p := start(e)
	for p.c > 0 {
		p.c--
		if r := s.at(p); r != ' ' && r != '\t' {
			return r == '(' && s.at(s.skipSpace(end)) == ')'
		}
	}
	return false
}

// After returns the position of the first character, past the n characters
// at pos, that is not white space, a comment or a line continuation, and
// that character (0 at the end of the source): the start of the token after
// one of n characters.
func (s *Source) After(pos ast.Pos, n int) (ast.Pos, rune) {
	p := s.skipSpace(s.advance(cursor{pos.Line - 1, pos.Col - 1}, n))
	return ast.Pos{Line: p.l + 1, Col: p.c + 1}, s.at(p)
}
