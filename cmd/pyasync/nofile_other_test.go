//go:build !linux

package main

import "errors"

// setNofileLimit is Linux-only in these tests: Rlimit's field types differ
// between systems.
func setNofileLimit(n int) error {
	return errors.New("descriptor limits are set only on Linux in these tests")
}
