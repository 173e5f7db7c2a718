package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// releaseFilePages gives back the resident pages of the process's
// read-only private file mappings (the executable's code and read-only
// data, libc's) whose every resident page is still the file's own, and
// returns how many bytes of mappings it advised. Pages the program needs
// again fault back in, from the page cache where they stay (from the file
// if the kernel has dropped them meanwhile), and a mapping holding any
// page of its own (a copy made by a write before it was made read-only)
// is left alone, so no content can change. The pages are clean page
// cache: the machine's memory use does not change, the process's
// resident set does.
//
// Start-up touches far more of the binary than a running script needs:
// package initialisation, the stdlib's loading, the parser's grammar and
// the compiler are ~13 MiB of file pages (with the kernel's fault-around)
// of which a compute loop uses ~6.
func releaseFilePages() (advised int) {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0
	}
	pagemap, err := os.Open("/proc/self/pagemap")
	if err != nil {
		return 0
	}
	defer pagemap.Close()
	page := uint64(os.Getpagesize())
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		lo, hi, ok := readOnlyFileMapping(sc.Bytes())
		if !ok || !onlyFilePages(pagemap, lo, hi, page) {
			continue
		}
		// a raw call: the range is not Go memory, so it is no slice
		_, _, errno := unix.Syscall(unix.SYS_MADVISE, uintptr(lo), uintptr(hi-lo), unix.MADV_DONTNEED)
		if errno == 0 {
			advised += int(hi - lo)
		}
	}
	return advised
}

// readOnlyFileMapping parses one line of /proc/self/maps ("lo-hi perms
// offset dev inode path") and reports the range of a private mapping of
// a file that cannot be written.
func readOnlyFileMapping(line []byte) (lo, hi uint64, ok bool) {
	f := bytes.Fields(line)
	if len(f) < 6 || len(f[1]) != 4 || f[1][0] != 'r' || f[1][1] != '-' || f[1][3] != 'p' ||
		f[5][0] != '/' || string(f[4]) == "0" {
		return 0, 0, false
	}
	a, b, found := bytes.Cut(f[0], []byte("-"))
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseUint(string(a), 16, 64)
	hi, err2 := strconv.ParseUint(string(b), 16, 64)
	return lo, hi, err1 == nil && err2 == nil && lo < hi
}

// onlyFilePages reports whether every resident page of [lo, hi) is a page
// of the mapped file (pagemap bit 61), not an anonymous copy.
func onlyFilePages(pagemap *os.File, lo, hi, page uint64) bool {
	const present, filePage = 1 << 63, 1 << 61
	buf := make([]byte, 64<<10)
	for addr := lo; addr < hi; {
		n := min((hi-addr)/page*8, uint64(len(buf)))
		got, err := pagemap.ReadAt(buf[:n], int64(addr/page*8))
		if err != nil || got == 0 {
			return false
		}
		for i := 0; i+8 <= got; i += 8 {
			if e := binary.LittleEndian.Uint64(buf[i:]); e&present != 0 && e&filePage == 0 {
				return false
			}
		}
		addr += uint64(got) / 8 * page
	}
	return true
}
