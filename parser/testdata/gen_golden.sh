#!/bin/sh
# Regenerate testdata/parse/*.golden (CPython's trees in dump format).
cd "$(dirname "$0")/.." || exit 1
for f in testdata/parse/*.py; do
	python3 testdata/pydump.py --pos "$f" | tail -n +2 > "${f%.py}.golden"
done
