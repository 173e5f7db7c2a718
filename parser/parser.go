package parser

import (
	"errors"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"weak"

	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// Parse parses a module. On failure the error is always an *ast.SyntaxError
// (Kind "SyntaxError", "IndentationError" or "TabError") whose Text is the
// offending source line.
//
// src is decoded first as CPython decodes source files (see DecodeSource).
func Parse(filename string, src []byte) (*ast.Module, error) {
	text, err := DecodeSource(filename, src)
	if err != nil {
		return nil, err
	}
	return ParseSource(filename, text)
}

// ParseSource parses a module from text already decoded by DecodeSource.
func ParseSource(filename, text string) (*ast.Module, error) {
	build()
	st := newState(filename, text)
	var mod *ast.Module
	err := st.run(func(lex *plexer.PeekingLexer, low *lowerer) {
		mod = &ast.Module{Filename: filename}
		for lex.Peek().Type != lexer.EOF {
			s, err := parseStmt(lex)
			if err != nil {
				t := *lex.Peek()
				panic(&failure{pos: t.Pos, tok: &t})
			}
			mod.Body = append(mod.Body, low.stmt(s)...)
		}
	})
	if err != nil {
		return nil, err
	}
	mod.Warnings = st.warnings()
	return mod, nil
}

// ParseExpr parses a single expression (star_expressions, as eval() accepts;
// leading whitespace is ignored). Errors are *ast.SyntaxError.
func ParseExpr(filename string, src []byte) (ast.Expr, error) {
	e, _, err := ParseEval(filename, src)
	return e, err
}

// ParseEval is ParseExpr also returning the source's SyntaxWarnings.
func ParseEval(filename string, src []byte) (ast.Expr, []ast.Warning, error) {
	build()
	s := string(src)
	trimmed := strings.TrimLeft(s, " \t\f")
	st := newState(filename, trimmed)
	var e ast.Expr
	err := st.run(func(lex *plexer.PeekingLexer, low *lowerer) {
		if lex.Peek().Type == lexer.EOF {
			t := *lex.Peek()
			panic(&failure{pos: t.Pos, tok: &t})
		}
		in, err := evalP.p.ParseFromLexer(lex)
		if err != nil {
			f := fromParticiple(err)
			if star := st.evalItemStar(); star != nil && posBefore(star.Pos, f.pos) {
				// eval's grammar has no starred items: CPython fails at
				// the '*' before anything that follows it
				panic(&failure{msg: "invalid syntax", pos: star.Pos, end: ast.Pos{Line: star.Pos.Line, Col: star.Pos.Column + len(star.Value)}})
			}
			panic(f)
		}
		if s, ok := in.X.(*starExprs); ok {
			for _, it := range s.items {
				if it.star {
					// eval's grammar has no starred items: the '*' is
					// unexpected (one caret, two for '**')
					panic(&failure{msg: "invalid syntax", pos: it.pos, end: ast.Pos{Line: it.pos.Line, Col: it.pos.Column + 1}})
				}
			}
		}
		e = low.starExprs(in.X)
	})
	if err != nil {
		return nil, nil, err
	}
	return e, st.warnings(), nil
}

// IsIncomplete reports whether err is a syntax error caused only by the input
// ending early: an unclosed bracket, an unterminated triple-quoted string, a
// backslash continuation at the end, a block header with no body yet, a
// try without its except/finally yet, or a decorator with nothing after it.
// A REPL uses it to ask for more lines.
func IsIncomplete(err error) bool {
	var se *ast.SyntaxError
	if !errors.As(err, &se) || se == nil {
		return false
	}
	_, ok := incomplete.Load(weak.Make(se))
	return ok
}

// incomplete remembers, weakly, which errors are "incomplete input" errors,
// so that Parse can keep returning a plain *ast.SyntaxError.
var incomplete sync.Map // weak.Pointer[ast.SyntaxError] -> struct{}

func markIncomplete(se *ast.SyntaxError) {
	wp := weak.Make(se)
	incomplete.Store(wp, struct{}{})
	runtime.AddCleanup(se, func(wp weak.Pointer[ast.SyntaxError]) { incomplete.Delete(wp) }, wp)
}

type state struct {
	filename string
	src      string
	toks     []plexer.Token
	lexErr   *lexer.Error
	stream   *lexer.Stream // for its warnings once lexed
	low      *lowerer      // for the warnings lowering found
	tr       *tracker
	spans    *Source // src split for position scans (source())
}

func newState(filename, src string) *state {
	return &state{filename: filename, src: src}
}

func (st *state) run(body func(lex *plexer.PeekingLexer, low *lowerer)) (err error) {
	stream := lexer.NewStream(st.filename, st.src)
	lex, lerr := plexer.Upgrade(stream)
	if lerr != nil {
		return &ast.SyntaxError{Kind: "SyntaxError", Filename: st.filename, Pos: ast.Pos{Line: 1, Col: 1}, Msg: lerr.Error()}
	}
	st.src = stream.Src()
	st.lexErr = stream.Err()
	st.stream = stream
	// Work on participle's copy of the tokens: the tracker is keyed by it.
	st.toks = lex.Range(0, 1)
	st.toks = st.toks[:cap(st.toks)]
	for i := range st.toks {
		if st.toks[i].Type == lexer.EOF {
			st.toks = st.toks[:i+1]
			break
		}
	}
	st.tr = &tracker{}
	key := trackerKey(lex)
	trackers.Store(key, st.tr)
	defer trackers.Delete(key)
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(*failure)
			if !ok {
				panic(r)
			}
			err = st.syntaxError(f)
			if se, ok := err.(*ast.SyntaxError); ok && st.stream != nil {
				se.Warnings = st.warnings() // CPython issues them before the error
			}
		}
	}()
	st.low = &lowerer{src: st.src}
	body(lex, st.low)
	return nil
}

