package vm

import "github.com/pyasync/pyasync/compiler"

// localSubscrs fuses "local[const]" and "local[local]" into out:
// LOAD_FAST a; LOAD_CONST c (or LOAD_FAST b); BINARY_SUBSCR becomes
// opFastConstSubscr (opFastFastSubscr) with the argument of the pair
// superinstruction opLoadFastLoadConst (opLoadFastLoadFast). run reads an
// item of an exact list by a small int index in range directly and skips
// the two instructions kept after it; anything else runs as the pair, then
// the BINARY_SUBSCR (nbody's a[0], spectral_norm's v[j]).
func localSubscrs(in, out []compiler.Instr) {
	for i := 0; i+2 < len(in); i++ {
		a, b := in[i], in[i+1]
		if out[i] != a || a.Op() != compiler.LOAD_FAST || in[i+2].Op() != compiler.BINARY_SUBSCR ||
			a.Arg() >= 1<<12 || b.Arg() >= 1<<12 {
			continue
		}
		switch b.Op() {
		case compiler.LOAD_CONST:
			out[i] = compiler.MakeInstr(opFastConstSubscr, a.Arg()|b.Arg()<<12)
		case compiler.LOAD_FAST:
			out[i] = compiler.MakeInstr(opFastFastSubscr, a.Arg()|b.Arg()<<12)
		}
	}
}
