package parser

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasync/pyasync/lexer"
)

// This file holds the participle grammar. Every struct here is private and
// shaped by the grammar; lower.go turns them into ast nodes. Operator
// expressions are parsed by the precedence climber in climber.go, which
// participle calls through the interface types xExpr, xNamed, xDisj and
// xBitOr (registered with participle.ParseTypeWith).

// xNode is any expression node produced by the climber: an operator node
// from climber.go, a leaf, or a participle-parsed *pPrimary / *pLambda.
type xNode interface{ xnode() }

// The climber's entry points, one interface type per precedence level.
type (
	xExpr  interface{ xnode() } // expression: lambda, conditional and below
	xNamed interface{ xnode() } // named_expression: NAME ':=' expression | expression
	xDisj  interface{ xnode() } // disjunction: or-level, no conditional
	xBitOr interface{ xnode() } // bitwise_or: the operand of a star
)

// Statements and simple statements are dispatched on their first token by
// parseStmt and parseSmall, which run the matching participle sub-parser;
// star_expressions and target lists are parsed by the climber.
type (
	xStmt      interface{ xstmt() }
	xSmall     interface{ xsmall() }
	xSimple    interface{ xstmt() }
	xStmtList  interface{ xstmts() }
	xStarExprs interface{ xstars() }
	xTargets   interface{ xstars() }
)

// Custom productions that only look ahead (they never consume on success
// except indentMark) and raise specialised errors.
type (
	withParenCheck  interface{ withParen() }
	indentMark      interface{ indent() }
	tryMissing      interface{ tryMissing() }
	emptyFieldCheck interface{ emptyField() }
)

// pRoot and pCompoundRoot are never parsed: they only make every production
// reachable so that participle.ParserForProduction can hand out a
// sub-parser for each. They are two grammars so that a program starts
// parsing once the first (simple statements and expressions, ~55% of the
// build) is made and waits for the second only at its first compound
// statement (build, buildCompound).
type pRoot struct {
	Return    *pReturn    `parser:"  @@"`
	Raise     *pRaise     `parser:"| @@"`
	Global    *pGlobal    `parser:"| @@"`
	Nonlocal  *pNonlocal  `parser:"| @@"`
	Del       *pDel       `parser:"| @@"`
	Assert    *pAssert    `parser:"| @@"`
	Import    *pImport    `parser:"| @@"`
	From      *pFrom      `parser:"| @@"`
	Yield     *pYield     `parser:"| @@"`
	Atom      *pAtom      `parser:"| @@"`
	Comp      *pComp      `parser:"| @@"`
	Subscript *pSubParen  `parser:"| @@"`
	Lambda    *pLambda    `parser:"| @@"`
	Eval      *pEvalInput `parser:"| @@"`
}

// pCompoundRoot makes the compound statements reachable (see pRoot).
type pCompoundRoot struct {
	If        *pIf        `parser:"  @@"`
	While     *pWhile     `parser:"| @@"`
	For       *pFor       `parser:"| @@"`
	Try       *pTry       `parser:"| @@"`
	With      *pWith      `parser:"| @@"`
	Def       *pDef       `parser:"| @@"`
	Class     *pClass     `parser:"| @@"`
	Decorated *pDecorated `parser:"| @@"`
	Async     *pAsync     `parser:"| @@"`
	Block     *pBlock     `parser:"| @@"`
}

type pEvalInput struct {
	X xStarExprs `parser:"@@ Newline?"`
}

type pBlock struct {
	Simple xSimple    `parser:"  @@"`
	Indent indentMark `parser:"| Newline @@"`
	Stmts  xStmtList  `parser:"  @@ Dedent"`
}

type pIf struct {
	Pos   plexer.Position
	Test  xNamed   `parser:"'if' @@"`
	Body  *pBlock  `parser:"':' @@"`
	Elifs []*pElif `parser:"@@*"`
	Else  *pBlock  `parser:"('else' ':' @@)?"`
}

type pElif struct {
	Pos  plexer.Position
	Test xNamed  `parser:"'elif' @@"`
	Body *pBlock `parser:"':' @@"`
}

type pWhile struct {
	Pos  plexer.Position
	Test xNamed  `parser:"'while' @@"`
	Body *pBlock `parser:"':' @@"`
	Else *pBlock `parser:"('else' ':' @@)?"`
}

