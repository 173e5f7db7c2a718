package vm

import (
	"math/big"
	"sync"
	"sync/atomic"

	"github.com/pyasync/pyasync/compiler"
)

// Code is a compiled code object prepared for execution: the compiler's Code
// plus its constants converted to Values, interned names and per-instruction
// caches.
type Code struct {
	*compiler.Code
	instrs  []compiler.Instr
	consts  []Value
	names   []*StrObject
	kwnames map[int][]string
	// nregs is the number of slots kept in registers (locals and cell
	// variables): the stack base. Free variables are not in registers:
	// they are read from the function's closure (free.go), nfree of them.
	nregs int
	nfree int
	// unfused is the compiler's instructions with the free-variable
	// instructions rewritten (free.go) and no superinstructions: what
	// opTrace dispatches and the traced copy starts from.
	unfused []compiler.Instr
	// frameSize is the number of registers a frame needs: the register
	// slots and the compiler's verified stack depth (no spare: run was
	// checked against it over the script tests and the corpus).
	frameSize int
	// simple means positional parameters only (no *args, **kwargs, keyword-only
	// parameters): the fast binding path applies.
	simple bool
	// argc is ArgCount, kept here to save a pointer load on every call.
	argc int
	// exactArgc is argc for simple code that is not a generator's, -1
	// otherwise: the one test of pushExact's "takes exactly these
	// arguments".
	exactArgc int
	// isGen marks generator, coroutine and async generator code: calling it
	// makes a generator object instead of running a frame.
	isGen bool
	// inlineAwaitable marks plain coroutine code (async def without yield)
	// that "await f()" may run without a coroutine object.
	inlineAwaitable bool
	// caches holds per-instruction inline caches, allocated lazily.
	globalCache []globalCacheEntry
	attrCache   []attrCacheEntry
	// cells is the cell prologue that opMakeCells runs (cells.go).
	cells *cellPrologue
	lines []string // source lines of the file, for tracebacks (shared)
	// plain and traced are the instruction arrays without and with the
	// instrumentation of sys.settrace (trace.go); instrs is one of them.
	plain, traced []compiler.Instr
	// obj is the code's script value, made on first use (atomic: code may
	// be shared by interpreters).
	obj atomic.Pointer[CodeObject]
}

// CodeObject is a code object as a script value.
type CodeObject struct{ code *Code }

// object returns c's code object: the same one each time, so that
// f.__code__ is f.__code__ and a generator's gi_code is its function's.
func (c *Code) object() Value {
	if o := c.obj.Load(); o != nil {
		return Value{o: o}
	}
	c.obj.CompareAndSwap(nil, &CodeObject{code: c})
	return Value{o: c.obj.Load()}
}

// Type implements Object.
func (*CodeObject) Type() *Type { return CodeType }

type globalCacheEntry struct {
	globals         *Dict
	globalsVersion  uint64
	builtinsVersion uint64
	index           int
	builtin         bool
	valid           bool
}

type attrCacheEntry struct {
	typ     *Type
	version uint64
	value   Value // the class attribute found (a function for methods)
	kind    uint8 // attrKindPlain, attrKindDataDescriptor, attrKindBuiltinMethod
	// shape and slot cache where an instance of that shape keeps the
	// attribute (LOAD_ATTR, STORE_ATTR: slot; STORE_ATTR adding the
	// attribute: next is the shape after it); for LOAD_METHOD a shape
	// that does not hold the name.
	shape *shape
	next  *shape
	slot  int32
	adds  bool
	// poly keeps the site's entries for other classes (attrcache.go).
	poly *attrPoly
}

// What an attribute cache entry's value is.
const (
	// attrKindPlain: a class attribute that is not a data descriptor (or
	// nothing); an instance attribute takes precedence over it.
	attrKindPlain uint8 = iota
	// attrKindDataDescriptor: a data descriptor, which takes precedence
	// over instance attributes.
	attrKindDataDescriptor
	// attrKindBuiltinMethod (LOAD_METHOD): a method of a builtin type
	// that objects of exactly that type, which have no instance
	// attributes, get as it is (plainBuiltinType).
	attrKindBuiltinMethod
)

