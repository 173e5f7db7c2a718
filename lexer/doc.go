// Package lexer is pyasync's hand-written Python 3.11 tokenizer, usable as a
// participle v2 lexer.
//
// It produces NEWLINE, INDENT and DEDENT tokens from an indentation stack
// (with CPython's tab/space consistency check, TabError), skips comments and
// blank lines, joins lines inside (), [] and {} and after a backslash, and
// emits keywords as Keyword tokens (soft keywords such as match, case and type
// stay Name tokens). Numbers (decimal, hex, octal, binary, underscores,
// floats, imaginary) and strings (all quote forms and r/b/u/f prefixes in any
// case) are checked the way CPython's tokenizer checks them, with the same
// messages and columns ("invalid decimal literal", "unterminated string
// literal (detected at line N)", "'(' was never closed", ...). String and
// number tokens keep their source text; the parser decodes them.
//
// f-strings are tokenized as Python 3.12 does (PEP 701): FStringStart, then
// FStringMiddle literal parts and the ordinary tokens of each replacement
// field between Op "{" and Op "}", with "!", ":" and "=" at the field's own
// bracket level as Op tokens; after ":" the format spec is again
// FStringMiddle parts and nested fields; FStringEnd closes the string. A
// mode stack (f-string text, replacement field, format spec) makes nesting
// work, and every token has its real line and column.
//
// # Plugging into participle
//
// Definition implements participle's lexer.Definition plus the LexString and
// LexBytes fast paths. Lexing errors are not returned from Lex: the token
// stream instead ends with an ErrorToken (then EOF) where lexing failed, and
// the *Error is available from the returned lexer. This lets the parser
// report an earlier syntax error first and decide, as CPython does, which of
// the two errors wins. Tokenize returns the whole slice; Stream produces
// tokens on demand (participle copies them into its PeekingLexer anyway, so
// the parser uses Stream to avoid a second copy).
//
// Positions are 1-based lines and 1-based columns counted in code points.
// "\r\n" and "\r" line endings are normalised to "\n" first (Result.Src and
// Stream.Src return the normalised text the offsets refer to).
//
// # Limitations
//
// Identifiers are not NFKC-normalised, and the identifier character classes
// approximate XID_Start/XID_Continue with Go's unicode tables. Inside
// f-string replacement fields the same quote as the enclosing string is
// rejected, as in 3.11, but backslashes are allowed (3.12 behaviour).
package lexer
