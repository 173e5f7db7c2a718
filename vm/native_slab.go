package vm

import "sync"

// nativeChunk is how many objects of a kind nativeSlabs allocates at once:
// ~10 KB chunks, ten or so of each kind at start-up.
const nativeChunk = 256

// typeChunk is how many builtin types nativeSlabs allocates at once
// (~14 KB): a span of the types' 448-byte size class holds only 18, so
// one allocation each refilled the allocator's cache every 18 types.
const typeChunk = 32

// nativeSlabs hands out, from chunks, the builtin and native types
// themselves and the objects that registering a Go method or computed
// attribute on one creates (the BuiltinMethod or GetSet, and the str key
// of the type's dict), so the few thousand registrations of the package
// inits cost a few dozen allocations instead of two each: allocation was
// the largest part of start-up's instructions. The objects live as long as
// their type, and builtin types live as long as the process (object's
// subclass list keeps each one), so a chunk kept alive by one of its
// objects wastes nothing. The lock is there because types built on first
// use (struct sequences, itertools) are made and registered on whichever
// interpreter's goroutine needs them first; it guards only the chunks,
// never what is stored in the objects.
var nativeSlabs struct {
	mu      sync.Mutex
	methods []BuiltinMethod
	getsets []GetSet
	keys    []StrObject
	types   []builtinTypeAlloc
}

// takeNative returns the next zeroed object of *chunk, first allocating a
// chunk of n when it is used up. It takes nativeSlabs' lock.
func takeNative[T any](chunk *[]T, n int) *T {
	nativeSlabs.mu.Lock()
	if len(*chunk) == 0 {
		*chunk = make([]T, n)
	}
	p := &(*chunk)[0]
	*chunk = (*chunk)[1:]
	nativeSlabs.mu.Unlock()
	return p
}

// nativeType returns a zeroed builtinTypeAlloc from a chunk.
func nativeType() *builtinTypeAlloc { return takeNative(&nativeSlabs.types, typeChunk) }

// nativeMethod returns a new BuiltinMethod set to m, from a chunk.
func nativeMethod(m BuiltinMethod) *BuiltinMethod {
	p := takeNative(&nativeSlabs.methods, nativeChunk)
	*p = m
	return p
}

// nativeGetSet returns a new GetSet set to g, from a chunk.
func nativeGetSet(g GetSet) *GetSet {
	p := takeNative(&nativeSlabs.getsets, nativeChunk)
	*p = g
	return p
}

// nativeKey returns a str object of name for a builtin type's dict, from
// a chunk. It refers to name's bytes rather than copying them (the names
// are Go constants) and is complete when made, its hash and length filled
// in: these keys are shared by every interpreter, so nothing may fill them
// in lazily later.
func nativeKey(name string) *StrObject {
	p := takeNative(&nativeSlabs.keys, nativeChunk)
	p.s, p.h, p.hashed = name, strHash(name), true
	var or byte
	for i := 0; i < len(name); i++ {
		or |= name[i]
	}
	if or < 0x80 {
		p.ascii, p.nchars = 1, int32(len(name))
	} else {
		p.scan()
	}
	return p
}
