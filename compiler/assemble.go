package compiler

import (
	"fmt"
	"math/bits"

	"github.com/pyasync/pyasync/ast"
)

// assemble turns a unit's instructions into its Code: labels are resolved,
// unreachable instructions dropped, the line and exception tables built and
// the stack depth computed and verified.
func (c *compiler) assemble(u *unit) (*Code, error) {
	code := u.code
	pos := ast.Pos{Line: code.FirstLine, Col: 1}
	ins := u.instrs
	n := len(ins)
	for i := range ins {
		if ins[i].target != noLabel {
			at := u.labels[ins[i].target]
			if at < 0 {
				return nil, c.internalError(pos, "unbound label in %s", code.QualName)
			}
			ins[i].arg = at
		}
	}
	handlerAt := make([]int, len(u.handlerDefs))
	for i, h := range u.handlerDefs {
		handlerAt[i] = u.labels[h.target]
		if handlerAt[i] < 0 {
			return nil, c.internalError(pos, "unbound handler label in %s", code.QualName)
		}
	}

	// Reachability, following jumps, fall-through and exception edges.
	reach := make([]bool, n)
	var work []int
	mark := func(i int) {
		if i < n && !reach[i] {
			reach[i] = true
			work = append(work, i)
		}
	}
	if n > 0 {
		mark(0)
	}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		in := ins[i]
		e := effectOf(in.op, in.arg)
		if e.jump {
			if in.arg >= n {
				return nil, c.internalError(pos, "jump past the end in %s", code.QualName)
			}
			mark(in.arg)
		}
		if e.next {
			if i+1 >= n {
				return nil, c.internalError(pos, "control falls off the end of %s", code.QualName)
			}
			mark(i + 1)
		}
		if in.handler >= 0 {
			mark(handlerAt[in.handler])
		}
	}

	// Compact.
	newIdx := make([]int, n+1)
	k := 0
	for i := 0; i < n; i++ {
		newIdx[i] = k
		if reach[i] {
			k++
		}
	}
	newIdx[n] = k
	code.Instrs = make([]Instr, 0, k)
	code.Lines = nil
	code.ExceptionTable = nil
	lastLine := 0
	for i := 0; i < n; i++ {
		if !reach[i] {
			continue
		}
		in := ins[i]
		arg := in.arg
		if in.target != noLabel {
			arg = newIdx[arg]
		}
		if arg < 0 || arg > MaxArg {
			return nil, c.internalError(pos, "argument %d of %v out of range in %s", arg, in.op, code.QualName)
		}
		pc := len(code.Instrs)
		code.Instrs = append(code.Instrs, MakeInstr(in.op, arg))
		if in.line > 0 && in.line != lastLine {
			code.Lines = append(code.Lines, LineEntry{PC: pc, Line: in.line, Col: in.col})
			lastLine = in.line
		}
		if in.handler >= 0 {
			h := u.handlerDefs[in.handler]
			target := newIdx[handlerAt[in.handler]]
			t := code.ExceptionTable
			if m := len(t); m > 0 && t[m-1].End == pc && t[m-1].Target == target && t[m-1].Depth == h.depth {
				t[m-1].End = pc + 1
			} else {
				code.ExceptionTable = append(code.ExceptionTable, ExceptionEntry{Start: pc, End: pc + 1, Target: target, Depth: h.depth})
			}
		}
	}
	size, err := verifyStack(code)
	if err != nil {
		return nil, c.internalError(pos, "%v", err)
	}
	code.StackSize = size
	return code, nil
}

// effect is the stack effect of an instruction: it needs pops items, leaves
// pushes in their place when it falls through (next) and jpushes when it
// jumps to its argument (jump).
type effect struct {
	pops, pushes   int
	jump           bool
	jpops, jpushes int
	next           bool
}