// lineText returns source line n (1-based) without its newline.
func (st *state) lineText(n int) string { return ast.SourceLine(st.src, n) }

// tokenAt finds the index of the token starting at pos, indentation
// tokens aside (-1 if none does).
func (st *state) tokenAt(pos plexer.Position) int {
	for i := range st.toks {
		if t := &st.toks[i]; t.Pos.Line == pos.Line && t.Pos.Column == pos.Column && t.Type != lexer.Comment && t.Type != lexer.Indent && t.Type != lexer.Dedent {
			return i
		}
	}
	return -1
}

// tokenIndex finds the index of t in the token stream (-1 if absent).
func (st *state) tokenIndex(t *plexer.Token) int {
	for i := range st.toks {
		if st.toks[i].Pos.Offset == t.Pos.Offset && st.toks[i].Type == t.Type && st.toks[i].Pos.Line == t.Pos.Line {
			return i
		}
	}
	return -1
}

var compoundKeywords = map[string]bool{
	"if": true, "elif": true, "else": true, "while": true, "for": true, "try": true,
	"except": true, "finally": true, "with": true, "def": true, "class": true, "async": true,
}

// syntaxError turns a failure into CPython's error.
func (st *state) syntaxError(f *failure) error {
	kind := f.kind
	if kind == "" {
		kind = "SyntaxError"
	}
	// The failing token: the one named by the failure, or (for generic
	// errors) the furthest token looked at, as CPython reports it.
	idx := -1
	if f.tok != nil {
		idx = st.tokenIndex(f.tok)
	} else {
		for i := range st.toks {
			if st.toks[i].Pos.Offset >= f.pos.Offset && st.toks[i].Pos.Line >= f.pos.Line {
				idx = i
				break
			}
		}
	}
	furthest := idx
	if st.tr != nil && st.tr.furthest > furthest && st.tr.furthest < len(st.toks) {
		furthest = st.tr.furthest
	}
	pos := f.pos
	msg := f.msg
	inc := f.incomplete
	var end ast.Pos      // known for errors at one token
	ruleFString := false // an f-string message of the post-failure pass
	if msg == "" && furthest >= 0 {
		idx = furthest
		tok := &st.toks[idx]
		pos = tok.Pos
		msg = "invalid syntax"
		end = tokenEnd(tok)
		rm, rp, re, rule := st.invalidRule(idx)
		switch {
		case rule:
			msg, pos, end = rm, rp, re
			ruleFString = strings.HasPrefix(msg, "f-string")
		case tok.Type == lexer.Indent:
			kind, msg = "IndentationError", "unexpected indent"
		case tok.Type == lexer.Dedent:
			kind, msg = "IndentationError", "unexpected unindent"
			inc = st.onlyDedentsFrom(idx)
		case tok.Type == lexer.EOF:
			inc = true
		case tok.Type == lexer.Newline:
			if m := st.missingColon(tok); m != "" {
				msg = m
			}
		case tok.Type == lexer.Op:
			if start, what := st.assignInCondition(idx); start >= 0 {
				pos = st.toks[start].Pos
				if what == "" {
					// The range runs from the name to the end of the value.
					msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
					end = st.valueEnd(idx + 1)
				} else {
					// The range is the target's.
					msg = "cannot assign to " + what + " here. Maybe you meant '==' instead of '='?"
					end = tokenEnd(&st.toks[idx-1])
				}
			} else if m, p, e, ok := st.invalidKwarg(idx); ok {
				msg, pos, end = m, p, e
			} else if m, p, e, ok := st.invalidNamed(idx); ok {
				msg, pos, end = m, p, e
			}
		case tok.Type == lexer.Keyword:
			if m, p, e, ok := st.invalidKwarg(idx); ok {
				msg, pos, end = m, p, e
			}
		}
	} else if msg == "" {
		msg = "invalid syntax"
	}
	if end.Line == 0 {
		end = f.end
	}
	if end.Line == 0 {
		// A message raised at one token covers that token.
		if f.tok != nil && f.tok.Pos.Line == pos.Line && f.tok.Pos.Column == pos.Column {
			end = tokenEnd(f.tok)
		} else if i := st.tokenAt(pos); i >= 0 {
			end = tokenEnd(&st.toks[i])
		}
	}
	if st.lexErr != nil && st.lexWins(kind, msg, pos, furthest) {
		out := *st.lexErr.SyntaxError
		if st.lexErr.Incomplete {
			markIncomplete(&out)
		}
		if strings.HasPrefix(out.Msg, "f-string") {
			st.atTokenAfterFString(&out)
		}
		return &out
	}
	text := st.lineText(pos.Line)
	// Errors at the end of the input are reported on the last line read.
	atEnd := false
	switch {
	case f.msg == "" && furthest >= 0 && st.toks[furthest].Type == lexer.EOF && kind == "SyntaxError":
		atEnd = true
		text, pos, end = st.atEndOfInput(false)
	case inc && (msg == "unexpected unindent" || msg == "expected 'except' or 'finally' block" ||
		kind == "IndentationError" && strings.HasPrefix(msg, "expected an indented block")):
		atEnd = true
		text, pos, end = st.atEndOfInput(true)
	}
	if kind == "SyntaxError" && !strings.HasPrefix(msg, "f-string") && st.insideFString(pos) {
		// 3.11 parses f-string fields separately and prefixes their errors.
		if msg == "can't use starred expression here" {
			msg = "cannot use starred expression here"
		}
		msg = "f-string: " + msg
		text, pos, end = st.inFieldText(pos, end)
	}
	se := &ast.SyntaxError{
		Kind:     kind,
		Filename: st.filename,
		Pos:      ast.Pos{Line: pos.Line, Col: pos.Column},
		Msg:      msg,
		Text:     text,
		End:      end,

		MsgOnlyArgs: f.msgOnly,
	}
	if kind == "SyntaxError" && (strings.HasPrefix(f.msg, "f-string") || ruleFString) {
		st.atTokenAfterFString(se)
	}
	if se.Pos.Line == 0 {
		se.Pos.Line = 1
	}
	if se.Pos.Col == 0 && !atEnd {
		se.Pos.Col = 1
	}
	se.AtEnd = atEnd
	if inc {
		markIncomplete(se)
	}
	return se
}

