package vm

import (
	"strings"
)

// More of the text encodings shared by str.encode, bytes.decode and the
// codecs module: cp1252 (Windows Western European, a charmap codec),
// utf-8-sig, and the namereplace error handler (names come from the
// unicodedata module, which sets CharName).

// CharName returns the Unicode name of a character ("" if it has none).
// The standard library's unicodedata module installs it; until then
// namereplace falls back to backslashreplace.
var CharName = func(r rune) string { return "" }

// NormalizeEncoding returns the canonical name of an encoding str.encode
// knows ("utf-8", "latin-1", "cp1252"...), or "" for an unknown one.
func NormalizeEncoding(name string) string { return normalizeEncoding(name) }

// EncodeString encodes s as str.encode(encoding, errors) does.
func EncodeString(s, encoding, errors string) ([]byte, error) {
	return encodeString(s, encoding, errors)
}

// DecodeBytes decodes data as bytes.decode(encoding, errors) does.
func DecodeBytes(data []byte, encoding, errors string) (string, error) {
	return decodeBytes(data, encoding, errors, Value{})
}

func nameReplacement(r rune) string {
	if n := CharName(r); n != "" {
		return `\N{` + n + `}`
	}
	return escapeCodePoint(r)
}

// cp1252High maps bytes 0x80-0x9F; 0 marks the five undefined bytes.
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

var cp1252Reverse = func() map[rune]byte {
	m := map[rune]byte{}
	for i, r := range cp1252High {
		if r != 0 {
			m[r] = byte(0x80 + i)
		}
	}
	return m
}()

func decodeCP1252(data []byte, errors string) (string, error) {
	var b strings.Builder
	for i, c := range data {
		if c < 0x80 || c >= 0xA0 {
			b.WriteRune(rune(c))
			continue
		}
		if r := cp1252High[c-0x80]; r != 0 {
			b.WriteRune(r)
			continue
		}
		if err := decodeErrorRange(&b, "charmap", errors, data, i, i+1, "character maps to <undefined>"); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

func encodeCP1252(s, errors string) ([]byte, error) {
	rs := decodeWTF8(s)
	out := make([]byte, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r < 0x80 || (r >= 0xA0 && r <= 0xFF) {
			out = append(out, byte(r))
			continue
		}
		if c, ok := cp1252Reverse[r]; ok {
			out = append(out, c)
			continue
		}
		var repl string
		switch errors {
		case "strict":
			j := i + 1
			for j < len(rs) {
				if _, ok := cp1252Reverse[rs[j]]; ok || rs[j] < 0x80 || (rs[j] >= 0xA0 && rs[j] <= 0xFF) {
					break
				}
				j++
			}
			return nil, encodeError("charmap", s, i, j, "character maps to <undefined>")
		case "ignore":
		case "replace":
			repl = "?"
		case "xmlcharrefreplace":
			repl = "&#" + itoaInt(int(r)) + ";"
		case "backslashreplace":
			repl = escapeCodePoint(r)
		case "namereplace":
			repl = nameReplacement(r)
		case "surrogateescape":
			if r < 0xDC80 || r > 0xDCFF {
				return nil, encodeError("charmap", s, i, i+1, "character maps to <undefined>")
			}
			out = append(out, byte(r-0xDC00))
			continue
		case "surrogatepass":
			return nil, encodeError("charmap", s, i, i+1, "character maps to <undefined>")
		default:
			return nil, unknownHandler(errors)
		}
		out = append(out, repl...)
	}
	return out, nil
}

func itoaInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