type pFor struct {
	Pos    plexer.Position
	Target xTargets   `parser:"'for' @@"`
	Iter   xStarExprs `parser:"'in' @@"`
	Body   *pBlock    `parser:"':' @@"`
	Else   *pBlock    `parser:"('else' ':' @@)?"`
}

type pTry struct {
	Pos      plexer.Position
	Body     *pBlock    `parser:"'try' ':' @@"`
	Handlers []*pExcept `parser:"( @@+"`
	Else     *pBlock    `parser:"  ('else' ':' @@)?"`
	Finally  *pBlock    `parser:"  ('finally' ':' @@)?"`
	OnlyFin  *pBlock    `parser:"| 'finally' ':' @@"`
	Missing  tryMissing `parser:"| @@ )"`
}

type pExcept struct {
	Pos  plexer.Position
	Star bool     `parser:"'except' @'*'?"`
	Type xExpr    `parser:"( @@"`
	Name xNameTok `parser:"  ('as' @@)? )?"`
	Body *pBlock  `parser:"':' @@"`
}

type pWith struct {
	Pos   plexer.Position
	Paren *pWithParen  `parser:"'with' ( @@"`
	Items []*pWithItem `parser:"| @@ (',' @@)* )"`
	Body  *pBlock      `parser:"':' @@"`
}

type pWithParen struct {
	Check withParenCheck `parser:"@@"`
	Items []*pWithItem   `parser:"'(' @@ (',' @@)* ','? ')'"`
}

type pWithItem struct {
	Ctx xExpr `parser:"@@"`
	// Star: `as *a`, which the grammar takes and the compiler refuses
	Star   *pStarTok `parser:"('as' @@?"`
	Target xBitOr    `parser:"@@)?"`
}

// pStarTok is a '*' whose position matters.
type pStarTok struct {
	Pos  plexer.Position
	Star bool `parser:"@'*'"`
}

type pDef struct {
	Pos     plexer.Position
	Name    xNameTok `parser:"'def' @@"`
	Params  *pParams `parser:"'(' @@? ')'"`
	Returns xExpr    `parser:"('->' @@)?"`
	Body    *pBlock  `parser:"':' @@"`
}

type pClass struct {
	Pos  plexer.Position
	Name xNameTok `parser:"'class' @@"`
	Args *pCall   `parser:"('(' @@ ')')?"`
	Body *pBlock  `parser:"':' @@"`
}

type pDecorated struct {
	Decorators []*pDecorator `parser:"@@+"`
	Def        *pDef         `parser:"( @@"`
	Class      *pClass       `parser:"| @@"`
	Async      *pAsyncDef    `parser:"| @@ )"`
}

type pDecorator struct {
	Pos plexer.Position
	X   xNamed `parser:"'@' @@ Newline"`
}

type pAsyncDef struct {
	Pos plexer.Position
	Def *pDef `parser:"'async' @@"`
}

type pAsync struct {
	Pos  plexer.Position
	Def  *pDef  `parser:"'async' ( @@"`
	For  *pFor  `parser:"| @@"`
	With *pWith `parser:"| @@ )"`
}

type pParams struct {
	Params []*pParam `parser:"@@ (',' @@)* ','?"`
}

type pParam struct {
	Pos    plexer.Position
	EndPos plexer.Position
	Slash  bool        `parser:"  @'/'"`
	Star   string      `parser:"| @('**' | '*')"`
	SBody  *pParamBody `parser:"  @@?"`
	Body   *pParamBody `parser:"| @@"`
}

type pParamBody struct {
	Pos     plexer.Position
	Name    xNameTok  `parser:"@@"`
	AnnStar *pStarImp `parser:"(':' @@?"` // *args: *Ts (PEP 646)
	Ann     xExpr     `parser:"  @@)?"`
	Default *pDefault `parser:"@@?"`
}

type pDefault struct {
	Pos plexer.Position
	X   xExpr `parser:"'=' @@"`
}

type pLambda struct {
	Pos    plexer.Position
	Params *pLParams `parser:"'lambda' @@?"`
	Body   xExpr     `parser:"':' @@"`
}

type pLParams struct {
	Params []*pLParam `parser:"@@ (',' @@)* ','?"`
}

type pLParam struct {
	Pos    plexer.Position
	EndPos plexer.Position
	Slash  bool         `parser:"  @'/'"`
	Star   string       `parser:"| @('**' | '*')"`
	SBody  *pLParamBody `parser:"  @@?"`
	Body   *pLParamBody `parser:"| @@"`
}

