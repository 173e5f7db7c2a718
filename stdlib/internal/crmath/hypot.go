package crmath

import "math"

// Hypot is sqrt(x*x + y*y) as glibc computes it (CPython's cmath calls
// the C library's hypot; Go's math.Hypot is often an ulp away): the
// square root of the rounded sum of squares, then one correction from the
// residual x*x + y*y - h*h evaluated without loss, as in C. F. Borges,
// "An Improved Algorithm for hypot(a,b)" (2019), its fma-free variant.
// Both arguments are first scaled by a power of two so that the squares
// neither overflow nor underflow.
func Hypot(x, y float64) float64 {
	x, y = math.Abs(x), math.Abs(y)
	switch {
	case math.IsInf(x, 0) || math.IsInf(y, 0):
		return math.Inf(1)
	case math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	}
	if x < y {
		x, y = y, x
	}
	if y == 0 || x/y > 1<<27 {
		return x // y*y/(2x) is below half an ulp of x
	}
	_, e := math.Frexp(x)
	x, y = math.Ldexp(x, -e), math.Ldexp(y, -e)
	h := math.Sqrt(x*x + y*y)
	var t1, t2 float64
	if h <= 2*y {
		d := h - y
		t1 = x * (2*d - x)
		t2 = (d - 2*(x-y)) * d
	} else {
		d := h - x
		t1 = 2 * d * (x - 2*y)
		t2 = (4*d-y)*y + d*d
	}
	h -= (t1 + t2) / (2 * h)
	return math.Ldexp(h, e)
}
