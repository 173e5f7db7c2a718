package compiler

import "fmt"

// Opcode is a bytecode operation. An instruction is a uint32: the low 8 bits
// are the opcode, the high 24 bits its argument (see Instr, Op and Arg).
//
// Stack effects are written [before] -> [after], top of stack rightmost.
// "label" arguments are absolute instruction indexes. The interpreter checks
// for pending work (event loop, cancellation) on backward jumps and calls.
type Opcode uint8

// The opcodes.
const (
	NOP Opcode = iota

	// ---- stack manipulation ----
	POP_TOP // [x] -> []
	COPY    // arg n>=1: [.. x(n) ..] -> [.. x(n) .. x]   (COPY 1 duplicates TOS)
	SWAP    // arg n>=2: swap TOS with the n-th item (SWAP 2 swaps the top two)

	// ---- constants and names ----
	LOAD_CONST      // arg consti: [] -> [Consts[i]]
	LOAD_FAST       // arg slot: [] -> [locals[i]]; UnboundLocalError if unbound
	STORE_FAST      // arg slot: [x] -> []
	DELETE_FAST     // arg slot: unbinds; UnboundLocalError if unbound
	LOAD_DEREF      // arg slot (absolute index of a cell/free slot, >= len(VarNames)): [] -> [cell contents]; NameError / UnboundLocalError ("cannot access free variable 'x' where it is not associated with a value in enclosing scope") if empty
	STORE_DEREF     // arg slot: [x] -> []
	DELETE_DEREF    // arg slot
	LOAD_CLASSDEREF // arg slot: in a class body, a free variable: look in the class namespace first (name = the slot's name), then the cell
	LOAD_CLOSURE    // arg slot: [] -> [the cell object in the slot itself] (for closure tuples and __classcell__)
	MAKE_CELL       // arg slot: replace the slot's value v by a new cell holding v (or an empty cell if unbound); emitted at function start for each CellVar. For a captured parameter (a name in both VarNames and CellVars) the compiler follows it with LOAD_FAST param-slot; STORE_DEREF cell-slot, so the VM need not copy the argument itself
	LOAD_GLOBAL     // arg namei: [] -> [globals[Names[i]] or builtins[Names[i]]]; NameError "name 'x' is not defined"
	STORE_GLOBAL    // arg namei: [x] -> []
	DELETE_GLOBAL   // arg namei
	LOAD_NAME       // arg namei: locals dict (class body), then globals, then builtins
	STORE_NAME      // arg namei: [x] -> [] into the locals dict
	DELETE_NAME     // arg namei

	// ---- attributes and items ----
	LOAD_ATTR     // arg namei: [obj] -> [obj.name]
	STORE_ATTR    // arg namei: [value obj] -> []   (obj.name = value)
	DELETE_ATTR   // arg namei: [obj] -> []
	LOAD_METHOD   // arg namei: [obj] -> [meth obj] when obj.name is a plain function found on the type (unbound form), else [NULL attr]
	BINARY_SUBSCR // [obj key] -> [obj[key]]
	STORE_SUBSCR  // [value obj key] -> []   (obj[key] = value)
	DELETE_SUBSCR // [obj key] -> []
	BUILD_SLICE   // arg 2 or 3: [lo hi] or [lo hi step] -> [slice]

	// ---- operators ----
	BINARY_OP      // arg BinaryOp (below, includes in-place forms): [a b] -> [a op b]
	UNARY_NEGATIVE // [x] -> [-x]
	UNARY_POSITIVE // [x] -> [+x]
	UNARY_INVERT   // [x] -> [~x]
	UNARY_NOT      // [x] -> [not x]
	COMPARE_OP     // arg CompareOp (<, <=, ==, !=, >, >=): [a b] -> [result]
	IS_OP          // arg 0 "is" / 1 "is not": [a b] -> [bool]
	CONTAINS_OP    // arg 0 "in" / 1 "not in": [a b] -> [bool]   (b contains a)

	// ---- control flow ----
	JUMP                 // arg label
	POP_JUMP_IF_FALSE    // arg label: [x] -> []; jump if not truthy
	POP_JUMP_IF_TRUE     // arg label: [x] -> []
	JUMP_IF_FALSE_OR_POP // arg label: [x] -> [x] and jump if falsy, else [] and fall through
	JUMP_IF_TRUE_OR_POP  // arg label: [x] -> [x] and jump if truthy, else []
	POP_JUMP_IF_NONE     // arg label: [x] -> []
	POP_JUMP_IF_NOT_NONE // arg label: [x] -> []
	GET_ITER             // [x] -> [iter(x)]
	FOR_ITER             // arg label: [it] -> [it next] or, when exhausted, [] and jump to label
	RETURN_VALUE         // [x] -> return x

	// ---- building ----
	BUILD_TUPLE     // arg n: [x1..xn] -> [tuple]
	BUILD_LIST      // arg n
	BUILD_SET       // arg n
	BUILD_MAP       // arg n: [k1 v1 .. kn vn] -> [dict]
	BUILD_STRING    // arg n: [s1..sn] -> [concatenation] (all str)
	LIST_APPEND     // arg i: [list .. (i-1 items) x] -> [list .. ]; i.e. after popping x the list is the i-th item from the top (CPython's convention: LIST_APPEND 1 means list is just below x; a comprehension with n for-clauses uses n+1)
	SET_ADD         // arg i: same convention as LIST_APPEND
	MAP_ADD         // arg i: [dict .. (i-1 items) key value] -> [dict ..]; after popping the pair the dict is the i-th item from the top (MAP_ADD 1: just below key)
	LIST_EXTEND     // arg i: [list .. it] -> [list ..]
	SET_UPDATE      // arg i
	DICT_UPDATE     // arg i: [dict .. mapping] -> [dict ..]  ({**m} displays)
	DICT_MERGE      // arg i: like DICT_UPDATE but duplicate keys raise TypeError "f() got multiple values for keyword argument 'k'" (for **kwargs in calls; the function is 2 items below the dict, see CALL_FUNCTION_EX)
	LIST_TO_TUPLE   // [list] -> [tuple]
	UNPACK_SEQUENCE // arg n: [seq] -> [xn .. x1] (x1 on top); ValueError on wrong length with CPython's messages
	UNPACK_EX       // arg before | after<<8: [seq] -> [after items reversed.., list, before items reversed..] so that storing in order works (x1 on top)
	FORMAT_VALUE    // arg: low 2 bits conversion (0 none, 1 str, 2 repr, 3 ascii), bit 2 (4) = spec on stack: [x] or [x spec] -> [formatted str]

	// ---- functions and classes ----
	MAKE_FUNCTION    // arg flags (MakeFunction* below): [defaults-tuple? kwdefaults-dict? annotations-dict? closure-tuple? code qualname] -> [function]; the optional parts are present in that order when their flag is set
	KW_NAMES         // arg consti: the next CALL's trailing len(Consts[i]) arguments are keyword arguments with these names (Consts[i] is a tuple of str)
	CALL             // arg n: [callable-or-NULL self-or-callable args...(n)] -> [result]. Layout (as CPython 3.11): below the n arguments sit two slots: [NULL, callable] for a plain call, or [method, self] after LOAD_METHOD (then self becomes the first argument).
	CALL_FUNCTION_EX // arg 0/1: [NULL callable tuple] or [NULL callable tuple dict] -> [result]. For a call whose only positional argument is *x (f(*x), f(*x, **k)), "tuple" is x itself, which may be any iterable: the VM converts it (CPython does the same)
	LOAD_BUILD_CLASS // [] -> [__build_class__]
	PUSH_NULL        // [] -> [NULL]

	// ---- exceptions ----
	RAISE_VARARGS        // arg 0 (re-raise the exception being handled), 1 [exc], 2 [exc cause]
	RERAISE              // [.. exc] -> re-raise exc keeping its traceback
	PUSH_EXC_INFO        // [exc] -> [prev_handled exc]; exc becomes the exception being handled
	POP_EXCEPT           // [prev_handled] -> []; restores the exception being handled
	CHECK_EXC_MATCH      // [exc type] -> [exc bool]   (type may be a tuple)
	LOAD_ASSERTION_ERROR // [] -> [AssertionError]
	BEFORE_WITH          // [mgr] -> [bound __exit__, mgr.__enter__()]
	WITH_EXCEPT_START    // [exit prev exc] -> [exit prev exc result]; calls exit(type(exc), exc, exc.__traceback__)

	// ---- generators and coroutines ----
	YIELD_VALUE         // [x] -> [] and suspend; on resume the sent value is pushed: [sent]
	GET_YIELD_FROM_ITER // [x] -> [iter(x)] (a generator/coroutine is kept as is)
	SEND                // arg label: [receiver value] -> [receiver yielded] (then the next instruction is YIELD_VALUE) or, when the receiver finishes, [result] and jump to label. The compiler always emits the loop "L: SEND exit; YIELD_VALUE; JUMP L; exit:" (JUMP L is a backward jump whose target is a SEND: the VM may skip its pending-work check there, as CPython's JUMP_BACKWARD_NO_INTERRUPT)
	GET_AWAITABLE       // arg where: [x] -> [awaitable iterator of x]  (coroutine as is; else x.__await__()). where tells the error message on failure (as CPython): 0 for "await x", 1 for the result of __aenter__ ("'async with' received an object from __aenter__ that does not implement __await__: T"), 2 for the result of __aexit__ (same with __aexit__)
	GET_AITER           // [x] -> [x.__aiter__()]
	GET_ANEXT           // [aiter] -> [aiter awaitable(aiter.__anext__())]
	END_ASYNC_FOR       // [aiter exc] -> []: if exc is StopAsyncIteration swallow it, else re-raise
	BEFORE_ASYNC_WITH   // [mgr] -> [bound __aexit__, awaitable(mgr.__aenter__())]
	ASYNC_GEN_WRAP      // [x] -> [wrapped x] (marks a value yielded by an async generator)

	// ---- modules ----
	IMPORT_NAME // arg namei: [level fromlist] -> [module]  (Names[i] is the dotted name)
	IMPORT_FROM // arg namei: [module] -> [module module.name]; ImportError "cannot import name 'x' from 'm' (path)"
	IMPORT_STAR // [module] -> []  (into globals, or the locals dict)

	// ---- interactive ----
	PRINT_EXPR        // [x] -> []: REPL display of x (skips None, sets builtins._)
	SETUP_ANNOTATIONS // creates __annotations__ in the locals dict if absent

	// ---- match statements (compiler/match.go) ----
	MATCH_SEQUENCE         // [x] -> [x bool]: x is a sequence for pattern matching (list, tuple, range, deque, collections.abc.Sequence, not str/bytes/bytearray)
	MATCH_MAPPING          // [x] -> [x bool]: x is a mapping (dict or collections.abc.Mapping)
	GET_LEN                // [x] -> [x len(x)]
	MATCH_KEYS             // [subject keys] -> [subject keys values]: values is a tuple of subject.get(key) for each key of the tuple keys, or None when one is missing; ValueError on a duplicate key
	MATCH_CLASS            // arg npos: [subject cls names] -> [attrs or None]: the attributes for npos positional sub-patterns (through __match_args__) then the keyword names, None when subject is not an instance of cls or lacks one
	COPY_DICT_WITHOUT_KEYS // [subject keys] -> [subject rest]: rest is dict(subject) without the keys

	// ---- except* (compiler/trystar.go) ----
	CHECK_EG_MATCH    // [exc type] -> [rest match]: split exc by type (a naked exception is wrapped in ExceptionGroup('', (exc,)) when it matches); match is None when nothing matched (rest is then exc); when it matched, match becomes the exception being handled
	PREP_RERAISE_STAR // [orig list] -> [exc or None]: the exception to raise after the except* clauses, from the original group and the list of raised and unhandled parts

	numOpcodes
)

