#!/usr/bin/env python3
"""Generate testdata/sequences.json: expected outputs of CPython's random
module for several seeds.  Run with python3.11 from this directory:

    python3 gen_sequences.py > sequences.json
"""
import json
import random
import sys

assert sys.version_info[:2] == (3, 11), sys.version


def fl(x):
    return x.hex()


SEEDS = [
    ("int", 0), ("int", 1), ("int", 42), ("int", 12345), ("int", 2**40 + 7),
    ("int", -5), ("int", 10**30), ("int", 2**32), ("int", 2**64 - 1),
    ("str", "hello"), ("str", ""), ("str", "héllo wörld ☃"), ("bytes", b"\x00\xffabc"),
]


def call(ops, r, op, args, fn):
    entry = {"op": op, "args": args}
    try:
        entry["out"] = fn()
    except Exception as e:  # noqa
        entry["err"] = [type(e).__name__, str(e)]
    ops.append(entry)


def gen_ops(r, g):
    """r: the generator under test, g: an independent generator choosing ops."""
    ops = []
    for _ in range(700):
        kind = g.choice([
            "random", "getrandbits", "randrange1", "randrange2", "randrange3",
            "randint", "choice", "shuffle", "sample", "choices", "choicesw",
            "choicescw", "uniform", "triangular", "gauss", "normalvariate",
            "expovariate", "lognormvariate", "vonmisesvariate", "gammavariate",
            "betavariate", "paretovariate", "weibullvariate", "randbytes",
            "bigrange", "errors", "samplecounts",
        ])
        if kind == "random":
            call(ops, r, "random", [], lambda: fl(r.random()))
        elif kind == "getrandbits":
            k = g.choice([0, 1, 2, 7, 31, 32, 33, 53, 63, 64, 65, 95, 96, 97, 127, 128, 129, 130, g.randrange(0, 300)])
            call(ops, r, "getrandbits", [k], lambda: str(r.getrandbits(k)))
        elif kind == "randbytes":
            n = g.randrange(0, 13)
            call(ops, r, "randbytes", [n], lambda: r.randbytes(n).hex())
        elif kind == "randrange1":
            stop = g.choice([1, 2, 3, 10, 100, 2**31, 2**32, 2**32 + 1, 2**53, 2**63 - 1, 2**63, 2**64, 10**30, 2**100 + 3, g.randrange(1, 10**6)])
            call(ops, r, "randrange", [str(stop)], lambda: str(r.randrange(stop)))
        elif kind == "randrange2":
            a = g.randrange(-1000, 1000)
            b = a + g.randrange(1, 5000)
            call(ops, r, "randrange", [str(a), str(b)], lambda: str(r.randrange(a, b)))
        elif kind == "randrange3":
            a = g.randrange(-1000, 1000)
            step = g.choice([2, 3, 7, -1, -2, -5, 100])
            b = a + step * g.randrange(1, 200) + g.randrange(-3, 4)
            call(ops, r, "randrange", [str(a), str(b), str(step)], lambda: str(r.randrange(a, b, step)))
        elif kind == "bigrange":
            a = g.choice([-10**25, 0, 5, -(2**70)])
            b = a + g.choice([10**30, 2**64, 2**63, 17])
            step = g.choice([1, 1, 3, 10**12, -7])
            if step < 0:
                a, b = b, a
            call(ops, r, "randrange", [str(a), str(b), str(step)], lambda: str(r.randrange(a, b, step)))
        elif kind == "randint":
            a = g.randrange(-100, 100)
            b = a + g.randrange(0, 300)
            if g.random() < 0.1:
                a, b = -(2**62), 2**62
            call(ops, r, "randint", [str(a), str(b)], lambda: str(r.randint(a, b)))
        elif kind == "choice":
            n = g.choice([1, 2, 3, 5, 10, 17, 50, 1000, 2**20])
            call(ops, r, "choice", [n], lambda: r.choice(range(n)))
        elif kind == "shuffle":
            n = g.choice([0, 1, 2, 3, 5, 10, 31, 100])
            def sh():
                x = list(range(n))
                r.shuffle(x)
                return x
            call(ops, r, "shuffle", [n], sh)
        elif kind == "sample":
            n, k = g.choice([(0, 0), (1, 1), (5, 0), (5, 5), (10, 3), (21, 5), (22, 5), (25, 6),
                             (40, 6), (100, 6), (100, 20), (100, 50), (100, 100), (1000, 10),
                             (1000, 40), (1000, 300), (10**6, 5), (10**6, 100), (85, 6), (86, 6),
                             (300, 30), (1045, 30), (1046, 30), (2**40, 3)])
            call(ops, r, "sample", [n, k], lambda: r.sample(range(n), k))
        elif kind == "samplecounts":
            n = g.randrange(1, 6)
            counts = [g.randrange(0, 5) for _ in range(n)]
            counts[0] += 1
            k = g.randrange(0, sum(counts) + 1)
            call(ops, r, "samplecounts", [n, counts, k], lambda: r.sample(range(n), k, counts=counts))
        elif kind == "choices":
            n = g.choice([1, 2, 3, 10, 100, 12345])
            k = g.randrange(0, 20)
            call(ops, r, "choices", [n, k], lambda: r.choices(range(n), k=k))
        elif kind == "choicesw":
            n = g.randrange(1, 8)
            if g.random() < 0.5:
                w = [g.randrange(0, 10) for _ in range(n)]
                w[-1] += 1
            else:
                w = [g.random() * 10 for _ in range(n)]
            k = g.randrange(0, 20)
            call(ops, r, "choicesw", [n, [fl(float(x)) for x in w], k], lambda: r.choices(range(n), w, k=k))
        elif kind == "choicescw":
            n = g.randrange(1, 8)
            cw = []
            s = 0.0
            for _ in range(n):
                s += g.random() * 3
                cw.append(s)
            k = g.randrange(0, 20)
            call(ops, r, "choicescw", [n, [fl(x) for x in cw], k], lambda: r.choices(range(n), cum_weights=cw, k=k))
        elif kind == "uniform":
            a, b = g.uniform(-100, 100), g.uniform(-100, 100)
            call(ops, r, "uniform", [fl(a), fl(b)], lambda: fl(r.uniform(a, b)))
        elif kind == "triangular":
            lo, hi = g.uniform(-10, 0), g.uniform(0, 10)
            if g.random() < 0.5:
                call(ops, r, "triangular", [fl(lo), fl(hi)], lambda: fl(r.triangular(lo, hi)))
            else:
                mode = g.choice([lo, hi, (lo + hi) / 3])
                if g.random() < 0.1:
                    hi = lo
                call(ops, r, "triangularmode", [fl(lo), fl(hi), fl(mode)], lambda: fl(r.triangular(lo, hi, mode)))
        elif kind == "gauss":
            for _ in range(g.randrange(1, 4)):
                mu, sigma = g.uniform(-5, 5), g.uniform(0.1, 3)
                call(ops, r, "gauss", [fl(mu), fl(sigma)], lambda: fl(r.gauss(mu, sigma)))
        elif kind == "normalvariate":
            mu, sigma = g.uniform(-5, 5), g.uniform(0.1, 3)
            call(ops, r, "normalvariate", [fl(mu), fl(sigma)], lambda: fl(r.normalvariate(mu, sigma)))
        elif kind == "lognormvariate":
            mu, sigma = g.uniform(-1, 1), g.uniform(0.1, 1)
            call(ops, r, "lognormvariate", [fl(mu), fl(sigma)], lambda: fl(r.lognormvariate(mu, sigma)))
        elif kind == "expovariate":
            lam = g.choice([0.5, 1.0, 3.0, -2.0, 0.0])
            call(ops, r, "expovariate", [fl(lam)], lambda: fl(r.expovariate(lam)))
        elif kind == "vonmisesvariate":
            mu, kappa = g.uniform(-3, 3), g.choice([0.0, 1e-7, 0.5, 2.0, 10.0])
            call(ops, r, "vonmisesvariate", [fl(mu), fl(kappa)], lambda: fl(r.vonmisesvariate(mu, kappa)))
        elif kind == "gammavariate":
            alpha, beta = g.choice([0.3, 0.9, 1.0, 2.5, 9.0, 0.0]), g.choice([0.5, 1.0, 2.0])
            call(ops, r, "gammavariate", [fl(alpha), fl(beta)], lambda: fl(r.gammavariate(alpha, beta)))
        elif kind == "betavariate":
            alpha, beta = g.choice([0.3, 1.0, 2.5]), g.choice([0.5, 1.0, 3.0])
            call(ops, r, "betavariate", [fl(alpha), fl(beta)], lambda: fl(r.betavariate(alpha, beta)))
        elif kind == "paretovariate":
            alpha = g.choice([0.5, 1.0, 3.0])
            call(ops, r, "paretovariate", [fl(alpha)], lambda: fl(r.paretovariate(alpha)))
        elif kind == "weibullvariate":
            alpha, beta = g.choice([0.5, 1.0, 3.0]), g.choice([0.5, 1.0, 3.0])
            call(ops, r, "weibullvariate", [fl(alpha), fl(beta)], lambda: fl(r.weibullvariate(alpha, beta)))
        elif kind == "errors":
            e = g.randrange(0, 8)
            if e == 0:
                call(ops, r, "randrange", ["5", "5"], lambda: str(r.randrange(5, 5)))
            elif e == 1:
                call(ops, r, "randrange", ["0"], lambda: str(r.randrange(0)))
            elif e == 2:
                call(ops, r, "randrange", ["1", "10", "0"], lambda: str(r.randrange(1, 10, 0)))
            elif e == 3:
                call(ops, r, "randrange", ["10", "1", "2"], lambda: str(r.randrange(10, 1, 2)))
            elif e == 4:
                call(ops, r, "sample", [3, 4], lambda: r.sample(range(3), 4))
            elif e == 5:
                call(ops, r, "choice", [0], lambda: r.choice([]))
            elif e == 6:
                call(ops, r, "randint", ["7", "3"], lambda: str(r.randint(7, 3)))
            else:
                call(ops, r, "sample", [3, -1], lambda: r.sample(range(3), -1))
    return ops


def main():
    out = []
    g = random.Random(20240611)
    for kind, seed in SEEDS:
        r = random.Random(seed)
        sval = seed.hex() if kind == "bytes" else str(seed)
        out.append({"kind": kind, "seed": sval, "ops": gen_ops(r, g)})
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
