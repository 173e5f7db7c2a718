package main

import (
	"runtime"
	"runtime/metrics"
)

// Small heaps are collected synchronously: the script's own goroutine
// runs runtime.GC at one of the eval breaker's slow paths once it has
// allocated the pacer's headroom since the last collection, with
// GOMAXPROCS at 1 for the cycle. While the collection runs the script is
// stopped, so its register writes pay no write barrier, and the mark work
// runs at once on the script's own thread. Go's concurrent cycle, by
// contrast, keeps the barrier on for its whole mark phase, which on a
// busy two-core machine lasts milliseconds of wall time for a 2 MiB heap
// while its workers wait to be scheduled; a synchronous cycle of that
// heap takes ~0.4 ms. So the heap can stay a few MiB above the live heap
// at no cost in time (measured in notes/mem14.md), where the background
// pace (tuneGC) gives small programs ~40 MiB.
//
// The headroom is 4 MiB (syncMinHeadroom; half the live heap if that
// were more), and only while the live heap is under syncMaxLive: a
// cycle's mark work grows with the live heap while its fixed cost (~0.3
// ms: starting and stopping the world, the worker) does not; with a
// live heap of 1-2 MiB they cost less than the concurrent ones they
// replace.
// With more, they cost more: an aiohttp server's 8 MiB live heap took
// 4-5 ms a cycle, +25% CPU per request at a 4 MiB headroom, where the
// background pace collects ten times less often. A cycle's sweep is no
// extra cost: the concurrent collector's allocations sweep as much.
// Above syncMaxLive, the background collector paces the heap alone.
//
// Programs whose allocations come from long Go operations with few slow
// paths between them (arithmetic on huge ints) are paced by the
// background collector as before.
const (
	syncMinHeadroom = 4 << 20
	syncMaxLive     = 4 << 20
)

// gcPacer is the state of the synchronous collections of the CLI's
// interpreter, used on its VM's goroutine only.
type gcPacer struct {
	// sample reads the heap's allocations, cycles and live bytes.
	sample []metrics.Sample
	// base is the allocation count after the last cycle, cycles that
	// cycle's number; last is the count at the previous poll.
	base, cycles, last uint64
	// every is the number of slow paths between two polls.
	every int
	// headroom is what the program may allocate between collections,
	// live the live heap after the last one.
	headroom, live uint64
	// started: the first poll has given back start-up's file pages.
	started bool
}

// newGCPacer returns a pacer whose first collection comes after
// syncMinHeadroom of allocation.
func newGCPacer() *gcPacer {
	return &gcPacer{
		sample: []metrics.Sample{
			{Name: "/gc/heap/allocs:bytes"},
			{Name: "/gc/cycles/total:gc-cycles"},
			{Name: "/gc/heap/live:bytes"},
		},
		every:    1,
		headroom: syncMinHeadroom,
	}
}

// maxPollEvery bounds the slow paths between two polls (~32k ticks,
// a fraction of a millisecond of script; a poll costs ~1 µs).
const maxPollEvery = 32

// poll is the VM's breaker hook: it collects when the headroom has been
// allocated since the last cycle (of either kind) and returns the number
// of slow paths until the next poll: about an eighth of the headroom at
// the rate seen since the last one, at most twice the last interval (a
// quiet start-up does not hide a program that starts allocating) and at
// most maxPollEvery.
func (p *gcPacer) poll() int {
	if !p.started {
		// the script runs: start-up is over; give back the file pages
		// it touched (the parser's, the compiler's, package inits')
		p.started = true
		releaseFilePages()
	}
	metrics.Read(p.sample)
	allocs, cycles := p.sample[0].Value.Uint64(), p.sample[1].Value.Uint64()
	if cycles != p.cycles {
		// a background cycle: count from now (it ended at most a poll
		// ago), and take its live heap, which may have outgrown
		// syncMaxLive
		p.base, p.cycles, p.live = allocs, cycles, p.sample[2].Value.Uint64()
	}
	perPath := max((allocs-p.last)/uint64(p.every), 1)
	if allocs-p.base >= p.headroom && p.live < syncMaxLive {
		p.collect()
		allocs = p.base
	}
	p.last = allocs
	p.every = int(min(max(p.headroom/8/perPath, 1), 2*uint64(p.every), maxPollEvery))
	return p.every
}

// collect runs a collection on one P and sets the headroom from the
// live heap it leaves. GOMAXPROCS goes back to its value, which stops the
// runtime's automatic updates of it (containers whose CPU limit changes
// while the program runs).
func (p *gcPacer) collect() {
	procs := runtime.GOMAXPROCS(1)
	runtime.GC()
	runtime.GOMAXPROCS(procs)
	metrics.Read(p.sample)
	p.base, p.cycles = p.sample[0].Value.Uint64(), p.sample[1].Value.Uint64()
	p.live = p.sample[2].Value.Uint64()
	p.headroom = max(p.live/2, syncMinHeadroom)
}
