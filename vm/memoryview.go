package vm

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"strings"
	"weak"
)

// The buffer protocol and memoryview.
//
// Buffer is what an object implements to expose its memory: bytes,
// bytearray and memoryview do, and so can objects of native modules (the
// array module's arrays). bytes(), bytearray(), memoryview(), b"".join,
// hashlib, struct... accept any Buffer (bytesLike). A Buffer may also
// implement BufferFormatter (items other than unsigned bytes: a struct
// format character such as "i" or "d") and BufferWritable (writable
// memory, for memoryview item assignment). A resizable exporter
// (bytearray, and native objects implementing BufferExporter such as the
// array module's arrays) refuses to change size while a memoryview on it
// is alive and not released, as CPython does.
//
// Export tracking differs from CPython's reference counting: a memoryview
// that was dropped without release() keeps its exporter locked until the
// garbage collector finds it unreachable; a resize that finds exports
// forces one collection before raising BufferError.

// Buffer is implemented by objects whose memory can be read as bytes.
type Buffer interface {
	// BufferBytes returns the object's memory (shared, not copied).
	BufferBytes() []byte
}

// BufferFormatter is implemented by buffers whose items are not unsigned
// bytes.
type BufferFormatter interface {
	// BufferFormat is the struct-module format of one item ("i", "d", ...).
	BufferFormat() string
}

// BufferWritable is implemented by buffers that may be written through a
// memoryview.
type BufferWritable interface {
	// BufferWritable reports whether the memory may be modified.
	BufferWritable() bool
}

// BufferExporter is implemented by buffers whose size can change (a
// native module's objects): a memoryview of one is counted in its Exports,
// and the object calls CheckResize before it changes size.
type BufferExporter interface {
	Buffer
	// BufferExports returns the object's export count.
	BufferExports() *Exports
}

// Exports records the memoryviews that may still use a resizable buffer's
// memory, as weak pointers (see the package comment above Buffer). It
// lives in the exporter itself, so each interpreter's objects keep their own
// records: an exporter is used only by the goroutine running its
// interpreter, which is why no lock guards it. The zero value has no
// exports; the list is allocated by the first export.
type Exports struct{ views *[]weak.Pointer[MemoryView] }

// CheckResize returns a BufferError with message msg when a memoryview of
// b is still alive and not released; it is called before b changes size.
func CheckResize(b BufferExporter, msg string) error {
	e := b.BufferExports()
	if e.views == nil || len(*e.views) == 0 {
		return nil
	}
	if e.live() > 0 {
		runtime.GC()
		if e.live() > 0 {
			return Errorf(BufferError, "%s", msg)
		}
	}
	return nil
}

// live drops the views that were collected or released and counts the
// others.
func (e *Exports) live() int {
	list := (*e.views)[:0]
	for _, w := range *e.views {
		if m := w.Value(); m != nil && !m.released {
			list = append(list, w)
		}
	}
	clear((*e.views)[len(list):])
	*e.views = list
	return len(list)
}

// add records the view m.
func (e *Exports) add(m *MemoryView) {
	if e.views == nil {
		e.views = new([]weak.Pointer[MemoryView])
	}
	*e.views = append(*e.views, weak.Make(m))
}

// remove forgets the view m.
func (e *Exports) remove(m *MemoryView) {
	if e.views == nil {
		return
	}
	list := *e.views
	for i, w := range list {
		if w.Value() == m {
			*e.views = append(list[:i], list[i+1:]...)
			list[len(list)-1] = weak.Pointer[MemoryView]{}
			return
		}
	}
}

// BufferBytes implements Buffer.
func (b *Bytes) BufferBytes() []byte { return b.b }

// BufferExports implements BufferExporter.
func (b *Bytes) BufferExports() *Exports { return &b.exports }

// BufferWritable implements BufferWritable (bytearray only).
func (b *Bytes) BufferWritable() bool { return b.mutable }

