package lexer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// render shows a token stream compactly: Name:x Op:= Number:1 NL ...
func render(toks []Token) string {
	var parts []string
	for _, t := range toks {
		switch t.Type {
		case Newline:
			parts = append(parts, "NL")
		case Indent:
			parts = append(parts, "INDENT")
		case Dedent:
			parts = append(parts, "DEDENT")
		case EOF:
			parts = append(parts, "EOF")
		default:
			parts = append(parts, TypeName(t.Type)+":"+t.Value)
		}
	}
	return strings.Join(parts, " ")
}

func TestTokenStreams(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x = 1", "Name:x Op:= Number:1 NL EOF"},
		{"x = 1\n", "Name:x Op:= Number:1 NL EOF"},
		{"if x:\n    y\nz\n", "Keyword:if Name:x Op:: NL INDENT Name:y NL DEDENT Name:z NL EOF"},
		{"if x:\n  if y:\n    z\n", "Keyword:if Name:x Op:: NL INDENT Keyword:if Name:y Op:: NL INDENT Name:z NL DEDENT DEDENT EOF"},
		{"if x:\n\n   # comment\n    y\n", "Keyword:if Name:x Op:: NL INDENT Name:y NL DEDENT EOF"},
		{"x = (1,\n  2)\n", "Name:x Op:= Op:( Number:1 Op:, Number:2 Op:) NL EOF"},
		{"x = [\n]\n", "Name:x Op:= Op:[ Op:] NL EOF"},
		{"x = 1 + \\\n  2\n", "Name:x Op:= Number:1 Op:+ Number:2 NL EOF"},
		{"a **= b // c >> d ... -> :=", "Name:a Op:**= Name:b Op:// Name:c Op:>> Name:d Op:... Op:-> Op::= NL EOF"},
		{"a != b <= c == d", "Name:a Op:!= Name:b Op:<= Name:c Op:== Name:d NL EOF"},
		{"match case _ type", "Name:match Name:case Name:_ Name:type NL EOF"},
		{"None True lambda await async", "Keyword:None Keyword:True Keyword:lambda Keyword:await Keyword:async NL EOF"},
		{"héllo = ünï", "Name:héllo Op:= Name:ünï NL EOF"},
		{"0 42 1_000 0x1F 0o17 0b101 00", "Number:0 Number:42 Number:1_000 Number:0x1F Number:0o17 Number:0b101 Number:00 NL EOF"},
		{"1. .5 1e-3 1_000.5 2j 1.5e3J 0123.5", "Number:1. Number:.5 Number:1e-3 Number:1_000.5 Number:2j Number:1.5e3J Number:0123.5 NL EOF"},
		{"1if 1else 2", "Number:1 Keyword:if Number:1 Keyword:else Number:2 NL EOF"},
		{"x.y", "Name:x Op:. Name:y NL EOF"},
		{`'a' "b" '''c''' """d"""`, `String:'a' String:"b" String:'''c''' String:"""d""" NL EOF`},
		{`r'\n' b"x" Rb'y' bR"z" u'w' BR"v"`, `String:r'\n' String:b"x" String:Rb'y' String:bR"z" String:u'w' String:BR"v" NL EOF`},
		{`'it\'s' "q\"q"`, `String:'it\'s' String:"q\"q" NL EOF`},
		{"'''a\nb'''", "String:'''a\nb''' NL EOF"},
		{`f"a{b}c"`, `FStringStart:f" FStringMiddle:a Op:{ Name:b Op:} FStringMiddle:c FStringEnd:" NL EOF`},
		{`f"{x!r:>{w}.2f}"`, `FStringStart:f" Op:{ Name:x Op:! Name:r Op:: FStringMiddle:> Op:{ Name:w Op:} FStringMiddle:.2f Op:} FStringEnd:" NL EOF`},
		{`f"{{a}} {b}"`, `FStringStart:f" FStringMiddle:{{a}}  Op:{ Name:b Op:} FStringEnd:" NL EOF`},
		{`f"{x=}"`, `FStringStart:f" Op:{ Name:x Op:= Op:} FStringEnd:" NL EOF`},
		{`f"{x = }"`, `FStringStart:f" Op:{ Name:x Op:= Op:} FStringEnd:" NL EOF`},
		{`f"{a!=b}"`, `FStringStart:f" Op:{ Name:a Op:!= Name:b Op:} FStringEnd:" NL EOF`},
		{`f"{x:=5}"`, `FStringStart:f" Op:{ Name:x Op:: FStringMiddle:=5 Op:} FStringEnd:" NL EOF`},
		{`f"{(x:=5)}"`, `FStringStart:f" Op:{ Op:( Name:x Op::= Number:5 Op:) Op:} FStringEnd:" NL EOF`},
		{`f"{a[1:2]}"`, `FStringStart:f" Op:{ Name:a Op:[ Number:1 Op:: Number:2 Op:] Op:} FStringEnd:" NL EOF`},
		{`f"{f'{x}'}"`, `FStringStart:f" Op:{ FStringStart:f' Op:{ Name:x Op:} FStringEnd:' Op:} FStringEnd:" NL EOF`},
		{`rf"\{x}"`, `FStringStart:rf" FStringMiddle:\ Op:{ Name:x Op:} FStringEnd:" NL EOF`},
		{`f""`, `FStringStart:f" FStringEnd:" NL EOF`},
		{"f'''a\n{b}\n'''", "FStringStart:f''' FStringMiddle:a\n Op:{ Name:b Op:} FStringMiddle:\n FStringEnd:''' NL EOF"},
		{"x = 1 # c\n", "Name:x Op:= Number:1 NL EOF"},
		{"# only a comment\n", "EOF"},
		{"", "EOF"},
		{"\ufeffx", "Name:x NL EOF"},
		{"x\r\ny\r\n", "Name:x NL Name:y NL EOF"},
		{"x $ ?", "Name:x Op:$ Op:? NL EOF"},
	}
	for _, tt := range tests {
		r := Tokenize("t", tt.src)
		require.Nil(t, r.Err, "%q: %v", tt.src, r.Err)
		assert.Equal(t, tt.want, render(r.Tokens), "%q", tt.src)
	}
}