type pLParamBody struct {
	Pos     plexer.Position
	Name    xNameTok  `parser:"@@"`
	Default *pDefault `parser:"@@?"`
}

// pSimple is simple statements separated by ';' up to NEWLINE (parsed by
// parseSimple; each statement is dispatched by parseSmall).
type pSimple struct {
	Stmts []xSmall
}

// pKeywordStmt is pass, break or continue (built by parseSmall).
type pKeywordStmt struct {
	Pos plexer.Position
	Kw  string
}

type pReturn struct {
	Pos   plexer.Position
	Value xStarExprs `parser:"'return' @@?"`
}

type pRaise struct {
	Pos   plexer.Position
	Exc   xExpr `parser:"'raise' ( @@"`
	Cause xExpr `parser:"  ('from' @@)? )?"`
}

type pGlobal struct {
	Pos   plexer.Position
	Names []xNameTok `parser:"'global' @@ (',' @@)*"`
}

type pNonlocal struct {
	Pos   plexer.Position
	Names []xNameTok `parser:"'nonlocal' @@ (',' @@)*"`
}

type pDel struct {
	Pos     plexer.Position
	Targets xStarExprs `parser:"'del' @@"`
}

type pAssert struct {
	Pos  plexer.Position
	Test xExpr `parser:"'assert' @@"`
	Msg  xExpr `parser:"(',' @@)?"`
}

type pImport struct {
	Pos   plexer.Position
	Names []*pDotted `parser:"'import' @@ (',' @@)*"`
}

type pDotted struct {
	Pos  plexer.Position
	Name []xNameTok `parser:"@@ ('.' @@)*"`
	As   xNameTok   `parser:"('as' @@)?"`
}

type pFrom struct {
	Pos    plexer.Position
	Dots   []string     `parser:"'from' @('.' | '...')*"`
	Module []xNameTok   `parser:"(@@ ('.' @@)*)?"`
	Import *pImportPart `parser:"@@"`
}

type pImportPart struct {
	Pos      plexer.Position
	EndPos   plexer.Position
	Star     *pStarImp `parser:"'import' ( @@"`
	Paren    []*pAlias `parser:"| '(' @@ (',' @@)* ','? ')'"`
	Names    []*pAlias `parser:"| @@ (',' @@)* )"`
	Trailing bool      `parser:"@','?"`
}

type pStarImp struct {
	Pos  plexer.Position
	Star bool `parser:"@'*'"`
}

type pAlias struct {
	Pos  plexer.Position
	Name xNameTok `parser:"@@"`
	As   xNameTok `parser:"('as' @@)?"`
}

// pExprStmt is an expression statement, assignment, augmented or
// annotated assignment; the climber builds it (see exprStmt).
type pExprStmt struct {
	Pos      plexer.Position
	Lhs      *pRhs
	Ann      xExpr
	AnnValue *pRhs
	AugOp    string
	AugValue *pRhs
	Assign   []*pRhs
}

// pRhs is yield_expr | star_expressions.
type pRhs struct {
	Pos   plexer.Position
	Yield *pYield
	Exprs xStarExprs
}

type pYield struct {
	Pos   plexer.Position
	From  xExpr      `parser:"'yield' ( 'from' @@"`
	Value xStarExprs `parser:"| @@ )?"`
}

// pAtom is a bracketed or string atom (the climber builds names, numbers
// and constants itself).
type pAtom struct {
	Pos     plexer.Position
	EndPos  plexer.Position
	Paren   *pParen     `parser:"  '(' @@ ')'"`
	List    *pList      `parser:"| '[' @@ ']'"`
	Brace   *pBrace     `parser:"| '{' @@ '}'"`
	Strings []*pStrPart `parser:"| @@+"`
}

type pParen struct {
	Yield *pYield `parser:"( @@"`
	Items *pItems `parser:"| @@ )?"`
}

type pList struct {
	Items *pItems `parser:"@@?"`
}

type pItems struct {
	Pos      plexer.Position
	First    *pStarNamed   `parser:"@@"`
	Comp     []*pComp      `parser:"( @@+"`
	Rest     []*pStarNamed `parser:"| (',' @@)+ )?"`
	Trailing bool          `parser:"@','?"`
}

type pStarNamed struct {
	Pos  plexer.Position
	Star xBitOr `parser:"  '*' @@"`
	X    xNamed `parser:"| @@"`
}

