package vm

// The builtin types. object is built by hand (it has no base); every other
// type derives from it. Methods are registered by init functions next to each
// type's implementation.
var (
	ObjectType = newObjectType()
	TypeType   = newBuiltinType("type", ObjectType)

	IntType       = newBuiltinType("int", ObjectType)
	BoolType      = newBuiltinType("bool", IntType)
	FloatType     = newBuiltinType("float", ObjectType)
	ComplexType   = newBuiltinType("complex", ObjectType)
	StrType       = newBuiltinType("str", ObjectType)
	BytesType     = newBuiltinType("bytes", ObjectType)
	ByteArrayType = newBuiltinType("bytearray", ObjectType)
	ListType      = newBuiltinType("list", ObjectType)
	TupleType     = newBuiltinType("tuple", ObjectType)
	DictType      = newBuiltinType("dict", ObjectType)
	SetType       = newBuiltinType("set", ObjectType)
	FrozenSetType = newBuiltinType("frozenset", ObjectType)
	RangeType     = newBuiltinType("range", ObjectType)
	SliceType     = newBuiltinType("slice", ObjectType)

	NoneType           = newBuiltinType("NoneType", ObjectType)
	NotImplementedType = newBuiltinType("NotImplementedType", ObjectType)
	EllipsisType       = newBuiltinType("ellipsis", ObjectType)

	FunctionType         = newBuiltinType("function", ObjectType)
	BuiltinFunctionType  = newBuiltinType("builtin_function_or_method", ObjectType)
	MethodDescriptorType = newBuiltinType("method_descriptor", ObjectType)
	MethodType           = newBuiltinType("method", ObjectType)
	CellType             = newBuiltinType("cell", ObjectType)
	StaticMethodType     = newBuiltinType("staticmethod", ObjectType)
	ClassMethodType      = newBuiltinType("classmethod", ObjectType)
	PropertyType         = newBuiltinType("property", ObjectType)
	CodeType             = newBuiltinType("code", ObjectType)
	ModuleType           = newBuiltinType("module", ObjectType)
	SuperType            = newBuiltinType("super", ObjectType)

	GeneratorType      = newBuiltinType("generator", ObjectType)
	CoroutineType      = newBuiltinType("coroutine", ObjectType)
	AsyncGeneratorType = newBuiltinType("async_generator", ObjectType)

	IteratorType      = newBuiltinType("iterator", ObjectType)
	RangeIteratorType = newBuiltinType("range_iterator", ObjectType)
	ListIteratorType  = newBuiltinType("list_iterator", ObjectType)
	TupleIteratorType = newBuiltinType("tuple_iterator", ObjectType)
	StrIteratorType   = newBuiltinType("str_ascii_iterator", ObjectType)
)

func newObjectType() *Type {
	t := newBuiltinType("object", nil)
	t.newInstance = newObjectInstance
	t.slots = []string{} // object() instances have no __dict__
	return t
}

func init() {
	for _, t := range []*Type{BoolType, NoneType, NotImplementedType, EllipsisType, FunctionType,
		BuiltinFunctionType, MethodDescriptorType, MethodType, CellType, CodeType, GeneratorType,
		CoroutineType, AsyncGeneratorType, RangeType, SliceType, RangeIteratorType, ListIteratorType,
		TupleIteratorType, StrIteratorType, IteratorType} {
		t.final = true
	}
	// Instances of these builtin types cannot be created by subclassing in
	// pyasync yet; their newInstance stays nil so class creation reports it.
	for _, t := range []*Type{IntType, BoolType, FloatType, StrType, BytesType, ByteArrayType, TupleType, RangeType, SliceType, FrozenSetType} {
		t.newInstance = nil
	}
	ListType.newInstance = func(cls *Type) Object { return &List{cls: cls} }
	DictType.newInstance = func(cls *Type) Object { return &Dict{cls: cls} }
	SetType.newInstance = func(cls *Type) Object { s := newSet(); s.cls = cls; return s }
}
