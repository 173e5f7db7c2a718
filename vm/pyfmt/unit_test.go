package pyfmt

import (
	"math"
	"math/big"
	"math/rand"
	"reflect"
	"strconv"
	"testing"
)

func TestFloatToStringFlags(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		f     float64
		code  byte
		prec  int
		flags int
		want  string
	}{
		{1.5, 'f', 2, DTSFSign, "+1.50"},
		{-1.5, 'f', 2, DTSFSign, "-1.50"},
		{0, 'e', 3, DTSFSign, "+0.000e+00"},
		{nan, 'r', 0, DTSFSign, "+nan"},
		{math.Copysign(nan, -1), 'g', 6, 0, "nan"},
		{-inf, 'E', 2, 0, "-INF"},
		{inf, 'F', 2, 0, "INF"},
		{nan, 'G', 2, 0, "NAN"},
		{1e16, 'r', 0, DTSFAddDot0, "1e+16"},
		{1e15, 'r', 0, DTSFAddDot0, "1000000000000000.0"},
		{1e15, 'r', 0, 0, "1000000000000000"},
		{123.0, 'g', 3, DTSFAddDot0, "1.23e+02"},
		{12.0, 'g', 3, DTSFAddDot0, "12.0"},
		{3, 'f', 0, DTSFAlt, "3."},
		{1, 'g', 4, DTSFAlt, "1.000"},
		{-0.0, 'f', 1, DTSFNoNeg0, "0.0"},
		{-0.04, 'f', 1, DTSFNoNeg0, "0.0"},
		{-0.05, 'f', 1, DTSFNoNeg0, "-0.1"},
		{1e-300, 'e', 0, 0, "1e-300"},
		{1.5, 'E', 1, 0, "1.5E+00"},
		{0.0001, 'g', 6, 0, "0.0001"},
		{0.00001, 'G', 6, 0, "1E-05"},
		{5e-324, 'r', 0, DTSFAddDot0, "5e-324"},
	}
	for _, c := range cases {
		if got := FloatToString(c.f, c.code, c.prec, c.flags); got != c.want {
			t.Errorf("FloatToString(%v, %c, %d, %d) = %q, want %q", c.f, c.code, c.prec, c.flags, got, c.want)
		}
	}
}

func TestFloatReprRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 30000; i++ {
		var f float64
		switch i % 3 {
		case 0:
			f = math.Float64frombits(rng.Uint64())
		case 1:
			f = math.Float64frombits(rng.Uint64() >> 12) // subnormals
		default:
			f = rng.NormFloat64() * math.Pow(10, float64(rng.Intn(40)-20))
		}
		if math.IsNaN(f) {
			continue
		}
		s := FloatRepr(f)
		g, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(g) != math.Float64bits(f) {
			t.Fatalf("FloatRepr(%x) = %q does not round-trip (%v)", math.Float64bits(f), s, err)
		}
		h, err := FloatFromString(s)
		if err != nil || math.Float64bits(h) != math.Float64bits(f) {
			t.Fatalf("FloatFromString(%q) = %v, %v", s, h, err)
		}
	}
}

