//go:build linux

package pyasync_test

import (
	"context"
	"io"
	"runtime"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync"
	"github.com/pyasync/pyasync/vm"
)

// BenchmarkLimitsCostCalls and BenchmarkLimitsCostLoop measure what all
// limits cost on compute, robustly on a loaded machine: each op runs the
// benchmark's function 20 times without limits and 20 times with all of
// them, alternating the order, and times each half in thread CPU time;
// the reported "limits/none" is the median ratio (1.00 = no cost).
func BenchmarkLimitsCostCalls(b *testing.B) { benchLimitsCost(b, callsSrc) }

// BenchmarkLimitsCostLoop: see BenchmarkLimitsCostCalls.
func BenchmarkLimitsCostLoop(b *testing.B) { benchLimitsCost(b, loopSrc) }

func benchLimitsCost(b *testing.B, src string) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	none, all := limitsRunner(b, src, pyasync.Limits{}), limitsRunner(b, src, allLimits)
	ratios := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var x, y int64
		if i%2 == 0 {
			x, y = none(20), all(20)
		} else {
			y, x = all(20), none(20)
		}
		if x > 0 {
			ratios = append(ratios, float64(y)/float64(x))
		}
	}
	if len(ratios) > 0 {
		sort.Float64s(ratios)
		b.ReportMetric(ratios[len(ratios)/2], "limits/none")
	}
}

// limitsRunner returns a function that calls src's f(1000) n times in a
// new interpreter (with lim armed as a run arms them) and returns the
// thread CPU time it took.
func limitsRunner(b *testing.B, src string, lim pyasync.Limits) func(n int) int64 {
	it := pyasync.New(pyasync.Options{Stdout: io.Discard, Stderr: io.Discard, Limits: lim})
	require.NoError(b, it.Exec(context.Background(), src, "<bench>"))
	fn, err := it.Get("f")
	require.NoError(b, err)
	th := it.VM().Main()
	if lim != (pyasync.Limits{}) {
		v := it.VM()
		v.ArmMemory(v.Arm(lim.MaxSteps), lim.MaxMemory)
		b.Cleanup(func() { _ = v.Disarm() })
	}
	args := []vm.Value{vm.Int(1000)}
	return func(n int) int64 {
		c0 := threadCPU()
		for i := 0; i < n; i++ {
			if _, err := th.Call(fn.VM(), args, nil); err != nil {
				b.Fatal(err)
			}
		}
		return threadCPU() - c0
	}
}

// threadCPU is the calling thread's CPU time in nanoseconds (the
// scheduler's precise figure, not getrusage's ticks).
func threadCPU() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return ts.Nano()
}
