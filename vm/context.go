package vm

// Context variables: the VM keeps the current contextvars context of the
// goroutine that holds the GIL (saved and restored around every GIL
// hand-off, so a thread's context is its own), and each task runs in its
// own context. The context object itself is the contextvars module's; the
// VM only carries it.

// CurrentContext returns the current context object (nil: none made yet).
func (vm *VM) CurrentContext() Object { return vm.curCtx }

// SetCurrentContext makes c the current context.
func (vm *VM) SetCurrentContext(c Object) { vm.curCtx = c }

// SetContextCopier installs the function that gives each new task a copy
// of the context current when the task is created (CPython's semantics).
func (vm *VM) SetContextCopier(fn func(c Object) Object) { vm.copyContext = fn }

// CallSoonThreadsafe schedules a script callable from any goroutine
// (loop.call_soon_threadsafe): the handle is added to the ready queue by
// the loop goroutine, which is woken up.
func (l *Loop) CallSoonThreadsafe(fn Value, args []Value) *Handle {
	h := &Handle{target: &scriptCall{fn: fn, args: args}}
	l.mu.Lock()
	l.completions = append(l.completions, func() { l.ready.push(h) })
	l.mu.Unlock()
	l.vm.poke()
	return h
}

// ObjectID is id(v): the address of v's object (or a stable number for
// inline values).
func ObjectID(v Value) uintptr { return objectID(v) }
