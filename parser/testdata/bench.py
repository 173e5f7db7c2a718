# ---- from classes.pya
# classes: object creation, attribute reads/writes, method calls, inheritance,
# super().__init__, polymorphic dispatch. A small packet scheduler plus
# integer vector math.


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def wrap(self, m):
        return Vec(self.x % m, self.y % m)


class Packet:
    def __init__(self, kind, value):
        self.kind = kind
        self.value = value
        self.hops = 0


class Task:
    created = 0

    def __init__(self, name, priority):
        self.name = name
        self.priority = priority
        self.inbox = []
        self.handled = 0
        Task.created += 1

    def ready(self):
        return len(self.inbox) > 0

    def receive(self, packet):
        self.inbox.append(packet)

    def step(self, sched):
        packet = self.inbox.pop()
        packet.hops += 1
        self.handled += 1
        self.handle(sched, packet)

    def handle(self, sched, packet):
        sched.done(packet)


class Doubler(Task):
    def __init__(self, name, priority, target):
        super().__init__(name, priority)
        self.target = target

    def handle(self, sched, packet):
        packet.value = (packet.value * 2) % 65521
        sched.send(self.target, packet)


class Adder(Task):
    def __init__(self, name, priority, target, amount):
        super().__init__(name, priority)
        self.target = target
        self.amount = amount

    def handle(self, sched, packet):
        packet.value = packet.value + self.amount
        if packet.value % 3 == 0:
            sched.send(self.target, packet)
        else:
            sched.done(packet)


class Router(Task):
    def __init__(self, name, priority, outs):
        super().__init__(name, priority)
        self.outs = outs
        self.turn = 0

    def handle(self, sched, packet):
        self.turn = (self.turn + 1) % len(self.outs)
        sched.send(self.outs[self.turn], packet)


class Scheduler:
    def __init__(self):
        self.tasks = []
        self.finished = 0
        self.value_sum = 0
        self.hop_sum = 0

    def add(self, task):
        self.tasks.append(task)
        return task

    def send(self, task, packet):
        task.receive(packet)

    def done(self, packet):
        self.finished += 1
        self.value_sum = (self.value_sum + packet.value) % 1000000007
        self.hop_sum += packet.hops

    def run(self):
        busy = True
        steps = 0
        while busy:
            busy = False
            for task in self.tasks:
                if task.ready():
                    task.step(self)
                    steps += 1
                    busy = True
        return steps


def run_scheduler(packets):
    sched = Scheduler()
    sink = sched.add(Task("sink", 0))
    add1 = sched.add(Adder("add1", 1, sink, 1))
    add2 = sched.add(Adder("add2", 1, sink, 2))
    dbl = sched.add(Doubler("dbl", 2, add1))
    router = sched.add(Router("router", 3, [dbl, add2, sink]))
    for i in range(packets):
        router.receive(Packet(i % 4, i))
        if i % 50 == 49:
            sched.run()
    steps = sched.run()
    return sched.finished, sched.value_sum, sched.hop_sum, steps


def vector_walk(n):
    pos = Vec(1, 2)
    vel = Vec(3, -5)
    acc = 0
    for i in range(n):
        pos = pos.add(vel).wrap(10007)
        vel = vel.add(Vec(i % 7 - 3, i % 5 - 2)).wrap(101)
        acc = (acc + pos.dot(vel.scale(3))) % 1000000007
    return acc


def main():
    finished, value_sum, hop_sum, steps = run_scheduler(240000)
    walk = vector_walk(400000)
    print("classes", finished, value_sum, hop_sum, Task.created, walk)


main()

# ---- from nbody.pya
# nbody: floating point arithmetic on lists; a Jovian planets simulation
# (Sun, Jupiter, Saturn, Uranus, Neptune) with a symplectic Euler integrator.
PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def make_bodies():
    # each body: [x, y, z, vx, vy, vz, mass]
    sun = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS]
    jupiter = [
        4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
        1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
        -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS]
    saturn = [
        8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
        -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
        2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS]
    uranus = [
        1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
        2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
        -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS]
    neptune = [
        1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
        2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
        -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS]
    return [sun, jupiter, saturn, uranus, neptune]


def offset_momentum(bodies):
    px = 0.0
    py = 0.0
    pz = 0.0
    for b in bodies:
        px += b[3] * b[6]
        py += b[4] * b[6]
        pz += b[5] * b[6]
    sun = bodies[0]
    sun[3] = -px / SOLAR_MASS
    sun[4] = -py / SOLAR_MASS
    sun[5] = -pz / SOLAR_MASS


