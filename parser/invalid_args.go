package parser

import (
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// This file gives CPython's messages for a misplaced '=' in a call's
// arguments, found after a generic failure at the '=' (or at the 'for'
// of "f(a=1 for a in b)"):
//
//	f(True=1)          cannot assign to True
//	f(a=1 for a in b)  invalid syntax. Maybe you meant '==' or ':=' instead of '='?
//	f(x.y=1), f(1=2)   expression cannot contain assignment, perhaps you meant "=="?
//
// The range runs from the argument's start to the end of its '='.

// argStart returns the index of the first token of the call argument
// that token i belongs to, or -1 when i is not directly inside a call's
// parentheses.
func (st *state) argStart(i int) int {
	o := st.enclosing(i)
	if o < 1 || !isOp(&st.toks[o], "(") {
		return -1
	}
	// a call: the '(' follows a name, a closing bracket or a string
	switch p := &st.toks[o-1]; {
	case p.Type == lexer.Name, p.Type == lexer.String, p.Type == lexer.FStringEnd,
		p.Type == lexer.Op && (p.Value == ")" || p.Value == "]"):
		return st.itemStart(o, i)
	}
	return -1
}

// invalidKwarg recognises the mistakes above at the failing token i.
func (st *state) invalidKwarg(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	t := &st.toks[i]
	eq := i
	if isKw(t, "for") {
		// NAME '=' expression for_if_clauses
		s := st.argStart(i)
		if s < 0 || s+1 >= i || st.toks[s].Type != lexer.Name || !isOp(&st.toks[s+1], "=") {
			return "", pos, end, false
		}
		return "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", st.toks[s].Pos, tokenEnd(&st.toks[s+1]), true
	}
	if !isOp(t, "=") {
		return "", pos, end, false
	}
	s := st.argStart(eq)
	if s < 0 || s >= eq {
		return "", pos, end, false
	}
	for isOp(&st.toks[s], "(") && isOp(&st.toks[eq-1], ")") && s+2 < eq {
		s++ // f(a, (b)=1): the expression's own start
	}
	first := &st.toks[s]
	if s+1 == eq && first.Type == lexer.Keyword && (first.Value == "True" || first.Value == "False" || first.Value == "None") {
		return "cannot assign to " + first.Value, first.Pos, tokenEnd(t), true
	}
	if s+1 == eq && first.Type == lexer.Name {
		return "", pos, end, false // a keyword argument: the error is elsewhere
	}
	if first.Type == lexer.Op && (first.Value == "*" || first.Value == "**") {
		return "", pos, end, false
	}
	// Not an expression: a named expression, or a generator expression
	// (which must be parenthesized unless it is the only argument).
	if st.topLevel(s, eq, func(t *plexer.Token) bool { return isOp(t, ":=") }) >= 0 {
		return "", pos, end, false
	}
	if st.topLevel(s, eq, func(t *plexer.Token) bool { return isKw(t, "for") || isKw(t, "async") }) >= 0 {
		if isOp(&st.toks[s-1], "(") {
			return "", pos, end, false
		}
		return "Generator expression must be parenthesized", first.Pos, tokenEnd(&st.toks[eq-1]), true
	}
	return "expression cannot contain assignment, perhaps you meant \"==\"?", first.Pos, tokenEnd(t), true
}

// invalidNamed gives CPython's suggestions for a '=' (token i) inside a
// parenthesized group or a list display, where an expression is expected:
// "invalid syntax. Maybe you meant '==' or ':=' instead of '='?" after a
// name (up to the end of the value), "cannot assign to X here. Maybe you
// meant '==' instead of '='?" after a literal, call, subscript or
// attribute (over it).
func (st *state) invalidNamed(i int) (msg string, pos plexer.Position, end ast.Pos, ok bool) {
	if !isOp(&st.toks[i], "=") || i+1 >= len(st.toks) {
		return "", pos, end, false
	}
	if n := &st.toks[i+1]; isOp(n, "=") || isOp(n, ":=") {
		return "", pos, end, false
	}
	s, depth := -1, 0
	for j := i - 1; j >= 0 && s < 0; j-- {
		t := &st.toks[j]
		switch {
		case t.Type == lexer.Newline || t.Type == lexer.Indent || t.Type == lexer.Dedent:
			return "", pos, end, false
		case t.Type == lexer.Op && (t.Value == ")" || t.Value == "]" || t.Value == "}"):
			depth++
		case t.Type == lexer.Op && (t.Value == "(" || t.Value == "["):
			if depth > 0 {
				depth--
				continue
			}
			if t.Value == "(" && j > 0 {
				if p := &st.toks[j-1]; p.Type == lexer.Name || isOp(p, ")") || isOp(p, "]") {
					return "", pos, end, false // a call: invalidKwarg's
				}
			}
			s = j + 1
		case t.Type == lexer.Op && t.Value == "{":
			if depth == 0 {
				return "", pos, end, false
			}
			depth--
		case t.Type == lexer.Op && t.Value == "," && depth == 0:
			s = j + 1
		}
	}
	if s < 0 || s >= i {
		return "", pos, end, false
	}
	first, last := &st.toks[s], &st.toks[i-1]
	what := ""
	switch {
	case s+1 == i && first.Type == lexer.Name:
		e, next := st.operandEnd(i + 1)
		if next < len(st.toks) && (isOp(&st.toks[next], "=") || isOp(&st.toks[next], ":=")) {
			return "", pos, end, false
		}
		return "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", first.Pos, e, true
	case s+1 == i && (first.Type == lexer.Number || first.Type == lexer.String):
		what = "literal"
	case first.Type != lexer.Name:
		return "", pos, end, false
	case isOp(last, ")"):
		what = "function call"
	case isOp(last, "]"):
		what = "subscript"
	case last.Type == lexer.Name && i-2 > s && isOp(&st.toks[i-2], "."):
		what = "attribute"
	default:
		return "", pos, end, false
	}
	return "cannot assign to " + what + " here. Maybe you meant '==' instead of '='?", first.Pos, tokenEnd(last), true
}

// operandEnd is where the operand (a bitwise_or: no comparison, keyword
// operator, conditional or assignment) starting at token i ends, and the
// index of the token after it.
func (st *state) operandEnd(i int) (ast.Pos, int) {
	end, depth := ast.Pos{}, 0
	for ; i < len(st.toks); i++ {
		t := &st.toks[i]
		if depth == 0 {
			switch {
			case t.Type == lexer.Newline || t.Type == lexer.EOF:
				return end, i
			case t.Type == lexer.Keyword && t.Value != "True" && t.Value != "False" && t.Value != "None" && t.Value != "await":
				return end, i
			case t.Type == lexer.Op:
				switch t.Value {
				case ")", "]", "}", ",", ":", "=", ":=", "==", "!=", "<", ">", "<=", ">=":
					return end, i
				}
			}
		}
		switch {
		case t.Type == lexer.Op && (t.Value == "(" || t.Value == "[" || t.Value == "{"):
			depth++
		case t.Type == lexer.Op && (t.Value == ")" || t.Value == "]" || t.Value == "}"):
			depth--
		}
		end = tokenEnd(t)
	}
	return end, i
}
