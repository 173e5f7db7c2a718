package stdlib

import (
	gohtml "html"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The html module: escape, and unescape with HTML5's character references
// (Go's html package implements the same WHATWG algorithm and entity
// table; code points HTML5 calls invalid are dropped as CPython does).

func init() { register("html", initHTML) }

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;")
var htmlEscaperNoQuote = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// htmlInvalidCodepoint reports the code points html.unescape drops.
func htmlInvalidCodepoint(r rune) bool {
	switch {
	case r >= 0x1 && r <= 0x8, r == 0xb, r >= 0xe && r <= 0x1f, r >= 0x7f && r <= 0x9f, r >= 0xfdd0 && r <= 0xfdef:
		return true
	}
	return r&0xfffe == 0xfffe && r <= 0x10ffff
}

func initHTML(v *vm.VM, m *vm.Module) error {
	m.SetFunc("escape", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var s, quote vm.Value
		if err := vm.UnpackArgs("escape", args, kw, []string{"s", "quote?"}, &s, &quote); err != nil {
			return vm.Value{}, err
		}
		str, ok := s.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.AttributeError, "'%s' object has no attribute 'replace'", s.TypeName())
		}
		q := true
		if quote.IsValid() {
			var err error
			if q, err = t.Truth(quote); err != nil {
				return vm.Value{}, err
			}
		}
		if q {
			return vm.Str(htmlEscaper.Replace(str)), nil
		}
		return vm.Str(htmlEscaperNoQuote.Replace(str)), nil
	})
	m.SetFunc("unescape", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var s vm.Value
		if err := vm.UnpackArgs("unescape", args, kw, []string{"s"}, &s); err != nil {
			return vm.Value{}, err
		}
		str, ok := s.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", s.TypeName())
		}
		if !strings.Contains(str, "&") {
			return s, nil
		}
		return vm.Str(htmlUnescape(str)), nil
	})
	return nil
}

// htmlUnescape unescapes each reference separately, so that numeric
// references to invalid code points can be dropped.
func htmlUnescape(s string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			sb.WriteString(s)
			return sb.String()
		}
		sb.WriteString(s[:i])
		s = s[i:]
		if len(s) > 2 && s[1] == '#' {
			j := 2
			hex := false
			if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
				hex = true
				j++
			}
			k := j
			for k < len(s) && (s[k] >= '0' && s[k] <= '9' || hex && strings.IndexByte("abcdefABCDEF", s[k]) >= 0) {
				k++
			}
			if k > j {
				var n int64
				for _, c := range s[j:k] {
					d := int64(strings.IndexRune("0123456789abcdef", c|0x20))
					if hex {
						n = n*16 + d
					} else {
						n = n*10 + d
					}
					if n > 0x110000 {
						n = 0x110000
					}
				}
				end := k
				if end < len(s) && s[end] == ';' {
					end++
				}
				r := rune(n)
				if !(r >= 0x80 && r <= 0x9f) && htmlInvalidCodepoint(r) && r != 0 {
					s = s[end:]
					continue
				}
				sb.WriteString(gohtml.UnescapeString(s[:end]))
				s = s[end:]
				continue
			}
		}
		// a named reference (or a lone '&'): find its end and let Go's
		// table resolve it
		k := 1
		for k < len(s) && k < 40 && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k < len(s) && s[k] == ';' {
			k++
		}
		sb.WriteString(gohtml.UnescapeString(s[:k]))
		s = s[k:]
	}
}