// lexWins decides, as CPython does, whether the tokenizer's error replaces a
// parser error. Errors the tokenizer finds anywhere in the file replace
// parser SyntaxErrors (not IndentationErrors); errors that are only detected
// at the end of the input (an unclosed bracket, a trailing backslash) need
// the parser to have got there, or the bracket to be on an earlier line.
func (st *state) lexWins(kind, msg string, pos plexer.Position, furthest int) bool {
	if furthest >= 0 && st.toks[furthest].Type == lexer.ErrorToken {
		return true
	}
	if kind != "SyntaxError" {
		return false
	}
	if !st.lexErr.Incomplete || strings.HasPrefix(st.lexErr.Msg, "unterminated") {
		return true
	}
	if furthest >= 0 && furthest+1 < len(st.toks) && st.toks[furthest+1].Type == lexer.ErrorToken {
		return true
	}
	if strings.HasPrefix(st.lexErr.Msg, "'") && strings.HasSuffix(msg, "Perhaps you forgot a comma?") {
		return true
	}
	return pos.Line > st.lexErr.Pos.Line
}

// tokenEnd is where a token ends as CPython reports it for an error at the
// token: after its text (a newline's is the comment it ends, if any), at
// its start for the end of input,
// end_offset -1 for indentation tokens (which have no extent).
func tokenEnd(tok *plexer.Token) ast.Pos {
	switch tok.Type {
	case lexer.Indent, lexer.Dedent:
		return ast.Pos{Line: tok.Pos.Line, Col: -1}
	case lexer.Newline:
		// a newline that ends a comment spans the comment
		v := strings.TrimRight(tok.Value, "\r\n")
		return ast.Pos{Line: tok.Pos.Line, Col: tok.Pos.Column + utf8.RuneCountInString(v)}
	case lexer.EOF:
		return ast.Pos{Line: tok.Pos.Line, Col: tok.Pos.Column}
	}
	v := tok.Value
	if i := strings.LastIndexByte(v, '\n'); i >= 0 {
		return ast.Pos{Line: tok.Pos.Line + strings.Count(v, "\n"), Col: utf8.RuneCountInString(v[i+1:]) + 1}
	}
	return ast.Pos{Line: tok.Pos.Line, Col: tok.Pos.Column + utf8.RuneCountInString(v)}
}

