package compiler

// A test-only bridge from CPython's ast module to pyasync's ast: python3
// parses a source text and prints its tree as JSON, which is converted into
// ast nodes. It lets the compiler be tested on real Python sources
// independently of pyasync's own parser (tests using it are skipped when
// python3 is not installed).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"github.com/pyasync/pyasync/ast"
)

const pyDumpScript = `
import ast, json, sys
src = sys.stdin.read()
def conv(n):
    if isinstance(n, list):
        return [conv(x) for x in n]
    if n is None:
        return None
    if isinstance(n, ast.AST):
        d = {"_t": type(n).__name__}
        if hasattr(n, "lineno"):
            d["_pos"] = [n.lineno, n.col_offset + 1]
        for f in n._fields:
            d[f] = conv(getattr(n, f))
        if isinstance(n, ast.Constant):
            v = n.value
            if isinstance(v, bool): d["value"] = {"k": "bool", "v": v}
            elif isinstance(v, int): d["value"] = {"k": "int", "v": str(v)}
            elif isinstance(v, float): d["value"] = {"k": "float", "v": repr(v)}
            elif isinstance(v, complex): d["value"] = {"k": "complex", "v": repr(v.imag)}
            elif isinstance(v, str): d["value"] = {"k": "str", "v": v}
            elif isinstance(v, bytes): d["value"] = {"k": "bytes", "v": v.decode("latin-1")}
            elif v is None: d["value"] = {"k": "none"}
            elif v is Ellipsis: d["value"] = {"k": "ellipsis"}
        if isinstance(n, (ast.operator, ast.unaryop, ast.boolop, ast.cmpop, ast.expr_context)):
            return type(n).__name__
        return d
    return n
try:
    tree = ast.parse(src)
except SyntaxError as e:
    print(json.dumps({"_error": e.msg, "line": e.lineno, "col": e.offset}))
    sys.exit(0)
print(json.dumps(conv(tree)))
`

var pyAvailable = sync.OnceValue(func() bool {
	_, err := exec.LookPath("python3")
	return err == nil
})

// pyParse parses src with CPython and converts the tree.
func pyParse(t testing.TB, src string) *ast.Module {
	t.Helper()
	if !pyAvailable() {
		t.Skip("python3 not available")
	}
	cmd := exec.Command("python3", "-c", pyDumpScript)
	cmd.Stdin = bytes.NewBufferString(src)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("json: %v", err)
	}
	if msg, ok := raw["_error"]; ok {
		t.Fatalf("python3 rejects the source: %v", msg)
	}
	mod := &ast.Module{Filename: "test.pya"}
	for _, s := range list(raw["body"]) {
		mod.Body = append(mod.Body, cvStmt(s))
	}
	return mod
}

func list(v any) []map[string]any {
	var out []map[string]any
	for _, x := range v.([]any) {
		if x == nil {
			out = append(out, nil)
		} else {
			out = append(out, x.(map[string]any))
		}
	}
	return out
}

func posOf(m map[string]any) ast.Pos {
	p, ok := m["_pos"].([]any)
	if !ok {
		return ast.Pos{}
	}
	return ast.Pos{Line: int(p[0].(float64)), Col: int(p[1].(float64))}
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return v.(string)
}

func cvStmts(v any) []ast.Stmt {
	var out []ast.Stmt
	for _, m := range list(v) {
		out = append(out, cvStmt(m))
	}
	return out
}

func cvExprs(v any) []ast.Expr {
	if v == nil {
		return nil
	}
	var out []ast.Expr
	for _, m := range list(v) {
		out = append(out, cvExpr(m))
	}
	return out
}

func cvExprOrNil(v any) ast.Expr {
	if v == nil {
		return nil
	}
	return cvExpr(v.(map[string]any))
}

var operators = map[string]ast.Operator{"Add": ast.Add, "Sub": ast.Sub, "Mult": ast.Mult, "MatMult": ast.MatMult,
	"Div": ast.Div, "FloorDiv": ast.FloorDiv, "Mod": ast.Mod, "Pow": ast.Pow, "LShift": ast.LShift,
	"RShift": ast.RShift, "BitOr": ast.BitOr, "BitXor": ast.BitXor, "BitAnd": ast.BitAnd}

