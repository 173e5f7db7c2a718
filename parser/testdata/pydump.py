"""Render CPython's ast the way parser/dump_test.go renders pyasync's.

Usage: python3 pydump.py [--pos] FILE...   (prints one dump per file, each
prefixed by "== FILE"). Used by TestCPythonParity.
"""
import ast
import math
import sys

BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.MatMult: "@", ast.Div: "/",
          ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.LShift: "<<",
          ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&"}
UNOPS = {ast.Invert: "~", ast.Not: "not", ast.UAdd: "+", ast.USub: "-"}
CMPOPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
          ast.GtE: ">=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}


def rep(s):
    q = "'"
    if "'" in s and '"' not in s:
        q = '"'
    out = [q]
    for ch in s:
        o = ord(ch)
        if ch == q or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7f:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    out.append(q)
    return "".join(out)


def flt(f):
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if math.isnan(f):
        return "NaN"
    return repr(f)


class Dumper:
    def __init__(self, src, withpos):
        self.lines = src.split("\n")
        self.withpos = withpos

    def pos(self, n, on):
        if not (self.withpos and on):
            return ""
        line = self.lines[n.lineno - 1].encode("utf-8")
        col = len(line[: n.col_offset].decode("utf-8", "replace")) + 1
        return "@%d:%d" % (n.lineno, col)

    def node(self, name, n, fields, on):
        parts = ["%s=%s" % (k, v) for k, v in fields]
        return "%s%s(%s)" % (name, self.pos(n, on), ", ".join(parts))

    def lst(self, xs, on):
        return "[" + ", ".join(self.d(x, on) for x in xs) + "]"

    def opt(self, x, on):
        return "None" if x is None else self.d(x, on)

    def body(self, xs, on):
        return self.lst(xs, on)

    def d(self, n, on=True):
        D, L, O = self.d, self.lst, self.opt
        t = type(n)
        if t is ast.Module:
            return "Module(Body=%s)" % L(n.body, on)
        if t is ast.Expr:
            return self.node("ExprStmt", n, [("Value", D(n.value, on))], on)
        if t is ast.Assign:
            return self.node("Assign", n, [("Targets", L(n.targets, on)), ("Value", D(n.value, on))], on)
        if t is ast.AugAssign:
            return self.node("AugAssign", n, [("Target", D(n.target, on)), ("Op", BINOPS[type(n.op)]), ("Value", D(n.value, on))], on)
        if t is ast.AnnAssign:
            return self.node("AnnAssign", n, [("Target", D(n.target, on)), ("Annotation", D(n.annotation, on)), ("Value", O(n.value, on))], on)
        if t is ast.Delete:
            return self.node("Delete", n, [("Targets", L(n.targets, on))], on)
        if t in (ast.Pass, ast.Break, ast.Continue):
            return self.node(t.__name__, n, [], on)
        if t is ast.Return:
            return self.node("Return", n, [("Value", O(n.value, on))], on)
        if t in (ast.Global, ast.Nonlocal):
            return self.node(t.__name__, n, [("Names", "[" + ", ".join(rep(x) for x in n.names) + "]")], on)
        if t is ast.If:
            return self.node("If", n, [("Test", D(n.test, on)), ("Body", L(n.body, on)), ("OrElse", L(n.orelse, on))], on)
        if t is ast.While:
            return self.node("While", n, [("Test", D(n.test, on)), ("Body", L(n.body, on)), ("OrElse", L(n.orelse, on))], on)
        if t in (ast.For, ast.AsyncFor):
            return self.node("For", n, [("Target", D(n.target, on)), ("Iter", D(n.iter, on)), ("Body", L(n.body, on)), ("OrElse", L(n.orelse, on)), ("IsAsync", str(t is ast.AsyncFor))], on)
        if t is ast.Try:
            return self.node("Try", n, [("Body", L(n.body, on)), ("Handlers", L(n.handlers, on)), ("OrElse", L(n.orelse, on)), ("Finalbody", L(n.finalbody, on))], on)
        if t is ast.TryStar:
            return self.node("TryStar", n, [("Body", L(n.body, on)), ("Handlers", L(n.handlers, on)), ("OrElse", L(n.orelse, on)), ("Finalbody", L(n.finalbody, on))], on)
        if t is ast.Match:
            cases = "[" + ", ".join("MatchCase(Pattern=%s, Guard=%s, Body=%s)" % (D(c.pattern, on), O(c.guard, on), L(c.body, on)) for c in n.cases) + "]"
            return self.node("Match", n, [("Subject", D(n.subject, on)), ("Cases", cases)], on)
        if t is ast.MatchValue:
            return self.node("MatchValue", n, [("Value", D(n.value, on))], on)
        if t is ast.MatchSingleton:
            c = ast.Constant(n.value)
            c.lineno, c.col_offset = n.lineno, n.col_offset
            return self.node("MatchSingleton", n, [("Value", D(c, on))], on)
        if t is ast.MatchSequence:
            return self.node("MatchSequence", n, [("Patterns", L(n.patterns, on))], on)
        if t is ast.MatchMapping:
            return self.node("MatchMapping", n, [("Keys", L(n.keys, on)), ("Patterns", L(n.patterns, on)), ("Rest", rep(n.rest or ""))], on)
        if t is ast.MatchClass:
            return self.node("MatchClass", n, [("Cls", D(n.cls, on)), ("Patterns", L(n.patterns, on)), ("KwdAttrs", "[" + ", ".join(rep(x) for x in n.kwd_attrs) + "]"), ("KwdPatterns", L(n.kwd_patterns, on))], on)
        if t is ast.MatchStar:
            return self.node("MatchStar", n, [("Name", rep(n.name or ""))], on)
        if t is ast.MatchAs:
            return self.node("MatchAs", n, [("Pattern", O(n.pattern, on)), ("Name", rep(n.name or ""))], on)
        if t is ast.MatchOr:
            return self.node("MatchOr", n, [("Patterns", L(n.patterns, on))], on)
        if t is ast.ExceptHandler:
            return self.node("ExceptHandler", n, [("Type", O(n.type, on)), ("Name", rep(n.name or "")), ("Body", L(n.body, on))], on)
        if t is ast.Raise:
            return self.node("Raise", n, [("Exc", O(n.exc, on)), ("Cause", O(n.cause, on))], on)
        if t is ast.Assert:
            return self.node("Assert", n, [("Test", D(n.test, on)), ("Msg", O(n.msg, on))], on)
        if t in (ast.With, ast.AsyncWith):
            items = "[" + ", ".join("WithItem(Context=%s, Vars=%s)" % (D(i.context_expr, on), O(i.optional_vars, on)) for i in n.items) + "]"
            return self.node("With", n, [("Items", items), ("Body", L(n.body, on)), ("IsAsync", str(t is ast.AsyncWith))], on)
        if t in (ast.FunctionDef, ast.AsyncFunctionDef):
            return self.node("FunctionDef", n, [("Name", rep(n.name)), ("Args", self.args(n.args, on)), ("Body", L(n.body, on)), ("Decorators", L(n.decorator_list, on)), ("Returns", O(n.returns, on)), ("IsAsync", str(t is ast.AsyncFunctionDef))], on)
        if t is ast.ClassDef:
            return self.node("ClassDef", n, [("Name", rep(n.name)), ("Bases", L(n.bases, on)), ("Keywords", L(n.keywords, on)), ("Body", L(n.body, on)), ("Decorators", L(n.decorator_list, on))], on)
        if t is ast.Import:
            return self.node("Import", n, [("Names", L(n.names, on))], on)
        if t is ast.ImportFrom:
            return self.node("ImportFrom", n, [("Module", rep(n.module or "")), ("Names", L(n.names, on)), ("Level", str(n.level or 0))], on)
        if t is ast.alias:
            return self.node("Alias", n, [("Name", rep(n.name)), ("AsName", rep(n.asname or ""))], on)
        if t is ast.arg:
            return self.node("Arg", n, [("Name", rep(n.arg)), ("Annotation", O(n.annotation, on))], on)
        if t is ast.keyword:
            return self.node("Keyword", n, [("Arg", rep(n.arg or "")), ("Value", D(n.value, on))], on)
        # expressions
        if t is ast.Name:
            return self.node("Name", n, [("Id", rep(n.id))], on)
        if t is ast.Constant:
            v = n.value
            if v is None:
                return self.node("NoneLit", n, [], on)
            if v is Ellipsis:
                return self.node("EllipsisLit", n, [], on)
            if isinstance(v, bool):
                return self.node("Bool", n, [("Value", str(v))], on)
            if isinstance(v, int):
                return self.node("Int", n, [("Value", str(v))], on)
            if isinstance(v, float):
                return self.node("Float", n, [("Value", flt(v))], on)
            if isinstance(v, complex):
                return self.node("Imag", n, [("Value", flt(v.imag))], on)
            if isinstance(v, bytes):
                return self.node("Bytes", n, [("Value", v.hex())], on)
            return self.node("Str", n, [("Value", rep(v))], on)
        if t is ast.JoinedStr:
            return self.node("JoinedStr", n, [("Values", L(n.values, False))], on)
        if t is ast.FormattedValue:
            spec = "None" if n.format_spec is None else D(n.format_spec, False)
            return self.node("FormattedValue", n, [("Value", D(n.value, False)), ("Conversion", str(n.conversion)), ("Spec", spec)], False)
        if t is ast.BinOp:
            return self.node("BinOp", n, [("Left", D(n.left, on)), ("Op", BINOPS[type(n.op)]), ("Right", D(n.right, on))], on)
        if t is ast.UnaryOp:
            return self.node("UnaryOp", n, [("Op", UNOPS[type(n.op)]), ("Operand", D(n.operand, on))], on)
        if t is ast.BoolOp:
            return self.node("BoolOp", n, [("Op", "0" if type(n.op) is ast.And else "1"), ("Values", L(n.values, on))], on)
        if t is ast.Compare:
            return self.node("Compare", n, [("Left", D(n.left, on)), ("Ops", "[" + ", ".join(CMPOPS[type(o)] for o in n.ops) + "]"), ("Comparators", L(n.comparators, on))], on)
        if t is ast.IfExp:
            return self.node("IfExp", n, [("Test", D(n.test, on)), ("Body", D(n.body, on)), ("OrElse", D(n.orelse, on))], on)
        if t is ast.Lambda:
            return self.node("Lambda", n, [("Args", self.args(n.args, on)), ("Body", D(n.body, on))], on)
        if t is ast.NamedExpr:
            return self.node("NamedExpr", n, [("Target", D(n.target, on)), ("Value", D(n.value, on))], on)
        if t is ast.Call:
            return self.node("Call", n, [("Func", D(n.func, on)), ("Args", L(n.args, on)), ("Keywords", L(n.keywords, on))], on)
        if t is ast.Attribute:
            return self.node("Attribute", n, [("Value", D(n.value, on)), ("Attr", rep(n.attr))], on)
        if t is ast.Subscript:
            return self.node("Subscript", n, [("Value", D(n.value, on)), ("Index", D(n.slice, on))], on)
        if t is ast.Slice:
            return self.node("Slice", n, [("Lower", O(n.lower, on)), ("Upper", O(n.upper, on)), ("Step", O(n.step, on))], on)
        if t is ast.Starred:
            return self.node("Starred", n, [("Value", D(n.value, on))], on)
        if t in (ast.Tuple, ast.List, ast.Set):
            return self.node(t.__name__, n, [("Elts", L(n.elts, on))], on)
        if t is ast.Dict:
            keys = "[" + ", ".join(O(k, on) for k in n.keys) + "]"
            return self.node("Dict", n, [("Keys", keys), ("Values", L(n.values, on))], on)
        if t in (ast.ListComp, ast.SetComp, ast.GeneratorExp):
            return self.node(t.__name__, n, [("Elt", D(n.elt, on)), ("Generators", self.gens(n.generators, on))], on)
        if t is ast.DictComp:
            return self.node("DictComp", n, [("Key", D(n.key, on)), ("Value", D(n.value, on)), ("Generators", self.gens(n.generators, on))], on)
        if t is ast.Await:
            return self.node("Await", n, [("Value", D(n.value, on))], on)
        if t is ast.Yield:
            return self.node("Yield", n, [("Value", O(n.value, on))], on)
        if t is ast.YieldFrom:
            return self.node("YieldFrom", n, [("Value", D(n.value, on))], on)
        raise ValueError("unsupported node %s" % t.__name__)

    def gens(self, gs, on):
        return "[" + ", ".join("Comprehension(Target=%s, Iter=%s, Ifs=%s, IsAsync=%s)" % (
            self.d(g.target, on), self.d(g.iter, on), self.lst(g.ifs, on), str(bool(g.is_async))) for g in gs) + "]"

    def args(self, a, on):
        O, L = self.opt, self.lst
        kwd = "[" + ", ".join(O(x, on) for x in a.kw_defaults) + "]"
        return "Arguments(PosOnly=%s, Args=%s, Vararg=%s, KwOnly=%s, KwDefaults=%s, Kwarg=%s, Defaults=%s)" % (
            L(a.posonlyargs, on), L(a.args, on), O(a.vararg, on), L(a.kwonlyargs, on), kwd, O(a.kwarg, on), L(a.defaults, on))


def main():
    args = sys.argv[1:]
    withpos = False
    if args and args[0] == "--pos":
        withpos = True
        args = args[1:]
    for fn in args:
        print("== " + fn)
        try:
            with open(fn, encoding="utf-8") as f:
                src = f.read()
            tree = ast.parse(src)
            print(Dumper(src.replace("\r\n", "\n"), withpos).d(tree))
        except SyntaxError:
            print("SyntaxError")
        except ValueError:  # includes UnicodeDecodeError
            print("Unsupported")


main()
