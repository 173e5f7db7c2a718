package vm_test

import "testing"

// TestBytesCases checks bytes and bytearray against python3's results.
func TestBytesCases(t *testing.T) { runPyCases(t, "bytes_cases.json") }
