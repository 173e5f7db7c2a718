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
