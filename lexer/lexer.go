package lexer

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	plexer "github.com/alecthomas/participle/v2/lexer"
	"golang.org/x/text/unicode/norm"

	"github.com/pyasync/pyasync/ast"
)

// Token is participle's token type; the lexer produces these.
type Token = plexer.Token

// TokenType is participle's token-type type.
type TokenType = plexer.TokenType

// The token types produced by the lexer. EOF is participle's own.
const (
	EOF           TokenType = plexer.EOF
	Newline       TokenType = iota + 1 // end of a logical line; Value "\n"
	Indent                             // indentation increased; Value ""
	Dedent                             // indentation decreased; Value ""
	Name                               // identifier (including soft keywords such as match)
	Keyword                            // reserved word such as if or lambda
	Number                             // int, float or imaginary literal, as written
	String                             // string or bytes literal as written, prefix and quotes included
	FStringStart                       // prefix and opening quote of an f-string, e.g. f"
	FStringMiddle                      // literal text of an f-string or of a format spec, as written
	FStringEnd                         // closing quote of an f-string
	Op                                 // operator or delimiter
	Comment                            // comment (only with Options.Comments)
	ErrorToken                         // placed where lexing failed; see Result.Err
)

var symbols = map[string]TokenType{
	"EOF":           EOF,
	"Newline":       Newline,
	"Indent":        Indent,
	"Dedent":        Dedent,
	"Name":          Name,
	"Keyword":       Keyword,
	"Number":        Number,
	"String":        String,
	"FStringStart":  FStringStart,
	"FStringMiddle": FStringMiddle,
	"FStringEnd":    FStringEnd,
	"Op":            Op,
	"Comment":       Comment,
	"Error":         ErrorToken,
}

// TypeName returns the symbolic name of a token type, e.g. "Newline".
func TypeName(t TokenType) string {
	for k, v := range symbols {
		if v == t {
			return k
		}
	}
	return fmt.Sprintf("TokenType(%d)", int(t))
}

// Keywords is the set of Python 3.11's reserved words.
var Keywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true, "finally": true,
	"for": true, "from": true, "global": true, "if": true, "import": true, "in": true,
	"is": true, "lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true,
	"raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
}

// Definition is the pyasync lexer as a participle lexer.Definition. It also
// implements participle's StringDefinition and BytesDefinition fast paths.
//
// Lexing errors are not returned by Lex: the token stream instead ends with an
// ErrorToken followed by EOF, and the error is available from the returned
// lexer's Err method. This lets a parser report an earlier syntax error first,
// as CPython does.
type Definition struct {
	// Comments makes the lexer emit Comment tokens.
	Comments bool
}

// Default is the Definition used by the parser.
var Default = &Definition{}

var _ plexer.Definition = (*Definition)(nil)
var _ plexer.StringDefinition = (*Definition)(nil)
var _ plexer.BytesDefinition = (*Definition)(nil)

// Symbols returns the token-type names, as participle requires.
func (d *Definition) Symbols() map[string]TokenType {
	out := make(map[string]TokenType, len(symbols))
	for k, v := range symbols {
		out[k] = v
	}
	return out
}