func (st *state) onlyDedentsFrom(i int) bool {
	for ; i < len(st.toks); i++ {
		switch st.toks[i].Type {
		case lexer.Dedent:
		case lexer.EOF:
			return true
		default:
			return false
		}
	}
	return false
}

// assignInCondition recognises "if x = 1:" (also elif/while): the '=' at
// token i follows the whole condition so far, a plain name (what "") or an
// attribute, subscript or call (what names it), where CPython suggests '=='.
// It returns the condition's first token, or -1.
func (st *state) assignInCondition(i int) (start int, what string) {
	if i < 2 || i+1 >= len(st.toks) || st.toks[i].Value != "=" {
		return -1, ""
	}
	if next := st.toks[i+1]; next.Type == lexer.Op && (next.Value == "=" || next.Value == ":=") {
		return -1, ""
	}
	// back to the statement's keyword, over a primary: NAME ('.' NAME | (...) | [...])*
	j, depth := i-1, 0
	for ; j >= 0; j-- {
		t := st.toks[j]
		if t.Type == lexer.Op {
			switch t.Value {
			case ")", "]", "}":
				depth++
				continue
			case "(", "[", "{":
				depth--
				continue
			}
		}
		if depth > 0 {
			continue
		}
		if depth < 0 || t.Type == lexer.Keyword || (t.Type == lexer.Op && t.Value != ".") {
			break
		}
	}
	if depth != 0 || j < 0 || j+1 >= i || st.toks[j].Type != lexer.Keyword || st.toks[j+1].Type != lexer.Name {
		return -1, ""
	}
	switch st.toks[j].Value {
	case "if", "elif", "while":
	default:
		return -1, ""
	}
	if j > 0 {
		switch st.toks[j-1].Type {
		case lexer.Newline, lexer.Indent, lexer.Dedent:
		default:
			return -1, ""
		}
	}
	if j+2 == i {
		return j + 1, ""
	}
	switch last := st.toks[i-1]; {
	case last.Type == lexer.Name && st.toks[i-2].Value == ".":
		return j + 1, "attribute"
	case last.Value == "]":
		return j + 1, "subscript"
	case last.Value == ")":
		return j + 1, "function call"
	}
	return -1, ""
}

