package ast

import (
	"fmt"
	"strings"
	"unicode"
)

// SyntaxError is a compile-time error: a SyntaxError, IndentationError or
// TabError in Python's terms. The lexer's, parser's and compiler's errors all
// end up as one of these.
type SyntaxError struct {
	Kind     string // "SyntaxError", "IndentationError" or "TabError"
	Filename string
	Pos      Pos
	Msg      string
	Text     string // the offending source line, without its newline ("" if unknown)
	// End is where the failing token or expression ends (end_lineno and
	// end_offset; Line 0 when unknown).
	End Pos
	// Whole marks errors about the whole file (its encoding): CPython
	// prints them without a location.
	Whole bool
	// MsgOnlyArgs marks errors of the symbol table, whose exception's
	// args hold only the message in CPython (the location is in the
	// attributes alone).
	MsgOnlyArgs bool
	// AtEnd marks errors found at the end of the input, whose column
	// CPython reports differently for a script file (parser.FileMode).
	AtEnd bool
	// RawText marks a Text that is the source line exactly as CPython
	// gives it (a last line without a newline stays without one).
	RawText bool
	// Compiler marks errors of the compiler and symbol table (found after
	// parsing): CPython reports their columns in UTF-8 bytes and, for
	// compile() at run time, takes their text from the file named by the
	// filename (see vm's compileError).
	Compiler bool
	// ByteCols marks columns already converted to UTF-8 byte columns
	// (ToByteColumns).
	ByteCols bool
	// CharCols marks errors of CPython's tokenizer whose columns are
	// characters even in source read as bytes (ToByteColumns leaves them).
	CharCols bool
	// Warnings are the SyntaxWarnings found before the error, which
	// CPython issues before raising it.
	Warnings []Warning
}

// ToByteColumns converts the error's 1-based character columns into the
// 1-based UTF-8 byte columns CPython reports for source it reads as bytes
// (a script or module file, compile() of bytes) and for every compiler
// error; src is the decoded source the positions refer to. Converting
// twice does nothing.
func (e *SyntaxError) ToByteColumns(src string) {
	if e.ByteCols || e.CharCols || e.Whole {
		return
	}
	e.ByteCols = true
	e.Pos.Col = byteColumn(SourceLine(src, e.Pos.Line), e.Pos.Col)
	if e.End.Line > 0 && e.End.Col != NoCol {
		e.End.Col = byteColumn(SourceLine(src, e.End.Line), e.End.Col)
	}
}

// SourceLine is line n (1-based) of src without its newline, "" when
// there is none.
func SourceLine(src string, n int) string {
	for i := 1; i < n; i++ {
		j := strings.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := strings.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return src
}

// byteColumn converts the 1-based character column col of line into a
// 1-based UTF-8 byte column (a column past the line's end stays as far
// past its last byte).
func byteColumn(line string, col int) int {
	if col < 1 {
		return col
	}
	chars := 0
	for i := range line {
		if chars == col-1 {
			return i + 1
		}
		chars++
	}
	return len(line) + col - chars
}

// NoCol is an End.Col for an error whose end_offset CPython leaves None
// while giving its end_lineno (unknown future features).
const NoCol = -1 << 30

// Error returns a one-line description: file:line:col: Kind: msg.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.Filename, e.Pos.Line, e.Pos.Col, e.kind(), e.Msg)
}

func (e *SyntaxError) kind() string {
	if e.Kind == "" {
		return "SyntaxError"
	}
	return e.Kind
}

// writeHead writes the report's first line: the whole message for an
// error about the whole file (encoding problems have no location; it
// reports false, nothing follows), else the "File ..., line N" line.
func (e *SyntaxError) writeHead(b *strings.Builder) bool {
	if e.Whole {
		fmt.Fprintf(b, "%s: %s\n", e.kind(), e.Msg)
		return false
	}
	fmt.Fprintf(b, "  File \"%s\", line %d\n", e.Filename, e.Pos.Line)
	return true
}

