package stdlib

import (
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"

	"github.com/pyasync/pyasync/vm"
)

// The hashlib module on Go's crypto packages (and stdlib/hashlib_blake2.go
// for BLAKE2 with salt and personalisation). Hash objects are *hashObj of
// the native types _hashlib.HASH, _hashlib.HASHXOF, _blake2.blake2b and
// _blake2.blake2s.

func init() { register("hashlib", initHashlib) }

// hashState is the running state of one hash object.
type hashState interface {
	Write(p []byte) (int, error)
	Sum(b []byte) []byte
}

// hashAlgo describes one algorithm of hashlib.new.
type hashAlgo struct {
	name                  string
	digestSize, blockSize int
	make                  func() hashState // nil for blake2 and shake
}

var hashAlgos = map[string]*hashAlgo{
	"md5":        {"md5", 16, 64, func() hashState { return md5.New() }},
	"sha1":       {"sha1", 20, 64, func() hashState { return sha1.New() }},
	"sha224":     {"sha224", 28, 64, func() hashState { return sha256.New224() }},
	"sha256":     {"sha256", 32, 64, func() hashState { return sha256.New() }},
	"sha384":     {"sha384", 48, 128, func() hashState { return sha512.New384() }},
	"sha512":     {"sha512", 64, 128, func() hashState { return sha512.New() }},
	"sha512_224": {"sha512_224", 28, 128, func() hashState { return sha512.New512_224() }},
	"sha512_256": {"sha512_256", 32, 128, func() hashState { return sha512.New512_256() }},
	"sha3_224":   {"sha3_224", 28, 144, func() hashState { return sha3.New224() }},
	"sha3_256":   {"sha3_256", 32, 136, func() hashState { return sha3.New256() }},
	"sha3_384":   {"sha3_384", 48, 104, func() hashState { return sha3.New384() }},
	"sha3_512":   {"sha3_512", 64, 72, func() hashState { return sha3.New512() }},
	"shake_128":  {"shake_128", 0, 168, nil},
	"shake_256":  {"shake_256", 0, 136, nil},
	"blake2b":    {"blake2b", 64, 128, nil},
	"blake2s":    {"blake2s", 32, 64, nil},
}

var hashGuaranteed = []string{"blake2b", "blake2s", "md5", "sha1", "sha224", "sha256", "sha384",
	"sha3_224", "sha3_256", "sha3_384", "sha3_512", "sha512", "shake_128", "shake_256"}

var (
	hashType    = vm.NewCType("HASH", "_hashlib", nil, nil)
	hashXOFType = vm.NewCType("HASHXOF", "_hashlib", nil, nil)
	blake2bType = vm.NewCType("blake2b", "_blake2", nil, nil)
	blake2sType = vm.NewCType("blake2s", "_blake2", nil, nil)
)

// hashObj is a hash object.
type hashObj struct {
	cls   *vm.Type
	algo  *hashAlgo
	st    hashState
	shake *sha3.SHAKE
	size  int // digest size (blake2 may be shorter than the algorithm's)
}

// Type implements vm.Object.
func (h *hashObj) Type() *vm.Type { return h.cls }

func (h *hashObj) update(b []byte) {
	if h.shake != nil {
		h.shake.Write(b)
		return
	}
	h.st.Write(b)
}

func (h *hashObj) clone() (*hashObj, error) {
	c := *h
	switch st := h.st.(type) {
	case *blake2b:
		cp := *st
		c.st = &cp
	case *blake2s:
		cp := *st
		c.st = &cp
	case hash.Cloner:
		n, err := st.Clone()
		if err != nil {
			return nil, err
		}
		c.st = n
	case nil:
		data, err := h.shake.MarshalBinary()
		if err != nil {
			return nil, err
		}
		s := sha3.NewSHAKE128()
		if h.algo.name == "shake_256" {
			s = sha3.NewSHAKE256()
		}
		if err := s.UnmarshalBinary(data); err != nil {
			return nil, err
		}
		c.shake = s
	default:
		return nil, vm.Errorf(vm.ValueError, "cannot copy %s hash", h.algo.name)
	}
	return &c, nil
}

// xofDigest reads n bytes of a SHAKE output without changing the state.
func (h *hashObj) xofDigest(n int) ([]byte, error) {
	c, err := h.clone()
	if err != nil {
		return nil, err
	}
	out := make([]byte, n)
	c.shake.Read(out)
	return out, nil
}

