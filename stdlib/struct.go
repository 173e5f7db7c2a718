package stdlib

import (
	"fmt"
	"math"
	"math/big"

	"github.com/pyasync/pyasync/vm"
)

// The struct module: packing values into C-struct bytes. Formats are
// parsed once into a structFormat (cached per VM for the module-level
// functions); the native byte order is little-endian with amd64/arm64
// sizes and alignment. Range errors say what CPython's _struct says for
// the same format (which differ between native and standard packers).

func init() { register("struct", initStruct) }

var (
	structError = vm.NewExceptionType("error", "struct", vm.ExceptionType)
	structType  = vm.NewCType("Struct", "_struct", nil, nil)
)

func structErr(format string, a ...any) error {
	return vm.NewException(structError, vm.Str(fmt.Sprintf(format, a...)))
}

// structItem is one code of a format with its repeat count.
type structItem struct {
	code   byte
	count  int // repeat (for s/p: the length)
	size   int // bytes of one value
	offset int
}

// structFormat is a parsed format string.
type structFormat struct {
	src    string
	order  byte // '@', '=', '<', '>'
	big    bool
	items  []structItem
	size   int
	nargs  int
	native bool // '@': native sizes and alignment
}

var structNativeSizes = map[byte]int{'x': 1, 'c': 1, 'b': 1, 'B': 1, '?': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4,
	'l': 8, 'L': 8, 'q': 8, 'Q': 8, 'n': 8, 'N': 8, 'e': 2, 'f': 4, 'd': 8, 's': 1, 'p': 1, 'P': 8}
var structStdSizes = map[byte]int{'x': 1, 'c': 1, 'b': 1, 'B': 1, '?': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4,
	'l': 4, 'L': 4, 'q': 8, 'Q': 8, 'e': 2, 'f': 4, 'd': 8, 's': 1, 'p': 1}

func parseStructFormat(src string) (*structFormat, error) {
	f := &structFormat{src: src, order: '@'}
	s := src
	if len(s) > 0 {
		switch s[0] {
		case '@', '=', '<', '>', '!':
			f.order = s[0]
			s = s[1:]
		}
	}
	if f.order == '!' {
		f.order = '>'
	}
	f.big = f.order == '>'
	f.native = f.order == '@'
	sizes := structStdSizes
	if f.native {
		sizes = structNativeSizes
	}
	off := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			i++
			continue
		}
		count, hasCount := 1, false
		if c >= '0' && c <= '9' {
			count = 0
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				count = count*10 + int(s[i]-'0')
				if count > math.MaxInt32 {
					return nil, structErr("total struct size too long")
				}
				i++
			}
			hasCount = true
			if i >= len(s) {
				return nil, structErr("repeat count given without format specifier")
			}
			c = s[i]
		}
		_ = hasCount
		i++
		size, ok := sizes[c]
		if !ok {
			return nil, structErr("bad char in struct format")
		}
		if f.native && size > 1 && c != 's' && c != 'p' && c != 'x' && c != 'c' {
			off = (off + size - 1) / size * size
		}
		switch c {
		case 's', 'p':
			f.items = append(f.items, structItem{code: c, count: count, size: count, offset: off})
			off += count
			f.nargs++
		case 'x':
			off += count
		default:
			for k := 0; k < count; k++ {
				f.items = append(f.items, structItem{code: c, count: 1, size: size, offset: off})
				off += size
				f.nargs++
			}
		}
	}
	f.size = off
	return f, nil
}