func TestPositions(t *testing.T) {
	r := Tokenize("t", "if x:\n    yé = 'a'\n")
	require.Nil(t, r.Err)
	type lc struct{ l, c int }
	var got []lc
	for _, tk := range r.Tokens {
		got = append(got, lc{tk.Pos.Line, tk.Pos.Column})
	}
	// if x : NL INDENT yé = 'a' NL DEDENT EOF
	want := []lc{{1, 1}, {1, 4}, {1, 5}, {1, 6}, {2, 4}, {2, 5}, {2, 8}, {2, 10}, {2, 13}, {3, 1}, {3, 1}}
	assert.Equal(t, want, got)
}

func TestErrors(t *testing.T) {
	tests := []struct {
		src, kind, msg string
		line, col      int
		incomplete     bool
	}{
		{"s = \"abc", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5, false},
		{"s = '''abc\n\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 2)", 1, 5, true},
		{"foo(1,", "SyntaxError", "'(' was never closed", 1, 4, true},
		{"x = [1,\n2", "SyntaxError", "'[' was never closed", 1, 5, true},
		{")", "SyntaxError", "unmatched ')'", 1, 1, false},
		{"(]", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 2, false},
		{"(\n]", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1, false},
		{"a = 1 \\", "SyntaxError", "unexpected EOF while parsing", 1, 8, true},
		{"a = 1 \\ b", "SyntaxError", "unexpected character after line continuation character", 1, 8, false},
		{"if x:\n    a\n  b", "IndentationError", "unindent does not match any outer indentation level", 3, 4, false},
		{"if x:\n\ta\n        b", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1, false},
		{"x = 1abc", "SyntaxError", "invalid decimal literal", 1, 5, false},
		{"x = 0123", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5, false},
		{"x = 0x", "SyntaxError", "invalid hexadecimal literal", 1, 6, false},
		{"x = 0b2", "SyntaxError", "invalid digit '2' in binary literal", 1, 7, false},
		{"x = 0o8", "SyntaxError", "invalid digit '8' in octal literal", 1, 7, false},
		{"x = 1_", "SyntaxError", "invalid decimal literal", 1, 6, false},
		{"x = 1__0", "SyntaxError", "invalid decimal literal", 1, 6, false},
		{"x = 1e+", "SyntaxError", "invalid decimal literal", 1, 7, false},
		{"x = 1j2", "SyntaxError", "invalid imaginary literal", 1, 6, false},
		{"x = €", "SyntaxError", "invalid character '€' (U+20AC)", 1, 5, false},
		{`f"}"`, "SyntaxError", "f-string: single '}' is not allowed", 1, 3, false},
		{`f"{x"`, "SyntaxError", "f-string: expecting '}'", 1, 5, false},
		{`f"{x # c}"`, "SyntaxError", "f-string expression part cannot include '#'", 1, 6, false},
		{"f'abc", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 1, false},
		{"f'''abc", "SyntaxError", "unterminated triple-quoted string literal (detected at line 1)", 1, 1, true},
	}
	for _, tt := range tests {
		r := Tokenize("t", tt.src)
		require.NotNil(t, r.Err, "%q", tt.src)
		e := r.Err
		assert.Equal(t, tt.kind, e.Kind, "%q", tt.src)
		assert.Equal(t, tt.msg, e.Msg, "%q", tt.src)
		assert.Equal(t, tt.line, e.Pos.Line, "%q line", tt.src)
		assert.Equal(t, tt.col, e.Pos.Col, "%q col", tt.src)
		assert.Equal(t, tt.incomplete, e.Incomplete, "%q incomplete", tt.src)
		toks := r.Tokens
		require.GreaterOrEqual(t, len(toks), 2)
		assert.Equal(t, ErrorToken, toks[len(toks)-2].Type)
		assert.Equal(t, EOF, toks[len(toks)-1].Type)
	}
}

