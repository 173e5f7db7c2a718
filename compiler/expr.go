package compiler

import (
	"math"
	"math/big"

	"github.com/pyasync/pyasync/ast"
)

// stackUseGuideline is the display size above which elements are appended
// one by one rather than all pushed first (as CPython).
const stackUseGuideline = 30

func intConst(v *big.Int) any {
	if v.IsInt64() {
		return v.Int64()
	}
	return new(big.Int).Set(v)
}

// foldConst returns the constant value of a literal, a negated numeric
// literal or a tuple of constants.
func foldConst(e ast.Expr) (any, bool) {
	switch e := e.(type) {
	case *ast.Int:
		return intConst(e.Value), true
	case *ast.Float:
		return e.Value, true
	case *ast.Imag:
		return complex(0, e.Value), true
	case *ast.Str:
		return e.Value, true
	case *ast.Bytes:
		return Bytes(e.Value), true
	case *ast.NoneLit:
		return nil, true
	case *ast.Bool:
		return e.Value, true
	case *ast.EllipsisLit:
		return Ellipsis{}, true
	case *ast.UnaryOp:
		if e.Op != ast.USub {
			return nil, false
		}
		switch x := e.Operand.(type) {
		case *ast.Int:
			return intConst(new(big.Int).Neg(x.Value)), true
		case *ast.Float:
			return -x.Value, true
		case *ast.Imag:
			return complex(math.Copysign(0, -1), -x.Value), true
		}
	case *ast.Tuple:
		t := make(ConstTuple, len(e.Elts))
		for i, x := range e.Elts {
			v, ok := foldConst(x)
			if !ok {
				return nil, false
			}
			t[i] = v
		}
		return t, true
	}
	return nil, false
}

// iterExpr compiles the iterable of a for loop or comprehension. Like
// CPython's AST optimizer (fold_iter), a set display of constants becomes a
// frozenset constant, which is iterated in its own table order.
func (c *compiler) iterExpr(e ast.Expr) error {
	if l, ok := e.(*ast.List); ok {
		consts := make(ConstTuple, len(l.Elts))
		allConst := true
		for i, x := range l.Elts {
			v, ok := foldConst(x)
			if !ok {
				allConst = false
				break
			}
			consts[i] = v
		}
		if allConst {
			c.loadConst(consts)
			return nil
		}
	}
	if s, ok := e.(*ast.Set); ok && len(s.Elts) > 0 {
		consts := make(ConstFrozenSet, len(s.Elts))
		allConst := true
		for i, x := range s.Elts {
			v, ok := foldConst(x)
			if !ok {
				allConst = false
				break
			}
			consts[i] = v
		}
		if allConst {
			c.loadConst(consts)
			return nil
		}
	}
	return c.expr(e)
}

func isConstTuple(t *ast.Tuple) bool {
	_, ok := foldConst(t)
	return ok
}

// constTruth returns the truth value of a constant expression.
func constTruth(e ast.Expr) (truth, ok bool) {
	switch e := e.(type) {
	case *ast.Bool:
		return e.Value, true
	case *ast.NoneLit:
		return false, true
	case *ast.Int:
		return e.Value.Sign() != 0, true
	case *ast.Float:
		return e.Value != 0, true
	case *ast.Str:
		return e.Value != "", true
	case *ast.Bytes:
		return e.Value != "", true
	case *ast.EllipsisLit:
		return true, true
	}
	return false, false
}

// expr compiles an expression, leaving its value on the stack.
func (c *compiler) expr(e ast.Expr) error {
	old := c.setSpan(e)
	err := c.expr1(e)
	c.restoreLoc(old)
	return err
}

