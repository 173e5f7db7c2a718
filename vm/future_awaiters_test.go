package vm

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestFutureAwaiters: a Go callback registered with AddDoneCallbackFor
// names the future it completes, is no script callback (not listed, not
// removed by remove_done_callback) and still runs once.
func TestFutureAwaiters(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	defer l.Close()
	child, outer := l.NewFuture(), l.NewFuture()
	ran := 0
	child.AddDoneCallback(func(*Future) { ran++ })
	child.AddDoneCallbackFor(func(*Future) { ran++ }, outer)
	if a := child.Awaiters(); len(a) != 1 || a[0] != outer {
		t.Fatalf("awaiters: %v", a)
	}
	if cbs := child.ScriptCallbacks(); len(cbs) != 0 {
		t.Fatalf("script callbacks: %v", cbs)
	}
	if n, err := child.RemoveDoneCallbackScript(v.Main(), None); n != 0 || err != nil || len(child.callbacks()) != 2 {
		t.Fatalf("removed %d, %v; %d left", n, err, len(child.callbacks()))
	}
	if !child.AwaitedBy(outer) || child.AwaitedBy(child) {
		t.Fatalf("AwaitedBy(outer) %v, AwaitedBy(child) %v", child.AwaitedBy(outer), child.AwaitedBy(child))
	}
	g := l.CaptureCallGraph(v.Main(), child, 0, nil)
	if len(g.AwaitedBy) != 1 || g.AwaitedBy[0].Future != outer {
		t.Fatalf("graph: %+v", g)
	}
	_ = child.SetResult(None)
	if _, err := l.RunUntilComplete(v.Main(), child); err != nil {
		t.Fatal(err)
	}
	if ran != 2 {
		t.Fatalf("callbacks ran %d times", ran)
	}
}

// TestFutureCallbackSize: a callback entry (a ring node) holds what it
// calls in one interface field, so it is in the 32-byte size class, and
// a Future is 64 bytes (64-bit sizes).
func TestFutureCallbackSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if s := unsafe.Sizeof(Future{}); s > 64 {
		t.Errorf("Future is %d bytes, more than 64", s)
	}
	if s := unsafe.Sizeof(doneCallback{}); s > 32 {
		t.Errorf("doneCallback is %d bytes, more than 32", s)
	}
}

// TestFutureCallbackRing: callbacks run in the order they were added, and
// removing script callbacks keeps the others in order.
func TestFutureCallbackRing(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	defer l.Close()
	f := l.NewFuture()
	var order []int
	for i := 0; i < 5; i++ {
		f.AddDoneCallback(func(*Future) { order = append(order, i) })
		f.AddDoneCallbackScript(None)
	}
	if n, err := f.RemoveDoneCallbackScript(v.Main(), None); n != 5 || err != nil {
		t.Fatalf("removed %d, %v", n, err)
	}
	if got := len(f.callbacks()); got != 5 {
		t.Fatalf("%d callbacks left, want 5", got)
	}
	_ = f.SetResult(None)
	if _, err := l.RunUntilComplete(v.Main(), f); err != nil {
		t.Fatal(err)
	}
	for i, n := range order {
		if n != i {
			t.Fatalf("callbacks ran in order %v", order)
		}
	}
	if len(order) != 5 {
		t.Fatalf("callbacks ran %v", order)
	}
}

// TestGoCallbackScheduleAllocations: a future's Go done callbacks
// (asyncio.gather's, one per child) are scheduled and run with no
// allocation: the ring entry is the ready-queue item (it was a closure
// and a Handle each: 72 bytes a child of a gather). What remains is the
// ready ring growing back to 1,000 entries.
func TestGoCallbackScheduleAllocations(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	defer l.Close()
	ran := 0
	cb := func(*Future) { ran++ }
	futs := make([]*Future, 1000)
	var before, after runtime.MemStats
	for round := 0; round < 3; round++ {
		for i := range futs {
			futs[i] = l.NewFuture()
			futs[i].AddDoneCallback(cb)
		}
		runtime.ReadMemStats(&before)
		for _, f := range futs {
			_ = f.SetResult(None)
		}
		_ = l.runOnce(v.Main(), false)
		runtime.ReadMemStats(&after)
	}
	if ran != 3000 {
		t.Fatalf("callbacks ran %d times, want 3000", ran)
	}
	if n := after.Mallocs - before.Mallocs; n > 8 {
		t.Errorf("%d allocations to schedule and run 1,000 callbacks, want at most 8", n)
	}
}
