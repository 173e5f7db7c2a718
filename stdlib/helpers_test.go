package stdlib

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPosixPath(t *testing.T) {
	for in, want := range normpathCases {
		assert.Equal(t, want, posixNormpath(in), "normpath(%q)", in)
	}
	for in, want := range splitextCases {
		a, b := posixSplitext(in)
		assert.Equal(t, want, [2]string{a, b}, "splitext(%q)", in)
	}
	for in, want := range splitCases {
		a, b := posixSplit(in)
		assert.Equal(t, want, [2]string{a, b}, "split(%q)", in)
	}
	assert.Equal(t, "/b/c", posixJoin("a", "/b", "c"))
	assert.Equal(t, "a/b", posixJoin("a/", "b"))
	assert.Equal(t, "a/", posixJoin("a", ""))
}

func TestJSONStringEncoding(t *testing.T) {
	for _, c := range jsonStringCases {
		var b strings.Builder
		encodeJSONString(&b, c.in, true)
		assert.Equal(t, c.ascii, b.String())
		b.Reset()
		encodeJSONString(&b, c.in, false)
		assert.Equal(t, c.utf, b.String())
	}
	// lone surrogates survive a round trip through WTF-8
	s := string(appendWTF8(nil, 0xd83d))
	r, size := decodeWTF8(s, 0)
	assert.Equal(t, rune(0xd83d), r)
	assert.Equal(t, 3, size)
	var b strings.Builder
	encodeJSONString(&b, s, true)
	assert.Equal(t, `"\ud83d"`, b.String())
}

func TestVectorNorm(t *testing.T) {
	// values from python3: math.hypot(3, 4), math.hypot(1, 2, 3), math.hypot(1e200, 1e200)
	assert.Equal(t, 5.0, vectorNorm([]float64{3, 4}, 4, false))
	assert.Equal(t, 3.7416573867739413, vectorNorm([]float64{1, 2, 3}, 3, false))
	assert.Equal(t, 1.414213562373095e+200, vectorNorm([]float64{1e200, 1e200}, 1e200, false))
	assert.True(t, math.IsInf(vectorNorm([]float64{math.Inf(1), 1}, math.Inf(1), true), 1))
	assert.True(t, math.IsNaN(vectorNorm([]float64{math.NaN(), 1}, 1, true)))
}

func TestGamma(t *testing.T) {
	g, e := tgamma(5)
	assert.Equal(t, 24.0, g)
	assert.Equal(t, errNone, e)
	_, e = tgamma(0)
	assert.Equal(t, errDom, e)
	_, e = tgamma(200)
	assert.Equal(t, errRange, e)
	l, _ := lgamma(10)
	assert.Equal(t, 12.801827480081467, l) // math.lgamma(10)
}
