package vm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
	"weak"
)

// __del__: finalizers of instances of classes that define it.
//
// CPython calls __del__ the moment the last reference goes (reference
// counting). pyasync has Go's tracing collector instead, so an object is
// found dead only by a collection: an instance of a class with __del__ gets
// a Go finalizer when it is created (no other object pays anything), the
// finalizer (on Go's finalizer goroutine) queues the object and raises
// flagFinalize on the eval breaker, and the VM's goroutine calls __del__ at
// its next breaker check — so __del__ always runs on the VM's goroutine, at
// a safe point, never concurrently with the script.
//
// To come close to CPython's timing where programs can see it:
//   - gc.collect() collects and runs the __del__ of everything that died,
//     before it returns (VM.Collect);
//   - `del name` of an instance whose class defines __del__ collects at once,
//     so `del x` of the last reference runs __del__ before the next statement,
//     as in CPython (costing one collection per such del);
//   - at exit, after the atexit callbacks, __del__ runs for the instances that
//     are still alive.
//
// Otherwise __del__ runs when Go's collector next notices (a local going out
// of scope, a reassigned variable, a cleared list: later than CPython, and
// at an unpredictable point). Objects in reference cycles are not collected
// by Go while they have a finalizer: their __del__ runs at exit. As in
// CPython (PEP 442), __del__ runs at most once per object even if it
// resurrects it; an exception in __del__ is printed as "Exception ignored
// in: ..." and execution continues.

// flagFinalize on the breaker: the finalizer queue has objects.
const flagFinalize uint32 = 1 << 4

// finState is a VM's finalizer queue and the registry of live finalizable
// instances (for the exit pass).
type finState struct {
	mu      sync.Mutex
	queue   []Object // dead objects waiting for their __del__ (guarded by mu)
	tracked []weak.Pointer[Instance]
	running bool // __del__ calls in progress (VM goroutine)
	compact int
	// lostDied: a task with an unretrieved exception died (lost.go)
	lostDied atomic.Bool
}

// hasDel reports whether instances of cls have a __del__ method (cached
// with the class's version).
func (cls *Type) hasDel() bool {
	if cls.delValid && cls.delVersion == cls.version {
		return cls.delMethod
	}
	return cls.lookupDel()
}

// lookupDel is hasDel's miss (apart, so that hasDel is inlined).
//
//go:noinline
func (cls *Type) lookupDel() bool {
	_, cls.delMethod = cls.Lookup("__del__")
	cls.delVersion, cls.delValid = cls.version, true
	return cls.delMethod
}

// trackFinalizer gives a new instance of a class with __del__ its
// finalizer.
func (vm *VM) trackFinalizer(obj Object) {
	inst, ok := obj.(*Instance)
	if !ok {
		return
	}
	fs := &vm.fin
	vm.setFinalizer(inst)
	fs.tracked = append(fs.tracked, weak.Make(inst))
	if len(fs.tracked) > 2*fs.compact+256 {
		fs.tracked = compactWeak(fs.tracked)
		fs.compact = len(fs.tracked)
	}
}

// isFinalizable reports whether v is an instance whose class has __del__
// (a `del` of it collects at once).
func isFinalizable(v Value) bool {
	inst, ok := v.o.(*Instance)
	return ok && inst.cls.flags&flagUserClass != 0 && inst.cls.hasDel()
}

// runFinalizers calls __del__ for the queued objects.
func (vm *VM) runFinalizers(t *Thread) {
	fs := &vm.fin
	if fs.running || t == nil {
		return
	}
	fs.running = true
	defer func() { fs.running = false }()
	if fs.lostDied.Load() {
		vm.reportDeadTasks(t)
	}
	for {
		fs.mu.Lock()
		q := fs.queue
		fs.queue = nil
		vm.brk.flag.And(^flagFinalize)
		fs.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, o := range q {
			vm.callDel(t, o)
		}
	}
}

