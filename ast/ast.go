// Package ast declares the syntax tree of pyasync programs.
//
// The tree mirrors Python's own ast module closely (same node names, same
// shapes) so that Python's documentation doubles as the reference for it. The
// parser produces it; the compiler consumes it. Every node carries the
// position of its first token.
package ast

import (
	"fmt"
	"math/big"
)

// Pos is a source position: a 1-based line and a 1-based column counted in
// code points.
type Pos struct {
	Line int
	Col  int
}

// String formats the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Node is implemented by every syntax-tree node.
type Node interface {
	Position() Pos
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// Module is a parsed source file.
type Module struct {
	Filename string
	Body     []Stmt
	// Warnings are the SyntaxWarnings found while reading the source
	// (the compiler issues them before its own).
	Warnings []Warning
}

// Warning is a compile-time warning of the tokenizer or parser: a
// SyntaxWarning unless Category names another ("DeprecationWarning" for an
// invalid escape sequence).
type Warning struct {
	Line     int
	Msg      string
	Category string
}

// Kind is the warning's category name.
func (w Warning) Kind() string {
	if w.Category == "" {
		return "SyntaxWarning"
	}
	return w.Category
}

// Operator is a binary or augmented-assignment operator.
type Operator int

// The binary operators.
const (
	Add Operator = iota
	Sub
	Mult
	MatMult
	Div
	FloorDiv
	Mod
	Pow
	LShift
	RShift
	BitOr
	BitXor
	BitAnd
)

var operatorText = [...]string{"+", "-", "*", "@", "/", "//", "%", "**", "<<", ">>", "|", "^", "&"}

// String returns the operator's source text, e.g. "//".
func (o Operator) String() string { return operatorText[o] }

// UnaryOperator is a prefix operator.
type UnaryOperator int

// The unary operators.
const (
	Invert UnaryOperator = iota // ~
	Not                         // not
	UAdd                        // +
	USub                        // -
)

var unaryText = [...]string{"~", "not", "+", "-"}

// String returns the operator's source text.
func (o UnaryOperator) String() string { return unaryText[o] }

// BoolOperator is "and" or "or".
type BoolOperator int

// The boolean operators.
const (
	And BoolOperator = iota
	Or
)

// CmpOp is a comparison operator.
type CmpOp int

// The comparison operators.
const (
	Eq CmpOp = iota
	NotEq
	Lt
	LtE
	Gt
	GtE
	Is
	IsNot
	In
	NotIn
)

var cmpText = [...]string{"==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in"}

// String returns the operator's source text.
func (o CmpOp) String() string { return cmpText[o] }

// ---- Expressions ----

// Name is an identifier used as a value or a target.
type Name struct {
	Pos
	Id string
}

// Int is an integer literal.
type Int struct {
	Pos
	Value *big.Int
}

// Float is a floating-point literal.
type Float struct {
	Pos
	Value float64
}

// Imag is an imaginary literal such as 2j (complex numbers are not supported
// by the runtime; the compiler reports it).
type Imag struct {
	Pos
	Value float64
}

// Str is a string literal (after concatenation of adjacent literals).
type Str struct {
	Pos
	Value string
}

// Bytes is a bytes literal; Value holds the raw bytes.
type Bytes struct {
	Pos
	Value string
}

// NoneLit is the literal None.
type NoneLit struct{ Pos }

// Bool is True or False.
type Bool struct {
	Pos
	Value bool
}

// EllipsisLit is the literal "...".
type EllipsisLit struct{ Pos }

// JoinedStr is an f-string: a concatenation of Str and FormattedValue parts.
type JoinedStr struct {
	Pos
	Values []Expr
}

// FormattedValue is one {expr!c:spec} field of an f-string. Conversion is 0,
// 'r', 's' or 'a'. Spec is nil when there is no format spec. The parser
// lowers the "=" form into a Str part followed by a FormattedValue.
type FormattedValue struct {
	Pos
	Value      Expr
	Conversion rune
	Spec       *JoinedStr
}

// BinOp is "Left Op Right".
type BinOp struct {
	Pos
	Left  Expr
	Op    Operator
	Right Expr
}

// UnaryOp is "Op Operand".
type UnaryOp struct {
	Pos
	Op      UnaryOperator
	Operand Expr
}

// BoolOp is a chain of "and" or "or".
type BoolOp struct {
	Pos
	Op     BoolOperator
	Values []Expr
}

// Compare is a (possibly chained) comparison: Left Ops[0] Comparators[0] ...
type Compare struct {
	Pos
	Left        Expr
	Ops         []CmpOp
	Comparators []Expr
}

// IfExp is "Body if Test else OrElse".
type IfExp struct {
	Pos
	Test   Expr
	Body   Expr
	OrElse Expr
}

// Lambda is "lambda Args: Body".
type Lambda struct {
	Pos
	Args *Arguments
	Body Expr
}

// NamedExpr is "Target := Value".
type NamedExpr struct {
	Pos
	Target *Name
	Value  Expr
}

// Keyword is a keyword argument "Arg=Value", or "**Value" when Arg is "".
type Keyword struct {
	Pos
	Arg   string
	Value Expr
}

// Call is "Func(Args..., Keywords...)". Args may contain *Starred.
type Call struct {
	Pos
	Func     Expr
	Args     []Expr
	Keywords []*Keyword
}

// Attribute is "Value.Attr".
type Attribute struct {
	Pos
	Value Expr
	Attr  string
}

// Subscript is "Value[Index]". Index may be a *Slice, or a *Tuple holding
// slices.
type Subscript struct {
	Pos
	Value Expr
	Index Expr
}

// Slice is "Lower:Upper:Step" inside a subscript; each part may be nil.
type Slice struct {
	Pos
	Lower, Upper, Step Expr
}

// Starred is "*Value" in a display, call or assignment target.
type Starred struct {
	Pos
	Value Expr
}

// Tuple is a tuple display or target.
type Tuple struct {
	Pos
	Elts []Expr
}

// List is a list display or target.
type List struct {
	Pos
	Elts []Expr
}

// Set is a set display.
type Set struct {
	Pos
	Elts []Expr
}

// Dict is a dict display. A nil key means "**Values[i]".
type Dict struct {
	Pos
	Keys   []Expr
	Values []Expr
}

// Comprehension is one "for Target in Iter if Ifs..." clause.
type Comprehension struct {
	Target  Expr
	Iter    Expr
	Ifs     []Expr
	IsAsync bool
}

// ListComp is "[Elt for ...]".
type ListComp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}

