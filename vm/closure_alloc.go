package vm

import (
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
)

// A function with free variables is made by BUILD_TUPLE n of its cells,
// LOAD_CONST code, LOAD_CONST qualname and MAKE_FUNCTION with only the
// closure flag. Fused at load into opMakeClosure (the three instructions
// after it stay in place and are skipped), it allocates the Function and
// its closure together, without the tuple: `__closure__` makes a new
// tuple each time it is read anyway. Every comprehension inside a function
// that uses the function's locals pays this at each run (nqueens' `free =
// [...]` in every recursive call).

// funcClosure is a Function with room for its closure (R is [n]Value).
type funcClosure[R any] struct {
	fn Function
	cl R
}

// makeClosures marks in out every BUILD_TUPLE of 1 to 8 items followed by
// two LOAD_CONSTs and a MAKE_FUNCTION whose only flag is the closure.
func makeClosures(in, out []compiler.Instr) {
	for i := 0; i+3 < len(in); i++ {
		if in[i].Op() != compiler.BUILD_TUPLE || out[i] != in[i] || in[i].Arg() < 1 || in[i].Arg() > 8 {
			continue
		}
		if in[i+1].Op() == compiler.LOAD_CONST && out[i+1] == in[i+1] &&
			in[i+2].Op() == compiler.LOAD_CONST && out[i+2] == in[i+2] &&
			in[i+3] == compiler.MakeInstr(compiler.MAKE_FUNCTION, compiler.MakeFunctionClosure) {
			out[i] = compiler.MakeInstr(opMakeClosure, in[i].Arg())
		}
	}
}

// newClosureFunction allocates a Function whose closure is n Values
// inside the same object.
func newClosureFunction(n int) *Function {
	switch n {
	case 1:
		return closureFunction[[1]Value](1)
	case 2:
		return closureFunction[[2]Value](2)
	case 3:
		return closureFunction[[3]Value](3)
	case 4:
		return closureFunction[[4]Value](4)
	case 5:
		return closureFunction[[5]Value](5)
	case 6:
		return closureFunction[[6]Value](6)
	case 7:
		return closureFunction[[7]Value](7)
	}
	return closureFunction[[8]Value](n)
}

func closureFunction[R any](n int) *Function {
	r := &funcClosure[R]{}
	r.fn.closure = unsafe.Slice((*Value)(unsafe.Pointer(&r.cl)), n)
	return &r.fn
}

// makeClosure is opMakeClosure's MAKE_FUNCTION: loadCode and loadName are
// the two LOAD_CONSTs after it, cells the closure's items on the stack.
func (f *Frame) makeClosure(consts *Value, loadCode, loadName compiler.Instr, cells []Value) *Function {
	code := (*regAt(consts, loadCode>>8)).o.(*CodeObject).code
	fn := newClosureFunction(len(cells))
	copy(fn.closure, cells)
	fn.code, fn.globals, fn.name = code, f.globals, code.Name
	fn.qualname = (*regAt(consts, loadName>>8)).o.(*StrObject).s
	if code.Docstring != nil {
		fn.doc = Str(*code.Docstring)
	} else {
		fn.doc = None
	}
	if i := f.globals.indexStr(dunderName); i >= 0 {
		fn.module = f.globals.entries[i].value
	}
	return fn
}
