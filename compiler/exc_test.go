package compiler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handlerOf returns the exception-table entry covering the first
// instruction of c whose listing line is want (after skip earlier
// matches).
func handlerOf(t *testing.T, c *Code, want string, skip int) (ExceptionEntry, bool) {
	t.Helper()
	for pc, l := range listing(c) {
		if l == want {
			if skip > 0 {
				skip--
				continue
			}
			return c.HandlerFor(pc)
		}
	}
	require.Failf(t, "instruction not found", "%s in %s", want, c.QualName)
	return ExceptionEntry{}, false
}

// opAt returns the listing line at pc.
func opAt(c *Code, pc int) string { return listing(c)[pc] }

func TestExceptionTableTryExcept(t *testing.T) {
	code := compileSrc(t, "def f():\n for i in x:\n  try:\n   g()\n  except E as e:\n   h(e)\n  else:\n   k()\n")
	f := findCode(t, code, "f")
	// The body is protected by H at the loop's depth (1: the iterator).
	h, ok := handlerOf(t, f, "LOAD_GLOBAL g", 0)
	require.True(t, ok)
	assert.Equal(t, 1, h.Depth)
	assert.Equal(t, "PUSH_EXC_INFO", opAt(f, h.Target))
	// The else clause is not protected by H.
	_, ok = handlerOf(t, f, "LOAD_GLOBAL k", 0)
	assert.False(t, ok)
	// Matching is protected by the cleanup handler C at depth 2.
	c, ok := handlerOf(t, f, "CHECK_EXC_MATCH", 0)
	require.True(t, ok)
	assert.Equal(t, 2, c.Depth)
	assert.Equal(t, []string{"SWAP 2", "POP_EXCEPT", "RERAISE"}, listing(f)[c.Target:c.Target+3])
	// The named handler's body is protected by the name cleanup at depth 2,
	// which is itself protected by C.
	n, ok := handlerOf(t, f, "LOAD_GLOBAL h", 0)
	require.True(t, ok)
	assert.Equal(t, 2, n.Depth)
	assert.Equal(t, []string{"LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e", "RERAISE"}, listing(f)[n.Target:n.Target+4])
	nc, ok := f.HandlerFor(n.Target)
	require.True(t, ok)
	assert.Equal(t, c.Target, nc.Target)
	assert.Equal(t, c.Depth, nc.Depth)
	// POP_EXCEPT after the handler body is outside C.
	_, ok = handlerOf(t, f, "POP_EXCEPT", 0)
	assert.False(t, ok)
	// Entries are sorted and do not overlap.
	for i := 1; i < len(f.ExceptionTable); i++ {
		assert.LessOrEqual(t, f.ExceptionTable[i-1].End, f.ExceptionTable[i].Start)
	}
}

func TestExceptionTableTryFinally(t *testing.T) {
	code := compileSrc(t, "def f():\n try:\n  return g()\n finally:\n  h()\n")
	f := findCode(t, code, "f")
	fh, ok := handlerOf(t, f, "LOAD_GLOBAL g", 0)
	require.True(t, ok)
	assert.Equal(t, 0, fh.Depth)
	assert.Equal(t, []string{"PUSH_EXC_INFO", "PUSH_NULL", "LOAD_GLOBAL h", "CALL 0", "POP_TOP", "RERAISE"}, listing(f)[fh.Target:fh.Target+6])
	// The inline copy run by return is not protected by F.
	_, ok = handlerOf(t, f, "LOAD_GLOBAL h", 0)
	assert.False(t, ok)
	// The copy in the handler is protected by C at depth 1.
	c, ok := handlerOf(t, f, "LOAD_GLOBAL h", 1)
	require.True(t, ok)
	assert.Equal(t, 1, c.Depth)
	assert.Equal(t, []string{"SWAP 2", "POP_EXCEPT", "RERAISE"}, listing(f)[c.Target:c.Target+3])
}

func TestExceptionTableWith(t *testing.T) {
	code := compileSrc(t, "def f():\n try:\n  g0()\n finally:\n  with a as b:\n   g()\n")
	f := findCode(t, code, "f")
	w, ok := handlerOf(t, f, "STORE_FAST b", 0)
	require.True(t, ok)
	// Inside the normal-path finally: no extra items; exit stays on the stack.
	assert.Equal(t, 1, w.Depth)
	assert.Equal(t, []string{"PUSH_EXC_INFO", "WITH_EXCEPT_START", "POP_JUMP_IF_TRUE", "RERAISE"}, listing(f)[w.Target:w.Target+4])
	c, ok := f.HandlerFor(w.Target + 1)
	require.True(t, ok)
	assert.Equal(t, 2, c.Depth) // [exit prev]
	// The exceptional copy of the with sits above [prev exc]: depth 3.
	w2, ok := handlerOf(t, f, "STORE_FAST b", 1)
	require.True(t, ok)
	assert.Equal(t, 3, w2.Depth)
	// The normal exit call is not protected by W.
	exit, ok := handlerOf(t, f, "CALL 3", 0)
	assert.False(t, ok, "%v", exit)
}

func TestExceptionTableAsyncFor(t *testing.T) {
	code := compileSrc(t, "async def f():\n async for x in y:\n  g(x)\n")
	f := findCode(t, code, "f")
	h, ok := handlerOf(t, f, "GET_ANEXT", 0)
	require.True(t, ok)
	assert.Equal(t, 1, h.Depth)
	assert.Equal(t, "END_ASYNC_FOR", opAt(f, h.Target))
	// The whole GET_ANEXT..send loop is covered, the body is not.
	for pc := h.Start; pc < h.End; pc++ {
		assert.NotEqual(t, "STORE_FAST x", opAt(f, pc))
	}
	_, ok = handlerOf(t, f, "LOAD_GLOBAL g", 0)
	assert.False(t, ok)
	assert.Equal(t, "SEND", opAt(f, h.End-3))
}

func TestExceptionTableNested(t *testing.T) {
	// Every instruction records its innermost handler.
	code := compileSrc(t, `
def f():
    try:
        with a:
            try:
                g()
            except E:
                h()
    except:
        k()
`)
	f := findCode(t, code, "f")
	inner, ok := handlerOf(t, f, "LOAD_GLOBAL g", 0)
	require.True(t, ok)
	assert.Equal(t, 1, inner.Depth) // with's exit is on the stack
	assert.Equal(t, "PUSH_EXC_INFO", opAt(f, inner.Target))
	withHandler, ok := handlerOf(t, f, "LOAD_GLOBAL h", 0)
	require.True(t, ok)
	assert.Equal(t, 2, withHandler.Depth) // [exit prev]
	outer, ok := handlerOf(t, f, "LOAD_GLOBAL a", 0)
	require.True(t, ok)
	assert.Equal(t, 0, outer.Depth)
	w, ok := handlerOf(t, f, "POP_TOP", 0) // the with target
	require.True(t, ok)
	assert.Equal(t, 1, w.Depth)
	assert.Equal(t, []string{"PUSH_EXC_INFO", "WITH_EXCEPT_START"}, listing(f)[w.Target:w.Target+2])
}