// MemoryView is a memoryview: a view of (part of) a buffer's memory, with
// a format, a shape and strides in bytes.
type MemoryView struct {
	obj      Value
	src      Buffer
	off      int
	shape    []int
	strides  []int
	format   string
	itemsize int
	readonly bool
	released bool
	exported BufferExporter // the object this view keeps from resizing
}

// Type implements Object.
func (*MemoryView) Type() *Type { return MemoryViewType }

// MemoryViewType is the memoryview class.
var MemoryViewType = newBuiltinType("memoryview", ObjectType)

func (m *MemoryView) export(b BufferExporter) {
	b.BufferExports().add(m)
	m.exported = b
}

func (m *MemoryView) unexport() {
	if b := m.exported; b != nil {
		m.exported = nil
		b.BufferExports().remove(m)
	}
}

// checkResize is called before a bytearray changes size.
func (b *Bytes) checkResize() error {
	return CheckResize(b, "Existing exports of data: object cannot be re-sized")
}

// memoryFormatSize gives the item size of the native formats memoryview
// supports.
var memoryFormatSize = map[string]int{"B": 1, "b": 1, "c": 1, "?": 1, "H": 2, "h": 2, "I": 4, "i": 4,
	"L": 8, "l": 8, "Q": 8, "q": 8, "N": 8, "n": 8, "P": 8, "f": 4, "d": 8}

// exporterFormatSize gives the item size of the formats an exporter may
// give that memoryview cannot read or write (the array module's 'u',
// format 'w'): such a view has the right shape and size, and its items
// raise NotImplementedError, as in CPython.
var exporterFormatSize = map[string]int{"w": 4}

// unpackable reports that the view's items cannot be read or written.
func (m *MemoryView) unpackable() error {
	if _, ok := exporterFormatSize[m.format]; ok {
		return Errorf(NotImplementedError, "memoryview: format %s not supported", m.format)
	}
	return nil
}

func isByteFormat(f string) bool { return f == "B" || f == "b" || f == "c" }

// NewMemoryView returns memoryview(obj).
func (t *Thread) NewMemoryView(obj Value) (Value, error) {
	if m, ok := obj.o.(*MemoryView); ok {
		if err := m.check(); err != nil {
			return Value{}, err
		}
		n := *m
		n.shape = append([]int(nil), m.shape...)
		n.strides = append([]int(nil), m.strides...)
		n.exported = nil
		nm := &n
		if m.exported != nil {
			nm.export(m.exported)
		}
		return Value{o: nm}, nil
	}
	src, ok := obj.o.(Buffer)
	if !ok {
		return Value{}, Errorf(TypeError, "memoryview: a bytes-like object is required, not '%s'", obj.TypeName())
	}
	format := "B"
	if f, ok := src.(BufferFormatter); ok {
		format = f.BufferFormat()
	}
	size := memoryFormatSize[format]
	if size == 0 {
		size = max(exporterFormatSize[format], 1)
	}
	writable := false
	if w, ok := src.(BufferWritable); ok {
		writable = w.BufferWritable()
	}
	n := len(src.BufferBytes()) / size
	m := &MemoryView{obj: obj, src: src, shape: []int{n}, strides: []int{size}, format: format, itemsize: size, readonly: !writable}
	if b, ok := src.(*Bytes); ok {
		if b.mutable {
			m.export(b)
		}
	} else if b, ok := src.(BufferExporter); ok {
		m.export(b)
	}
	return Value{o: m}, nil
}

func (m *MemoryView) check() error {
	if m.released {
		return Errorf(ValueError, "operation forbidden on released memoryview object")
	}
	return nil
}

func (m *MemoryView) release() {
	if !m.released {
		m.released = true
		m.unexport()
	}
}

func (m *MemoryView) nbytes() int {
	n := m.itemsize
	for _, s := range m.shape {
		n *= s
	}
	return n
}

