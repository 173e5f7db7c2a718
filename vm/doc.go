// Package vm is pyasync's virtual machine: values, objects, the bytecode
// interpreter, generators and coroutines, and the Go API that the standard
// library and embedders use.
//
// # Values
//
// A Value is a two-word struct: an Object interface and a 64-bit payload.
// Small ints (int64), floats, bools and None are stored inline (their Object
// is a zero-sized marker), so arithmetic on them never allocates; ints that
// overflow int64 become *bigInt. Everything else is a heap object
// implementing Object (Type() *Type): *StrObject, *List, *Tuple, *Dict, *Set,
// *Bytes, *Range, *Function, *Builtin, *BoundMethod, *Type (classes),
// *Instance (instances of user classes), *Exception, *Generator, *Module...
// Constructors: Int, Float, Bool, Str, BigInt, NewList, NewTuple, NewDict,
// NewSet, NewBytes, NewBuiltin, NewIterator; None/True/False/NotImplemented.
// Accessors: v.AsInt64, v.AsFloat (after IsFloat), v.AsStr, v.ToBig,
// v.TypeName.
//
// # Types and methods
//
// Every class is a *Type with a Dict namespace and an MRO. Builtin types are
// package variables (IntType, StrType, ListType, ...) shared by all VMs and
// immutable once package initialisation is over; their methods are
// registered from init functions with t.NewMethod(name, MethodFunc),
// t.NewStaticMethod, t.NewClassMethod and t.NewGetSet (computed attributes).
// A constructor is a static "__new__" method receiving the class as args[0].
// Dunder methods registered on builtin types (e.g. ListType's "__add__") are
// what the generic operator dispatch calls, and what scripts see as
// list.__add__; the interpreter has inline fast paths for the hot cases.
//
// # Calling convention
//
// Go functions take (t *Thread, args []Value, kwnames []string): the last
// len(kwnames) entries of args are keyword-argument values. Methods also get
// self. args may alias the VM stack: copy it to keep it. Errors are returned
// as *Exception values (Errorf(TypeError, "...")), which implement error.
// UnpackArgs and ArgCount check arguments with CPython's messages.
//
// # Threads and frames
//
// A Thread is a stack of heap frames (the main program or one asyncio task).
// Calls between script functions push frames inside one interpreter loop
// (Thread.run) without recursing on the Go stack; frames of plain calls are
// pooled and their registers come from a per-thread arena, so a call
// allocates nothing. Generators and coroutines own their frame; "yield from"
// and "await" push the delegate's frame on the same thread, so a task's whole
// await chain stays in place while it is suspended and resuming it copies
// nothing. Go code that needs script code (a key function, __eq__, __repr__)
// calls t.Call, which runs a nested loop; that nesting counts towards the
// recursion limit.
//
// All Thread methods (Call, GetAttr, Repr, Str, Hash, Equal, RichCompare,
// Iter, Next, ForEach, ToSlice, GetItem, SetItem, Len, Truth, Format...) may
// run script code, which is why they hang off the thread.
package vm
