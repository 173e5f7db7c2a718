package vm_test

import "testing"

// TestIntCases checks int behaviour against python3's results.
func TestIntCases(t *testing.T) { runPyCases(t, "int_cases.json") }
