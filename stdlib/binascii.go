package stdlib

import (
	"encoding/base64"
	"encoding/hex"
	"hash/crc32"

	"github.com/pyasync/pyasync/vm"
)

// The binascii module: hex, base64 and checksum conversions between binary
// data and ASCII, with CPython's binascii.Error messages.

func init() { register("binascii", initBinascii) }

var (
	binasciiError      = vm.NewExceptionType("Error", "binascii", vm.ValueError)
	binasciiIncomplete = vm.NewExceptionType("Incomplete", "binascii", vm.ExceptionType)
)

func binErr(msg string) error { return vm.NewException(binasciiError, vm.Str(msg)) }

// asciiData reads the argument of an a2b_* function: bytes-like or an
// ASCII str.
func asciiData(v vm.Value) ([]byte, error) {
	if s, ok := v.AsStr(); ok {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return nil, vm.Errorf(vm.ValueError, "string argument should contain only ASCII characters")
			}
		}
		return []byte(s), nil
	}
	if b, ok := bufferBytes(v); ok {
		return b, nil
	}
	return nil, vm.Errorf(vm.TypeError, "argument should be bytes, buffer or ASCII string, not '%s'", v.TypeName())
}

var b64Decode = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alpha); i++ {
		t[alpha[i]] = int8(i)
	}
	return
}()

// a2bBase64 decodes base64 as binascii.a2b_base64 does: in the default
// mode characters outside the alphabet are skipped and decoding stops at
// the padding that completes a group.
func a2bBase64(data []byte, strict bool) ([]byte, error) {
	out := make([]byte, 0, len(data)*3/4)
	var acc uint32
	qp, pads, nData := 0, 0, 0
	padStarted := false
	if strict && len(data) > 0 && data[0] == '=' {
		return nil, binErr("Leading padding not allowed")
	}
	for i, c := range data {
		if c == '=' {
			padStarted = true
			if qp >= 2 {
				pads++
				if qp+pads >= 4 {
					if strict && i+1 < len(data) {
						return nil, binErr("Excess data after padding")
					}
					return out, nil
				}
			} else if strict {
				return nil, binErr("Discontinuous padding not allowed")
			}
			continue
		}
		d := b64Decode[c]
		if d < 0 {
			if strict {
				return nil, binErr("Only base64 data is allowed")
			}
			continue
		}
		if strict && padStarted {
			return nil, binErr("Discontinuous padding not allowed")
		}
		nData++
		acc = acc<<6 | uint32(d)
		qp++
		switch qp {
		case 2:
			out = append(out, byte(acc>>4))
			acc &= 0xf
		case 3:
			out = append(out, byte(acc>>2))
			acc &= 0x3
		case 4:
			out = append(out, byte(acc))
			acc, qp = 0, 0
		}
	}
	if qp != 0 {
		if qp == 1 {
			return nil, binErr("Invalid base64-encoded string: number of data characters (" + itoa(int64(nData)) + ") cannot be 1 more than a multiple of 4")
		}
		return nil, binErr("Incorrect padding")
	}
	return out, nil
}

func unhexlify(b []byte) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, binErr("Odd-length string")
	}
	out := make([]byte, len(b)/2)
	if _, err := hex.Decode(out, b); err != nil {
		return nil, binErr("Non-hexadecimal digit found")
	}
	return out, nil
}

// crcHqx is CRC-CCITT (XModem), binascii.crc_hqx.
func crcHqx(b []byte, crc uint16) uint16 {
	for _, c := range b {
		crc ^= uint16(c) << 8
		for i := 0; i < 8; i++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

func initBinascii(v *vm.VM, m *vm.Module) error {
	m.Set("Error", vm.ObjectValue(binasciiError))
	m.Set("Incomplete", vm.ObjectValue(binasciiIncomplete))
	hexlify := func(name string) vm.BuiltinFunc {
		return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var data, sep, bps vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"data", "sep?", "bytes_per_sep?"}, &data, &sep, &bps); err != nil {
				return vm.Value{}, err
			}
			b, err := bytesArg(data)
			if err != nil {
				return vm.Value{}, err
			}
			var hexArgs []vm.Value
			if sep.IsValid() {
				hexArgs = append(hexArgs, sep)
				if bps.IsValid() {
					hexArgs = append(hexArgs, bps)
				}
			}
			s, err := t.CallMethod(vm.NewBytes(b), "hex", hexArgs...)
			if err != nil {
				return vm.Value{}, err
			}
			str, _ := s.AsStr()
			return vm.NewBytes([]byte(str)), nil
		}
	}
	m.SetFunc("hexlify", hexlify("hexlify"))
	m.SetFunc("b2a_hex", hexlify("b2a_hex"))
	unhex := func(name string) vm.BuiltinFunc {
		return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var data vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"hexstr"}, &data); err != nil {
				return vm.Value{}, err
			}
			b, err := asciiData(data)
			if err != nil {
				return vm.Value{}, err
			}
			out, err := unhexlify(b)
			if err != nil {
				return vm.Value{}, err
			}
			return vm.NewBytes(out), nil
		}
	}
	m.SetFunc("unhexlify", unhex("unhexlify"))
	m.SetFunc("a2b_hex", unhex("a2b_hex"))
	m.SetFunc("b2a_base64", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var data, newline vm.Value
		if err := vm.UnpackArgs("b2a_base64", args, kw, []string{"/data", "*newline?"}, &data, &newline); err != nil {
			return vm.Value{}, err
		}
		b, err := bytesArg(data)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Charge(int64(base64.StdEncoding.EncodedLen(len(b))) * 2); err != nil {
			return vm.Value{}, err
		}
		out := []byte(base64.StdEncoding.EncodeToString(b))
		nl := true
		if newline.IsValid() {
			if nl, err = t.Truth(newline); err != nil {
				return vm.Value{}, err
			}
		}
		if nl {
			out = append(out, '\n')
		}
		return vm.NewBytes(out), nil
	})
	m.SetFunc("a2b_base64", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var data, strict vm.Value
		if err := vm.UnpackArgs("a2b_base64", args, kw, []string{"/data", "*strict_mode?"}, &data, &strict); err != nil {
			return vm.Value{}, err
		}
		b, err := asciiData(data)
		if err != nil {
			return vm.Value{}, err
		}
		st := false
		if strict.IsValid() {
			if st, err = t.Truth(strict); err != nil {
				return vm.Value{}, err
			}
		}
		out, err := a2bBase64(b, st)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.NewBytes(out), nil
	})
	m.SetFunc("crc32", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		b, start, err := checksumArgs(t, "crc32", args, kw, 0)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(crc32.Update(start, crc32.IEEETable, b))), nil
	})
	m.SetFunc("crc_hqx", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("crc_hqx", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		b, start, err := checksumArgs(t, "crc_hqx", args, kw, 0)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Int(int64(crcHqx(b, uint16(start)))), nil
	})
	return nil
}