// BinaryOp is the argument of BINARY_OP. The in-place variants follow the plain
// ones in the same order, offset by InplaceOffset.
type BinaryOp uint32

// The binary operators (ast.Operator order).
const (
	OpAdd BinaryOp = iota
	OpSub
	OpMul
	OpMatMul
	OpTrueDiv
	OpFloorDiv
	OpMod
	OpPow
	OpLShift
	OpRShift
	OpOr
	OpXor
	OpAnd
	// InplaceOffset is added to an operator for its augmented form (+=).
	InplaceOffset
)

// CompareOp is the argument of COMPARE_OP.
type CompareOp uint32

// The rich comparison operators (CPython's Py_LT.. order).
const (
	CmpLT CompareOp = iota
	CmpLE
	CmpEQ
	CmpNE
	CmpGT
	CmpGE
)

// Flags of MAKE_FUNCTION.
const (
	MakeFunctionDefaults    = 0x01 // a tuple of positional defaults
	MakeFunctionKwDefaults  = 0x02 // a dict of keyword-only defaults
	MakeFunctionAnnotations = 0x04 // a dict of annotations (evaluated; kept in __annotations__)
	MakeFunctionClosure     = 0x08 // a tuple of cells, in FreeVars order
)

// Instr is one encoded instruction.
type Instr uint32

