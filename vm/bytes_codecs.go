package vm

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text encodings: utf-8, ascii, latin-1, utf-16 and utf-32 (with their
// -le/-be forms), with the error handlers strict, ignore, replace,
// backslashreplace, surrogateescape, surrogatepass (utf-8) and, for
// encoding, xmlcharrefreplace.

// encodingSeparators spells the separators of an encoding name as "_".
var encodingSeparators = strings.NewReplacer("-", "_", " ", "_")

// normalizeEncoding returns the canonical name of a supported encoding, or
// "" if it is unknown.
func normalizeEncoding(name string) string {
	switch name {
	case "utf-8", "utf8":
		// the default of every encode/decode: no case folding to do
		return "utf-8"
	}
	n := strings.ToLower(strings.TrimSpace(name))
	n = encodingSeparators.Replace(n)
	switch n {
	case "utf_8", "utf8", "u8", "utf", "cp65001", "utf8_ucs2", "utf8_ucs4":
		return "utf-8"
	case "ascii", "us_ascii", "646", "us", "ansi_x3.4_1968", "ansi_x3_4_1968", "iso646_us", "cp367", "csascii", "ibm367", "iso_ir_6":
		return "ascii"
	case "latin_1", "latin1", "latin", "iso_8859_1", "iso8859_1", "8859", "cp819", "l1", "iso_ir_100", "csisolatin1", "ibm819", "iso_8859_1:1987":
		return "latin-1"
	case "utf_16", "utf16", "u16":
		return "utf-16"
	case "utf_16_le", "utf_16le", "utf16le", "unicodelittleunmarked":
		return "utf-16-le"
	case "utf_16_be", "utf_16be", "utf16be", "unicodebigunmarked":
		return "utf-16-be"
	case "utf_32", "utf32", "u32":
		return "utf-32"
	case "utf_32_le", "utf_32le", "utf32le":
		return "utf-32-le"
	case "utf_32_be", "utf_32be", "utf32be":
		return "utf-32-be"
	case "cp1252", "windows_1252", "1252":
		return "cp1252"
	case "utf_8_sig", "utf8_sig":
		return "utf-8-sig"
	}
	return ""
}

func knownErrorHandler(h string) bool {
	switch h {
	case "strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "surrogateescape", "surrogatepass", "namereplace":
		return true
	}
	return false
}

func unknownHandler(h string) error {
	return Errorf(LookupError, "unknown error handler name '%s'", h)
}

// decodeError makes a UnicodeDecodeError.
func decodeError(enc string, data []byte, start, end int, reason string) error {
	return NewException(UnicodeDecodeError, Str(enc), NewBytes(append([]byte(nil), data...)), Int(int64(start)), Int(int64(end)), Str(reason))
}

// encodeError makes a UnicodeEncodeError (start and end count code points).
func encodeError(enc string, s string, start, end int, reason string) error {
	return NewException(UnicodeEncodeError, Str(enc), Str(s), Int(int64(start)), Int(int64(end)), Str(reason))
}

// writeSurrogate writes a lone surrogate code point as WTF-8 (the way
// pyasync strings hold surrogates).
func writeSurrogate(b *strings.Builder, r rune) {
	b.WriteByte(byte(0xE0 | (r >> 12)))
	b.WriteByte(byte(0x80 | ((r >> 6) & 0x3F)))
	b.WriteByte(byte(0x80 | (r & 0x3F)))
}

// decodeErrorRange applies a decoding error handler to data[start:end].
func decodeErrorRange(b *strings.Builder, enc, errors string, data []byte, start, end int, reason string) error {
	switch errors {
	case "strict":
		return decodeError(enc, data, start, end, reason)
	case "ignore":
	case "replace":
		b.WriteRune(utf8.RuneError)
	case "backslashreplace":
		for _, c := range data[start:end] {
			fmt.Fprintf(b, `\x%02x`, c)
		}
	case "surrogateescape":
		for _, c := range data[start:end] {
			if c < 128 {
				return decodeError(enc, data, start, end, reason)
			}
			writeSurrogate(b, 0xDC00+rune(c))
		}
	case "surrogatepass", "xmlcharrefreplace", "namereplace":
		return decodeError(enc, data, start, end, reason)
	default:
		return unknownHandler(errors)
	}
	return nil
}

// decodeBytes decodes data with the named encoding and error handler.
func decodeBytes(data []byte, encoding, errors string, orig Value) (string, error) {
	enc := normalizeEncoding(encoding)
	if enc == "" {
		return "", Errorf(LookupError, "unknown encoding: %s", encoding)
	}
	switch enc {
	case "cp1252":
		return decodeCP1252(data, errors)
	case "utf-8-sig":
		if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
			data = data[3:]
		}
		return decodeBytes(data, "utf-8", errors, orig)
	case "utf-8":
		if errors == "strict" || utf8.Valid(data) {
			if utf8.Valid(data) {
				return string(data), nil
			}
		}
		return decodeUTF8(data, errors)
	case "ascii":
		ok := true
		for _, c := range data {
			if c >= 0x80 {
				ok = false
				break
			}
		}
		if ok {
			return string(data), nil
		}
		var b strings.Builder
		for i, c := range data {
			if c < 0x80 {
				b.WriteByte(c)
				continue
			}
			if err := decodeErrorRange(&b, "ascii", errors, data, i, i+1, "ordinal not in range(128)"); err != nil {
				return "", err
			}
		}
		return b.String(), nil
	case "latin-1":
		var b strings.Builder
		b.Grow(len(data))
		for _, c := range data {
			b.WriteRune(rune(c))
		}
		return b.String(), nil
	case "utf-16", "utf-16-le", "utf-16-be":
		return decodeUTF16(data, enc, errors)
	default:
		return decodeUTF32(data, enc, errors)
	}
}

