package parser

import (
	"unicode"

	"github.com/pyasync/pyasync/ast"
)

// This file recovers where an expression ends. The tree keeps only start
// positions; the end is found by scanning the source from the node's
// children: an identifier, number or string literal is scanned, a bracketed
// form is matched to its closing bracket, and a node built of operands ends
// where its last operand ends, plus the closing parentheses that belong to
// it. Tracebacks use the spans for 3.11's position markers.

// Source is program text split into lines of code points, with the ends
// found so far.
type Source struct {
	lines [][]rune
	memo  map[ast.Expr]cursor
}

// NewSource splits text into lines.
func NewSource(text string) *Source {
	s := &Source{}
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			s.lines = append(s.lines, []rune(text[start:i]))
			start = i + 1
		}
	}
	s.lines = append(s.lines, []rune(text[start:]))
	return s
}

// cursor is a 0-based line and column.
type cursor struct{ l, c int }

func (s *Source) at(p cursor) rune {
	if p.l < 0 || p.l >= len(s.lines) {
		return 0
	}
	if p.c >= len(s.lines[p.l]) {
		if p.l+1 < len(s.lines) {
			return '\n'
		}
		return 0
	}
	return s.lines[p.l][p.c]
}

func (s *Source) next(p cursor) cursor {
	if p.l < len(s.lines) && p.c >= len(s.lines[p.l]) {
		return cursor{p.l + 1, 0}
	}
	return cursor{p.l, p.c + 1}
}

func (s *Source) advance(p cursor, n int) cursor {
	for ; n > 0; n-- {
		p = s.next(p)
	}
	return p
}

// skipSpace skips blanks, comments, newlines and line continuations.
func (s *Source) skipSpace(p cursor) cursor {
	for {
		switch r := s.at(p); {
		case r == ' ' || r == '\t' || r == '\f' || r == '\n' || r == '\\' || r == '\r':
			p = s.next(p)
		case r == '#':
			p = cursor{p.l, len(s.lines[p.l])}
		default:
			return p
		}
	}
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Pc)
}

func (s *Source) skipIdent(p cursor) cursor {
	for isIdentRune(s.at(p)) {
		p = s.next(p)
	}
	return p
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r == '_' }

func (s *Source) skipNumber(p cursor) cursor {
	if s.at(p) == '0' {
		switch s.at(s.next(p)) {
		case 'x', 'X', 'o', 'O', 'b', 'B':
			p = s.advance(p, 2)
			for r := s.at(p); isDigitRune(r) || (r|0x20 >= 'a' && r|0x20 <= 'f'); r = s.at(p) {
				p = s.next(p)
			}
			return p
		}
	}
	for isDigitRune(s.at(p)) {
		p = s.next(p)
	}
	if s.at(p) == '.' {
		p = s.next(p)
		for isDigitRune(s.at(p)) {
			p = s.next(p)
		}
	}
	if r := s.at(p); r == 'e' || r == 'E' {
		n := s.next(p)
		if c := s.at(n); c == '+' || c == '-' {
			n = s.next(n)
		}
		if isDigitRune(s.at(n)) {
			p = n
			for isDigitRune(s.at(p)) {
				p = s.next(p)
			}
		}
	}
	if r := s.at(p); r == 'j' || r == 'J' {
		p = s.next(p)
	}
	return p
}

// stringStart reports whether a string literal (with its prefix) starts at p.
func (s *Source) stringStart(p cursor) bool {
	for i := 0; i < 3; i++ {
		switch r := s.at(p); r {
		case '\'', '"':
			return true
		case 'r', 'R', 'b', 'B', 'f', 'F', 'u', 'U':
			p = s.next(p)
		default:
			return false
		}
	}
	return false
}