func (m *MemoryView) cContiguous() bool {
	stride := m.itemsize
	for i := len(m.shape) - 1; i >= 0; i-- {
		if m.shape[i] > 1 && m.strides[i] != stride {
			return false
		}
		stride *= m.shape[i]
	}
	return true
}

// offsets calls fn with the byte offset of every item in C order.
func (m *MemoryView) offsets(fn func(off int)) {
	var walk func(dim, off int)
	walk = func(dim, off int) {
		if dim == len(m.shape) {
			fn(off)
			return
		}
		for i := 0; i < m.shape[dim]; i++ {
			walk(dim+1, off+i*m.strides[dim])
		}
	}
	walk(0, m.off)
}

func (m *MemoryView) tobytes() []byte {
	data := m.src.BufferBytes()
	out := make([]byte, 0, m.nbytes())
	m.offsets(func(off int) { out = append(out, data[off:off+m.itemsize]...) })
	return out
}

// BufferBytes implements Buffer: the view's bytes (shared when the view is
// contiguous, else a copy).
func (m *MemoryView) BufferBytes() []byte {
	if m.released {
		return nil
	}
	if m.cContiguous() {
		data := m.src.BufferBytes()
		end := m.off + m.nbytes()
		if end > len(data) {
			end = len(data)
		}
		return data[m.off:end]
	}
	return m.tobytes()
}

// BufferFormat implements BufferFormatter.
func (m *MemoryView) BufferFormat() string { return m.format }

// BufferWritable implements BufferWritable.
func (m *MemoryView) BufferWritable() bool { return !m.readonly }

// unpack reads the item at byte offset off.
func (m *MemoryView) unpack(off int) Value {
	b := m.src.BufferBytes()[off : off+m.itemsize]
	le := binary.LittleEndian
	switch m.format {
	case "B":
		return Int(int64(b[0]))
	case "b":
		return Int(int64(int8(b[0])))
	case "c":
		return NewBytes([]byte{b[0]})
	case "?":
		return Bool(b[0] != 0)
	case "H":
		return Int(int64(le.Uint16(b)))
	case "h":
		return Int(int64(int16(le.Uint16(b))))
	case "I":
		return Int(int64(le.Uint32(b)))
	case "i":
		return Int(int64(int32(le.Uint32(b))))
	case "L", "Q", "N", "P":
		u := le.Uint64(b)
		if u > math.MaxInt64 {
			return BigInt(new(big.Int).SetUint64(u))
		}
		return Int(int64(u))
	case "l", "q", "n":
		return Int(int64(le.Uint64(b)))
	case "f":
		return Float(float64(math.Float32frombits(le.Uint32(b))))
	case "d":
		return Float(math.Float64frombits(le.Uint64(b)))
	}
	return Int(int64(b[0]))
}

// pack writes v at byte offset off.
func (t *Thread) memoryPack(m *MemoryView, off int, v Value) error {
	b := m.src.BufferBytes()[off : off+m.itemsize]
	le := binary.LittleEndian
	invalid := Errorf(ValueError, "memoryview: invalid value for format '%s'", m.format)
	badType := Errorf(TypeError, "memoryview: invalid type for format '%s'", m.format)
	switch m.format {
	case "f", "d":
		f, ok, err := floatOperand(v)
		if !ok {
			return badType
		}
		if err != nil {
			return err
		}
		if m.format == "f" {
			le.PutUint32(b, math.Float32bits(float32(f)))
		} else {
			le.PutUint64(b, math.Float64bits(f))
		}
		return nil
	case "c":
		bb, ok := v.o.(*Bytes)
		if !ok || len(bb.b) != 1 || bb.mutable {
			return invalid
		}
		b[0] = bb.b[0]
		return nil
	case "?":
		tr, err := t.Truth(v)
		if err != nil {
			return err
		}
		b[0] = 0
		if tr {
			b[0] = 1
		}
		return nil
	}
	if !isIntValue(v) {
		if _, ok := v.Type().Lookup("__index__"); !ok {
			return badType
		}
	}
	iv, err := t.IndexValue(v)
	if err != nil {
		return err
	}
	x, ok := iv.ToBig()
	if !ok {
		return badType
	}
	signed := strings.ContainsAny(m.format, "bhilqn")
	bits := uint(8 * m.itemsize)
	if signed {
		if x.BitLen() >= int(bits) && !(x.Sign() < 0 && x.BitLen() == int(bits) && x.TrailingZeroBits() == bits-1) {
			return invalid
		}
	} else if x.Sign() < 0 || x.BitLen() > int(bits) {
		return invalid
	}
	var u uint64
	if x.IsInt64() {
		u = uint64(x.Int64())
	} else {
		u = x.Uint64()
	}
	switch m.itemsize {
	case 1:
		b[0] = byte(u)
	case 2:
		le.PutUint16(b, uint16(u))
	case 4:
		le.PutUint32(b, uint32(u))
	default:
		le.PutUint64(b, u)
	}
	return nil
}