def energy(bodies):
    e = 0.0
    n = len(bodies)
    for i in range(n):
        a = bodies[i]
        e += 0.5 * a[6] * (a[3] * a[3] + a[4] * a[4] + a[5] * a[5])
        for j in range(i + 1, n):
            b = bodies[j]
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            dz = a[2] - b[2]
            e -= a[6] * b[6] / (dx * dx + dy * dy + dz * dz) ** 0.5
    return e


def advance(bodies, pairs, dt, steps):
    for _ in range(steps):
        for (a, b) in pairs:
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            dz = a[2] - b[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * d2 ** 0.5)
            bm = b[6] * mag
            am = a[6] * mag
            a[3] -= dx * bm
            a[4] -= dy * bm
            a[5] -= dz * bm
            b[3] += dx * am
            b[4] += dy * am
            b[5] += dz * am
        for body in bodies:
            body[0] += dt * body[3]
            body[1] += dt * body[4]
            body[2] += dt * body[5]


def main():
    bodies = make_bodies()
    offset_momentum(bodies)
    pairs = []
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            pairs.append((bodies[i], bodies[j]))
    e0 = energy(bodies)
    advance(bodies, pairs, 0.01, 200000)
    e1 = energy(bodies)
    print("nbody", f"{e0:.9f}", f"{e1:.9f}")


main()

# ---- from generators.pya
# generators: deep generator pipelines, yield from delegation, recursive
# generators over a tree, generator expressions.


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def mapper(src, k):
    for x in src:
        yield (x * k + 1) % 1000003


def only_odd(src):
    for x in src:
        if x & 1:
            yield x


def pairs(src):
    prev = None
    for x in src:
        if prev is not None:
            yield prev + x
        prev = x


def passthrough(src, depth):
    # delegate through `depth` nested generators
    if depth == 0:
        yield from src
    else:
        yield from passthrough(src, depth - 1)


def take(src, n):
    for x in src:
        if n <= 0:
            return
        n -= 1
        yield x


def build_tree(depth, label):
    if depth == 0:
        return (label, None, None)
    return (label, build_tree(depth - 1, label * 2), build_tree(depth - 1, label * 2 + 1))


def walk(tree):
    label, left, right = tree
    if left is not None:
        yield from walk(left)
    yield label
    if right is not None:
        yield from walk(right)


def main():
    # a 10-stage pipeline
    total = 0
    stage = numbers(1200000)
    for k in range(3, 8):
        stage = mapper(stage, k)
    stage = only_odd(stage)
    stage = pairs(stage)
    stage = take(stage, 400000)
    for x in stage:
        total = (total + x) % 1000000007
    # 30-deep yield from delegation
    deep = 0
    for x in passthrough(numbers(200000), 30):
        deep += x
    # recursive tree walk
    tree = build_tree(16, 1)
    walked = 0
    count = 0
    for label in walk(tree):
        walked = (walked * 3 + label) % 1000000007
        count += 1
    genexp = sum(x * x for x in range(600000) if x % 3 == 0)
    print("generators", total, deep, count, walked, genexp)


main()

# ---- from core_function_args.pya
# Function parameters: defaults, keyword-only, *args/**kwargs, positional-only.
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"

print(greet("Ann"), greet("Bob", "Hi"), greet("Cy", punct="?"), greet(punct=".", name="Di"))

def kwonly(a, b=2, *, c, d=4):
    return (a, b, c, d)

print(kwonly(1, c=3), kwonly(1, 5, c=6, d=7), kwonly(c=0, a=9))

def varargs(first, *args, **kwargs):
    return f"first={first} args={args} kwargs={kwargs}"

print(varargs(1))
print(varargs(1, 2, 3, x=4, y=5))
print(varargs(*[7, 8], **{"k": "v", "z": 0}))

def posonly(a, b, /, c):
    return a + b + c

print(posonly(1, 2, 3), posonly(1, 2, c=10))

def collect(*items, sep="-"):
    return sep.join(str(i) for i in items)

print(collect(1, 2, 3), collect("a", "b", sep="+"), repr(collect()))

def append_to(item, target=[]):
    target.append(item)
    return target

print(append_to(1), append_to(2), append_to(3, []))

def append_safe(item, target=None):
    if target is None:
        target = []
    target.append(item)
    return target

print(append_safe(1), append_safe(2))

def describe(**info):
    return ", ".join(f"{k}={v}" for k, v in info.items())

print(describe(zeta=1, alpha=2, mid=3))

def apply(func, *args, **kwargs):
    return func(*args, **kwargs)

print(apply(greet, "Eve", greeting="Yo"), apply(max, 3, 9, 2), apply(sorted, [3, 1, 2], reverse=True))

