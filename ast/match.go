package ast

// This file holds the nodes of match statements (PEP 634) and of try
// statements with except* clauses (PEP 654), shaped like Python's ast.

// Match is "match Subject:" followed by its case blocks.
type Match struct {
	Pos
	Subject Expr
	Cases   []*MatchCase
}

// MatchCase is "case Pattern [if Guard]: Body".
type MatchCase struct {
	Pattern Pattern
	Guard   Expr
	Body    []Stmt
}

// Pattern is a pattern node of a case clause.
type Pattern interface {
	Node
	patternNode()
}

// MatchValue matches by equality: a literal number or string (possibly
// negative or complex, a UnaryOp/BinOp over literals) or a dotted name.
type MatchValue struct {
	Pos
	Value Expr
}

// MatchSingleton matches None, True or False by identity; Value is a
// *NoneLit or *Bool.
type MatchSingleton struct {
	Pos
	Value Expr
}

// MatchSequence is [p, ...] or (p, ...) or an open "p, q" pattern; at most
// one element is a *MatchStar.
type MatchSequence struct {
	Pos
	Patterns []Pattern
}

// MatchMapping is {key: pattern, ..., **Rest}; Rest is "" when absent.
type MatchMapping struct {
	Pos
	Keys     []Expr
	Patterns []Pattern
	Rest     string
}

// MatchClass is Cls(Patterns..., KwdAttrs[i]=KwdPatterns[i]...).
type MatchClass struct {
	Pos
	Cls         Expr
	Patterns    []Pattern
	KwdAttrs    []string
	KwdPatterns []Pattern
}

// MatchStar is *Name inside a sequence pattern ("" for *_).
type MatchStar struct {
	Pos
	Name string
}

// MatchAs is "Pattern as Name", a capture (Pattern nil) or the wildcard _
// (Pattern nil, Name "").
type MatchAs struct {
	Pos
	Pattern Pattern
	Name    string
}

// MatchOr is p1 | p2 | ...
type MatchOr struct {
	Pos
	Patterns []Pattern
}

// TryStar is try with except* clauses; its fields mean what Try's do.
type TryStar struct {
	Pos
	Body      []Stmt
	Handlers  []*ExceptHandler
	OrElse    []Stmt
	Finalbody []Stmt
}

func (*Match) stmtNode()   {}
func (*TryStar) stmtNode() {}

func (*MatchValue) patternNode()     {}
func (*MatchSingleton) patternNode() {}
func (*MatchSequence) patternNode()  {}
func (*MatchMapping) patternNode()   {}
func (*MatchClass) patternNode()     {}
func (*MatchStar) patternNode()      {}
func (*MatchAs) patternNode()        {}
func (*MatchOr) patternNode()        {}
