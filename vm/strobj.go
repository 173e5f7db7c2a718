package vm

import (
	"hash/maphash"
	"math"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// StrObject is a str: an immutable Unicode string stored as UTF-8, with its
// hash and code-point length cached. Indexing by code point is O(1) for ASCII
// strings and uses a lazily built rune slice otherwise.
//
// It is 40 bytes; a str of at most 8 bytes keeps them in the same 48-byte
// allocation (strAlloc), one of at most 24 in a 64-byte one. The rarely used
// parts live in ext.
type StrObject struct {
	s      string
	h      int64
	nchars int32 // valid when ascii != 0
	hashed bool
	ascii  int8 // 0 unknown, 1 ascii, 2 not ascii (nchars then valid)
	ext    *strExt
}

// strExt holds what few strs need: the code points of a non-ASCII str that
// was indexed, the class and attributes of str subclass instances, or the
// growable buffer of strings built by concatenation.
//
// An ext with a buffer (b != nil) holds nothing else and is shared by the
// strings made from that buffer; a str that needs any other field gets a
// private ext of its own (Runes).
type strExt struct {
	runes []rune
	cls   *Type // str subclass, or nil
	dict  *Dict
	// b is the growable backing array of strings built by repeated
	// concatenation (s += t). Its bytes are never modified once written: a
	// string whose end is the end of b (the "tip") can be extended by
	// appending to the array, and the result shares the prefix, so a loop
	// of += is linear instead of quadratic.
	b []byte
}

// strInlineMax is the longest str whose bytes strAlloc keeps in the object.
const strInlineMax = 24

// strAlloc returns a new str object of n bytes (0 < n <= strInlineMax)
// stored in the object itself, and those bytes, which the caller fills in
// before the str is used.
func strAlloc(n int) (*StrObject, []byte) {
	var o *StrObject
	var b []byte
	if n <= 8 {
		x := &struct {
			o StrObject
			b [8]byte
		}{}
		o, b = &x.o, x.b[:n]
	} else {
		x := &struct {
			o StrObject
			b [strInlineMax]byte
		}{}
		o, b = &x.o, x.b[:n]
	}
	o.s = unsafe.String(unsafe.SliceData(b), n)
	return o, b
}

// strConcat returns a + b.
func strConcat(a, b *StrObject) Value {
	if b.s == "" && a.subclass() == nil {
		return Value{o: a}
	}
	if a.s == "" && b.subclass() == nil {
		return Value{o: b}
	}
	n := len(a.s) + len(b.s)
	var r *StrObject
	if x := a.ext; x != nil && x.b != nil && len(x.b) == len(a.s) && unsafe.StringData(a.s) == unsafe.SliceData(x.b) {
		x.b = append(x.b, b.s...)
		r = &StrObject{s: unsafe.String(unsafe.SliceData(x.b), n), ext: x}
	} else if n >= 32 {
		bs := make([]byte, n)
		copy(bs, a.s)
		copy(bs[len(a.s):], b.s)
		r = &StrObject{s: unsafe.String(unsafe.SliceData(bs), n), ext: &strExt{b: bs}}
	} else if n <= strInlineMax {
		var bs []byte
		r, bs = strAlloc(n)
		copy(bs[copy(bs, a.s):], b.s)
	} else {
		r = &StrObject{s: a.s + b.s}
	}
	if a.ascii != 0 && b.ascii != 0 {
		r.ascii = 2
		if a.ascii == 1 && b.ascii == 1 {
			r.ascii = 1
		}
		if n := int64(a.nchars) + int64(b.nchars); n <= math.MaxInt32 {
			r.nchars = int32(n)
		} else {
			r.ascii = 0
		}
	}
	return Value{o: r}
}

// Type implements Object.
func (s *StrObject) Type() *Type {
	if s.subclass() != nil {
		return s.subclass()
	}
	return StrType
}

// String returns the Go string.
func (s *StrObject) String() string { return s.s }

// newStr returns a str object for s; a short s is copied into the object
// (strAlloc), so that the str is one allocation and does not keep a larger
// string alive.
func newStr(s string) *StrObject {
	if n := len(s); n > 0 && n <= 8 {
		o, b := strAlloc(n)
		copy(b, s)
		return o
	}
	return &StrObject{s: s}
}

// newASCIIStr returns a str object of the ASCII bytes b (copied).
func newASCIIStr(b []byte) *StrObject {
	var o *StrObject
	if n := len(b); n > 0 && n <= strInlineMax {
		var bs []byte
		o, bs = strAlloc(n)
		copy(bs, b)
	} else {
		o = &StrObject{s: string(b)}
	}
	if len(b) <= math.MaxInt32 {
		o.ascii, o.nchars = 1, int32(len(b))
	}
	return o
}

var strSeed = maphash.MakeSeed()

// strHash is the hash of a str. CPython randomises str hashes per process,
// so no program can depend on their values, except that the empty string
// hashes to 0 (as bytes do).
func strHash(s string) int64 {
	if s == "" {
		return 0
	}
	h := int64(maphash.String(strSeed, s))
	if h == -1 {
		h = -2
	}
	return h
}

func (s *StrObject) hash() int64 {
	if !s.hashed {
		s.h = strHash(s.s)
		s.hashed = true
	}
	return s.h
}

func (s *StrObject) scan() {
	if s.ascii != 0 {
		return
	}
	for i := 0; i < len(s.s); i++ {
		if s.s[i] >= utf8.RuneSelf {
			if n := runeCountWTF8(s.s); n <= math.MaxInt32 {
				s.ascii, s.nchars = 2, int32(n)
			}
			return
		}
	}
	if len(s.s) <= math.MaxInt32 {
		s.ascii, s.nchars = 1, int32(len(s.s))
	}
}

// Len returns the length in code points.
func (s *StrObject) Len() int {
	s.scan()
	if s.ascii == 0 { // longer than an int32 counts
		return runeCountWTF8(s.s)
	}
	return int(s.nchars)
}

// IsASCII reports whether every code point is below 128.
func (s *StrObject) IsASCII() bool {
	s.scan()
	return s.ascii == 1
}

// Runes returns the code points (do not modify). A non-ASCII str caches
// them in its ext; an ASCII str's are made at each call (their callers are
// one-shot: maketrans, fromhex, %c), so that nothing is written into the
// interned strs that VMs on other goroutines share.
func (s *StrObject) Runes() []rune {
	if s.ext != nil && s.ext.runes != nil {
		return s.ext.runes
	}
	if s.IsASCII() {
		rs := make([]rune, len(s.s))
		for i := 0; i < len(s.s); i++ {
			rs[i] = rune(s.s[i])
		}
		return rs
	}
	if s.ext == nil || s.ext.b != nil {
		// none yet, or the shared one of a concatenation buffer
		s.ext = &strExt{}
	}
	if s.ext.runes == nil {
		s.ext.runes = decodeWTF8(s.s)
	}
	return s.ext.runes
}

// At returns the i-th code point as a string (0 <= i < Len()).
func (s *StrObject) At(i int) string {
	if s.IsASCII() {
		return s.s[i : i+1]
	}
	return runesString(s.Runes()[i : i+1])
}

// Substr returns code points [i, j).
func (s *StrObject) Substr(i, j int) string {
	if s.IsASCII() {
		return s.s[i:j]
	}
	return runesString(s.Runes()[i:j])
}

// interned single-character strings for ASCII, so indexing does not allocate.
var asciiChars [128]Value

// asciiCharObjs are the objects of asciiChars: one array, where making each
// was 160 of the start-up's allocations.
var asciiCharObjs [128]StrObject

func init() {
	b := make([]byte, len(asciiChars))
	for i := range b {
		b[i] = byte(i)
	}
	all := string(b)
	for i := range asciiChars {
		asciiCharObjs[i] = StrObject{s: all[i : i+1], ascii: 1, nchars: 1}
		asciiChars[i] = Value{o: &asciiCharObjs[i]}
	}
}

// strValue returns a str Value for s, reusing interned one-character strings.
func strValue(s string) Value {
	if len(s) == 1 && s[0] < 128 {
		return asciiChars[s[0]]
	}
	if len(s) == 0 {
		return emptyStr
	}
	return Value{o: &StrObject{s: s}}
}

var emptyStr = Value{o: &StrObject{s: "", ascii: 1}}

// Strings hold UTF-8, except that lone surrogate code points (made by the
// surrogateescape and surrogatepass error handlers) are stored as WTF-8:
// the 3-byte sequences ED A0..BF xx, which Go's UTF-8 decoder rejects. The
// helpers below treat each such sequence as one code point.

func isWTF8Surrogate(s string) bool {
	return len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2] >= 0x80 && s[2] <= 0xBF
}

