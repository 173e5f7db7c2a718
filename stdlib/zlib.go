package stdlib

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"

	"github.com/pyasync/pyasync/vm"
)

// The zlib module: the zlib (RFC 1950), gzip (RFC 1952) and raw deflate
// formats, chosen by wbits as in CPython, on Go's compress/flate. The
// framing (headers, checksums, level-0 stored blocks) is written here, so
// headers match zlib's; compressed bytes at other levels come from Go's
// compressor and differ from zlib's (they decompress the same).

func init() { register("zlib", initZlib) }

var zlibError = vm.NewExceptionType("error", "zlib", vm.ExceptionType)

var (
	zlibCompressType   = vm.NewNativeType("Compress", "zlib", nil, nil)
	zlibDecompressType = vm.NewNativeType("Decompress", "zlib", nil, nil)
)

// zlibFormat is the container chosen by wbits.
type zlibFormat int

const (
	fmtZlib zlibFormat = iota
	fmtRaw
	fmtGzip
	fmtAuto // zlib or gzip, from the header (wbits 32 + n)
)

func wbitsFormat(wbits int64, compress bool) (zlibFormat, error) {
	switch {
	case wbits >= 9 && wbits <= 15, wbits == 0 && !compress:
		return fmtZlib, nil
	case wbits >= -15 && wbits <= -9:
		return fmtRaw, nil
	case wbits >= 25 && wbits <= 31:
		return fmtGzip, nil
	case wbits >= 40 && wbits <= 47 && !compress:
		return fmtAuto, nil
	}
	if compress {
		return 0, vm.Errorf(vm.ValueError, "Invalid initialization option")
	}
	return 0, vm.Errorf(vm.ValueError, "Invalid initialization option")
}

func zlibErr(op string, code int, msg string) error {
	return vm.NewException(zlibError, vm.Str("Error "+itoa(int64(code))+" while "+op+" data: "+msg))
}

// zlibHeader returns the two-byte zlib header for a level and window.
func zlibHeader(level, wbits int) []byte {
	flevel := 2
	switch {
	case level == 0 || level == 1:
		flevel = 0
	case level >= 2 && level <= 5:
		flevel = 1
	case level >= 7:
		flevel = 3
	}
	cmf := (wbits-8)<<4 | 8
	flg := flevel << 6
	flg += 31 - (cmf<<8|flg)%31
	return []byte{byte(cmf), byte(flg)}
}

// compressor is a streaming compressor for one format.
type compressor struct {
	format   zlibFormat
	level    int
	wbits    int
	out      bytes.Buffer
	w        *flate.Writer
	stored   []byte // level 0: data kept until flush (written as stored blocks)
	sum      uint32 // adler32 or crc32 of the input
	size     uint32
	started  bool
	finished bool
}

func newCompressor(format zlibFormat, level int, wbits int64) (*compressor, error) {
	if level == -1 {
		level = 6
	}
	if level < 0 || level > 9 {
		return nil, vm.NewException(zlibError, vm.Str("Bad compression level"))
	}
	c := &compressor{format: format, level: level, wbits: int(wbits)}
	if format == fmtZlib {
		c.sum = 1
	}
	if level > 0 {
		c.w, _ = flate.NewWriter(&c.out, level)
	}
	return c, nil
}

func (c *compressor) header() {
	if c.started {
		return
	}
	c.started = true
	switch c.format {
	case fmtZlib:
		c.out.Write(zlibHeader(c.level, c.wbits))
	case fmtGzip:
		xfl := byte(0)
		if c.level == 9 {
			xfl = 2
		} else if c.level == 1 {
			xfl = 4
		}
		c.out.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3})
	}
}

func (c *compressor) write(p []byte) {
	c.header()
	if c.format == fmtZlib {
		c.sum = adler32Update(c.sum, p)
	} else {
		c.sum = crc32.Update(c.sum, crc32.IEEETable, p)
	}
	c.size += uint32(len(p))
	if c.w == nil {
		c.stored = append(c.stored, p...)
		return
	}
	c.w.Write(p)
}

// writeStored writes data as stored blocks (final marks the last one).
func (c *compressor) writeStored(final bool) {
	data := c.stored
	c.stored = nil
	for {
		n := len(data)
		if n > 65535 {
			n = 65535
		}
		last := final && n == len(data)
		if n == 0 && !last {
			return
		}
		b := byte(0)
		if last {
			b = 1
		}
		c.out.Write([]byte{b, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)})
		c.out.Write(data[:n])
		data = data[n:]
		if last {
			return
		}
	}
}

