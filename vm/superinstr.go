package vm

import "github.com/pyasync/pyasync/compiler"

// VM-internal superinstructions, rewritten from the compiler's code when it
// is loaded. The first instruction of a pair is replaced and the second is
// kept, so a jump to the second still works; the superinstruction skips it.
const (
	opLoadFastLoadFast     compiler.Opcode = 240 + iota // arg a | b<<12: push locals a and b
	opLoadFastLoadConst                                 // arg a | c<<12: push local a and const c
	opStoreFastLoadFast                                 // arg a | b<<12: pop into local a, push local b
	opPushNullLoadGlobal                                // arg namei: PUSH_NULL then LOAD_GLOBAL namei
	opLoadConstBinaryOp                                 // arg c | op<<12: push const c, then BINARY_OP op
	opCallAwait                                         // arg n: a CALL n followed by GET_AWAITABLE 0; LOAD_CONST None; SEND
	opLoadFastConstBinOp                                // arg a | c<<8 | op<<16: local a op const c (LOAD_FAST; LOAD_CONST; BINARY_OP)
	opLoadFastLoadAttr                                  // arg a | namei<<12: push local a, then LOAD_ATTR namei
	opCopyCopySubscr                                    // COPY 2; COPY 2; BINARY_SUBSCR: o[k] of an augmented o[k] op= v
	opSwapSwapStoreSubscr                               // SWAP 3; SWAP 2; STORE_SUBSCR: its store
	opFastCompareJump                                   // arg a | b<<12: LOAD_FAST a; LOAD_FAST b; COMPARE_OP; POP_JUMP_IF_FALSE/TRUE
	opFastConstCompareJump                              // arg a | c<<12: LOAD_FAST a; LOAD_CONST c; COMPARE_OP; POP_JUMP_IF_FALSE/TRUE
	opJumpForIter                                       // arg target: a JUMP whose target is a FOR_ITER
	opStoreFastJump                                     // arg a: STORE_FAST a; then the JUMP that follows
	opDerefContains                                     // arg i: LOAD_DEREF i (a cell variable); CONTAINS_OP
)

// superinstructions returns the instructions run executes for in: in with
// the first instruction of each fused sequence replaced.