// bufferArg returns the bytes of a bytes-like argument: str gives the
// hashing message CPython gives.
func hashData(v vm.Value) ([]byte, error) {
	if b, ok := bufferBytes(v); ok {
		return b, nil
	}
	if _, ok := v.AsStr(); ok {
		return nil, vm.Errorf(vm.TypeError, "Strings must be encoded before hashing")
	}
	return nil, vm.Errorf(vm.TypeError, "object supporting the buffer API required")
}

// bufferBytes returns the bytes behind a bytes-like object (bytes,
// bytearray, or anything with a Go Bytes() method such as array.array).
func bufferBytes(v vm.Value) ([]byte, bool) {
	if b, ok := v.AsBytes(); ok {
		return b, true
	}
	if bb, ok := v.Object().(interface{ BufferBytes() []byte }); ok {
		return bb.BufferBytes(), true
	}
	return nil, false
}

// newHash makes a hash object of algorithm name with the initial data.
func newHash(t *vm.Thread, name string, data vm.Value) (vm.Value, error) {
	a, ok := hashAlgos[name]
	if !ok {
		return vm.Value{}, vm.Errorf(vm.ValueError, "unsupported hash type %s", name)
	}
	var h *hashObj
	switch name {
	case "blake2b", "blake2s":
		return newBlake2(t, name, []vm.Value{}, nil, data)
	case "shake_128":
		h = &hashObj{cls: hashXOFType, algo: a, shake: sha3.NewSHAKE128()}
	case "shake_256":
		h = &hashObj{cls: hashXOFType, algo: a, shake: sha3.NewSHAKE256()}
	default:
		h = &hashObj{cls: hashType, algo: a, st: a.make(), size: a.digestSize}
	}
	if data.IsValid() {
		b, err := hashData(data)
		if err != nil {
			return vm.Value{}, err
		}
		h.update(b)
	}
	return vm.ObjectValue(h), nil
}

// newBlake2 implements the blake2b and blake2s constructors.
func newBlake2(t *vm.Thread, name string, args []vm.Value, kw []string, data vm.Value) (vm.Value, error) {
	var vals [13]vm.Value
	ptrs := make([]*vm.Value, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := vm.UnpackArgs(name, args, kw, []string{"/data?", "*digest_size?", "*key?", "*salt?",
		"*person?", "*fanout?", "*depth?", "*leaf_size?", "*node_offset?", "*node_depth?",
		"*inner_size?", "*last_node?", "*usedforsecurity?"}, ptrs...); err != nil {
		return vm.Value{}, err
	}
	if !vals[0].IsValid() {
		vals[0] = data
	}
	isB := name == "blake2b"
	maxDigest, maxKey, maxSalt := 32, 32, 8
	cls := blake2sType
	if isB {
		maxDigest, maxKey, maxSalt = 64, 64, 16
		cls = blake2bType
	}
	p := blake2Params{digestSize: maxDigest, fanout: 1, depth: 1}
	intArg := func(v vm.Value, def int) (int, error) {
		if !v.IsValid() {
			return def, nil
		}
		n, err := t.Index(v)
		return int(n), err
	}
	var err error
	if p.digestSize, err = intArg(vals[1], maxDigest); err != nil {
		return vm.Value{}, err
	}
	if p.digestSize < 1 || p.digestSize > maxDigest {
		return vm.Value{}, vm.Errorf(vm.ValueError, "digest_size must be between 1 and %d bytes", maxDigest)
	}
	bytesArg := func(v vm.Value, what string, max int) ([]byte, error) {
		if !v.IsValid() {
			return nil, nil
		}
		b, err := hashData(v)
		if err != nil {
			return nil, err
		}
		if len(b) > max {
			if what == "key" {
				return nil, vm.Errorf(vm.ValueError, "maximum key length is %d bytes", max)
			}
			return nil, vm.Errorf(vm.ValueError, "maximum %s length is %d bytes", what, max)
		}
		return b, nil
	}
	if p.key, err = bytesArg(vals[2], "key", maxKey); err != nil {
		return vm.Value{}, err
	}
	if p.salt, err = bytesArg(vals[3], "salt", maxSalt); err != nil {
		return vm.Value{}, err
	}
	if p.person, err = bytesArg(vals[4], "person", maxSalt); err != nil {
		return vm.Value{}, err
	}
	if p.fanout, err = intArg(vals[5], 1); err != nil {
		return vm.Value{}, err
	}
	if p.fanout < 0 || p.fanout > 255 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "fanout must be between 0 and 255")
	}
	if p.depth, err = intArg(vals[6], 1); err != nil {
		return vm.Value{}, err
	}
	if p.depth < 1 || p.depth > 255 {
		return vm.Value{}, vm.Errorf(vm.ValueError, "depth must be between 1 and 255")
	}
	leaf, err := intArg(vals[7], 0)
	if err != nil {
		return vm.Value{}, err
	}
	p.leafSize = uint32(leaf)
	off, err := intArg(vals[8], 0)
	if err != nil {
		return vm.Value{}, err
	}
	p.nodeOffset = uint64(off)
	if p.nodeDepth, err = intArg(vals[9], 0); err != nil {
		return vm.Value{}, err
	}
	if p.innerSize, err = intArg(vals[10], 0); err != nil {
		return vm.Value{}, err
	}
	if vals[11].IsValid() {
		if p.lastNode, err = t.Truth(vals[11]); err != nil {
			return vm.Value{}, err
		}
	}
	h := &hashObj{cls: cls, algo: hashAlgos[name], size: p.digestSize}
	if isB {
		h.st = newBlake2b(&p)
	} else {
		h.st = newBlake2s(&p)
	}
	if vals[0].IsValid() {
		b, err := hashData(vals[0])
		if err != nil {
			return vm.Value{}, err
		}
		h.update(b)
	}
	return vm.ObjectValue(h), nil
}

