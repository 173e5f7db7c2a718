// Package unames looks Unicode characters up by name, as Python's \N{...}
// escapes and unicodedata.lookup do: names are matched case-insensitively,
// CJK unified ideographs and Hangul syllables by their algorithmic names,
// and the common name aliases (control characters, abbreviations) are
// accepted. The table is built from golang.org/x/text/unicode/runenames on
// first use.
package unames

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/runenames"
)

var (
	once   sync.Once
	byName map[string]rune
)

// aliases are Unicode name aliases and abbreviations (NameAliases.txt)
// that programs commonly use.
var aliases = map[string]rune{
	"NULL": 0, "NUL": 0, "START OF HEADING": 1, "START OF TEXT": 2, "END OF TEXT": 3,
	"END OF TRANSMISSION": 4, "ENQUIRY": 5, "ACKNOWLEDGE": 6, "ALERT": 7, "BEL": 7,
	"BACKSPACE": 8, "BS": 8, "CHARACTER TABULATION": 9, "HORIZONTAL TABULATION": 9, "TAB": 9, "HT": 9,
	"LINE FEED": 10, "NEW LINE": 10, "END OF LINE": 10, "LF": 10, "NL": 10, "EOL": 10,
	"LINE TABULATION": 11, "VERTICAL TABULATION": 11, "VT": 11, "FORM FEED": 12, "FF": 12,
	"CARRIAGE RETURN": 13, "CR": 13, "SHIFT OUT": 14, "SHIFT IN": 15, "DATA LINK ESCAPE": 16,
	"NEGATIVE ACKNOWLEDGE": 21, "SYNCHRONOUS IDLE": 22, "END OF TRANSMISSION BLOCK": 23,
	"CANCEL": 24, "END OF MEDIUM": 25, "SUBSTITUTE": 26, "ESCAPE": 27, "ESC": 27,
	"FILE SEPARATOR": 28, "GROUP SEPARATOR": 29, "RECORD SEPARATOR": 30, "UNIT SEPARATOR": 31,
	"SP": 32, "DELETE": 127, "DEL": 127, "NEXT LINE": 0x85, "NEL": 0x85, "NBSP": 0xa0, "SHY": 0xad,
	"ZWSP": 0x200b, "ZWNJ": 0x200c, "ZWJ": 0x200d, "LRM": 0x200e, "RLM": 0x200f,
	"BYTE ORDER MARK": 0xfeff, "BOM": 0xfeff, "ZWNBSP": 0xfeff, "WJ": 0x2060,
	"VS1": 0xfe00, "VS16": 0xfe0f,
}

var (
	jamoL = []string{"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"}
	jamoV = []string{"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"}
	jamoT = []string{"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"}
)

func build() {
	byName = make(map[string]rune, 40000)
	for r := rune(0); r <= 0x10ffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		n := runenames.Name(r)
		if n == "" || n[0] == '<' {
			continue
		}
		if _, dup := byName[n]; !dup {
			byName[n] = r
		}
	}
	for i := 0; i < 19*21*28; i++ {
		byName["HANGUL SYLLABLE "+jamoL[i/(21*28)]+jamoV[i%(21*28)/28]+jamoT[i%28]] = rune(0xac00 + i)
	}
}

// Lookup returns the character called name.
func Lookup(name string) (rune, bool) {
	once.Do(build)
	n := strings.ToUpper(strings.TrimSpace(name))
	if r, ok := byName[n]; ok {
		return r, true
	}
	if r, ok := aliases[n]; ok {
		return r, true
	}
	for _, p := range []string{"CJK UNIFIED IDEOGRAPH-", "CJK COMPATIBILITY IDEOGRAPH-"} {
		if hex, ok := strings.CutPrefix(n, p); ok && len(hex) >= 4 && len(hex) <= 5 {
			v, err := strconv.ParseUint(hex, 16, 32)
			if err != nil {
				return 0, false
			}
			r := rune(v)
			if rn := runenames.Name(r); rn == "<CJK Ideograph>" || strings.HasPrefix(rn, "CJK COMPATIBILITY IDEOGRAPH") || strings.HasPrefix(rn, "<CJK Ideograph") {
				return r, true
			}
		}
	}
	return 0, false
}

// Name returns the name of r ("" when it has none), including the
// algorithmic names of CJK ideographs and Hangul syllables.
func Name(r rune) string {
	n := runenames.Name(r)
	switch {
	case strings.HasPrefix(n, "<CJK Ideograph"):
		return "CJK UNIFIED IDEOGRAPH-" + strings.ToUpper(strconv.FormatInt(int64(r), 16))
	case n == "<Hangul Syllable>":
		i := int(r - 0xac00)
		return "HANGUL SYLLABLE " + jamoL[i/(21*28)] + jamoV[i%(21*28)/28] + jamoT[i%28]
	case n != "" && n[0] == '<':
		return ""
	}
	return n
}
