package vm

import "github.com/pyasync/pyasync/compiler"

// BINARY_OP of +, -, * and / (plain or augmented) is rewritten at load into
// an instruction of its own per operator (opBinaryAdd...), as CPython 3.11
// specialises it: run tests the operands' kinds for that operator only,
// with no switch on the operator, and anything but two small ints or two
// floats (for /, also an int and a float) goes on as the BINARY_OP it
// was. The argument is unchanged, so the fallback reads the operator
// from it.

// binarySpecials rewrites in out every BINARY_OP that no superinstruction
// has replaced and whose operator has an instruction of its own.
func binarySpecials(in, out []compiler.Instr) {
	for i, ins := range in {
		if ins.Op() != compiler.BINARY_OP || out[i] != ins {
			continue
		}
		var op compiler.Opcode
		switch compiler.BinaryOp(ins.Arg()) % compiler.InplaceOffset {
		case compiler.OpAdd:
			op = opBinaryAdd
		case compiler.OpSub:
			op = opBinarySub
		case compiler.OpMul:
			op = opBinaryMul
		case compiler.OpTrueDiv:
			op = opBinaryTrueDiv
		default:
			continue
		}
		out[i] = compiler.MakeInstr(op, ins.Arg())
	}
}

// exactFloatInt reports whether the small int n converts to a float
// exactly (|n| <= 2**53), so that n / m of two such ints is the float
// division of their conversions, correctly rounded as CPython's.
func exactFloatInt(n int64) bool {
	return n >= -1<<53 && n <= 1<<53
}
