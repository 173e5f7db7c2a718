package vm_test

import "testing"

// TestFloatCases checks float behaviour against python3's results.
func TestFloatCases(t *testing.T) { runPyCases(t, "float_cases.json") }
