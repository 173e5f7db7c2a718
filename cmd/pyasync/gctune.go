package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// tuneGC sets the collector's pace after every cycle so that the heap may
// grow to at least minHeap before the next collection, and to twice the live
// heap beyond that (GOGC=100), keeping 15% as headroom above 128 MiB live.
//
// Script programs allocate many short-lived objects and every register write
// pays Go's write barrier while the collector is marking, so small programs
// run much faster when they collect rarely; programs with large live heaps
// (200,000 sleeping tasks) must not be given several times their size.
func tuneGC(minHeap uint64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	type sentinel struct{ _ [16]byte }
	var rearm func(*sentinel)
	rearm = func(*sentinel) {
		metrics.Read(sample)
		live := uint64(1)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = max(sample[0].Value.Uint64(), 1)
		}
		pct := 100
		switch {
		case live < minHeap/2:
			pct = int(min(100*(minHeap-live)/live, 1000))
		case live > 128<<20:
			pct = 15
		}
		debug.SetGCPercent(pct)
		runtime.SetFinalizer(&sentinel{}, rearm)
	}
	debug.SetGCPercent(400)
	runtime.SetFinalizer(&sentinel{}, rearm)
}
