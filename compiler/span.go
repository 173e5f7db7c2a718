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