func TestStreamMatchesTokenize(t *testing.T) {
	srcs := []string{"if x:\n    y = f'{a!r}'\n", "x = (1,\n", "def f():\n  return 1\n\nclass A: pass"}
	for _, src := range srcs {
		r := Tokenize("t", src)
		st := NewStream("t", src)
		var got []Token
		for {
			tk, err := st.Next()
			require.NoError(t, err)
			got = append(got, tk)
			if tk.Type == EOF {
				break
			}
		}
		assert.Equal(t, r.Tokens, got, "%q", src)
		assert.Equal(t, r.Err, st.Err())
	}
}

func TestParticipleDefinition(t *testing.T) {
	l, err := Default.LexString("t", "x = 1")
	require.NoError(t, err)
	var toks []Token
	for {
		tk, err := l.Next()
		require.NoError(t, err)
		toks = append(toks, tk)
		if tk.EOF() {
			break
		}
	}
	assert.Equal(t, "Name:x Op:= Number:1 NL EOF", render(toks))
	syms := Default.Symbols()
	assert.Equal(t, Name, syms["Name"])
	assert.Equal(t, EOF, syms["EOF"])
	l2, err := Default.LexBytes("t", []byte("y"))
	require.NoError(t, err)
	tk, _ := l2.Next()
	assert.Equal(t, "y", tk.Value)
	l3, err := Default.Lex("t", strings.NewReader("z"))
	require.NoError(t, err)
	tk, _ = l3.Next()
	assert.Equal(t, "z", tk.Value)
}

func TestComments(t *testing.T) {
	r := TokenizeWithComments("t", "# a\nx = 1  # b\n")
	require.Nil(t, r.Err)
	assert.Equal(t, "Comment:# a Name:x Op:= Number:1 Comment:# b NL EOF", render(r.Tokens))
}

func FuzzLexer(f *testing.F) {
	for _, s := range []string{
		"x = 1\n", "if x:\n    y\n", "f'{a!r:>{w}}'", "'''a\nb'''", "(1,\n2)", "0x1f 1e5 2j",
		"\tif x:\n  \ty", "f\"{x=}\"", "rb'\\x00'", "a\\\nb", "é = 1", "f'{f\"{x}\"}'", "}", "f'{'",
		"class A:\n\tdef f(self): return [i for i in x]\n",
		"match x:\n    case [a, *_] | {'k': a}: pass\n", "ﬁle = ℌ\n", "except* E:\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r := Tokenize("fuzz", src)
		if len(r.Tokens) == 0 || r.Tokens[len(r.Tokens)-1].Type != EOF {
			t.Fatalf("token stream does not end with EOF")
		}
		if (r.Err != nil) != (len(r.Tokens) >= 2 && r.Tokens[len(r.Tokens)-2].Type == ErrorToken) {
			t.Fatalf("error and ErrorToken disagree")
		}
		for _, tk := range r.Tokens {
			if tk.Pos.Line < 1 || tk.Pos.Column < 1 {
				t.Fatalf("bad position %v for %q", tk.Pos, tk.Value)
			}
		}
	})
}