func effectOf(op Opcode, arg int) effect {
	e := effect{next: true}
	set := func(pops, pushes int) { e.pops, e.pushes = pops, pushes }
	switch op {
	case NOP, MAKE_CELL, DELETE_FAST, DELETE_DEREF, DELETE_GLOBAL, DELETE_NAME,
		KW_NAMES, SETUP_ANNOTATIONS:
	case POP_TOP, STORE_FAST, STORE_DEREF, STORE_GLOBAL, STORE_NAME, DELETE_ATTR,
		POP_EXCEPT, IMPORT_STAR, PRINT_EXPR:
		set(1, 0)
	case COPY:
		set(arg, arg+1)
	case SWAP:
		set(arg, arg)
	case LOAD_CONST, LOAD_FAST, LOAD_DEREF, LOAD_CLASSDEREF, LOAD_CLOSURE, LOAD_GLOBAL,
		LOAD_NAME, LOAD_BUILD_CLASS, PUSH_NULL, LOAD_ASSERTION_ERROR:
		set(0, 1)
	case LOAD_ATTR, UNARY_NEGATIVE, UNARY_POSITIVE, UNARY_INVERT, UNARY_NOT, GET_ITER,
		LIST_TO_TUPLE, GET_YIELD_FROM_ITER, GET_AWAITABLE, GET_AITER, ASYNC_GEN_WRAP, YIELD_VALUE:
		set(1, 1)
	case STORE_ATTR, DELETE_SUBSCR:
		set(2, 0)
	case LOAD_METHOD, PUSH_EXC_INFO, BEFORE_WITH, GET_ANEXT, BEFORE_ASYNC_WITH, IMPORT_FROM:
		set(1, 2)
	case BINARY_SUBSCR, BINARY_OP, COMPARE_OP, IS_OP, CONTAINS_OP, IMPORT_NAME:
		set(2, 1)
	case STORE_SUBSCR:
		set(3, 0)
	case BUILD_SLICE:
		set(arg, 1)
	case JUMP:
		e.jump, e.next = true, false
	case POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, POP_JUMP_IF_NONE, POP_JUMP_IF_NOT_NONE:
		set(1, 0)
		e.jump, e.jpops, e.jpushes = true, 1, 0
	case JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP:
		set(1, 0)
		e.jump, e.jpops, e.jpushes = true, 1, 1
	case FOR_ITER:
		set(1, 2)
		e.jump, e.jpops, e.jpushes = true, 1, 0
	case SEND:
		set(2, 2)
		e.jump, e.jpops, e.jpushes = true, 2, 1
	case RETURN_VALUE, RERAISE:
		set(1, 0)
		e.next = false
	case RAISE_VARARGS:
		set(arg, 0)
		e.next = false
	case BUILD_TUPLE, BUILD_LIST, BUILD_SET, BUILD_STRING:
		set(arg, 1)
	case BUILD_MAP:
		set(2*arg, 1)
	case LIST_APPEND, SET_ADD, LIST_EXTEND, SET_UPDATE, DICT_UPDATE, DICT_MERGE:
		set(arg+1, arg)
	case MAP_ADD:
		set(arg+2, arg)
	case UNPACK_SEQUENCE:
		set(1, arg)
	case UNPACK_EX:
		set(1, arg&0xff+arg>>8+1)
	case FORMAT_VALUE:
		if arg&4 != 0 {
			set(2, 1)
		} else {
			set(1, 1)
		}
	case MAKE_FUNCTION:
		set(2+bits.OnesCount(uint(arg&0xf)), 1)
	case CALL:
		set(arg+2, 1)
	case CALL_FUNCTION_EX:
		set(3+arg&1, 1)
	case CHECK_EXC_MATCH:
		set(2, 2)
	case WITH_EXCEPT_START:
		set(3, 4)
	case END_ASYNC_FOR:
		set(2, 0)
	case MATCH_SEQUENCE, MATCH_MAPPING, GET_LEN:
		set(1, 2)
	case MATCH_KEYS:
		set(2, 3)
	case MATCH_CLASS:
		set(3, 1)
	case COPY_DICT_WITHOUT_KEYS, CHECK_EG_MATCH:
		set(2, 2)
	case PREP_RERAISE_STAR:
		set(2, 1)
	default:
		e.pops = -1 // unknown opcode
	}
	return e
}