func (m *MemoryView) tolist() Value {
	var walk func(dim, off int) Value
	walk = func(dim, off int) Value {
		if dim == len(m.shape) {
			return m.unpack(off)
		}
		items := make([]Value, m.shape[dim])
		for i := range items {
			items[i] = walk(dim+1, off+i*m.strides[dim])
		}
		return NewList(items)
	}
	if len(m.shape) == 0 {
		return m.unpack(m.off)
	}
	return walk(0, m.off)
}

// memoryIndex resolves an index of dimension dim to a byte offset.
func (t *Thread) memoryIndex(m *MemoryView, key Value, dim int) (int, error) {
	if !isIntValue(key) {
		if _, ok := key.Type().Lookup("__index__"); !ok {
			return 0, Errorf(TypeError, "memoryview: invalid slice key")
		}
	}
	i, err := t.Index(key)
	if err != nil {
		return 0, err
	}
	n := int64(m.shape[dim])
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return 0, Errorf(IndexError, "index out of bounds on dimension %d", dim+1)
	}
	return int(i) * m.strides[dim], nil
}

// itemOffset resolves an int or a tuple of ints to the offset of one item.
func (t *Thread) itemOffset(m *MemoryView, key Value) (int, bool, error) {
	if tup, ok := key.o.(*Tuple); ok {
		if len(tup.items) != len(m.shape) {
			if len(tup.items) < len(m.shape) {
				return 0, false, Errorf(NotImplementedError, "sub-views are not implemented")
			}
			return 0, false, Errorf(TypeError, "cannot index %d-dimension view with %d-element tuple", len(m.shape), len(tup.items))
		}
		off := m.off
		for d, k := range tup.items {
			o, err := t.memoryIndex(m, k, d)
			if err != nil {
				return 0, false, err
			}
			off += o
		}
		return off, true, nil
	}
	if _, ok := key.o.(*Slice); ok {
		return 0, false, nil
	}
	if len(m.shape) == 0 {
		return 0, false, Errorf(TypeError, "invalid indexing of 0-dim memory")
	}
	if len(m.shape) > 1 {
		if isIntValue(key) {
			return 0, false, Errorf(NotImplementedError, "multi-dimensional sub-views are not implemented")
		}
	}
	o, err := t.memoryIndex(m, key, 0)
	return m.off + o, true, err
}

func (t *Thread) memorySlice(m *MemoryView, s *Slice) (*MemoryView, error) {
	if len(m.shape) != 1 {
		return nil, Errorf(NotImplementedError, "multi-dimensional slicing is not implemented")
	}
	start, _, step, count, err := t.SliceIndices(s, m.shape[0])
	if err != nil {
		return nil, err
	}
	n := *m
	n.exported = nil
	n.off = m.off + start*m.strides[0]
	n.shape = []int{count}
	n.strides = []int{m.strides[0] * step}
	nm := &n
	if m.exported != nil {
		nm.export(m.exported)
	}
	return nm, nil
}

