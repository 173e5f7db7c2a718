package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

var sink []byte

// TestGCPacerCollects: once the headroom has been allocated since the
// last cycle, a poll runs a collection and sets the headroom from the live
// heap; a poll before that does not.
func TestGCPacerCollects(t *testing.T) {
	// no background cycle may come in between
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	p := newGCPacer()
	p.poll()
	cycles := p.cycles
	for range 64 {
		sink = make([]byte, 1024) // far less than the headroom
	}
	p.poll()
	if p.cycles != cycles {
		t.Fatalf("collected after a few KiB (cycles %d -> %d)", cycles, p.cycles)
	}
	for range syncMinHeadroom / 4096 * 2 {
		sink = make([]byte, 4096)
	}
	p.poll()
	if p.cycles <= cycles {
		t.Fatalf("no collection after twice the headroom")
	}
	if p.live == 0 || p.headroom != max(p.live/2, syncMinHeadroom) {
		t.Errorf("live %d, headroom %d", p.live, p.headroom)
	}
	if got := runtime.GOMAXPROCS(0); got < 1 {
		t.Errorf("GOMAXPROCS %d after the collection", got)
	}
}

// TestGCPacerPollInterval: the interval between polls grows at most
// twofold per poll (a quiet start does not hide a program that starts
// allocating), up to maxPollEvery, and shrinks at once when the program
// allocates fast.
func TestGCPacerPollInterval(t *testing.T) {
	p := newGCPacer()
	p.poll()
	want := 1
	for range 10 {
		want = min(2*want, maxPollEvery)
		if got := p.poll(); got != want {
			t.Fatalf("interval %d after an idle poll, want %d", got, want)
		}
	}
	for range 256 {
		sink = make([]byte, 4096) // 1 MiB in one interval
	}
	if got := p.poll(); got >= maxPollEvery {
		t.Errorf("interval %d after 1 MiB in %d slow paths, want less", got, maxPollEvery)
	}
}

// TestGCPacerLargeHeap: a live heap above syncMaxLive, seen after a
// cycle the pacer did not run, is not collected synchronously (the stop
// would be long).
func TestGCPacerLargeHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	p := newGCPacer()
	p.poll()
	p.poll()
	if p.live >= syncMaxLive {
		t.Fatalf("live heap %d before the test", p.live)
	}
	big := make([][]byte, 0, syncMaxLive/65536+1)
	for range cap(big) {
		big = append(big, make([]byte, 65536))
	}
	runtime.GC() // a cycle of the pacer's program, not its own
	cycles := uint64(0)
	for i := range 3 {
		for range syncMinHeadroom / 4096 * 2 {
			sink = make([]byte, 4096)
		}
		p.poll()
		if i == 0 {
			if p.live < syncMaxLive {
				t.Fatalf("live heap %d after the cycle, want at least %d", p.live, syncMaxLive)
			}
			cycles = p.cycles
		} else if p.cycles != cycles {
			t.Fatalf("collected a live heap of %d MiB", p.live>>20)
		}
	}
	runtime.KeepAlive(big)
}

// BenchmarkGCPacerPoll is the cost of a poll that does not collect (one
// every few slow paths of a script).
func BenchmarkGCPacerPoll(b *testing.B) {
	p := newGCPacer()
	p.poll()
	p.headroom = 1 << 62
	for b.Loop() {
		p.poll()
	}
}
