package compiler

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"math/big"
	"sync"
	"unsafe"
)

// MarshalVersion is the version of the code serialization format written by
// Marshal; Unmarshal refuses any other. Bump it when the format or the
// meaning of an instruction changes.
//
// The format (all integers are varints, zig-zag signed unless noted; a
// string is a uvarint length and its bytes) encodes one Code as: Name,
// QualName, Filename, FirstLine; the instructions (uvarint count, each a
// uvarint); the constants (uvarint count, each a tag byte and its value);
// Names, VarNames, CellVars, FreeVars (uvarint count, strings); ArgCount,
// PosOnlyCount, KwOnlyCount, Flags, StackSize; Lines (count, PC Line Col);
// Spans (count, Col EndLine EndCol); ExceptionTable (count, Start End
// Target Depth); Docstring (a byte 0/1, then the string). Constant tags:
// see the const* values below; a nested code object is encoded the same
// way, recursively.
const MarshalVersion = 1

const (
	constNone byte = iota
	constFalse
	constTrue
	constInt
	constBig
	constFloat
	constComplex
	constStr
	constBytes
	constEllipsis
	constCode
	constTuple
	constFrozenSet
)

// ErrMarshal is returned by Unmarshal for data that is not a valid encoding.
var ErrMarshal = errors.New("compiler: bad marshalled code")

// Marshal appends the encoding of c to buf and returns it. It fails only for
// a constant of a type the format does not know.
func Marshal(buf []byte, c *Code) ([]byte, error) {
	w := &mwriter{buf: buf}
	w.code(c)
	return w.buf, w.err
}

type mwriter struct {
	buf []byte
	err error
}

func (w *mwriter) uint(n uint64) { w.buf = binary.AppendUvarint(w.buf, n) }
func (w *mwriter) int(n int64)   { w.buf = binary.AppendVarint(w.buf, n) }
func (w *mwriter) str(s string)  { w.uint(uint64(len(s))); w.buf = append(w.buf, s...) }

func (w *mwriter) strs(ss []string) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *mwriter) code(c *Code) {
	w.str(c.Name)
	w.str(c.QualName)
	w.str(c.Filename)
	w.int(int64(c.FirstLine))
	w.uint(uint64(len(c.Instrs)))
	for _, in := range c.Instrs {
		w.uint(uint64(in))
	}
	w.consts(c.Consts)
	w.strs(c.Names)
	w.strs(c.VarNames)
	w.strs(c.CellVars)
	w.strs(c.FreeVars)
	w.int(int64(c.ArgCount))
	w.int(int64(c.PosOnlyCount))
	w.int(int64(c.KwOnlyCount))
	w.uint(uint64(c.Flags))
	w.int(int64(c.StackSize))
	w.uint(uint64(len(c.Lines)))
	for _, l := range c.Lines {
		w.int(int64(l.PC))
		w.int(int64(l.Line))
		w.int(int64(l.Col))
	}
	w.uint(uint64(len(c.Spans)))
	for _, s := range c.Spans {
		w.int(int64(s.Col))
		w.int(int64(s.EndLine))
		w.int(int64(s.EndCol))
	}
	w.uint(uint64(len(c.ExceptionTable)))
	for _, e := range c.ExceptionTable {
		w.int(int64(e.Start))
		w.int(int64(e.End))
		w.int(int64(e.Target))
		w.int(int64(e.Depth))
	}
	if c.Docstring == nil {
		w.buf = append(w.buf, 0)
	} else {
		w.buf = append(w.buf, 1)
		w.str(*c.Docstring)
	}
}

func (w *mwriter) consts(ks []any) {
	w.uint(uint64(len(ks)))
	for _, k := range ks {
		w.constant(k)
	}
}

func (w *mwriter) constant(k any) {
	switch k := k.(type) {
	case nil:
		w.buf = append(w.buf, constNone)
	case bool:
		if k {
			w.buf = append(w.buf, constTrue)
		} else {
			w.buf = append(w.buf, constFalse)
		}
	case int64:
		w.buf = append(w.buf, constInt)
		w.int(k)
	case *big.Int:
		w.buf = append(w.buf, constBig)
		w.str(k.Text(16))
	case float64:
		w.buf = append(w.buf, constFloat)
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(k))
	case complex128:
		w.buf = append(w.buf, constComplex)
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(real(k)))
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(imag(k)))
	case string:
		w.buf = append(w.buf, constStr)
		w.str(k)
	case Bytes:
		w.buf = append(w.buf, constBytes)
		w.str(string(k))
	case Ellipsis:
		w.buf = append(w.buf, constEllipsis)
	case *Code:
		w.buf = append(w.buf, constCode)
		w.code(k)
	case ConstTuple:
		w.buf = append(w.buf, constTuple)
		w.consts(k)
	case ConstFrozenSet:
		w.buf = append(w.buf, constFrozenSet)
		w.consts(k)
	default:
		if w.err == nil {
			w.err = errors.New("compiler: cannot marshal a constant of this type")
		}
	}
}

// Unmarshal decodes one Code written by Marshal from data and returns it
// with the rest of data. Any malformed input gives ErrMarshal, never a
// panic.
func Unmarshal(data []byte) (*Code, []byte, error) {
	return unmarshal(&mreader{data: data})
}

// UnmarshalShared is Unmarshal for data that never changes while the
// program runs (an embedded blob): the strings of the result (names,
// string constants) point into data instead of being copied, which saves
// an allocation each (~40% of decoding asyncio's code).
func UnmarshalShared(data []byte) (*Code, []byte, error) {
	return unmarshal(&mreader{data: data, share: true})
}