// SetComp is "{Elt for ...}".
type SetComp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}

// DictComp is "{Key: Value for ...}".
type DictComp struct {
	Pos
	Key, Value Expr
	Generators []*Comprehension
}

// GeneratorExp is "(Elt for ...)".
type GeneratorExp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}

// Await is "await Value".
type Await struct {
	Pos
	Value Expr
}

// Yield is "yield Value" (Value may be nil).
type Yield struct {
	Pos
	Value Expr
}

// YieldFrom is "yield from Value".
type YieldFrom struct {
	Pos
	Value Expr
}

// ---- Statements ----

// ExprStmt is an expression evaluated for its effect.
type ExprStmt struct {
	Pos
	Value Expr
}

// Assign is "Targets[0] = Targets[1] = ... = Value".
type Assign struct {
	Pos
	Targets []Expr
	Value   Expr
}

// AugAssign is "Target Op= Value".
type AugAssign struct {
	Pos
	Target Expr
	Op     Operator
	Value  Expr
}

// AnnAssign is "Target: Annotation [= Value]".
type AnnAssign struct {
	Pos
	Target     Expr
	Annotation Expr
	Value      Expr
}

// Delete is "del Targets".
type Delete struct {
	Pos
	Targets []Expr
}

// Pass is "pass".
type Pass struct{ Pos }

// Break is "break".
type Break struct{ Pos }

// Continue is "continue".
type Continue struct{ Pos }

// Return is "return [Value]".
type Return struct {
	Pos
	Value Expr
}

// Global is "global Names".
type Global struct {
	Pos
	Names []string
}

// Nonlocal is "nonlocal Names".
type Nonlocal struct {
	Pos
	Names []string
}

// If is "if Test: Body else: OrElse"; elif chains nest in OrElse.
type If struct {
	Pos
	Test   Expr
	Body   []Stmt
	OrElse []Stmt
}

// While is "while Test: Body else: OrElse".
type While struct {
	Pos
	Test   Expr
	Body   []Stmt
	OrElse []Stmt
}

// For is "[async] for Target in Iter: Body else: OrElse".
type For struct {
	Pos
	Target  Expr
	Iter    Expr
	Body    []Stmt
	OrElse  []Stmt
	IsAsync bool
}

// ExceptHandler is one "except [Type [as Name]]: Body" clause.
type ExceptHandler struct {
	Pos
	Type Expr
	Name string
	Body []Stmt
}

// Try is try/except/else/finally.
type Try struct {
	Pos
	Body      []Stmt
	Handlers  []*ExceptHandler
	OrElse    []Stmt
	Finalbody []Stmt
}

