# Statements of every kind.
import os
import os.path as osp, sys
from collections import OrderedDict as OD, defaultdict
from . import sibling
from .. import parent
from ...pkg.sub import (a, b as bee,
    c,)
from .mod import *
from ....deep import x

x = 1
a = b = c = 3
a, b = b, a
a, *rest = [1, 2, 3]
(a, b), c = (1, 2), 3
[a, b] = 1, 2
a.b.c = 4
a[1] = a[1:2] = a[::2] = a[1:2, 3] = 5
x: int = 3
y: "list[int]"
a.b: int = 1
d[k]: str
(z): int = 2
x += 1; x -= 1; x *= 2; x /= 2; x //= 2; x %= 3; x **= 2
x >>= 1; x <<= 1; x &= 1; x ^= 1; x |= 1; x @= m
del x, a[1], b.c, (d, e), [f]
pass
global g1, g2
assert x, "msg"
assert (x, y)
raise
raise ValueError("x")
raise ValueError from None

if a:
    pass
elif b:
    pass
elif c: pass
else:
    pass

while x:
    break
else:
    continue

for i in range(10):
    pass
else:
    pass

for k, v in d.items(): print(k, v)
for (a, b), *c in z: pass
for x, in y: pass

try:
    pass
except:
    pass

try:
    pass
except ValueError as e:
    pass
except (TypeError, KeyError) as e:
    pass
except Exception:
    pass
else:
    pass
finally:
    pass

try:
    pass
finally:
    pass

with open(f) as fh, lock:
    pass
with a as (b, c):
    pass
with (open(a) as f1, open(b) as f2,):
    pass
with (a, b):
    pass
with (a, b) as c:
    pass
with (yield):
    pass


@decorator
@decorator.attr(arg, k=1)
def f(a, b=1, *args, c, d=2, **kwargs) -> int:
    """Docstring."""
    nonlocal q
    return a


def g(a, b, /, c, *, d):
    return


def h(*, a=1, b): return a, b
def h2(a: int = 1, *args: str, b: "x" = None, **kw: dict) -> None: ...
def h3(a, /): pass
def h4(a=1, /, b=2, *c): pass


class A:
    pass


class B(A, metaclass=M, **kw):
    x = 1

    def method(self):
        return self.x


@dataclass
class C(object): pass


async def co():
    await x
    async for i in aiter():
        pass
    async with a as b:
        pass
    result = [i async for i in gen() if await i]
    return await asyncio.sleep(1)


@decorator
async def decorated_co(): pass

match = 3
match(x)
match.attr = 1
case = 2
type = int
_ = 1
print(match, case, type, _)
x = 1; y = 2;
if x: a = 1; b = 2
lambda: 0
