package vm

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

func TestOpFutureResult(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	fut := l.NewFuture()
	l.GoFuture(fut, func(ctx context.Context) (any, error) { return int64(41), nil },
		func(res any, err error) (Value, error) { return Int(res.(int64) + 1), err })
	r, err := l.RunUntilComplete(v.Main(), fut)
	if n, ok := r.AsInt64(); err != nil || !ok || n != 42 {
		t.Fatalf("got %v, %v", r, err)
	}
	if l.pendingOps != 0 || l.opHead != nil {
		t.Fatalf("operation still counted: %d", l.pendingOps)
	}
	l.Close()
}

func TestOpFutureError(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	fut := l.NewFuture()
	l.GoFuture(fut, func(ctx context.Context) (any, error) { return nil, errors.New("boom") }, nil)
	_, err := l.RunUntilComplete(v.Main(), fut)
	if err == nil || asException(err).Type() != OSError {
		t.Fatalf("want OSError, got %v", err)
	}
	l.Close()
}

// Cancelling the future cancels the operation's context, and apply still
// runs so that it can release resources.
func TestOpCancelledByFuture(t *testing.T) {
	v := New(Options{})
	l := v.NewLoop()
	fut := l.NewFuture()
	applied := make(chan error, 1)
	l.GoFuture(fut, func(ctx context.Context) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}, func(res any, err error) (Value, error) { applied <- err; return None, err })
	l.CallSoon(func() { fut.Cancel(None) })
	if _, err := l.RunUntilComplete(v.Main(), fut); err == nil {
		t.Fatal("want CancelledError")
	}
	// the apply callback arrives at a later iteration
	deadline := time.Now().Add(2 * time.Second)
	for l.pendingOps != 0 && time.Now().Before(deadline) {
		_ = l.runOnce(v.Main(), false)
	}
	if got := <-applied; !errors.Is(got, context.Canceled) {
		t.Fatalf("apply saw %v", got)
	}
	l.Close()
}

// Closing the loop cancels operations still running and waits for their
// goroutines; what they post after the close is dropped.
func TestLoopCloseEndsOps(t *testing.T) {
	before := runtime.NumGoroutine()
	v := New(Options{})
	l := v.NewLoop()
	released := 0
	for i := 0; i < 10; i++ {
		l.Go(func(op *Op) {
			<-op.Context().Done()
			op.Post(func() { released++ })
		})
	}
	if l.pendingOps != 10 {
		t.Fatalf("pendingOps = %d", l.pendingOps)
	}
	l.Close()
	if released != 10 {
		t.Fatalf("released %d of 10 before close returned", released)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines left (before: %d)", n, before)
	}
	op := &Op{loop: l}
	if op.Post(func() {}) {
		t.Fatal("posted to a closed loop")
	}
}