// Lex tokenizes everything r yields.
func (d *Definition) Lex(filename string, r io.Reader) (plexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexString tokenizes s.
func (d *Definition) LexString(filename string, s string) (plexer.Lexer, error) {
	res := tokenize(filename, s, d.Comments)
	return &TokenLexer{Tokens: res.Tokens, Error: res.Err}, nil
}

// LexBytes tokenizes b.
func (d *Definition) LexBytes(filename string, b []byte) (plexer.Lexer, error) {
	return d.LexString(filename, string(b))
}

// TokenLexer replays a token slice; it is what Lex returns.
type TokenLexer struct {
	Tokens []Token
	// Error is the lexing error, if lexing stopped at an ErrorToken.
	Error *Error
	i     int
}

// Next returns the next token; after the last one it keeps returning EOF.
func (l *TokenLexer) Next() (Token, error) {
	if len(l.Tokens) == 0 {
		return Token{Type: EOF}, nil
	}
	if l.i >= len(l.Tokens) {
		return l.Tokens[len(l.Tokens)-1], nil
	}
	t := l.Tokens[l.i]
	l.i++
	return t, nil
}

// Err returns the lexing error, or nil.
func (l *TokenLexer) Err() *Error { return l.Error }

// Error is a lexing error.
type Error struct {
	*ast.SyntaxError
	// Incomplete is true when the error only comes from the input ending
	// early: an unclosed bracket, an unterminated triple-quoted string or a
	// backslash continuation at the end.
	Incomplete bool
}

// Result is the output of Tokenize.
type Result struct {
	// Tokens always ends with EOF. When Err is set, the token before EOF is
	// an ErrorToken placed where lexing failed.
	Tokens []Token
	Err    *Error
	// Src is the source the token offsets refer to: the input with "\r\n"
	// and "\r" line endings turned into "\n".
	Src string
}

// Tokenize splits src into tokens. It never fails outright: see Result.
func Tokenize(filename, src string) Result {
	return tokenize(filename, src, false)
}

// TokenizeWithComments is Tokenize but also emits Comment tokens.
func TokenizeWithComments(filename, src string) Result {
	return tokenize(filename, src, true)
}

type bracket struct {
	ch    byte
	off   int
	line  int
	col   int
	field bool // the '{' that opens an f-string replacement field
}

type modeKind uint8

const (
	modeFString modeKind = iota // scanning f-string literal text
	modeField                   // scanning the expression of a replacement field
	modeSpec                    // scanning a format spec
)

type mode struct {
	kind    modeKind
	quote   byte
	triple  bool
	raw     bool
	fstr    int // index (in modes) of the enclosing f-string
	bracket int // modeField: index in brackets of the field's '{'
	off     int // modeFString: offset of the f-string start
	line    int
	col     int
}

type scanner struct {
	filename string
	src      string
	comments bool
	// warnings are the SyntaxWarnings of the source (a number literal
	// run into a keyword: 1if), in source order.
	warnings  []ast.Warning
	i         int
	line      int
	lineStart int
	lineASCII bool
	toks      []Token
	indents   []int
	alt       []int
	brackets  []bracket
	modes     []mode
	err       *Error
	// lineHasContent is true once a token other than a comment has been
	// emitted on the current logical line.
	lineHasContent bool
	// commentAt is 1 + the offset of a comment that ends the current
	// line (0: none): the line's Newline token starts there, as
	// CPython's NEWLINE does (errors "at the newline" point at the comment).
	commentAt   int
	atLineStart bool
	head        int // streaming: tokens before head have been handed out
	done        bool
	errEmitted  bool
}

// errStop is panicked to unwind the scanner when an error was recorded.
type errStop struct{}

func tokenize(filename, src string, comments bool) (res Result) {
	s := newScanner(filename, src, comments)
	s.toks = make([]Token, 0, len(src)/4+8)
	s.safeRun(s.run)
	return Result{Tokens: s.toks, Err: s.err, Src: s.src}
}

func newScanner(filename, src string, comments bool) *scanner {
	if strings.IndexByte(src, '\r') >= 0 {
		src = strings.ReplaceAll(src, "\r\n", "\n")
		src = strings.ReplaceAll(src, "\r", "\n")
	}
	s := &scanner{filename: filename, src: src, comments: comments, line: 1, indents: []int{0}, alt: []int{0}, atLineStart: true}
	s.startLine(0)
	// Skip a UTF-8 byte-order mark.
	if strings.HasPrefix(src, "\ufeff") {
		s.i = 3
	}
	return s
}

// safeRun runs f, turning a recorded error into ErrorToken + EOF.
func (s *scanner) safeRun(f func()) {
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(errStop); !ok {
					panic(r)
				}
			}
		}()
		f()
	}()
	if s.err != nil && !s.errEmitted {
		s.done, s.errEmitted = true, true
		p := s.err.Pos
		s.toks = append(s.toks, Token{Type: ErrorToken, Value: s.err.Msg, Pos: plexer.Position{Filename: s.filename, Offset: s.i, Line: p.Line, Column: p.Col}})
		s.toks = append(s.toks, Token{Type: EOF, Pos: plexer.Position{Filename: s.filename, Offset: len(s.src), Line: p.Line, Column: p.Col}})
	}
}

// Stream is a lexer that produces tokens on demand, without materialising
// the whole token slice (participle copies the tokens anyway).
type Stream struct {
	s *scanner
}

// NewStream starts lexing src.
func NewStream(filename, src string) *Stream {
	s := newScanner(filename, src, false)
	s.toks = make([]Token, 0, 16)
	return &Stream{s: s}
}

// Next returns the next token; after EOF it keeps returning EOF.
func (st *Stream) Next() (Token, error) {
	s := st.s
	for s.head >= len(s.toks) {
		if s.done {
			return s.toks[len(s.toks)-1], nil
		}
		s.toks = s.toks[:0]
		s.head = 0
		s.safeRun(func() {
			if !s.step() {
				s.done = true
			}
		})
	}
	t := s.toks[s.head]
	s.head++
	return t, nil
}

// Err returns the lexing error once the stream has reached it, or nil.
func (st *Stream) Err() *Error { return st.s.err }

// Warnings returns the SyntaxWarnings of the source lexed so far.
func (st *Stream) Warnings() []ast.Warning { return st.s.warnings }

// Src returns the source the token offsets refer to (line endings
// normalised to "\n").
func (st *Stream) Src() string { return st.s.src }

func (s *scanner) startLine(off int) {
	s.lineStart = off
	s.lineASCII = true
	for j := off; j < len(s.src); j++ {
		c := s.src[j]
		if c == '\n' {
			break
		}
		if c >= utf8.RuneSelf {
			s.lineASCII = false
			break
		}
	}
}

