package compiler

import "github.com/pyasync/pyasync/ast"

// This file holds the compile-time warnings CPython 3.11 prints by default.
// (Invalid escape sequences raise a DeprecationWarning that the default
// filters hide outside __main__'s run time, so nothing is printed for them.)

// checkIsLiteral warns about "is"/"is not" with a literal operand.
func (c *compiler) checkIsLiteral(e *ast.Compare) {
	if c.opts.Warn == nil {
		return
	}
	left := e.Left
	for i, op := range e.Ops {
		right := e.Comparators[i]
		if (op == ast.Is || op == ast.IsNot) && (isLiteral(left) || isLiteral(right)) {
			msg := `"is" with a literal. Did you mean "=="?`
			if op == ast.IsNot {
				msg = `"is not" with a literal. Did you mean "!="?`
			}
			c.opts.Warn("SyntaxWarning", msg, e.Pos.Line)
			return
		}
		left = right
	}
}

// isLiteral reports whether e is a constant other than None, True, False
// and Ellipsis (CPython's check_is_arg, after constant folding).
func isLiteral(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.NoneLit, *ast.Bool, *ast.EllipsisLit:
		return false
	case *ast.Tuple:
		_, ok := foldConst(e)
		return ok
	case *ast.UnaryOp:
		_, ok := foldConst(e)
		return ok
	}
	return isConstant(e) || isImag(e)
}

func isImag(e ast.Expr) bool {
	_, ok := e.(*ast.Imag)
	return ok
}
