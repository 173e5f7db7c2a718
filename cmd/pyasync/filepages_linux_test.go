package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestReadOnlyFileMapping: only private, non-writable mappings of a file
// are candidates.
func TestReadOnlyFileMapping(t *testing.T) {
	for _, c := range []struct {
		line string
		ok   bool
	}{
		{"00400000-00e2b000 r-xp 00000000 00:2a 1234 /usr/bin/pyasync", true},
		{"00e2b000-01bb0000 r--p 00a2b000 00:2a 1234 /usr/bin/pyasync", true},
		{"01bb0000-01c98000 rw-p 017b0000 00:2a 1234 /usr/bin/pyasync", false},
		{"7f00000000-7f00001000 r--s 00000000 00:2a 99 /tmp/shared", false},
		{"7f00000000-7f00001000 r--p 00000000 00:00 0 ", false},
		{"7ffd0000-7ffd2000 r-xp 00000000 00:00 0 [vdso]", false},
		{"c000000000-c004000000 rw-p 00000000 00:00 0", false},
	} {
		lo, hi, ok := readOnlyFileMapping([]byte(c.line))
		if ok != c.ok || ok && lo >= hi {
			t.Errorf("%q: %x-%x %v, want %v", c.line, lo, hi, ok, c.ok)
		}
	}
}

// TestReleaseFilePages: the process's code pages are given back and the
// program runs on (they fault back in), while a read-only private mapping
// holding a page of its own (written before it was made read-only) is
// left alone: dropping it would bring back the file's bytes.
func TestReleaseFilePages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data")
	page := os.Getpagesize()
	if err := os.WriteFile(path, make([]byte, 4*page), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := unix.Mmap(int(f.Fd()), 0, 4*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	m[page] = 42 // a private copy of the second page
	_ = m[3*page]
	if err := unix.Mprotect(m, unix.PROT_READ); err != nil {
		t.Fatal(err)
	}
	if n := releaseFilePages(); n < 1<<20 {
		t.Errorf("advised %d bytes: the test binary's code is more", n)
	}
	if m[page] != 42 {
		t.Fatalf("the written page lost its byte: %d", m[page])
	}
	// the code just given back runs again
	if _, _, ok := readOnlyFileMapping([]byte("00400000-00e2b000 r-xp 0 00:2a 1 /x")); !ok {
		t.Fatal("readOnlyFileMapping after the release")
	}
}
