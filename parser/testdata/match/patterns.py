match x:
    case 1 | -2 | 3+4j | "a" "b" | None | True:
        pass
    case [a, *rest, (b, c)] | (d, *_, e) if a:
        pass
    case {"k": v, 1: w, A.B: z, **kw}:
        pass
    case Point(1, y=2) | a.b.C() as q:
        pass
    case (x) | [] | ():
        pass
    case _:
        pass
match = 1
match(x)
match, b = 1, 2
match *a, b:
    case 1, 2,:
        pass
