// Package parser parses pyasync (Python 3.11) source into the ast package's
// tree.
//
// # API
//
// Parse parses a module, ParseExpr an expression (as eval does), and
// IsIncomplete tells a REPL whether an error only means that the input ended
// early. Every error is an *ast.SyntaxError with CPython's kind, message,
// line, column and source line. The parser is built once, lazily, and is safe
// for concurrent use.
//
// # Design
//
// Participle v2 (with the hand-written lexer from package lexer) is the
// backbone: every statement form (if/while/for/try/with/def/class, decorators,
// async forms, return/raise/global/nonlocal/del/assert/import/from), atoms
// (parenthesised forms, list/dict/set displays and comprehensions, string
// and f-string literals), comprehension clauses, subscripts and slices,
// lambdas and parameter lists are participle grammar structs (grammar.go),
// parsed with UseLookahead(2).
//
// Three things are hand-written because participle fights them:
//
//   - Operators. participle cannot do left recursion, and one struct per
//     precedence level was slow and blamed the wrong tokens. A precedence
//     climber (climber.go) handles lambda, conditional expressions,
//     or/and/not, chained comparisons, the binary operators, unary operators,
//     ** and await, plus the trailer loop of primaries (attribute, call
//     arguments, subscripts), star_expressions lists and target lists. It is
//     registered with participle.ParseTypeWith for the interface types xExpr,
//     xNamed, xDisj, xBitOr, xStarExprs and xTargets, runs on participle's own
//     PeekingLexer, and hands atoms, subscripts, comprehension clauses, yield
//     and lambda back to participle sub-parsers (ParserForProduction +
//     ParseFromLexer) on the same token stream.
//   - Dispatch. Statements and simple statements are dispatched on their
//     first token (parseStmt, parseSmall) to the matching participle
//     sub-parser rather than trying every alternative in turn; expression
//     statements and assignments are recognised by the climber.
//   - Look-ahead checks that need more than participle offers: the
//     parenthesised with form, "expected an indented block after ...",
//     "expected 'except' or 'finally' block", empty f-string fields and the
//     unsupported match and type statements.
//
// The cut: participle silently backtracks a failure within the lookahead of
// an optional group and then reports an outer token. Once the climber has
// consumed an operator (or a statement's first keyword has chosen its
// production), a missing operand is a definite error, so the code panics with
// a private *failure value, recovered only by Parse/ParseExpr and turned into
// the SyntaxError. For generic "invalid syntax" errors the caret goes, as in
// CPython, on the furthest token the parser looked at: the climber records
// that in a per-parse tracker (found from the PeekingLexer's shared token
// slice) and Parse takes the further of it and participle's error token.
// Tokenizer errors then win over parser SyntaxErrors under CPython's rules
// (an unclosed bracket only when the parser got that far or the bracket is on
// an earlier line).
//
// The grammar structs are lowered into ast (lower.go, strings.go), which is
// also where CPython's tree-shape checks live: invalid assignment, deletion,
// augmented-assignment and annotation targets, multiple or misplaced starred
// expressions, parameter order and duplicates, call-argument order, repeated
// keywords, unparenthesised generator arguments, bytes/str mixing, string
// escape decoding, and the f-string "=" form (lowered to a Str with the
// source text followed by a FormattedValue with conversion 'r' unless a
// conversion or spec is given).
//
// Tests compare whole trees, positions included, with CPython's ast for the
// shared conformance and bench programs and for testdata/parse (committed
// goldens, regenerated with testdata/gen_golden.sh); error kinds, messages
// and caret positions are compared with CPython's for every program in
// testdata/errors.txt (golden from testdata/gen_errors.py).
//
// # Limitations
//
//   - match statements, type aliases, except* and PEP 695 generics are
//     rejected with a SyntaxError naming the construct.
//   - \N{...} escapes are rejected (Go has no Unicode name table), and lone
//     surrogates such as "\ud800" cannot be represented in Go strings (they
//     become U+FFFD).
//   - Messages follow CPython 3.11 for the common errors; some of its rarer
//     specialised messages come out as "invalid syntax" (with the caret in
//     the right place), and errors inside f-strings use 3.12-style positions.
//   - Scope checks (return/yield/await outside a function, break outside a
//     loop, nonlocal) are left to the compiler.
package parser
