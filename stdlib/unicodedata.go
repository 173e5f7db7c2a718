package stdlib

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/pyasync/pyasync/vm"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
	"golang.org/x/text/width"
)

// The unicodedata module on Go's unicode tables and golang.org/x/text
// (names, bidi classes, normalization, east-asian widths). Those tables
// are Unicode 15.0; unidata_version says 14.0.0 like CPython 3.11, and
// characters added in 15.0 are the difference. Numeric values come from
// the Nd category plus tables of the common digits, fractions, Roman and
// CJK numerals here; other numeric characters raise ValueError.

func init() {
	register("unicodedata", initUnicodedata)
	vm.CharName = charName
	unicodeLookup = lookupCharName
}

var (
	jamoL = []string{"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"}
	jamoV = []string{"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"}
	jamoT = []string{"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"}
)

// charName is unicodedata.name ("" when the character has no name).
func charName(r rune) string {
	if r >= 0xAC00 && r <= 0xD7A3 {
		s := int(r - 0xAC00)
		return "HANGUL SYLLABLE " + jamoL[s/588] + jamoV[(s%588)/28] + jamoT[s%28]
	}
	n := runenames.Name(r)
	if strings.HasPrefix(n, "<CJK Ideograph") {
		return "CJK UNIFIED IDEOGRAPH-" + strings.ToUpper(strconv.FormatInt(int64(r), 16))
	}
	if strings.HasPrefix(n, "<") {
		return ""
	}
	return n
}

var (
	nameIndexOnce sync.Once
	nameIndex     map[string]rune
)

// lookupCharName is unicodedata.lookup.
func lookupCharName(name string) (rune, bool) {
	// algorithmic names match in upper case only (as in CPython)
	if rest, ok := strings.CutPrefix(name, "CJK UNIFIED IDEOGRAPH-"); ok {
		if v, err := strconv.ParseUint(rest, 16, 32); err == nil && charName(rune(v)) == name {
			return rune(v), true
		}
		return 0, false
	}
	if strings.HasPrefix(name, "HANGUL SYLLABLE ") {
		for r := rune(0xAC00); r <= 0xD7A3; r++ {
			if charName(r) == name {
				return r, true
			}
		}
		return 0, false
	}
	nameIndexOnce.Do(func() {
		nameIndex = make(map[string]rune, 40000)
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if r == 0x3400 {
				r = 0x4DBF // CJK extension A
				continue
			}
			if r == 0x4E00 {
				r = 0x9FFF
				continue
			}
			if r == 0xAC00 {
				r = 0xD7A3
				continue
			}
			if r == 0xD800 {
				r = 0xF8FF
				continue
			}
			if r == 0x20000 {
				r = 0x323AF
				continue
			}
			if r == 0xF0000 {
				break
			}
			if n := runenames.Name(r); n != "" && n[0] != '<' {
				nameIndex[n] = r
			}
		}
	})
	r, ok := nameIndex[strings.ToUpper(name)]
	return r, ok
}

var categoryOrder = []string{"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
	"Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"}

func charCategory(r rune) string {
	for _, c := range categoryOrder {
		if unicode.Is(unicode.Categories[c], r) {
			return c
		}
	}
	return "Cn"
}

var bidiNames = []string{"L", "R", "EN", "ES", "ET", "AN", "CS", "B", "S", "WS", "ON", "BN", "NSM", "AL"}

func charBidi(r rune) string {
	switch r {
	case 0x202A:
		return "LRE"
	case 0x202B:
		return "RLE"
	case 0x202C:
		return "PDF"
	case 0x202D:
		return "LRO"
	case 0x202E:
		return "RLO"
	case 0x2066:
		return "LRI"
	case 0x2067:
		return "RLI"
	case 0x2068:
		return "FSI"
	case 0x2069:
		return "PDI"
	}
	if charCategory(r) == "Cn" {
		return ""
	}
	p, _ := bidi.LookupRune(r)
	c := int(p.Class())
	if c < len(bidiNames) {
		return bidiNames[c]
	}
	return ""
}

