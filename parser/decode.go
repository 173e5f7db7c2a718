package parser

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/lexer"
)

// This file decodes source bytes as CPython does (PEP 263): a UTF-8 byte
// order mark, a "coding[:=]name" declaration in a comment on line 1 or 2
// (line 2 only after a comment or blank first line), UTF-8 by default, and
// SyntaxErrors for NUL bytes, unknown encodings and undecodable input.
//
// A script file read by DecodeSource (a filename not starting with '<')
// without a declaration must be valid UTF-8 ("Non-UTF-8 code starting
// with ..."), and its encoding problems are "encoding problem: NAME".
// Otherwise, as for compile() on bytes and for imported modules
// (DecodeBytes), invalid UTF-8 is kept in the text and reported by the
// string literal or identifier that holds it ("(unicode error) 'utf-8'
// codec can't decode byte ...") — comments may hold anything — and an
// unknown or failing codec is named as the codec reports it.

// codingRE finds a coding declaration; compiled on first use (a line
// without "coding" is not tried), not at start-up.
var codingRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`)
})

// blankOrComment reports whether a line holds at most a comment: blanks
// (space, tab, form feed), then nothing or a '#'.
func blankOrComment(l []byte) bool {
	l = bytes.TrimLeft(l, " \t\f")
	return len(l) == 0 || l[0] == '#'
}

// sourceEncodings maps normalised codec names to decoders; nil means UTF-8.
var sourceEncodings = map[string]encoding.Encoding{
	"utf-8": nil, "utf8": nil, "u8": nil, "utf": nil, "utf-8-sig": nil, "cp65001": nil,
	"latin-1": charmap.ISO8859_1, "latin1": charmap.ISO8859_1, "iso-8859-1": charmap.ISO8859_1,
	"iso8859-1": charmap.ISO8859_1, "8859": charmap.ISO8859_1, "cp819": charmap.ISO8859_1,
	"l1": charmap.ISO8859_1, "iso-latin-1": charmap.ISO8859_1, "latin": charmap.ISO8859_1,
	"iso-8859-2": charmap.ISO8859_2, "latin2": charmap.ISO8859_2, "latin-2": charmap.ISO8859_2,
	"iso-8859-5": charmap.ISO8859_5, "iso-8859-7": charmap.ISO8859_7, "greek": charmap.ISO8859_7,
	"iso-8859-9": charmap.ISO8859_9, "latin5": charmap.ISO8859_9,
	"iso-8859-15": charmap.ISO8859_15, "iso8859-15": charmap.ISO8859_15, "latin-9": charmap.ISO8859_15,
	"latin9": charmap.ISO8859_15, "l9": charmap.ISO8859_15,
	"cp1250": charmap.Windows1250, "windows-1250": charmap.Windows1250,
	"cp1251": charmap.Windows1251, "windows-1251": charmap.Windows1251,
	"cp1252": charmap.Windows1252, "windows-1252": charmap.Windows1252,
	"cp437": charmap.CodePage437, "ibm437": charmap.CodePage437, "cp850": charmap.CodePage850,
	"koi8-r": charmap.KOI8R, "koi8-u": charmap.KOI8U, "mac-roman": charmap.Macintosh, "macroman": charmap.Macintosh,
}

// asciiEncoding marks the ascii codec (decoded by hand for its message).
var asciiNames = map[string]bool{"ascii": true, "us-ascii": true, "646": true, "us": true}

// DecodeSource turns the source bytes of a script file into the text the
// lexer reads. Errors are *ast.SyntaxError.
func DecodeSource(filename string, src []byte) (string, error) {
	return decodeSource(filename, src, !strings.HasPrefix(filename, "<"))
}

// DecodeBytes is DecodeSource for bytes given to compile(), exec() or
// eval() and for imported modules, which CPython decodes as a string
// rather than a file.
func DecodeBytes(filename string, src []byte) (string, error) {
	return decodeSource(filename, src, false)
}

func decodeSource(filename string, src []byte, file bool) (string, error) {
	fail := func(line int, text, msg string) error {
		se := &ast.SyntaxError{Kind: "SyntaxError", Filename: filename, Pos: ast.Pos{Line: line, Col: 1}, Msg: msg, Text: text}
		if line == 0 {
			se.Pos.Line, se.Whole = 1, true
		}
		return se
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		msg := "source code string cannot contain null bytes"
		if file {
			msg = "source code cannot contain null bytes"
		}
		line := 1 + bytes.Count(src[:i], []byte("\n"))
		if !file {
			return "", fail(line, "", msg)
		}
		// python3 shows the line up to the NUL, with no caret
		start := bytes.LastIndexByte(src[:i], '\n') + 1
		se := fail(line, string(src[start:i])+"\n", msg).(*ast.SyntaxError)
		se.Pos.Col = 0
		return "", se
	}
	bom := bytes.HasPrefix(src, []byte("\xef\xbb\xbf"))
	offset := 0 // of src in the bytes given (codec error positions)
	if bom {
		src, offset = src[3:], 3
	}
	name, declared := codingDeclaration(src)
	if !declared {
		if file && !utf8.Valid(src) {
			i := firstInvalid(src)
			return "", fail(0, "", fmt.Sprintf("Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
				src[i], filename, 1+bytes.Count(src[:i], []byte("\n"))))
		}
		return string(src), nil
	}
	norm := strings.ReplaceAll(strings.ToLower(name), "_", "-")
	enc, known := sourceEncodings[norm]
	if !known && !asciiNames[norm] {
		if file {
			return "", fail(0, "", "encoding problem: "+name)
		}
		return "", fail(0, "", "unknown encoding: "+name)
	}
	if bom && (enc != nil || asciiNames[norm]) {
		return "", fail(0, "", "encoding problem: "+normalName(name)+" with BOM")
	}
	if asciiNames[norm] {
		for i, c := range src {
			if c >= 0x80 {
				if file {
					return "", fail(0, "", "encoding problem: "+name)
				}
				return "", fail(0, "", fmt.Sprintf("'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", c, i+offset))
			}
		}
		return string(src), nil
	}
	if enc == nil {
		return string(src), nil
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		for i, c := range src {
			if c >= 0x80 && cm.DecodeByte(c) == utf8.RuneError {
				if file {
					return "", fail(0, "", "encoding problem: "+name)
				}
				return "", fail(0, "", fmt.Sprintf("'charmap' codec can't decode byte 0x%02x in position %d: character maps to <undefined>", c, i+offset))
			}
		}
	}
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return "", fail(0, "", "encoding problem: "+name)
	}
	return string(out), nil
}

// codingDeclaration finds the encoding named on line 1 or 2.
func codingDeclaration(src []byte) (string, bool) {
	lines := bytes.SplitN(src, []byte("\n"), 3)
	for i, l := range lines {
		if i == 2 {
			break
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if bytes.Contains(l, []byte("coding")) {
			if m := codingRE().FindSubmatch(l); m != nil {
				return string(m[1]), true
			}
		}
		if i == 0 && !blankOrComment(l) {
			break
		}
	}
	return "", false
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// utf8Error is CPython's message for the first undecodable byte of s.
func utf8Error(s string) string { return lexer.UTF8Error(s) }

// normalName is the tokenizer's spelling of a declared encoding in its
// messages (CPython's get_normal_name): utf-8 and Latin-1 variants unified.
func normalName(name string) string {
	n := strings.ReplaceAll(strings.ToLower(name), "_", "-")
	if n == "utf-8" || strings.HasPrefix(n, "utf-8-") {
		return "utf-8"
	}
	for _, l := range []string{"latin-1", "iso-8859-1", "iso-latin-1"} {
		if n == l || strings.HasPrefix(n, l+"-") {
			return "iso-8859-1"
		}
	}
	return name
}
