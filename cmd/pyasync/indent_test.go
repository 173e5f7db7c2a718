package main

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

func TestAutoIndent(t *testing.T) {
	for _, c := range []struct{ prev, want string }{
		{"def f(x):", "    "},
		{"    if x:", "        "},
		{"    return x", "    "},
		{"\tx = 1", "\t"},
		{"x = 1", ""},
		{"", ""},
		{"if x:  # a comment", "    "},
		{"if x:  # a comment:", "    "},
		{"x = 1  # note:", ""},
		{"s = 'a:'", ""},
		{`s = "a\":"`, ""},
		{`s = "a\\":`, "    "}, // the string ends before the colon
		{"s = '''doc:", ""},    // a triple-quoted string goes on
		{"s = '''a''' if x else b:", "    "},
		{"d = {1: 2}", ""},
		{"  for k in d:  ", "      "},
		{"class K(Base):", "    "},
		{"lambda: x", ""},
	} {
		require.Equal(t, c.want, autoIndent(c.prev), "after %q", c.prev)
	}
}

func TestPasteReader(t *testing.T) {
	in := "ab" + pasteStart + "x:\r  y\r\n" + pasteEnd + "\x1b[Ac" + pasteStart + "z" + pasteEnd + "\x1b"
	for name, r := range map[string]io.Reader{
		"whole":        strings.NewReader(in),
		"byte by byte": iotest.OneByteReader(strings.NewReader(in)),
	} {
		p := &pasteReader{r: r}
		got, err := io.ReadAll(p)
		require.NoError(t, err, name)
		require.Equal(t, "ab"+string(pasteMark)+"\r\x1b[Ac"+string(pasteMark)+"\x1b", string(got), name)
		text, ok := p.next()
		require.True(t, ok, name)
		require.Equal(t, "x:\n  y\n", text, name)
		text, ok = p.next()
		require.True(t, ok, name)
		require.Equal(t, "z", text, name)
		_, ok = p.next()
		require.False(t, ok, name)
	}
}

func TestPasteLines(t *testing.T) {
	mark := string(pasteMark)
	for _, c := range []struct {
		line, paste, want string
		rest              []string
	}{
		// at the pre-filled indentation: a paste with its own replaces it
		{"    " + mark, "    def m(self):\n        return 1\n", "    def m(self):", []string{"        return 1", ""}},
		// one copied from its first word on keeps it
		{"    " + mark, "def m(self):\n        return 1", "    def m(self):", []string{"        return 1"}},
		{"    " + mark, "return x", "    return x", nil},
		// in the middle of typed text
		{"print(" + mark + ")", "1, 2", "print(1, 2)", nil},
		{"x = " + mark + "  # c", "1\ny = 2", "x = 1", []string{"y = 2  # c"}},
	} {
		e := &lineEditor{paste: &pasteReader{pastes: []string{c.paste}}}
		line := []rune(c.line)
		got, pos, ok := e.OnChange(line, 0, pasteMark)
		require.True(t, ok, c.line)
		require.Equal(t, c.want, string(got), c.line)
		require.Equal(t, c.rest, e.pasted, c.line)
		if c.rest == nil {
			require.Equal(t, len([]rune(c.want))-len([]rune(strings.TrimPrefix(c.line, c.line[:strings.Index(c.line, mark)]+mark))), pos, "cursor after the paste")
		} else {
			require.Equal(t, len(got), pos, "cursor at the end")
		}
	}
	// other keys change nothing
	e := &lineEditor{paste: &pasteReader{}}
	_, _, ok := e.OnChange([]rune("abc"), 3, 'c')
	require.False(t, ok)
}
