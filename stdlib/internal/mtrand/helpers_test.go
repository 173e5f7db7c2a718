package mtrand

import (
	"reflect"
	"testing"
)

func mustNoErr(t *testing.T, err error, ctx ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%v: unexpected error: %v", ctx, err)
	}
}

func mustEqual(t *testing.T, want, got any, ctx ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%v:\n want %#v\n  got %#v", ctx, want, got)
	}
}

func mustTrue(t *testing.T, cond bool, ctx ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("%v: condition failed", ctx...)
	}
}