// valueEnd is where the value starting at token i ends: before the first
// ':', newline or closing bracket outside brackets opened after i.
func (st *state) valueEnd(i int) ast.Pos {
	end, depth := ast.Pos{}, 0
	for ; i < len(st.toks); i++ {
		t := &st.toks[i]
		switch {
		case t.Type == lexer.Newline || t.Type == lexer.EOF:
			return end
		case t.Type == lexer.Op && (t.Value == "(" || t.Value == "[" || t.Value == "{"):
			depth++
		case t.Type == lexer.Op && (t.Value == ")" || t.Value == "]" || t.Value == "}"):
			if depth == 0 {
				return end
			}
			depth--
		case t.Type == lexer.Op && (t.Value == ":" || t.Value == ",") && depth == 0:
			return end
		}
		end = tokenEnd(t)
	}
	return end
}

// missingColon returns CPython's message when the logical line ending at
// the NEWLINE tok is a compound-statement header without its ':' ("expected
// ':'", or "expected '('" for a def without parameters), "" otherwise (a
// header without its expression, or ending in a keyword or an operator, is
// a plain "invalid syntax").
func (st *state) missingColon(tok *plexer.Token) string {
	i := st.tokenIndex(tok)
	if i < 0 {
		return ""
	}
	j := i - 1
	for j >= 0 && st.toks[j].Type != lexer.Newline && st.toks[j].Type != lexer.Indent && st.toks[j].Type != lexer.Dedent {
		j--
	}
	j++
	if j >= i {
		return ""
	}
	h := st.toks[j]
	if h.Type != lexer.Keyword || !compoundKeywords[h.Value] {
		return ""
	}
	if isKw(&h, "async") && j+1 < i {
		h = st.toks[j+1]
		j++
	}
	switch h.Value {
	case "else", "try", "finally", "except":
		if j+1 == i {
			return "expected ':'"
		}
	case "async":
		return ""
	default:
		if j+1 == i {
			return "" // nothing after the keyword
		}
	}
	if last := &st.toks[i-1]; (last.Type == lexer.Keyword && last.Value != "True" && last.Value != "False" && last.Value != "None" && i-1 != j) ||
		(last.Type == lexer.Op && last.Value != ")" && last.Value != "]" && last.Value != "}") {
		return ""
	}
	if h.Value == "def" && (j+2 >= i || !isOp(&st.toks[j+2], "(")) {
		return "expected '('"
	}
	depth, sawIn := 0, false
	for k := j; k < i; k++ {
		t := &st.toks[k]
		if t.Type == lexer.Op {
			switch t.Value {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case ":":
				if depth == 0 {
					return ""
				}
			}
		}
		if t.Type == lexer.Keyword && t.Value == "lambda" {
			return ""
		}
		if depth == 0 && isKw(t, "in") {
			sawIn = true
		}
	}
	if h.Value == "for" && !sawIn {
		return ""
	}
	return "expected ':'"
}

