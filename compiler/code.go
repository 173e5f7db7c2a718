package compiler

import "sort"

// Code is a compiled function, class body, comprehension or module: the unit
// the VM executes. It holds only Go values, so the compiler does not depend on
// the VM; the VM converts Consts into its own values once per Code.
type Code struct {
	Name      string // function name, "<module>", "<lambda>", "<listcomp>", ...
	QualName  string // dotted qualified name, e.g. "C.method.<locals>.inner"
	Filename  string
	FirstLine int

	Instrs []Instr
	// Consts holds: nil (None), bool, int64, *big.Int (only when it does not fit
	// int64; math/big), float64, complex128, string (str), Bytes, Ellipsis, *Code, ConstTuple.
	Consts []any
	Names  []string // attribute, global and imported names

	// Local variable slots: VarNames (parameters first, in order: positional,
	// keyword-only, *args, **kwargs), then CellVars, then FreeVars. A name that
	// is both a parameter and captured appears in VarNames and CellVars; the
	// compiler copies the argument into the cell at function start
	// (MAKE_CELL cell; LOAD_FAST param; STORE_DEREF cell).
	VarNames []string
	CellVars []string
	FreeVars []string

	ArgCount     int // positional parameters, including positional-only
	PosOnlyCount int
	KwOnlyCount  int
	Flags        CodeFlags
	StackSize    int // maximum operand-stack depth
	Lines        []LineEntry
	// Spans holds, per instruction, where the expression that made it
	// starts (column) and ends (see SpanFor).
	Spans          []Span
	ExceptionTable []ExceptionEntry
	// Docstring is the first statement's string literal, if any.
	Docstring *string
}

// Bytes is a bytes constant.
type Bytes []byte

// Ellipsis is the "..." constant.
type Ellipsis struct{}

// ConstTuple is a tuple constant (for KW_NAMES and folded tuples).
type ConstTuple []any

// ConstFrozenSet is a frozenset constant holding its items in source order
// (the operand of SET_UPDATE for a constant set display, like CPython's).
type ConstFrozenSet []any

// CodeFlags describe a Code.
type CodeFlags uint32

// Code flags.
const (
	FlagVarArgs           CodeFlags = 1 << iota // has *args
	FlagVarKw                                   // has **kwargs
	FlagGenerator                               // contains yield: calling it makes a generator
	FlagCoroutine                               // async def without yield
	FlagAsyncGen                                // async def with yield
	FlagNested                                  // a function defined inside another function
	FlagClassBody                               // a class body: names live in a locals dict
	FlagModule                                  // module-level code
	FlagTopLevelAwait                           // module code compiled for the REPL with await allowed
	FlagFutureAnnotations                       // compiled under `from __future__ import annotations`
	FlagIterableCoroutine                       // a generator usable with await (types.coroutine)
)

// LineEntry maps the instructions from PC up to the next entry to Line and
// Col (1-based; Col 0 if unknown).
type LineEntry struct {
	PC   int
	Line int
	Col  int
}

// ExceptionEntry says (entries are sorted by Start and never overlap; the
// innermost handler of an instruction is the one recorded for it): an exception raised by an instruction in [Start, End)
// pops the operand stack down to Depth items, pushes the exception and jumps
// to Target.
type ExceptionEntry struct {
	Start, End int
	Target     int
	Depth      int
}

// NLocals is the number of plain local slots.
func (c *Code) NLocals() int { return len(c.VarNames) }

// NSlots is the number of local slots including cells and free variables.
func (c *Code) NSlots() int { return len(c.VarNames) + len(c.CellVars) + len(c.FreeVars) }

// SlotName returns the name of local slot i (a VarName, CellVar or FreeVar).
func (c *Code) SlotName(i int) string {
	if i < len(c.VarNames) {
		return c.VarNames[i]
	}
	i -= len(c.VarNames)
	if i < len(c.CellVars) {
		return c.CellVars[i]
	}
	return c.FreeVars[i-len(c.CellVars)]
}

// LineFor returns the source line and column of the instruction at pc.
func (c *Code) LineFor(pc int) (line, col int) {
	i := sort.Search(len(c.Lines), func(i int) bool { return c.Lines[i].PC > pc }) - 1
	if i < 0 {
		return c.FirstLine, 0
	}
	return c.Lines[i].Line, c.Lines[i].Col
}

// Span is the source extent of one instruction: its line is in Lines; Col
// is its first column, EndLine/EndCol (1-based, exclusive) its end, with
// EndLine 0 when unknown.
type Span struct {
	Col, EndLine, EndCol int32
}

// SpanFor returns the extent of the instruction at pc: start line and
// column, end line and column (end line 0 when unknown).
func (c *Code) SpanFor(pc int) (line, col, endLine, endCol int) {
	line, _ = c.LineFor(pc)
	if pc < 0 || pc >= len(c.Spans) {
		return line, 0, 0, 0
	}
	s := c.Spans[pc]
	return line, int(s.Col), int(s.EndLine), int(s.EndCol)
}

// HandlerFor returns the exception-table entry covering pc, if any.
func (c *Code) HandlerFor(pc int) (ExceptionEntry, bool) {
	t := c.ExceptionTable
	i := sort.Search(len(t), func(i int) bool { return t[i].End > pc })
	if i < len(t) && t[i].Start <= pc {
		return t[i], true
	}
	return ExceptionEntry{}, false
}
