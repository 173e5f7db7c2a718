package crmath

import (
	"math"
	"testing"
)

// TestHypotGlibc checks Hypot against python3's abs(complex(x, y)) (the C
// library's hypot), including arguments where glibc's result is not the
// correctly rounded one (the first) and where Go's math.Hypot differs.
func TestHypotGlibc(t *testing.T) {
	for _, c := range []struct{ x, y, want float64 }{
		{351231.64936576557, 581297.4677262647, 679168.9167660457},
		{9.820666982940697e+298, 9.416567545063155e+298, 1.3605779813026459e+299},
		{7.781317834095004e+298, 2.5194967864344545e+298, 8.179044644214782e+298},
		{9.529626853987305e-302, 9.56302979288471e-302, 1.350056764717086e-301},
		{7196.008331132134, 6.520801731185013e-13, 7196.008331132134},
		{5.08825144679003e+298, 5.235558231772057e+282, 5.08825144679003e+298},
		{3e-320, 4e-320, 5e-320},
		{1.2e+308, 1.2e+307, 1.2059850745345068e+308},
		{3.0, 4.0, 5.0},
		{1.0, 5e-324, 1.0},
		{0.1, 0.2, 0.223606797749979},
		{-2.9967303776665775, 1.0000009607178824, 3.159176297370306},
	} {
		if got := Hypot(c.x, c.y); got != c.want {
			t.Errorf("Hypot(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
		if got := Hypot(-c.y, c.x); got != c.want {
			t.Errorf("Hypot(%v, %v) = %v, want %v", -c.y, c.x, got, c.want)
		}
	}
	if !math.IsInf(Hypot(math.NaN(), math.Inf(-1)), 1) || !math.IsNaN(Hypot(math.NaN(), 1)) || !math.IsInf(Hypot(1.5e308, 1.5e308), 1) {
		t.Error("Hypot special values")
	}
}