// newline records that the character at off is '\n'.
func (s *scanner) newline(off int) {
	s.line++
	s.startLine(off + 1)
}

func (s *scanner) col(off int) int {
	if s.lineASCII {
		return off - s.lineStart + 1
	}
	return utf8.RuneCountInString(s.src[s.lineStart:off]) + 1
}

func (s *scanner) pos(off int) plexer.Position {
	return plexer.Position{Filename: s.filename, Offset: off, Line: s.line, Column: s.col(off)}
}

func (s *scanner) emit(t TokenType, start, end int) {
	s.toks = append(s.toks, Token{Type: t, Value: s.src[start:end], Pos: s.pos(start)})
	if t != Comment {
		s.lineHasContent = true
	}
}

func (s *scanner) emitAt(t TokenType, val string, p plexer.Position) {
	s.toks = append(s.toks, Token{Type: t, Value: val, Pos: p})
	if t == FStringStart || t == FStringMiddle {
		s.lineHasContent = true
	}
}

// lineText returns the text of the line starting at off, without newline.
func (s *scanner) lineText(off int) string {
	end := strings.IndexByte(s.src[off:], '\n')
	if end < 0 {
		return s.src[off:]
	}
	return s.src[off : off+end]
}

// fail records an error at the given 1-based line and column and stops.
// Its end is its start, as CPython's tokenizer reports most of its errors.
func (s *scanner) fail(kind string, line, col int, lineStart int, incomplete bool, format string, args ...any) {
	s.failTo(kind, line, col, col, lineStart, incomplete, format, args...)
}

// failTo is fail with the end_offset given: CPython's tokenizer gives a few
// errors a range (leading zeros), 0 (TabError, a character after a line
// continuation) or -1 (an unmatched unindent, EOF after a continuation).
func (s *scanner) failTo(kind string, line, col, endCol int, lineStart int, incomplete bool, format string, args ...any) {
	s.err = &Error{SyntaxError: &ast.SyntaxError{
		Kind:     kind,
		Filename: s.filename,
		Pos:      ast.Pos{Line: line, Col: col},
		Msg:      fmt.Sprintf(format, args...),
		Text:     s.lineText(lineStart),
		End:      ast.Pos{Line: line, Col: endCol},
	}, Incomplete: incomplete}
	panic(errStop{})
}

// failChars is fail for an unterminated string, whose columns CPython's
// tokenizer gives in characters even in source read as bytes.
func (s *scanner) failChars(line, col int, lineStart int, incomplete bool, format string, args ...any) {
	defer func() {
		if s.err != nil {
			s.err.CharCols = true
		}
	}()
	s.fail("SyntaxError", line, col, lineStart, incomplete, format, args...)
}

// failHere records an error on the current line at the column of off.
func (s *scanner) failHere(off int, format string, args ...any) {
	s.fail("SyntaxError", s.line, s.col(off), s.lineStart, false, format, args...)
}

// failLine is failHere for the errors CPython's tokenizer raises itself
// (bad characters, unmatched brackets, bad number literals), whose text
// is the line without its newline and whose columns are characters even
// in source read as bytes.
func (s *scanner) failLine(line, col int, format string, args ...any) {
	defer func() {
		if s.err != nil {
			s.err.RawText = true
			s.err.CharCols = true
		}
	}()
	s.fail("SyntaxError", line, col, s.lineStart, false, format, args...)
}

// msgFieldBackslash is 3.11's error for a backslash anywhere in a
// replacement field's expression (a line continuation, an escape in a
// string or nested f-string); format specs may hold them.
const msgFieldBackslash = "f-string expression part cannot include a backslash"

func (s *scanner) topMode() *mode {
	if len(s.modes) == 0 {
		return nil
	}
	return &s.modes[len(s.modes)-1]
}

func (s *scanner) run() {
	for s.step() {
	}
}