// verifyStack computes the maximum stack depth of code by a flow analysis
// over its instructions and exception table, checking that the depth is the
// same along every path into an instruction, never negative, at least the
// depth of the handler protecting an instruction, and that control never
// runs off the end.
func verifyStack(code *Code) (int, error) {
	n := len(code.Instrs)
	if n == 0 {
		return 0, fmt.Errorf("%s: empty code", code.QualName)
	}
	depth := make([]int, n)
	for i := range depth {
		depth[i] = -1
	}
	maxDepth := 0
	var work []int
	set := func(from, pc, d int) error {
		if pc < 0 || pc >= n {
			return fmt.Errorf("%s: jump from %d to %d outside the code", code.QualName, from, pc)
		}
		if d < 0 {
			return fmt.Errorf("%s: negative stack depth at %d", code.QualName, pc)
		}
		if d > maxDepth {
			maxDepth = d
		}
		switch depth[pc] {
		case -1:
			depth[pc] = d
			work = append(work, pc)
		case d:
		default:
			return fmt.Errorf("%s: stack depth mismatch at %d: %d (from %d) vs %d", code.QualName, pc, d, from, depth[pc])
		}
		return nil
	}
	if err := set(-1, 0, 0); err != nil {
		return 0, err
	}
	for len(work) > 0 {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		d := depth[pc]
		in := code.Instrs[pc]
		op, arg := in.Op(), in.Arg()
		if h, ok := code.HandlerFor(pc); ok {
			if d < h.Depth {
				return 0, fmt.Errorf("%s: depth %d at %d below its handler's depth %d", code.QualName, d, pc, h.Depth)
			}
			if err := set(pc, h.Target, h.Depth+1); err != nil {
				return 0, err
			}
		}
		e := effectOf(op, arg)
		if e.pops < 0 {
			return 0, fmt.Errorf("%s: unknown opcode %d at %d", code.QualName, op, pc)
		}
		if (op == COPY && arg < 1) || (op == SWAP && arg < 2) || (op == BUILD_SLICE && arg != 2 && arg != 3) {
			return 0, fmt.Errorf("%s: bad argument %d of %v at %d", code.QualName, arg, op, pc)
		}
		if e.pops > d || (e.jump && e.jpops > d) {
			return 0, fmt.Errorf("%s: stack underflow at %d (%v needs %d, depth %d)", code.QualName, pc, op, e.pops, d)
		}
		if e.next {
			if pc+1 >= n {
				return 0, fmt.Errorf("%s: control falls off the end at %d", code.QualName, pc)
			}
			if err := set(pc, pc+1, d-e.pops+e.pushes); err != nil {
				return 0, err
			}
		}
		if e.jump {
			if err := set(pc, arg, d-e.jpops+e.jpushes); err != nil {
				return 0, err
			}
		}
	}
	for pc, d := range depth {
		if d < 0 {
			return 0, fmt.Errorf("%s: unreachable instruction at %d", code.QualName, pc)
		}
	}
	return maxDepth, nil
}

// Verify checks the stack discipline of c and of every code object nested
// in its constants (see the compiler's flow analysis) and returns the first
// inconsistency found.
func (c *Code) Verify() error {
	size, err := verifyStack(c)
	if err != nil {
		return err
	}
	if size != c.StackSize {
		return fmt.Errorf("%s: StackSize %d, computed %d", c.QualName, c.StackSize, size)
	}
	for _, k := range c.Consts {
		if sub, ok := k.(*Code); ok {
			if err := sub.Verify(); err != nil {
				return err
			}
		}
	}
	return nil
}
