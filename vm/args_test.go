package vm

import "testing"

// TestUnpackArgsAllocs: parsing a builtin's arguments allocates nothing
// for the usual few parameters, and still reports bad calls.
func TestUnpackArgsAllocs(t *testing.T) {
	args := []Value{Int(1), Int(2)}
	kw := []string{"name"}
	names := []string{"coro", "*name?", "*context?"}
	var a, b, c Value
	allocs := testing.AllocsPerRun(100, func() {
		if err := UnpackArgs("create_task", args, kw, names, &a, &b, &c); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("UnpackArgs allocates %.0f times", allocs)
	}
	if n, _ := b.AsInt64(); n != 2 || c.o != nil {
		t.Fatalf("name %v, context %v", b, c)
	}
	if err := UnpackArgs("create_task", args, nil, names, &a, &b, &c); err == nil {
		t.Fatal("two positional arguments for one accepted")
	}
}
