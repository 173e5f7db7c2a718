package stdlib

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The array module: typed arrays stored as raw little-endian bytes (the
// machine's layout), so tobytes/frombytes and the buffer (BufferBytes,
// used by hashlib, struct, zlib...) need no conversion. Items are
// converted on access with CPython's range errors.

func init() { register("array", initArray) }

var arrayType = vm.NewCType("array", "array", nil, nil)

const arrayTypecodes = "bBuhHiIlLqQfd"

var arrayItemSize = map[byte]int{'b': 1, 'B': 1, 'u': 4, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 8, 'L': 8, 'q': 8, 'Q': 8, 'f': 4, 'd': 8}

// arrayObj is an array.array.
type arrayObj struct {
	cls     *vm.Type
	tc      byte
	size    int
	data    []byte
	exports vm.Exports // the memoryviews of the array (it cannot resize while they live)
}

// Type implements vm.Object.
func (a *arrayObj) Type() *vm.Type { return a.cls }

// BufferBytes exposes the array's memory (the buffer protocol).
func (a *arrayObj) BufferBytes() []byte { return a.data }

// RepeatsSequence implements vm.SequenceRepeater.
func (a *arrayObj) RepeatsSequence() {}

// BufferExports implements vm.BufferExporter.
func (a *arrayObj) BufferExports() *vm.Exports { return &a.exports }

// checkResize is called before the array changes size: a memoryview of it
// forbids that, as in CPython.
func (a *arrayObj) checkResize() error {
	return vm.CheckResize(a, "cannot resize an array that is exporting buffers")
}

// BufferFormat implements vm.BufferFormatter: a memoryview of an array
// has the array's type code as its format ('w' for 'u', as CPython).
func (a *arrayObj) BufferFormat() string {
	if a.tc == 'u' {
		return "w"
	}
	return string(a.tc)
}

// BufferWritable implements vm.BufferWritable: an array's memory can be
// written through a memoryview.
func (a *arrayObj) BufferWritable() bool { return true }

func (a *arrayObj) len() int { return len(a.data) / a.size }

// exact returns the item number of index i (negative counts from the end)
// when a is a plain array (not a subclass, which may override the item
// methods) and i is in range.
func (a *arrayObj) exact(i int64) (int, bool) {
	if a.cls != arrayType {
		return 0, false
	}
	n := int64(a.len())
	if i < 0 {
		i += n
	}
	return int(i), i >= 0 && i < n
}

// GetIndex implements vm.IndexedItems: a[i] without the method call.
func (a *arrayObj) GetIndex(t *vm.Thread, i int64) (vm.Value, bool) {
	k, ok := a.exact(i)
	if !ok {
		return vm.Value{}, false
	}
	return a.get(k), true
}

// SetIndex implements vm.IndexedItems: a[i] = v without the method call.
func (a *arrayObj) SetIndex(t *vm.Thread, i int64, v vm.Value) (bool, error) {
	k, ok := a.exact(i)
	if !ok {
		return false, nil
	}
	return true, a.encode(t, v, a.data[k*a.size:(k+1)*a.size])
}

func (a *arrayObj) get(i int) vm.Value {
	b := a.data[i*a.size:]
	switch a.tc {
	case 'b':
		return vm.Int(int64(int8(b[0])))
	case 'B':
		return vm.Int(int64(b[0]))
	case 'h':
		return vm.Int(int64(int16(binary.LittleEndian.Uint16(b))))
	case 'H':
		return vm.Int(int64(binary.LittleEndian.Uint16(b)))
	case 'i':
		return vm.Int(int64(int32(binary.LittleEndian.Uint32(b))))
	case 'I':
		return vm.Int(int64(binary.LittleEndian.Uint32(b)))
	case 'l', 'q':
		return vm.Int(int64(binary.LittleEndian.Uint64(b)))
	case 'L', 'Q':
		u := binary.LittleEndian.Uint64(b)
		if u > math.MaxInt64 {
			return vm.BigInt(new(big.Int).SetUint64(u))
		}
		return vm.Int(int64(u))
	case 'f':
		return vm.Float(float64(math.Float32frombits(binary.LittleEndian.Uint32(b))))
	case 'd':
		return vm.Float(math.Float64frombits(binary.LittleEndian.Uint64(b)))
	case 'u':
		return vm.Str(string(rune(binary.LittleEndian.Uint32(b))))
	}
	return vm.None
}

var arrayIntLimits = map[byte]struct {
	lo, hi   int64
	name     string
	negMsg   string
	bigMsg   string
	unsigned bool
}{
	'b': {-128, 127, "signed char", "", "", false},
	'B': {0, 255, "unsigned byte integer", "", "", true},
	'h': {-32768, 32767, "signed short integer", "", "", false},
	'H': {0, 65535, "unsigned short", "", "", true},
	'i': {math.MinInt32, math.MaxInt32, "signed integer", "", "", false},
	'I': {0, math.MaxUint32, "unsigned int", "can't convert negative value to unsigned int", "", true},
	'l': {math.MinInt64, math.MaxInt64, "", "", "Python int too large to convert to C long", false},
	'L': {0, -1, "", "can't convert negative value to unsigned int", "Python int too large to convert to C unsigned long", true},
	'q': {math.MinInt64, math.MaxInt64, "", "", "int too big to convert", false},
	'Q': {0, -1, "", "can't convert negative int to unsigned", "int too big to convert", true},
}

// encode converts v to the item bytes.
func (a *arrayObj) encode(t *vm.Thread, v vm.Value, out []byte) error {
	switch a.tc {
	case 'f', 'd':
		if !v.IsFloat() && !v.IsInt() {
			if _, ok := v.Type().Lookup("__float__"); !ok {
				return vm.Errorf(vm.TypeError, "must be real number, not %s", v.TypeName())
			}
		}
		x, err := t.ToFloat(v)
		if err != nil {
			return err
		}
		if a.tc == 'f' {
			binary.LittleEndian.PutUint32(out, math.Float32bits(float32(x)))
		} else {
			binary.LittleEndian.PutUint64(out, math.Float64bits(x))
		}
		return nil
	case 'u':
		s, ok := v.AsStr()
		if !ok || len([]rune(s)) != 1 {
			return vm.Errorf(vm.TypeError, "array item must be unicode character")
		}
		binary.LittleEndian.PutUint32(out, uint32([]rune(s)[0]))
		return nil
	}
	if !v.IsInt() {
		if _, ok := v.Type().Lookup("__index__"); !ok || v.IsFloat() {
			return vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", v.TypeName())
		}
		iv, err := t.IndexValue(v)
		if err != nil {
			return err
		}
		v = iv
	}
	lim := arrayIntLimits[a.tc]
	x, _ := v.ToBig()
	if lim.unsigned && x.Sign() < 0 {
		if lim.negMsg != "" {
			return vm.Errorf(vm.OverflowError, "%s", lim.negMsg)
		}
		if !x.IsInt64() { // 'B', 'H': not a C long
			return vm.Errorf(vm.OverflowError, "Python int too large to convert to C long")
		}
		return vm.Errorf(vm.OverflowError, "%s is less than minimum", lim.name)
	}
	var u uint64
	if lim.hi == -1 { // 64-bit unsigned
		if x.BitLen() > 64 {
			return vm.Errorf(vm.OverflowError, "%s", lim.bigMsg)
		}
		u = x.Uint64()
	} else {
		if !x.IsInt64() {
			// CPython converts to a C long first ('I': an unsigned long)
			switch {
			case lim.bigMsg != "":
				return vm.Errorf(vm.OverflowError, "%s", lim.bigMsg)
			case a.tc == 'I' && x.BitLen() <= 64:
				return vm.Errorf(vm.OverflowError, "%s is greater than maximum", lim.name)
			case a.tc == 'I':
				return vm.Errorf(vm.OverflowError, "Python int too large to convert to C unsigned long")
			}
			return vm.Errorf(vm.OverflowError, "Python int too large to convert to C long")
		}
		n := x.Int64()
		if n < lim.lo {
			return vm.Errorf(vm.OverflowError, "%s is less than minimum", lim.name)
		}
		if n > lim.hi {
			return vm.Errorf(vm.OverflowError, "%s is greater than maximum", lim.name)
		}
		u = uint64(n)
	}
	switch a.size {
	case 1:
		out[0] = byte(u)
	case 2:
		binary.LittleEndian.PutUint16(out, uint16(u))
	case 4:
		binary.LittleEndian.PutUint32(out, uint32(u))
	case 8:
		binary.LittleEndian.PutUint64(out, u)
	}
	return nil
}

func (a *arrayObj) appendValue(t *vm.Thread, v vm.Value) error {
	var buf [8]byte
	if err := a.encode(t, v, buf[:a.size]); err != nil {
		return err
	}
	if err := a.checkResize(); err != nil {
		return err
	}
	a.data = append(a.data, buf[:a.size]...)
	return nil
}

func (a *arrayObj) extendIter(t *vm.Thread, it vm.Value) error {
	if o, ok := it.Object().(*arrayObj); ok {
		if o.tc != a.tc {
			return vm.Errorf(vm.TypeError, "can only extend with array of same kind")
		}
		if len(o.data) > 0 {
			if err := a.checkResize(); err != nil {
				return err
			}
		}
		a.data = append(a.data, o.data...)
		return nil
	}
	return t.ForEach(it, func(v vm.Value) error { return a.appendValue(t, v) })
}

func newArray(cls *vm.Type, tc byte) *arrayObj {
	return &arrayObj{cls: cls, tc: tc, size: arrayItemSize[tc]}
}

func (a *arrayObj) clone(data []byte) *arrayObj {
	return &arrayObj{cls: arrayType, tc: a.tc, size: a.size, data: data}
}

func arraySelf(v vm.Value) *arrayObj { a, _ := v.Object().(*arrayObj); return a }

// index gives the item number of key i; oob is the IndexError message
// when it is out of range.
func (a *arrayObj) index(t *vm.Thread, i vm.Value, oob string) (int, error) {
	if _, ok := i.Type().Lookup("__index__"); !ok {
		return 0, vm.Errorf(vm.TypeError, "array indices must be integers")
	}
	n, err := t.Index(i)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		n += int64(a.len())
	}
	if n < 0 || n >= int64(a.len()) {
		return 0, vm.Errorf(vm.IndexError, "%s", oob)
	}
	return int(n), nil
}