// Format renders the error as CPython prints it:
//
//	  File "x.pya", line 3
//	    x = = 2
//	        ^
//	SyntaxError: invalid syntax
//
// The columns count characters on the shown line, clipped to its length
// in UTF-8 bytes, as CPython's own report does (so byte columns of a
// line with non-ASCII text put the carets further right).
func (e *SyntaxError) Format() string {
	var b strings.Builder
	if !e.writeHead(&b) {
		return b.String()
	}
	if e.Text != "" {
		line := strings.TrimRight(e.Text, "\r\n")
		trimmed := strings.TrimLeft(line, " \t\f")
		cut := len([]rune(line)) - len([]rune(trimmed))
		fmt.Fprintf(&b, "    %s\n", trimmed)
		col := e.Pos.Col - 1 - cut
		n := len(trimmed)
		if col > n {
			col = n
		}
		// A column inside the indentation that was cut (an unexpected
		// indent) gets no caret line, as python3 prints it.
		if col >= 0 {
			fmt.Fprintf(&b, "    %s%s\n", strings.Repeat(" ", col), strings.Repeat("^", e.caretWidth(col, n, cut)))
		}
	}
	fmt.Fprintf(&b, "%s: %s\n", e.kind(), e.Msg)
	return b.String()
}

// FormatTraceback renders the error as Python's traceback module does
// (traceback.format_exception_only), which differs from Format past the
// end of the line: the caret column is clipped to the line's characters
// and the carets are not clipped at all; only spaces and form feeds are
// cut from the front, and the caret line keeps the line's tabs.
func (e *SyntaxError) FormatTraceback() string {
	var b strings.Builder
	if !e.writeHead(&b) {
		return b.String()
	}
	if e.Text != "" {
		line := []rune(strings.TrimRight(e.Text, "\n"))
		cut := 0
		for cut < len(line) && (line[cut] == ' ' || line[cut] == '\n' || line[cut] == '\f') {
			cut++
		}
		shown := line[cut:]
		fmt.Fprintf(&b, "    %s\n", string(shown))
		end := e.End.Col
		if e.End.Line == 0 || end == 0 || end == NoCol {
			end = e.Pos.Col
		}
		if end == e.Pos.Col || end == -1 {
			end = e.Pos.Col + 1
		}
		// an offset of 0 (or None) leaves col negative: no caret line
		if col := e.Pos.Col - 1 - cut; col >= 0 {
			var sp strings.Builder
			for i, r := range shown {
				if i == col {
					break
				}
				if unicode.IsSpace(r) {
					sp.WriteRune(r)
				} else {
					sp.WriteByte(' ')
				}
			}
			fmt.Fprintf(&b, "    %s%s\n", sp.String(), strings.Repeat("^", max(0, end-1-cut-col)))
		}
	}
	fmt.Fprintf(&b, "%s: %s\n", e.kind(), e.Msg)
	return b.String()
}

// caretWidth is how many carets mark the error under the shown line (col:
// its 0-based column there, n its length, cut the indentation removed): the
// range to End when it is on the same line, to the end of the line when it
// ends on a later one, one caret otherwise (and always one for an
// IndentationError or TabError, as python3 prints them).
func (e *SyntaxError) caretWidth(col, n, cut int) int {
	if e.Kind == "IndentationError" || e.Kind == "TabError" {
		return 1
	}
	end := col + 1
	switch {
	case e.End.Line > e.Pos.Line:
		end = n
	case e.End.Line == e.Pos.Line && e.End.Col > e.Pos.Col:
		end = e.End.Col - 1 - cut
	}
	limit := n // clipped to the text, where a final newline counts
	if strings.HasSuffix(e.Text, "\n") {
		limit++
	}
	if end > limit {
		end = limit
	}
	if end <= col {
		return 1
	}
	return end - col
}
