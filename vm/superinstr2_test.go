package vm

import (
	"strings"
	"testing"

	"github.com/pyasync/pyasync/compiler"
)

// TestSuperinstrBlocksFree fails when the compiler's opcodes grow into the
// second block of superinstructions.
func TestSuperinstrBlocksFree(t *testing.T) {
	for op := opUnpackStoreFast; op < opLoadFastLoadFast; op++ {
		if s := op.String(); !strings.HasPrefix(s, "OPCODE_") {
			t.Fatalf("opcode %d is the compiler's %s", op, s)
		}
	}
}

// TestUnpackStoresFused checks which unpackings are fused: only an
// UNPACK_SEQUENCE followed by as many STORE_FASTs.
func TestUnpackStoresFused(t *testing.T) {
	mk := compiler.MakeInstr
	for _, c := range []struct {
		in   []compiler.Instr
		want bool
	}{
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 2), mk(compiler.STORE_FAST, 1), mk(compiler.STORE_FAST, 2), mk(compiler.RETURN_VALUE, 0)}, true},
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 2), mk(compiler.STORE_FAST, 1), mk(compiler.STORE_FAST, 2), mk(compiler.LOAD_FAST, 1)}, true},
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 2), mk(compiler.STORE_FAST, 1), mk(compiler.STORE_NAME, 2), mk(compiler.RETURN_VALUE, 0)}, false},
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 3), mk(compiler.STORE_FAST, 1), mk(compiler.STORE_FAST, 2), mk(compiler.RETURN_VALUE, 0)}, false},
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 2), mk(compiler.STORE_FAST, 1), mk(compiler.STORE_FAST, 2)}, true},
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 2), mk(compiler.STORE_FAST, 1)}, false}, // the code ends first
		{[]compiler.Instr{mk(compiler.UNPACK_SEQUENCE, 1), mk(compiler.STORE_FAST, 1), mk(compiler.RETURN_VALUE, 0)}, false},
	} {
		out := superinstructions(c.in, nil)
		if got := out[0].Op() == opUnpackStoreFast; got != c.want {
			t.Errorf("%v: fused %v, want %v", c.in, got, c.want)
		}
		for i := 1; i < len(c.in)-1; i++ {
			if c.want && i < c.in[0].Arg() && out[i] != c.in[i] {
				t.Errorf("%v: store %d rewritten to %v", c.in, i, out[i])
			}
		}
	}
}
