package vm

// SetBreakerHook installs fn, which the eval breaker's slow path calls on
// the VM's goroutine, at a point where any Go code may run (runtime.GC
// included), once in every n slow-path runs; the slow path runs about
// every 1024 ticks (backward jumps and script calls). fn returns the n
// until its next call (values below 1 count as 1); the first call comes
// at the first slow path. nil removes the hook. It is how a program's
// embedder paces work against the script's progress (the CLI collects
// small heaps at these points: cmd/pyasync/gctune.go).
func (vm *VM) SetBreakerHook(fn func() int) {
	vm.brk.hook, vm.brk.hookIn = fn, 1
}

// runHook counts a slow path towards the hook's next call and calls it
// when its turn comes.
func (b *breaker) runHook() {
	if b.hookIn--; b.hookIn <= 0 {
		b.hookIn = max(b.hook(), 1)
	}
}