// digitValue returns the decimal value of an Nd character: its place in
// the run of ten it belongs to.
func decimalValue(r rune) (int, bool) {
	if !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	start := r
	for start > 0 && unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return int(r-start) % 10, true
}

// digitRanges are No characters with digit values: first rune, first
// value, count.
var digitRanges = [][3]int{
	{0x2070, 0, 1}, {0xB9, 1, 1}, {0xB2, 2, 2}, {0x2074, 4, 6}, {0x2080, 0, 10},
	{0x2460, 1, 9}, {0x2474, 1, 9}, {0x2488, 1, 9}, {0x24EA, 0, 1}, {0x24F5, 1, 9}, {0x24FF, 0, 1},
	{0x2776, 1, 9}, {0x2780, 1, 9}, {0x278A, 1, 9}, {0x1369, 1, 9}, {0x1F100, 0, 1}, {0x1F101, 0, 10},
}

func digitValue(r rune) (int, bool) {
	if v, ok := decimalValue(r); ok {
		return v, true
	}
	for _, d := range digitRanges {
		if int(r) >= d[0] && int(r) < d[0]+d[2] {
			return d[1] + int(r) - d[0], true
		}
	}
	return 0, false
}

var numericValues = map[rune]float64{
	0xBC: 0.25, 0xBD: 0.5, 0xBE: 0.75, 0x2150: 1.0 / 7, 0x2151: 1.0 / 9, 0x2152: 0.1, 0x2153: 1.0 / 3, 0x2154: 2.0 / 3,
	0x2155: 0.2, 0x2156: 0.4, 0x2157: 0.6, 0x2158: 0.8, 0x2159: 1.0 / 6, 0x215A: 5.0 / 6, 0x215B: 0.125, 0x215C: 0.375,
	0x215D: 0.625, 0x215E: 0.875, 0x215F: 1, 0x2189: 0,
	0x3007: 0, 0x4E00: 1, 0x4E8C: 2, 0x4E09: 3, 0x56DB: 4, 0x4E94: 5, 0x516D: 6, 0x4E03: 7, 0x516B: 8, 0x4E5D: 9,
	0x5341: 10, 0x767E: 100, 0x5343: 1000, 0x4E07: 10000, 0x5104: 1e8, 0x5146: 1e12, 0x96F6: 0,
	0x216C: 50, 0x216D: 100, 0x216E: 500, 0x216F: 1000, 0x217C: 50, 0x217D: 100, 0x217E: 500, 0x217F: 1000,
	0x2180: 1000, 0x2181: 5000, 0x2182: 10000, 0x2185: 6, 0x2186: 50, 0x2187: 50000, 0x2188: 100000,
}

func numericValue(r rune) (float64, bool) {
	if v, ok := digitValue(r); ok {
		return float64(v), true
	}
	if v, ok := numericValues[r]; ok {
		return v, true
	}
	switch {
	case r >= 0x2160 && r <= 0x216B: // Roman numerals I..XII
		return float64(r - 0x2160 + 1), true
	case r >= 0x2170 && r <= 0x217B:
		return float64(r - 0x2170 + 1), true
	case r >= 0x2469 && r <= 0x2473: // circled 10..20
		return float64(r - 0x2469 + 10), true
	case r >= 0x247D && r <= 0x2487:
		return float64(r - 0x247D + 10), true
	case r >= 0x2491 && r <= 0x249B:
		return float64(r - 0x2491 + 10), true
	case r >= 0x3251 && r <= 0x325F: // circled 21..35
		return float64(r - 0x3251 + 21), true
	case r >= 0x32B1 && r <= 0x32BF: // circled 36..50
		return float64(r - 0x32B1 + 36), true
	case r >= 0x2160 && r <= 0x2188:
		return 0, false
	}
	return 0, false
}