func superinstructions(in []compiler.Instr, consts []any) []compiler.Instr {
	out := append([]compiler.Instr(nil), in...)
	for i := 0; i+3 < len(out); i++ {
		// "await f(...)": CALL; GET_AWAITABLE 0; LOAD_CONST None; SEND
		if in[i].Op() == compiler.CALL && in[i+1].Op() == compiler.GET_AWAITABLE && in[i+1].Arg() == 0 &&
			in[i+2].Op() == compiler.LOAD_CONST && consts[in[i+2].Arg()] == nil && in[i+3].Op() == compiler.SEND {
			out[i] = compiler.MakeInstr(opCallAwait, in[i].Arg())
		}
	}
	for i := 0; i+3 < len(out); i++ {
		// a comparison of two locals or a local and a constant that a
		// conditional jump tests ("while i < n:", "if n < 2:")
		a, b, jmp := in[i], in[i+1], in[i+3].Op()
		if a.Op() != compiler.LOAD_FAST || in[i+2].Op() != compiler.COMPARE_OP || a.Arg() >= 1<<12 || b.Arg() >= 1<<12 ||
			(jmp != compiler.POP_JUMP_IF_FALSE && jmp != compiler.POP_JUMP_IF_TRUE) {
			continue
		}
		switch b.Op() {
		case compiler.LOAD_FAST:
			out[i] = compiler.MakeInstr(opFastCompareJump, a.Arg()|b.Arg()<<12)
		case compiler.LOAD_CONST:
			out[i] = compiler.MakeInstr(opFastConstCompareJump, a.Arg()|b.Arg()<<12)
		}
	}
	for i := 0; i+2 < len(out); i++ {
		// "x op constant": LOAD_FAST; LOAD_CONST; BINARY_OP, small arguments
		if out[i] == in[i] && in[i].Op() == compiler.LOAD_FAST && in[i+1].Op() == compiler.LOAD_CONST && in[i+2].Op() == compiler.BINARY_OP &&
			in[i].Arg() < 256 && in[i+1].Arg() < 256 && in[i+2].Arg() < 256 {
			out[i] = compiler.MakeInstr(opLoadFastConstBinOp, in[i].Arg()|in[i+1].Arg()<<8|in[i+2].Arg()<<16)
		}
	}
	localSubscrs(in, out)
	for i := 0; i+2 < len(out); i++ {
		// the load and store of an augmented assignment to a subscript
		if out[i] != in[i] {
			continue
		}
		switch {
		case in[i] == compiler.MakeInstr(compiler.COPY, 2) && in[i+1] == compiler.MakeInstr(compiler.COPY, 2) && in[i+2].Op() == compiler.BINARY_SUBSCR:
			out[i] = compiler.MakeInstr(opCopyCopySubscr, 0)
		case in[i] == compiler.MakeInstr(compiler.SWAP, 3) && in[i+1] == compiler.MakeInstr(compiler.SWAP, 2) && in[i+2].Op() == compiler.STORE_SUBSCR:
			out[i] = compiler.MakeInstr(opSwapSwapStoreSubscr, 0)
		}
	}
	for i := 0; i+1 < len(out); i++ {
		if out[i] != in[i] {
			continue
		}
		a, b := in[i], in[i+1]
		x, y := a.Arg(), b.Arg()
		if x >= 1<<12 || y >= 1<<12 {
			continue
		}
		var op compiler.Opcode
		switch {
		case a.Op() == compiler.LOAD_FAST && b.Op() == compiler.LOAD_FAST:
			op = opLoadFastLoadFast
		case a.Op() == compiler.LOAD_FAST && b.Op() == compiler.LOAD_CONST:
			op = opLoadFastLoadConst
		case a.Op() == compiler.LOAD_FAST && b.Op() == compiler.LOAD_ATTR:
			op = opLoadFastLoadAttr
		case a.Op() == compiler.STORE_FAST && b.Op() == compiler.LOAD_FAST:
			op = opStoreFastLoadFast
		case a.Op() == compiler.PUSH_NULL && b.Op() == compiler.LOAD_GLOBAL:
			// the LOAD_GLOBAL stays in place (its cache is keyed by its pc)
			out[i] = compiler.MakeInstr(opPushNullLoadGlobal, y)
			continue
		case a.Op() == compiler.LOAD_CONST && b.Op() == compiler.BINARY_OP:
			op = opLoadConstBinaryOp
		default:
			continue
		}
		out[i] = compiler.MakeInstr(op, x|y<<12)
	}
	for i, ins := range in {
		// loop tails: the jump back to a for loop's FOR_ITER, and a store
		// followed by a jump
		if ins.Op() == compiler.JUMP && ins.Arg() < len(in) && in[ins.Arg()].Op() == compiler.FOR_ITER {
			out[i] = compiler.MakeInstr(opJumpForIter, ins.Arg())
		}
		if out[i] == ins && ins.Op() == compiler.STORE_FAST && i+1 < len(in) && in[i+1].Op() == compiler.JUMP {
			out[i] = compiler.MakeInstr(opStoreFastJump, ins.Arg())
		}
		// "x in free_variable"
		if out[i] == ins && ins.Op() == compiler.LOAD_DEREF && i+1 < len(in) && in[i+1].Op() == compiler.CONTAINS_OP {
			out[i] = compiler.MakeInstr(opDerefContains, ins.Arg())
		}
		if ins.Op() == opLoadFree && i+1 < len(in) && in[i+1].Op() == compiler.CONTAINS_OP {
			out[i] = compiler.MakeInstr(opFreeContains, ins.Arg())
		}
	}
	unpackStores(in, out)
	callGetIters(in, out)
	makeClosures(in, out)
	binarySpecials(in, out)
	return out
}

// The superinstructions must stay below opTrace.
var _ = [opTrace - opDerefContains - 1]struct{}{}
