package mtrand

import (
	"crypto/rand"
	"crypto/sha512"
	"encoding/binary"
	"math/big"
	"os"
	"time"
)

const (
	mtN         = 624
	mtM         = 397
	matrixA     = 0x9908b0df
	upperMask   = 0x80000000
	lowerMask   = 0x7fffffff
	initSeed    = 19650218
	stateLength = mtN
)

// Random is a Mersenne Twister generator with CPython's random.Random
// semantics, including the cached second value of gauss().  The zero value
// is not seeded; use New, NewSeeded or one of the Seed methods.  A Random
// is not safe for concurrent use.
type Random struct {
	mt           [mtN]uint32
	index        int
	gaussNext    float64
	hasGaussNext bool
}

// New returns a generator seeded from operating system entropy, like
// random.Random().
func New() *Random {
	r := &Random{}
	r.SeedOS()
	return r
}

// NewSeeded returns a generator seeded like random.Random(seed) for an
// int seed.
func NewSeeded(seed *big.Int) *Random {
	r := &Random{}
	r.Seed(seed)
	return r
}

// initGenrand is MT19937's init_genrand.
func (r *Random) initGenrand(s uint32) {
	mt := &r.mt
	mt[0] = s
	for i := 1; i < mtN; i++ {
		mt[i] = 1812433253*(mt[i-1]^(mt[i-1]>>30)) + uint32(i)
	}
	r.index = mtN
}