// mirroredASCII lists the Bidi_Mirrored characters below U+2000; above
// it brackets and the mathematical operators with mirrored forms are
// found through the bidi tables and ranges.
const mirroredLow = "()<>[]{}\u00ab\u00bb"

func isMirrored(r rune) bool {
	if r < 0x2000 {
		return strings.ContainsRune(mirroredLow, r)
	}
	p, _ := bidi.LookupRune(r)
	if p.IsBracket() {
		return true
	}
	switch {
	case r >= 0x2208 && r <= 0x220D, r >= 0x2211 && r <= 0x2211, r >= 0x2215 && r <= 0x2216, r >= 0x221A && r <= 0x221D,
		r >= 0x221F && r <= 0x2222, r == 0x2224, r == 0x2226, r >= 0x222B && r <= 0x2233, r == 0x2239, r >= 0x223B && r <= 0x224C,
		r >= 0x2252 && r <= 0x2255, r >= 0x225F && r <= 0x2260, r == 0x2262, r >= 0x2264 && r <= 0x226B, r >= 0x226E && r <= 0x228C,
		r >= 0x228F && r <= 0x2292, r == 0x2298, r >= 0x22A2 && r <= 0x22A3, r >= 0x22A6 && r <= 0x22B8, r >= 0x22BE && r <= 0x22BF,
		r >= 0x22C9 && r <= 0x22CD, r >= 0x22D0 && r <= 0x22D1, r >= 0x22D6 && r <= 0x22ED, r >= 0x22F0 && r <= 0x22FF,
		r >= 0x2039 && r <= 0x203A, r >= 0x2045 && r <= 0x2046, r >= 0x207D && r <= 0x207E, r >= 0x208D && r <= 0x208E:
		return true
	}
	return false
}

var eawNames = map[width.Kind]string{width.Neutral: "N", width.EastAsianAmbiguous: "A", width.EastAsianWide: "W",
	width.EastAsianNarrow: "Na", width.EastAsianFullwidth: "F", width.EastAsianHalfwidth: "H"}

// charArg reads a one-character str argument.
func charArg(fname string, v vm.Value) (rune, error) {
	s, ok := v.AsStr()
	if !ok {
		return 0, vm.Errorf(vm.TypeError, "%s() argument 1 must be a unicode character, not %s", fname, v.TypeName())
	}
	rs := []rune(s)
	if len(rs) != 1 {
		return 0, vm.Errorf(vm.TypeError, "%s() argument 1 must be a unicode character, not str", fname)
	}
	return rs[0], nil
}

func normForm(t *vm.Thread, v vm.Value) (norm.Form, error) {
	s, ok := v.AsStr()
	if !ok {
		return 0, vm.Errorf(vm.TypeError, "normalize() argument 1 must be str, not %s", v.TypeName())
	}
	switch s {
	case "NFC":
		return norm.NFC, nil
	case "NFD":
		return norm.NFD, nil
	case "NFKC":
		return norm.NFKC, nil
	case "NFKD":
		return norm.NFKD, nil
	}
	return 0, vm.Errorf(vm.ValueError, "invalid normalization form")
}

