package compiler

import (
	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/parser"
)

// loc is the source extent given to the instructions emitted next.
type loc struct{ line, col, endLine, endCol int }

// setSpan makes e's extent the location of the instructions emitted next
// (its end recovered from the source, when the compiler has it) and returns
// the previous location.
func (c *compiler) setSpan(e ast.Expr) loc {
	old := c.setLoc(e.Position())
	c.setEnd(e)
	return old
}

// setEnd sets the end of the current location to where e ends.
func (c *compiler) setEnd(e ast.Expr) {
	if len(c.opts.Source) == 0 {
		return
	}
	if c.src == nil {
		c.src = parser.NewSource(string(c.opts.Source))
	}
	if end, ok := c.src.End(e); ok {
		c.u.endLine, c.u.endCol = end.Line, end.Col
	}
}

// raiseSpan gives RAISE_VARARGS the extent of the whole raise statement, as
// CPython does (a traceback marks it when a comment follows on the line).
func (c *compiler) raiseSpan(s *ast.Raise) {
	c.restoreLoc(loc{line: s.Pos.Line, col: s.Pos.Col})
	last := s.Cause
	if last == nil {
		last = s.Exc
	}
	if last == nil {
		c.u.endLine, c.u.endCol = s.Pos.Line, s.Pos.Col+len("raise")
		return
	}
	c.setEnd(last)
}

// errorSpan makes a SyntaxError over e's extent (its end_lineno and
// end_offset are where e ends, when the compiler has the source).
func (c *compiler) errorSpan(e ast.Expr, format string, args ...any) error {
	err := c.errorf(e.Position(), format, args...)
	if len(c.opts.Source) > 0 {
		if c.src == nil {
			c.src = parser.NewSource(string(c.opts.Source))
		}
		if end, ok := c.src.End(e); ok {
			err.(*ast.SyntaxError).End = end
		}
	}
	return err
}

// errorWord makes a SyntaxError over a statement made of one keyword
// (break, continue) or a keyword and an optional expression (return).
func (c *compiler) errorWord(pos ast.Pos, word string, value ast.Expr, format string, args ...any) error {
	if value != nil {
		err := c.errorSpan(value, format, args...).(*ast.SyntaxError)
		err.Pos = pos
		return err
	}
	err := c.errorf(pos, format, args...)
	err.(*ast.SyntaxError).End = ast.Pos{Line: pos.Line, Col: pos.Col + len(word)}
	return err
}

// forbiddenTarget refuses a store to or deletion of the name __debug__
// and a store to an attribute of that name, as CPython's compiler does:
// "cannot assign to __debug__".
func (c *compiler) forbiddenTarget(t ast.Expr, what string) error {
	switch t := t.(type) {
	case *ast.Name:
		if t.Id == "__debug__" {
			return c.errorSpan(t, "cannot %s __debug__", what)
		}
	case *ast.Attribute:
		if t.Attr == "__debug__" && what == "assign to" {
			return c.errorSpan(t, "cannot %s __debug__", what)
		}
	}
	return nil
}
