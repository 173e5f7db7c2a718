package vm

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNativeRegistrationAllocations holds what nativeSlabs is for:
// registering a Go method, class method or computed attribute allocates
// nothing per registration once the type's dict has room (the objects come
// from chunks; before, each cost a BuiltinMethod or GetSet and a str key).
func TestNativeRegistrationAllocations(t *testing.T) {
	typ := NewNativeType("slabbed", "test", nil, nil)
	fn := func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return None, nil }
	get := func(t *Thread, self Value) (Value, error) { return None, nil }
	typ.NewMethod("m", fn)
	typ.NewClassMethod("c", fn)
	typ.NewGetSet("g", get, nil)
	for name, reg := range map[string]func(){
		"NewMethod":      func() { typ.NewMethod("m", fn) },
		"NewClassMethod": func() { typ.NewClassMethod("c", fn) },
		"NewGetSet":      func() { typ.NewGetSet("g", get, nil) },
	} {
		if n := testing.AllocsPerRun(nativeChunk, reg); n != 0 {
			t.Errorf("%s allocates %.0f times a registration", name, n)
		}
	}
}

// TestNativeKeysComplete checks that a builtin type's dict keys are made
// with their hash and length filled in: the keys are shared by every
// interpreter, so a lazy fill-in later would be a data race.
func TestNativeKeysComplete(t *testing.T) {
	typ := NewNativeType("keyed", "test", nil, nil)
	get := func(t *Thread, self Value) (Value, error) { return None, nil }
	typ.NewGetSet("plain", get, nil)
	typ.NewGetSet("naïve", get, nil)
	want := map[string]int32{"plain": 5, "naïve": 5}
	for _, k := range typ.Dict.Keys() {
		s := k.o.(*StrObject)
		n, ok := want[s.s]
		if !ok {
			continue
		}
		require.True(t, s.hashed, "%q hashed", s.s)
		require.Equal(t, strHash(s.s), s.h, "%q hash", s.s)
		require.NotZero(t, s.ascii, "%q scanned", s.s)
		require.Equal(t, n, s.nchars, "%q length", s.s)
		delete(want, s.s)
	}
	require.Empty(t, want, "keys not found")
}

// TestNativeRegistrationInParallel registers methods on types made by
// several goroutines at once, as lazily built types are registered by
// whichever interpreter needs them first: every method must keep its own
// name and owner (two registrations sharing a chunk's slot would not), and
// under -race the chunks must be guarded.
func TestNativeRegistrationInParallel(t *testing.T) {
	const goroutines, methods = 4, 3 * nativeChunk / 2
	fn := func(t *Thread, self Value, args []Value, kw []string) (Value, error) { return None, nil }
	types := make([]*Type, goroutines)
	var wg sync.WaitGroup
	for g := range types {
		wg.Add(1)
		go func() {
			defer wg.Done()
			typ := NewNativeType(fmt.Sprintf("par%d", g), "test", nil, nil)
			for i := 0; i < methods; i++ {
				typ.NewMethod(fmt.Sprintf("m%d", i), fn)
			}
			types[g] = typ
		}()
	}
	wg.Wait()
	for _, typ := range types {
		for i := 0; i < methods; i++ {
			name := fmt.Sprintf("m%d", i)
			v, ok := typ.Dict.GetStr(name)
			require.True(t, ok, "%s.%s", typ.Name, name)
			m := v.o.(*BuiltinMethod)
			require.Equal(t, name, m.name)
			require.Same(t, typ, m.owner, "owner of %s.%s", typ.Name, name)
		}
	}
}
