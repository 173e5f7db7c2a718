package pyfmt

import (
	"encoding/json"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
)

// testCases mirrors testdata/cases.json (see testdata/gen_cases.py).
type testCases struct {
	Format []struct {
		Kind  string   `json:"kind"`
		Value string   `json:"value"`
		Spec  string   `json:"spec"`
		Out   *string  `json:"out"`
		Err   []string `json:"err"`
	} `json:"format"`
	Repr []struct {
		Bits string `json:"bits"`
		Out  string `json:"out"`
	} `json:"repr"`
	Percent []struct {
		Fmt  string   `json:"fmt"`
		Args pyVal    `json:"args"`
		Out  *string  `json:"out"`
		Err  []string `json:"err"`
	} `json:"percent"`
	FloatFromString []struct {
		Input string   `json:"input"`
		Out   *string  `json:"out"`
		Err   []string `json:"err"`
	} `json:"float_from_string"`
	Round []struct {
		Value   string   `json:"value"`
		Ndigits int      `json:"ndigits"`
		Out     *string  `json:"out"`
		Err     []string `json:"err"`
	} `json:"round"`
}

var loadedCases *testCases

func loadCases(t *testing.T) *testCases {
	t.Helper()
	if loadedCases != nil {
		return loadedCases
	}
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var c testCases
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	loadedCases = &c
	return loadedCases
}

func bitsToFloat(t *testing.T, s string) float64 {
	t.Helper()
	u, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return math.Float64frombits(u)
}

func floatToBits(f float64) string { return fmtBits(math.Float64bits(f)) }

func fmtBits(u uint64) string {
	s := strconv.FormatUint(u, 16)
	return strings.Repeat("0", 16-len(s)) + s
}

// checkResult compares a (result, error) pair with an expected outcome.
func checkResult(t *testing.T, where string, got string, err error, want *string, wantErr []string) bool {
	t.Helper()
	if wantErr != nil {
		fe, ok := err.(*FormatError)
		if !ok {
			t.Errorf("%s: want error %v, got %q, %v", where, wantErr, got, err)
			return false
		}
		if fe.Type != wantErr[0] || fe.Msg != wantErr[1] {
			t.Errorf("%s: want error %v, got %s: %s", where, wantErr, fe.Type, fe.Msg)
			return false
		}
		return true
	}
	if err != nil {
		t.Errorf("%s: want %q, got error %v", where, *want, err)
		return false
	}
	if got != *want {
		t.Errorf("%s:\n want %q\n  got %q", where, *want, got)
		return false
	}
	return true
}

// pyVal is a Python value in the percent test cases.
type pyVal struct {
	T     string  `json:"t"`
	V     string  `json:"v"`
	Items []pyVal `json:"items"`
	Keys  []string
}

func (v *pyVal) UnmarshalJSON(b []byte) error {
	var raw struct {
		T     string  `json:"t"`
		V     string  `json:"v"`
		Items []pyVal `json:"items"`
		Keys  []string
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*v = pyVal(raw)
	return nil
}

func (v pyVal) float() float64 {
	u, _ := strconv.ParseUint(v.V, 16, 64)
	return math.Float64frombits(u)
}

func (v pyVal) bigInt() *big.Int {
	switch v.T {
	case "bool":
		if v.V == "True" {
			return big.NewInt(1)
		}
		return big.NewInt(0)
	default:
		x, _ := new(big.Int).SetString(v.V, 10)
		return x
	}
}

func (v pyVal) str() string {
	switch v.T {
	case "int", "bool":
		return v.V
	case "float":
		return FloatRepr(v.float())
	case "str":
		return v.V
	}
	return v.repr()
}

func (v pyVal) repr() string {
	switch v.T {
	case "str":
		return StrRepr(v.V)
	case "tuple", "list":
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = it.repr()
		}
		if v.T == "list" {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case "dict":
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = StrRepr(v.Keys[i]) + ": " + it.repr()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return v.str()
}

func asciiRepr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			b.WriteString(`\x` + fmtHex(int64(r), 2))
		case r <= 0xffff:
			b.WriteString(`\u` + fmtHex(int64(r), 4))
		default:
			b.WriteString(`\U` + fmtHex(int64(r), 8))
		}
	}
	return b.String()
}

func fmtHex(v int64, n int) string {
	s := strconv.FormatInt(v, 16)
	return strings.Repeat("0", n-len(s)) + s
}

// testArgs implements PercentArgs over pyVal.
type testArgs struct{ op pyVal }

func (a testArgs) Len() int {
	if a.op.T == "tuple" {
		return len(a.op.Items)
	}
	return -1
}

func (a testArgs) Item(i int) any {
	if i < 0 {
		return a.op
	}
	return a.op.Items[i]
}

func (a testArgs) IsMapping() bool { return a.op.T == "dict" || a.op.T == "list" }

func (a testArgs) Lookup(key string) (any, error) {
	if a.op.T == "list" {
		return nil, &FormatError{Type: "TypeError", Msg: "list indices must be integers or slices, not str"}
	}
	for i, k := range a.op.Keys {
		if k == key {
			return a.op.Items[i], nil
		}
	}
	return nil, &FormatError{Type: "KeyError", Msg: StrRepr(key)}
}

func (a testArgs) StarArg(v any, precision bool) (int, error) {
	pv := v.(pyVal)
	if pv.T != "int" && pv.T != "bool" {
		return 0, ErrStarWantsInt
	}
	return StarFromInt(pv.bigInt(), precision)
}

func (a testArgs) Int(v any, verb rune) (*big.Int, error) {
	pv := v.(pyVal)
	switch pv.T {
	case "int", "bool":
		return pv.bigInt(), nil
	case "float":
		if verb == 'o' || verb == 'x' || verb == 'X' {
			return nil, PercentIntTypeError(verb, "float")
		}
		f := pv.float()
		if math.IsInf(f, 0) {
			return nil, &FormatError{Type: "OverflowError", Msg: "cannot convert float infinity to integer"}
		}
		if math.IsNaN(f) {
			return nil, &FormatError{Type: "ValueError", Msg: "cannot convert float NaN to integer"}
		}
		x, _ := new(big.Float).SetFloat64(math.Trunc(f)).Int(nil)
		return x, nil
	}
	return nil, PercentIntTypeError(verb, pv.T)
}

func (a testArgs) Float(v any, verb rune) (float64, error) {
	pv := v.(pyVal)
	switch pv.T {
	case "float":
		return pv.float(), nil
	case "int", "bool":
		f, ok := bigToFloat(pv.bigInt())
		if !ok {
			return 0, &FormatError{Type: "OverflowError", Msg: "int too large to convert to float"}
		}
		return f, nil
	}
	return 0, PercentFloatTypeError(pv.T)
}

func (a testArgs) Char(v any) (rune, error) {
	pv := v.(pyVal)
	switch pv.T {
	case "str":
		rs := []rune(pv.V)
		if len(rs) == 1 {
			return rs[0], nil
		}
	case "int", "bool":
		return CharFromInt(pv.bigInt())
	}
	return 0, ErrCharRequiresIntOrChar
}

func (a testArgs) Str(v any, verb rune) (string, error) {
	pv := v.(pyVal)
	switch verb {
	case 'r':
		return pv.repr(), nil
	case 'a':
		return asciiRepr(pv.repr()), nil
	}
	return pv.str(), nil
}