func (c *compiler) expr1(e ast.Expr) error {
	if v, ok := foldConst(e); ok {
		c.loadConst(v)
		return nil
	}
	switch e := e.(type) {
	case *ast.Name:
		c.nameOp(e.Id, ctxLoad)
	case *ast.Attribute:
		if err := c.expr(e.Value); err != nil {
			return err
		}
		c.matchAttr(e)
		c.emitName(LOAD_ATTR, e.Attr)
	case *ast.Subscript:
		if err := c.expr(e.Value); err != nil {
			return err
		}
		if err := c.index(e.Index); err != nil {
			return err
		}
		c.emit(BINARY_SUBSCR, 0)
	case *ast.BinOp:
		if err := c.expr(e.Left); err != nil {
			return err
		}
		if err := c.expr(e.Right); err != nil {
			return err
		}
		c.emit(BINARY_OP, int(e.Op))
	case *ast.UnaryOp:
		if err := c.expr(e.Operand); err != nil {
			return err
		}
		c.emit([...]Opcode{ast.Invert: UNARY_INVERT, ast.Not: UNARY_NOT, ast.UAdd: UNARY_POSITIVE, ast.USub: UNARY_NEGATIVE}[e.Op], 0)
	case *ast.BoolOp:
		end := c.newLabel()
		op := JUMP_IF_FALSE_OR_POP
		if e.Op == ast.Or {
			op = JUMP_IF_TRUE_OR_POP
		}
		for i, v := range e.Values {
			if err := c.expr(v); err != nil {
				return err
			}
			if i < len(e.Values)-1 {
				c.emitJump(op, end)
			}
		}
		c.bind(end)
	case *ast.Compare:
		return c.compare(e)
	case *ast.IfExp:
		orelse := c.newLabel()
		end := c.newLabel()
		if err := c.jumpIf(e.Test, false, orelse); err != nil {
			return err
		}
		if err := c.expr(e.Body); err != nil {
			return err
		}
		c.emitJump(JUMP, end)
		c.bind(orelse)
		if err := c.expr(e.OrElse); err != nil {
			return err
		}
		c.bind(end)
	case *ast.Lambda:
		return c.lambda(e)
	case *ast.NamedExpr:
		if err := c.expr(e.Value); err != nil {
			return err
		}
		c.emit(COPY, 1)
		return c.store(e.Target)
	case *ast.Call:
		return c.call(e)
	case *ast.Starred:
		return c.errorSpan(e, "can't use starred expression here")
	case *ast.Slice:
		return c.errorf(e.Pos, "invalid syntax")
	case *ast.Tuple:
		return c.sequence(e.Elts, seqTuple, 0)
	case *ast.List:
		return c.sequence(e.Elts, seqList, 0)
	case *ast.Set:
		return c.sequence(e.Elts, seqSet, 0)
	case *ast.Dict:
		return c.dict(e)
	case *ast.ListComp:
		return c.comprehension(e, compList, e.Generators, e.Elt, nil)
	case *ast.SetComp:
		return c.comprehension(e, compSet, e.Generators, e.Elt, nil)
	case *ast.DictComp:
		return c.comprehension(e, compDict, e.Generators, e.Key, e.Value)
	case *ast.GeneratorExp:
		return c.comprehension(e, compGen, e.Generators, e.Elt, nil)
	case *ast.Await:
		if c.allowTopLevelAwait() {
			c.u.hasAwait = true
		} else {
			if !c.inFunction() {
				return c.errorSpan(e, "'await' outside function")
			}
			if c.u.kind != unitAsyncFunction && c.u.kind != unitComprehension {
				return c.errorSpan(e, "'await' outside async function")
			}
		}
		if err := c.expr(e.Value); err != nil {
			return err
		}
		c.emit(GET_AWAITABLE, 0)
		c.loadConst(nil)
		c.sendLoop()
	case *ast.Yield:
		if !c.inFunction() {
			return c.errorSpan(e, "'yield' outside function")
		}
		if e.Value != nil {
			if err := c.expr(e.Value); err != nil {
				return err
			}
		} else {
			c.loadConst(nil)
		}
		c.yieldValue()
	case *ast.YieldFrom:
		if !c.inFunction() {
			return c.errorSpan(e, "'yield' outside function")
		}
		if c.u.kind == unitAsyncFunction {
			return c.errorSpan(e, "'yield from' inside async function")
		}
		if err := c.expr(e.Value); err != nil {
			return err
		}
		c.emit(GET_YIELD_FROM_ITER, 0)
		c.loadConst(nil)
		c.sendLoop()
	case *ast.JoinedStr:
		switch len(e.Values) {
		case 0:
			c.loadConst("")
		case 1:
			return c.expr(e.Values[0])
		default:
			for _, v := range e.Values {
				if err := c.expr(v); err != nil {
					return err
				}
			}
			c.emit(BUILD_STRING, len(e.Values))
		}
	case *ast.FormattedValue:
		if err := c.expr(e.Value); err != nil {
			return err
		}
		flags := 0
		switch e.Conversion {
		case 's':
			flags = 1
		case 'r':
			flags = 2
		case 'a':
			flags = 3
		}
		if e.Spec != nil {
			if err := c.expr(e.Spec); err != nil {
				return err
			}
			flags |= 4
		}
		c.emit(FORMAT_VALUE, flags)
	default:
		return c.errorf(e.Position(), "unsupported expression %T", e)
	}
	return nil
}

