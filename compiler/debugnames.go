package compiler

import (
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// This file refuses the name __debug__ where a definition, a parameter,
// an import or a keyword argument would bind it, as CPython's compiler
// does: "cannot assign to __debug__", over the statement (or the call or
// lambda expression) being compiled. Targets of assignments are checked by
// forbiddenTarget.

const debugName = "__debug__"

// argsBindDebug reports whether a parameter of a is named __debug__.
func argsBindDebug(a *ast.Arguments) bool {
	if a == nil {
		return false
	}
	for _, list := range [][]*ast.Arg{a.PosOnly, a.Args, a.KwOnly} {
		for _, p := range list {
			if p.Name == debugName {
				return true
			}
		}
	}
	return (a.Vararg != nil && a.Vararg.Name == debugName) || (a.Kwarg != nil && a.Kwarg.Name == debugName)
}

// keywordsBindDebug reports whether a keyword argument is named __debug__.
func keywordsBindDebug(kws []*ast.Keyword) bool {
	for _, kw := range kws {
		if kw.Arg == debugName {
			return true
		}
	}
	return false
}

// debugDef checks a def or class statement: its name, parameters and
// (for a class) keywords.
func (c *compiler) debugDef(s ast.Stmt, name string, args *ast.Arguments, kws []*ast.Keyword) error {
	if name == debugName || argsBindDebug(args) || keywordsBindDebug(kws) {
		return c.errorStmt(s.Position(), s, "cannot assign to __debug__")
	}
	return nil
}

// debugImport checks the names an import statement binds.
func (c *compiler) debugImport(s ast.Stmt, names []*ast.Alias) error {
	for _, a := range names {
		bound := a.AsName
		if bound == "" {
			bound, _, _ = strings.Cut(a.Name, ".")
		}
		if bound == debugName {
			return c.errorStmt(s.Position(), s, "cannot assign to __debug__")
		}
	}
	return nil
}

// debugExpr checks a lambda's parameters or a call's keywords.
func (c *compiler) debugExpr(e ast.Expr) error {
	bad := false
	switch e := e.(type) {
	case *ast.Lambda:
		bad = argsBindDebug(e.Args)
	case *ast.Call:
		bad = keywordsBindDebug(e.Keywords)
	}
	if bad {
		return c.errorSpan(e, "cannot assign to __debug__")
	}
	return nil
}
