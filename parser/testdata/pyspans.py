"""Print the end positions of every expression of each file, as
parser/span_test.go computes them: TYPE LINE:COL -> ENDLINE:ENDCOL (1-based
code-point columns), sorted. Usage: python3 pyspans.py FILE..."""
import ast
import sys

NAMES = {"Constant": None}

def col(lines, line, off):
    return len(lines[line - 1].encode("utf-8")[:off].decode("utf-8", "replace")) + 1

def kind(n):
    t = type(n).__name__
    if t == "Constant":
        v = n.value
        if v is None: return "NoneLit"
        if v is Ellipsis: return "EllipsisLit"
        if isinstance(v, bool): return "Bool"
        if isinstance(v, int): return "Int"
        if isinstance(v, float): return "Float"
        if isinstance(v, complex): return "Imag"
        if isinstance(v, bytes): return "Bytes"
        return "Str"
    return t

for fn in sys.argv[1:]:
    print("== " + fn)
    try:
        src = open(fn, encoding="utf-8").read()
        tree = ast.parse(src)
    except (SyntaxError, ValueError):
        print("skip")
        continue
    lines = src.split("\n")
    out = []
    skip = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.JoinedStr):
            for v in ast.walk(n):
                if v is not n:
                    skip.add(id(v))
    for n in ast.walk(tree):
        if isinstance(n, ast.expr) and id(n) not in skip and not isinstance(n, (ast.Slice, ast.FormattedValue)):
            out.append("%s %d:%d -> %d:%d" % (kind(n), n.lineno, col(lines, n.lineno, n.col_offset), n.end_lineno, col(lines, n.end_lineno, n.end_col_offset)))
    for l in sorted(out):
        print(l)