type pBrace struct {
	Body *pBraceBody `parser:"@@?"`
}

type pBraceBody struct {
	Pos      plexer.Position
	First    *pBraceItem   `parser:"@@"`
	Comp     []*pComp      `parser:"( @@+"`
	Rest     []*pBraceItem `parser:"| (',' @@)+ )?"`
	Trailing bool          `parser:"@','?"`
}

type pBraceItem struct {
	Pos   plexer.Position
	DStar xBitOr      `parser:"  '**' @@"`
	Star  xBitOr      `parser:"| '*' @@"`
	Key   xNamed      `parser:"| @@"`
	Value *pDictValue `parser:"  @@?"`
}

type pDictValue struct {
	Pos plexer.Position
	X   xExpr `parser:"':' @@"`
}

type pComp struct {
	Pos    plexer.Position
	Async  bool     `parser:"@'async'?"`
	Target xTargets `parser:"'for' @@"`
	Iter   xDisj    `parser:"'in' @@"`
	Ifs    []xDisj  `parser:"('if' @@)*"`
}

// pSubParen is the subscript trailer; the climber parses the trailer loop
// and hands it to participle (calls it parses itself, into a pCall).

type pSubParen struct {
	Pos   plexer.Position
	Index *pSubscript `parser:"'[' @@ ']'"`
}

type pCall struct {
	EndPos   plexer.Position
	Args     []*pArg `parser:"( @@ (',' @@)*"`
	Trailing bool    `parser:"  @','? )?"`
}

type pArg struct {
	Pos     plexer.Position
	DStar   xExpr    `parser:"  '**' @@"`
	Star    xExpr    `parser:"| '*' @@"`
	KwName  *string  `parser:"| ( @Name '='"`
	KwValue xExpr    `parser:"    @@ )"`
	Value   xNamed   `parser:"| @@"`
	Comp    []*pComp `parser:"  @@*"`
}

type pSubscript struct {
	Items    []*pSlice `parser:"@@ (',' @@)*"`
	Trailing bool      `parser:"@','?"`
}

type pSlice struct {
	Pos   plexer.Position
	Star  xBitOr      `parser:"  '*' @@"`
	Tail0 *pSliceTail `parser:"| @@"`
	Lower xNamed      `parser:"| @@"`
	Tail  *pSliceTail `parser:"  @@?"`
}

type pSliceTail struct {
	Pos   plexer.Position
	Upper xExpr  `parser:"':' @@?"`
	Step  *pStep `parser:"@@?"`
}

type pStep struct {
	Step xExpr `parser:"':' @@?"`
}

type pStrPart struct {
	Pos plexer.Position
	Str *string   `parser:"  @String"`
	F   *pFString `parser:"| @@"`
}

type pFString struct {
	Pos   plexer.Position
	Start string    `parser:"@FStringStart"`
	Parts []*pFPart `parser:"@@* FStringEnd"`
}

type pFPart struct {
	Pos   plexer.Position
	Lit   *string `parser:"  @FStringMiddle"`
	Field *pField `parser:"| @@"`
}

type pField struct {
	Pos   plexer.Position
	Yield *pYield         `parser:"'{' ( @@"`
	X     xStarExprs      `parser:"| @@"`
	Empty emptyFieldCheck `parser:"| @@ )"`
	Eq    *pFEq           `parser:"@@?"`
	Conv  *pConv          `parser:"@@?"`
	Spec  *pSpec          `parser:"@@? '}'"`
}

type pFEq struct {
	Pos    plexer.Position
	EndPos plexer.Position
	Eq     bool `parser:"@'='"`
}

type pConv struct {
	Pos  plexer.Position
	Name string `parser:"'!' @(Name | Keyword)"`
}

type pSpec struct {
	Pos   plexer.Position
	Parts []*pFPart `parser:"':' @@*"`
}

// sub is a participle sub-parser for one production, run on the shared
// token stream.
type sub[T any] struct{ p *participle.Parser[T] }

func (s sub[T]) parse(lex *plexer.PeekingLexer) (*T, error) {
	return s.p.ParseFromLexer(lex, allowTrailing)
}

func mustSub[T, R any](root *participle.Parser[R]) sub[T] {
	p, err := participle.ParserForProduction[T](root)
	if err != nil {
		panic(err)
	}
	return sub[T]{p}
}