// utf8SeqLen returns the length of the sequence starting with c and the
// valid range of its second byte.
func utf8SeqLen(c byte) (n int, lo, hi byte) {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 2, 0x80, 0xBF
	case c == 0xE0:
		return 3, 0xA0, 0xBF
	case c == 0xED:
		return 3, 0x80, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		return 3, 0x80, 0xBF
	case c == 0xF0:
		return 4, 0x90, 0xBF
	case c >= 0xF1 && c <= 0xF3:
		return 4, 0x80, 0xBF
	case c == 0xF4:
		return 4, 0x80, 0x8F
	}
	return 0, 0, 0
}

func decodeUTF8(data []byte, errors string) (string, error) {
	var b strings.Builder
	b.Grow(len(data))
	i := 0
	for i < len(data) {
		c := data[i]
		if c < 0x80 {
			b.WriteByte(c)
			i++
			continue
		}
		n, lo, hi := utf8SeqLen(c)
		if n == 0 {
			if errors == "surrogatepass" {
				return "", decodeError("utf-8", data, i, i+1, "invalid start byte")
			}
			if err := decodeErrorRange(&b, "utf-8", errors, data, i, i+1, "invalid start byte"); err != nil {
				return "", err
			}
			i++
			continue
		}
		// surrogatepass accepts encoded surrogates (ED A0..BF xx)
		if errors == "surrogatepass" && c == 0xED {
			hi = 0xBF
		}
		k := 1
		bad := false
		for ; k < n; k++ {
			if i+k >= len(data) {
				break
			}
			d := data[i+k]
			if k == 1 {
				if d < lo || d > hi {
					bad = true
					break
				}
			} else if d < 0x80 || d > 0xBF {
				bad = true
				break
			}
		}
		if bad {
			if err := decodeErrorRange(&b, "utf-8", errors, data, i, i+k, "invalid continuation byte"); err != nil {
				return "", err
			}
			i += k
			continue
		}
		if k < n {
			if err := decodeErrorRange(&b, "utf-8", errors, data, i, len(data), "unexpected end of data"); err != nil {
				return "", err
			}
			i = len(data)
			continue
		}
		b.Write(data[i : i+n])
		i += n
	}
	return b.String(), nil
}

func decodeUTF16(data []byte, enc, errors string) (string, error) {
	little := enc != "utf-16-be"
	if enc == "utf-16" && len(data) >= 2 {
		if data[0] == 0xFF && data[1] == 0xFE {
			data = data[2:]
		} else if data[0] == 0xFE && data[1] == 0xFF {
			data = data[2:]
			little = false
		}
	}
	name := "utf-16-le"
	if !little {
		name = "utf-16-be"
	}
	if enc != "utf-16" {
		name = enc
	}
	var b strings.Builder
	i := 0
	unit := func(j int) rune {
		if little {
			return rune(data[j]) | rune(data[j+1])<<8
		}
		return rune(data[j])<<8 | rune(data[j+1])
	}
	for i < len(data) {
		if i+1 >= len(data) {
			if err := decodeErrorRange(&b, name, errors, data, i, len(data), "truncated data"); err != nil {
				return "", err
			}
			break
		}
		u := unit(i)
		switch {
		case u < 0xD800 || u > 0xDFFF:
			b.WriteRune(u)
			i += 2
		case u >= 0xDC00:
			if err := decodeErrorRange(&b, name, errors, data, i, i+2, "illegal encoding"); err != nil {
				return "", err
			}
			i += 2
		default:
			if i+3 >= len(data) {
				if err := decodeErrorRange(&b, name, errors, data, i, len(data), "unexpected end of data"); err != nil {
					return "", err
				}
				i = len(data)
				continue
			}
			u2 := unit(i + 2)
			if u2 < 0xDC00 || u2 > 0xDFFF {
				if err := decodeErrorRange(&b, name, errors, data, i, i+2, "illegal UTF-16 surrogate"); err != nil {
					return "", err
				}
				i += 2
				continue
			}
			b.WriteRune(0x10000 + (u-0xD800)<<10 + (u2 - 0xDC00))
			i += 4
		}
	}
	return b.String(), nil
}

