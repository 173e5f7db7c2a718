package compiler

import (
	"math"
	"strconv"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/vm/pyfmt"
)

// Unparsing of expressions, for `from __future__ import annotations`: the
// annotation is stored as the text CPython's compiler makes of it (its C
// unparser, which differs in small ways from ast.unparse: an annotation is
// printed at "test" level, so a bare tuple gets parentheses; strings and
// numbers are their repr; infinities are 1e309).

// Precedence levels, lowest first.
const (
	prTuple = iota
	prTest  // if-else, lambda
	prOr
	prAnd
	prNot
	prCmp
	prExpr // also the level of "|"
	prBXor
	prBAnd
	prShift
	prArith
	prTerm
	prFactor
	prPower
	prAwait
	prAtom
)

// Unparse returns the source text CPython's compiler makes of an
// annotation expression.
func Unparse(e ast.Expr) string {
	var u unparser
	u.expr(e, prTest)
	return u.b.String()
}

type unparser struct {
	b strings.Builder
}

func (u *unparser) s(s string) { u.b.WriteString(s) }

func (u *unparser) open(cond bool, s string) {
	if cond {
		u.s(s)
	}
}

var binPrec = map[ast.Operator]int{
	ast.Add: prArith, ast.Sub: prArith,
	ast.Mult: prTerm, ast.MatMult: prTerm, ast.Div: prTerm, ast.FloorDiv: prTerm, ast.Mod: prTerm,
	ast.Pow: prPower, ast.LShift: prShift, ast.RShift: prShift,
	ast.BitOr: prExpr, ast.BitXor: prBXor, ast.BitAnd: prBAnd,
}

func (u *unparser) exprs(es []ast.Expr, level int) {
	for i, e := range es {
		if i > 0 {
			u.s(", ")
		}
		u.expr(e, level)
	}
}