var (
	buildOnce         sync.Once
	buildCompoundOnce sync.Once
	allowTrailing     = participle.AllowTrailing(true)

	ifP        sub[pIf]
	whileP     sub[pWhile]
	forP       sub[pFor]
	tryP       sub[pTry]
	withP      sub[pWith]
	defP       sub[pDef]
	classP     sub[pClass]
	decoratedP sub[pDecorated]
	asyncP     sub[pAsync]
	returnP    sub[pReturn]
	raiseP     sub[pRaise]
	globalP    sub[pGlobal]
	nonlocalP  sub[pNonlocal]
	delP       sub[pDel]
	assertP    sub[pAssert]
	importP    sub[pImport]
	fromP      sub[pFrom]
	yieldP     sub[pYield]
	atomP      sub[pAtom]
	compP      sub[pComp]
	subscriptP sub[pSubParen]
	lambdaP    sub[pLambda]
	evalP      sub[pEvalInput]
	blockP     sub[pBlock]
)

// Prepare starts building the grammar on its own goroutine, unless it is
// built or being built already: the build takes ~3–4 ms of CPU (participle
// reads every struct tag), and started early it overlaps other start-up
// work on a second core. The grammar of simple statements and expressions
// comes first; a parse waits for it in build, its first compound statement
// for the rest in buildCompound (sync.Once blocks until the running Do
// returns). Without Prepare, the first parse builds what it needs itself,
// so a process that never parses (its programs all come from a code cache
// or the precompiled standard library) never builds the grammar.
func Prepare() {
	prepareOnce.Do(func() {
		go func() {
			build()
			buildCompound()
		}()
	})
}

var prepareOnce sync.Once

// build constructs the participle parsers of simple statements and
// expressions once; they are safe for concurrent use afterwards (participle
// keeps all per-parse state in its parse context).
func build() {
	buildOnce.Do(func() {
		root := newRoot()
		returnP = mustSub[pReturn](root)
		raiseP = mustSub[pRaise](root)
		globalP = mustSub[pGlobal](root)
		nonlocalP = mustSub[pNonlocal](root)
		delP = mustSub[pDel](root)
		assertP = mustSub[pAssert](root)
		importP = mustSub[pImport](root)
		fromP = mustSub[pFrom](root)
		yieldP = mustSub[pYield](root)
		atomP = mustSub[pAtom](root)
		compP = mustSub[pComp](root)
		subscriptP = mustSub[pSubParen](root)
		lambdaP = mustSub[pLambda](root)
		evalP = mustSub[pEvalInput](root)
	})
}

// buildCompound constructs the parsers of compound statements once (as
// build does the others).
func buildCompound() {
	buildCompoundOnce.Do(func() {
		root := newCompoundRoot()
		ifP = mustSub[pIf](root)
		whileP = mustSub[pWhile](root)
		forP = mustSub[pFor](root)
		tryP = mustSub[pTry](root)
		withP = mustSub[pWith](root)
		defP = mustSub[pDef](root)
		classP = mustSub[pClass](root)
		decoratedP = mustSub[pDecorated](root)
		asyncP = mustSub[pAsync](root)
		blockP = mustSub[pBlock](root)
	})
}

// newRoot builds participle's parser for simple statements and
// expressions (the costly part of build: participle reads every struct tag
// reachable from pRoot).
func newRoot() *participle.Parser[pRoot] {
	return participle.MustBuild[pRoot](grammarOptions()...)
}

// newCompoundRoot builds participle's parser for compound statements.
func newCompoundRoot() *participle.Parser[pCompoundRoot] {
	return participle.MustBuild[pCompoundRoot](grammarOptions()...)
}

// grammarOptions are the options both grammars are built with.
func grammarOptions() []participle.Option {
	return []participle.Option{
		participle.Lexer(lexer.Default),
		participle.UseLookahead(2),
		participle.ParseTypeWith(parseXExpr),
		participle.ParseTypeWith(parseXNamed),
		participle.ParseTypeWith(parseXDisj),
		participle.ParseTypeWith(parseXBitOr),
		participle.ParseTypeWith(parseXStarExprs),
		participle.ParseTypeWith(parseXTargets),
		participle.ParseTypeWith(parseStmtList),
		participle.ParseTypeWith(parseSimple),
		participle.ParseTypeWith(parseWithParenCheck),
		participle.ParseTypeWith(parseIndentMark),
		participle.ParseTypeWith(parseTryMissing),
		participle.ParseTypeWith(parseEmptyField),
		participle.ParseTypeWith(parseNameTok),
	}
}