// step scans until at least one more token has been emitted or the input
// is finished; it returns false once EOF has been emitted.
func (s *scanner) step() bool {
	for {
		if m := s.topMode(); m != nil && m.kind != modeField {
			if m.kind == modeFString {
				s.scanFStringText(m)
			} else {
				s.scanSpecText(m)
			}
			return true
		}
		if s.atLineStart && len(s.brackets) == 0 {
			s.atLineStart = false
			if !s.indentation() {
				return false
			}
		}
		if s.i >= len(s.src) {
			s.finish()
			return false
		}
		c := s.src[s.i]
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\r':
			s.i++
		case c == '\n':
			if m := s.topMode(); m != nil && !s.modes[m.fstr].triple {
				s.unterminatedFString(m)
			}
			if len(s.brackets) == 0 {
				if s.lineHasContent {
					start := s.i
					if s.commentAt > 0 {
						start = s.commentAt - 1
					}
					s.emit(Newline, start, s.i+1)
					s.lineHasContent = false
				}
				s.atLineStart = true
			}
			s.newline(s.i)
			s.commentAt = 0
			s.i++
		case c == '#':
			if m := s.topMode(); m != nil {
				s.failHere(s.i, "f-string expression part cannot include '#'")
			}
			start := s.i
			s.commentAt = start + 1
			for s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
			if s.comments {
				s.emit(Comment, start, s.i)
			}
		case c == '\\':
			if s.topMode() != nil {
				s.failHere(s.i, msgFieldBackslash)
			}
			s.continuation()
		case c >= '0' && c <= '9' || c == '.' && s.i+1 < len(s.src) && isDigit(s.src[s.i+1]):
			s.number()
		case c == '"' || c == '\'':
			if m := s.topMode(); m != nil {
				f := s.modes[m.fstr]
				if c == f.quote && (!f.triple || strings.HasPrefix(s.src[s.i:], strings.Repeat(string(c), 3))) {
					s.failHere(s.i, "f-string: expecting '}'")
				}
			}
			s.str(s.i, s.i)
		case isASCIIIdentStart(c) || c >= utf8.RuneSelf:
			s.nameOrString()
		case c < ' ' || c == 0x7f:
			// A control character outside a string (NUL bytes were
			// refused with the whole source).
			s.failLine(s.line, s.col(s.i), "invalid non-printable character U+%04X", c)
		default:
			s.operator()
		}
		if len(s.toks) > s.head {
			return true
		}
	}
}

// indentation handles the start of a logical line. It returns false at EOF
// (after finishing).
func (s *scanner) indentation() bool {
	for {
		col, alt := 0, 0
		start := s.i
		for s.i < len(s.src) {
			c := s.src[s.i]
			if c == ' ' {
				col++
				alt++
			} else if c == '\t' {
				col = (col/8 + 1) * 8
				alt++
			} else if c == '\f' {
				col, alt = 0, 0
			} else {
				break
			}
			s.i++
		}
		if s.i >= len(s.src) {
			s.finish()
			return false
		}
		c := s.src[s.i]
		if c == '#' || c == '\n' || c == '\r' && s.i+1 < len(s.src) && s.src[s.i+1] == '\n' {
			// Blank or comment-only line: no indentation processing.
			if c == '#' {
				cs := s.i
				for s.i < len(s.src) && s.src[s.i] != '\n' {
					s.i++
				}
				if s.comments {
					s.emit(Comment, cs, s.i)
					s.lineHasContent = false
				}
				if s.i >= len(s.src) {
					s.finish()
					return false
				}
			}
			if s.src[s.i] == '\r' {
				s.i++
			}
			s.newline(s.i)
			s.i++
			continue
		}
		if c == '\\' {
			// A line starting with a continuation: CPython treats the
			// indentation as that of the joined line; keep it simple.
			_ = start
		}
		top := s.indents[len(s.indents)-1]
		altTop := s.alt[len(s.alt)-1]
		nchars := s.i - start
		switch {
		case col == top:
			if alt != altTop {
				s.tabError()
			}
		case col > top:
			if alt <= altTop {
				s.tabError()
			}
			if len(s.indents) >= maxIndent {
				s.fail("IndentationError", s.line, s.col(s.i), s.lineStart, false, "too many levels of indentation")
			}
			s.indents = append(s.indents, col)
			s.alt = append(s.alt, alt)
			p := s.pos(s.i)
			p.Column = max(1, nchars)
			s.emitAt(Indent, "", p)
		default:
			for len(s.indents) > 1 && col < s.indents[len(s.indents)-1] {
				s.indents = s.indents[:len(s.indents)-1]
				s.alt = s.alt[:len(s.alt)-1]
				s.emitAt(Dedent, "", s.pos(s.i))
			}
			if col != s.indents[len(s.indents)-1] {
				line := s.lineText(s.lineStart)
				s.failTo("IndentationError", s.line, utf8.RuneCountInString(line)+1, -1, s.lineStart, false,
					"unindent does not match any outer indentation level")
			}
			if alt != s.alt[len(s.alt)-1] {
				s.tabError()
			}
		}
		return true
	}
}

func (s *scanner) tabError() {
	s.failTo("TabError", s.line, 1, 0, s.lineStart, false, "inconsistent use of tabs and spaces in indentation")
}

func (s *scanner) finish() {
	if m := s.topMode(); m != nil {
		s.unterminatedFString(m)
	}
	if len(s.brackets) > 0 {
		b := s.brackets[len(s.brackets)-1]
		s.err = &Error{SyntaxError: &ast.SyntaxError{
			Kind: "SyntaxError", Filename: s.filename, Pos: ast.Pos{Line: b.line, Col: b.col},
			Msg:  fmt.Sprintf("'%c' was never closed", b.ch),
			Text: s.lineContaining(b.off),
			End:  ast.Pos{Line: b.line, Col: 0},
		}, Incomplete: true}
		if !strings.Contains(strings.TrimSuffix(s.src[b.off:], "\n"), "\n") {
			// CPython's text keeps (or gets) a newline when the bracket
			// is on the last line, and has none when lines follow
			s.err.Text += "\n"
			s.err.RawText = true
		}
		return
	}
	p := s.pos(s.i)
	if s.lineHasContent {
		if s.commentAt > 0 {
			// the implicit newline of a last line that ends in a comment
			// spans the comment, as a real one
			c := s.commentAt - 1
			s.emitAt(Newline, s.src[c:s.i]+"\n", s.pos(c))
		} else {
			s.emitAt(Newline, "\n", p)
		}
		s.lineHasContent = false
	}
	for len(s.indents) > 1 {
		s.indents = s.indents[:len(s.indents)-1]
		s.emitAt(Dedent, "", p)
	}
	s.emitAt(EOF, "", p)
}