var cmpOps = map[string]ast.CmpOp{"Eq": ast.Eq, "NotEq": ast.NotEq, "Lt": ast.Lt, "LtE": ast.LtE, "Gt": ast.Gt,
	"GtE": ast.GtE, "Is": ast.Is, "IsNot": ast.IsNot, "In": ast.In, "NotIn": ast.NotIn}

func cvArgs(m map[string]any) *ast.Arguments {
	a := &ast.Arguments{}
	arg := func(v any) *ast.Arg {
		if v == nil {
			return nil
		}
		x := v.(map[string]any)
		return &ast.Arg{Pos: posOf(x), Name: str(x["arg"]), Annotation: cvExprOrNil(x["annotation"])}
	}
	for _, x := range m["posonlyargs"].([]any) {
		a.PosOnly = append(a.PosOnly, arg(x))
	}
	for _, x := range m["args"].([]any) {
		a.Args = append(a.Args, arg(x))
	}
	for _, x := range m["kwonlyargs"].([]any) {
		a.KwOnly = append(a.KwOnly, arg(x))
	}
	a.Vararg = arg(m["vararg"])
	a.Kwarg = arg(m["kwarg"])
	a.Defaults = cvExprs(m["defaults"])
	for _, x := range m["kw_defaults"].([]any) {
		a.KwDefaults = append(a.KwDefaults, cvExprOrNil(x))
	}
	return a
}

func cvKeywords(v any) []*ast.Keyword {
	var out []*ast.Keyword
	for _, k := range list(v) {
		out = append(out, &ast.Keyword{Pos: posOf(k), Arg: str(k["arg"]), Value: cvExpr(k["value"].(map[string]any))})
	}
	return out
}

func cvComps(v any) []*ast.Comprehension {
	var out []*ast.Comprehension
	for _, g := range list(v) {
		out = append(out, &ast.Comprehension{
			Target:  cvExpr(g["target"].(map[string]any)),
			Iter:    cvExpr(g["iter"].(map[string]any)),
			Ifs:     cvExprs(g["ifs"]),
			IsAsync: g["is_async"].(float64) != 0,
		})
	}
	return out
}

