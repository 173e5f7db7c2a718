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

func (c *compiler) warn(msg string, line int) {
	if c.opts.Warn != nil {
		c.opts.Warn("SyntaxWarning", msg, line)
	}
}

// checkAssertTuple warns about "assert (x, msg)".
func (c *compiler) checkAssertTuple(s *ast.Assert) {
	if t, ok := s.Test.(*ast.Tuple); ok && len(t.Elts) > 0 {
		c.warn("assertion is always true, perhaps remove parentheses?", s.Pos.Line)
	}
}

// literalType is the type a literal or display evaluates to ("" when the
// expression is not one), as CPython's compiler infers it for its warnings.
func literalType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Tuple:
		return "tuple"
	case *ast.List, *ast.ListComp:
		return "list"
	case *ast.Dict, *ast.DictComp:
		return "dict"
	case *ast.Set, *ast.SetComp:
		return "set"
	case *ast.GeneratorExp:
		return "generator"
	case *ast.Lambda:
		return "function"
	case *ast.JoinedStr, *ast.FormattedValue, *ast.Str:
		return "str"
	case *ast.Bytes:
		return "bytes"
	case *ast.Int:
		return "int"
	case *ast.Float:
		return "float"
	case *ast.Imag:
		return "complex"
	case *ast.Bool:
		return "bool"
	case *ast.NoneLit:
		return "NoneType"
	case *ast.EllipsisLit:
		return "ellipsis"
	case *ast.UnaryOp:
		if v, ok := foldConst(e); ok {
			switch v.(type) {
			case float64:
				return "float"
			default:
				return "int"
			}
		}
	}
	return ""
}

// isConstantNode reports whether e is a constant after folding.
func isConstantNode(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Int, *ast.Float, *ast.Imag, *ast.Str, *ast.Bytes, *ast.Bool, *ast.NoneLit, *ast.EllipsisLit:
		return true
	case *ast.Tuple, *ast.UnaryOp:
		_, ok := foldConst(e)
		return ok
	}
	return false
}

// checkCaller warns about calling a literal: "(1, 2) (3, 4)".
func (c *compiler) checkCaller(e *ast.Call) {
	switch e.Func.(type) {
	case *ast.Tuple, *ast.List, *ast.ListComp, *ast.Dict, *ast.DictComp, *ast.Set, *ast.SetComp,
		*ast.GeneratorExp, *ast.JoinedStr, *ast.FormattedValue:
	default:
		if !isConstantNode(e.Func) {
			return
		}
	}
	c.warn("'"+literalType(e.Func)+"' object is not callable; perhaps you missed a comma?", e.Pos.Line)
}

// checkSubscript warns about subscripting a literal that cannot be
// subscripted, or indexing a sequence literal by a non-integer literal.
func (c *compiler) checkSubscript(e *ast.Subscript) {
	t := literalType(e.Value)
	switch e.Value.(type) {
	case *ast.Set, *ast.SetComp, *ast.GeneratorExp, *ast.Lambda:
		c.warn("'"+t+"' object is not subscriptable; perhaps you missed a comma?", e.Pos.Line)
		return
	}
	if isConstantNode(e.Value) {
		switch t {
		case "NoneType", "int", "bool", "float", "complex":
			c.warn("'"+t+"' object is not subscriptable; perhaps you missed a comma?", e.Pos.Line)
			return
		}
	}
	it := literalType(e.Index)
	if it == "" || it == "int" || it == "bool" {
		return
	}
	switch e.Value.(type) {
	case *ast.Str, *ast.Bytes, *ast.Tuple, *ast.List, *ast.ListComp, *ast.JoinedStr, *ast.FormattedValue:
		if _, isTuple := e.Value.(*ast.Tuple); isTuple || t != "" {
			c.warn(t+" indices must be integers or slices, not "+it+"; perhaps you missed a comma?", e.Pos.Line)
		}
	}
}