func (s *scanner) lineContaining(off int) string {
	ls := strings.LastIndexByte(s.src[:off], '\n') + 1
	return s.lineText(ls)
}

func (s *scanner) continuation() {
	start := s.i
	j := s.i + 1
	if j < len(s.src) && s.src[j] == '\r' {
		j++
	}
	if j >= len(s.src) {
		s.failTo("SyntaxError", s.line, s.col(start)+1, -1, s.lineStart, true, "unexpected EOF while parsing")
	}
	if s.src[j] != '\n' {
		s.failTo("SyntaxError", s.line, s.col(start+1), 0, s.lineStart, false, "unexpected character after line continuation character")
	}
	line, col, ls := s.line, s.col(start)+1, s.lineStart
	s.newline(j)
	s.i = j + 1
	if s.i >= len(s.src) {
		s.failTo("SyntaxError", line, col, -1, ls, true, "unexpected EOF while parsing")
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIIIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isASCIIIdentChar(c byte) bool {
	return isASCIIIdentStart(c) || isDigit(c)
}

// IsIdentStart reports whether r may start an identifier.
func IsIdentStart(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIIdentStart(byte(r))
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

// IsIdentChar reports whether r may continue an identifier.
func IsIdentChar(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIIdentChar(byte(r))
	}
	return IsIdentStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

// potentialIdentChar mirrors CPython's is_potential_identifier_char.
func potentialIdentChar(c byte) bool {
	return isASCIIIdentChar(c) || c >= 128
}

func (s *scanner) nameOrString() {
	start := s.i
	for s.i < len(s.src) {
		c := s.src[s.i]
		if c < utf8.RuneSelf {
			if !isASCIIIdentChar(c) {
				break
			}
			s.i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s.src[s.i:])
		ok := IsIdentChar(r)
		if s.i == start {
			ok = IsIdentStart(r)
		}
		if r == utf8.RuneError && size == 1 {
			// Undecodable bytes in an identifier (a source whose
			// declared or default encoding is UTF-8): CPython's message.
			end := s.i
			for end < len(s.src) && potentialIdentChar(s.src[end]) {
				end++
			}
			s.failHere(s.i, "%s", UTF8Error(s.src[start:end]))
		}
		if !ok {
			break
		}
		s.i += size
	}
	if s.i == start {
		r, size := utf8.DecodeRuneInString(s.src[s.i:])
		if r == utf8.RuneError && size <= 1 {
			s.failLine(s.line, s.col(s.i), "invalid non-printable character U+%04X", s.src[s.i])
		}
		if unicode.IsPrint(r) {
			s.failLine(s.line, s.col(s.i), "invalid character '%c' (U+%04X)", r, r)
		}
		s.failLine(s.line, s.col(s.i), "invalid non-printable character U+%04X", r)
	}
	word := s.src[start:s.i]
	if s.i < len(s.src) && (s.src[s.i] == '"' || s.src[s.i] == '\'') && isStringPrefix(word) {
		s.str(start, s.i)
		return
	}
	if Keywords[word] {
		s.emit(Keyword, start, s.i)
	} else if !s.lineASCII && !isASCII(word) {
		// Identifiers are NFKC-normalised (PEP 3131).
		s.emitAt(Name, norm.NFKC.String(word), s.pos(start))
		s.lineHasContent = true
	} else {
		s.emit(Name, start, s.i)
	}
}

func isStringPrefix(w string) bool {
	if len(w) > 2 {
		return false
	}
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// str scans a string literal whose prefix starts at start and whose quote is
// at q.
func (s *scanner) str(start, q int) {
	prefix := strings.ToLower(s.src[start:q])
	raw := strings.Contains(prefix, "r")
	quote := s.src[q]
	triple := q+2 < len(s.src) && s.src[q+1] == quote && s.src[q+2] == quote
	startPos := s.pos(start)
	startLineStart := s.lineStart
	if strings.Contains(prefix, "f") {
		n := 1
		if triple {
			n = 3
		}
		s.i = q + n
		s.emitAt(FStringStart, s.src[start:s.i], startPos)
		s.modes = append(s.modes, mode{kind: modeFString, quote: quote, triple: triple, raw: raw, fstr: len(s.modes), off: start, line: startPos.Line, col: startPos.Column})
		return
	}
	i := q + 1
	if triple {
		i = q + 3
	}
	for {
		if i >= len(s.src) {
			if triple {
				s.failChars(startPos.Line, startPos.Column, startLineStart, true,
					"unterminated triple-quoted string literal (detected at line %d)", s.lastLine(startPos.Line))
			}
			s.failChars(startPos.Line, startPos.Column, startLineStart, false,
				"unterminated string literal (detected at line %d)", s.line)
		}
		c := s.src[i]
		if c == quote {
			if !triple {
				i++
				break
			}
			if i+2 < len(s.src) && s.src[i+1] == quote && s.src[i+2] == quote {
				i += 3
				break
			}
		} else if c == '\\' {
			if s.topMode() != nil {
				s.failHere(i, msgFieldBackslash) // a string inside a replacement field
			}
			if i+1 < len(s.src) {
				if s.src[i+1] == '\n' {
					s.newline(i + 1)
				}
				i += 2
				continue
			}
		} else if c == '\n' {
			if !triple {
				s.failChars(startPos.Line, startPos.Column, startLineStart, false,
					"unterminated string literal (detected at line %d)", s.line)
			}
			s.newline(i)
		}
		i++
	}
	s.i = i
	s.toks = append(s.toks, Token{Type: String, Value: s.src[start:i], Pos: startPos})
	s.lineHasContent = true
}

// lastLine is the line CPython names for a string left open at the end of
// the input that began on line start: the last line holding text (the
// empty line after a final newline does not count).
func (s *scanner) lastLine(start int) int {
	if s.line > start && strings.HasSuffix(s.src, "\n") {
		return s.line - 1
	}
	return s.line
}

func (s *scanner) unterminatedFString(m *mode) {
	f := s.modes[m.fstr]
	if m.kind != modeFString {
		// Inside a replacement field or a spec.
		s.failHere(s.i, "f-string: expecting '}'")
	}
	if f.triple {
		s.failChars(f.line, f.col, s.lineStartOf(f.off), true,
			"unterminated triple-quoted string literal (detected at line %d)", s.lastLine(f.line))
	}
	s.failChars(f.line, f.col, s.lineStartOf(f.off), false,
		"unterminated string literal (detected at line %d)", s.line)
}

func (s *scanner) lineStartOf(off int) int {
	return strings.LastIndexByte(s.src[:off], '\n') + 1
}

// scanFStringText scans literal text of an f-string up to a replacement
// field or the closing quote.
func (s *scanner) scanFStringText(m *mode) {
	start := s.i
	startPos := s.pos(start)
	i := s.i
	for {
		if i >= len(s.src) {
			s.i = i
			s.unterminatedFString(m)
		}
		c := s.src[i]
		switch c {
		case m.quote:
			if !m.triple || i+2 < len(s.src) && s.src[i+1] == m.quote && s.src[i+2] == m.quote {
				if i > start {
					s.emitAt(FStringMiddle, s.src[start:i], startPos)
				}
				n := 1
				if m.triple {
					n = 3
				}
				s.emit(FStringEnd, i, i+n)
				s.i = i + n
				s.modes = s.modes[:len(s.modes)-1]
				return
			}
		case '\\':
			if m.fstr > 0 {
				s.failHere(i, msgFieldBackslash) // an f-string inside a replacement field
			}
			if i+1 < len(s.src) {
				n := s.src[i+1]
				if n == '\n' {
					s.newline(i + 1)
					i += 2
					continue
				}
				if !m.raw && n == 'N' && i+2 < len(s.src) && s.src[i+2] == '{' {
					j := strings.IndexAny(s.src[i+3:], "}\n"+string(m.quote))
					if j >= 0 && s.src[i+3+j] == '}' {
						i += 3 + j + 1
						continue
					}
				}
				if n == '{' || n == '}' {
					i++
					continue
				}
				if !m.raw || n == m.quote || n == '\\' {
					i += 2
					continue
				}
			}
		case '{':
			if i+1 < len(s.src) && s.src[i+1] == '{' {
				i += 2
				continue
			}
			if i > start {
				s.emitAt(FStringMiddle, s.src[start:i], startPos)
			}
			s.openField(i, m.fstr)
			return
		case '}':
			if i+1 < len(s.src) && s.src[i+1] == '}' {
				i += 2
				continue
			}
			s.failHere(i, "f-string: single '}' is not allowed")
		case '\n':
			if !m.triple {
				s.i = i
				s.unterminatedFString(m)
			}
			s.newline(i)
		}
		i++
	}
}

// maxLevel and maxIndent are CPython's tokenizer limits.
const (
	maxLevel  = 200
	maxIndent = 100
)

func (s *scanner) openField(i, fstr int) {
	if len(s.brackets) >= maxLevel {
		s.failLine(s.line, s.col(i), "too many nested parentheses")
	}
	s.emit(Op, i, i+1)
	p := s.pos(i)
	s.brackets = append(s.brackets, bracket{ch: '{', off: i, line: p.Line, col: p.Column, field: true})
	s.modes = append(s.modes, mode{kind: modeField, fstr: fstr, bracket: len(s.brackets) - 1})
	s.i = i + 1
}

// scanSpecText scans the literal text of a format spec.
func (s *scanner) scanSpecText(m *mode) {
	f := s.modes[m.fstr]
	start := s.i
	startPos := s.pos(start)
	i := s.i
	for {
		if i >= len(s.src) {
			s.i = i
			s.unterminatedFString(m)
		}
		c := s.src[i]
		switch {
		case c == f.quote && (!f.triple || i+2 < len(s.src) && s.src[i+1] == f.quote && s.src[i+2] == f.quote):
			s.failHere(i, "f-string: expecting '}'")
		case c == '\\' && i+1 < len(s.src) && s.src[i+1] != '\n':
			i += 2
			continue
		case c == '{':
			if i > start {
				s.emitAt(FStringMiddle, s.src[start:i], startPos)
			}
			s.openField(i, m.fstr)
			return
		case c == '}':
			if i > start {
				s.emitAt(FStringMiddle, s.src[start:i], startPos)
			}
			// End of the enclosing field: pop the spec, then the field.
			s.modes = s.modes[:len(s.modes)-1]
			s.closeField(i)
			return
		case c == '\n':
			if !f.triple {
				s.i = i
				s.unterminatedFString(m)
			}
			s.newline(i)
		}
		i++
	}
}

// closeField emits the '}' at i that closes the replacement field on top of
// the mode stack.
func (s *scanner) closeField(i int) {
	s.emit(Op, i, i+1)
	s.brackets = s.brackets[:len(s.brackets)-1]
	s.modes = s.modes[:len(s.modes)-1]
	s.i = i + 1
}

var threeCharOps = []string{"**=", "//=", ">>=", "<<=", "..."}

var twoCharOps = map[string]bool{
	"**": true, "//": true, ">>": true, "<<": true, "<=": true, ">=": true, "==": true,
	"!=": true, "->": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true,
	"&=": true, "|=": true, "^=": true, "@=": true, ":=": true,
}

func (s *scanner) operator() {
	start := s.i
	c := s.src[s.i]
	// Replacement-field structure: '}', ':' and '!' at the field's own level.
	if m := s.topMode(); m != nil && m.kind == modeField && m.bracket == len(s.brackets)-1 {
		switch c {
		case '}':
			s.closeField(s.i)
			return
		case ':':
			s.emit(Op, s.i, s.i+1)
			s.i++
			s.modes = append(s.modes, mode{kind: modeSpec, fstr: m.fstr})
			return
		case '!':
			if s.i+1 >= len(s.src) || s.src[s.i+1] != '=' {
				s.emit(Op, s.i, s.i+1)
				s.i++
				return
			}
		}
	}
	n := 1
	if s.i+3 <= len(s.src) {
		t := s.src[s.i : s.i+3]
		for _, op := range threeCharOps {
			if t == op {
				n = 3
				break
			}
		}
	}
	if n == 1 && s.i+2 <= len(s.src) && twoCharOps[s.src[s.i:s.i+2]] {
		n = 2
	}
	s.i += n
	switch c {
	case '(', '[', '{':
		if len(s.brackets) >= maxLevel {
			s.failLine(s.line, s.col(start), "too many nested parentheses")
		}
		p := s.pos(start)
		s.brackets = append(s.brackets, bracket{ch: c, off: start, line: p.Line, col: p.Column})
	case ')', ']', '}':
		if len(s.brackets) == 0 {
			s.failLine(s.line, s.col(start), "unmatched '%c'", c)
		}
		b := s.brackets[len(s.brackets)-1]
		open := map[byte]byte{')': '(', ']': '[', '}': '{'}[c]
		if b.field {
			// A closer inside a replacement field that does not match.
			s.failHere(start, "f-string: unmatched '%c'", c)
		}
		if b.ch != open {
			if b.line != s.line {
				s.failLine(s.line, s.col(start), "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c, b.ch, b.line)
			}
			s.failLine(s.line, s.col(start), "closing parenthesis '%c' does not match opening parenthesis '%c'", c, b.ch)
		}
		s.brackets = s.brackets[:len(s.brackets)-1]
	}
	s.emit(Op, start, s.i)
}

// number scans a numeric literal, following CPython's tokenizer, including
// its error columns (which point just before the tokenizer's cursor).
func (s *scanner) number() {
	start := s.i
	src := s.src
	i := s.i
	at := func(j int) byte {
		if j < len(src) {
			return src[j]
		}
		return 0
	}
	// errAt reports an error whose cursor is at j (the column is j's
	// 0-based column, i.e. the character before it, as CPython does).
	errAt := func(j int, format string, args ...any) {
		s.failLine(s.line, max(1, s.col(j)-1), format, args...)
	}
	// digits scans digits accepted by ok, with single underscores between
	// them. It returns the new index.
	digits := func(j int, ok func(byte) bool, kind string) int {
		for {
			for ok(at(j)) {
				j++
			}
			if at(j) != '_' {
				return j
			}
			j++
			if !ok(at(j)) {
				errAt(j, "invalid %s literal", kind)
			}
		}
	}
	endCheck := func(j int, kind string) {
		c := at(j)
		r := false
		rest := src[min(j, len(src)):]
		switch c {
		case 'a':
			r = strings.HasPrefix(rest, "and")
		case 'e':
			r = strings.HasPrefix(rest, "else")
		case 'f':
			r = strings.HasPrefix(rest, "for")
		case 'i':
			r = strings.HasPrefix(rest, "if") || strings.HasPrefix(rest, "in") || strings.HasPrefix(rest, "is")
		case 'o':
			r = strings.HasPrefix(rest, "or")
		case 'n':
			r = strings.HasPrefix(rest, "not")
		}
		if r {
			// CPython reads "1if" as 1 if, and warns
			s.warnings = append(s.warnings, ast.Warning{Line: s.line, Msg: "invalid " + kind + " literal"})
		} else if c != 0 && potentialIdentChar(c) {
			errAt(j, "invalid %s literal", kind)
		}
	}
	isHex := func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	isOct := func(c byte) bool { return c >= '0' && c <= '7' }
	isBin := func(c byte) bool { return c == '0' || c == '1' }
	if at(i) == '0' && (at(i+1)|0x20 == 'x' || at(i+1)|0x20 == 'o' || at(i+1)|0x20 == 'b') {
		kind, ok := "hexadecimal", isHex
		switch at(i+1) | 0x20 {
		case 'o':
			kind, ok = "octal", isOct
		case 'b':
			kind, ok = "binary", isBin
		}
		j := i + 2
		if at(j) == '_' {
			j++
		}
		if !ok(at(j)) {
			if kind != "hexadecimal" && isDigit(at(j)) {
				errAt(j+1, "invalid digit '%c' in %s literal", at(j), kind)
			}
			errAt(j, "invalid %s literal", kind)
		}
		j = digits(j, ok, kind)
		if kind != "hexadecimal" && isDigit(at(j)) {
			errAt(j+1, "invalid digit '%c' in %s literal", at(j), kind)
		}
		endCheck(j, kind)
		s.i = j
		s.emit(Number, start, j)
		return
	}
	j := i
	isFloat := false
	if at(j) != '.' {
		j = digits(j, isDigit, "decimal")
	}
	intEnd := j
	if at(j) == '.' {
		isFloat = true
		j++
		if isDigit(at(j)) {
			j = digits(j, isDigit, "decimal")
		}
	}
	if at(j)|0x20 == 'e' {
		e := j
		k := j + 1
		if at(k) == '+' || at(k) == '-' {
			k++
			if !isDigit(at(k)) {
				errAt(k, "invalid decimal literal")
			}
		}
		if isDigit(at(k)) {
			isFloat = true
			j = digits(k, isDigit, "decimal")
		} else {
			endCheck(e, "decimal")
			// 'e' starts a keyword such as "else": the number ends here.
			j = e
			s.i = j
			s.checkLeadingZeros(start, intEnd, isFloat)
			s.emit(Number, start, j)
			return
		}
	}
	if at(j)|0x20 == 'j' {
		j++
		endCheck(j, "imaginary")
		s.i = j
		s.emit(Number, start, j)
		return
	}
	s.checkLeadingZeros(start, intEnd, isFloat)
	endCheck(j, "decimal")
	s.i = j
	s.emit(Number, start, j)
}

func (s *scanner) checkLeadingZeros(start, intEnd int, isFloat bool) {
	if isFloat || s.src[start] != '0' {
		return
	}
	for k := start; k < intEnd; k++ {
		if c := s.src[k]; c != '0' && c != '_' {
			// The range covers the leading zeros (and underscores); the
			// text is the line without its newline, as in failLine.
			// Its columns are UTF-8 bytes whatever the source.
			defer func() { s.err.RawText, s.err.ByteCols = true, true }()
			s.failTo("SyntaxError", s.line, start-s.lineStart+1, k-s.lineStart+1, s.lineStart, false,
				"leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
		}
	}
}

func isASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// UTF8Error is CPython's message for the first undecodable byte of s:
// "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3:
// unexpected end of data" (or "invalid continuation byte", "invalid start
// byte").
func UTF8Error(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	if i >= len(s) {
		return ""
	}
	c := s[i]
	need := 0
	switch {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c >= 0xe0 && c <= 0xef:
		need = 2
	case c >= 0xf0 && c <= 0xf4:
		need = 3
	}
	reason := "invalid start byte"
	if need > 0 {
		reason = "invalid continuation byte"
		j := i + 1
		for j < len(s) && j <= i+need && s[j]&0xc0 == 0x80 {
			j++
		}
		if j == len(s) && j <= i+need {
			reason = "unexpected end of data"
		}
	}
	return fmt.Sprintf("(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %d: %s", c, i, reason)
}