// yieldValue emits a yield of the value on top of the stack.
func (c *compiler) yieldValue() {
	if sc := c.u.scope; sc.isGenerator && sc.isCoroutine {
		c.emit(ASYNC_GEN_WRAP, 0)
	}
	c.emit(YIELD_VALUE, 0)
}

// index compiles a subscript index: slices become BUILD_SLICE, and a tuple
// holding slices is built element by element.
func (c *compiler) index(e ast.Expr) error {
	switch e := e.(type) {
	case *ast.Slice:
		return c.slice(e)
	case *ast.Tuple:
		if _, ok := foldConst(e); ok {
			return c.expr(e)
		}
		hasSlice := false
		for _, x := range e.Elts {
			if _, ok := x.(*ast.Slice); ok {
				hasSlice = true
			}
		}
		if !hasSlice {
			return c.expr(e)
		}
		old := c.setLoc(e.Pos)
		defer c.restoreLoc(old)
		for _, x := range e.Elts {
			if err := c.index(x); err != nil {
				return err
			}
		}
		c.emit(BUILD_TUPLE, len(e.Elts))
		return nil
	}
	return c.expr(e)
}

func (c *compiler) slice(s *ast.Slice) error {
	old := c.setLoc(s.Pos)
	defer c.restoreLoc(old)
	for _, part := range []ast.Expr{s.Lower, s.Upper} {
		if part == nil {
			c.loadConst(nil)
		} else if err := c.expr(part); err != nil {
			return err
		}
	}
	if s.Step != nil {
		if err := c.expr(s.Step); err != nil {
			return err
		}
		c.emit(BUILD_SLICE, 3)
	} else {
		c.emit(BUILD_SLICE, 2)
	}
	return nil
}

func (c *compiler) emitCompare(op ast.CmpOp) {
	switch op {
	case ast.Eq:
		c.emit(COMPARE_OP, int(CmpEQ))
	case ast.NotEq:
		c.emit(COMPARE_OP, int(CmpNE))
	case ast.Lt:
		c.emit(COMPARE_OP, int(CmpLT))
	case ast.LtE:
		c.emit(COMPARE_OP, int(CmpLE))
	case ast.Gt:
		c.emit(COMPARE_OP, int(CmpGT))
	case ast.GtE:
		c.emit(COMPARE_OP, int(CmpGE))
	case ast.Is:
		c.emit(IS_OP, 0)
	case ast.IsNot:
		c.emit(IS_OP, 1)
	case ast.In:
		c.emit(CONTAINS_OP, 0)
	case ast.NotIn:
		c.emit(CONTAINS_OP, 1)
	}
}

func (c *compiler) compare(e *ast.Compare) error {
	if len(e.Ops) == 0 || len(e.Ops) != len(e.Comparators) {
		return c.errorf(e.Pos, "invalid comparison")
	}
	if err := c.expr(e.Left); err != nil {
		return err
	}
	n := len(e.Ops) - 1
	// Like CPython's fold_compare, a constant list or set display as the
	// last operand of "in" becomes a tuple or frozenset constant.
	last := c.expr
	if e.Ops[n] == ast.In || e.Ops[n] == ast.NotIn {
		last = c.iterExpr
	}
	if n == 0 {
		if err := last(e.Comparators[0]); err != nil {
			return err
		}
		c.emitCompare(e.Ops[0])
		return nil
	}
	cleanup := c.newLabel()
	for i := 0; i < n; i++ {
		if err := c.expr(e.Comparators[i]); err != nil {
			return err
		}
		c.emit(SWAP, 2)
		c.emit(COPY, 2)
		c.emitCompare(e.Ops[i])
		c.emitJump(JUMP_IF_FALSE_OR_POP, cleanup)
	}
	if err := last(e.Comparators[n]); err != nil {
		return err
	}
	c.emitCompare(e.Ops[n])
	end := c.newLabel()
	c.emitJump(JUMP, end)
	c.bind(cleanup)
	c.emit(SWAP, 2)
	c.emit(POP_TOP, 0)
	c.bind(end)
	return nil
}

