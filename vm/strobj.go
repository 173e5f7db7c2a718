package vm

import (
	"hash/maphash"
	"unicode/utf8"
)

// StrObject is a str: an immutable Unicode string stored as UTF-8, with its
// hash and code-point length cached. Indexing by code point is O(1) for ASCII
// strings and uses a lazily built rune slice otherwise.
type StrObject struct {
	s      string
	h      int64
	hashed bool
	ascii  int8 // 0 unknown, 1 ascii, 2 not ascii
	nchars int  // valid when ascii != 0
	runes  []rune
	cls    *Type // str subclass, or nil
}

// Type implements Object.
func (s *StrObject) Type() *Type {
	if s.cls != nil {
		return s.cls
	}
	return StrType
}

// String returns the Go string.
func (s *StrObject) String() string { return s.s }

func newStr(s string) *StrObject { return &StrObject{s: s} }

var strSeed = maphash.MakeSeed()

// strHash is the hash of a str. CPython randomises str hashes per process,
// so no program can depend on their values.
func strHash(s string) int64 {
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
			s.ascii = 2
			s.nchars = utf8.RuneCountInString(s.s)
			return
		}
	}
	s.ascii = 1
	s.nchars = len(s.s)
}

// Len returns the length in code points.
func (s *StrObject) Len() int {
	s.scan()
	return s.nchars
}

// IsASCII reports whether every code point is below 128.
func (s *StrObject) IsASCII() bool {
	s.scan()
	return s.ascii == 1
}

// Runes returns the code points (cached; do not modify).
func (s *StrObject) Runes() []rune {
	if s.runes == nil {
		s.runes = []rune(s.s)
	}
	return s.runes
}

// At returns the i-th code point as a string (0 <= i < Len()).
func (s *StrObject) At(i int) string {
	if s.IsASCII() {
		return s.s[i : i+1]
	}
	return string(s.Runes()[i])
}

// Substr returns code points [i, j).
func (s *StrObject) Substr(i, j int) string {
	if s.IsASCII() {
		return s.s[i:j]
	}
	return string(s.Runes()[i:j])
}

// interned single-character strings for ASCII, so indexing does not allocate.
var asciiChars [128]Value

func init() {
	for i := range asciiChars {
		asciiChars[i] = Value{o: &StrObject{s: string(rune(i)), ascii: 1, nchars: 1}}
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