func hashSelf(self vm.Value) *hashObj { h, _ := self.Object().(*hashObj); return h }

func init() {
	for _, typ := range []*vm.Type{hashType, hashXOFType, blake2bType, blake2sType} {
		xof := typ == hashXOFType
		typ.NewMethod("update", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("update", args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			b, err := hashData(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			hashSelf(self).update(b)
			return vm.None, nil
		})
		typ.NewMethod("copy", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("copy", args, kw, 0, 0); err != nil {
				return vm.Value{}, err
			}
			c, err := hashSelf(self).clone()
			if err != nil {
				return vm.Value{}, err
			}
			return vm.ObjectValue(c), nil
		})
		digest := func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string, fname string) ([]byte, error) {
			h := hashSelf(self)
			if xof {
				var n vm.Value
				if len(args) == 0 {
					return nil, vm.Errorf(vm.TypeError, "%s() missing required argument 'length' (pos 1)", fname)
				}
				if err := vm.UnpackArgs(fname, args, kw, []string{"length"}, &n); err != nil {
					return nil, err
				}
				k, err := t.Index(n)
				if err != nil {
					return nil, err
				}
				if k < 0 {
					return nil, vm.Errorf(vm.ValueError, "length must be non-negative")
				}
				return h.xofDigest(int(k))
			}
			if err := vm.ArgCount(fname, args, kw, 0, 0); err != nil {
				return nil, err
			}
			sum := h.st.Sum(nil)
			return sum[:h.size], nil
		}
		typ.NewMethod("digest", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			b, err := digest(t, self, args, kw, "digest")
			if err != nil {
				return vm.Value{}, err
			}
			return vm.NewBytes(b), nil
		})
		typ.NewMethod("hexdigest", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			b, err := digest(t, self, args, kw, "hexdigest")
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Str(hex.EncodeToString(b)), nil
		})
		typ.NewGetSet("name", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			return vm.Str(hashSelf(self).algo.name), nil
		}, nil)
		typ.NewGetSet("digest_size", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			return vm.Int(int64(hashSelf(self).size)), nil
		}, nil)
		typ.NewGetSet("block_size", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
			return vm.Int(int64(hashSelf(self).algo.blockSize)), nil
		}, nil)
		typ.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			h := hashSelf(self)
			return vm.Str(fmt.Sprintf("<%s %s object @ %p>", h.algo.name, h.cls.FullName(), h)), nil
		})
	}
}

