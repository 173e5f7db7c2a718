package vm

// Function is a function defined in a script.
type Function struct {
	code        *Code
	globals     *Dict
	name        string
	qualname    string
	defaults    []Value
	kwdefaults  *Dict
	closure     []Value // cells, in code.FreeVars order
	dict        *Dict
	doc         Value
	annotations *Dict
	module      Value
	names       *nameObjs // nil unless a str subclass was assigned to a name
}

// nameValue is the function's __name__ (or, with qual, __qualname__).
func (f *Function) nameValue(qual bool) Value {
	if v := f.names.get(qual); v.o != nil {
		return v
	}
	if qual {
		return Str(f.qualname)
	}
	return Str(f.name)
}

// setName assigns the function's __name__ (or __qualname__): v is a str
// or a str subclass instance whose text is s.
func (f *Function) setName(v Value, s string, qual bool) {
	if qual {
		f.qualname = s
	} else {
		f.name = s
	}
	f.names = f.names.set(v, qual)
}

// Type implements Object.
func (*Function) Type() *Type { return FunctionType }

// Name returns the function's __name__.
func (f *Function) Name() string { return f.name }

// BuiltinFunc is the signature of functions implemented in Go. args holds the
// positional arguments followed by the values of the keyword arguments, whose
// names are kwnames (so len(args)-len(kwnames) arguments are positional).
// args may alias the VM's stack: copy it if it must outlive the call.
type BuiltinFunc func(t *Thread, args []Value, kwnames []string) (Value, error)

// Builtin is a function implemented in Go.
type Builtin struct {
	name string
	fn   BuiltinFunc
	self Value // bound receiver for module-level functions that need one (usually zero)
	doc  string
	// module is the name of the module that defines the function ("" for
	// builtins), for __module__ and the docstring table (builtindocs.go).
	module string
	// static is the static method of a builtin type this function is
	// (str.maketrans), for the docstring table
	static *BuiltinMethod
}

// Type implements Object.
func (*Builtin) Type() *Type { return BuiltinFunctionType }

// NewBuiltin returns a Go function as a script value.
func NewBuiltin(name string, fn BuiltinFunc) Value {
	return Value{o: &Builtin{name: name, fn: fn}}
}

// MethodFunc is the signature of methods implemented in Go.
type MethodFunc func(t *Thread, self Value, args []Value, kwnames []string) (Value, error)

// BuiltinMethod is a method descriptor of a builtin type (e.g. list.append).
type BuiltinMethod struct {
	name  string
	owner *Type
	fn    MethodFunc
	// static/class methods of builtin types (e.g. dict.fromkeys, str.maketrans)
	kind methodKind
	// awaitAtOnce: the method asks whether its call is awaited at once
	// (NewAwaitMethod)
	awaitAtOnce bool
}

type methodKind uint8

const (
	methodInstance methodKind = iota
	methodClass
	methodStatic
)

// Type implements Object.
func (*BuiltinMethod) Type() *Type { return MethodDescriptorType }

// BoundMethod is a function bound to an instance (obj.method).
type BoundMethod struct {
	fn   Value // *Function, *BuiltinMethod or any callable
	self Value
}

// Type implements Object.
func (b *BoundMethod) Type() *Type {
	if _, ok := b.fn.o.(*BuiltinMethod); ok {
		return BuiltinFunctionType // [].append, as in CPython
	}
	return MethodType
}

// boundBuiltin returns the method and the bound method when v is a method
// of a builtin type bound to an object ([].append), else nil.
func boundBuiltin(v Value) (*BuiltinMethod, *BoundMethod) {
	if bm, ok := v.o.(*BoundMethod); ok {
		if m, ok := bm.fn.o.(*BuiltinMethod); ok {
			return m, bm
		}
	}
	return nil, nil
}

// Cell holds a variable captured by a closure.
type Cell struct {
	v Value // zero when empty
}

// Type implements Object.
func (*Cell) Type() *Type { return CellType }

// StaticMethod wraps a function so that attribute access does not bind it.
type StaticMethod struct {
	fn Value
	// dict holds the instance attributes; staticmethod() fills it with the
	// wrapped callable's __name__, __doc__ ... (copyWrappedAttrs). Nil
	// until an attribute is set on an implicit staticmethod (__new__).
	dict *Dict
}

// Type implements Object.
func (*StaticMethod) Type() *Type { return StaticMethodType }

// InstanceDict implements DictHolder.
func (m *StaticMethod) InstanceDict() *Dict {
	if m.dict == nil {
		m.dict = NewDict()
	}
	return m.dict
}

// ClassMethod wraps a function so that it binds to the class.
type ClassMethod struct {
	fn Value
	// dict: as StaticMethod's.
	dict *Dict
}

// Type implements Object.
func (*ClassMethod) Type() *Type { return ClassMethodType }

// InstanceDict implements DictHolder.
func (m *ClassMethod) InstanceDict() *Dict {
	if m.dict == nil {
		m.dict = NewDict()
	}
	return m.dict
}

// Property is a data descriptor made of getter, setter and deleter functions.
type Property struct {
	fget, fset, fdel, doc Value
}

// Type implements Object.
func (*Property) Type() *Type { return PropertyType }

// NewMethod registers a Go method on a builtin type.
func (t *Type) NewMethod(name string, fn MethodFunc) {
	t.setNative(name, Value{o: nativeMethod(BuiltinMethod{name: name, owner: t, fn: fn})})
}

// NewAwaitMethod registers a Go method that returns an awaitable and may
// ask, with Thread.AwaitedAtOnce, whether the caller awaits it at once.
func (t *Type) NewAwaitMethod(name string, fn MethodFunc) {
	t.setNative(name, Value{o: nativeMethod(BuiltinMethod{name: name, owner: t, fn: fn, awaitAtOnce: true})})
}

// NewClassMethod registers a Go class method on a builtin type.
func (t *Type) NewClassMethod(name string, fn MethodFunc) {
	t.setNative(name, Value{o: nativeMethod(BuiltinMethod{name: name, owner: t, fn: fn, kind: methodClass})})
}

// NewStaticMethod registers a Go static method on a builtin type.
func (t *Type) NewStaticMethod(name string, fn MethodFunc) {
	t.setNative(name, Value{o: nativeMethod(BuiltinMethod{name: name, owner: t, fn: fn, kind: methodStatic})})
}

// moduleName is the name of the module that defines b ("builtins" unless
// a module's SetFunc made it).
func (b *Builtin) moduleName() string {
	if b.module == "" {
		return "builtins"
	}
	return b.module
}