// flush implements Z_SYNC_FLUSH/Z_FULL_FLUSH (finish false) and Z_FINISH.
func (c *compressor) flush(finish bool) []byte {
	if c.finished {
		return nil
	}
	c.header()
	if c.w == nil {
		c.writeStored(finish)
		if !finish {
			c.out.Write([]byte{0, 0, 0, 0xff, 0xff})
		}
	} else if finish {
		c.w.Close()
	} else {
		c.w.Flush()
	}
	if finish {
		c.finished = true
		var tr [8]byte
		switch c.format {
		case fmtZlib:
			binary.BigEndian.PutUint32(tr[:], c.sum)
			c.out.Write(tr[:4])
		case fmtGzip:
			binary.LittleEndian.PutUint32(tr[:], c.sum)
			binary.LittleEndian.PutUint32(tr[4:], c.size)
			c.out.Write(tr[:])
		}
	}
	return c.take()
}

func (c *compressor) take() []byte {
	b := append([]byte(nil), c.out.Bytes()...)
	c.out.Reset()
	return b
}

func adler32Update(sum uint32, p []byte) uint32 {
	const mod = 65521
	a, b := sum&0xffff, sum>>16
	for len(p) > 0 {
		n := len(p)
		if n > 5552 {
			n = 5552
		}
		for _, x := range p[:n] {
			a += uint32(x)
			b += a
		}
		a %= mod
		b %= mod
		p = p[n:]
	}
	return b<<16 | a
}

// inflateResult is the outcome of decoding a complete or partial stream.
type inflateResult struct {
	out    []byte
	used   int  // input bytes consumed (header, data, trailer)
	eof    bool // the stream ended
	errMsg string
	code   int
}

// inflate decodes one stream of the format from data.
func inflate(format zlibFormat, data []byte) inflateResult {
	pos := 0
	if format == fmtAuto {
		format = fmtZlib
		if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
			format = fmtGzip
		}
	}
	truncated := inflateResult{code: -5, errMsg: "incomplete or truncated stream"}
	switch format {
	case fmtZlib:
		if len(data) < 2 {
			return truncated
		}
		cmf, flg := data[0], data[1]
		if cmf&0x0f != 8 || (uint16(cmf)<<8|uint16(flg))%31 != 0 {
			return inflateResult{code: -3, errMsg: "incorrect header check"}
		}
		if flg&0x20 != 0 {
			return inflateResult{code: 2, errMsg: "need dictionary"}
		}
		pos = 2
	case fmtGzip:
		n, res := gzipHeaderLen(data)
		if res != nil {
			return *res
		}
		pos = n
	}
	br := bytes.NewReader(data[pos:])
	out, err := io.ReadAll(flate.NewReader(br))
	used := len(data) - br.Len()
	if err != nil {
		res := inflateResult{out: out, used: used}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			res.code, res.errMsg = -5, "incomplete or truncated stream"
		} else {
			res.code, res.errMsg = -3, "invalid block type"
			var ce flate.CorruptInputError
			if errors.As(err, &ce) {
				res.errMsg = "invalid stored block lengths"
			}
		}
		return res
	}
	rest := data[used:]
	switch format {
	case fmtZlib:
		if len(rest) < 4 {
			return inflateResult{out: out, used: used, code: -5, errMsg: "incomplete or truncated stream"}
		}
		if binary.BigEndian.Uint32(rest) != adler32Update(1, out) {
			return inflateResult{out: out, code: -3, errMsg: "incorrect data check"}
		}
		used += 4
	case fmtGzip:
		if len(rest) < 8 {
			return inflateResult{out: out, used: used, code: -5, errMsg: "incomplete or truncated stream"}
		}
		if binary.LittleEndian.Uint32(rest) != crc32.ChecksumIEEE(out) {
			return inflateResult{out: out, code: -3, errMsg: "incorrect data check"}
		}
		if binary.LittleEndian.Uint32(rest[4:]) != uint32(len(out)) {
			return inflateResult{out: out, code: -3, errMsg: "incorrect length check"}
		}
		used += 8
	}
	return inflateResult{out: out, used: used, eof: true}
}