// openQuote skips a string literal's prefix and opening quote(s) at p: it
// returns where the body starts, the quote character (0 at the end of the
// source), whether the literal is triple-quoted and whether it is raw.
func (s *Source) openQuote(p cursor) (body cursor, q rune, triple, raw bool) {
	for {
		r := s.at(p)
		if r == '\'' || r == '"' || r == 0 {
			break
		}
		if r == 'r' || r == 'R' {
			raw = true
		}
		p = s.next(p)
	}
	q = s.at(p)
	triple = s.at(s.next(p)) == q && s.at(s.advance(p, 2)) == q
	if triple {
		p = s.advance(p, 3)
	} else {
		p = s.next(p)
	}
	return p, q, triple, raw
}

// skipString skips one string literal starting at p (prefix included).
func (s *Source) skipString(p cursor) cursor {
	p, q, triple, raw := s.openQuote(p)
	for {
		r := s.at(p)
		switch {
		case r == 0:
			return p
		case r == '\\' && !raw:
			p = s.advance(p, 2)
		case r == '\\':
			p = s.advance(p, 2)
		case r == q:
			if !triple {
				return s.next(p)
			}
			if s.at(s.next(p)) == q && s.at(s.advance(p, 2)) == q {
				return s.advance(p, 3)
			}
			p = s.next(p)
		case r == '\n' && !triple:
			return p
		default:
			p = s.next(p)
		}
	}
}

// skipStrings skips implicitly concatenated string literals.
func (s *Source) skipStrings(p cursor) cursor {
	end := s.skipString(p)
	for {
		n := s.skipSpaceInline(end)
		if !s.stringStart(n) {
			return end
		}
		end = s.skipString(n)
	}
}

// skipSpaceInline is skipSpace without crossing into a new logical line
// (strings concatenate across lines only inside brackets, which a caller's
// bracket matching handles; here newlines are allowed as well).
func (s *Source) skipSpaceInline(p cursor) cursor { return s.skipSpace(p) }

// matchBracket skips from the opening bracket at p past its closer.
func (s *Source) matchBracket(p cursor) (cursor, bool) {
	depth := 0
	for {
		r := s.at(p)
		switch {
		case r == 0:
			return p, false
		case r == '#':
			p = cursor{p.l, len(s.lines[p.l])}
			continue
		case r == '\'' || r == '"' || (s.stringStart(p) && isIdentRune(r)):
			p = s.skipString(p)
			continue
		case isIdentRune(r):
			p = s.skipIdent(p)
			continue
		case r == '(' || r == '[' || r == '{':
			depth++
		case r == ')' || r == ']' || r == '}':
			depth--
			if depth == 0 {
				return s.next(p), true
			}
		}
		p = s.next(p)
	}
}

// closeParens extends end over the closing parentheses of the parentheses
// opened between start and end.
func (s *Source) closeParens(start, end cursor) cursor {
	open := 0
	for p := start; p.l < end.l || (p.l == end.l && p.c < end.c); {
		r := s.at(p)
		switch {
		case r == 0:
			return end
		case r == '#':
			p = cursor{p.l, len(s.lines[p.l])}
			continue
		case r == '\'' || r == '"' || (isIdentRune(r) && s.stringStart(p)):
			p = s.skipString(p)
			continue
		case isIdentRune(r):
			p = s.skipIdent(p)
			continue
		case r == '(' || r == '[' || r == '{':
			open++
		case r == ')' || r == ']' || r == '}':
			open--
		}
		p = s.next(p)
	}
	for ; open > 0; open-- {
		n := s.skipSpace(end)
		if r := s.at(n); r != ')' {
			break
		}
		end = s.next(n)
	}
	return end
}

// End returns the position just past e (1-based column, as ast.Pos), or
// false when it cannot tell.
func (s *Source) End(e ast.Expr) (ast.Pos, bool) {
	p, ok := s.end(e, 0)
	if !ok {
		return ast.Pos{}, false
	}
	return ast.Pos{Line: p.l + 1, Col: p.c + 1}, true
}

func start(e ast.Node) cursor {
	p := e.Position()
	return cursor{p.Line - 1, p.Col - 1}
}

