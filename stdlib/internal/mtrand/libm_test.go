package mtrand

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestLibmCorrectlyRounded checks the double-double elementary functions
// against correctly rounded values computed with Python's decimal module.
func TestLibmCorrectlyRounded(t *testing.T) {
	f, err := os.Open("testdata/libm_cr.txt")
	mustNoErr(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	parse := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		mustNoErr(t, err, s)
		return v
	}
	n := 0
	for sc.Scan() {
		p := strings.Fields(sc.Text())
		var got float64
		x := parse(p[1])
		switch p[0] {
		case "log":
			got = crLog(x)
		case "exp":
			got = crExp(x)
		case "sin":
			got = crSin(x)
		case "cos":
			got = crCos(x)
		case "acos":
			got = crAcos(x)
		case "pow":
			got = crPow(x, parse(p[2]))
		default:
			t.Fatalf("bad op %q", p[0])
		}
		want := parse(p[len(p)-1])
		if got != want {
			t.Errorf("%s%v = %x, want %x", p[0], p[1:len(p)-1], got, want)
		}
		n++
	}
	mustTrue(t, n > 8000, "too few cases", n)
}

func TestLibmSpecialCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	cases := []struct {
		name      string
		got, want float64
	}{
		{"log(1)", crLog(1), 0},
		{"log(0)", crLog(0), math.Inf(-1)},
		{"log(inf)", crLog(inf), inf},
		{"exp(0)", crExp(0), 1},
		{"exp(-inf)", crExp(math.Inf(-1)), 0},
		{"exp(710)", crExp(710), inf},
		{"exp(-745.1)", crExp(-745.1), 5e-324},
		{"exp(-746)", crExp(-746), 0},
		{"exp(709.78)", crExp(709.78), 0x1.fe9ce5c4c52b4p+1023},
		{"sin(0)", crSin(0), 0},
		{"cos(0)", crCos(0), 1},
		{"acos(1)", crAcos(1), 0},
		{"acos(-1)", crAcos(-1), math.Pi},
		{"acos(0)", crAcos(0), math.Pi / 2},
		{"pow(4, 0.5)", crPow(4, 0.5), 2},
		{"pow(2, 10)", crPow(2, 10), 1024},
		{"pow(-2, 3)", crPow(-2, 3), -8},
		{"pow(0, 2)", crPow(0, 2), 0},
		{"sin(1e22)", crSin(1e22), -0x1.b453ab76bf397p-1},
		{"cos(1e300)", crCos(1e300), -0x1.2699022adc4c1p-1},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %x, want %x", c.name, c.got, c.want)
		}
	}
	for _, v := range []float64{crLog(-1), crLog(nan), crSin(inf), crCos(nan), crAcos(2), crPow(-2, 0.5)} {
		if !math.IsNaN(v) {
			t.Errorf("expected NaN, got %v", v)
		}
	}
	if s := crSin(math.Copysign(0, -1)); !math.Signbit(s) {
		t.Errorf("sin(-0) lost its sign")
	}
}
