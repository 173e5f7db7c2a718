package vm

import "github.com/pyasync/pyasync/compiler"

// The second block of VM-internal superinstructions (the first, 240–254,
// is full). The compiler's opcodes end far below it.
const (
	opUnpackStoreFast compiler.Opcode = 200 + iota // arg n: UNPACK_SEQUENCE n whose n-1 first stores run with it
	opMakeCells                                    // arg first | end<<12: the cell prologue (cells.go), then jump to end
	opCallGetIter                                  // arg n: a CALL n followed by GET_ITER ("for i in range(n)")
	opMakeClosure                                  // arg n: BUILD_TUPLE n of cells, LOAD_CONST code, LOAD_CONST name, MAKE_FUNCTION closure (closure_alloc.go)
	opBinaryAdd                                    // arg op: a BINARY_OP of + or += (binary_spec.go)
	opBinarySub                                    // arg op: a BINARY_OP of - or -=
	opBinaryMul                                    // arg op: a BINARY_OP of * or *=
	opBinaryTrueDiv                                // arg op: a BINARY_OP of / or /=
	opFastConstSubscr                              // arg a | c<<12: LOAD_FAST a; LOAD_CONST c; BINARY_SUBSCR (subscr_fast.go)
	opFastFastSubscr                               // arg a | b<<12: LOAD_FAST a; LOAD_FAST b; BINARY_SUBSCR
	opCallPositional                               // arg n: a CALL n without KW_NAMES before it (no keyword names to look for)
)

// The unpackings of two items FOR_ITER looks for after it (a dict's
// items are unpacked without a pair tuple).
var (
	unpackStore2 = compiler.MakeInstr(opUnpackStoreFast, 2)
	unpack2      = compiler.MakeInstr(compiler.UNPACK_SEQUENCE, 2)
)

// The second block must stay above the compiler's opcodes
// (TestSuperinstrBlocksFree) and below the first.
var _ = [opLoadFastLoadFast - opCallPositional - 1]struct{}{}

// unpackStores fuses "a, b, c = seq" into out: an UNPACK_SEQUENCE n
// followed by n STORE_FASTs becomes opUnpackStoreFast n, which stores the
// first n-1 items into the locals named by the first n-1 STORE_FASTs (kept
// in place, it reads their arguments) and leaves the last item on the stack
// for the last store, which runs as it is (it may be a superinstruction).
func unpackStores(in, out []compiler.Instr) {
	for i, ins := range in {
		n := ins.Arg()
		if ins.Op() != compiler.UNPACK_SEQUENCE || out[i] != ins || n < 2 || i+n >= len(in) {
			continue
		}
		ok := true
		for k := 1; k <= n; k++ {
			// the first n-1 must stay plain STORE_FASTs in out: each is
			// followed by another store, so no pair rewrites them
			if in[i+k].Op() != compiler.STORE_FAST || k < n && out[i+k] != in[i+k] {
				ok = false
				break
			}
		}
		if ok {
			out[i] = compiler.MakeInstr(opUnpackStoreFast, n)
		}
	}
}

// callGetIters marks in out every CALL without keywords followed by a
// GET_ITER (the GET_ITER is kept in place): run makes the iterator of
// range(...) of small ints directly, without the range object, and skips
// the GET_ITER; any other callable is called as by CALL.
func callGetIters(in, out []compiler.Instr) {
	for i := 0; i+1 < len(in); i++ {
		if in[i].Op() == compiler.CALL && out[i] == in[i] && in[i+1].Op() == compiler.GET_ITER &&
			(i == 0 || in[i-1].Op() != compiler.KW_NAMES) {
			out[i] = compiler.MakeInstr(opCallGetIter, in[i].Arg())
		}
	}
	// the other CALLs without keywords
	for i, ins := range in {
		if ins.Op() == compiler.CALL && out[i] == ins && (i == 0 || in[i-1].Op() != compiler.KW_NAMES) {
			out[i] = compiler.MakeInstr(opCallPositional, ins.Arg())
		}
	}
}