def f(a, b):
    return a - b

try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, a=2)
except TypeError as e:
    print("TypeError:", e)
try:
    kwonly(1, 2, 3)
except TypeError as e:
    print("TypeError raised")

def counter(n, *, start=0):
    return list(range(start, start + n))

print(counter(3), counter(3, start=10))
print(f(b=1, a=10), f(*(5, 2)), f(**{"a": 1, "b": 1}))
print(greet.__name__, (lambda: 0).__name__)

# ---- from core_dunder_methods.pya
# Special methods: arithmetic, comparison, container protocol, call, str/repr.
class Vec:
    def __init__(self, *coords):
        self.coords = list(coords)
    def __repr__(self):
        return "Vec(" + ", ".join(repr(c) for c in self.coords) + ")"
    def __str__(self):
        return "<" + " ".join(str(c) for c in self.coords) + ">"
    def __add__(self, other):
        return Vec(*[a + b for a, b in zip(self.coords, other.coords)])
    def __sub__(self, other):
        return Vec(*[a - b for a, b in zip(self.coords, other.coords)])
    def __mul__(self, k):
        return Vec(*[a * k for a in self.coords])
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return self * -1
    def __eq__(self, other):
        return isinstance(other, Vec) and self.coords == other.coords
    def __lt__(self, other):
        return self.norm2() < other.norm2()
    def __len__(self):
        return len(self.coords)
    def __iter__(self):
        return iter(self.coords)
    def __getitem__(self, i):
        return self.coords[i]
    def __contains__(self, x):
        print("contains check", x)
        return x in self.coords
    def __call__(self, scale):
        return [c * scale for c in self.coords]
    def __bool__(self):
        return any(self.coords)
    def norm2(self):
        return sum(c * c for c in self)

v = Vec(1, 2, 3)
w = Vec(4, 5, 6)
print(v + w, repr(v - w), v * 2, 3 * v, -v)
print(str(v), repr(v), [v, w], f"{v}", f"{v!r}")
print(v == Vec(1, 2, 3), v != w, v == "x", v < w, w < v, v > w)
print(len(v), list(v), v[0], v[-1], v[1:], 2 in v, 7 in v, 7 not in v)
print(v(10), bool(v), bool(Vec(0, 0)), sorted([w, v, Vec(0, 1, 0)]))
print(max([v, w, Vec(9)]), min(Vec(3, 4), Vec(1, 1)))
x, y, z = v
print(x, y, z, sum(v), tuple(w))
total = Vec(0, 0, 0)
for item in [v, w, v]:
    total += item
print(total)

class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1

print(list(Countdown(4)), [i * i for i in Countdown(3)])

class Poly:
    def __init__(self, *cs):
        self.cs = cs
    def __call__(self, x):
        return sum(c * x ** i for i, c in enumerate(self.cs))
    def __eq__(self, other):
        return self.cs == other.cs
    def __hash__(self):
        return hash(self.cs)

p = Poly(1, 0, 2)
print(p(0), p(3), list(map(p, range(4))), len({Poly(1), Poly(1), Poly(2)}))

# ---- from core_exceptions_flow.pya
# try/except/else/finally execution order in many scenarios.
def scenario(kind):
    print("--", kind)
    try:
        print("try start")
        if kind == "value":
            raise ValueError("bad value")
        if kind == "key":
            {}["k"]
        if kind == "zero":
            1 // 0
        if kind == "type":
            len(5)
        print("try end")
    except ValueError as e:
        print("except ValueError:", e)
    except (KeyError, IndexError) as e:
        print("except lookup:", type(e).__name__, e)
    except ArithmeticError as e:
        print("except arithmetic:", type(e).__name__, e)
    else:
        print("else")
    finally:
        print("finally")
    print("after")

for k in ["none", "value", "key", "zero"]:
    scenario(k)
try:
    scenario("type")
except TypeError as e:
    print("outer caught TypeError:", e)

def in_loop():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("fin%d" % i)
    return out

print(in_loop())

def ret_in_try():
    try:
        print("returning from try")
        return "try-value"
    finally:
        print("finally after return")

print(ret_in_try())

def handler_raises():
    try:
        raise ValueError("first")
    except ValueError:
        raise RuntimeError("second")

try:
    handler_raises()
except RuntimeError as e:
    print(e, "| context:", repr(e.__context__))

print(str(ValueError()), repr(ValueError()), str(KeyError("k")), str(ValueError("one")))
try:
    try:
        int("x1")
    except ValueError:
        print("handling and re-raising")
        raise
except ValueError as e:
    print("re-raised:", e)