// initByArray is MT19937's init_by_array, as used by CPython's seed().
func (r *Random) initByArray(key []uint32) {
	r.initGenrand(initSeed)
	mt := &r.mt
	i, j := 1, 0
	k := mtN
	if len(key) > k {
		k = len(key)
	}
	for ; k > 0; k-- {
		mt[i] = (mt[i] ^ ((mt[i-1] ^ (mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= mtN {
			mt[0] = mt[mtN-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = mtN - 1; k > 0; k-- {
		mt[i] = (mt[i] ^ ((mt[i-1] ^ (mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= mtN {
			mt[0] = mt[mtN-1]
			i = 1
		}
	}
	mt[0] = 0x80000000
	r.hasGaussNext = false
	r.gaussNext = 0
}

// Seed seeds the generator like random.seed(n) for a Python int n: the
// absolute value of n is split into 32-bit words, least significant
// first, and fed to init_by_array (n == 0 uses the key [0]).  It also
// clears the cached gauss value.
func (r *Random) Seed(n *big.Int) {
	var abs big.Int
	abs.Abs(n)
	bits := abs.BitLen()
	words := 1
	if bits > 0 {
		words = (bits-1)/32 + 1
	}
	buf := make([]byte, words*4)
	abs.FillBytes(buf) // big-endian
	key := make([]uint32, words)
	for i := range key {
		off := len(buf) - 4*(i+1)
		key[i] = binary.BigEndian.Uint32(buf[off : off+4])
	}
	r.initByArray(key)
}

// SeedInt64 is Seed for an int64 seed.
func (r *Random) SeedInt64(n int64) {
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	r.SeedUint64(u)
}

// SeedUint64 seeds from the non-negative integer u (equivalent to
// Seed(big.NewInt(u))).
func (r *Random) SeedUint64(u uint64) {
	if u>>32 == 0 {
		r.initByArray([]uint32{uint32(u)})
		return
	}
	r.initByArray([]uint32{uint32(u), uint32(u >> 32)})
}

// SeedHash seeds the generator the way CPython does for seed objects
// that are not int, str, bytes or bytearray (for example floats): from
// the object's hash value h reinterpreted as an unsigned 64-bit number.
// A VM seeding from a float x should pass Python's hash(x).
func (r *Random) SeedHash(h int64) { r.SeedUint64(uint64(h)) }

// SeedBytes seeds like random.seed(b) with version 2 for bytes or
// bytearray b: the seed is the big-endian integer formed by b followed by
// its SHA-512 digest.
func (r *Random) SeedBytes(b []byte) {
	sum := sha512.Sum512(b)
	all := make([]byte, 0, len(b)+len(sum))
	all = append(all, b...)
	all = append(all, sum[:]...)
	r.Seed(new(big.Int).SetBytes(all))
}

// SeedString seeds like random.seed(s) with version 2 for a str s, whose
// UTF-8 encoding is used as in SeedBytes.
func (r *Random) SeedString(s string) { r.SeedBytes([]byte(s)) }

// SeedOS seeds from operating system entropy like random.seed() with no
// argument (624 random 32-bit words fed to init_by_array).  If no
// entropy is available it falls back, like CPython, to the current time
// and the process id.
func (r *Random) SeedOS() {
	buf := make([]byte, 4*mtN)
	if _, err := rand.Read(buf); err == nil {
		key := make([]uint32, mtN)
		for i := range key {
			key[i] = binary.LittleEndian.Uint32(buf[4*i:])
		}
		r.initByArray(key)
		return
	}
	now := time.Now().UnixNano()
	r.initByArray([]uint32{
		uint32(now), uint32(uint64(now) >> 32), uint32(os.Getpid()),
		uint32(time.Now().UnixNano()),
	})
}

// Uint32 returns the next 32-bit output of MT19937 (genrand_uint32).
func (r *Random) Uint32() uint32 {
	mt := &r.mt
	if r.index >= mtN {
		var kk int
		for kk = 0; kk < mtN-mtM; kk++ {
			y := (mt[kk] & upperMask) | (mt[kk+1] & lowerMask)
			mt[kk] = mt[kk+mtM] ^ (y >> 1) ^ (-(y & 1) & matrixA)
		}
		for ; kk < mtN-1; kk++ {
			y := (mt[kk] & upperMask) | (mt[kk+1] & lowerMask)
			mt[kk] = mt[kk+(mtM-mtN)] ^ (y >> 1) ^ (-(y & 1) & matrixA)
		}
		y := (mt[mtN-1] & upperMask) | (mt[0] & lowerMask)
		mt[mtN-1] = mt[mtM-1] ^ (y >> 1) ^ (-(y & 1) & matrixA)
		r.index = 0
	}
	y := mt[r.index]
	r.index++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Random returns the next float in [0.0, 1.0) exactly like CPython's
// random.random() (genrand_res53).
func (r *Random) Random() float64 {
	a := r.Uint32() >> 5
	b := r.Uint32() >> 6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}

// GetRandBits64 returns random.getrandbits(k) for 0 <= k <= 64.  It
// panics if k is out of that range.
func (r *Random) GetRandBits64(k int) uint64 {
	switch {
	case k < 0 || k > 64:
		panic("mtrand: GetRandBits64 needs 0 <= k <= 64")
	case k == 0:
		return 0
	case k <= 32:
		return uint64(r.Uint32() >> (32 - k))
	}
	lo := uint64(r.Uint32())
	hi := r.Uint32()
	if k < 64 {
		hi >>= 64 - k
	}
	return lo | uint64(hi)<<32
}

// GetRandBits returns random.getrandbits(k): a non-negative int with k
// random bits, built from 32-bit outputs filling the result from the
// least significant word upwards, the last word keeping only its top
// k%32 bits.  A negative k gives CPython's ValueError.
func (r *Random) GetRandBits(k int) (*big.Int, error) {
	if k < 0 {
		return nil, valueError("number of bits must be non-negative")
	}
	if k <= 64 {
		return new(big.Int).SetUint64(r.GetRandBits64(k)), nil
	}
	words := (k-1)/32 + 1
	buf := make([]byte, words*4)
	for i := 0; i < words; i, k = i+1, k-32 {
		w := r.Uint32()
		if k < 32 {
			w >>= 32 - k
		}
		off := len(buf) - 4*(i+1)
		binary.BigEndian.PutUint32(buf[off:], w)
	}
	return new(big.Int).SetBytes(buf), nil
}

// RandBytes returns random.randbytes(n): getrandbits(n*8) as n
// little-endian bytes.  For a negative n it returns nil without consuming
// anything; CPython raises ValueError "number of bits must be
// non-negative", which the caller should do.
func (r *Random) RandBytes(n int) []byte {
	if n < 0 {
		return nil
	}
	out := make([]byte, n)
	k := n * 8
	for i := 0; k > 0; i, k = i+4, k-32 {
		w := r.Uint32()
		if k < 32 {
			w >>= 32 - k
		}
		var tmp [4]byte
		binary.LittleEndian.PutUint32(tmp[:], w)
		copy(out[i:], tmp[:])
	}
	return out
}

// State is a snapshot of a generator, the equivalent of the value of
// random.getstate() (version 3): the 624 state words, the position
// within them (0..624) and the cached gauss value.
type State struct {
	MT           [mtN]uint32
	Index        int
	GaussNext    float64
	HasGaussNext bool
}

// GetState returns the generator state (random.getstate()).
func (r *Random) GetState() State {
	return State{MT: r.mt, Index: r.index, GaussNext: r.gaussNext, HasGaussNext: r.hasGaussNext}
}

// SetState restores a state obtained from GetState (random.setstate()).
// An index outside 0..624 gives CPython's ValueError "invalid state".
func (r *Random) SetState(s State) error {
	if s.Index < 0 || s.Index > mtN {
		return valueError("invalid state")
	}
	r.mt = s.MT
	r.index = s.Index
	r.gaussNext = s.GaussNext
	r.hasGaussNext = s.HasGaussNext
	return nil
}
