#!/usr/bin/env python3
"""Generate testdata/streams.json: SHA-256 digests of long output streams
of CPython's random module, so that long sequences can be checked without
storing them.

    python3 gen_streams.py > streams.json
"""
import hashlib
import json
import random
import struct
import sys

assert sys.version_info[:2] == (3, 11), sys.version

SEEDS = [0, 1, 42, 12345, 2**40 + 7, -5, 10**30, 2**1000 + 12345]


def digest(parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.hexdigest()


def main():
    out = []
    for seed in SEEDS:
        r = random.Random(seed)
        entry = {"seed": str(seed)}
        st = r.getstate()[1]
        entry["state"] = digest(struct.pack("<I", w) for w in st)
        entry["index"] = st[-1]
        entry["random"] = digest(struct.pack("<d", r.random()) for _ in range(100000))
        entry["getrandbits"] = digest(str(r.getrandbits(k)).encode() + b"\n" for _ in range(20) for k in range(0, 201))
        entry["randrange_big"] = digest(str(r.randrange(10**30)).encode() + b"\n" for _ in range(5000))
        entry["randrange_small"] = digest(str(r.randrange(-50, 1000, 3)).encode() + b"\n" for _ in range(5000))
        x = list(range(1000))
        r.shuffle(x)
        entry["shuffle"] = digest(str(v).encode() + b"\n" for v in x)
        entry["sample_set"] = digest(str(v).encode() + b"\n" for v in r.sample(range(10**6), 1000))
        entry["sample_pool"] = digest(str(v).encode() + b"\n" for v in r.sample(range(2000), 1500))
        entry["choices"] = digest(str(v).encode() + b"\n" for v in r.choices(range(777), k=3000))
        st = r.getstate()[1]
        entry["state_after"] = digest(struct.pack("<I", w) for w in st)
        entry["index_after"] = st[-1]
        out.append(entry)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
