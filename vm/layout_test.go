package vm

import (
	"testing"
	"unsafe"
)

// TestTaskLayoutSizes: a sleeping task is a Task and its coroutine
// (generator, frame and registers in one allocation, or the registers
// apart for larger frames); each fills a Go size class exactly, so a field
// added to Task, Future, Thread, Generator or Frame costs 16 or more bytes
// a task. Move rarely used state behind a
// pointer instead (Future.cancel, Task.ext).
func TestTaskLayoutSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	coro := unsafe.Sizeof(struct {
		g    Generator
		f    Frame
		regs [4]Value
	}{})
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Task", unsafe.Sizeof(Task{}), 160},
		{"coroutine (Generator+Frame+4 registers)", coro, 208},
		{"coroutine (Generator+Frame, registers apart)", unsafe.Sizeof(struct {
			g Generator
			f Frame
		}{}), 112},
		{"Generator", unsafe.Sizeof(Generator{}), 16},
	} {
		if c.got > c.want {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.got, c.want)
		}
	}
}
