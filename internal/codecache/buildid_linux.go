package codecache

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// loadedNotes returns the note segments of the running executable as the
// loader mapped them, found through the program headers the auxiliary
// vector points at (AT_PHDR). Unlike reading /proc/self/exe, this sees the
// program itself when it runs under a loader such as valgrind, whose own
// binary /proc/self/exe names. It returns nil when the headers are not
// where they should be.
func loadedNotes() [][]byte {
	var phdr, phnum uintptr
	auxv, err := unix.Auxv()
	if err != nil {
		return nil
	}
	for _, kv := range auxv {
		switch kv[0] {
		case 3: // AT_PHDR
			phdr = kv[1]
		case 5: // AT_PHNUM
			phnum = kv[1]
		}
	}
	const phentsize = 56 // Elf64_Phdr
	if phdr == 0 || phnum == 0 || phnum > 64 || unsafe.Sizeof(uintptr(0)) != 8 {
		return nil
	}
	headers := mapped(phdr, phnum*phentsize)
	type seg struct{ typ, vaddr, memsz uint64 }
	segs := make([]seg, phnum)
	for i := range segs {
		h := headers[i*phentsize:]
		segs[i] = seg{uint64(binary.LittleEndian.Uint32(h)), binary.LittleEndian.Uint64(h[16:]), binary.LittleEndian.Uint64(h[40:])}
	}
	// the load bias: zero for a fixed-address executable, the distance
	// between where PT_PHDR says the headers are and where they are for a
	// position-independent one
	bias, known := uint64(0), false
	for _, s := range segs {
		if s.typ == 6 { // PT_PHDR
			bias, known = uint64(phdr)-s.vaddr, true
		}
	}
	var notes [][]byte
	for _, s := range segs {
		if s.typ != 4 || s.memsz == 0 || s.memsz > 1<<16 { // PT_NOTE
			continue
		}
		inLoad := false
		for _, l := range segs {
			inLoad = inLoad || l.typ == 1 && s.vaddr >= l.vaddr && s.vaddr+s.memsz <= l.vaddr+l.memsz // PT_LOAD
		}
		if !known && !inLoad {
			continue
		}
		notes = append(notes, mapped(uintptr(s.vaddr+bias), uintptr(s.memsz)))
	}
	return notes
}

// mapped views n bytes of the executable's mapped image at addr (memory
// the loader mapped, never Go's heap).
func mapped(addr, n uintptr) []byte {
	p := *(*unsafe.Pointer)(unsafe.Pointer(&addr))
	return unsafe.Slice((*byte)(p), n)
}