func initHashlib(v *vm.VM, m *vm.Module) error {
	for name := range hashAlgos {
		name := name
		if name == "blake2b" || name == "blake2s" {
			m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
				return newBlake2(t, name, args, kw, vm.Value{})
			})
			continue
		}
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var data, str, sec vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"data?", "*string?", "*usedforsecurity?"}, &data, &str, &sec); err != nil {
				return vm.Value{}, err
			}
			if !data.IsValid() {
				data = str
			}
			return newHash(t, name, data)
		})
	}
	m.SetFunc("new", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var name, data, str, sec vm.Value
		if err := vm.UnpackArgs("new", args, kw, []string{"name", "data?", "*string?", "*usedforsecurity?"}, &name, &data, &str, &sec); err != nil {
			return vm.Value{}, err
		}
		s, ok := name.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "new() argument 'name' must be str, not %s", name.TypeName())
		}
		if !data.IsValid() {
			data = str
		}
		return newHash(t, s, data)
	})
	guaranteed := vm.NewSet()
	available := vm.NewSet()
	names := make([]string, 0, len(hashAlgos))
	for n := range hashAlgos {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range hashGuaranteed {
		guaranteed.Add(v.Main(), vm.Str(n))
	}
	for _, n := range names {
		available.Add(v.Main(), vm.Str(n))
	}
	m.Set("algorithms_guaranteed", vm.ObjectValue(guaranteed))
	m.Set("algorithms_available", vm.ObjectValue(available))
	m.SetFunc("pbkdf2_hmac", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var name, pw, salt, iters, dklen vm.Value
		if err := vm.UnpackArgs("pbkdf2_hmac", args, kw, []string{"hash_name", "password", "salt", "iterations", "dklen?"}, &name, &pw, &salt, &iters, &dklen); err != nil {
			return vm.Value{}, err
		}
		s, _ := name.AsStr()
		a, ok := hashAlgos[s]
		if !ok || a.make == nil {
			return vm.Value{}, vm.Errorf(vm.ValueError, "unsupported hash type %s", s)
		}
		p, err := hashData(pw)
		if err != nil {
			return vm.Value{}, err
		}
		sb, err := hashData(salt)
		if err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(iters)
		if err != nil {
			return vm.Value{}, err
		}
		if n < 1 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "iteration value must be greater than 0.")
		}
		size := int64(a.digestSize)
		if dklen.IsValid() && !dklen.IsNone() {
			if size, err = t.Index(dklen); err != nil {
				return vm.Value{}, err
			}
			if size < 1 {
				return vm.Value{}, vm.Errorf(vm.ValueError, "key length must be greater than 0.")
			}
		}
		out, err := pbkdf2.Key(func() hash.Hash { return a.make().(hash.Hash) }, string(p), sb, int(n), int(size))
		if err != nil {
			return vm.Value{}, vm.Errorf(vm.ValueError, "%s", err.Error())
		}
		return vm.NewBytes(out), nil
	})
	m.SetFunc("_compare_digest", compareDigest)
	m.SetFunc("file_digest", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var f, digest vm.Value
		if err := vm.UnpackArgs("file_digest", args, kw, []string{"fileobj", "digest"}, &f, &digest); err != nil {
			return vm.Value{}, err
		}
		var h vm.Value
		var err error
		if s, ok := digest.AsStr(); ok {
			h, err = newHash(t, s, vm.Value{})
		} else {
			h, err = t.Call(digest, nil, nil)
		}
		if err != nil {
			return vm.Value{}, err
		}
		for {
			chunk, err := t.CallMethod(f, "read", vm.Int(1<<18))
			if err != nil {
				return vm.Value{}, err
			}
			b, ok := bufferBytes(chunk)
			if !ok {
				return vm.Value{}, vm.Errorf(vm.ValueError, "'%s' is not a file-like object in binary mode.", f.TypeName())
			}
			if len(b) == 0 {
				return h, nil
			}
			if _, err := t.CallMethod(h, "update", chunk); err != nil {
				return vm.Value{}, err
			}
		}
	})
	return nil
}

// compareDigest is hmac.compare_digest: a constant-time comparison of two
// bytes-like objects or two ASCII strings.
func compareDigest(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if err := vm.ArgCount("compare_digest", args, kw, 2, 2); err != nil {
		return vm.Value{}, err
	}
	a, b := args[0], args[1]
	sa, aStr := a.AsStr()
	sb, bStr := b.AsStr()
	if aStr && bStr {
		for _, s := range []string{sa, sb} {
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return vm.Value{}, vm.Errorf(vm.TypeError, "comparing strings with non-ASCII characters is not supported")
				}
			}
		}
		return vm.Bool(subtle.ConstantTimeCompare([]byte(sa), []byte(sb)) == 1), nil
	}
	ba, okA := bufferBytes(a)
	bb, okB := bufferBytes(b)
	switch {
	case aStr && okB, bStr && okA:
		return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not 'str'")
	case aStr || bStr:
		return vm.Value{}, vm.Errorf(vm.TypeError, "unsupported operand types(s) or combination of types: '%s' and '%s'", a.TypeName(), b.TypeName())
	case !okA:
		return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", a.TypeName())
	case !okB:
		return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", b.TypeName())
	}
	return vm.Bool(subtle.ConstantTimeCompare(ba, bb) == 1), nil
}
