package pyasync_test

import (
	"context"
	"testing"

	"github.com/pyasync/pyasync"
)

// TestBreakerHook: the VM calls the breaker hook on its goroutine while a
// script loops, once per n slow paths for the n the hook returned, and
// not at all once removed.
func TestBreakerHook(t *testing.T) {
	it := pyasync.New(pyasync.Options{})
	calls, paths := 0, 0
	it.VM().SetBreakerHook(func() int {
		calls++
		paths += 3
		return 3
	})
	// 300,000 backward jumps: ~290 slow paths (one per 1024 ticks)
	src := "i = 0\nwhile i < 300000:\n    i += 1\n"
	if err := it.Exec(context.Background(), src, "<hook>"); err != nil {
		t.Fatal(err)
	}
	if calls < 80 || calls > 110 {
		t.Errorf("%d calls every 3 slow paths for ~290 slow paths, want ~97", calls)
	}
	it.VM().SetBreakerHook(nil)
	before := calls
	if err := it.Exec(context.Background(), src, "<hook>"); err != nil {
		t.Fatal(err)
	}
	if calls != before {
		t.Errorf("the removed hook was called %d times", calls-before)
	}
}