func unmarshal(r *mreader) (*Code, []byte, error) {
	c := r.code(0)
	if r.bad {
		return nil, nil, ErrMarshal
	}
	return c, r.data, nil
}

type mreader struct {
	data  []byte
	bad   bool
	share bool // strings point into data (UnmarshalShared)
}

// fail marks the input corrupt: every later read gets nothing.
func (r *mreader) fail() {
	r.bad = true
	r.data = nil
}

// uint reads a uvarint. Most are one byte (counts, line deltas, small
// operands), read inline; the rest go through uintLong.
func (r *mreader) uint() uint64 {
	if d := r.data; len(d) > 0 && d[0] < 0x80 {
		r.data = d[1:]
		return uint64(d[0])
	}
	return r.uintLong()
}

// uintLong reads a uvarint of any length.
func (r *mreader) uintLong() uint64 {
	n, k := binary.Uvarint(r.data)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.data = r.data[k:]
	return n
}

// int reads a signed varint (binary.PutVarint's zig-zag form).
func (r *mreader) int() int64 {
	u := r.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// count reads a length no larger than the bytes left (each item takes at
// least one byte), so corrupt counts cannot make huge allocations.
func (r *mreader) count() int {
	n := r.uint()
	if n > uint64(len(r.data)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *mreader) bytes(n int) []byte {
	if n > len(r.data) {
		r.fail()
		return nil
	}
	b := r.data[:n:n]
	r.data = r.data[n:]
	return b
}

func (r *mreader) str() string {
	b := r.bytes(r.count())
	if r.share && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

func (r *mreader) byte() byte {
	b := r.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (r *mreader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *mreader) code(depth int) *Code {
	if depth > 200 {
		r.fail()
		return nil
	}
	c := &Code{}
	c.Name = r.str()
	c.QualName = r.str()
	c.Filename = r.str()
	c.FirstLine = int(r.int())
	if n := r.count(); n > 0 {
		c.Instrs = make([]Instr, n)
		for i := range c.Instrs {
			c.Instrs[i] = Instr(r.uint())
		}
	}
	c.Consts = r.consts(depth)
	c.Names = r.strs()
	c.VarNames = r.strs()
	c.CellVars = r.strs()
	c.FreeVars = r.strs()
	c.ArgCount = int(r.int())
	c.PosOnlyCount = int(r.int())
	c.KwOnlyCount = int(r.int())
	c.Flags = CodeFlags(r.uint())
	c.StackSize = int(r.int())
	if n := r.count(); n > 0 {
		c.Lines = make([]LineEntry, n)
		for i := range c.Lines {
			c.Lines[i] = LineEntry{PC: int(r.int()), Line: int(r.int()), Col: int(r.int())}
		}
	}
	if n := r.count(); n > 0 {
		c.Spans = make([]Span, n)
		for i := range c.Spans {
			c.Spans[i] = Span{Col: int32(r.int()), EndLine: int32(r.int()), EndCol: int32(r.int())}
		}
	}
	if n := r.count(); n > 0 {
		c.ExceptionTable = make([]ExceptionEntry, n)
		for i := range c.ExceptionTable {
			c.ExceptionTable[i] = ExceptionEntry{Start: int(r.int()), End: int(r.int()), Target: int(r.int()), Depth: int(r.int())}
		}
	}
	switch r.byte() {
	case 0:
	case 1:
		s := r.str()
		c.Docstring = &s
	default:
		r.fail()
	}
	return c
}

func (r *mreader) consts(depth int) []any {
	n := r.count()
	if n == 0 {
		return nil
	}
	ks := make([]any, n)
	for i := range ks {
		ks[i] = r.constant(depth)
	}
	return ks
}

func (r *mreader) float() float64 {
	b := r.bytes(8)
	if b == nil {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

func (r *mreader) constant(depth int) any {
	switch tag := r.byte(); tag {
	case constNone:
		return nil
	case constFalse:
		return false
	case constTrue:
		return true
	case constInt:
		return r.int()
	case constBig:
		n, ok := new(big.Int).SetString(r.str(), 16)
		if !ok {
			r.fail()
		}
		return n
	case constFloat:
		return r.float()
	case constComplex:
		re := r.float()
		return complex(re, r.float())
	case constStr:
		return r.str()
	case constBytes:
		return Bytes(r.str())
	case constEllipsis:
		return Ellipsis{}
	case constCode:
		return r.code(depth + 1)
	case constTuple:
		return ConstTuple(r.consts(depth + 1))
	case constFrozenSet:
		return ConstFrozenSet(r.consts(depth + 1))
	default:
		r.fail()
		return nil
	}
}

// OpcodeFingerprint is a checksum of the opcode set (every opcode's number
// and name): code marshalled by a compiler with other opcodes is refused by
// loaders that compare it.
// Every run that reads a cached or precompiled entry checks it, so it is
// computed once per process, in one buffer (it was ~280 allocations).
func OpcodeFingerprint() uint32 { return opcodeFingerprint() }

var opcodeFingerprint = sync.OnceValue(func() uint32 {
	b := make([]byte, 0, 4096)
	for op, name := range opNames {
		b = binary.AppendUvarint(b, uint64(op))
		b = append(b, name...)
	}
	return crc32.ChecksumIEEE(b)
})
