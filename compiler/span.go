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

// source is the program text split for finding ends (nil without it).
func (c *compiler) source() *parser.Source {
	if c.src == nil && len(c.opts.Source) > 0 {
		c.src = parser.NewSource(string(c.opts.Source))
	}
	return c.src
}

// tokenEnd is where the token at pos ends (Line 0 when unknown).
func (c *compiler) tokenEnd(pos ast.Pos) ast.Pos {
	if src := c.source(); src != nil {
		if end, ok := src.TokenEnd(pos); ok {
			return end
		}
	}
	return ast.Pos{}
}

// errorSpan makes a SyntaxError over e's extent (its end_lineno and
// end_offset are where e ends, when the compiler has the source).
func (c *compiler) errorSpan(e ast.Expr, format string, args ...any) error {
	return c.errorTo(e.Position(), e, format, args...)
}

// errorTo makes a SyntaxError from pos to where e ends.
func (c *compiler) errorTo(pos ast.Pos, e ast.Expr, format string, args ...any) error {
	err := c.errorf(pos, format, args...)
	if src := c.source(); src != nil {
		if end, ok := src.End(e); ok {
			err.(*ast.SyntaxError).End = end
		}
	}
	return err
}

// errorStmt makes a SyntaxError at pos over the statement s (a compound
// statement ends with its last block).
func (c *compiler) errorStmt(pos ast.Pos, s ast.Stmt, format string, args ...any) error {
	err := c.errorf(pos, format, args...)
	if end, ok := c.stmtEnd(s); ok {
		err.(*ast.SyntaxError).End = end
	}
	return err
}

// errorLine makes a SyntaxError over the simple statement starting at pos.
func (c *compiler) errorLine(pos ast.Pos, format string, args ...any) error {
	err := c.errorf(pos, format, args...)
	if src := c.source(); src != nil {
		if end, ok := src.LineEnd(pos); ok {
			err.(*ast.SyntaxError).End = end
		}
	}
	return err
}

// stmtEnd is where statement s ends: its last block's last statement for
// a compound one, its logical line's content otherwise.
func (c *compiler) stmtEnd(s ast.Stmt) (ast.Pos, bool) {
	for depth := 0; depth < 100; depth++ {
		var body []ast.Stmt
		switch t := s.(type) {
		case *ast.If:
			body = lastBlock(t.OrElse, t.Body)
		case *ast.While:
			body = lastBlock(t.OrElse, t.Body)
		case *ast.For:
			body = lastBlock(t.OrElse, t.Body)
		case *ast.With:
			body = t.Body
		case *ast.FunctionDef:
			body = t.Body
		case *ast.ClassDef:
			body = t.Body
		case *ast.Try:
			body = lastBlock(t.Finalbody, t.OrElse, handlerBody(t.Handlers), t.Body)
		case *ast.TryStar:
			body = lastBlock(t.Finalbody, t.OrElse, handlerBody(t.Handlers), t.Body)
		case *ast.Match:
			if len(t.Cases) > 0 {
				body = t.Cases[len(t.Cases)-1].Body
			}
		default:
			src := c.source()
			if src == nil {
				return ast.Pos{}, false
			}
			return src.LineEnd(s.Position())
		}
		if len(body) == 0 {
			return ast.Pos{}, false
		}
		s = body[len(body)-1]
	}
	return ast.Pos{}, false
}

// lastBlock is the first non-empty block of blocks (given last first).
func lastBlock(blocks ...[]ast.Stmt) []ast.Stmt {
	for _, b := range blocks {
		if len(b) > 0 {
			return b
		}
	}
	return nil
}

// handlerBody is the body of the last except clause of hs.
func handlerBody(hs []*ast.ExceptHandler) []ast.Stmt {
	if len(hs) == 0 {
		return nil
	}
	return hs[len(hs)-1].Body
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

// matchAttr moves the start of the current location to a's attribute name
// when a ends on a later line than the location starts (a chain spread
// over lines, `.name` on a line of its own): CPython 3.11 places the
// attribute's load, store or delete, and a method call, there.
func (c *compiler) matchAttr(a *ast.Attribute) {
	if len(c.opts.Source) == 0 {
		return
	}
	if c.src == nil {
		c.src = parser.NewSource(string(c.opts.Source))
	}
	end, ok := c.src.End(a)
	if !ok || end.Line == c.u.line || c.u.line == 0 {
		return
	}
	c.u.line = end.Line
	if n := len(a.Attr); n < end.Col {
		c.u.col = end.Col - n
	}
	if c.u.endLine < end.Line || c.u.endLine == end.Line && c.u.endCol < end.Col {
		c.u.endLine, c.u.endCol = end.Line, end.Col
	}
}
