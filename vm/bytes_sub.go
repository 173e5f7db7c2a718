package vm

// bytesSub is an instance of a subclass of bytes or bytearray. It is a
// Buffer (through the embedded Bytes), so bytes-like arguments accept it;
// the methods of bytes and bytearray work on the embedded value (bytesSelf)
// and return plain bytes, as CPython's do.
type bytesSub struct {
	Bytes
	cls  *Type
	dict *Dict
}

// Type implements Object.
func (b *bytesSub) Type() *Type { return b.cls }

func init() {
	// repr of subclass instances (plain values are handled by simpleRepr):
	// bytes subclasses print as bytes, bytearray subclasses with their name
	BytesType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(bytesRepr(bytesSelf(self).b)), nil
	})
	ByteArrayType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(self.Type().Name + "(" + bytesRepr(bytesSelf(self).b) + ")"), nil
	})
	for _, typ := range []*Type{BytesType, ByteArrayType} {
		typ.NewMethod("__str__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			s, err := t.Repr(self)
			return Str(s), err
		})
		checkArity(typ, aritySlot0, "__repr__", "__str__")
	}
}