func (s *Source) end(e ast.Expr, depth int) (cursor, bool) {
	if p, ok := s.memo[e]; ok {
		return p, p.l >= 0
	}
	p, ok := s.end1(e, depth)
	if s.memo == nil {
		s.memo = map[ast.Expr]cursor{}
	}
	if !ok {
		p = cursor{-1, -1}
	}
	s.memo[e] = p
	return p, ok
}

func (s *Source) end1(e ast.Expr, depth int) (cursor, bool) {
	if depth > 200 {
		return cursor{}, false
	}
	st := start(e)
	if st.l < 0 || st.l >= len(s.lines) {
		return cursor{}, false
	}
	derived := func(last ast.Expr) (cursor, bool) {
		p, ok := s.end(last, depth+1)
		if !ok {
			return p, false
		}
		return s.closeParens(st, p), true
	}
	switch e := e.(type) {
	case *ast.Name, *ast.NoneLit, *ast.Bool:
		return s.skipIdent(st), true
	case *ast.Int, *ast.Float, *ast.Imag:
		return s.skipNumber(st), true
	case *ast.EllipsisLit:
		return s.advance(st, 3), true
	case *ast.Str, *ast.Bytes, *ast.JoinedStr:
		if !s.stringStart(st) {
			return cursor{}, false
		}
		return s.skipStrings(st), true
	case *ast.List, *ast.ListComp, *ast.Set, *ast.SetComp, *ast.Dict, *ast.DictComp, *ast.GeneratorExp:
		return s.matchBracket(st)
	case *ast.Tuple:
		if s.at(st) == '(' {
			if p, ok := s.matchBracket(st); ok {
				if len(e.Elts) == 0 {
					return p, true
				}
				// (a, b) or (a), b: the parenthesis may belong to the
				// first element only.
				last, ok := s.end(e.Elts[len(e.Elts)-1], depth+1)
				if ok && (last.l < p.l || (last.l == p.l && last.c <= p.c)) {
					return p, true
				}
			}
		}
		if len(e.Elts) == 0 {
			return cursor{}, false
		}
		p, ok := derived(e.Elts[len(e.Elts)-1])
		if ok {
			// An unparenthesised tuple includes its trailing comma.
			if n := s.skipSpace(p); s.at(n) == ',' {
				p = s.next(n)
			}
		}
		return p, ok
	case *ast.Call:
		f, ok := s.end(e.Func, depth+1)
		if !ok {
			return f, false
		}
		f = s.skipSpace(s.closeParens(st, f))
		if s.at(f) != '(' {
			return f, false
		}
		return s.matchBracket(f)
	case *ast.Attribute:
		v, ok := s.end(e.Value, depth+1)
		if !ok {
			return v, false
		}
		v = s.skipSpace(s.closeParens(st, v))
		if s.at(v) != '.' {
			return v, false
		}
		return s.skipIdent(s.skipSpace(s.next(v))), true
	case *ast.Subscript:
		v, ok := s.end(e.Value, depth+1)
		if !ok {
			return v, false
		}
		v = s.skipSpace(s.closeParens(st, v))
		if s.at(v) != '[' {
			return v, false
		}
		return s.matchBracket(v)
	case *ast.BinOp:
		return derived(e.Right)
	case *ast.BoolOp:
		return derived(e.Values[len(e.Values)-1])
	case *ast.Compare:
		return derived(e.Comparators[len(e.Comparators)-1])
	case *ast.UnaryOp:
		return derived(e.Operand)
	case *ast.IfExp:
		return derived(e.OrElse)
	case *ast.Lambda:
		return derived(e.Body)
	case *ast.NamedExpr:
		return derived(e.Value)
	case *ast.Await:
		return derived(e.Value)
	case *ast.Starred:
		return derived(e.Value)
	case *ast.YieldFrom:
		return derived(e.Value)
	case *ast.Slice:
		for _, x := range []ast.Expr{e.Step, e.Upper, e.Lower} {
			if x != nil {
				return derived(x)
			}
		}
		return s.next(st), true
	case *ast.Yield:
		if e.Value == nil {
			return s.skipIdent(st), true
		}
		return derived(e.Value)
	}
	return cursor{}, false
}