func decodeUTF32(data []byte, enc, errors string) (string, error) {
	little := enc != "utf-32-be"
	if enc == "utf-32" && len(data) >= 4 {
		if data[0] == 0xFF && data[1] == 0xFE && data[2] == 0 && data[3] == 0 {
			data = data[4:]
		} else if data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF {
			data = data[4:]
			little = false
		}
	}
	name := "utf-32-le"
	if !little {
		name = "utf-32-be"
	}
	if enc != "utf-32" {
		name = enc
	}
	var b strings.Builder
	for i := 0; i < len(data); i += 4 {
		if i+3 >= len(data) {
			if err := decodeErrorRange(&b, name, errors, data, i, len(data), "truncated data"); err != nil {
				return "", err
			}
			break
		}
		var u uint32
		if little {
			u = uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		} else {
			u = uint32(data[i])<<24 | uint32(data[i+1])<<16 | uint32(data[i+2])<<8 | uint32(data[i+3])
		}
		if u > utf8.MaxRune || (u >= 0xD800 && u <= 0xDFFF) {
			reason := "code point not in range(0x110000)"
			if u <= utf8.MaxRune {
				reason = "code point in surrogate code point range(0xd800, 0xe000)"
			}
			if err := decodeErrorRange(&b, name, errors, data, i, i+4, reason); err != nil {
				return "", err
			}
			continue
		}
		b.WriteRune(rune(u))
	}
	return b.String(), nil
}

