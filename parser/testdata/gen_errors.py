"""Regenerate errors.golden from errors.txt with CPython (python3 gen_errors.py).

errors.txt holds bad programs separated by lines of "====". A case may start
with a line "#! KIND: MSG @LINE:COL" giving pyasync's expected error where it
deliberately differs from CPython; that line is part of the program (a comment).
"""
import json

cases = open("errors.txt", encoding="utf-8").read().split("\n====\n")
with open("errors.golden", "w", encoding="utf-8") as out:
    for src in cases:
        try:
            compile(src, "f", "exec")
            rec = {"ok": True}
        except SyntaxError as e:
            rec = {"kind": type(e).__name__, "msg": e.msg, "line": e.lineno, "col": e.offset}
        out.write(json.dumps(rec) + "\n")