func (u *unparser) expr(e ast.Expr, level int) {
	switch e := e.(type) {
	case *ast.Name:
		u.s(e.Id)
	case *ast.Int:
		u.s(e.Value.String())
	case *ast.Float:
		u.s(unparseFloat(e.Value))
	case *ast.Imag:
		if math.IsInf(e.Value, 0) {
			u.s("1e309j")
		} else {
			r := floatRepr(e.Value)
			r = strings.TrimSuffix(r, ".0")
			u.s(r + "j")
		}
	case *ast.Str:
		u.s(pyfmt.StrRepr(e.Value))
	case *ast.Bytes:
		u.s(bytesLiteralRepr(e.Value))
	case *ast.NoneLit:
		u.s("None")
	case *ast.Bool:
		if e.Value {
			u.s("True")
		} else {
			u.s("False")
		}
	case *ast.EllipsisLit:
		u.s("...")
	case *ast.JoinedStr:
		var body unparser
		body.fstringBody(e.Values)
		u.s("f" + pyfmt.StrRepr(body.b.String()))
	case *ast.FormattedValue:
		var body unparser
		body.formattedValue(e)
		u.s("f" + pyfmt.StrRepr(body.b.String()))
	case *ast.BinOp:
		pr := binPrec[e.Op]
		rassoc := 0
		if e.Op == ast.Pow {
			rassoc = 1
		}
		u.open(level > pr, "(")
		u.expr(e.Left, pr+rassoc)
		u.s(" " + e.Op.String() + " ")
		u.expr(e.Right, pr+1-rassoc)
		u.open(level > pr, ")")
	case *ast.UnaryOp:
		pr := prFactor
		if e.Op == ast.Not {
			pr = prNot
		}
		u.open(level > pr, "(")
		if e.Op == ast.Not {
			u.s("not ")
		} else {
			u.s(e.Op.String())
		}
		u.expr(e.Operand, pr)
		u.open(level > pr, ")")
	case *ast.BoolOp:
		pr, op := prAnd, " and "
		if e.Op == ast.Or {
			pr, op = prOr, " or "
		}
		u.open(level > pr, "(")
		for i, v := range e.Values {
			if i > 0 {
				u.s(op)
			}
			u.expr(v, pr+1)
		}
		u.open(level > pr, ")")
	case *ast.Compare:
		u.open(level > prCmp, "(")
		u.expr(e.Left, prCmp+1)
		for i, op := range e.Ops {
			u.s(" " + op.String() + " ")
			u.expr(e.Comparators[i], prCmp+1)
		}
		u.open(level > prCmp, ")")
	case *ast.IfExp:
		u.open(level > prTest, "(")
		u.expr(e.Body, prTest+1)
		u.s(" if ")
		u.expr(e.Test, prTest+1)
		u.s(" else ")
		u.expr(e.OrElse, prTest)
		u.open(level > prTest, ")")
	case *ast.Lambda:
		u.open(level > prTest, "(")
		u.s("lambda")
		if e.Args != nil {
			if len(e.Args.PosOnly)+len(e.Args.Args) > 0 {
				u.s(" ")
			}
			u.arguments(e.Args)
		}
		u.s(": ")
		u.expr(e.Body, prTest)
		u.open(level > prTest, ")")
	case *ast.NamedExpr:
		u.open(level > prTuple, "(")
		u.expr(e.Target, prAtom)
		u.s(" := ")
		u.expr(e.Value, prAtom)
		u.open(level > prTuple, ")")
	case *ast.Await:
		u.open(level > prAwait, "(")
		u.s("await ")
		u.expr(e.Value, prAtom)
		u.open(level > prAwait, ")")
	case *ast.Yield:
		if e.Value == nil {
			u.s("(yield)")
			return
		}
		u.s("(yield ")
		u.expr(e.Value, prTest)
		u.s(")")
	case *ast.YieldFrom:
		u.s("(yield from ")
		u.expr(e.Value, prTest)
		u.s(")")
	case *ast.Call:
		u.expr(e.Func, prAtom)
		if len(e.Args) == 1 && len(e.Keywords) == 0 {
			if g, ok := e.Args[0].(*ast.GeneratorExp); ok {
				u.expr(g, prTest)
				return
			}
		}
		u.s("(")
		first := true
		for _, a := range e.Args {
			if !first {
				u.s(", ")
			}
			first = false
			u.expr(a, prTest)
		}
		for _, k := range e.Keywords {
			if !first {
				u.s(", ")
			}
			first = false
			if k.Arg == "" {
				u.s("**")
				u.expr(k.Value, prExpr)
			} else {
				u.s(k.Arg + "=")
				u.expr(k.Value, prTest)
			}
		}
		u.s(")")
	case *ast.Attribute:
		u.expr(e.Value, prAtom)
		if _, isInt := e.Value.(*ast.Int); isInt {
			u.s(" ")
		}
		u.s("." + e.Attr)
	case *ast.Subscript:
		u.expr(e.Value, prAtom)
		u.s("[")
		u.expr(e.Index, prTuple)
		u.s("]")
	case *ast.Slice:
		if e.Lower != nil {
			u.expr(e.Lower, prTest)
		}
		u.s(":")
		if e.Upper != nil {
			u.expr(e.Upper, prTest)
		}
		if e.Step != nil {
			u.s(":")
			u.expr(e.Step, prTest)
		}
	case *ast.Starred:
		u.s("*")
		u.expr(e.Value, prExpr)
	case *ast.Tuple:
		if len(e.Elts) == 0 {
			u.s("()")
			return
		}
		u.open(level > prTuple, "(")
		u.exprs(e.Elts, prTest)
		if len(e.Elts) == 1 {
			u.s(",")
		}
		u.open(level > prTuple, ")")
	case *ast.List:
		u.s("[")
		u.exprs(e.Elts, prTest)
		u.s("]")
	case *ast.Set:
		if len(e.Elts) == 0 {
			u.s("{*()}")
			return
		}
		u.s("{")
		u.exprs(e.Elts, prTest)
		u.s("}")
	case *ast.Dict:
		u.s("{")
		for i, k := range e.Keys {
			if i > 0 {
				u.s(", ")
			}
			if k == nil {
				u.s("**")
				u.expr(e.Values[i], prExpr)
				continue
			}
			u.expr(k, prTest)
			u.s(": ")
			u.expr(e.Values[i], prTest)
		}
		u.s("}")
	case *ast.ListComp:
		u.s("[")
		u.expr(e.Elt, prTest)
		u.comprehensions(e.Generators)
		u.s("]")
	case *ast.SetComp:
		u.s("{")
		u.expr(e.Elt, prTest)
		u.comprehensions(e.Generators)
		u.s("}")
	case *ast.DictComp:
		u.s("{")
		u.expr(e.Key, prTest)
		u.s(": ")
		u.expr(e.Value, prTest)
		u.comprehensions(e.Generators)
		u.s("}")
	case *ast.GeneratorExp:
		u.s("(")
		u.expr(e.Elt, prTest)
		u.comprehensions(e.Generators)
		u.s(")")
	default:
		u.s("...")
	}
}

