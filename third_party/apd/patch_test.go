package apd

import (
	"strings"
	"testing"
)

// TestPatchTables checks the lazily built tables (pyasync patch, see
// PATCHES.md) against values computed without them: NumDigits of ±2^k and
// ±(2^k−1) for every bit length the table covers, and 10^x for every x.
func TestPatchTables(t *testing.T) {
	one := NewBigInt(1)
	for k := 0; k <= digitsTableSize+1; k++ {
		p := new(BigInt).Lsh(one, uint(k))
		for _, b := range []*BigInt{p, new(BigInt).Sub(p, one)} {
			for _, v := range []*BigInt{b, new(BigInt).Neg(b)} {
				want := int64(len(strings.TrimPrefix(v.String(), "-")))
				if got := NumDigits(v); got != want {
					t.Errorf("NumDigits(%s) = %d, want %d", v, got, want)
				}
			}
		}
	}
	var tmp BigInt
	for x := int64(0); x <= powerTenTableSize+1; x++ {
		want := "1" + strings.Repeat("0", int(x))
		if got := tableExp10(x, &tmp).String(); got != want {
			t.Errorf("tableExp10(%d) = %s", x, got)
		}
	}
}

// TestPatchConstants checks that the cube-root constants written with New
// equal their strings, and that the lazily built ln(10) constants round as
// the eagerly built ones did.
func TestPatchConstants(t *testing.T) {
	for s, d := range map[string]*Decimal{strCbrtC1: decimalCbrtC1, strCbrtC2: decimalCbrtC2, strCbrtC3: decimalCbrtC3} {
		if d.String() != s {
			t.Errorf("constant %s is %s", s, d)
		}
	}
	if got := decimalLn10.get(5).String(); got != "2.3025851" {
		t.Errorf("ln(10) to 8 digits (the next power of two): %s", got)
	}
	if got := decimalInvLn10.get(3).String(); got != "0.4343" {
		t.Errorf("1/ln(10) to 3 digits: %s", got)
	}
	if got := decimalLn10.get(1 << 20); got != &decimalLn10.unrounded {
		t.Errorf("ln(10) beyond its digits: %s", got)
	}
}
