package ast

import (
	"fmt"
	"strings"
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
	// Whole marks errors about the whole file (its encoding): CPython
	// prints them without a location.
	Whole bool
}

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

// Format renders the error as CPython prints it:
//
//	  File "x.pya", line 3
//	    x = = 2
//	        ^
//	SyntaxError: invalid syntax
func (e *SyntaxError) Format() string {
	var b strings.Builder
	if e.Whole {
		// Errors about the whole file (encoding problems) have no location.
		fmt.Fprintf(&b, "%s: %s\n", e.kind(), e.Msg)
		return b.String()
	}
	fmt.Fprintf(&b, "  File \"%s\", line %d\n", e.Filename, e.Pos.Line)
	if e.Text != "" {
		line := strings.TrimRight(e.Text, "\r\n")
		trimmed := strings.TrimLeft(line, " \t\f")
		cut := len([]rune(line)) - len([]rune(trimmed))
		fmt.Fprintf(&b, "    %s\n", trimmed)
		col := e.Pos.Col - 1 - cut
		if col < 0 {
			col = 0
		}
		if n := len([]rune(trimmed)); col > n {
			col = n
		}
		fmt.Fprintf(&b, "    %s^\n", strings.Repeat(" ", col))
	}
	fmt.Fprintf(&b, "%s: %s\n", e.kind(), e.Msg)
	return b.String()
}
