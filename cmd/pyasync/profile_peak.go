package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
)

// watchPeakHeap writes a heap profile to path each time a collection
// finds more live heap than any before (PYASYNC_HEAPPEAK), so that the
// file ends up describing the program at its largest: the profile the
// memory goals need, which one written at exit (PYASYNC_MEMPROFILE) is
// not. "%p" in path stands for the process id (a script that starts
// copies of itself gets one file per process). The profile is written by its own goroutine, told by the finalizer
// of a sentinel re-armed after every cycle.
func watchPeakHeap(path string) {
	path = strings.ReplaceAll(path, "%p", strconv.Itoa(os.Getpid()))
	runtime.MemProfileRate = 16 << 10
	grew := make(chan struct{}, 1)
	go func() {
		for range grew {
			// a heap profile describes the last finished cycle: one
			// more makes it describe the peak just seen (this cycle
			// moves the program's collections a little, acceptable in
			// a measuring tool)
			runtime.GC()
			if f, err := os.Create(path); err == nil {
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peak uint64
	type sentinel struct{ _ [16]byte }
	var rearm func(*sentinel)
	rearm = func(*sentinel) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			if live := sample[0].Value.Uint64(); live > peak+peak/20 {
				peak = live
				select {
				case grew <- struct{}{}:
				default:
				}
			}
		}
		runtime.SetFinalizer(&sentinel{}, rearm)
	}
	runtime.SetFinalizer(&sentinel{}, rearm)
}