// jumpIf compiles a condition: it jumps to target when the truth of e equals
// cond, and falls through otherwise.
func (c *compiler) jumpIf(e ast.Expr, cond bool, target label) error {
	old := c.setLoc(e.Position())
	defer c.restoreLoc(old)
	if truth, ok := constTruth(e); ok {
		if truth == cond {
			c.emitJump(JUMP, target)
		}
		return nil
	}
	switch e := e.(type) {
	case *ast.UnaryOp:
		if e.Op == ast.Not {
			return c.jumpIf(e.Operand, !cond, target)
		}
	case *ast.BoolOp:
		cond2 := e.Op == ast.Or
		next2 := target
		if cond2 != cond {
			next2 = c.newLabel()
		}
		n := len(e.Values) - 1
		for i := 0; i < n; i++ {
			if err := c.jumpIf(e.Values[i], cond2, next2); err != nil {
				return err
			}
		}
		if err := c.jumpIf(e.Values[n], cond, target); err != nil {
			return err
		}
		if next2 != target {
			c.bind(next2)
		}
		return nil
	case *ast.IfExp:
		end := c.newLabel()
		next2 := c.newLabel()
		if err := c.jumpIf(e.Test, false, next2); err != nil {
			return err
		}
		if err := c.jumpIf(e.Body, cond, target); err != nil {
			return err
		}
		c.emitJump(JUMP, end)
		c.bind(next2)
		if err := c.jumpIf(e.OrElse, cond, target); err != nil {
			return err
		}
		c.bind(end)
		return nil
	case *ast.Compare:
		n := len(e.Ops) - 1
		if n < 0 || len(e.Ops) != len(e.Comparators) {
			break
		}
		if n == 0 {
			if _, isNone := e.Comparators[0].(*ast.NoneLit); isNone && (e.Ops[0] == ast.Is || e.Ops[0] == ast.IsNot) {
				if err := c.expr(e.Left); err != nil {
					return err
				}
				jumpIfNone := (e.Ops[0] == ast.Is) == cond
				c.setLoc(e.Pos)
				if jumpIfNone {
					c.emitJump(POP_JUMP_IF_NONE, target)
				} else {
					c.emitJump(POP_JUMP_IF_NOT_NONE, target)
				}
				return nil
			}
			break
		}
		cleanup := c.newLabel()
		if err := c.expr(e.Left); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if err := c.expr(e.Comparators[i]); err != nil {
				return err
			}
			c.emit(SWAP, 2)
			c.emit(COPY, 2)
			c.emitCompare(e.Ops[i])
			c.emitJump(POP_JUMP_IF_FALSE, cleanup)
		}
		last := c.expr
		if e.Ops[n] == ast.In || e.Ops[n] == ast.NotIn {
			last = c.iterExpr
		}
		if err := last(e.Comparators[n]); err != nil {
			return err
		}
		c.emitCompare(e.Ops[n])
		if cond {
			c.emitJump(POP_JUMP_IF_TRUE, target)
		} else {
			c.emitJump(POP_JUMP_IF_FALSE, target)
		}
		end := c.newLabel()
		c.emitJump(JUMP, end)
		c.bind(cleanup)
		c.emit(POP_TOP, 0)
		if !cond {
			c.emitJump(JUMP, target)
		}
		c.bind(end)
		return nil
	}
	if err := c.expr(e); err != nil {
		return err
	}
	if cond {
		c.emitJump(POP_JUMP_IF_TRUE, target)
	} else {
		c.emitJump(POP_JUMP_IF_FALSE, target)
	}
	return nil
}

type seqKind int

const (
	seqTuple seqKind = iota
	seqList
	seqSet
)

