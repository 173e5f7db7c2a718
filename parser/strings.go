package parser

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/internal/unames"
)

// strPiece is one piece of a (possibly concatenated) string literal: literal
// text or a formatted value.
type strPiece struct {
	lit string
	fv  *ast.FormattedValue
	pos ast.Pos
}

// strings lowers a run of adjacent string literals.
func (l *lowerer) strings(a *pAtom) ast.Expr {
	pos := toPos(a.Pos)
	var pieces []strPiece
	isF := false
	kind := 0 // 1 str, 2 bytes
	for _, sp := range a.Strings {
		if sp.F != nil {
			isF = true
			if kind == 2 {
				errAtP(a.EndPos, "cannot mix bytes and nonbytes literals")
			}
			kind = 1
			pieces = l.fstring(sp.F, pieces)
			continue
		}
		raw := *sp.Str
		prefix, body := splitString(raw)
		lp := strings.ToLower(prefix)
		isBytes := strings.Contains(lp, "b")
		k := 1
		if isBytes {
			k = 2
		}
		if kind != 0 && kind != k {
			errAtP(a.EndPos, "cannot mix bytes and nonbytes literals")
		}
		kind = k
		if isBytes {
			for i := 0; i < len(body); i++ {
				if body[i] >= 0x80 {
					errAtP(sp.Pos, "bytes can only contain ASCII literal characters")
				}
			}
		}
		if !isBytes && !utf8.ValidString(body) {
			errAtP(a.EndPos, utf8Error(body))
		}
		v := body
		if !strings.Contains(lp, "r") {
			var err string
			var bad string
			v, bad, err = decodeEscapes(body, isBytes, false)
			if err != "" {
				errAtP(a.EndPos, err)
			}
			l.invalidEscape(bad, sp.Pos.Line)
		}
		pieces = append(pieces, strPiece{lit: v, pos: toPos(sp.Pos)})
	}
	if isF {
		return &ast.JoinedStr{Pos: pos, Values: joinPieces(pieces)}
	}
	var b strings.Builder
	for _, p := range pieces {
		b.WriteString(p.lit)
	}
	if kind == 2 {
		return &ast.Bytes{Pos: pos, Value: b.String()}
	}
	return &ast.Str{Pos: pos, Value: b.String()}
}

// joinPieces merges adjacent literal pieces and drops empty ones.
func joinPieces(pieces []strPiece) []ast.Expr {
	out := []ast.Expr{}
	var cur *ast.Str
	for _, p := range pieces {
		if p.fv != nil {
			cur = nil
			out = append(out, p.fv)
			continue
		}
		if p.lit == "" {
			continue
		}
		if cur != nil {
			cur.Value += p.lit
			continue
		}
		cur = &ast.Str{Pos: p.pos, Value: p.lit}
		out = append(out, cur)
	}
	return out
}

// splitString splits a string token into its prefix and its body.
func splitString(tok string) (prefix, body string) {
	i := strings.IndexAny(tok, "'\"")
	prefix = tok[:i]
	rest := tok[i:]
	q := rest[0]
	n := 1
	if len(rest) >= 6 && rest[1] == q && rest[2] == q {
		n = 3
	}
	return prefix, rest[n : len(rest)-n]
}

func (l *lowerer) fstring(f *pFString, pieces []strPiece) []strPiece {
	raw := strings.ContainsAny(f.Start, "rR")
	for _, part := range f.Parts {
		pieces = l.fpart(part, raw, pieces)
	}
	return pieces
}