// callDel calls obj.__del__(), reporting an exception as CPython does.
func (vm *VM) callDel(t *Thread, obj Object) {
	self := Value{o: obj}
	m, ok := obj.Type().Lookup("__del__")
	if !ok {
		return
	}
	if _, err := t.callMethod(m, self, nil, nil); err != nil {
		if IsAbort(err) {
			return
		}
		desc := "<object>"
		if bound, err2 := t.GetAttr(self, "__del__"); err2 == nil {
			if bm, ok := bound.o.(*BoundMethod); ok {
				if r, err3 := t.Repr(bm.fn); err3 == nil {
					desc = r
				}
			}
		}
		vm.WriteStderr("Exception ignored in: " + desc + "\n")
		if exc, ok := err.(*Exception); ok {
			t.PrintException(exc)
		} else {
			vm.WriteStderr(err.Error() + "\n")
		}
	}
}

// collectFinalizers runs collections until no more finalizable object dies
// (an object's __del__ may free others), calling their __del__.
func (vm *VM) collectFinalizers(t *Thread) {
	if vm.fin.running || len(vm.fin.tracked) == 0 {
		return // nothing to finalize: programs without __del__ pay nothing
	}
	for range 4 {
		waitFinalizerQueue()
		vm.fin.mu.Lock()
		n := len(vm.fin.queue)
		vm.fin.mu.Unlock()
		if n == 0 {
			break
		}
		vm.runFinalizers(t)
	}
	vm.collectCycles(t)
}

type finSentinel struct {
	p   *int
	pad [4]uintptr
}