// gzipHeaderLen parses a gzip member header.
func gzipHeaderLen(data []byte) (int, *inflateResult) {
	truncated := &inflateResult{code: -5, errMsg: "incomplete or truncated stream"}
	if len(data) < 10 {
		if len(data) >= 2 && (data[0] != 0x1f || data[1] != 0x8b) {
			return 0, &inflateResult{code: -3, errMsg: "incorrect header check"}
		}
		return 0, truncated
	}
	if data[0] != 0x1f || data[1] != 0x8b {
		return 0, &inflateResult{code: -3, errMsg: "incorrect header check"}
	}
	if data[2] != 8 {
		return 0, &inflateResult{code: -3, errMsg: "unknown compression method"}
	}
	flg := data[3]
	pos := 10
	if flg&4 != 0 {
		if len(data) < pos+2 {
			return 0, truncated
		}
		pos += 2 + int(binary.LittleEndian.Uint16(data[pos:]))
	}
	for _, bit := range []byte{8, 16} {
		if flg&bit != 0 {
			i := bytes.IndexByte(data[min(pos, len(data)):], 0)
			if i < 0 {
				return 0, truncated
			}
			pos += i + 1
		}
	}
	if flg&2 != 0 {
		pos += 2
	}
	if pos > len(data) {
		return 0, truncated
	}
	return pos, nil
}

// compressObj is zlib.Compress.
type compressObj struct{ c *compressor }

// Type implements vm.Object.
func (*compressObj) Type() *vm.Type { return zlibCompressType }

// decompressObj is zlib.Decompress: input is kept until its stream ends
// and decoded again on each call (simple and correct for the sizes
// scripts stream; output already returned is skipped).
type decompressObj struct {
	format   zlibFormat
	in       []byte
	returned int
	eof      bool
	unused   []byte
}

// Type implements vm.Object.
func (*decompressObj) Type() *vm.Type { return zlibDecompressType }

func intOpt(t *vm.Thread, v vm.Value, def int64) (int64, error) {
	if !v.IsValid() {
		return def, nil
	}
	return t.Index(v)
}

func bytesArg(v vm.Value) ([]byte, error) {
	if b, ok := bufferBytes(v); ok {
		return b, nil
	}
	return nil, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", v.TypeName())
}

func init() {
	zlibCompressType.NewMethod("compress", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("compress", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesArg(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		c := self.Object().(*compressObj).c
		if c.finished {
			return vm.Value{}, vm.NewException(zlibError, vm.Str("Error -2 while compressing data: inconsistent stream state"))
		}
		c.write(b)
		return vm.NewBytes(c.take()), nil
	})
	zlibCompressType.NewMethod("flush", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var mode vm.Value
		if err := vm.UnpackArgs("flush", args, kw, []string{"/mode?"}, &mode); err != nil {
			return vm.Value{}, err
		}
		m, err := intOpt(t, mode, 4)
		if err != nil {
			return vm.Value{}, err
		}
		c := self.Object().(*compressObj).c
		if m == 0 {
			return vm.NewBytes(nil), nil
		}
		return vm.NewBytes(c.flush(m == 4)), nil
	})
	zlibCompressType.NewMethod("copy", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Value{}, vm.Errorf(vm.NotImplementedError, "zlib.Compress.copy is not supported by pyasync")
	})
	zlibDecompressType.NewMethod("decompress", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var data, maxLen vm.Value
		if err := vm.UnpackArgs("decompress", args, kw, []string{"/data", "max_length?"}, &data, &maxLen); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesArg(data)
		if err != nil {
			return vm.Value{}, err
		}
		d := self.Object().(*decompressObj)
		if d.eof {
			d.unused = append(d.unused, b...)
			return vm.NewBytes(nil), nil
		}
		d.in = append(d.in, b...)
		res := inflate(d.format, d.in)
		if res.errMsg != "" && res.code != -5 {
			return vm.Value{}, zlibErr("decompressing", res.code, res.errMsg)
		}
		out := res.out[min(d.returned, len(res.out)):]
		d.returned += len(out)
		if res.eof {
			d.eof = true
			d.unused = append([]byte(nil), d.in[res.used:]...)
			d.in = nil
		}
		return vm.NewBytes(append([]byte(nil), out...)), nil
	})
	zlibDecompressType.NewMethod("flush", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.NewBytes(nil), nil
	})
	zlibDecompressType.NewGetSet("eof", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Bool(self.Object().(*decompressObj).eof), nil
	}, nil)
	zlibDecompressType.NewGetSet("unused_data", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.NewBytes(self.Object().(*decompressObj).unused), nil
	}, nil)
	zlibDecompressType.NewGetSet("unconsumed_tail", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.NewBytes(nil), nil
	}, nil)
}

