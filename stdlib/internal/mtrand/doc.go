// Package mtrand reproduces, bit for bit, the pseudo-random number
// generation of CPython 3.11's random module.
//
// The core is the MT19937 Mersenne Twister exactly as implemented by
// CPython's _random module: the same init_by_array seeding from the
// absolute value of an integer seed split into little-endian 32-bit words,
// the same 53-bit random() construction and the same getrandbits word
// order.  On top of it the package implements the pure-Python algorithms
// of Lib/random.py (randrange, randint, choice, shuffle, sample, choices,
// uniform, gauss, the variate functions, ...) on plain Go types, so that a
// Python VM that owns the actual values can call them and obtain the same
// results as CPython for the same seed.
//
// Functions that can fail the way the Python code raises return an *Error
// carrying the Python exception class name and CPython's exact message.
//
// Integer arguments that may be arbitrarily large in Python (randrange,
// randint, getrandbits) are accepted as *big.Int, with int64/uint64 fast
// paths that consume the generator identically.
//
// The real-valued distributions (gauss, normalvariate, expovariate, ...)
// depend on the C library's log, exp, sin, cos, acos and pow.  Go's math
// package is not accurate enough to reproduce glibc's results, so this
// package evaluates those functions in double-double arithmetic and rounds
// correctly.  glibc is itself correctly rounded for the overwhelming
// majority of arguments (roughly 99.85%); for the rest the values returned
// here may differ from CPython's in the last bit.  All integer and
// sequence functions, random(), uniform() and triangular() are exact.
//
// Seeding from a float is not provided directly: CPython seeds from
// hash(x) for a float x, so a VM should compute Python's float hash and
// call SeedHash.
package mtrand
