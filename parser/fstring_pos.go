package parser

import (
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// This file locates f-string errors as CPython 3.11 reports them. Its
// parser checks an f-string's text after reading the whole literal (and
// the token after it), so errors found in the text itself are reported at
// that next token; an expression field is parsed alone, as "(expr)", and
// its syntax errors are positioned in that text, which is also their
// text attribute.

// fstringField is one replacement field's expression: from just after
// its '{' to the '!', ':', '=' or '}' that ends it.
type fstringField struct{ start, end cursor }

// AfterLiteral finds the token after the string literals (implicitly
// concatenated ones included) starting at lit: where it starts and ends.
// inBrackets says whether newlines are insignificant there. A newline or
// the end of the input ends where it starts.
func (s *Source) AfterLiteral(lit ast.Pos, inBrackets bool) (start, end ast.Pos, ok bool) {
	p := cursor{lit.Line - 1, lit.Col - 1}
	if p.l < 0 || p.l >= len(s.lines) || !s.stringStart(p) {
		return ast.Pos{}, ast.Pos{}, false
	}
	p = s.skipString(p)
	for {
		switch r := s.at(p); {
		case r == ' ' || r == '\t' || r == '\f' || r == '\r':
			p = s.next(p)
		case r == '\\' && s.at(s.next(p)) == '\n':
			p = s.advance(p, 2)
		case r == '#':
			p = cursor{p.l, len(s.lines[p.l])}
		case r == '\n' && inBrackets:
			p = s.next(p)
		case r == '\'' || r == '"' || (isIdentRune(r) && s.stringStart(p)):
			p = s.skipString(p)
		case r == '\n' || r == 0:
			at := ast.Pos{Line: p.l + 1, Col: p.c + 1}
			return at, at, true
		default:
			at := ast.Pos{Line: p.l + 1, Col: p.c + 1}
			e, ok := s.TokenEnd(at)
			return at, e, ok
		}
	}
}

// FieldAt returns the expression of the innermost replacement field of the
// f-string literal starting at lit that contains pos: its text and where
// it starts.
func (s *Source) FieldAt(lit, pos ast.Pos) (expr string, start ast.Pos, ok bool) {
	p := cursor{lit.Line - 1, lit.Col - 1}
	if p.l < 0 || p.l >= len(s.lines) {
		return "", ast.Pos{}, false
	}
	p, q, triple, _ := s.openQuote(p)
	if q == 0 {
		return "", ast.Pos{}, false
	}
	var fields []fstringField
	s.scanFields(p, q, triple, 0, &fields)
	target := cursor{pos.Line - 1, pos.Col - 1}
	best := -1
	for i, f := range fields {
		if !before(target, f.start) && before(target, s.next(f.end)) {
			if best < 0 || before(fields[best].start, f.start) {
				best = i
			}
		}
	}
	if best < 0 {
		return "", ast.Pos{}, false
	}
	f := fields[best]
	var runes []rune
	for c := f.start; before(c, f.end); c = s.next(c) {
		runes = append(runes, s.at(c))
	}
	return string(runes), ast.Pos{Line: f.start.l + 1, Col: f.start.c + 1}, true
}

func before(a, b cursor) bool { return a.l < b.l || (a.l == b.l && a.c < b.c) }

// scanFields reads literal text from p up to its closing quote q (or, in a
// format spec, depth > 0, up to the '}' closing the field), collecting the
// fields, and returns where it stopped.
func (s *Source) scanFields(p cursor, q rune, triple bool, depth int, fields *[]fstringField) cursor {
	for {
		r := s.at(p)
		switch {
		case r == 0 || (r == '\n' && !triple):
			return p
		case r == q && depth == 0 && (!triple || (s.at(s.next(p)) == q && s.at(s.advance(p, 2)) == q)):
			return p
		case r == '\\':
			p = s.advance(p, 2)
		case r == '{' && s.at(s.next(p)) == '{' && depth == 0:
			p = s.advance(p, 2)
		case r == '}' && depth > 0:
			return p
		case r == '{':
			p = s.scanField(s.next(p), q, triple, depth, fields)
		default:
			p = s.next(p)
		}
	}
}

// scanField reads one replacement field from just after its '{'.
func (s *Source) scanField(p cursor, q rune, triple bool, depth int, fields *[]fstringField) cursor {
	start, nest := p, 0
	for {
		r := s.at(p)
		switch {
		case r == 0 || r == q:
			*fields = append(*fields, fstringField{start, p})
			return p
		case r == '\'' || r == '"':
			p = s.next(p)
			for s.at(p) != r && s.at(p) != 0 && s.at(p) != q {
				p = s.next(p)
			}
			p = s.next(p)
			continue
		case r == '(' || r == '[' || r == '{':
			nest++
		case (r == ')' || r == ']' || r == '}') && nest > 0:
			nest--
		case nest == 0 && (r == '}' || r == ':' || (r == '!' && s.at(s.next(p)) != '=') ||
			(r == '=' && s.at(s.next(p)) != '=' && !s.afterCompare(p))):
			*fields = append(*fields, fstringField{start, p})
			for s.at(p) != '}' && s.at(p) != ':' && s.at(p) != 0 && s.at(p) != q {
				p = s.next(p)
			}
			if s.at(p) == ':' {
				p = s.scanFields(s.next(p), q, triple, depth+1, fields)
			}
			if s.at(p) == '}' {
				p = s.next(p)
			}
			return p
		}
		p = s.next(p)
	}
}

// afterCompare reports whether the '=' at p ends a comparison operator.
func (s *Source) afterCompare(p cursor) bool {
	if p.c == 0 {
		return false
	}
	r := s.at(cursor{p.l, p.c - 1})
	return r == '=' || r == '!' || r == '<' || r == '>'
}

// fstringStart returns the start of the f-string literal whose text holds
// pos: the outermost one, or with inner set the innermost.
func (st *state) fstringStart(pos plexer.Position, inner bool) (plexer.Position, bool) {
	var starts []plexer.Position
	var found plexer.Position
	ok := false
	for i := range st.toks {
		t := &st.toks[i]
		if !posBefore(t.Pos, pos) {
			break
		}
		switch t.Type {
		case lexer.FStringStart:
			starts = append(starts, t.Pos)
		case lexer.FStringEnd:
			if len(starts) > 0 {
				starts = starts[:len(starts)-1]
			}
		}
	}
	if len(starts) > 0 {
		found, ok = starts[0], true
		if inner {
			found = starts[len(starts)-1]
		}
	}
	return found, ok
}

func posBefore(a, b plexer.Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
}

// inFieldText positions a syntax error of an f-string field's expression
// in the text "(expr)", as CPython does: it returns that text and the
// position and end in it (unchanged when the field is not found).
func (st *state) inFieldText(pos plexer.Position, end ast.Pos) (string, plexer.Position, ast.Pos) {
	text := st.lineText(pos.Line)
	lit, ok := st.fstringStart(pos, true)
	if !ok {
		return text, pos, ast.Pos{}
	}
	expr, start, ok := st.source().FieldAt(toPos(lit), toPos(pos))
	if !ok || start.Line != pos.Line {
		return text, pos, ast.Pos{}
	}
	rel := pos
	rel.Line = start.Line
	rel.Column = pos.Column - start.Col + 2
	if end.Line == pos.Line && end.Col > 0 {
		end = ast.Pos{Line: start.Line, Col: end.Col - start.Col + 2}
	} else {
		end = ast.Pos{}
	}
	return "(" + expr + ")", rel, end
}

// atTokenAfterFString moves an error found in an f-string's text to the
// token after the literal, where CPython 3.11 reports it.
func (st *state) atTokenAfterFString(se *ast.SyntaxError) {
	p := plexer.Position{Line: se.Pos.Line, Column: se.Pos.Col}
	lit, ok := st.fstringStart(p, false)
	if !ok {
		return
	}
	at, end, ok := st.source().AfterLiteral(toPos(lit), st.bracketsOpenAt(lit))
	if !ok {
		return
	}
	se.Pos, se.End, se.Text = at, end, st.lineText(at.Line)
}

// bracketsOpenAt reports whether brackets opened on the logical line are
// still open at pos.
func (st *state) bracketsOpenAt(pos plexer.Position) bool {
	depth := 0
	for i := range st.toks {
		t := &st.toks[i]
		if !posBefore(t.Pos, pos) {
			break
		}
		switch {
		case t.Type == lexer.Newline:
			depth = 0
		case t.Type == lexer.Op && (t.Value == "(" || t.Value == "[" || t.Value == "{"):
			depth++
		case t.Type == lexer.Op && (t.Value == ")" || t.Value == "]" || t.Value == "}"):
			depth--
		}
	}
	return depth > 0
}

// source is the program text split for position scans, made on first use.
func (st *state) source() *Source {
	if st.spans == nil {
		st.spans = NewSource(st.src)
	}
	return st.spans
}