func initUnicodedata(v *vm.VM, m *vm.Module) error {
	m.Set("unidata_version", vm.Str("14.0.0"))
	charFn := func(name string, fn func(t *vm.Thread, r rune, def vm.Value, hasDef bool) (vm.Value, error), maxArgs int) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, maxArgs); err != nil {
				return vm.Value{}, err
			}
			r, err := charArg(name, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if len(args) == 2 {
				return fn(t, r, args[1], true)
			}
			return fn(t, r, vm.None, false)
		})
	}
	charFn("name", func(t *vm.Thread, r rune, def vm.Value, hasDef bool) (vm.Value, error) {
		if n := charName(r); n != "" {
			return vm.Str(n), nil
		}
		if hasDef {
			return def, nil
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "no such name")
	}, 2)
	charFn("category", func(t *vm.Thread, r rune, _ vm.Value, _ bool) (vm.Value, error) {
		return vm.Str(charCategory(r)), nil
	}, 1)
	charFn("bidirectional", func(t *vm.Thread, r rune, _ vm.Value, _ bool) (vm.Value, error) {
		return vm.Str(charBidi(r)), nil
	}, 1)
	charFn("combining", func(t *vm.Thread, r rune, _ vm.Value, _ bool) (vm.Value, error) {
		return vm.Int(int64(norm.NFD.PropertiesString(string(r)).CCC())), nil
	}, 1)
	charFn("mirrored", func(t *vm.Thread, r rune, _ vm.Value, _ bool) (vm.Value, error) {
		if isMirrored(r) {
			return vm.Int(1), nil
		}
		return vm.Int(0), nil
	}, 1)
	charFn("east_asian_width", func(t *vm.Thread, r rune, _ vm.Value, _ bool) (vm.Value, error) {
		return vm.Str(eawNames[width.LookupRune(r).Kind()]), nil
	}, 1)
	charFn("decimal", func(t *vm.Thread, r rune, def vm.Value, hasDef bool) (vm.Value, error) {
		if d, ok := decimalValue(r); ok {
			return vm.Int(int64(d)), nil
		}
		if hasDef {
			return def, nil
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "not a decimal")
	}, 2)
	charFn("digit", func(t *vm.Thread, r rune, def vm.Value, hasDef bool) (vm.Value, error) {
		if d, ok := digitValue(r); ok {
			return vm.Int(int64(d)), nil
		}
		if hasDef {
			return def, nil
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "not a digit")
	}, 2)
	charFn("numeric", func(t *vm.Thread, r rune, def vm.Value, hasDef bool) (vm.Value, error) {
		if d, ok := numericValue(r); ok {
			return vm.Float(d), nil
		}
		if hasDef {
			return def, nil
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "not a numeric character")
	}, 2)
	charFn("decomposition", func(t *vm.Thread, r rune, _ vm.Value, _ bool) (vm.Value, error) {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return vm.Str(""), nil
		}
		s := string(r)
		if d := norm.NFD.PropertiesString(s).Decomposition(); d != nil {
			// the first level of the canonical decomposition
			var parts []string
			for _, c := range string(d) {
				parts = append(parts, strings.ToUpper(strconv.FormatInt(int64(c), 16)))
			}
			for i, p := range parts {
				parts[i] = strings.Repeat("0", max(0, 4-len(p))) + p
			}
			if len(parts) > 0 {
				return vm.Value{}, vm.Errorf(vm.NotImplementedError, "unicodedata.decomposition of decomposable characters is not supported by pyasync")
			}
		}
		if norm.NFKD.PropertiesString(s).Decomposition() != nil {
			return vm.Value{}, vm.Errorf(vm.NotImplementedError, "unicodedata.decomposition of decomposable characters is not supported by pyasync")
		}
		return vm.Str(""), nil
	}, 1)
	m.SetFunc("lookup", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("lookup", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		name, ok := args[0].AsStr()
		if !ok {
			if b, isB := args[0].AsBytes(); isB {
				name = string(b)
			} else {
				return vm.Value{}, vm.Errorf(vm.TypeError, "lookup() argument must be str, not %s", args[0].TypeName())
			}
		}
		if r, ok := lookupCharName(name); ok {
			return vm.Str(string(r)), nil
		}
		return vm.Value{}, vm.NewException(vm.KeyError, vm.Str("undefined character name '"+name+"'"))
	})
	m.SetFunc("normalize", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("normalize", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		f, err := normForm(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		s, ok := args[1].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "normalize() argument 2 must be str, not %s", args[1].TypeName())
		}
		return vm.Str(f.String(s)), nil
	})
	m.SetFunc("is_normalized", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("is_normalized", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		f, err := normForm(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		s, ok := args[1].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "is_normalized() argument 2 must be str, not %s", args[1].TypeName())
		}
		return vm.Bool(f.IsNormalString(s)), nil
	})
	return nil
}