func (a *arrayObj) repr(t *vm.Thread) (string, error) {
	name := a.cls.ShortName() // a subclass shows its own name
	if a.len() == 0 {
		return fmt.Sprintf("%s('%c')", name, a.tc), nil
	}
	if a.tc == 'u' {
		r, err := t.Repr(vm.Str(a.unicode()))
		return fmt.Sprintf("%s('u', %s)", name, r), err
	}
	r, err := t.Repr(a.list())
	return fmt.Sprintf("%s('%c', %s)", name, a.tc, r), err
}

func (a *arrayObj) unicode() string {
	rs := make([]rune, a.len())
	for i := range rs {
		rs[i] = rune(binary.LittleEndian.Uint32(a.data[i*4:]))
	}
	return string(rs)
}

func (a *arrayObj) list() vm.Value {
	out := make([]vm.Value, a.len())
	for i := range out {
		out[i] = a.get(i)
	}
	return vm.NewList(out)
}

func (a *arrayObj) find(t *vm.Thread, v vm.Value, start, stop int) (int, error) {
	for i := start; i < stop && i < a.len(); i++ {
		eq, err := t.Equal(a.get(i), v)
		if err != nil {
			return -1, err
		}
		if eq {
			return i, nil
		}
	}
	return -1, nil
}

