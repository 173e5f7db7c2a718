# Expressions and precedence.
x = 1 + 2 * 3 - 4 / 5 // 6 % 7 @ m
x = -2 ** 2
x = 2 ** -1
x = 2 ** 3 ** 2
x = -x + +y - ~z
x = not a and b or c and not d
x = a or b or c
x = a and b and c
x = a < b <= c > d >= e == f != g
x = a in b not in c is d is not e
x = a | b ^ c & d << e >> f
x = a if b else c if d else e
x = (lambda: 1) if a else lambda x, y=2, *a, k, **kw: x + y
x = lambda *, k: k
x = lambda a, /, b: a
x = lambda *args, **kw: (args, kw)
x = await_ = 1
x = f(a)(b)(c)
x = a.b.c.d
x = a[1][2][3]
x = a[1:2], a[:], a[::], a[1:], a[:2], a[::3], a[1:2:3], a[:, 1], a[..., 1]
x = a[1:2, ::3]
x = a[b, c]
x = a[(b, c)]
x = a[*b]
x = a[x := 1]
x = f(*a, *b, **c, **d)
x = f(a, b=1, *c, d=2, **e)
x = f(x for x in y)
x = f((x for x in y), 1)
x = [x for x in y]
x = [x for x in y if x if y for z in w]
x = {x for x in y}
x = {k: v for k, v in y}
x = (x for x in y)
x = [(yield)]
x = [*a, *b, c]
x = {*a, b}
x = {**a, 'b': 1, **c}
x = {}
x = []
x = ()
x = (1,)
x = 1,
x = (1)
x = ((1, 2), [3, 4], {5, 6}, {7: 8})
x = [1, 2, 3,]
x = {1: 2,}
x = ...
x = None, True, False
x = (y := 10)
if (n := len(a)) > 10: pass
while chunk := f.read(): pass
x = [y := f(x), y**2]
x = f(y := 1)
x = a if (b := c) else d
x = (a for b in c for d in e if f)
x = [[y for y in x] for x in z]
x = a.b(c).d[e].f
x = (a)(b)
x = (a).b
x = (a + b) * c
x = (a) + b
x = a.b[c](d)
x = 1 if 2 else 3
x = not not a
x = - - a
x = a ** b ** c
x = a * -b
x = (-a) ** b
x = a if b else (lambda: c)
x = (yield x)
x = (yield from y)
def gen():
    x = yield
    x = yield 1
    x = yield 1, 2
    yield from g()
    yield
    y = yield *a, b
    await_ = 3
    return *a, b
x = [i for i in range(3)][0]
x = {'a': 1}['a']
x = "abc"[1:]
x = f"x"[0]
x = a.__class__.__name__
x = print
x = f(a=1)(b=2)
x = f(
    a,
    b,
)
x = [
    1,
    2,
]
