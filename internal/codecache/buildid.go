package codecache

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"sync"
)

var (
	buildOnce sync.Once
	buildID   string
)

// BuildID identifies the build of the running executable, so that a cache
// entry written by another build of pyasync (another compiler, other
// opcodes) is never used. It is the Go build ID the linker writes into an
// ELF note (a hash of every input of the build: a rebuild of the same
// sources gives the same ID), read from the mapped program on Linux, else
// from the first bytes of the executable's file; where there is none
// (another object format), the executable's path, size and modification
// time. It is read once per process.
func BuildID() string {
	buildOnce.Do(func() { buildID = readBuildID() })
	return buildID
}

func readBuildID() string {
	for _, n := range loadedNotes() {
		if id := goNoteIn(n); id != "" {
			return "go:" + id
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := f.ReadAt(head, 0)
	if id := goNote(head[:n]); id != "" {
		return "go:" + id
	}
	st, err := f.Stat()
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("exe:%s:%d:%d", exe, st.Size(), st.ModTime().UnixNano())
}

// goNote finds the Go build ID note in the first bytes of an ELF file
// (goNoteIn); it returns "" when there is none.
func goNote(b []byte) string {
	if !bytes.HasPrefix(b, []byte("\x7fELF")) {
		return ""
	}
	return goNoteIn(b)
}

// goNoteIn finds the Go build ID note in b: a note with name "Go" (namesz
// 4, "Go\0\0") and type 4, whose descriptor is the ID's text, the name
// 4-byte aligned in b. It returns "" when there is none.
func goNoteIn(b []byte) string {
	name := []byte("Go\x00\x00")
	for off := 0; ; {
		i := bytes.Index(b[off:], name)
		if i < 0 {
			return ""
		}
		at := off + i
		off = at + 1
		if at < 12 || at%4 != 0 {
			continue
		}
		namesz := binary.LittleEndian.Uint32(b[at-12:])
		descsz := binary.LittleEndian.Uint32(b[at-8:])
		typ := binary.LittleEndian.Uint32(b[at-4:])
		if namesz != 4 || typ != 4 || descsz == 0 || uint64(at)+4+uint64(descsz) > uint64(len(b)) {
			continue
		}
		return string(b[at+4 : at+4+int(descsz)])
	}
}