func init() {
	T := arrayType
	T.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(kw) > 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "array.array() takes no keyword arguments")
		}
		if len(args) < 2 || len(args) > 3 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "array() takes at most 2 arguments (%d given)", len(args)-1)
		}
		cls, _ := args[0].Object().(*vm.Type)
		s, ok := args[1].AsStr()
		if !ok || len(s) != 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "array() argument 1 must be a unicode character, not %s", args[1].TypeName())
		}
		if !strings.Contains(arrayTypecodes, s) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
		}
		a := newArray(cls, s[0])
		if len(args) == 3 {
			init := args[2]
			if str, ok := init.AsStr(); ok {
				if a.tc != 'u' {
					return vm.Value{}, vm.Errorf(vm.TypeError, "cannot use a str to initialize an array with typecode '%c'", a.tc)
				}
				for _, r := range str {
					var b [4]byte
					binary.LittleEndian.PutUint32(b[:], uint32(r))
					a.data = append(a.data, b[:]...)
				}
			} else if b, ok := init.AsBytes(); ok {
				if len(b)%a.size != 0 {
					return vm.Value{}, vm.Errorf(vm.ValueError, "bytes length not a multiple of item size")
				}
				a.data = append([]byte(nil), b...)
			} else if err := a.extendIter(t, init); err != nil {
				return vm.Value{}, err
			}
		}
		return vm.ObjectValue(a), nil
	})
	method := func(name string, fn func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error)) {
		T.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.NoKwargs(name, kw); err != nil {
				return vm.Value{}, err
			}
			return fn(t, arraySelf(self), args)
		})
	}
	method("append", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("append", args, nil, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return vm.None, a.appendValue(t, args[0])
	})
	method("extend", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("extend", args, nil, 1, 1); err != nil {
			return vm.Value{}, err
		}
		return vm.None, a.extendIter(t, args[0])
	})
	method("fromlist", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("fromlist", args, nil, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if l, ok := args[0].Object().(*vm.List); !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "arg must be list")
		} else if l.Len() > 0 {
			if err := a.checkResize(); err != nil {
				return vm.Value{}, err
			}
		}
		old := len(a.data)
		if err := a.extendIter(t, args[0]); err != nil {
			a.data = a.data[:old]
			return vm.Value{}, err
		}
		return vm.None, nil
	})
	method("insert", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("insert", args, nil, 2, 2); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		l := int64(a.len())
		if n < 0 {
			n = max(0, n+l)
		}
		n = min(n, l)
		var buf [8]byte
		if err := a.encode(t, args[1], buf[:a.size]); err != nil {
			return vm.Value{}, err
		}
		if err := a.checkResize(); err != nil {
			return vm.Value{}, err
		}
		at := int(n) * a.size
		a.data = append(a.data[:at], append(append([]byte(nil), buf[:a.size]...), a.data[at:]...)...)
		return vm.None, nil
	})
	method("pop", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("pop", args, nil, 0, 1); err != nil {
			return vm.Value{}, err
		}
		if a.len() == 0 {
			return vm.Value{}, vm.Errorf(vm.IndexError, "pop from empty array")
		}
		i := int64(-1)
		if len(args) == 1 {
			var err error
			if i, err = t.Index(args[0]); err != nil {
				return vm.Value{}, err
			}
		}
		if i < 0 {
			i += int64(a.len())
		}
		if i < 0 || i >= int64(a.len()) {
			return vm.Value{}, vm.Errorf(vm.IndexError, "pop index out of range")
		}
		if err := a.checkResize(); err != nil {
			return vm.Value{}, err
		}
		v := a.get(int(i))
		a.data = append(a.data[:int(i)*a.size], a.data[(int(i)+1)*a.size:]...)
		return v, nil
	})
	method("remove", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("remove", args, nil, 1, 1); err != nil {
			return vm.Value{}, err
		}
		i, err := a.find(t, args[0], 0, a.len())
		if err != nil {
			return vm.Value{}, err
		}
		if i < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "array.remove(x): x not in array")
		}
		if err := a.checkResize(); err != nil {
			return vm.Value{}, err
		}
		a.data = append(a.data[:i*a.size], a.data[(i+1)*a.size:]...)
		return vm.None, nil
	})
	method("index", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("index", args, nil, 1, 3); err != nil {
			return vm.Value{}, err
		}
		start, stop := 0, a.len()
		for k, p := range []*int{&start, &stop} {
			if len(args) > k+1 {
				n, err := t.Index(args[k+1])
				if err != nil {
					return vm.Value{}, err
				}
				if n < 0 {
					n = max(0, n+int64(a.len()))
				}
				*p = int(min(n, int64(a.len())))
			}
		}
		i, err := a.find(t, args[0], start, stop)
		if err != nil {
			return vm.Value{}, err
		}
		if i < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "array.index(x): x not in array")
		}
		return vm.Int(int64(i)), nil
	})
	method("count", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("count", args, nil, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n := 0
		for i := 0; i < a.len(); i++ {
			eq, err := t.Equal(a.get(i), args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if eq {
				n++
			}
		}
		return vm.Int(int64(n)), nil
	})
	method("reverse", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		n := a.len()
		tmp := make([]byte, a.size)
		for i := 0; i < n/2; i++ {
			x, y := a.data[i*a.size:(i+1)*a.size], a.data[(n-1-i)*a.size:(n-i)*a.size]
			copy(tmp, x)
			copy(x, y)
			copy(y, tmp)
		}
		return vm.None, nil
	})
	method("byteswap", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		for i := 0; i < len(a.data); i += a.size {
			x := a.data[i : i+a.size]
			for l, r := 0, len(x)-1; l < r; l, r = l+1, r-1 {
				x[l], x[r] = x[r], x[l]
			}
		}
		return vm.None, nil
	})
	method("tolist", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) { return a.list(), nil })
	method("tobytes", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return vm.NewBytes(append([]byte(nil), a.data...)), nil
	})
	method("frombytes", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if err := vm.ArgCount("frombytes", args, nil, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesArg(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if len(b)%a.size != 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "bytes length not a multiple of item size")
		}
		if len(b) > 0 {
			if err := a.checkResize(); err != nil {
				return vm.Value{}, err
			}
		}
		a.data = append(a.data, b...)
		return vm.None, nil
	})
	method("tounicode", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if a.tc != 'u' {
			return vm.Value{}, vm.Errorf(vm.ValueError, "tounicode() may only be called on unicode type arrays")
		}
		return vm.Str(a.unicode()), nil
	})
	method("fromunicode", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if a.tc != 'u' {
			return vm.Value{}, vm.Errorf(vm.ValueError, "fromunicode() may only be called on unicode type arrays")
		}
		s, ok := args[0].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "fromunicode() argument must be str, not %s", args[0].TypeName())
		}
		if s != "" {
			if err := a.checkResize(); err != nil {
				return vm.Value{}, err
			}
		}
		for _, r := range s {
			var b [4]byte
			binary.LittleEndian.PutUint32(b[:], uint32(r))
			a.data = append(a.data, b[:]...)
		}
		return vm.None, nil
	})
	method("buffer_info", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return vm.Tuple2(vm.Int(int64(len(fmt.Sprintf("%p", a.data)))), vm.Int(int64(a.len()))), nil
	})
	method("__len__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) { return vm.Int(int64(a.len())), nil })
	method("__getitem__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if s, ok := args[0].Object().(*vm.Slice); ok {
			start, _, step, count, err := t.SliceIndices(s, a.len())
			if err != nil {
				return vm.Value{}, err
			}
			out := make([]byte, 0, count*a.size)
			for k, i := 0, start; k < count; k, i = k+1, i+step {
				out = append(out, a.data[i*a.size:(i+1)*a.size]...)
			}
			return vm.ObjectValue(a.clone(out)), nil
		}
		i, err := a.index(t, args[0], "array index out of range")
		if err != nil {
			return vm.Value{}, err
		}
		return a.get(i), nil
	})
	method("__setitem__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if s, ok := args[0].Object().(*vm.Slice); ok {
			o, isArr := args[1].Object().(*arrayObj)
			if !isArr {
				return vm.Value{}, vm.Errorf(vm.TypeError, "can only assign array (not \"%s\") to array slice", args[1].TypeName())
			}
			if o.tc != a.tc {
				return vm.Value{}, vm.Errorf(vm.TypeError, "bad argument type for built-in operation")
			}
			start, stop, step, count, err := t.SliceIndices(s, a.len())
			if err != nil {
				return vm.Value{}, err
			}
			src := append([]byte(nil), o.data...)
			if o.len() == 0 || o.len() != count {
				if err := a.checkResize(); err != nil {
					return vm.Value{}, err
				}
			}
			if step == 1 {
				if stop < start {
					stop = start
				}
				rest := append([]byte(nil), a.data[stop*a.size:]...)
				a.data = append(append(a.data[:start*a.size], src...), rest...)
				return vm.None, nil
			}
			if o.len() != count {
				return vm.Value{}, vm.Errorf(vm.ValueError, "attempt to assign array of size %d to extended slice of size %d", o.len(), count)
			}
			for k, i := 0, start; k < count; k, i = k+1, i+step {
				copy(a.data[i*a.size:], src[k*a.size:(k+1)*a.size])
			}
			return vm.None, nil
		}
		i, err := a.index(t, args[0], "array assignment index out of range")
		if err != nil {
			return vm.Value{}, err
		}
		return vm.None, a.encode(t, args[1], a.data[i*a.size:(i+1)*a.size])
	})
	method("__delitem__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		if s, ok := args[0].Object().(*vm.Slice); ok {
			start, _, step, count, err := t.SliceIndices(s, a.len())
			if err != nil {
				return vm.Value{}, err
			}
			if err := a.checkResize(); err != nil {
				return vm.Value{}, err
			}
			del := map[int]bool{}
			for k, i := 0, start; k < count; k, i = k+1, i+step {
				del[i] = true
			}
			var out []byte
			for i := 0; i < a.len(); i++ {
				if !del[i] {
					out = append(out, a.data[i*a.size:(i+1)*a.size]...)
				}
			}
			a.data = out
			return vm.None, nil
		}
		i, err := a.index(t, args[0], "array assignment index out of range")
		if err != nil {
			return vm.Value{}, err
		}
		if err := a.checkResize(); err != nil {
			return vm.Value{}, err
		}
		a.data = append(a.data[:i*a.size], a.data[(i+1)*a.size:]...)
		return vm.None, nil
	})
	method("__contains__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		i, err := a.find(t, args[0], 0, a.len())
		return vm.Bool(i >= 0), err
	})
	method("__iter__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		i := 0
		return vm.NewIterator(func() (vm.Value, bool, error) {
			if i >= a.len() {
				return vm.Value{}, false, nil
			}
			i++
			return a.get(i - 1), true, nil
		}), nil
	})
	method("__repr__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		r, err := a.repr(t)
		return vm.Str(r), err
	})
	concat := func(inplace bool) func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
			o, ok := args[0].Object().(*arrayObj)
			if !ok {
				if inplace {
					return vm.Value{}, vm.Errorf(vm.TypeError, "can only extend array with array (not \"%s\")", args[0].TypeName())
				}
				return vm.Value{}, vm.Errorf(vm.TypeError, "can only append array (not \"%s\") to array", args[0].TypeName())
			}
			if o.tc != a.tc {
				if inplace {
					return vm.Value{}, vm.Errorf(vm.TypeError, "can only extend with array of same kind")
				}
				return vm.Value{}, vm.Errorf(vm.TypeError, "bad argument type for built-in operation")
			}
			if inplace {
				if len(o.data) > 0 {
					if err := a.checkResize(); err != nil {
						return vm.Value{}, err
					}
				}
				a.data = append(a.data, o.data...)
				return vm.ObjectValue(a), nil
			}
			return vm.ObjectValue(a.clone(append(append([]byte(nil), a.data...), o.data...))), nil
		}
	}
	method("__add__", concat(false))
	method("__iadd__", concat(true))
	repeat := func(inplace bool) func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
			if len(args) != 1 { // CPython's ssizeargfunc wrapper message
				return vm.Value{}, vm.Errorf(vm.TypeError, " expected 1 argument, got %d", len(args))
			}
			if ok, err := vm.RepeatCount(args[0]); !ok {
				return vm.NotImplemented, err
			}
			n, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if inplace && (n == 1 || len(a.data) == 0) {
				return vm.ObjectValue(a), nil // unchanged, in place: a view keeps seeing the memory
			}
			if inplace {
				if err := a.checkResize(); err != nil {
					return vm.Value{}, err
				}
			}
			var out []byte
			for i := int64(0); i < n; i++ {
				out = append(out, a.data...)
			}
			if inplace {
				a.data = out
				return vm.ObjectValue(a), nil
			}
			return vm.ObjectValue(a.clone(out)), nil
		}
	}
	method("__mul__", repeat(false))
	method("__rmul__", repeat(false))
	method("__imul__", repeat(true))
	for _, name := range []string{"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"} {
		name := name
		method(name, func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
			if len(args) != 1 {
				return vm.Value{}, vm.Errorf(vm.TypeError, "expected 1 argument, got %d", len(args))
			}
			o, ok := args[0].Object().(*arrayObj)
			if !ok {
				return vm.NotImplemented, nil
			}
			fn, err := t.GetAttr(a.list(), name)
			if err != nil {
				return vm.Value{}, err
			}
			return t.Call(fn, []vm.Value{o.list()}, nil)
		})
	}
	method("__copy__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return vm.ObjectValue(a.clone(append([]byte(nil), a.data...))), nil
	})
	method("__deepcopy__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return vm.ObjectValue(a.clone(append([]byte(nil), a.data...))), nil
	})
	method("__reduce_ex__", func(t *vm.Thread, a *arrayObj, args []vm.Value) (vm.Value, error) {
		return vm.NewTuple([]vm.Value{vm.ObjectValue(arrayType), vm.NewTuple([]vm.Value{vm.Str(string(a.tc)), a.list()}), vm.None}), nil
	})
	T.NewGetSet("typecode", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Str(string(arraySelf(self).tc)), nil
	}, nil)
	T.NewGetSet("itemsize", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(arraySelf(self).size)), nil
	}, nil)
}

func initArray(v *vm.VM, m *vm.Module) error {
	m.Set("array", vm.ObjectValue(arrayType))
	m.Set("ArrayType", vm.ObjectValue(arrayType))
	m.Set("typecodes", vm.Str(arrayTypecodes))
	return nil
}
