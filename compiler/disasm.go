package compiler

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Disassemble writes a listing of the code in the style of Python's dis
// module: a header with the code's properties, then one line per
// instruction (source line where it changes, ">>" on jump targets, index,
// opcode, argument and its meaning), the exception table, and the same for
// every code object in its constants.
func (c *Code) Disassemble(w io.Writer) {
	c.disassemble(w)
	for _, k := range c.Consts {
		if sub, ok := k.(*Code); ok {
			fmt.Fprintln(w)
			sub.Disassemble(w)
		}
	}
}

func (c *Code) disassemble(w io.Writer) {
	fmt.Fprintf(w, "Disassembly of %s:\n", codeRepr(c))
	fmt.Fprintf(w, "  qualname %s, args %d (posonly %d, kwonly %d), flags %s, stacksize %d\n",
		c.QualName, c.ArgCount, c.PosOnlyCount, c.KwOnlyCount, c.Flags, c.StackSize)
	if len(c.VarNames)+len(c.CellVars)+len(c.FreeVars) > 0 {
		fmt.Fprintf(w, "  varnames (%s) cellvars (%s) freevars (%s)\n",
			strings.Join(c.VarNames, ", "), strings.Join(c.CellVars, ", "), strings.Join(c.FreeVars, ", "))
	}
	targets := map[int]bool{}
	for _, in := range c.Instrs {
		if isJump(in.Op()) {
			targets[in.Arg()] = true
		}
	}
	for _, e := range c.ExceptionTable {
		targets[e.Target] = true
	}
	li := 0
	for pc, in := range c.Instrs {
		line := "    "
		if li < len(c.Lines) && c.Lines[li].PC == pc {
			if pc > 0 {
				fmt.Fprintln(w)
			}
			line = fmt.Sprintf("%4d", c.Lines[li].Line)
			li++
		}
		mark := "  "
		if targets[pc] {
			mark = ">>"
		}
		op := in.Op()
		s := fmt.Sprintf("%s %s %5d %s", line, mark, pc, op)
		if hasArg(op) {
			s = fmt.Sprintf("%s %s %-24s %5d", line, mark+fmt.Sprintf(" %5d", pc), op, in.Arg())
			if m := c.argMeaning(op, in.Arg()); m != "" {
				s += " (" + m + ")"
			}
		}
		fmt.Fprintln(w, strings.TrimRight(s, " "))
	}
	if len(c.ExceptionTable) > 0 {
		fmt.Fprintln(w, "ExceptionTable:")
		for _, e := range c.ExceptionTable {
			fmt.Fprintf(w, "  %d to %d -> %d [%d]\n", e.Start, e.End-1, e.Target, e.Depth)
		}
	}
}

