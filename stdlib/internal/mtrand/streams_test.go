package mtrand

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"math"
	"math/big"
	"os"
	"strconv"
	"testing"
)

type streamCase struct {
	Seed           string `json:"seed"`
	State          string `json:"state"`
	Index          int    `json:"index"`
	Random         string `json:"random"`
	GetRandBits    string `json:"getrandbits"`
	RandRangeBig   string `json:"randrange_big"`
	RandRangeSmall string `json:"randrange_small"`
	Shuffle        string `json:"shuffle"`
	SampleSet      string `json:"sample_set"`
	SamplePool     string `json:"sample_pool"`
	Choices        string `json:"choices"`
	StateAfter     string `json:"state_after"`
	IndexAfter     int    `json:"index_after"`
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

func stateDigest(s State) string {
	h := sha256.New()
	var b [4]byte
	for _, w := range s.MT {
		binary.LittleEndian.PutUint32(b[:], w)
		h.Write(b[:])
	}
	binary.LittleEndian.PutUint32(b[:], uint32(s.Index))
	h.Write(b[:])
	return hexSum(h)
}

func lineDigest(vals []int) string {
	h := sha256.New()
	for _, v := range vals {
		h.Write([]byte(strconv.Itoa(v) + "\n"))
	}
	return hexSum(h)
}

// TestLongStreams compares digests of long output streams with CPython.
func TestLongStreams(t *testing.T) {
	data, err := os.ReadFile("testdata/streams.json")
	mustNoErr(t, err)
	var cases []streamCase
	mustNoErr(t, json.Unmarshal(data, &cases))
	for _, c := range cases {
		t.Run(c.Seed, func(t *testing.T) {
			seed, ok := new(big.Int).SetString(c.Seed, 10)
			mustTrue(t, ok)
			r := NewSeeded(seed)
			st := r.GetState()
			mustEqual(t, c.Index, st.Index, "index")
			mustEqual(t, c.State, stateDigest(st), "state")

			h := sha256.New()
			var b [8]byte
			for i := 0; i < 100000; i++ {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(r.Random()))
				h.Write(b[:])
			}
			mustEqual(t, c.Random, hexSum(h), "random")

			h = sha256.New()
			for i := 0; i < 20; i++ {
				for k := 0; k <= 200; k++ {
					v, err := r.GetRandBits(k)
					mustNoErr(t, err)
					h.Write([]byte(v.String() + "\n"))
				}
			}
			mustEqual(t, c.GetRandBits, hexSum(h), "getrandbits")

			h = sha256.New()
			lim, _ := new(big.Int).SetString("1000000000000000000000000000000", 10)
			for i := 0; i < 5000; i++ {
				v, err := r.RandRangeStop(lim)
				mustNoErr(t, err)
				h.Write([]byte(v.String() + "\n"))
			}
			mustEqual(t, c.RandRangeBig, hexSum(h), "randrange big")

			vals := make([]int, 5000)
			for i := range vals {
				v, err := r.RandRange64(-50, 1000, 3)
				mustNoErr(t, err)
				vals[i] = int(v)
			}
			mustEqual(t, c.RandRangeSmall, lineDigest(vals), "randrange small")

			x := make([]int, 1000)
			for i := range x {
				x[i] = i
			}
			r.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
			mustEqual(t, c.Shuffle, lineDigest(x), "shuffle")

			s, err := r.Sample(1000000, 1000)
			mustNoErr(t, err)
			mustEqual(t, c.SampleSet, lineDigest(s), "sample (set)")
			s, err = r.Sample(2000, 1500)
			mustNoErr(t, err)
			mustEqual(t, c.SamplePool, lineDigest(s), "sample (pool)")
			mustEqual(t, c.Choices, lineDigest(r.Choices(777, 3000)), "choices")

			st = r.GetState()
			mustEqual(t, c.IndexAfter, st.Index, "index after")
			mustEqual(t, c.StateAfter, stateDigest(st), "state after")
		})
	}
}

func TestStateRoundTrip(t *testing.T) {
	r := NewSeeded(big.NewInt(99))
	r.Gauss(0, 1)
	st := r.GetState()
	a := []float64{r.Random(), r.Gauss(0, 1), r.Gauss(0, 1), r.Random()}
	mustNoErr(t, r.SetState(st))
	b := []float64{r.Random(), r.Gauss(0, 1), r.Gauss(0, 1), r.Random()}
	mustEqual(t, a, b)
	st.Index = 625
	err := r.SetState(st)
	e, ok := err.(*Error)
	mustTrue(t, ok)
	mustEqual(t, "invalid state", e.Msg)
}

func TestSeedVariants(t *testing.T) {
	a, b := &Random{}, &Random{}
	a.Seed(big.NewInt(-123456789012))
	b.SeedInt64(123456789012)
	mustEqual(t, a.Random(), b.Random())
	a.SeedHash(-1)
	b.Seed(new(big.Int).SetUint64(math.MaxUint64))
	mustEqual(t, a.Random(), b.Random())
	a.SeedInt64(math.MinInt64)
	b.Seed(new(big.Int).Lsh(big.NewInt(1), 63))
	mustEqual(t, a.Random(), b.Random())
	// Seeding clears the cached gauss value.
	a.SeedInt64(5)
	g1 := a.Gauss(0, 1)
	a.SeedInt64(5)
	mustEqual(t, g1, a.Gauss(0, 1))
	// OS seeding produces different streams.
	mustTrue(t, New().Random() != New().Random())
	_, err := a.GetRandBits(-1)
	mustTrue(t, err != nil && err.Error() == "number of bits must be non-negative")
	// Empty population: one random() consumed, index 0 returned.
	a.SeedInt64(9)
	b.SeedInt64(9)
	mustEqual(t, []int{0}, a.Choices(0, 5))
	b.Random()
	mustEqual(t, b.Random(), a.Random())
	mustTrue(t, a.RandBytes(-1) == nil)
}