// sequence compiles a tuple, list or set display (CPython's
// starunpack_helper). pushed items already on the stack become its first
// elements.
func (c *compiler) sequence(elts []ast.Expr, kind seqKind, pushed int) error {
	n := len(elts)
	build := [...]Opcode{BUILD_TUPLE, BUILD_LIST, BUILD_SET}[kind]
	if pushed == 0 && (kind == seqTuple || n > 2) {
		consts := make(ConstTuple, n)
		allConst := true
		for i, e := range elts {
			v, ok := foldConst(e)
			if !ok {
				allConst = false
				break
			}
			consts[i] = v
		}
		if allConst {
			if kind == seqTuple {
				c.loadConst(consts)
				return nil
			}
			c.emit(build, 0)
			if kind == seqList {
				c.loadConst(consts)
				c.emit(LIST_EXTEND, 1)
			} else {
				c.loadConst(ConstFrozenSet(consts))
				c.emit(SET_UPDATE, 1)
			}
			return nil
		}
	}
	seenStar := false
	for _, e := range elts {
		if _, ok := e.(*ast.Starred); ok {
			seenStar = true
		}
	}
	big := n+pushed > stackUseGuideline
	if !seenStar && !big {
		for _, e := range elts {
			if err := c.expr(e); err != nil {
				return err
			}
		}
		c.emit(build, n+pushed)
		return nil
	}
	add, extend := LIST_APPEND, LIST_EXTEND
	if kind == seqSet {
		build, add, extend = BUILD_SET, SET_ADD, SET_UPDATE
	} else {
		build = BUILD_LIST
	}
	built := false
	if big {
		c.emit(build, pushed)
		built = true
	}
	for i, e := range elts {
		if s, ok := e.(*ast.Starred); ok {
			if !built {
				c.emit(build, i+pushed)
				built = true
			}
			if err := c.expr(s.Value); err != nil {
				return err
			}
			c.emit(extend, 1)
		} else {
			if err := c.expr(e); err != nil {
				return err
			}
			if built {
				c.emit(add, 1)
			}
		}
	}
	if kind == seqTuple {
		c.emit(LIST_TO_TUPLE, 0)
	}
	return nil
}

func (c *compiler) dict(e *ast.Dict) error {
	if len(e.Keys) != len(e.Values) {
		return c.errorf(e.Pos, "invalid dict display")
	}
	n := len(e.Values)
	haveDict := false
	elements := 0
	subdict := func(begin, end int) error {
		for i := begin; i < end; i++ {
			if err := c.expr(e.Keys[i]); err != nil {
				return err
			}
			if err := c.expr(e.Values[i]); err != nil {
				return err
			}
		}
		c.emit(BUILD_MAP, end-begin)
		return nil
	}
	for i := 0; i < n; i++ {
		if e.Keys[i] == nil {
			if elements > 0 {
				if err := subdict(i-elements, i); err != nil {
					return err
				}
				if haveDict {
					c.emit(DICT_UPDATE, 1)
				}
				haveDict = true
				elements = 0
			}
			if !haveDict {
				c.emit(BUILD_MAP, 0)
				haveDict = true
			}
			if err := c.expr(e.Values[i]); err != nil {
				return err
			}
			c.emit(DICT_UPDATE, 1)
		} else if elements*2 > stackUseGuideline {
			if err := subdict(i-elements, i+1); err != nil {
				return err
			}
			if haveDict {
				c.emit(DICT_UPDATE, 1)
			}
			haveDict = true
			elements = 0
		} else {
			elements++
		}
	}
	if elements > 0 {
		if err := subdict(n-elements, n); err != nil {
			return err
		}
		if haveDict {
			c.emit(DICT_UPDATE, 1)
		}
		haveDict = true
	}
	if !haveDict {
		c.emit(BUILD_MAP, 0)
	}
	return nil
}

// ---- calls ----

func (c *compiler) validateKeywords(kws []*ast.Keyword) error {
	for i, kw := range kws {
		if kw.Arg == "" {
			continue
		}
		for _, other := range kws[i+1:] {
			if other.Arg == kw.Arg {
				return c.errorTo(other.Pos, other.Value, "keyword argument repeated: %s", kw.Arg)
			}
		}
	}
	return nil
}

