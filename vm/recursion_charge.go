package vm

// CPython 3.11 counts against the recursion limit not only Python frames
// but also the C-level calls that check it (Py_EnterRecursiveCall): a rich
// comparison, PyObject_Repr and PyObject_Str, a call through tp_call (an
// instance's __call__, a class), the builtins called the non-fast way
// (hash, repr, abs, min, …), __instancecheck__. So `__eq__` calling `==`
// recursively stops at about half the depth of a plain recursion, and
// `__repr__` calling repr() at a third. VM.cDepth holds those charges
// while such a call runs; the frame checks add it to the number of frames.

// Recursion-limit message suffixes, as CPython's.
const (
	inComparison  = " in comparison"
	whileCalling  = " while calling a Python object"
	whileRepr     = " while getting the repr of an object"
	whileStr      = " while getting the str of an object"
	inInstcheck   = " in __instancecheck__"
	inSubclscheck = " in __subclasscheck__"
)

// enterC charges one level (CPython's Py_EnterRecursiveCall): it fails
// with RecursionError when the limit is already used up. Each successful
// enterC is paired with a leaveC.
func (t *Thread) enterC(suffix string) error {
	if len(t.frames)+t.vm.cDepth >= t.vm.recursionLimit {
		return Errorf(RecursionError, "maximum recursion depth exceeded%s", suffix)
	}
	t.vm.cDepth++
	return nil
}

// leaveC gives back the level enterC charged.
func (t *Thread) leaveC() { t.vm.cDepth-- }

// chargedBuiltins are the builtins CPython calls the non-fast way (METH_O
// or METH_VARARGS, and so through a recursion check) and that can call
// back into script code: their call charges a level while it runs. (len
// is METH_O too, but 3.11's specialised CALL for it skips the check.)
var chargedBuiltins = map[string]bool{
	"abs": true, "ascii": true, "bin": true, "callable": true, "chr": true, "hash": true,
	"hex": true, "oct": true, "ord": true, "repr": true, "dir": true, "min": true,
	"max": true, "vars": true,
}

// chargeCall wraps a builtin so that its call charges a level.
func chargeCall(fn BuiltinFunc) BuiltinFunc {
	return func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := t.enterC(whileCalling); err != nil {
			return Value{}, err
		}
		r, err := fn(t, args, kw)
		t.leaveC()
		return r, err
	}
}

// chargeMethod is chargeCall for a method (str.format is METH_VARARGS).
func chargeMethod(fn MethodFunc) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := t.enterC(whileCalling); err != nil {
			return Value{}, err
		}
		r, err := fn(t, self, args, kw)
		t.leaveC()
		return r, err
	}
}
