#!/usr/bin/env python3
"""Generate testdata/cases.json, the expected results of CPython 3.11 for
the pyfmt tests.  Run from this directory:

    python3 gen_cases.py > cases.json
"""
import json
import math
import random
import struct
import sys

assert sys.version_info[:2] == (3, 11), sys.version

g = random.Random(31415)


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def outcome(fn):
    try:
        return {"out": fn()}
    except Exception as e:  # noqa
        return {"err": [type(e).__name__, str(e)]}


# ---------------------------------------------------------------- format()

INTS = [0, 1, -1, 5, 7, 42, -42, 65, 255, -255, 1000, 1234567, -1234567, 98765432,
        2**31, -(2**31), 2**53 + 1, 2**63 - 1, -(2**63), 2**63, 2**64 + 5, 10**20, -(10**30),
        0x10ffff, 0x110000, 0xE9, 0x1F600, 10**400]
FLOATS = [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 0.5, 2.5, 3.14159, -2.71828, 100.0, 1e16, 1e15,
          123456.789, -9876543.21, 1e-5, 1.25e-7, -0.0001, 0.0001, 9.9999, 999.9995, 0.125,
          1e300, -1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1/3, 2/3,
          math.inf, -math.inf, math.nan, 12345678901234567890.0, 0.1, 0.05, 1e22, 1e-10, -1e-10,
          0.004999, 99.5, 1234.5, 0.999999, 9.5, 10.5]
STRS = ["", "a", "abc", "hello world", "héllo", "日本語", "x" * 10, "tab\there", "😀s"]

ALIGNS = ["", "<", ">", "^", "=", "*<", "*>", "*^", "*=", "0<", "0>", "0=", "0^", "x^", "é>", " <", "{>"]
SIGNS = ["", "+", "-", " "]
WIDTHS = ["", "1", "5", "8", "12", "20", "05", "010"]
GROUPS = ["", "", ",", "_"]
PRECS = ["", "", ".0", ".1", ".3", ".6", ".12", ".17", ".25"]
INT_TYPES = ["", "", "d", "b", "o", "x", "X", "c", "n", "e", "E", "f", "F", "g", "G", "%", "s", "r"]
FLOAT_TYPES = ["", "", "e", "E", "f", "F", "g", "G", "n", "%", "d", "s", "x"]
STR_TYPES = ["", "", "", "s", "s", "d", "r"]


def rand_spec(types):
    return "".join([
        g.choice(ALIGNS), g.choice(SIGNS), g.choice(["", "", "", "z"]), g.choice(["", "", "#"]),
        g.choice(["", "", "0"]), g.choice(WIDTHS), g.choice(GROUPS), g.choice(PRECS), g.choice(types)])


def fuzz_spec():
    alphabet = "<>=^+- z#0123456789,_.bcdeEfFgGnosxX%*aé"
    return "".join(g.choice(alphabet) for _ in range(g.randrange(0, 8)))