// intRange returns the range error of an integer code.
func (f *structFormat) intRangeError(c byte, size int, neg bool) error {
	nativeFn := f.order == '@' || ((f.order == '<' || f.order == '=') && structNativeSizes[c] == size)
	switch c {
	case 'b':
		return structErr("byte format requires -128 <= number <= 127")
	case 'B':
		return structErr("ubyte format requires 0 <= number <= 255")
	case 'h':
		if nativeFn {
			return structErr("short format requires -32768 <= number <= 32767")
		}
	case 'H':
		if nativeFn {
			return structErr("ushort format requires 0 <= number <= 65535")
		}
	}
	if size == 8 {
		return structErr("argument out of range")
	}
	signed := c == 'h' || c == 'i' || c == 'l'
	if !signed && neg {
		return structErr("argument out of range")
	}
	bits := uint(size * 8)
	if signed {
		return structErr("'%c' format requires %d <= number <= %d", c, -(int64(1) << (bits - 1)), int64(1)<<(bits-1)-1)
	}
	return structErr("'%c' format requires 0 <= number <= %d", c, uint64(1)<<bits-1)
}

func (f *structFormat) putUint(b []byte, size int, v uint64) {
	for i := 0; i < size; i++ {
		if f.big {
			b[size-1-i] = byte(v >> (8 * i))
		} else {
			b[i] = byte(v >> (8 * i))
		}
	}
}

func (f *structFormat) getUint(b []byte, size int) uint64 {
	var v uint64
	for i := 0; i < size; i++ {
		if f.big {
			v |= uint64(b[size-1-i]) << (8 * i)
		} else {
			v |= uint64(b[i]) << (8 * i)
		}
	}
	return v
}