// Raise is "raise [Exc [from Cause]]".
type Raise struct {
	Pos
	Exc   Expr
	Cause Expr
}

// Assert is "assert Test[, Msg]".
type Assert struct {
	Pos
	Test Expr
	Msg  Expr
}

// WithItem is one "Context [as Vars]" of a with statement.
type WithItem struct {
	Context Expr
	Vars    Expr
}

// With is "[async] with Items: Body".
type With struct {
	Pos
	Items   []*WithItem
	Body    []Stmt
	IsAsync bool
}

// Arg is one parameter.
type Arg struct {
	Pos
	Name       string
	Annotation Expr
}

// Arguments is a parameter list:
//
//	def f(PosOnly..., /, Args..., *Vararg, KwOnly..., **Kwarg)
//
// Defaults holds the defaults of the last len(Defaults) of PosOnly+Args.
// KwDefaults is parallel to KwOnly, nil where there is no default.
type Arguments struct {
	PosOnly    []*Arg
	Args       []*Arg
	Vararg     *Arg
	KwOnly     []*Arg
	KwDefaults []Expr
	Kwarg      *Arg
	Defaults   []Expr
}

// FunctionDef is "[async] def Name(Args) -> Returns: Body".
type FunctionDef struct {
	Pos
	Name       string
	Args       *Arguments
	Body       []Stmt
	Decorators []Expr
	Returns    Expr
	IsAsync    bool
}

// ClassDef is "class Name(Bases, Keywords): Body".
type ClassDef struct {
	Pos
	Name       string
	Bases      []Expr
	Keywords   []*Keyword
	Body       []Stmt
	Decorators []Expr
}

// Alias is "Name [as AsName]" in an import; Name may be dotted, or "*".
type Alias struct {
	Pos
	Name   string
	AsName string
}

// Import is "import Names".
type Import struct {
	Pos
	Names []*Alias
}

// ImportFrom is "from [.*Level]Module import Names".
type ImportFrom struct {
	Pos
	Module string
	Names  []*Alias
	Level  int
}

func (*Name) exprNode()           {}
func (*Int) exprNode()            {}
func (*Float) exprNode()          {}
func (*Imag) exprNode()           {}
func (*Str) exprNode()            {}
func (*Bytes) exprNode()          {}
func (*NoneLit) exprNode()        {}
func (*Bool) exprNode()           {}
func (*EllipsisLit) exprNode()    {}
func (*JoinedStr) exprNode()      {}
func (*FormattedValue) exprNode() {}
func (*BinOp) exprNode()          {}
func (*UnaryOp) exprNode()        {}
func (*BoolOp) exprNode()         {}
func (*Compare) exprNode()        {}
func (*IfExp) exprNode()          {}
func (*Lambda) exprNode()         {}
func (*NamedExpr) exprNode()      {}
func (*Call) exprNode()           {}
func (*Attribute) exprNode()      {}
func (*Subscript) exprNode()      {}
func (*Slice) exprNode()          {}
func (*Starred) exprNode()        {}
func (*Tuple) exprNode()          {}
func (*List) exprNode()           {}
func (*Set) exprNode()            {}
func (*Dict) exprNode()           {}
func (*ListComp) exprNode()       {}
func (*SetComp) exprNode()        {}
func (*DictComp) exprNode()       {}
func (*GeneratorExp) exprNode()   {}
func (*Await) exprNode()          {}
func (*Yield) exprNode()          {}
func (*YieldFrom) exprNode()      {}

func (*ExprStmt) stmtNode()    {}
func (*Assign) stmtNode()      {}
func (*AugAssign) stmtNode()   {}
func (*AnnAssign) stmtNode()   {}
func (*Delete) stmtNode()      {}
func (*Pass) stmtNode()        {}
func (*Break) stmtNode()       {}
func (*Continue) stmtNode()    {}
func (*Return) stmtNode()      {}
func (*Global) stmtNode()      {}
func (*Nonlocal) stmtNode()    {}
func (*If) stmtNode()          {}
func (*While) stmtNode()       {}
func (*For) stmtNode()         {}
func (*Try) stmtNode()         {}
func (*Raise) stmtNode()       {}
func (*Assert) stmtNode()      {}
func (*With) stmtNode()        {}
func (*FunctionDef) stmtNode() {}
func (*ClassDef) stmtNode()    {}
func (*Import) stmtNode()      {}
func (*ImportFrom) stmtNode()  {}

// Position returns the node's position. Every node embeds Pos, so this one
// method serves them all.
func (p Pos) Position() Pos { return p }
