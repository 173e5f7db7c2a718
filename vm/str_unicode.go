package vm

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// ucPropRun starts a run of code points sharing the same properties.
type ucPropRun struct {
	lo    rune
	flags uint16
}

// caseRun maps code points lo, lo+stride, ..., hi to themselves plus delta.
type caseRun struct {
	lo, hi rune
	stride rune
	delta  rune
}

// caseSpecial is a mapping to several characters (e.g. 'ß'.upper() == 'SS').
type caseSpecial struct {
	r rune
	s string
}

// asciiProps caches the properties of ASCII characters.
var asciiProps = func() (p [128]uint16) {
	for i := range p {
		p[i] = ucLookup(rune(i))
	}
	return p
}()

func ucLookup(r rune) uint16 {
	i := sort.Search(len(ucPropRuns), func(i int) bool { return ucPropRuns[i].lo > r }) - 1
	if i < 0 {
		return 0
	}
	return ucPropRuns[i].flags
}

// runeProps returns the property bits of a code point (as Python 3.11 sees
// it).
func runeProps(r rune) uint16 {
	if r >= 0 && r < 128 {
		return asciiProps[r]
	}
	if r > utf8.MaxRune {
		return 0
	}
	return ucLookup(r)
}

func runeHas(r rune, flag uint16) bool { return runeProps(r)&flag != 0 }

// decimalValue returns the value of a Unicode decimal digit, or -1.
func decimalValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r < 128 {
		return -1
	}
	i := sort.Search(len(ucDecimalRuns), func(i int) bool { return ucDecimalRuns[i][0] > r }) - 1
	if i < 0 || r > ucDecimalRuns[i][1] {
		return -1
	}
	return int(r-ucDecimalRuns[i][0]) % 10
}

func caseMap(runs []caseRun, special []caseSpecial, r rune, b *strings.Builder) {
	i := sort.Search(len(special), func(i int) bool { return special[i].r >= r })
	if i < len(special) && special[i].r == r {
		b.WriteString(special[i].s)
		return
	}
	j := sort.Search(len(runs), func(i int) bool { return runs[i].hi >= r })
	if j < len(runs) && runs[j].lo <= r && (r-runs[j].lo)%runs[j].stride == 0 {
		b.WriteRune(r + runs[j].delta)
		return
	}
	writeRune(b, r)
}

func writeUpper(b *strings.Builder, r rune) {
	if r < 128 {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	caseMap(ucUpperRuns[:], ucUpperSpecial[:], r, b)
}

func writeLower(b *strings.Builder, r rune) {
	if r < 128 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	caseMap(ucLowerRuns[:], ucLowerSpecial[:], r, b)
}

func writeTitle(b *strings.Builder, r rune) {
	if r < 128 {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	caseMap(ucTitleRuns[:], ucTitleSpecial[:], r, b)
}

func writeFold(b *strings.Builder, r rune) {
	if r < 128 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	caseMap(ucFoldRuns[:], ucFoldSpecial[:], r, b)
}

// writeLowerAt lowers rs[i], handling the final form of capital sigma.
func writeLowerAt(b *strings.Builder, rs []rune, i int) {
	if rs[i] == 0x3A3 {
		b.WriteRune(finalSigma(rs, i))
		return
	}
	writeLower(b, rs[i])
}

// finalSigma is CPython's handle_capital_sigma.
func finalSigma(rs []rune, i int) rune {
	j := i - 1
	var c rune
	for ; j >= 0; j-- {
		c = rs[j]
		if !runeHas(c, ucCaseIgnorable) {
			break
		}
	}
	final := j >= 0 && runeHas(c, ucCased)
	if final && i+1 < len(rs) {
		j = i + 1
		for ; j < len(rs); j++ {
			c = rs[j]
			if !runeHas(c, ucCaseIgnorable) {
				break
			}
		}
		final = j == len(rs) || !runeHas(c, ucCased)
	}
	if final {
		return 0x3C2
	}
	return 0x3C3
}

// isSpaceRune is Python's str.isspace for one code point.
func isSpaceRune(r rune) bool {
	if r < 128 {
		return asciiProps[r]&ucSpace != 0
	}
	return runeHas(r, ucSpace)
}

// pyIsPrintable is Python's str.isprintable for one code point.
func pyIsPrintable(r rune) bool { return runeHas(r, ucPrintable) }
