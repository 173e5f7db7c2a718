package compiler

import "github.com/pyasync/pyasync/ast"

// This file checks `from __future__ import` statements as CPython 3.11
// does: only the ones at the start of a module (after its docstring) are
// future statements, their features must be known ("not a chance" for
// braces), and a future import anywhere else is an error.

// futureFeatures are the features Python 3.11 knows (all but annotations
// are mandatory by now, so importing them changes nothing).
var futureFeatures = map[string]bool{
	"nested_scopes": true, "generators": true, "division": true, "absolute_import": true,
	"with_statement": true, "print_function": true, "unicode_literals": true,
	"barry_as_FLUFL": true, "generator_stop": true, "annotations": true,
}

// isFutureImport reports whether s is `from __future__ import ...`.
func isFutureImport(s ast.Stmt) (*ast.ImportFrom, bool) {
	f, ok := s.(*ast.ImportFrom)
	return f, ok && f.Module == "__future__" && f.Level == 0
}

// leadingFutures returns the future statements of a module's body: the
// future imports at its start, after an optional docstring.
func leadingFutures(body []ast.Stmt) []*ast.ImportFrom {
	var out []*ast.ImportFrom
	for i, s := range body {
		if e, ok := s.(*ast.ExprStmt); ok && i == 0 {
			if _, ok := e.Value.(*ast.Str); ok {
				continue
			}
		}
		f, ok := isFutureImport(s)
		if !ok {
			break
		}
		out = append(out, f)
	}
	return out
}

// checkFutures refuses unknown features in the module's future statements
// (CPython gives these errors no end_offset and only the message in args)
// and records the statements for lateFuture.
func (c *compiler) checkFutures(mod *ast.Module) error {
	c.futures = leadingFutures(mod.Body)
	if err := c.sameLineFuture(mod.Body); err != nil {
		return err
	}
	for _, f := range c.futures {
		for _, a := range f.Names {
			msg := ""
			switch {
			case a.Name == "braces":
				msg = "not a chance"
			case !futureFeatures[a.Name]:
				msg = "future feature " + a.Name + " is not defined"
			default:
				continue
			}
			err := c.errorf(f.Pos, "%s", msg).(*ast.SyntaxError)
			err.End = ast.Pos{Line: f.Pos.Line, Col: ast.NoCol}
			err.MsgOnlyArgs = true
			return err
		}
	}
	return nil
}

// lateFuture refuses a future import that is not a future statement.
func (c *compiler) lateFuture(s *ast.ImportFrom) error {
	if _, ok := isFutureImport(s); !ok {
		return nil
	}
	for _, f := range c.futures {
		if f == s {
			return nil
		}
	}
	return c.errorStmt(s.Pos, s, "from __future__ imports must occur at the beginning of the file")
}

// sameLineFuture refuses a future import on the line of the statement that
// ended the module's future statements (`x = 1; from __future__ import
// annotations`). CPython finds this one while collecting the features, so
// the error has another form: offset one column early, no end_offset, and
// only the message in args.
func (c *compiler) sameLineFuture(body []ast.Stmt) error {
	i := len(c.futures)
	if i < len(body) && i == 0 {
		if e, ok := body[0].(*ast.ExprStmt); ok {
			if _, ok := e.Value.(*ast.Str); ok {
				i++
			}
		}
	}
	if i >= len(body) {
		return nil
	}
	line := body[i].Position().Line
	for _, s := range body[i+1:] {
		p := s.Position()
		if p.Line != line {
			return nil
		}
		if _, ok := isFutureImport(s); ok {
			err := c.errorf(p, "from __future__ imports must occur at the beginning of the file").(*ast.SyntaxError)
			err.Pos.Col = p.Col - 1
			err.End = ast.Pos{Line: p.Line, Col: ast.NoCol}
			err.MsgOnlyArgs = true
			return err
		}
	}
	return nil
}
