package pyfmt

import (
	"math"
	"math/big"
	"testing"
)

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"", "<", "*^+z#012_.3e", "0=10,", ".2f", "x<05", "٥", "99999999999999999999",
		",_", "_,", "abc", ".", "\x00", "é>10.3s", "#X", "+c", ",,", "z%"} {
		f.Add(s)
	}
	MaxOutput = 1 << 16
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseSpec(spec)
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("non-FormatError %T", err)
			}
			return
		}
		s2, err := ParseSpec(s.String())
		if err != nil {
			t.Fatalf("re-parsing %q (from %q) failed: %v", s.String(), spec, err)
		}
		if s2 != s {
			t.Fatalf("round trip of %q via %q: %+v != %+v", spec, s.String(), s2, s)
		}
		if s.Width > 2000 || s.Precision > 2000 {
			return
		}
		for _, x := range []int64{0, -1, 42, math.MinInt64} {
			a, errA := FormatInt64(x, s)
			b, errB := FormatInt(big.NewInt(x), s)
			if a != b || (errA == nil) != (errB == nil) {
				t.Fatalf("FormatInt64/FormatInt disagree for %d %q: %q %v / %q %v", x, spec, a, errA, b, errB)
			}
		}
		for _, x := range []float64{0, math.Copysign(0, -1), 1.5, -1e300, math.Inf(1), math.NaN(), 5e-324} {
			_, _ = FormatFloat(x, s)
		}
		_, _ = FormatStr("héllo", s)
	})
}

type fuzzArgs struct{ testArgs }

func FuzzFormatPercent(f *testing.F) {
	for _, s := range []string{"%s", "%(a)s", "%*.*f", "%#x|%-05d", "%", "%(", "%5%", "%lc", "%.3s%r"} {
		f.Add(s, true)
	}
	MaxOutput = 1 << 16
	f.Fuzz(func(t *testing.T, format string, tuple bool) {
		var op pyVal
		if tuple {
			op = pyVal{T: "tuple", Items: []pyVal{{T: "int", V: "3"}, {T: "float", V: "3ff8000000000000"}, {T: "str", V: "x"}, {T: "int", V: "-65"}}}
		} else {
			op = pyVal{T: "dict", Keys: []string{"a", "b"}, Items: []pyVal{{T: "int", V: "7"}, {T: "str", V: "é"}}}
		}
		_, err := FormatPercent(format, fuzzArgs{testArgs{op}})
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("non-FormatError %T: %v", err, err)
			}
		}
		_, _ = ParsePercent(format)
	})
}

func FuzzFloatFromString(f *testing.F) {
	for _, s := range []string{"1.5", " -inf ", "1_000.5", "١٢", "nan", "1e", "0x1p3", "\u30001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := FloatFromString(s)
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("non-FormatError %T", err)
			}
			return
		}
		if !math.IsNaN(v) {
			if w, err := FloatFromString(FloatRepr(v)); err != nil || w != v {
				t.Fatalf("repr round trip of %q failed", s)
			}
		}
	})
}