func (t *Thread) memoryGetItem(m *MemoryView, key Value) (Value, error) {
	if err := m.check(); err != nil {
		return Value{}, err
	}
	if s, ok := key.o.(*Slice); ok {
		n, err := t.memorySlice(m, s)
		if err != nil {
			return Value{}, err
		}
		return Value{o: n}, nil
	}
	if key.o == Ellipsis.o {
		return Value{o: m}, nil
	}
	if err := m.unpackable(); err != nil {
		return Value{}, err
	}
	off, ok, err := t.itemOffset(m, key)
	if err != nil || !ok {
		return Value{}, err
	}
	return m.unpack(off), nil
}

func (t *Thread) memorySetItem(m *MemoryView, key, v Value) error {
	if err := m.check(); err != nil {
		return err
	}
	if m.readonly {
		return Errorf(TypeError, "cannot modify read-only memory")
	}
	if s, ok := key.o.(*Slice); ok {
		dst, err := t.memorySlice(m, s)
		if err != nil {
			return err
		}
		defer dst.release()
		var src *MemoryView
		if sm, ok := v.o.(*MemoryView); ok {
			src = sm
		} else if _, ok := v.o.(Buffer); ok {
			sv, err := t.NewMemoryView(v)
			if err != nil {
				return err
			}
			src = sv.o.(*MemoryView)
			defer src.release()
		} else {
			return Errorf(TypeError, "a bytes-like object is required, not '%s'", v.TypeName())
		}
		if src.format != dst.format || len(src.shape) != len(dst.shape) || src.shape[0] != dst.shape[0] {
			return Errorf(ValueError, "memoryview assignment: lvalue and rvalue have different structures")
		}
		data := src.tobytes()
		buf := m.src.BufferBytes()
		i := 0
		dst.offsets(func(off int) {
			copy(buf[off:off+m.itemsize], data[i:i+m.itemsize])
			i += m.itemsize
		})
		return nil
	}
	if err := m.unpackable(); err != nil {
		return err
	}
	off, ok, err := t.itemOffset(m, key)
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(TypeError, "memoryview: invalid slice key")
	}
	return t.memoryPack(m, off, v)
}

// cast is memoryview.cast(format[, shape]).
func (t *Thread) memoryCast(m *MemoryView, format string, shapeV Value) (Value, error) {
	if err := m.check(); err != nil {
		return Value{}, err
	}
	f := strings.TrimPrefix(format, "@")
	size := memoryFormatSize[f]
	if size == 0 || len(f) != 1 {
		return Value{}, Errorf(ValueError, "memoryview: destination format must be a native single character format prefixed with an optional '@'")
	}
	if !m.cContiguous() {
		return Value{}, Errorf(TypeError, "memoryview: casts are restricted to C-contiguous views")
	}
	if !isByteFormat(m.format) && !isByteFormat(f) {
		return Value{}, Errorf(TypeError, "memoryview: cannot cast between two non-byte formats")
	}
	nbytes := m.nbytes()
	var shape []int
	if shapeV.o != nil && !shapeV.IsNone() {
		if len(m.shape) != 1 {
			return Value{}, Errorf(TypeError, "memoryview: cast must be 1D -> ND or ND -> 1D")
		}
		items, err := t.ToSlice(shapeV)
		if err != nil {
			return Value{}, err
		}
		prod := size
		for _, it := range items {
			n, err := t.Index(it)
			if err != nil {
				return Value{}, err
			}
			if n <= 0 {
				return Value{}, Errorf(ValueError, "memoryview.cast(): elements of shape must be integers > 0")
			}
			shape = append(shape, int(n))
			prod *= int(n)
		}
		if prod != nbytes {
			return Value{}, Errorf(TypeError, "memoryview: product(shape) * itemsize != buffer size")
		}
	} else {
		if nbytes%size != 0 {
			return Value{}, Errorf(TypeError, "memoryview: length is not a multiple of itemsize")
		}
		shape = []int{nbytes / size}
	}
	strides := make([]int, len(shape))
	st := size
	for i := len(shape) - 1; i >= 0; i-- {
		strides[i] = st
		st *= shape[i]
	}
	n := &MemoryView{obj: m.obj, src: m.src, off: m.off, shape: shape, strides: strides, format: f, itemsize: size, readonly: m.readonly}
	if m.exported != nil {
		n.export(m.exported)
	}
	return Value{o: n}, nil
}