func initZlib(v *vm.VM, m *vm.Module) error {
	m.Set("error", vm.ObjectValue(zlibError))
	for name, val := range map[string]int64{
		"MAX_WBITS": 15, "DEFLATED": 8, "DEF_MEM_LEVEL": 8, "DEF_BUF_SIZE": 16384,
		"Z_NO_COMPRESSION": 0, "Z_BEST_SPEED": 1, "Z_BEST_COMPRESSION": 9, "Z_DEFAULT_COMPRESSION": -1,
		"Z_NO_FLUSH": 0, "Z_PARTIAL_FLUSH": 1, "Z_SYNC_FLUSH": 2, "Z_FULL_FLUSH": 3, "Z_FINISH": 4, "Z_BLOCK": 5, "Z_TREES": 6,
		"Z_DEFAULT_STRATEGY": 0, "Z_FILTERED": 1, "Z_HUFFMAN_ONLY": 2, "Z_RLE": 3, "Z_FIXED": 4,
	} {
		m.Set(name, vm.Int(val))
	}
	m.Set("ZLIB_VERSION", vm.Str("1.2.13"))
	m.Set("ZLIB_RUNTIME_VERSION", vm.Str("1.2.13"))
	m.SetFunc("crc32", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		b, start, err := checksumArgs(t, "crc32", args, kw, 0)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(crc32.Update(start, crc32.IEEETable, b))), nil
	})
	m.SetFunc("adler32", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		b, start, err := checksumArgs(t, "adler32", args, kw, 1)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(adler32Update(start, b))), nil
	})
	m.SetFunc("compress", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var data, level, wbits vm.Value
		if err := vm.UnpackArgs("compress", args, kw, []string{"/data", "level?", "wbits?"}, &data, &level, &wbits); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesArg(data)
		if err != nil {
			return vm.Value{}, err
		}
		lv, err := intOpt(t, level, -1)
		if err != nil {
			return vm.Value{}, err
		}
		wb, err := intOpt(t, wbits, 15)
		if err != nil {
			return vm.Value{}, err
		}
		f, err := wbitsFormat(wb, true)
		if err != nil {
			return vm.Value{}, err
		}
		c, err := newCompressor(f, int(lv), wb)
		if err != nil {
			return vm.Value{}, err
		}
		c.write(b)
		return vm.NewBytes(c.flush(true)), nil
	})
	m.SetFunc("decompress", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var data, wbits, bufsize vm.Value
		if err := vm.UnpackArgs("decompress", args, kw, []string{"/data", "wbits?", "bufsize?"}, &data, &wbits, &bufsize); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesArg(data)
		if err != nil {
			return vm.Value{}, err
		}
		wb, err := intOpt(t, wbits, 15)
		if err != nil {
			return vm.Value{}, err
		}
		f, err := wbitsFormat(wb, false)
		if err != nil {
			return vm.Value{}, err
		}
		res := inflate(f, b)
		if res.errMsg != "" {
			return vm.Value{}, zlibErr("decompressing", res.code, res.errMsg)
		}
		return vm.NewBytes(res.out), nil
	})
	m.SetFunc("compressobj", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var level, method, wbits, memLevel, strategy, zdict vm.Value
		if err := vm.UnpackArgs("compressobj", args, kw, []string{"level?", "method?", "wbits?", "memLevel?", "strategy?", "zdict?"},
			&level, &method, &wbits, &memLevel, &strategy, &zdict); err != nil {
			return vm.Value{}, err
		}
		if zdict.IsValid() && !zdict.IsNone() {
			return vm.Value{}, vm.Errorf(vm.NotImplementedError, "zlib.compressobj(zdict=...) is not supported by pyasync")
		}
		lv, err := intOpt(t, level, -1)
		if err != nil {
			return vm.Value{}, err
		}
		wb, err := intOpt(t, wbits, 15)
		if err != nil {
			return vm.Value{}, err
		}
		f, err := wbitsFormat(wb, true)
		if err != nil {
			return vm.Value{}, err
		}
		c, err := newCompressor(f, int(lv), wb)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&compressObj{c: c}), nil
	})
	m.SetFunc("decompressobj", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var wbits, zdict vm.Value
		if err := vm.UnpackArgs("decompressobj", args, kw, []string{"wbits?", "zdict?"}, &wbits, &zdict); err != nil {
			return vm.Value{}, err
		}
		wb, err := intOpt(t, wbits, 15)
		if err != nil {
			return vm.Value{}, err
		}
		f, err := wbitsFormat(wb, false)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(&decompressObj{format: f}), nil
	})
	return nil
}

// checksumArgs reads (data, value=start) of crc32/adler32.
func checksumArgs(t *vm.Thread, name string, args []vm.Value, kw []string, def uint32) ([]byte, uint32, error) {
	if err := vm.ArgCount(name, args, kw, 1, 2); err != nil {
		return nil, 0, err
	}
	b, err := bytesArg(args[0])
	if err != nil {
		return nil, 0, err
	}
	start := def
	if len(args) == 2 {
		n, err := t.ToInt(args[1])
		if err != nil {
			return nil, 0, err
		}
		big, _ := n.ToBig()
		start = uint32(big.Uint64())
	}
	return b, start, nil
}