// decodeRune decodes the code point at the start of s.
func decodeRune(s string) (rune, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 && isWTF8Surrogate(s) {
		return 0xD000 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return r, n
}

// decodeLastRune decodes the code point at the end of s.
func decodeLastRune(s string) (rune, int) {
	r, n := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError && n == 1 && len(s) >= 3 && isWTF8Surrogate(s[len(s)-3:]) {
		return decodeRune(s[len(s)-3:])
	}
	return r, n
}

// codePoints iterates the code points of s.
func codePoints(s string) func(yield func(rune) bool) {
	return func(yield func(rune) bool) {
		for i := 0; i < len(s); {
			r, n := decodeRune(s[i:])
			i += n
			if !yield(r) {
				return
			}
		}
	}
}

// runeCountWTF8 returns the number of code points of s.
func runeCountWTF8(s string) int {
	n := utf8.RuneCountInString(s)
	if strings.IndexByte(s, 0xED) < 0 {
		return n
	}
	n = 0
	for i := 0; i < len(s); n++ {
		_, k := decodeRune(s[i:])
		i += k
	}
	return n
}

// decodeWTF8 returns the code points of s.
func decodeWTF8(s string) []rune {
	if strings.IndexByte(s, 0xED) < 0 {
		return []rune(s)
	}
	rs := make([]rune, 0, len(s))
	for r := range codePoints(s) {
		rs = append(rs, r)
	}
	return rs
}

// writeRune appends r to b (surrogates as WTF-8).
func writeRune(b *strings.Builder, r rune) {
	if r >= 0xD800 && r <= 0xDFFF {
		b.WriteByte(byte(0xE0 | (r >> 12)))
		b.WriteByte(byte(0x80 | ((r >> 6) & 0x3F)))
		b.WriteByte(byte(0x80 | (r & 0x3F)))
		return
	}
	b.WriteRune(r)
}

// runesString encodes code points as a string (surrogates as WTF-8).
func runesString(rs []rune) string {
	for _, r := range rs {
		if r >= 0xD800 && r <= 0xDFFF {
			var b strings.Builder
			for _, r := range rs {
				writeRune(&b, r)
			}
			return b.String()
		}
	}
	return string(rs)
}

// subclass returns the str subclass of s, or nil for a plain str.
func (s *StrObject) subclass() *Type {
	if s.ext == nil {
		return nil
	}
	return s.ext.cls
}