// pack writes args into out (len f.size).
func (f *structFormat) pack(t *vm.Thread, out []byte, args []vm.Value) error {
	if len(args) != f.nargs {
		return structErr("pack expected %d items for packing (got %d)", f.nargs, len(args))
	}
	for i, it := range f.items {
		v := args[i]
		b := out[it.offset:]
		switch it.code {
		case 's', 'p':
			data, ok := v.AsBytes()
			if !ok {
				return structErr("argument for '%c' must be a bytes object", it.code)
			}
			n := it.count
			if it.code == 'p' {
				if n == 0 {
					continue
				}
				k := min(len(data), n-1, 255)
				copy(b[1:n], data[:k])
				b[0] = byte(k)
				continue
			}
			copy(b[:n], data)
		case 'c':
			data, ok := v.AsBytes()
			if !ok || len(data) != 1 {
				return structErr("char format requires a bytes object of length 1")
			}
			b[0] = data[0]
		case '?':
			truth, err := t.Truth(v)
			if err != nil {
				return err
			}
			if truth {
				b[0] = 1
			}
		case 'e', 'f', 'd':
			var x float64
			if v.IsFloat() {
				x = v.AsFloat()
			} else if _, ok := v.Type().Lookup("__float__"); ok || v.IsInt() {
				var err error
				if x, err = t.ToFloat(v); err != nil {
					return err
				}
			} else if _, ok := v.Type().Lookup("__index__"); ok {
				n, err := t.Index(v)
				if err != nil {
					return err
				}
				x = float64(n)
			} else {
				return structErr("required argument is not a float")
			}
			switch it.code {
			case 'd':
				f.putUint(b, 8, math.Float64bits(x))
			case 'f':
				if math.Abs(x) > math.MaxFloat32 && !math.IsInf(x, 0) {
					return vm.Errorf(vm.OverflowError, "float too large to pack with f format")
				}
				f.putUint(b, 4, uint64(math.Float32bits(float32(x))))
			case 'e':
				h, ok := float16Bits(x)
				if !ok {
					return vm.Errorf(vm.OverflowError, "float too large to pack with e format")
				}
				f.putUint(b, 2, uint64(h))
			}
		default:
			if err := f.packInt(t, b, it, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *structFormat) packInt(t *vm.Thread, b []byte, it structItem, v vm.Value) error {
	if !v.IsInt() {
		if _, ok := v.Type().Lookup("__index__"); !ok || v.IsFloat() {
			return structErr("required argument is not an integer")
		}
		iv, err := t.IndexValue(v)
		if err != nil {
			return err
		}
		v = iv
	}
	x, _ := v.ToBig()
	signed := it.code == 'b' || it.code == 'h' || it.code == 'i' || it.code == 'l' || it.code == 'q' || it.code == 'n'
	bits := uint(it.size * 8)
	var lo, hi big.Int
	if signed {
		lo.Lsh(big.NewInt(1), bits-1)
		lo.Neg(&lo)
		hi.Lsh(big.NewInt(1), bits-1)
	} else {
		hi.Lsh(big.NewInt(1), bits)
	}
	hi.Sub(&hi, big.NewInt(1))
	if x.Cmp(&lo) < 0 || x.Cmp(&hi) > 0 {
		return f.intRangeError(it.code, it.size, x.Sign() < 0)
	}
	var u uint64
	if x.Sign() < 0 {
		u = uint64(x.Int64())
	} else {
		u = x.Uint64()
	}
	if it.code == 'P' && !f.native {
		return structErr("bad char in struct format")
	}
	f.putUint(b, it.size, u)
	return nil
}

// unpack reads the values of data (len f.size).
func (f *structFormat) unpack(data []byte) []vm.Value {
	out := make([]vm.Value, 0, f.nargs)
	for _, it := range f.items {
		b := data[it.offset:]
		switch it.code {
		case 's':
			out = append(out, vm.NewBytes(append([]byte(nil), b[:it.count]...)))
		case 'p':
			if it.count == 0 {
				out = append(out, vm.NewBytes(nil))
				continue
			}
			n := min(int(b[0]), it.count-1)
			out = append(out, vm.NewBytes(append([]byte(nil), b[1:1+n]...)))
		case 'c':
			out = append(out, vm.NewBytes([]byte{b[0]}))
		case '?':
			out = append(out, vm.Bool(b[0] != 0))
		case 'd':
			out = append(out, vm.Float(math.Float64frombits(f.getUint(b, 8))))
		case 'f':
			out = append(out, vm.Float(float64(math.Float32frombits(uint32(f.getUint(b, 4))))))
		case 'e':
			out = append(out, vm.Float(float16Value(uint16(f.getUint(b, 2)))))
		default:
			u := f.getUint(b, it.size)
			switch it.code {
			case 'b', 'h', 'i', 'l', 'q', 'n':
				shift := uint(64 - it.size*8)
				out = append(out, vm.Int(int64(u<<shift)>>shift))
			default:
				if u > math.MaxInt64 {
					out = append(out, vm.BigInt(new(big.Int).SetUint64(u)))
				} else {
					out = append(out, vm.Int(int64(u)))
				}
			}
		}
	}
	return out
}

// float16Bits converts to IEEE half precision (round half to even).
func float16Bits(x float64) (uint16, bool) {
	bits := math.Float64bits(x)
	sign := uint16(bits>>48) & 0x8000
	if math.IsNaN(x) {
		return sign | 0x7e00, true
	}
	if math.IsInf(x, 0) {
		return sign | 0x7c00, true
	}
	a := math.Abs(x)
	if a == 0 {
		return sign, true
	}
	// scale to the half-precision grid and round half to even
	exp := math.Floor(math.Log2(a))
	if exp < -14 {
		exp = -14
	}
	m := a / math.Pow(2, exp) * 1024 // mantissa with 10 fraction bits
	r := math.RoundToEven(m)
	if r >= 2048 {
		r /= 2
		exp++
	}
	if exp > 15 {
		return 0, false
	}
	if r < 1024 { // subnormal
		return sign | uint16(r), true
	}
	return sign | uint16(exp+15)<<10 | (uint16(r) & 0x3ff), true
}

func float16Value(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * frac / 1024 * math.Pow(2, -14)
	case 31:
		if frac == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * (1 + frac/1024) * math.Pow(2, float64(exp-15))
}

// structObj is a struct.Struct.
type structObj struct{ f *structFormat }

// Type implements vm.Object.
func (*structObj) Type() *vm.Type { return structType }

// structCache is the per-VM cache of parsed formats.
type structCache map[string]*structFormat

func (c structCache) get(v vm.Value) (*structFormat, error) {
	var s string
	if str, ok := v.AsStr(); ok {
		s = str
	} else if b, ok := v.AsBytes(); ok {
		s = string(b)
	} else if so, ok := v.Object().(*structObj); ok {
		return so.f, nil
	} else {
		return nil, vm.Errorf(vm.TypeError, "Struct() argument 1 must be a str or bytes object, not %s", v.TypeName())
	}
	if f, ok := c[s]; ok {
		return f, nil
	}
	f, err := parseStructFormat(s)
	if err != nil {
		return nil, err
	}
	if len(c) > 256 {
		for k := range c {
			delete(c, k)
		}
	}
	c[s] = f
	return f, nil
}

func structData(v vm.Value) ([]byte, error) {
	if b, ok := bufferBytes(v); ok {
		return b, nil
	}
	return nil, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", v.TypeName())
}

func (f *structFormat) unpackAll(v vm.Value) (vm.Value, error) {
	data, err := structData(v)
	if err != nil {
		return vm.Value{}, err
	}
	if len(data) != f.size {
		return vm.Value{}, structErr("unpack requires a buffer of %d bytes", f.size)
	}
	return vm.NewTuple(f.unpack(data)), nil
}

func (f *structFormat) unpackFrom(t *vm.Thread, buf, offset vm.Value) (vm.Value, error) {
	data, err := structData(buf)
	if err != nil {
		return vm.Value{}, err
	}
	off, err := intOpt(t, offset, 0)
	if err != nil {
		return vm.Value{}, err
	}
	if off < 0 {
		if -off > int64(len(data)) {
			return vm.Value{}, structErr("offset %d out of range for %d-byte buffer", off, len(data))
		}
		off += int64(len(data))
	}
	if int64(len(data))-off < int64(f.size) {
		if off > int64(len(data)) {
			return vm.Value{}, structErr("offset %d out of range for %d-byte buffer", off, len(data))
		}
		return vm.Value{}, structErr("unpack_from requires a buffer of at least %d bytes for unpacking %d bytes at offset %d (actual buffer size is %d)", int64(f.size)+off, f.size, off, len(data))
	}
	return vm.NewTuple(f.unpack(data[off : off+int64(f.size)])), nil
}

func (f *structFormat) packInto(t *vm.Thread, args []vm.Value) error {
	if len(args) < 2 {
		return vm.Errorf(vm.TypeError, "pack_into expected buffer argument")
	}
	b, ok := args[0].Object().(interface{ BufferBytes() []byte })
	var data []byte
	if ok {
		data = b.BufferBytes()
	} else if v, isB := args[0].AsBytes(); isB && args[0].Type() == vm.ByteArrayType {
		data = v
	} else {
		return vm.Errorf(vm.TypeError, "argument must be read-write bytes-like object, not %s", args[0].TypeName())
	}
	off, err := t.Index(args[1])
	if err != nil {
		return err
	}
	if off < 0 {
		if -off > int64(len(data)) {
			return structErr("offset %d out of range for %d-byte buffer", off, len(data))
		}
		off += int64(len(data))
	}
	if int64(len(data))-off < int64(f.size) {
		if off > int64(len(data)) {
			return structErr("offset %d out of range for %d-byte buffer", off, len(data))
		}
		return structErr("pack_into requires a buffer of at least %d bytes for packing %d bytes at offset %d (actual buffer size is %d)", int64(f.size)+off, f.size, off, len(data))
	}
	tmp := make([]byte, f.size)
	if err := f.pack(t, tmp, args[2:]); err != nil {
		return err
	}
	copy(data[off:], tmp)
	return nil
}

func (f *structFormat) iterUnpack(v vm.Value) (vm.Value, error) {
	data, err := structData(v)
	if err != nil {
		return vm.Value{}, err
	}
	if f.size == 0 {
		return vm.Value{}, structErr("cannot iteratively unpack with a struct of length 0")
	}
	if len(data)%f.size != 0 {
		return vm.Value{}, structErr("iterative unpacking requires a buffer of a multiple of %d bytes", f.size)
	}
	pos := 0
	return vm.NewIterator(func() (vm.Value, bool, error) {
		if pos >= len(data) {
			return vm.Value{}, false, nil
		}
		out := vm.NewTuple(f.unpack(data[pos : pos+f.size]))
		pos += f.size
		return out, true, nil
	}), nil
}

func (f *structFormat) packBytes(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	out := make([]byte, f.size)
	if err := f.pack(t, out, args); err != nil {
		return vm.Value{}, err
	}
	return vm.NewBytes(out), nil
}

func init() {
	T := structType
	T.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var cls, format vm.Value
		if err := vm.UnpackArgs("Struct", args, kw, []string{"cls", "format"}, &cls, &format); err != nil {
			return vm.Value{}, err
		}
		f, err := structCache{}.get(format)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&structObj{f: f}), nil
	})
	sf := func(v vm.Value) *structFormat { return v.Object().(*structObj).f }
	T.NewMethod("pack", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.NoKwargs("pack", kw); err != nil {
			return vm.Value{}, err
		}
		return sf(self).packBytes(t, args)
	})
	T.NewMethod("unpack", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("unpack", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return sf(self).unpackAll(args[0])
	})
	T.NewMethod("unpack_from", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var buf, off vm.Value
		if err := vm.UnpackArgs("unpack_from", args, kw, []string{"buffer", "offset?"}, &buf, &off); err != nil {
			return vm.Value{}, err
		}
		return sf(self).unpackFrom(t, buf, off)
	})
	T.NewMethod("pack_into", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.None, sf(self).packInto(t, args)
	})
	T.NewMethod("iter_unpack", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("iter_unpack", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return sf(self).iterUnpack(args[0])
	})
	T.NewGetSet("size", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return vm.Int(int64(sf(self).size)), nil }, nil)
	T.NewGetSet("format", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return vm.Str(sf(self).src), nil }, nil)
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Str(fmt.Sprintf("<_struct.Struct object at %p>", self.Object())), nil
	})
}

