package vm

import "runtime"

// Collect is gc.collect: it clears the dead registers of the calling
// thread's frames (the interpreter leaves popped operand-stack slots as they
// are, which would keep objects reachable), runs a full Go collection and
// then the hooks registered with OnCollect — weakref uses them to call the
// callbacks of references whose objects died and to run finalizers. Objects
// are freed by Go's collector, not by reference counting: weak references
// die at a collection (an explicit gc.collect(), or when a hook runs after
// one), not at the moment the last reference goes away as in CPython.
func (vm *VM) Collect(t *Thread) error {
	if t != nil {
		for _, f := range t.frames {
			if f.sp >= 0 && f.sp < len(f.regs) {
				clear(f.regs[f.sp:])
			}
		}
	}
	unawaited := vm.weakenUnawaited()
	runtime.GC()
	vm.warnCollectedCoroutines(unawaited)
	vm.collectFinalizers(t)
	vm.reportDeadTasks(t)
	for _, h := range vm.collectHooks {
		if err := h(t); err != nil {
			return err
		}
	}
	return nil
}

// OnCollect registers fn to run after each Collect (for the weakref module).
func (vm *VM) OnCollect(fn func(t *Thread) error) {
	vm.collectHooks = append(vm.collectHooks, fn)
}

// ID returns id(v).
func ID(v Value) uintptr { return objectID(v) }
