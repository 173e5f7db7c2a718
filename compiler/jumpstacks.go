package compiler

// The analysis a trace function's jump needs (assigning frame.f_lineno,
// vm/tracejump.go): what kind of value each stack entry is before every
// instruction, so that a jump is allowed only where the target's stack is
// a prefix of the current one (what lies above it is popped), and which
// instructions begin a line.

// StackKind is the kind of one value-stack entry.
type StackKind uint8

// The stack kinds. An Iterator is a for loop's; an Except is an exception
// pushed for a handler, or the previously handled exception that an
// except block restores when it ends (POP_EXCEPT).
const (
	KindObject StackKind = iota + 1
	KindNull
	KindIterator
	KindExcept
)

// JumpStacks returns, for every instruction of c, the kinds of the stack
// entries before it (bottom first), or nil for an instruction no path
// reaches.
func JumpStacks(c *Code) [][]StackKind {
	n := len(c.Instrs)
	stacks := make([][]StackKind, n)
	var work []int
	set := func(pc int, s []StackKind) {
		if pc >= 0 && pc < n && stacks[pc] == nil {
			stacks[pc] = s
			work = append(work, pc)
		}
	}
	push := func(s []StackKind, k ...StackKind) []StackKind {
		return append(append([]StackKind{}, s...), k...)
	}
	pop := func(s []StackKind, k int) []StackKind {
		return s[:max(len(s)-k, 0):max(len(s)-k, 0)]
	}
	objects := func(k int) []StackKind {
		out := make([]StackKind, k)
		for i := range out {
			out[i] = KindObject
		}
		return out
	}
	if n > 0 {
		set(0, []StackKind{})
	}
	for len(work) > 0 {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		s := stacks[pc]
		if h, ok := c.HandlerFor(pc); ok && h.Depth <= len(s) {
			set(h.Target, push(s[:h.Depth], KindExcept))
		}
		op, arg := c.Instrs[pc].Op(), c.Instrs[pc].Arg()
		e := effectOf(op, arg)
		if e.pops < 0 || e.pops > len(s) {
			continue
		}
		var next []StackKind
		switch op {
		case GET_ITER:
			next = push(pop(s, 1), KindIterator)
		case FOR_ITER:
			next = push(s, KindObject)
		case PUSH_NULL:
			next = push(s, KindNull)
		case PUSH_EXC_INFO:
			next = push(pop(s, 1), KindExcept, KindObject)
		case COPY:
			next = push(s, s[len(s)-arg])
		case SWAP:
			next = push(s)
			next[len(next)-1], next[len(next)-arg] = next[len(next)-arg], next[len(next)-1]
		default:
			next = push(pop(s, e.pops), objects(e.pushes)...)
		}
		if e.next {
			set(pc+1, next)
		}
		if e.jump && e.jpops <= len(s) {
			switch op {
			case JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP:
				set(arg, s)
			default:
				set(arg, push(pop(s, e.jpops), objects(e.jpushes)...))
			}
		}
	}
	return stacks
}

// LineStarts returns, for every instruction of c, the line it begins (the
// first instruction of a run of one line), or 0. The jumps the compiler
// adds at the end of a block under the line of the statement heading it
// (a loop's jump back) and the end of an except block begin none: as in
// CPython, a jump to a loop's line starts the loop afresh.
func LineStarts(c *Code) []int {
	out := make([]int, len(c.Instrs))
	prev := -1
	for pc := range c.Instrs {
		line, _ := c.LineFor(pc)
		if line != prev && line > 0 {
			out[pc] = line
		}
		prev = line
		switch c.Instrs[pc].Op() {
		case POP_EXCEPT:
			out[pc] = 0
		case JUMP:
			if pc > 0 && c.Instrs[pc-1].Op() != YIELD_VALUE {
				prevLine, _ := c.LineFor(pc - 1)
				target, _ := c.LineFor(c.Instrs[pc].Arg())
				if t := c.Instrs[pc].Arg(); t < pc && target == line || line < prevLine {
					out[pc] = 0
				}
			}
		}
	}
	return out
}