func (l *lowerer) fpart(part *pFPart, raw bool, pieces []strPiece) []strPiece {
	if part.Lit != nil {
		v, bad, err := decodeEscapes(*part.Lit, false, raw)
		if err != "" {
			errAtP(part.Pos, err)
		}
		l.invalidEscape(bad, part.Pos.Line)
		v = strings.ReplaceAll(strings.ReplaceAll(v, "{{", "{"), "}}", "}")
		return append(pieces, strPiece{lit: v, pos: toPos(part.Pos)})
	}
	fld := part.Field
	if l.specDepth >= 2 {
		errAtP(fld.Pos, "f-string: expressions nested too deeply")
	}
	var value ast.Expr
	if fld.Yield != nil {
		value = l.yield(fld.Yield)
	} else {
		value = l.starExprs(fld.X)
		if st, ok := value.(*ast.Starred); ok {
			// 3.11 parses a field as a parenthesized expression
			l.errSpan(st, "can't use starred expression here")
		}
	}
	fv := &ast.FormattedValue{Pos: toPos(fld.Pos), Value: value}
	if fld.Eq != nil {
		start, end := fld.Pos.Offset+1, fld.Eq.EndPos.Offset
		if start <= end && end <= len(l.src) {
			pieces = append(pieces, strPiece{lit: l.src[start:end], pos: toPos(fld.Pos)})
		}
		if fld.Conv == nil && fld.Spec == nil {
			fv.Conversion = 'r'
		}
	}
	if fld.Conv != nil {
		l.checkConversion(fld.Conv)
		switch fld.Conv.Name {
		case "r", "s", "a":
			fv.Conversion = rune(fld.Conv.Name[0])
		default:
			errAtP(fld.Conv.Pos, "f-string: invalid conversion character: expected 's', 'r', or 'a'")
		}
	}
	if fld.Spec != nil {
		var sp []strPiece
		l.specDepth++
		for _, p := range fld.Spec.Parts {
			sp = l.fpart(p, raw, sp)
		}
		l.specDepth--
		fv.Spec = &ast.JoinedStr{Pos: toPos(fld.Spec.Pos), Values: joinPieces(sp)}
	}
	return append(pieces, strPiece{fv: fv, pos: fv.Pos})
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// invalidEscape records 3.11's DeprecationWarning for a literal whose
// first unknown escape is bad ("" for none).
func (l *lowerer) invalidEscape(bad string, line int) {
	if bad != "" {
		l.warnings = append(l.warnings, ast.Warning{Line: line, Msg: "invalid escape sequence '\\" + bad + "'", Category: "DeprecationWarning"})
	}
}

// decodeEscapes processes backslash escapes. When raw is set (raw
// f-string parts) the text is returned unchanged. It returns the character
// after the first unknown escape's backslash ("" when there is none: 3.11
// warns about that one) and a non-empty error message on a malformed
// escape.
func decodeEscapes(s string, isBytes, raw bool) (string, string, string) {
	if raw || strings.IndexByte(s, '\\') < 0 {
		return s, "", ""
	}
	bad := ""
	codec := "unicodeescape"
	if isBytes {
		codec = "bytes"
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		c = s[i]
		switch c {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for k := 0; k < 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			if isBytes {
				b.WriteByte(byte(v))
			} else {
				b.WriteRune(rune(v))
			}
		case 'x', 'u', 'U':
			n := 2
			if !isBytes {
				if c == 'u' {
					n = 4
				} else if c == 'U' {
					n = 8
				}
			} else if c != 'x' {
				if bad == "" {
					bad = string(c)
				}
				b.WriteByte('\\')
				b.WriteByte(c)
				continue
			}
			v := 0
			for k := 0; k < n; k++ {
				if i+1+k >= len(s) || hexVal(s[i+1+k]) < 0 {
					what := map[byte]string{'x': `\xXX`, 'u': `\uXXXX`, 'U': `\UXXXXXXXX`}[c]
					if isBytes {
						return "", "", fmt.Sprintf("(value error) invalid \\x escape at position %d", i-1)
					}
					return "", "", fmt.Sprintf("(unicode error) '%s' codec can't decode bytes in position %d-%d: truncated %s escape", codec, i-1, i+k, what)
				}
				v = v*16 + hexVal(s[i+1+k])
			}
			i += n
			switch {
			case isBytes:
				b.WriteByte(byte(v))
			case v > utf8.MaxRune:
				return "", "", fmt.Sprintf("(unicode error) '%s' codec can't decode bytes in position %d-%d: illegal Unicode character", codec, i-n-1, i)
			default:
				b.WriteRune(rune(v))
			}
		case 'N':
			if isBytes {
				if bad == "" {
					bad = "N"
				}
				b.WriteByte('\\')
				b.WriteByte(c)
				continue
			}
			start := i - 1
			if i+1 >= len(s) || s[i+1] != '{' {
				return "", "", fmt.Sprintf("(unicode error) '%s' codec can't decode bytes in position %d-%d: malformed \\N character escape", codec, start, i)
			}
			end := strings.IndexByte(s[i+1:], '}')
			if end <= 1 {
				return "", "", fmt.Sprintf("(unicode error) '%s' codec can't decode bytes in position %d-%d: malformed \\N character escape", codec, start, i+1)
			}
			name := s[i+2 : i+1+end]
			r, ok := unames.Lookup(name)
			if !ok {
				return "", "", fmt.Sprintf("(unicode error) '%s' codec can't decode bytes in position %d-%d: unknown Unicode character name", codec, start, i+1+end)
			}
			b.WriteRune(r)
			i += 1 + end
		default:
			if bad == "" {
				r, _ := utf8.DecodeRuneInString(s[i:])
				bad = string(r)
			}
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String(), bad, ""
}