def gen_format():
    out = []
    for _ in range(2500):
        x = g.choice(INTS)
        spec = rand_spec(INT_TYPES) if g.random() < 0.9 else fuzz_spec()
        out.append(dict(kind="int", value=str(x), spec=spec, **outcome(lambda: format(x, spec))))
    for _ in range(3000):
        x = g.choice(FLOATS) if g.random() < 0.8 else g.choice([g.uniform(-1e6, 1e6), 10 ** g.uniform(-30, 30), -g.random()])
        spec = rand_spec(FLOAT_TYPES) if g.random() < 0.9 else fuzz_spec()
        out.append(dict(kind="float", value=bits(x), spec=spec, **outcome(lambda: format(x, spec))))
    for _ in range(1000):
        x = g.choice(STRS)
        spec = rand_spec(STR_TYPES) if g.random() < 0.85 else fuzz_spec()
        out.append(dict(kind="str", value=x, spec=spec, **outcome(lambda: format(x, spec))))
    # Hand-picked cases.
    for x, spec in [(1234, "010,"), (1234, "0=10,"), (1234567, "_"), (255, "#_b"), (2**40, "_x"),
                    (-12345, "+012_"), (5, "z"), (5, ".2"), (5, ".2f"), (10**30, "f"), (10**400, "e"),
                    (0, "c"), (-5, "c"), (2**70, "c"), (5, "+c"), (5, "#c"), (5, ",c"), (5, "_c"),
                    (5, ",,"), (5, "__"), (5, ",_"), (5, "_,"), (5, "."), (5, "99999999999999999999"),
                    (5, "٥"), (5, "x<05"), (5, "-^+10"), (5, "=^10"), (255, "#X"), (255, "#o"), (-255, "#010x"),
                    (123, "n"), (1234, ",n"), (7, "\u00e9"), (7, "\x00"), (7, "\x1f"), (7, "abc"),
                    (2**60, ",d"), (-1, "#b"), (0, "#o"), (True, "d")]:
        if isinstance(x, bool):
            continue
        out.append(dict(kind="int", value=str(x), spec=spec, **outcome(lambda: format(x, spec))))
    for x, spec in [(float("inf"), "010"), (float("nan"), "+010"), (float("-inf"), "=+10"), (1.5, "%"),
                    (1.5, "abc"), (1.5, "c"), (100.0, ".3"), (12.0, ".3"), (1e16, ""), (-0.0, "z.1f"),
                    (-0.0001, "z.2f"), (-0.0001, "z"), (-0.0, "z"), (float("nan"), "z"), (-1e-10, "z.3e"),
                    (1.5, ".2n"), (1234.5, ",n"), (1234567.891, ",.2f"), (1234567.891, "_.3e"),
                    (1234567.891, "020,.2f"), (-1234567.891, "+020_.1f"), (0.5, ".0f"), (1.5, ".0f"),
                    (2.5, ".0f"), (2.675, ".2f"), (1e100, ",.0f"), (123.456, "#.0f"), (123.456, "#g"),
                    (0.0001, "#.3g"), (1e-5, "g"), (1e-5, ""), (1e16, ".16"), (1e16, ".17"), (9.99e15, ".3"),
                    (1.0, ".0"), (10.0, ".1"), (0.1, ".1%"), (-0.0, "%"), (-0.0, "z%"), (1e300, "%"),
                    (5e-324, ".400f"), (1.7976931348623157e308, "f"), (3.0, "#"), (3.0, "#.3"),
                    (123.0, "015"), (123.0, "015,"), (-1e-7, "015.3"), (1.5, ".2147483648f"), (1.5, "\x00"), (1.5, ",\x00"), (-1234.5, "010_\x00"),
                    (1.5, "z#0=+20,.5e")]:
        out.append(dict(kind="float", value=bits(x), spec=spec, **outcome(lambda: format(x, spec))))
    for x, spec in [("ab", "05"), ("ab", "=5"), ("ab", " "), ("ab", "+"), ("ab", "-"), ("ab", "z"),
                    ("ab", "#"), ("ab", ","), ("ab", "_"), ("ab", ",s"), ("ab", "d"), ("abc", ".1"),
                    ("abc", ".0"), ("abcdef", "^10.3"), ("日本語", "*^9"), ("😀", "😀>5"), ("ab", "5.5"),
                    ("ab", "0=5"), ("ab", "x=5"), ("ab", "+#=,.3x"), ("ab", "\x00"), ("ab", ",\x00"),
                    ("ab", "\x01"), ("ab", "10.1\u00e9")]:
        out.append(dict(kind="str", value=x, spec=spec, **outcome(lambda: format(x, spec))))
    return out


# ---------------------------------------------------------------- repr()

