package pyfmt

import (
	"fmt"
	"math"
	"math/big"
	"testing"
)

func TestFormatCasesFromCPython(t *testing.T) {
	c := loadCases(t)
	ok := 0
	for i, tc := range c.Format {
		where := fmt.Sprintf("#%d format(%s %q, %q)", i, tc.Kind, tc.Value, tc.Spec)
		var got string
		var err error
		switch tc.Kind {
		case "int":
			x, _ := new(big.Int).SetString(tc.Value, 10)
			spec, perr := ParseSpecFor(tc.Spec, "int")
			if err = perr; err == nil {
				got, err = FormatInt(x, spec)
				if x.IsInt64() {
					got64, err64 := FormatInt64(x.Int64(), spec)
					if got64 != got || fmt.Sprint(err64) != fmt.Sprint(err) {
						t.Errorf("%s: FormatInt64 gives %q, %v; FormatInt gives %q, %v", where, got64, err64, got, err)
					}
				}
			}
		case "float":
			spec, perr := ParseSpecFor(tc.Spec, "float")
			if err = perr; err == nil {
				got, err = FormatFloat(bitsToFloat(t, tc.Value), spec)
			}
		case "str":
			spec, perr := ParseSpecFor(tc.Spec, "str")
			if err = perr; err == nil {
				got, err = FormatStr(tc.Value, spec)
			}
		}
		if checkResult(t, where, got, err, tc.Out, tc.Err) {
			ok++
		}
	}
	if len(c.Format) < 5000 {
		t.Fatalf("only %d format cases", len(c.Format))
	}
	t.Logf("%d/%d format() cases match", ok, len(c.Format))
}

func TestFloatReprFromCPython(t *testing.T) {
	c := loadCases(t)
	for _, tc := range c.Repr {
		f := bitsToFloat(t, tc.Bits)
		if got := FloatRepr(f); got != tc.Out {
			t.Errorf("repr(%s) = %q, want %q", tc.Bits, got, tc.Out)
		}
	}
	if len(c.Repr) < 2000 {
		t.Fatalf("only %d repr cases", len(c.Repr))
	}
}

func TestPercentFromCPython(t *testing.T) {
	c := loadCases(t)
	for i, tc := range c.Percent {
		where := fmt.Sprintf("#%d %q %% %s", i, tc.Fmt, tc.Args.repr())
		got, err := FormatPercent(tc.Fmt, testArgs{tc.Args})
		checkResult(t, where, got, err, tc.Out, tc.Err)
		// ParsePercent must accept every format that FormatPercent gets past parsing.
		if tc.Err == nil {
			if _, err := ParsePercent(tc.Fmt); err != nil {
				t.Errorf("%s: ParsePercent: %v", where, err)
			}
		}
	}
}

func TestFloatFromStringFromCPython(t *testing.T) {
	c := loadCases(t)
	for _, tc := range c.FloatFromString {
		f, err := FloatFromString(tc.Input)
		got := ""
		if err == nil {
			got = floatToBits(f)
		}
		checkResult(t, fmt.Sprintf("float(%q)", tc.Input), got, err, tc.Out, tc.Err)
	}
}

func TestRoundFromCPython(t *testing.T) {
	c := loadCases(t)
	for _, tc := range c.Round {
		x := bitsToFloat(t, tc.Value)
		r, err := FormatRound(x, tc.Ndigits)
		got := ""
		if err == nil {
			got = floatToBits(r)
		}
		checkResult(t, fmt.Sprintf("round(%v, %d)", x, tc.Ndigits), got, err, tc.Out, tc.Err)
	}
}

func TestRoundHalfEven(t *testing.T) {
	for _, c := range [][2]float64{{0.5, 0}, {1.5, 2}, {2.5, 2}, {-0.5, 0}, {-1.5, -2}, {3.7, 4}, {-2.5, -2}} {
		if got := RoundHalfEven(c[0]); got != c[1] {
			t.Errorf("RoundHalfEven(%v) = %v, want %v", c[0], got, c[1])
		}
	}
	if !math.Signbit(RoundHalfEven(-0.4)) {
		t.Errorf("RoundHalfEven(-0.4) should be -0.0")
	}
}