// memoryEqual is memoryview == other (any buffer): same shape and equal
// unpacked items.
func (t *Thread) memoryEqual(m *MemoryView, other Value) (Value, error) {
	var o *MemoryView
	switch x := other.o.(type) {
	case *MemoryView:
		o = x
	case Buffer:
		v, err := t.NewMemoryView(other)
		if err != nil {
			return Value{}, err
		}
		o = v.o.(*MemoryView)
		defer o.release()
	default:
		return NotImplemented, nil
	}
	if m.released || o.released {
		return Bool(m == o), nil // a released view equals only itself
	}
	if m.unpackable() != nil || o.unpackable() != nil {
		return False, nil // unreadable items compare unequal, even to themselves
	}
	if m == o {
		return True, nil
	}
	if len(m.shape) != len(o.shape) {
		return False, nil
	}
	for i := range m.shape {
		if m.shape[i] != o.shape[i] {
			return False, nil
		}
	}
	a, b := m.tolist(), o.tolist()
	eq, err := t.Equal(a, b)
	return Bool(eq), err
}

func mvSelf(v Value) *MemoryView { return v.o.(*MemoryView) }

func intTuple(xs []int) Value {
	items := make([]Value, len(xs))
	for i, x := range xs {
		items[i] = Int(int64(x))
	}
	return NewTuple(items)
}