// encodeString encodes s with the named encoding and error handler.
func encodeString(s, encoding, errors string) ([]byte, error) {
	enc := normalizeEncoding(encoding)
	if enc == "" {
		return nil, Errorf(LookupError, "unknown encoding: %s", encoding)
	}
	switch enc {
	case "cp1252":
		return encodeCP1252(s, errors)
	case "utf-8-sig":
		b, err := encodeString(s, "utf-8", errors)
		if err != nil {
			return nil, err
		}
		return append([]byte{0xEF, 0xBB, 0xBF}, b...), nil
	}
	if enc == "utf-8" && utf8.ValidString(s) {
		return []byte(s), nil
	}
	if enc == "ascii" || enc == "latin-1" {
		ascii := true
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				ascii = false
				break
			}
		}
		if ascii {
			return []byte(s), nil
		}
	}
	rs := decodeWTF8(s)
	var limit rune
	reason := ""
	switch enc {
	case "ascii":
		limit, reason = 0x80, "ordinal not in range(128)"
	case "latin-1":
		limit, reason = 0x100, "ordinal not in range(256)"
	default:
		limit, reason = 0x110000, "surrogates not allowed"
	}
	bad := func(r rune) bool {
		return r >= limit || (r >= 0xD800 && r <= 0xDFFF)
	}
	var out []byte
	put := func(r rune) {
		switch enc {
		case "ascii", "latin-1":
			out = append(out, byte(r))
		case "utf-8":
			if r >= 0xD800 && r <= 0xDFFF {
				out = append(out, byte(0xE0|(r>>12)), byte(0x80|((r>>6)&0x3F)), byte(0x80|(r&0x3F)))
			} else {
				out = utf8.AppendRune(out, r)
			}
		case "utf-16-le", "utf-16", "utf-16-be":
			be := enc == "utf-16-be"
			u16 := func(u rune) {
				if be {
					out = append(out, byte(u>>8), byte(u))
				} else {
					out = append(out, byte(u), byte(u>>8))
				}
			}
			if r >= 0x10000 {
				r -= 0x10000
				u16(0xD800 + (r >> 10))
				u16(0xDC00 + (r & 0x3FF))
			} else {
				u16(r)
			}
		default:
			if enc == "utf-32-be" {
				out = append(out, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
			} else {
				out = append(out, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
			}
		}
	}
	switch enc {
	case "utf-16":
		out = append(out, 0xFF, 0xFE)
	case "utf-32":
		out = append(out, 0xFF, 0xFE, 0, 0)
	}
	errName := enc
	switch enc {
	case "utf-16":
		errName = "utf-16"
	case "utf-32":
		errName = "utf-32"
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !bad(r) {
			put(r)
			continue
		}
		j := i + 1
		for j < len(rs) && bad(rs[j]) {
			j++
		}
		switch errors {
		case "strict":
			return nil, encodeError(errName, s, i, j, reason)
		case "ignore":
		case "replace":
			for k := i; k < j; k++ {
				put('?')
			}
		case "xmlcharrefreplace":
			for k := i; k < j; k++ {
				for _, c := range fmt.Sprintf("&#%d;", rs[k]) {
					put(c)
				}
			}
		case "backslashreplace":
			for k := i; k < j; k++ {
				for _, c := range escapeCodePoint(rs[k]) {
					put(c)
				}
			}
		case "surrogateescape":
			for k := i; k < j; k++ {
				if rs[k] < 0xDC80 || rs[k] > 0xDCFF || enc == "utf-16" || enc == "utf-32" {
					return nil, encodeError(errName, s, k, k+1, reason)
				}
				out = append(out, byte(rs[k]-0xDC00))
			}
		case "surrogatepass":
			for k := i; k < j; k++ {
				if enc == "ascii" || enc == "latin-1" || rs[k] < 0xD800 || rs[k] > 0xDFFF {
					return nil, encodeError(errName, s, k, k+1, reason)
				}
				put(rs[k])
			}
		case "namereplace":
			for k := i; k < j; k++ {
				for _, c := range nameReplacement(rs[k]) {
					put(c)
				}
			}
		default:
			return nil, unknownHandler(errors)
		}
		i = j - 1
	}
	return out, nil
}

// escapeCodePoint is the backslashreplace form of r.
func escapeCodePoint(r rune) string {
	switch {
	case r <= 0xFF:
		return fmt.Sprintf(`\x%02x`, r)
	case r <= 0xFFFF:
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\U%08x`, r)
}

func init() {
	// attributes and messages of UnicodeDecodeError / UnicodeEncodeError
	for _, cls := range []*Type{UnicodeDecodeError, UnicodeEncodeError} {
		cls := cls
		for i, name := range []string{"encoding", "object", "start", "end", "reason"} {
			i := i
			cls.NewGetSet(name, func(t *Thread, self Value) (Value, error) {
				e := self.o.(*Exception)
				if i < len(e.Args) {
					return e.Args[i], nil
				}
				return None, nil
			}, func(t *Thread, self, v Value) error {
				e := self.o.(*Exception)
				if i < len(e.Args) {
					args := append([]Value(nil), e.Args...)
					args[i] = v
					e.Args = args
				}
				return nil
			})
		}
		cls.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			e := self.o.(*Exception)
			if len(e.Args) != 5 {
				if len(e.Args) == 1 {
					return t.StrValue(e.Args[0])
				}
				if len(e.Args) == 0 {
					return emptyStr, nil
				}
				s, err := t.Repr(NewTuple(e.Args))
				return Str(s), err
			}
			enc, _ := e.Args[0].AsStr()
			start, _ := e.Args[2].AsInt64()
			end, _ := e.Args[3].AsInt64()
			reason, err := t.Str(e.Args[4])
			if err != nil {
				return Value{}, err
			}
			if cls == UnicodeDecodeError {
				if b, ok := e.Args[1].AsBytes(); ok && end == start+1 && start >= 0 && int(start) < len(b) {
					return Str(fmt.Sprintf("'%s' codec can't decode byte 0x%02x in position %d: %s", enc, b[start], start, reason)), nil
				}
				return Str(fmt.Sprintf("'%s' codec can't decode bytes in position %d-%d: %s", enc, start, end-1, reason)), nil
			}
			if so, ok := e.Args[1].o.(*StrObject); ok && end == start+1 && start >= 0 {
				rs := decodeWTF8(so.s)
				if int(start) < len(rs) {
					return Str(fmt.Sprintf("'%s' codec can't encode character '%s' in position %d: %s", enc, escapeCodePoint(rs[start]), start, reason)), nil
				}
			}
			return Str(fmt.Sprintf("'%s' codec can't encode characters in position %d-%d: %s", enc, start, end-1, reason)), nil
		})
	}
}
