package stdlib

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/pyasync/pyasync/stdlib/internal/csqlite"
)

// endlessQuery counts an endless recursive series: it ends only when
// interrupted.
const endlessQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"

// TestAiosqliteInterruptBeforeStatement: an interrupt (the run aborted,
// the loop closing) stops the statement of a call that was still queued
// when it came, or running but before its statement started (the worker
// waiting for the GIL on a loaded machine) — SQLite forgets an interrupt
// made with no statement running; a call submitted after it runs.
func TestAiosqliteInterruptBeforeStatement(t *testing.T) {
	c, err := csqlite.Open(":memory:", false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var db atomic.Pointer[sqliteHandle]
	db.Store(&sqliteHandle{c: c})
	r := &aiosqliteRun{db: &db}
	run := func(what, sql string, wantErr bool) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- c.Exec(sql) }()
		select {
		case err := <-done:
			if (err != nil) != wantErr {
				t.Fatalf("%s: error %v", what, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: the interrupt was lost: the query still runs", what)
		}
	}
	// queued when interrupted
	seq := r.seq.Add(1)
	r.interrupt()
	time.Sleep(20 * time.Millisecond)
	r.begin(seq)
	run("queued", endlessQuery, true)
	r.end()
	// running, its statement not started yet
	r.begin(r.seq.Add(1))
	r.interrupt()
	time.Sleep(20 * time.Millisecond)
	run("running", endlessQuery, true)
	r.end()
	// submitted after the interrupt
	r.begin(r.seq.Add(1))
	time.Sleep(20 * time.Millisecond)
	run("later", "SELECT 1", false)
	r.end()
}
