//go:build !linux

package stdlib

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// errnoEntry is one symbolic error code.
type errnoEntry = struct {
	name string
	code syscall.Errno
}

// errnoNames lists the codes in errorcode, by name: every number that
// golang.org/x/sys/unix names on this system, with its name there.
var errnoNames = unixErrnoNames()

// errnoAliases are further names for codes already in errorcode (those of
// CPython's errno module that x/sys/unix gives under another name).
var errnoAliases = []errnoEntry{{"EWOULDBLOCK", syscall.EWOULDBLOCK}, {"EDEADLK", syscall.EDEADLK}}

// unixErrnoNames asks x/sys/unix for the name of every small number.
func unixErrnoNames() []errnoEntry {
	var out []errnoEntry
	for n := syscall.Errno(1); n < 256; n++ {
		if name := unix.ErrnoName(n); name != "" {
			out = append(out, errnoEntry{name, n})
		}
	}
	return out
}