func init() {
	M := MemoryViewType
	M.final = true // "type 'memoryview' is not an acceptable base type"
	M.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		var cls, obj Value
		if err := UnpackArgs("memoryview", args, kw, []string{"/cls", "object"}, &cls, &obj); err != nil {
			return Value{}, err
		}
		return t.NewMemoryView(obj)
	})
	checked := func(f func(t *Thread, m *MemoryView) (Value, error)) func(*Thread, Value) (Value, error) {
		return func(t *Thread, self Value) (Value, error) {
			m := mvSelf(self)
			if err := m.check(); err != nil {
				return Value{}, err
			}
			return f(t, m)
		}
	}
	M.NewGetSet("obj", checked(func(t *Thread, m *MemoryView) (Value, error) { return m.obj, nil }), nil)
	M.NewGetSet("nbytes", checked(func(t *Thread, m *MemoryView) (Value, error) { return Int(int64(m.nbytes())), nil }), nil)
	M.NewGetSet("readonly", checked(func(t *Thread, m *MemoryView) (Value, error) { return Bool(m.readonly), nil }), nil)
	M.NewGetSet("itemsize", checked(func(t *Thread, m *MemoryView) (Value, error) { return Int(int64(m.itemsize)), nil }), nil)
	M.NewGetSet("format", checked(func(t *Thread, m *MemoryView) (Value, error) { return Str(m.format), nil }), nil)
	M.NewGetSet("ndim", checked(func(t *Thread, m *MemoryView) (Value, error) { return Int(int64(len(m.shape))), nil }), nil)
	M.NewGetSet("shape", checked(func(t *Thread, m *MemoryView) (Value, error) { return intTuple(m.shape), nil }), nil)
	M.NewGetSet("strides", checked(func(t *Thread, m *MemoryView) (Value, error) { return intTuple(m.strides), nil }), nil)
	M.NewGetSet("suboffsets", checked(func(t *Thread, m *MemoryView) (Value, error) { return NewTuple(nil), nil }), nil)
	M.NewGetSet("c_contiguous", checked(func(t *Thread, m *MemoryView) (Value, error) { return Bool(m.cContiguous()), nil }), nil)
	M.NewGetSet("f_contiguous", checked(func(t *Thread, m *MemoryView) (Value, error) {
		return Bool(m.cContiguous() && len(m.shape) <= 1), nil
	}), nil)
	M.NewGetSet("contiguous", checked(func(t *Thread, m *MemoryView) (Value, error) { return Bool(m.cContiguous()), nil }), nil)
	M.NewGetSet("released", func(t *Thread, self Value) (Value, error) { return Bool(mvSelf(self).released), nil }, nil)
	method := func(name string, f func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error)) {
		M.NewMethod(name, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			m := mvSelf(self)
			if err := m.check(); err != nil {
				return Value{}, err
			}
			return f(t, m, args, kw)
		})
	}
	method("tobytes", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		return NewBytes(m.tobytes()), nil
	})
	method("tolist", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		if err := m.unpackable(); err != nil {
			return Value{}, err
		}
		return m.tolist(), nil
	})
	method("hex", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		return bytesHex(t, NewBytes(m.tobytes()), args, kw)
	})
	method("toreadonly", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		v, err := t.NewMemoryView(Value{o: m})
		if err != nil {
			return Value{}, err
		}
		v.o.(*MemoryView).readonly = true
		return v, nil
	})
	method("cast", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		var format, shape Value
		if err := UnpackArgs("cast", args, kw, []string{"format", "shape?"}, &format, &shape); err != nil {
			return Value{}, err
		}
		f, ok := format.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "memoryview.cast(): argument 'format' must be str, not %s", format.TypeName())
		}
		return t.memoryCast(m, f, shape)
	})
	method("__len__", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		if len(m.shape) == 0 {
			return Value{}, Errorf(TypeError, "0-dim memory has no length")
		}
		return Int(int64(m.shape[0])), nil
	})
	method("__getitem__", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		return t.memoryGetItem(m, args[0])
	})
	method("__setitem__", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		return None, t.memorySetItem(m, args[0], args[1])
	})
	method("__iter__", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		if len(m.shape) != 1 {
			if len(m.shape) == 0 {
				return Value{}, Errorf(TypeError, "invalid indexing of 0-dim memory")
			}
			return Value{}, Errorf(NotImplementedError, "multi-dimensional sub-views are not implemented")
		}
		if err := m.unpackable(); err != nil {
			return Value{}, err
		}
		i := 0
		return NewIterator(func() (Value, bool, error) {
			if m.released || i >= m.shape[0] {
				return Value{}, false, nil
			}
			v := m.unpack(m.off + i*m.strides[0])
			i++
			return v, true, nil
		}), nil
	})
	method("__hash__", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		if !m.readonly {
			return Value{}, Errorf(ValueError, "cannot hash writable memoryview object")
		}
		if !isByteFormat(m.format) {
			return Value{}, Errorf(ValueError, "memoryview: hashing is restricted to formats 'B', 'b' or 'c'")
		}
		h, err := t.Hash(NewBytes(m.tobytes()))
		return Int(h), err
	})
	method("__enter__", func(t *Thread, m *MemoryView, args []Value, kw []string) (Value, error) {
		return Value{o: m}, nil
	})
	M.NewMethod("__exit__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		mvSelf(self).release()
		return None, nil
	})
	M.NewMethod("release", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		mvSelf(self).release()
		return None, nil
	})
	M.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if mvSelf(self).released {
			return Str(fmt.Sprintf("<released memory at %#x>", identityHash(self))), nil
		}
		return Str(fmt.Sprintf("<memory at %#x>", identityHash(self))), nil
	})
	M.NewMethod("__eq__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return t.memoryEqual(mvSelf(self), args[0])
	})
	M.NewMethod("__ne__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		r, err := t.memoryEqual(mvSelf(self), args[0])
		if err != nil || Is(r, NotImplemented) {
			return r, err
		}
		return Bool(!Is(r, True)), nil
	})
}