func cvExpr(m map[string]any) ast.Expr {
	p := posOf(m)
	e := func(k string) ast.Expr { return cvExprOrNil(m[k]) }
	switch m["_t"] {
	case "Constant":
		v := m["value"].(map[string]any)
		switch v["k"] {
		case "bool":
			return &ast.Bool{Pos: p, Value: v["v"].(bool)}
		case "int":
			n, _ := new(big.Int).SetString(v["v"].(string), 10)
			return &ast.Int{Pos: p, Value: n}
		case "float":
			f, _ := strconv.ParseFloat(v["v"].(string), 64)
			return &ast.Float{Pos: p, Value: f}
		case "complex":
			f, _ := strconv.ParseFloat(v["v"].(string), 64)
			return &ast.Imag{Pos: p, Value: f}
		case "str":
			return &ast.Str{Pos: p, Value: v["v"].(string)}
		case "bytes":
			rs := []rune(v["v"].(string))
			b := make([]byte, len(rs))
			for i, r := range rs {
				b[i] = byte(r)
			}
			return &ast.Bytes{Pos: p, Value: string(b)}
		case "none":
			return &ast.NoneLit{Pos: p}
		case "ellipsis":
			return &ast.EllipsisLit{Pos: p}
		}
	case "Name":
		return &ast.Name{Pos: p, Id: str(m["id"])}
	case "JoinedStr":
		return &ast.JoinedStr{Pos: p, Values: cvExprs(m["values"])}
	case "FormattedValue":
		conv := rune(0)
		if c := int(m["conversion"].(float64)); c >= 0 {
			conv = rune(c)
		}
		var spec *ast.JoinedStr
		if s := e("format_spec"); s != nil {
			spec = s.(*ast.JoinedStr)
		}
		return &ast.FormattedValue{Pos: p, Value: e("value"), Conversion: conv, Spec: spec}
	case "BinOp":
		return &ast.BinOp{Pos: p, Left: e("left"), Op: operators[m["op"].(string)], Right: e("right")}
	case "UnaryOp":
		op := map[string]ast.UnaryOperator{"Invert": ast.Invert, "Not": ast.Not, "UAdd": ast.UAdd, "USub": ast.USub}[m["op"].(string)]
		return &ast.UnaryOp{Pos: p, Op: op, Operand: e("operand")}
	case "BoolOp":
		op := ast.And
		if m["op"] == "Or" {
			op = ast.Or
		}
		return &ast.BoolOp{Pos: p, Op: op, Values: cvExprs(m["values"])}
	case "Compare":
		var ops []ast.CmpOp
		for _, o := range m["ops"].([]any) {
			ops = append(ops, cmpOps[o.(string)])
		}
		return &ast.Compare{Pos: p, Left: e("left"), Ops: ops, Comparators: cvExprs(m["comparators"])}
	case "IfExp":
		return &ast.IfExp{Pos: p, Test: e("test"), Body: e("body"), OrElse: e("orelse")}
	case "Lambda":
		return &ast.Lambda{Pos: p, Args: cvArgs(m["args"].(map[string]any)), Body: e("body")}
	case "NamedExpr":
		return &ast.NamedExpr{Pos: p, Target: e("target").(*ast.Name), Value: e("value")}
	case "Call":
		return &ast.Call{Pos: p, Func: e("func"), Args: cvExprs(m["args"]), Keywords: cvKeywords(m["keywords"])}
	case "Attribute":
		return &ast.Attribute{Pos: p, Value: e("value"), Attr: str(m["attr"])}
	case "Subscript":
		return &ast.Subscript{Pos: p, Value: e("value"), Index: e("slice")}
	case "Slice":
		return &ast.Slice{Pos: p, Lower: e("lower"), Upper: e("upper"), Step: e("step")}
	case "Starred":
		return &ast.Starred{Pos: p, Value: e("value")}
	case "Tuple":
		return &ast.Tuple{Pos: p, Elts: cvExprs(m["elts"])}
	case "List":
		return &ast.List{Pos: p, Elts: cvExprs(m["elts"])}
	case "Set":
		return &ast.Set{Pos: p, Elts: cvExprs(m["elts"])}
	case "Dict":
		var keys []ast.Expr
		for _, k := range m["keys"].([]any) {
			keys = append(keys, cvExprOrNil(k))
		}
		return &ast.Dict{Pos: p, Keys: keys, Values: cvExprs(m["values"])}
	case "ListComp":
		return &ast.ListComp{Pos: p, Elt: e("elt"), Generators: cvComps(m["generators"])}
	case "SetComp":
		return &ast.SetComp{Pos: p, Elt: e("elt"), Generators: cvComps(m["generators"])}
	case "DictComp":
		return &ast.DictComp{Pos: p, Key: e("key"), Value: e("value"), Generators: cvComps(m["generators"])}
	case "GeneratorExp":
		return &ast.GeneratorExp{Pos: p, Elt: e("elt"), Generators: cvComps(m["generators"])}
	case "Await":
		return &ast.Await{Pos: p, Value: e("value")}
	case "Yield":
		return &ast.Yield{Pos: p, Value: e("value")}
	case "YieldFrom":
		return &ast.YieldFrom{Pos: p, Value: e("value")}
	}
	panic(fmt.Sprintf("pyast: unsupported expression %v", m["_t"]))
}

