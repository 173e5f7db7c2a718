package csqlite

import (
	"errors"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	c, err := Open(":memory:", false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Exec("CREATE TABLE t (a INTEGER, b TEXT UNIQUE, c REAL, d BLOB); INSERT INTO t VALUES (1, 'x', 1.5, x'00ff')"); err != nil {
		t.Fatal(err)
	}
	if c.Changes() != 1 || c.LastInsertRowid() != 1 {
		t.Fatalf("changes %d rowid %d", c.Changes(), c.LastInsertRowid())
	}
	st, tail, err := c.Prepare("INSERT INTO t VALUES (?, :b, ?, ?); SELECT 1")
	if err != nil || tail != " SELECT 1" {
		t.Fatalf("prepare: %v tail %q", err, tail)
	}
	if st.ParamCount() != 4 || st.ParamName(2) != ":b" || st.ParamName(1) != "" {
		t.Fatalf("params %d %q", st.ParamCount(), st.ParamName(2))
	}
	st.BindInt64(1, 2)
	st.BindText(2, "x")
	st.BindFloat(3, 2.5)
	st.BindBlob(4, []byte{1})
	_, err = st.Step()
	var e *Error
	if !errors.As(err, &e) || ErrorName(e.Code) != "SQLITE_CONSTRAINT_UNIQUE" || e.Msg != "UNIQUE constraint failed: t.b" {
		t.Fatalf("want unique violation, got %v (%T)", err, err)
	}
	st.Finalize()
	if err := c.CreateFunction("twice", 1, true, func(a []Value) (Value, error) { return a[0].(int64) * 2, nil }); err != nil {
		t.Fatal(err)
	}
	st, _, err = c.Prepare("SELECT twice(a), b, c, d, NULL FROM t")
	if err != nil {
		t.Fatal(err)
	}
	row, err := st.Step()
	if !row || err != nil {
		t.Fatal(row, err)
	}
	if st.ColumnInt64(0) != 2 || st.ColumnText(1) != "x" || st.ColumnFloat(2) != 1.5 || string(st.ColumnBlob(3)) != "\x00\xff" || st.ColumnType(4) != Null {
		t.Fatal("wrong row")
	}
	st.Finalize()
}

type sum struct{ n int64 }

func (s *sum) Step(a []Value) error  { s.n += a[0].(int64); return nil }
func (s *sum) Final() (Value, error) { return s.n, nil }

func TestAggregate(t *testing.T) {
	c, _ := Open(":memory:", false)
	defer c.Close()
	c.Exec("CREATE TABLE t (g TEXT, v INTEGER); INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 5)")
	c.CreateAggregate("mysum", 1, func() (Aggregate, error) { return &sum{}, nil })
	st, _, err := c.Prepare("SELECT g, mysum(v) FROM t GROUP BY g ORDER BY g")
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for {
		row, err := st.Step()
		if err != nil {
			t.Fatal(err)
		}
		if !row {
			break
		}
		got = append(got, st.ColumnInt64(1))
	}
	st.Finalize()
	if len(got) != 2 || got[0] != 3 || got[1] != 5 {
		t.Fatalf("got %v", got)
	}
}