func (u *unparser) comprehensions(gens []*ast.Comprehension) {
	for _, g := range gens {
		if g.IsAsync {
			u.s(" async for ")
		} else {
			u.s(" for ")
		}
		u.expr(g.Target, prTuple)
		u.s(" in ")
		u.expr(g.Iter, prTest+1)
		for _, c := range g.Ifs {
			u.s(" if ")
			u.expr(c, prTest+1)
		}
	}
}

// arguments prints a lambda's parameter list.
func (u *unparser) arguments(a *ast.Arguments) {
	first := true
	sep := func() {
		if !first {
			u.s(", ")
		}
		first = false
	}
	positional := append(append([]*ast.Arg{}, a.PosOnly...), a.Args...)
	firstDefault := len(positional) - len(a.Defaults)
	for i, arg := range positional {
		sep()
		u.s(arg.Name)
		if i >= firstDefault {
			u.s("=")
			u.expr(a.Defaults[i-firstDefault], prTest)
		}
		if i == len(a.PosOnly)-1 {
			u.s(", /")
		}
	}
	if a.Vararg != nil || len(a.KwOnly) > 0 {
		sep()
		u.s("*")
		if a.Vararg != nil {
			u.s(a.Vararg.Name)
		}
	}
	for i, arg := range a.KwOnly {
		sep()
		u.s(arg.Name)
		if i < len(a.KwDefaults) && a.KwDefaults[i] != nil {
			u.s("=")
			u.expr(a.KwDefaults[i], prTest)
		}
	}
	if a.Kwarg != nil {
		sep()
		u.s("**" + a.Kwarg.Name)
	}
}

// fstringBody writes the inside of an f-string (before it is quoted).
func (u *unparser) fstringBody(parts []ast.Expr) {
	for _, p := range parts {
		switch p := p.(type) {
		case *ast.Str:
			r := strings.ReplaceAll(p.Value, "{", "{{")
			u.s(strings.ReplaceAll(r, "}", "}}"))
		case *ast.FormattedValue:
			u.formattedValue(p)
		case *ast.JoinedStr:
			u.fstringBody(p.Values)
		}
	}
}

func (u *unparser) formattedValue(f *ast.FormattedValue) {
	var inner unparser
	inner.expr(f.Value, prTest+1)
	s := inner.b.String()
	if strings.HasPrefix(s, "{") {
		u.s("{ ")
	} else {
		u.s("{")
	}
	u.s(s)
	if f.Conversion != 0 {
		u.s("!" + string(f.Conversion))
	}
	if f.Spec != nil {
		u.s(":")
		u.fstringBody(f.Spec.Values)
	}
	u.s("}")
}

func unparseFloat(f float64) string {
	if math.IsInf(f, 0) {
		return "1e309"
	}
	return floatRepr(f)
}

// bytesLiteralRepr is repr() of a bytes value.
func bytesLiteralRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(quote)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			b.WriteString(`\x`)
			h := strconv.FormatInt(int64(c), 16)
			if len(h) < 2 {
				h = "0" + h
			}
			b.WriteString(h)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}
