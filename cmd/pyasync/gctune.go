package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// tuneGC sets the collector's pace after every cycle so that the heap may
// grow to at least minHeap before the next collection, and to twice the live
// heap beyond that (GOGC=100) up to 64 MiB live, then less and less: 50%
// headroom up to 96 MiB, 33% up to 128 MiB and 15% above.
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
		case live > 96<<20:
			pct = 33
		case live > 64<<20:
			// measured (peak RSS, python3's in brackets): dict_str_int
			// 182 -> 150-162 MiB (135), small_objects 216 -> 194 (174),
			// sleepers 219 -> 200 (354), at up to 10% more CPU
			pct = 50
		}
		debug.SetGCPercent(pct)
		runtime.SetFinalizer(&sentinel{}, rearm)
	}
	debug.SetGCPercent(400)
	runtime.SetFinalizer(&sentinel{}, rearm)
}

// pacer collects the CLI's interpreter's small heaps synchronously (see
// gcPacer), or is nil when the user set GOGC.
var pacer *gcPacer