func cvStmt(m map[string]any) ast.Stmt {
	p := posOf(m)
	e := func(k string) ast.Expr { return cvExprOrNil(m[k]) }
	switch t := m["_t"]; t {
	case "FunctionDef", "AsyncFunctionDef":
		return &ast.FunctionDef{Pos: p, Name: str(m["name"]), Args: cvArgs(m["args"].(map[string]any)),
			Body: cvStmts(m["body"]), Decorators: cvExprs(m["decorator_list"]), Returns: e("returns"),
			IsAsync: t == "AsyncFunctionDef"}
	case "ClassDef":
		return &ast.ClassDef{Pos: p, Name: str(m["name"]), Bases: cvExprs(m["bases"]), Keywords: cvKeywords(m["keywords"]),
			Body: cvStmts(m["body"]), Decorators: cvExprs(m["decorator_list"])}
	case "Return":
		return &ast.Return{Pos: p, Value: e("value")}
	case "Delete":
		return &ast.Delete{Pos: p, Targets: cvExprs(m["targets"])}
	case "Assign":
		return &ast.Assign{Pos: p, Targets: cvExprs(m["targets"]), Value: e("value")}
	case "AugAssign":
		return &ast.AugAssign{Pos: p, Target: e("target"), Op: operators[m["op"].(string)], Value: e("value")}
	case "AnnAssign":
		return &ast.AnnAssign{Pos: p, Target: e("target"), Annotation: e("annotation"), Value: e("value")}
	case "For", "AsyncFor":
		return &ast.For{Pos: p, Target: e("target"), Iter: e("iter"), Body: cvStmts(m["body"]), OrElse: cvStmts(m["orelse"]), IsAsync: t == "AsyncFor"}
	case "While":
		return &ast.While{Pos: p, Test: e("test"), Body: cvStmts(m["body"]), OrElse: cvStmts(m["orelse"])}
	case "If":
		return &ast.If{Pos: p, Test: e("test"), Body: cvStmts(m["body"]), OrElse: cvStmts(m["orelse"])}
	case "With", "AsyncWith":
		var items []*ast.WithItem
		for _, it := range list(m["items"]) {
			items = append(items, &ast.WithItem{Context: cvExpr(it["context_expr"].(map[string]any)), Vars: cvExprOrNil(it["optional_vars"])})
		}
		return &ast.With{Pos: p, Items: items, Body: cvStmts(m["body"]), IsAsync: t == "AsyncWith"}
	case "Raise":
		return &ast.Raise{Pos: p, Exc: e("exc"), Cause: e("cause")}
	case "Try":
		var hs []*ast.ExceptHandler
		for _, h := range list(m["handlers"]) {
			hs = append(hs, &ast.ExceptHandler{Pos: posOf(h), Type: cvExprOrNil(h["type"]), Name: str(h["name"]), Body: cvStmts(h["body"])})
		}
		return &ast.Try{Pos: p, Body: cvStmts(m["body"]), Handlers: hs, OrElse: cvStmts(m["orelse"]), Finalbody: cvStmts(m["finalbody"])}
	case "Assert":
		return &ast.Assert{Pos: p, Test: e("test"), Msg: e("msg")}
	case "Import", "ImportFrom":
		var names []*ast.Alias
		for _, a := range list(m["names"]) {
			names = append(names, &ast.Alias{Pos: posOf(a), Name: str(a["name"]), AsName: str(a["asname"])})
		}
		if t == "Import" {
			return &ast.Import{Pos: p, Names: names}
		}
		level := 0
		if l, ok := m["level"].(float64); ok {
			level = int(l)
		}
		return &ast.ImportFrom{Pos: p, Module: str(m["module"]), Names: names, Level: level}
	case "Global":
		var names []string
		for _, n := range m["names"].([]any) {
			names = append(names, n.(string))
		}
		return &ast.Global{Pos: p, Names: names}
	case "Nonlocal":
		var names []string
		for _, n := range m["names"].([]any) {
			names = append(names, n.(string))
		}
		return &ast.Nonlocal{Pos: p, Names: names}
	case "Expr":
		return &ast.ExprStmt{Pos: p, Value: e("value")}
	case "Pass":
		return &ast.Pass{Pos: p}
	case "Break":
		return &ast.Break{Pos: p}
	case "Continue":
		return &ast.Continue{Pos: p}
	}
	panic(fmt.Sprintf("pyast: unsupported statement %v", m["_t"]))
}
