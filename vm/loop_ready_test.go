package vm

import "testing"

// TestReadyQueueOrder: entries come out in the order they went in across
// growth, wrap-around and shrinking, and popped slots are cleared.
func TestReadyQueueOrder(t *testing.T) {
	var q readyQueue
	tasks := make([]*Task, 1000)
	for i := range tasks {
		tasks[i] = &Task{}
	}
	next, out := 0, 0
	// interleave pushes and pops so the head wraps around several times
	for round := 0; round < 50; round++ {
		for k := 0; k < 37 && next < len(tasks); k++ {
			q.push(tasks[next])
			next++
		}
		for k := 0; k < 20 && q.len() > 0; k++ {
			if got := q.pop().(*Task); got != tasks[out] {
				t.Fatalf("pop %d: wrong task", out)
			}
			out++
		}
	}
	for q.len() > 0 {
		if got := q.pop().(*Task); got != tasks[out] {
			t.Fatalf("pop %d: wrong task", out)
		}
		out++
	}
	if out != len(tasks) {
		t.Fatalf("popped %d of %d", out, len(tasks))
	}
	for i, x := range q.buf {
		if x != nil {
			t.Fatalf("slot %d still holds an entry", i)
		}
	}
	big := len(q.buf)
	for i := 0; i < readyCalm-1; i++ {
		q.shrink()
	}
	if len(q.buf) != big {
		t.Fatalf("ring of %d entries shrank to %d before %d quiet iterations", big, len(q.buf), readyCalm)
	}
	q.shrink()
	if len(q.buf) >= big || len(q.buf) < readyMin {
		t.Fatalf("ring of %d entries shrank to %d", big, len(q.buf))
	}
}

// TestReadyQueueBursts: a ring that a burst fills at every few iterations
// keeps its size (it was resized twice per burst).
func TestReadyQueueBursts(t *testing.T) {
	var q readyQueue
	tk := &Task{}
	grown := 0
	for it := 0; it < 1000; it++ {
		k := 2
		if it%10 == 0 {
			k = 200
		}
		// an iteration runs what was queued, which queues the next
		for q.len() > 0 {
			q.pop()
		}
		for i := 0; i < k; i++ {
			if q.n == len(q.buf) {
				grown++
			}
			q.push(tk)
		}
		q.shrink()
	}
	if grown > 3 || len(q.buf) != 256 {
		t.Fatalf("grown %d times, ring of %d", grown, len(q.buf))
	}
}

// TestReadyQueueHas: a task is found whether queued plainly or with an
// exception to throw in.
func TestReadyQueueHas(t *testing.T) {
	var q readyQueue
	a, b, c := &Task{}, &Task{}, &Task{}
	q.push(&Handle{})
	q.push(a)
	q.push(&taskThrow{task: b, exc: NewException(CancelledError)})
	if !q.has(a) || !q.has(b) || q.has(c) {
		t.Fatalf("has: a %v b %v c %v", q.has(a), q.has(b), q.has(c))
	}
}