func (c *compiler) call(e *ast.Call) error {
	if err := c.debugExpr(e); err != nil {
		return err
	}
	if err := c.validateKeywords(e.Keywords); err != nil {
		return err
	}
	if attr, ok := e.Func.(*ast.Attribute); ok && simpleCall(e) {
		// A method call: LOAD_METHOD leaves [meth self] or [NULL attr].
		if err := c.expr(attr.Value); err != nil {
			return err
		}
		c.matchAttr(attr)
		c.emitName(LOAD_METHOD, attr.Attr)
		return c.simpleCallArgs(0, e.Args, e.Keywords)
	}
	c.emit(PUSH_NULL, 0)
	if err := c.expr(e.Func); err != nil {
		return err
	}
	return c.callHelper(0, e.Args, e.Keywords)
}

// simpleCall reports whether a call has neither *args nor **kwargs and not
// too many arguments.
func simpleCall(e *ast.Call) bool {
	n := len(e.Args) + len(e.Keywords)
	if len(e.Keywords) > 0 {
		n++
	}
	if n >= stackUseGuideline {
		return false
	}
	for _, a := range e.Args {
		if _, ok := a.(*ast.Starred); ok {
			return false
		}
	}
	for _, kw := range e.Keywords {
		if kw.Arg == "" {
			return false
		}
	}
	return true
}

func (c *compiler) simpleCallArgs(pushed int, args []ast.Expr, kws []*ast.Keyword) error {
	for _, a := range args {
		if err := c.expr(a); err != nil {
			return err
		}
	}
	for _, kw := range kws {
		if err := c.expr(kw.Value); err != nil {
			return err
		}
	}
	if len(kws) > 0 {
		names := make(ConstTuple, len(kws))
		for i, kw := range kws {
			names[i] = kw.Arg
		}
		c.emit(KW_NAMES, c.constIndex(names))
	}
	c.emit(CALL, pushed+len(args)+len(kws))
	return nil
}

// callHelper compiles the arguments of a call whose callable (and NULL) is
// on the stack, with pushed positional arguments already pushed, and the
// call itself.
func (c *compiler) callHelper(pushed int, args []ast.Expr, kws []*ast.Keyword) error {
	if err := c.validateKeywords(kws); err != nil {
		return err
	}
	simple := true
	for _, a := range args {
		if _, ok := a.(*ast.Starred); ok {
			simple = false
		}
	}
	for _, kw := range kws {
		if kw.Arg == "" {
			simple = false
		}
	}
	if simple {
		return c.simpleCallArgs(pushed, args, kws)
	}
	// CALL_FUNCTION_EX: positional arguments as a tuple (or the single
	// starred iterable), keyword arguments as a dict.
	if pushed == 0 && len(args) == 1 {
		if s, ok := args[0].(*ast.Starred); ok {
			if err := c.expr(s.Value); err != nil {
				return err
			}
			goto keywords
		}
	}
	if err := c.sequence(args, seqTuple, pushed); err != nil {
		return err
	}
keywords:
	if len(kws) > 0 {
		haveDict := false
		nseen := 0
		subkwargs := func(begin, end int) error {
			for _, kw := range kws[begin:end] {
				c.loadConst(kw.Arg)
				if err := c.expr(kw.Value); err != nil {
					return err
				}
			}
			c.emit(BUILD_MAP, end-begin)
			return nil
		}
		for i, kw := range kws {
			if kw.Arg != "" {
				nseen++
				continue
			}
			if nseen > 0 {
				if err := subkwargs(i-nseen, i); err != nil {
					return err
				}
				if haveDict {
					c.emit(DICT_MERGE, 1)
				}
				haveDict = true
				nseen = 0
			}
			if !haveDict {
				c.emit(BUILD_MAP, 0)
				haveDict = true
			}
			if err := c.expr(kw.Value); err != nil {
				return err
			}
			c.emit(DICT_MERGE, 1)
		}
		if nseen > 0 {
			if err := subkwargs(len(kws)-nseen, len(kws)); err != nil {
				return err
			}
			if haveDict {
				c.emit(DICT_MERGE, 1)
			}
		}
		c.emit(CALL_FUNCTION_EX, 1)
	} else {
		c.emit(CALL_FUNCTION_EX, 0)
	}
	return nil
}

// ---- comprehensions ----

var compNames = [...]string{compList: "<listcomp>", compSet: "<setcomp>", compDict: "<dictcomp>", compGen: "<genexpr>"}

