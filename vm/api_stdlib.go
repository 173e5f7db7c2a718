package vm

// Exported helpers for the standard library (package stdlib), which is
// written against the VM's public API.

// NewNativeType makes a class implemented in Go by another package (the
// standard library's file objects, random.Random, ...). name is the class
// name, module its __module__ (e.g. "_io"), base its base class (nil means
// object). newInstance allocates an instance for cls (the type itself or a
// script subclass of it); it may be nil when instances are only made by a
// "__new__" static method registered with NewStaticMethod. Like the builtin
// types, the type must be fully set up (methods registered) before any VM
// uses it, typically from an init function.
func NewNativeType(name, module string, base *Type, newInstance func(cls *Type) Object) *Type {
	if base == nil {
		base = ObjectType
	}
	t := newBuiltinType(name, base)
	t.Module = module
	if newInstance != nil {
		t.newInstance = newInstance
	}
	return t
}

// NewCType is NewNativeType for a type that CPython implements in C: its
// Name, which error messages use (CPython's tp_name), is dotted
// ("collections.deque", "_io.StringIO") while __name__ stays name.
func NewCType(name, module string, base *Type, newInstance func(cls *Type) Object) *Type {
	t := NewNativeType(name, module, base, newInstance)
	t.SetDottedName(module + "." + name)
	return t
}

// HandledException returns the exception currently being handled by the
// innermost except block of the thread (what sys.exc_info() reports), or
// nil.
func (t *Thread) HandledException() *Exception { return t.handledException() }

// ExceptionClass returns the class of an exception.
func (e *Exception) ExceptionClass() *Type { return e.cls }

// IsNativeType reports whether t is implemented in Go (a builtin or native
// type) rather than defined by a script.
func (t *Type) IsNativeType() bool { return t.builtin }

// NewExceptionType makes an exception class implemented in Go (such as
// json.JSONDecodeError or io.UnsupportedOperation) deriving from the given
// builtin exception classes; module is its __module__. Call it from an init
// function, before any VM runs.
func NewExceptionType(name, module string, bases ...*Type) *Type {
	t := newExcType(name, bases...)
	t.Module = module
	return t
}