// String lists the flags, e.g. "NESTED|GENERATOR".
func (f CodeFlags) String() string {
	names := []string{"VARARGS", "VARKEYWORDS", "GENERATOR", "COROUTINE", "ASYNC_GENERATOR", "NESTED", "CLASS_BODY", "MODULE", "TOP_LEVEL_AWAIT", "FUTURE_ANNOTATIONS"}
	var parts []string
	for i, n := range names {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := f &^ (1<<len(names) - 1); rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%x", uint32(rest)))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "|")
}

func isJump(op Opcode) bool {
	switch op {
	case JUMP, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP,
		POP_JUMP_IF_NONE, POP_JUMP_IF_NOT_NONE, FOR_ITER, SEND:
		return true
	}
	return false
}

func hasArg(op Opcode) bool {
	switch op {
	case NOP, POP_TOP, BINARY_SUBSCR, STORE_SUBSCR, DELETE_SUBSCR, UNARY_NEGATIVE, UNARY_POSITIVE,
		UNARY_INVERT, UNARY_NOT, GET_ITER, RETURN_VALUE, LIST_TO_TUPLE, LOAD_BUILD_CLASS, PUSH_NULL,
		RERAISE, PUSH_EXC_INFO, POP_EXCEPT, CHECK_EXC_MATCH, LOAD_ASSERTION_ERROR, BEFORE_WITH,
		WITH_EXCEPT_START, YIELD_VALUE, GET_YIELD_FROM_ITER, GET_AITER, GET_ANEXT, END_ASYNC_FOR,
		BEFORE_ASYNC_WITH, ASYNC_GEN_WRAP, IMPORT_STAR, PRINT_EXPR, SETUP_ANNOTATIONS:
		return false
	}
	return true
}

var binaryOpText = [...]string{"+", "-", "*", "@", "/", "//", "%", "**", "<<", ">>", "|", "^", "&"}

var compareOpText = [...]string{"<", "<=", "==", "!=", ">", ">="}

func (c *Code) argMeaning(op Opcode, arg int) string {
	switch op {
	case LOAD_CONST, KW_NAMES:
		if arg < len(c.Consts) {
			return Repr(c.Consts[arg])
		}
	case LOAD_FAST, STORE_FAST, DELETE_FAST, LOAD_DEREF, STORE_DEREF, DELETE_DEREF,
		LOAD_CLASSDEREF, LOAD_CLOSURE, MAKE_CELL:
		if arg < c.NSlots() {
			return c.SlotName(arg)
		}
	case LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL, LOAD_NAME, STORE_NAME, DELETE_NAME,
		LOAD_ATTR, STORE_ATTR, DELETE_ATTR, LOAD_METHOD, IMPORT_NAME, IMPORT_FROM:
		if arg < len(c.Names) {
			if c.Names[arg] == "" {
				return "''"
			}
			return c.Names[arg]
		}
	case JUMP, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP,
		POP_JUMP_IF_NONE, POP_JUMP_IF_NOT_NONE, FOR_ITER, SEND:
		return fmt.Sprintf("to %d", arg)
	case BINARY_OP:
		if arg < len(binaryOpText) {
			return binaryOpText[arg]
		}
		if arg-int(InplaceOffset) < len(binaryOpText) {
			return binaryOpText[arg-int(InplaceOffset)] + "="
		}
	case COMPARE_OP:
		if arg < len(compareOpText) {
			return compareOpText[arg]
		}
	case IS_OP:
		return [...]string{"is", "is not"}[arg&1]
	case CONTAINS_OP:
		return [...]string{"in", "not in"}[arg&1]
	case FORMAT_VALUE:
		parts := []string{}
		if conv := [...]string{"", "str", "repr", "ascii"}[arg&3]; conv != "" {
			parts = append(parts, conv)
		}
		if arg&4 != 0 {
			parts = append(parts, "with format")
		}
		return strings.Join(parts, ", ")
	case MAKE_FUNCTION:
		parts := []string{}
		for i, n := range []string{"defaults", "kwdefaults", "annotations", "closure"} {
			if arg&(1<<i) != 0 {
				parts = append(parts, n)
			}
		}
		return strings.Join(parts, ", ")
	case UNPACK_EX:
		return fmt.Sprintf("%d before, %d after", arg&0xff, arg>>8)
	case GET_AWAITABLE:
		switch arg {
		case 1:
			return "__aenter__"
		case 2:
			return "__aexit__"
		}
	}
	return ""
}

func codeRepr(c *Code) string {
	return fmt.Sprintf("<code object %s, file %q, line %d>", c.Name, c.Filename, c.FirstLine)
}

// Repr renders a constant as Python's repr would: None, True, 12, 1.5,
// 'text', b'bytes', Ellipsis, (1, 2), <code object f, ...>.
func Repr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(v, 10)
	case *big.Int:
		return v.String()
	case float64:
		return floatRepr(v)
	case complex128:
		re, im := floatRepr(real(v)), floatRepr(imag(v))
		re, im = strings.TrimSuffix(re, ".0"), strings.TrimSuffix(im, ".0")
		if real(v) == 0 && !math.Signbit(real(v)) {
			return im + "j"
		}
		if !strings.HasPrefix(im, "-") {
			im = "+" + im
		}
		return "(" + re + im + "j)"
	case string:
		return strRepr(v)
	case Bytes:
		return bytesRepr(v)
	case Ellipsis:
		return "Ellipsis"
	case ConstTuple:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = Repr(x)
		}
		if len(v) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case ConstFrozenSet:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = Repr(x)
		}
		return "frozenset({" + strings.Join(parts, ", ") + "})"
	case *Code:
		return codeRepr(v)
	}
	return fmt.Sprintf("%v", v)
}

// floatRepr formats a float as Python's repr does: the shortest
// round-tripping digits, fixed notation for exponents in [-4, 16) with at
// least one decimal ("1.0"), scientific otherwise ("1e+16", "1.5e-05").
func floatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	sign := ""
	if neg {
		sign = "-"
	}
	if exp >= -4 && exp < 16 {
		var out string
		if exp < 0 {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		} else if exp+1 >= len(digits) {
			out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
		} else {
			out = digits[:exp+1] + "." + digits[exp+1:]
		}
		return sign + out
	}
	m := digits[:1]
	if len(digits) > 1 {
		m += "." + digits[1:]
	}
	es := "+"
	if exp < 0 {
		es = "-"
		exp = -exp
	}
	return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
}

func strRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i-1])
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString("\\n")
		case r == '\r':
			b.WriteString("\\r")
		case r == '\t':
			b.WriteString("\\t")
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\x%02x", r)
		case r < 0x80 || unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		case r < 0x10000:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			fmt.Fprintf(&b, "\\U%08x", r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

func bytesRepr(v Bytes) string {
	quote := byte('\'')
	if strings.IndexByte(string(v), '\'') >= 0 && strings.IndexByte(string(v), '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(quote)
	for _, c := range v {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString("\\n")
		case c == '\r':
			b.WriteString("\\r")
		case c == '\t':
			b.WriteString("\\t")
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\x%02x", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}