// MakeInstr encodes an instruction. arg must fit in 24 bits.
func MakeInstr(op Opcode, arg int) Instr { return Instr(uint32(op) | uint32(arg)<<8) }

// Op returns the instruction's opcode.
func (i Instr) Op() Opcode { return Opcode(i & 0xff) }

// Arg returns the instruction's argument.
func (i Instr) Arg() int { return int(i >> 8) }

// MaxArg is the largest instruction argument.
const MaxArg = 1<<24 - 1

var opNames = [numOpcodes]string{
	NOP:                  "NOP",
	POP_TOP:              "POP_TOP",
	COPY:                 "COPY",
	SWAP:                 "SWAP",
	LOAD_CONST:           "LOAD_CONST",
	LOAD_FAST:            "LOAD_FAST",
	STORE_FAST:           "STORE_FAST",
	DELETE_FAST:          "DELETE_FAST",
	LOAD_DEREF:           "LOAD_DEREF",
	STORE_DEREF:          "STORE_DEREF",
	DELETE_DEREF:         "DELETE_DEREF",
	LOAD_CLASSDEREF:      "LOAD_CLASSDEREF",
	LOAD_CLOSURE:         "LOAD_CLOSURE",
	MAKE_CELL:            "MAKE_CELL",
	LOAD_GLOBAL:          "LOAD_GLOBAL",
	STORE_GLOBAL:         "STORE_GLOBAL",
	DELETE_GLOBAL:        "DELETE_GLOBAL",
	LOAD_NAME:            "LOAD_NAME",
	STORE_NAME:           "STORE_NAME",
	DELETE_NAME:          "DELETE_NAME",
	LOAD_ATTR:            "LOAD_ATTR",
	STORE_ATTR:           "STORE_ATTR",
	DELETE_ATTR:          "DELETE_ATTR",
	LOAD_METHOD:          "LOAD_METHOD",
	BINARY_SUBSCR:        "BINARY_SUBSCR",
	STORE_SUBSCR:         "STORE_SUBSCR",
	DELETE_SUBSCR:        "DELETE_SUBSCR",
	BUILD_SLICE:          "BUILD_SLICE",
	BINARY_OP:            "BINARY_OP",
	UNARY_NEGATIVE:       "UNARY_NEGATIVE",
	UNARY_POSITIVE:       "UNARY_POSITIVE",
	UNARY_INVERT:         "UNARY_INVERT",
	UNARY_NOT:            "UNARY_NOT",
	COMPARE_OP:           "COMPARE_OP",
	IS_OP:                "IS_OP",
	CONTAINS_OP:          "CONTAINS_OP",
	JUMP:                 "JUMP",
	POP_JUMP_IF_FALSE:    "POP_JUMP_IF_FALSE",
	POP_JUMP_IF_TRUE:     "POP_JUMP_IF_TRUE",
	JUMP_IF_FALSE_OR_POP: "JUMP_IF_FALSE_OR_POP",
	JUMP_IF_TRUE_OR_POP:  "JUMP_IF_TRUE_OR_POP",
	POP_JUMP_IF_NONE:     "POP_JUMP_IF_NONE",
	POP_JUMP_IF_NOT_NONE: "POP_JUMP_IF_NOT_NONE",
	GET_ITER:             "GET_ITER",
	FOR_ITER:             "FOR_ITER",
	RETURN_VALUE:         "RETURN_VALUE",
	BUILD_TUPLE:          "BUILD_TUPLE",
	BUILD_LIST:           "BUILD_LIST",
	BUILD_SET:            "BUILD_SET",
	BUILD_MAP:            "BUILD_MAP",
	BUILD_STRING:         "BUILD_STRING",
	LIST_APPEND:          "LIST_APPEND",
	SET_ADD:              "SET_ADD",
	MAP_ADD:              "MAP_ADD",
	LIST_EXTEND:          "LIST_EXTEND",
	SET_UPDATE:           "SET_UPDATE",
	DICT_UPDATE:          "DICT_UPDATE",
	DICT_MERGE:           "DICT_MERGE",
	LIST_TO_TUPLE:        "LIST_TO_TUPLE",
	UNPACK_SEQUENCE:      "UNPACK_SEQUENCE",
	UNPACK_EX:            "UNPACK_EX",
	FORMAT_VALUE:         "FORMAT_VALUE",
	MAKE_FUNCTION:        "MAKE_FUNCTION",
	KW_NAMES:             "KW_NAMES",
	CALL:                 "CALL",
	CALL_FUNCTION_EX:     "CALL_FUNCTION_EX",
	LOAD_BUILD_CLASS:     "LOAD_BUILD_CLASS",
	PUSH_NULL:            "PUSH_NULL",
	RAISE_VARARGS:        "RAISE_VARARGS",
	RERAISE:              "RERAISE",
	PUSH_EXC_INFO:        "PUSH_EXC_INFO",
	POP_EXCEPT:           "POP_EXCEPT",
	CHECK_EXC_MATCH:      "CHECK_EXC_MATCH",
	LOAD_ASSERTION_ERROR: "LOAD_ASSERTION_ERROR",
	BEFORE_WITH:          "BEFORE_WITH",
	WITH_EXCEPT_START:    "WITH_EXCEPT_START",
	YIELD_VALUE:          "YIELD_VALUE",
	GET_YIELD_FROM_ITER:  "GET_YIELD_FROM_ITER",
	SEND:                 "SEND",
	GET_AWAITABLE:        "GET_AWAITABLE",
	GET_AITER:            "GET_AITER",
	GET_ANEXT:            "GET_ANEXT",
	END_ASYNC_FOR:        "END_ASYNC_FOR",
	BEFORE_ASYNC_WITH:    "BEFORE_ASYNC_WITH",
	ASYNC_GEN_WRAP:       "ASYNC_GEN_WRAP",
	IMPORT_NAME:          "IMPORT_NAME",
	IMPORT_FROM:          "IMPORT_FROM",
	IMPORT_STAR:          "IMPORT_STAR",
	PRINT_EXPR:           "PRINT_EXPR",
	SETUP_ANNOTATIONS:    "SETUP_ANNOTATIONS",

	MATCH_SEQUENCE:         "MATCH_SEQUENCE",
	MATCH_MAPPING:          "MATCH_MAPPING",
	GET_LEN:                "GET_LEN",
	MATCH_KEYS:             "MATCH_KEYS",
	MATCH_CLASS:            "MATCH_CLASS",
	COPY_DICT_WITHOUT_KEYS: "COPY_DICT_WITHOUT_KEYS",
	CHECK_EG_MATCH:         "CHECK_EG_MATCH",
	PREP_RERAISE_STAR:      "PREP_RERAISE_STAR",
}

// String returns the opcode's name, e.g. "LOAD_CONST".
func (op Opcode) String() string {
	if op < numOpcodes {
		return opNames[op]
	}
	return fmt.Sprintf("OPCODE_%d", uint8(op))
}
