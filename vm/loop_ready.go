package vm

// readyQueue is the loop's FIFO of callbacks and task steps: a ring buffer
// whose length is a power of two. An entry is 16 bytes and a task step
// allocates nothing: 200,000 tasks scheduled at once take 3.2 MB, and a
// burst leaves no trail of outgrown arrays (an appended slice consumed
// from the front needed compaction copies, each leaving the old array as
// garbage, and 24-byte entries).
//
// An entry holds a *Task (a plain step), a *Handle (a callback or a timer),
// a *doneCallback (a future's Go done callback: asyncio.gather's for each
// child) or a *taskThrow (a step with an exception thrown in, which is
// rare: a cancellation, a future that failed).
type readyQueue struct {
	buf  []any
	head int
	n    int
	// most is the largest length seen by shrink over the last calls
	// (calls counts them): a ring shrinks only after a run of quiet
	// iterations, so that a loop whose bursts come and go (100 echo
	// clients waking at once, then a few) does not grow and shrink its
	// ring at every iteration
	most, calls int
}

// taskThrow is a ready-queue step of task that throws exc into it.
type taskThrow struct {
	task *Task
	exc  *Exception
}

// readyMin is the smallest ring; a ring that has emptied shrinks back
// towards it when at most an eighth of it was used for readyCalm
// iterations in a row.
const (
	readyMin  = 64
	readyCalm = 64
)

// len is the number of entries queued.
func (q *readyQueue) len() int { return q.n }

// push appends an entry.
func (q *readyQueue) push(x any) {
	if q.n == len(q.buf) {
		q.resize(max(readyMin, 2*len(q.buf)))
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = x
	q.n++
}

// pop removes and returns the first entry (the queue must not be empty).
func (q *readyQueue) pop() any {
	x := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	return x
}

// resize moves the entries into a ring of size entries (a power of two,
// at least q.n).
func (q *readyQueue) resize(size int) {
	buf := make([]any, size)
	for i := 0; i < q.n; i++ {
		buf[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
	}
	q.buf, q.head = buf, 0
}

// shrink gives back most of a ring that a burst grew once the bursts
// have stopped (called between iterations).
func (q *readyQueue) shrink() {
	if len(q.buf) <= readyMin {
		return
	}
	q.most = max(q.most, q.n)
	if q.calls++; q.calls < readyCalm {
		return
	}
	if q.most <= len(q.buf)/8 {
		q.resize(max(readyMin, len(q.buf)/4))
	}
	q.most, q.calls = 0, 0
}

// has reports whether a plain or throwing step of tk is queued.
func (q *readyQueue) has(tk *Task) bool {
	for i := 0; i < q.n; i++ {
		switch x := q.buf[(q.head+i)&(len(q.buf)-1)].(type) {
		case *Task:
			if x == tk {
				return true
			}
		case *taskThrow:
			if x.task == tk {
				return true
			}
		}
	}
	return false
}

// clear drops every entry (the loop is closed).
func (q *readyQueue) clear() { *q = readyQueue{} }