func (c *compiler) comprehension(e ast.Expr, kind compKind, gens []*ast.Comprehension, elt, value ast.Expr) error {
	sc := c.st.scopes[e]
	if sc == nil || len(gens) == 0 {
		return c.internalError(e.Position(), "comprehension without scope")
	}
	isAsync := sc.isCoroutine
	if isAsync && kind != compGen && c.u.kind != unitAsyncFunction && c.u.kind != unitComprehension && !c.allowTopLevelAwait() {
		return c.errorf(e.Position(), "asynchronous comprehension outside of an asynchronous function")
	}
	name := compNames[kind]
	qualname := c.qualifiedName(name, unitComprehension)
	c.enterUnit(unitComprehension, sc, name, qualname, e.Position().Line)
	c.setArgCounts(c.u.code, nil, sc)
	c.u.code.ArgCount = 1
	c.setLoc(e.Position())
	switch kind {
	case compList:
		c.emit(BUILD_LIST, 0)
	case compSet:
		c.emit(BUILD_SET, 0)
	case compDict:
		c.emit(BUILD_MAP, 0)
	}
	if err := c.compGenerator(gens, 0, 0, kind, elt, value); err != nil {
		return err
	}
	c.setLoc(e.Position())
	if kind == compGen {
		c.loadConst(nil)
	}
	c.emit(RETURN_VALUE, 0)
	code, err := c.exitUnit()
	if err != nil {
		return err
	}
	c.emit(PUSH_NULL, 0)
	c.makeClosure(code, 0)
	if err := c.iterExpr(gens[0].Iter); err != nil {
		return err
	}
	if gens[0].IsAsync {
		c.emit(GET_AITER, 0)
	} else {
		c.emit(GET_ITER, 0)
	}
	c.emit(CALL, 1)
	if isAsync && kind != compGen {
		if c.u.kind == unitModule {
			c.u.hasAwait = true
		}
		c.emit(GET_AWAITABLE, 0)
		c.loadConst(nil)
		c.sendLoop()
	}
	return nil
}

func (c *compiler) compGenerator(gens []*ast.Comprehension, i, depth int, kind compKind, elt, value ast.Expr) error {
	g := gens[i]
	start := c.newLabel()
	ifCleanup := c.newLabel()
	anchor := c.newLabel()
	if i == 0 {
		c.emit(LOAD_FAST, 0) // .0, the iterator
	} else {
		if err := c.iterExpr(g.Iter); err != nil {
			return err
		}
		if g.IsAsync {
			c.emit(GET_AITER, 0)
		} else {
			c.emit(GET_ITER, 0)
		}
	}
	c.bind(start)
	if g.IsAsync {
		base := 1
		if kind == compGen {
			base = 0
		}
		c.pushHandler(anchor, base+depth+1)
		c.emit(GET_ANEXT, 0)
		c.loadConst(nil)
		c.sendLoop()
		c.popHandler()
	} else {
		c.emitJump(FOR_ITER, anchor)
	}
	depth++
	if err := c.store(g.Target); err != nil {
		return err
	}
	for _, cond := range g.Ifs {
		if err := c.jumpIf(cond, false, ifCleanup); err != nil {
			return err
		}
	}
	if i+1 < len(gens) {
		if err := c.compGenerator(gens, i+1, depth, kind, elt, value); err != nil {
			return err
		}
	} else {
		switch kind {
		case compList:
			if err := c.expr(elt); err != nil {
				return err
			}
			c.emit(LIST_APPEND, depth+1)
		case compSet:
			if err := c.expr(elt); err != nil {
				return err
			}
			c.emit(SET_ADD, depth+1)
		case compDict:
			if err := c.expr(elt); err != nil {
				return err
			}
			if err := c.expr(value); err != nil {
				return err
			}
			c.emit(MAP_ADD, depth+1)
		case compGen:
			if err := c.expr(elt); err != nil {
				return err
			}
			c.yieldValue()
			c.emit(POP_TOP, 0)
		}
	}
	c.bind(ifCleanup)
	c.emitJump(JUMP, start)
	c.bind(anchor)
	if g.IsAsync {
		c.emit(END_ASYNC_FOR, 0)
	}
	return nil
}