// waitFinalizerQueue runs a collection and waits until Go's finalizer
// goroutine has run the finalizers it queued: a second sentinel, queued by
// a later collection, runs after the first batch.
func waitFinalizerQueue() {
	for range 2 {
		done := make(chan struct{})
		s := &finSentinel{}
		runtime.SetFinalizer(s, func(*finSentinel) { close(done) })
		s = nil
		runtime.GC()
		select {
		case <-done:
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// runExitFinalizers calls __del__ of the finalizable instances still alive
// at exit (once each).
func (vm *VM) runExitFinalizers(t *Thread) {
	if t == nil {
		return
	}
	vm.collectFinalizers(t)
	fs := &vm.fin
	tracked := fs.tracked
	fs.tracked = nil
	for _, w := range tracked {
		if inst := w.Value(); inst != nil {
			runtime.SetFinalizer(inst, nil)
			vm.callDel(t, inst)
		}
	}
}

// afterDelete is called after `del name` removed v: for an instance with
// __del__ it collects at once (see above).
func (t *Thread) afterDelete(v Value) {
	if isFinalizable(v) {
		t.vm.Collect(t)
	}
}

// Cycles of finalizable instances (x.other = y; y.other = x): Go never
// collects a cycle of objects with finalizers, so gc.collect() finds them
// itself. It cuts, for the duration of one collection, the references
// that the attributes of each live finalizable instance hold to other such
// instances (replacing the values by None), and lets Go's collector say
// which instances are then unreachable. Whatever is reachable from a
// survivor through a cut reference is alive after all; the others form
// garbage cycles and get their __del__ (with their attributes put back
// first). Only references held directly by an attribute are cut, so a
// cycle through a list or another object is still left for exit.

type cycleRec struct {
	at    int // index in finState.tracked
	w     weak.Pointer[Instance]
	store attrStore
	holes []cycleHole
}

type cycleHole struct {
	ref    *Value         // the cut attribute value
	target unsafe.Pointer // the attribute store of the instance it referred to
}

// attrStore is where an instance keeps its attributes: its dict, or the
// values of its shape (shape.go).
type attrStore struct {
	d    *Dict
	vals []Value
}

func storeOf(inst *Instance) (attrStore, bool) {
	if inst.dict != nil {
		return attrStore{d: inst.dict}, true
	}
	if len(inst.vals) > 0 {
		return attrStore{vals: inst.vals}, true
	}
	return attrStore{}, false
}

// key identifies the store (and so its instance) without referring to
// the instance.
func (s attrStore) key() unsafe.Pointer {
	if s.d != nil {
		return unsafe.Pointer(s.d)
	}
	return unsafe.Pointer(&s.vals[0])
}

// values returns pointers to the attribute values of the store.
func (s attrStore) values() []*Value {
	var out []*Value
	if s.d != nil {
		s.d.general() // pointers into its entries
		for j := range s.d.entries {
			if s.d.entries[j].key.o != nil {
				out = append(out, &s.d.entries[j].value)
			}
		}
		return out
	}
	for j := range s.vals {
		out = append(out, &s.vals[j])
	}
	return out
}

// collectCycles runs the cycle pass described above.
func (vm *VM) collectCycles(t *Thread) {
	fs := &vm.fin
	byKey := map[unsafe.Pointer]int{}
	var recs []cycleRec
	for at, w := range fs.tracked {
		if inst := w.Value(); inst != nil {
			if st, ok := storeOf(inst); ok {
				byKey[st.key()] = len(recs)
				recs = append(recs, cycleRec{at: at, w: w, store: st})
			}
		}
	}
	if len(recs) < 2 {
		return
	}
	cut := 0
	for i := range recs {
		for _, ref := range recs[i].store.values() {
			if target, ok := ref.o.(*Instance); ok {
				if st, ok := storeOf(target); ok {
					if _, isRec := byKey[st.key()]; isRec {
						recs[i].holes = append(recs[i].holes, cycleHole{ref: ref, target: st.key()})
						*ref = None
						cut++
					}
				}
			}
		}
	}
	if cut == 0 {
		return
	}
	waitFinalizerQueue()
	fs.mu.Lock()
	queued := fs.queue
	fs.queue = nil
	fs.mu.Unlock()
	// every record's instance: alive (weak pointer) or dead (queued)
	insts := make([]*Instance, len(recs))
	alive := make([]bool, len(recs))
	for i := range recs {
		if inst := recs[i].w.Value(); inst != nil {
			insts[i], alive[i] = inst, true
		}
	}
	var other []Object
	for _, o := range queued {
		if inst, ok := o.(*Instance); ok {
			if st, ok := storeOf(inst); ok {
				if i, ok := byKey[st.key()]; ok && insts[i] == nil {
					insts[i] = inst
					continue
				}
			}
		}
		other = append(other, o)
	}
	for i := range recs {
		for _, h := range recs[i].holes {
			if k := byKey[h.target]; insts[k] != nil {
				*h.ref = Value{o: insts[k]}
			}
		}
	}
	// what a survivor reaches through a cut reference is alive
	stack := []int{}
	for i := range recs {
		if alive[i] {
			stack = append(stack, i)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, h := range recs[i].holes {
			if k := byKey[h.target]; !alive[k] {
				alive[k] = true
				stack = append(stack, k)
				if inst := insts[k]; inst != nil && recs[k].w.Value() == nil {
					// its finalizer ran: arm it again, in its place
					vm.setFinalizer(inst)
					fs.tracked[recs[k].at] = weak.Make(inst)
				}
			}
		}
	}
	fs.mu.Lock()
	fs.queue = append(fs.queue, other...)
	for i := range recs {
		if !alive[i] && insts[i] != nil {
			fs.queue = append(fs.queue, insts[i])
		}
	}
	fs.mu.Unlock()
	vm.runFinalizers(t)
}

// setFinalizer gives inst its Go finalizer, which queues it for __del__.
func (vm *VM) setFinalizer(inst *Instance) {
	fs := &vm.fin
	runtime.SetFinalizer(inst, func(o *Instance) {
		fs.mu.Lock()
		fs.queue = append(fs.queue, o)
		fs.mu.Unlock()
		vm.brk.flag.Or(flagFinalize)
		vm.poke()
	})
}