// LoadCode converts a compiler Code into an executable Code.
func LoadCode(c *compiler.Code) *Code {
	code := &Code{Code: c, instrs: c.Instrs}
	code.nfree = len(c.FreeVars)
	code.nregs = c.NSlots() - code.nfree
	code.frameSize = code.nregs + c.StackSize
	code.simple = c.Flags&(compiler.FlagVarArgs|compiler.FlagVarKw) == 0 && c.KwOnlyCount == 0
	code.argc = c.ArgCount
	code.isGen = c.Flags&(compiler.FlagGenerator|compiler.FlagCoroutine|compiler.FlagAsyncGen) != 0
	code.exactArgc = -1
	if code.simple && !code.isGen {
		code.exactArgc = code.argc
	}
	code.inlineAwaitable = c.Flags&compiler.FlagCoroutine != 0 && c.Flags&(compiler.FlagGenerator|compiler.FlagAsyncGen) == 0
	code.consts = make([]Value, len(c.Consts))
	for i, k := range c.Consts {
		code.consts[i] = constValue(k)
		if tup, ok := k.(compiler.ConstTuple); ok {
			names := make([]string, len(tup))
			allStr := true
			for j, x := range tup {
				s, ok := x.(string)
				if !ok {
					allStr = false
					break
				}
				names[j] = s
			}
			if allStr {
				if code.kwnames == nil {
					code.kwnames = map[int][]string{}
				}
				code.kwnames[i] = names
			}
		}
	}
	code.unfused = freeInstrs(c.Instrs, code.nregs, code.nfree)
	code.instrs = superinstructions(code.unfused, c.Consts)
	code.cells = makeCellsInstrs(code.unfused, code.instrs)
	code.names = make([]*StrObject, len(c.Names))
	for i, n := range c.Names {
		code.names[i] = intern(n)
	}
	return code
}

// setLines gives code and the codes nested in its constants their source
// lines (for tracebacks of prompt inputs, which share one filename).
func (code *Code) setLines(lines []string) {
	code.lines = lines
	for _, k := range code.consts {
		if co, ok := k.o.(*CodeObject); ok {
			co.code.setLines(lines)
		}
	}
}

func constValue(k any) Value {
	switch k := k.(type) {
	case nil:
		return None
	case bool:
		return Bool(k)
	case int64:
		return Int(k)
	case *big.Int:
		return BigInt(k)
	case float64:
		return Float(k)
	case complex128:
		return NewComplex(k)
	case string:
		return Value{o: intern(k)}
	case compiler.Bytes:
		return NewBytes([]byte(k))
	case compiler.Ellipsis:
		return Ellipsis
	case *compiler.Code:
		return Value{o: &CodeObject{code: LoadCode(k)}}
	case compiler.ConstTuple:
		items := make([]Value, len(k))
		for i, x := range k {
			items[i] = constValue(x)
		}
		return NewTuple(items)
	case compiler.ConstFrozenSet:
		items := make([]Value, len(k))
		for i, x := range k {
			items[i] = constValue(x)
		}
		return Value{o: frozenSetConst(items)}
	}
	panic("vm: unknown constant type")
}

var (
	internMu    sync.Mutex
	internTable = map[string]*StrObject{}
)

// dunderName is "__name__", interned (so hashed once): a function's
// __module__ is read from its globals each time a def or lambda runs.
var dunderName = intern("__name__")

// intern returns the shared str object for s (identifiers, constants). It is
// used when code is loaded, never on the hot path; the lock makes VMs in
// different goroutines safe.
func intern(s string) *StrObject {
	internMu.Lock()
	defer internMu.Unlock()
	if o, ok := internTable[s]; ok {
		return o
	}
	o := &StrObject{s: s}
	o.hash()
	o.scan()
	if !o.IsASCII() {
		o.Runes() // interned strings are shared by VMs: no lazy fields left
	}
	internTable[s] = o
	return o
}