def gen_repr():
    vals = []
    for _ in range(1200):
        vals.append(struct.unpack("<d", struct.pack("<Q", g.getrandbits(64)))[0])
    for _ in range(300):  # subnormals
        vals.append(struct.unpack("<d", struct.pack("<Q", g.getrandbits(52)))[0])
    for _ in range(400):
        vals.append(g.uniform(-1e6, 1e6))
    for _ in range(300):
        vals.append(10 ** g.uniform(-20, 20) * g.choice([1, -1]))
    for e in range(-330, 310):
        vals.append(float("1e%d" % e))
        vals.append(float("%de%d" % (g.randrange(1, 10), e)))
    for k in range(-1074, 1024, 7):
        vals.append(math.ldexp(1.0, k))
        vals.append(math.ldexp(1.0, k) * (1 + 2**-52))
    vals += [0.0, -0.0, 1.0, -1.0, 100.0, 1e16, 1e15, 9999999999999998.0, 1e-4, 9.999999999999999e-05,
             0.1, 0.2, 0.3, 1/3, 2.0**53, 2.0**53 + 2, 2e16 + 8, 1.5e-5, 1.2345678901234568e+17,
             math.inf, -math.inf, math.nan, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
    out = []
    for v in vals:
        assert isinstance(v, float), v
        if math.isnan(v):
            v = math.nan
        out.append({"bits": bits(v), "out": repr(v)})
    return out


# ---------------------------------------------------------------- %

def arg(v):
    if isinstance(v, bool):
        return {"t": "bool", "v": "True" if v else "False"}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "v": bits(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, tuple):
        return {"t": "tuple", "items": [arg(x) for x in v]}
    if isinstance(v, list):
        return {"t": "list", "items": [arg(x) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "keys": list(v.keys()), "items": [arg(x) for x in v.values()]}
    raise TypeError(v)


PCT_VALUES = [0, 1, -1, 42, -42, 255, 65, 1234567, 2**64, -(10**25), 3.7, -3.7, 0.0, -0.0, 1.5, 1e-5,
              1e16, 123456.789, math.inf, -math.inf, math.nan, 2.5, True, False, "a", "abc", "héllo",
              "x'y", "日本", ""]


def gen_percent():
    out = []
    for _ in range(2500):
        flags = "".join(g.choice("-+ #0") for _ in range(g.choice([0, 0, 1, 1, 2, 3])))
        width = g.choice(["", "", "1", "5", "10", "*"])
        prec = g.choice(["", "", ".0", ".2", ".5", ".*", "."])
        length = g.choice(["", "", "", "", "l", "h"])
        verb = g.choice("diuoxXeEfFgGcrsa%" + "diouxXeEfFgGcs" + "zk")
        fmt = "<%" + flags + width + prec + length + verb + ">"
        args = []
        if width == "*":
            args.append(g.choice([5, -5, 0, 12, "x", 2.0]))
        if prec == ".*":
            args.append(g.choice([3, -3, 0, 1, "y"]))
        args.append(g.choice(PCT_VALUES))
        if g.random() < 0.05:
            args.append(1)
        if g.random() < 0.05:
            args.pop()
        a = tuple(args) if (len(args) != 1 or g.random() < 0.5) else args[0]
        if isinstance(a, tuple) and len(a) == 1 and isinstance(a[0], tuple):
            continue
        out.append(dict(fmt=fmt, args=arg(a), **outcome(lambda: fmt % a)))
    hand = [
        ("%5%", ()), ("%z", ()), ("%z", (1,)), ("%-5%", ()), ("%5%", (1,)), ("%05f", math.inf),
        ("%f", "a"), ("%c", "ab"), ("%c", 1.5), ("%c", -1), ("%c", 2**70), ("%c", 0x10ffff), ("%c", 0x110000),
        ("%x", 1.5), ("%d", "a"), ("%d %", ("a",)), ("%s %", (1,)), ("%*", (5,)), ("%*", ()),
        ("%(a)s", (1,)), ("%(a", {"a": 1}), ("%(a)", {"a": 1}), ("%*d", ("a", 1)), ("%.*d", (1.5, 1)),
        ("%s", ()), ("%s", (1, 2)), ("a", 5), ("a", ()), ("a", []), ("a", {}), ("%s %s", {"a": 1}),
        ("%(a)s %(b)s", {"a": 1, "b": 2}), ("%(a)s %%", {"a": 1}), ("%(a)s", {"b": 1}),
        ("%(a)s", [1]), ("%s", [1, 2]), ("%s", {"a": 1}), ("%(a(b)c)s", {"a(b)c": 7}),
        ("%(a)*d", {"a": 3}), ("%ld %hs %Lf", (1, "a", 1.0)), ("%lz", (1,)), ("%\u00e9", (1,)),
        ("ab%\x01", (1,)), ("%", ()), ("abc%", (1,)), ("%(", {}), ("%.", (1,)), ("%5", (1,)),
        ("%-", (1,)), ("%#x %#X %#o", (255, 255, 8)), ("%#5x|%-#5x|%0#5x", (10, 10, 10)),
        ("%+.3d|% 05d|%-+6d", (5, 5, 5)), ("%.0f|%#.0f|%#.3g|%g", (2.5, 3.0, 1.0, 1e-5)),
        ("%10.3s|%-10.3r|%.1a", ("abcdef", "abcdef", "é")), ("%c%c%c", (72, "i", 0x1F600)),
        ("%i %u", (3.99, -3.99)), ("%d", math.inf), ("%d", math.nan), ("%x", True), ("%e", 10**400),
        ("%.200f", 1.0), ("%099d", -5), ("%*.*f", (12, 3, -3.14159)), ("%*.*f", (-12, -3, 3.14159)),
        ("%*s", (2**63, "a")), ("%.*s", (2**31, "a")), ("%99999999999999999999d", 1),
        ("%.99999999999d", 1), ("%s%s%s", ("a", "b")), ("%(x)s %(y)d", {"x": "X", "y": 2}),
        ("%(x)s %s", {"x": 1}), ("no conversions", {"a": 1}), ("%r", "x'y\"z"), ("%a", "日本"),
        ("%s", "\u0000\x7f\x80"), ("%r", "\u0000\x7f\x80\u200b\U0001F600"), ("%-+05.1f|", 2.25),
        ("%05s|%-05d|%05c", ("ab", 7, "z")), ("%+s|% s", ("a", "b")), ("%#.3x|%#.3o", (-5, -5)),
    ]
    for fmt, a in hand:
        out.append(dict(fmt=fmt, args=arg(a), **outcome(lambda: fmt % a)))
    return out


# ---------------------------------------------------------------- float(str)

def gen_float_from_string():
    inputs = ["1_0", " 1_0 ", "1__0", "abc", "\x1c1\x1f", "١", "\u30001", "0x10", "infinity", "-Infinity",
              "+nan", "-nan", "nan(1)", "1e", "", " ", "1e-99999999999", "1e99999999999", ".", ".e1",
              "1.e1", "5.", ".5", "in f", "1_e1", "1e_1", "1e1_0", "\x00", "a'b", "1.5", "-1.5", "+1.5",
              "  \t\n3.25\r\n ", "1e500", "-1e500", "1e-400", "2.2250738585072011e-308", "4.9e-324",
              "2.4703282292062328e-324", "2.4703282292062327e-324", "0.1", "0." + "0" * 400 + "1",
              "1" * 400, "123456789012345678901234567890", "1_000.000_1", "_1", "1_", "1._5", "1_.5",
              "+_1", "iNfInItY", "INF", "-inf", "infinit", "nanx", "+-1", "--1", "1e+5", "1E-5", "1e+-5",
              "1.2.3", "١٢٣.٤", "\u00a01.5\u2003", "\u20281\u2029", "1\u00a0", "٣e٢", "1e\u0663",
              "\x85" + "2", "0", "-0", "+0.0", "00012", "1 2", "1\x00", "\ufeff1", "۱۲", "１２"]
    return [dict(input=s, **outcome(lambda: bits(float(s)))) for s in inputs]


# ---------------------------------------------------------------- round()

def gen_round():
    out = []
    cases = [(2.675, 2), (0.5, 0), (1.5, 0), (2.5, 0), (-0.5, 0), (-0.4, 0), (0.125, 2), (0.375, 2),
             (1.7976931348623157e308, -308), (1.7976931348623157e308, -307), (1.7976931348623157e308, -306),
             (12345.0, -2), (-12345.0, -2), (15.0, -1), (25.0, -1), (35.0, -1), (-25.0, -1), (5e-324, 400),
             (5e-324, 323), (5e-324, 324), (1e300, -300), (1.5e300, -300), (-2.5e-5, 3), (123.456, 400),
             (123.456, -400), (-123.456, -400), (math.inf, 2), (math.nan, 2), (-math.inf, -2), (0.0, 3),
             (-0.0, 3), (1e22, -22), (5e22, -23), (4.5e22, -23), (1234.5678, 10), (0.1, 20)]
    for _ in range(1500):
        x = g.choice([g.uniform(-1000, 1000), 10 ** g.uniform(-20, 20), g.randrange(-10**6, 10**6) / 1000,
                      g.randrange(-10**4, 10**4) / 8, struct.unpack("<d", struct.pack("<Q", g.getrandbits(64)))[0]])
        if math.isnan(x) or math.isinf(x):
            continue
        cases.append((x, g.randrange(-12, 20)))
    for x, n in cases:
        out.append(dict(value=bits(x), ndigits=n, **outcome(lambda: bits(round(x, n)))))
    return out


def main():
    data = {
        "format": gen_format(),
        "repr": gen_repr(),
        "percent": gen_percent(),
        "float_from_string": gen_float_from_string(),
        "round": gen_round(),
    }
    json.dump(data, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