func TestParseSpecFields(t *testing.T) {
	s, err := ParseSpec("^+z#012_.3e")
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{Fill: ' ', Align: '^', Sign: '+', NoNegZero: true, Alternate: true,
		ZeroPad: true, Width: 12, Grouping: '_', Precision: 3, Type: 'e', TypeSet: true}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("ParseSpec = %+v, want %+v", s, want)
	}
	if s.String() != "^+z#012_.3e" {
		t.Errorf("String() = %q", s.String())
	}
	// With an explicit fill, '0' is part of the width.
	s, _ = ParseSpec("*<012")
	if s.ZeroPad || s.Width != 12 || s.Fill != '*' {
		t.Errorf("ParseSpec(*<012) = %+v", s)
	}
	s, err = ParseSpec("")
	if err != nil || s.Width != -1 || s.Precision != -1 || s.Type != 0 || s.Fill != ' ' {
		t.Errorf("ParseSpec(\"\") = %+v, %v", s, err)
	}
	if _, err := ParseSpec("abc"); err == nil || err.Error() != "Invalid format specifier" {
		t.Errorf("ParseSpec(abc) error = %v", err)
	}
	if _, err := ParseSpecFor("abc", "bool"); err == nil || err.Error() != "Invalid format specifier 'abc' for object of type 'bool'" {
		t.Errorf("ParseSpecFor(abc) error = %v", err)
	}
	s, _ = ParseSpecFor("s", "bool")
	if _, err := FormatInt(big.NewInt(1), s); err == nil || err.Error() != "Unknown format code 's' for object of type 'bool'" {
		t.Errorf("bool error = %v", err)
	}
}

func TestParsePercentItems(t *testing.T) {
	items, err := ParsePercent("a%%b%(k)-*.*ld%5.2f%c")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 6 {
		t.Fatalf("got %d items: %+v", len(items), items)
	}
	if items[0].Literal != "a" || items[1].Literal != "%" || items[2].Literal != "b" {
		t.Errorf("literals: %+v", items[:3])
	}
	c := items[3]
	if !c.IsConv || !c.Conv.HasKey || c.Conv.Key != "k" || !c.Conv.Minus || !c.WidthStar || !c.PrecStar || c.Conv.Verb != 'd' || c.Conv.Index != 13 {
		t.Errorf("conversion: %+v", c)
	}
	if _, err := ParsePercent("%(x"); err == nil || err.Error() != "incomplete format key" {
		t.Errorf("incomplete key: %v", err)
	}
	if _, err := ParsePercent("abc%"); err == nil || err.Error() != "incomplete format" {
		t.Errorf("incomplete: %v", err)
	}
}

func TestPercentPieces(t *testing.T) {
	spec := PercentSpec{Width: 8, Prec: 3, Zero: true, Plus: true, Verb: 'd'}
	if s, _ := PercentInt(big.NewInt(-7), spec); s != "-0000007" {
		t.Errorf("PercentInt = %q", s)
	}
	spec = PercentSpec{Width: 10, Prec: -1, Alt: true, Verb: 'X'}
	if s, _ := PercentInt(big.NewInt(255), spec); s != "      0XFF" {
		t.Errorf("PercentInt = %q", s)
	}
	spec = PercentSpec{Width: -1, Prec: 2, Verb: 'e'}
	if s, _ := PercentFloat(12345.678, spec); s != "1.23e+04" {
		t.Errorf("PercentFloat = %q", s)
	}
	spec = PercentSpec{Width: 6, Prec: 2, Minus: true, Verb: 's'}
	if s, _ := PercentStr("日本語", spec); s != "日本    " {
		t.Errorf("PercentStr = %q", s)
	}
}

func TestStrRepr(t *testing.T) {
	cases := map[string]string{
		"":                 "''",
		"a'b":              `"a'b"`,
		`a'b"c`:            `'a\'b"c'`,
		"\t\n\r\\":         `'\t\n\r\\'`,
		"\x00\x1f\x7f\x80": `'\x00\x1f\x7f\x80'`,
		"é日本😀":             "'é日本😀'",
		"\u200b\U000e0001": `'\u200b\U000e0001'`,
		"\xff":             `'\xff'`,
		"\xed\xa0\x80":     `'\ud800'`,
	}
	for in, want := range cases {
		if got := StrRepr(in); got != want {
			t.Errorf("StrRepr(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	s, _ := ParseSpec("99999999999")
	if _, err := FormatInt64(1, s); err == nil || err.(*FormatError).Type != "MemoryError" {
		t.Errorf("huge width: %v", err)
	}
	if _, err := FormatStr("a", s); err == nil || err.(*FormatError).Type != "MemoryError" {
		t.Errorf("huge width: %v", err)
	}
}
