#!/usr/bin/env python3
"""Generate testdata/libm_cr.txt: correctly rounded log, exp, sin, cos,
acos and pow values computed with the decimal module at 60 digits.

    python3 gen_libm.py > libm_cr.txt

Each line is "op arg [arg2] result" with floats in hex.
"""
import math
import random
from decimal import Decimal as D, getcontext

getcontext().prec = 60


def _atan_inv(n):
    x = D(1) / n
    x2 = x * x
    s = t = x
    k = 1
    while True:
        t *= -x2
        k += 2
        term = t / k
        if abs(term) < D(10) ** -(getcontext().prec + 5):
            return s
        s += term


def _pi():
    getcontext().prec += 20
    p = 16 * _atan_inv(5) - 4 * _atan_inv(239)
    getcontext().prec -= 20
    return p


PI = _pi()


def reduce(x):
    getcontext().prec += 20
    n = (x / (2 * PI)).to_integral_value()
    r = x - n * 2 * PI
    getcontext().prec -= 20
    return r


def dsin(x):
    x = reduce(x)
    getcontext().prec += 5
    i, lasts, s, fact, num, sign = 1, 0, x, 1, x, 1
    while s != lasts:
        lasts = s
        i += 2
        fact *= i * (i - 1)
        num *= x * x
        sign *= -1
        s += num / fact * sign
    getcontext().prec -= 5
    return +s


def dcos(x):
    x = reduce(x)
    getcontext().prec += 5
    i, lasts, s, fact, num, sign = 0, 0, 1, 1, 1, 1
    while s != lasts:
        lasts = s
        i += 2
        fact *= i * (i - 1)
        num *= x * x
        sign *= -1
        s += num / fact * sign
    getcontext().prec -= 5
    return +s


def dasin(z):
    y = D(math.asin(float(z)))
    for _ in range(6):
        y = y - (dsin(y) - z) / dcos(y)
    return y


def dacos(x):
    x = D(x)
    if x > D("0.5"):
        return 2 * dasin(((1 - x) / 2).sqrt())
    if x < D("-0.5"):
        return PI - 2 * dasin(((1 + x) / 2).sqrt())
    y = D(math.acos(float(x)))
    for _ in range(6):
        y = y + (dcos(y) - x) / dsin(y)
    return y


def h(x):
    return x.hex()


def main():
    g = random.Random(1234)
    out = []
    for _ in range(1500):
        x = g.choice([1.0 - g.random(), g.uniform(0, 10), 10 ** g.uniform(-300, 300), g.uniform(0.9, 1.1)])
        out.append("log %s %s" % (h(x), h(float(D(x).ln()))))
    for _ in range(1500):
        x = g.choice([g.uniform(-20, 20), g.uniform(-745, 709), g.uniform(-1e-5, 1e-5)])
        out.append("exp %s %s" % (h(x), h(float(D(x).exp()))))
    for _ in range(1500):
        x = g.choice([g.random() * math.tau, g.uniform(-100, 100), g.uniform(-1e5, 1e5), g.random() * math.pi, g.uniform(-1e-3, 1e-3)])
        dx = D(x)
        out.append("sin %s %s" % (h(x), h(float(dsin(dx)))))
        out.append("cos %s %s" % (h(x), h(float(dcos(dx)))))
    for _ in range(1000):
        x = g.choice([g.uniform(-1, 1), 1 - g.random() * 10 ** -g.uniform(0, 15), -1 + g.random() * 10 ** -g.uniform(0, 15)])
        out.append("acos %s %s" % (h(x), h(float(dacos(x)))))
    for _ in range(1500):
        x = g.choice([g.random(), g.uniform(0, 100), 1 - g.random()])
        y = g.choice([g.uniform(-3, 3), 1 / g.uniform(0.1, 3), g.uniform(-0.99, 0)])
        if x == 0:
            continue
        out.append("pow %s %s %s" % (h(x), h(y), h(float(D(x) ** D(y)))))
    print("\n".join(out))


main()