// insideFString reports whether pos lies within an f-string literal.
func (st *state) insideFString(pos plexer.Position) bool {
	before := func(a, b plexer.Position) bool {
		return a.Line < b.Line || (a.Line == b.Line && a.Column <= b.Column)
	}
	depth := 0
	var start plexer.Position
	for i := range st.toks {
		t := &st.toks[i]
		switch t.Type {
		case lexer.FStringStart:
			if depth == 0 {
				start = t.Pos
			}
			depth++
		case lexer.FStringEnd:
			depth--
			if depth == 0 && before(start, pos) && !samePos(start, pos) && before(pos, t.Pos) {
				return true
			}
		}
		if depth > 0 && i == len(st.toks)-1 && before(start, pos) && !samePos(start, pos) {
			return true
		}
	}
	return false
}

func samePos(a, b plexer.Position) bool { return a.Line == b.Line && a.Column == b.Column }

// atEndOfInput is where CPython reports an error at the end of the input
// when compiling a string: on the last line (a blank or comment line
// included), at offset 0 for the generic "invalid syntax" at the end
// marker, else after the line and its newline with end_offset -1. The text
// is that line with its newline.
func (st *state) atEndOfInput(afterLine bool) (string, plexer.Position, ast.Pos) {
	src := strings.TrimSuffix(st.src, "\n")
	n := strings.Count(src, "\n") + 1
	line := src[strings.LastIndexByte(src, '\n')+1:]
	if !afterLine {
		return line + "\n", plexer.Position{Line: n}, ast.Pos{Line: n}
	}
	return line + "\n", plexer.Position{Line: n, Column: utf8.RuneCountInString(line) + 1}, ast.Pos{Line: n, Col: -1}
}

// FileMode turns err, a compile error of the source of a script file
// (src, its bytes), into the error CPython's file reader reports: an
// error at the end of the input has offset 0 there (no caret is printed).
// The columns become UTF-8 byte columns (FileColumns).
func FileMode(err error, src []byte) error {
	var se *ast.SyntaxError
	if errors.As(err, &se) && !se.Whole {
		if text, derr := DecodeSource(se.Filename, src); derr == nil {
			FileColumns(se, text)
		}
		if se.AtEnd {
			se.Pos.Col = 0
		}
	}
	return err
}

// FileColumns gives se, a compile error of text read from a file (a
// script or an imported module), the positions CPython reports for it:
// UTF-8 byte columns (except the tokenizer's own errors), and a text
// without the newline a last line does not have in the file.
func FileColumns(se *ast.SyntaxError, text string) {
	se.ToByteColumns(text)
	if !strings.HasSuffix(text, "\n") && se.Pos.Line == strings.Count(text, "\n")+1 && se.Text != "" {
		se.Text = strings.TrimSuffix(se.Text, "\n")
		se.RawText = true
	}
}

// warnings are the tokenizer's warnings and those lowering found (invalid
// escape sequences), in source order.
func (st *state) warnings() []ast.Warning {
	ws := st.stream.Warnings()
	if st.low == nil || len(st.low.warnings) == 0 {
		return ws
	}
	all := append(append([]ast.Warning(nil), ws...), st.low.warnings...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}

// evalItemStar is the first '*' or '**' that starts a top-level item of an
// eval() source (at its start or after a top-level comma), or nil.
func (st *state) evalItemStar() *plexer.Token {
	depth := 0
	start := true
	for i := range st.toks {
		t := &st.toks[i]
		switch {
		case isOpener(t):
			depth++
		case isCloser(t):
			depth--
		case depth == 0 && start && (isOp(t, "*") || isOp(t, "**")):
			return t
		}
		start = depth == 0 && isOp(t, ",")
	}
	return nil
}