func initStruct(v *vm.VM, m *vm.Module) error {
	cache := structCache{}
	m.Set("error", vm.ObjectValue(structError))
	m.Set("Struct", vm.ObjectValue(structType))
	first := func(name string, args []vm.Value, n int) error {
		if len(args) < n {
			if n == 1 {
				return vm.Errorf(vm.TypeError, "%s expected at least 1 argument, got 0", name)
			}
			return vm.Errorf(vm.TypeError, "%s expected %d arguments, got %d", name, n, len(args))
		}
		return nil
	}
	m.SetFunc("calcsize", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("calcsize", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		f, err := cache.get(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(f.size)), nil
	})
	m.SetFunc("pack", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := first("pack", args, 1); err != nil {
			return vm.Value{}, err
		}
		f, err := cache.get(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return f.packBytes(t, args[1:])
	})
	m.SetFunc("unpack", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("unpack", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		f, err := cache.get(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return f.unpackAll(args[1])
	})
	m.SetFunc("unpack_from", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var format, buf, off vm.Value
		if err := vm.UnpackArgs("unpack_from", args, kw, []string{"/format", "buffer", "offset?"}, &format, &buf, &off); err != nil {
			return vm.Value{}, err
		}
		f, err := cache.get(format)
		if err != nil {
			return vm.Value{}, err
		}
		return f.unpackFrom(t, buf, off)
	})
	m.SetFunc("pack_into", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := first("pack_into", args, 1); err != nil {
			return vm.Value{}, err
		}
		f, err := cache.get(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, f.packInto(t, args[1:])
	})
	m.SetFunc("iter_unpack", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("iter_unpack", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		f, err := cache.get(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return f.iterUnpack(args[1])
	})
	return nil
}
