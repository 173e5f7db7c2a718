package vm_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

// pyCase is one expression of vm/testdata/*_cases.json and what python3
// 3.11 evaluates it to: the repr of the value, or "!ExcType: message".
type pyCase struct {
	Expr string `json:"expr"`
	Want string `json:"want"`
}

func loadPyCases(t *testing.T, name string) []pyCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var cases []pyCase
	require.NoError(t, json.Unmarshal(data, &cases))
	require.NotEmpty(t, cases)
	return cases
}

// caseEvaluator evaluates expressions in one VM.
type caseEvaluator struct {
	v *vm.VM
	m *vm.Module
}

func newCaseEvaluator() *caseEvaluator {
	v := vm.New(vm.Options{})
	return &caseEvaluator{v: v, m: v.NewMainModule("<case>")}
}

// eval returns repr(expr) or "!ExcType: str(exc)".
func (c *caseEvaluator) eval(expr string) string {
	th := c.v.Main()
	code, err := c.v.Compile([]byte("__result__ = ("+expr+")\n"), "<case>", false)
	if err != nil {
		return "!SyntaxError: " + err.Error()
	}
	if _, err := c.v.ExecModule(th, code, c.m); err != nil {
		return excString(th, err)
	}
	r, _ := c.m.Get("__result__")
	s, err := th.Repr(r)
	if err != nil {
		return excString(th, err)
	}
	return s
}

func excString(th *vm.Thread, err error) string {
	e, ok := err.(*vm.Exception)
	if !ok {
		return "!GoError: " + err.Error()
	}
	msg, err2 := th.Str(vm.ObjectValue(e))
	if err2 != nil {
		msg = "<str failed: " + err2.Error() + ">"
	}
	return "!" + e.Type().Name + ": " + msg
}

// runPyCases checks every case of a testdata file.
func runPyCases(t *testing.T, name string) {
	cases := loadPyCases(t, name)
	ev := newCaseEvaluator()
	failed := 0
	for _, c := range cases {
		got := ev.eval(c.Expr)
		if !assert.Equal(t, c.Want, got, "expression: %s", c.Expr) {
			failed++
			if failed > 50 {
				t.Fatalf("too many failures")
			}
		}
	}
}

// TestStrCases checks str methods against python3's results.
func TestStrCases(t *testing.T) { runPyCases(t, "str_cases.json") }

// TestFormatCases checks str.format, format() and % formatting.
func TestFormatCases(t *testing.T) { runPyCases(t, "format_cases.json") }
