package stdlib

import (
	"bufio"
	"os"
	"weak"

	"github.com/pyasync/pyasync/vm"
)

// Finalization of file objects without reference counting.
//
// CPython flushes and closes a file the moment its last reference goes
// away, and flushes every file still open at exit. pyasync keeps, per VM, a
// registry of the open files that have a buffer: each entry holds the
// shared fileState (the OS file and its buffers) strongly and the Python
// objects over it (the file, its buffer and raw views) through weak
// pointers. The registry is swept after every collection (gc.collect, and
// the collection open() forces when it is about to open a file that another,
// possibly dropped, file object still has unwritten data for): an entry
// whose objects are all gone is flushed and closed. At exit (normal end,
// sys.exit, an uncaught exception, KeyboardInterrupt) every entry is
// flushed. os._exit skips this, as in CPython.
//
// The difference from CPython is timing: a dropped file is flushed at the
// next collection that finds it unreachable, not at once; opening the same
// file again forces that collection, so `open(p, 'w').write('x')` followed
// by `open(p).read()` reads 'x'. The sweep runs on the VM's goroutine, so
// no lock is needed. A __del__ mechanism could share it: an object with a
// finalizer would be registered the same way (weak pointer + the state its
// finalizer needs) and run by the same post-collection sweep.

// openFile is one registry entry.
type openFile struct {
	owner *fileRegistry
	st    *fileState
	objs  []weak.Pointer[fileObj]
}

// fileRegistry is a VM's set of open buffered files.
type fileRegistry struct {
	files map[*openFile]struct{}
}

const fileRegistryKey = "io.files"

// filesOf returns v's registry, making it (and its collection and exit
// hooks) on first use.
func filesOf(v *vm.VM) *fileRegistry {
	if r, ok := v.State[fileRegistryKey].(*fileRegistry); ok {
		return r
	}
	r := &fileRegistry{files: map[*openFile]struct{}{}}
	v.State[fileRegistryKey] = r
	v.OnCollect(func(t *vm.Thread) error { r.sweep(); return nil })
	// exit hooks run once per program run; an embedding interpreter runs
	// several programs, so the hook puts itself back for the next one
	var atExit func()
	atExit = func() {
		r.flushAll()
		v.AtExit(atExit)
	}
	v.AtExit(atExit)
	return r
}

// track registers a new file object (and its state) with v's registry.
func (r *fileRegistry) track(f *fileObj) {
	e := &openFile{owner: r, st: f.fileState, objs: []weak.Pointer[fileObj]{weak.Make(f)}}
	f.fileState.reg = e
	r.files[e] = struct{}{}
}

// addView records another object over an already tracked state.
func (f *fileObj) trackView(view *fileObj) {
	if e := f.fileState.reg; e != nil {
		e.objs = append(e.objs, weak.Make(view))
	}
}

// untrack removes a closed file's entry.
func (st *fileState) untrack() {
	if st.reg != nil {
		delete(st.reg.owner.files, st.reg)
		st.reg = nil
	}
}

func (e *openFile) dead() bool {
	for _, w := range e.objs {
		if w.Value() != nil {
			return false
		}
	}
	return true
}

// sweep flushes and closes the files whose objects are all gone.
func (r *fileRegistry) sweep() {
	for e := range r.files {
		if e.dead() {
			delete(r.files, e)
			e.st.finalize()
		}
	}
}

// flushAll writes out every open file's buffer (at exit).
func (r *fileRegistry) flushAll() {
	for e := range r.files {
		if !e.st.closed {
			e.st.writeOut()
		}
	}
}

// pendingFor reports whether an open file with unwritten data is the file
// at path (so that opening path should first collect dropped files).
func (r *fileRegistry) pendingFor(path string) bool {
	var info os.FileInfo
	for e := range r.files {
		if (e.st.w == nil || e.st.w.Buffered() == 0) && len(e.st.textPending) == 0 || e.st.f == nil {
			continue
		}
		if info == nil {
			var err error
			if info, err = os.Stat(path); err != nil {
				return false
			}
		}
		if fi, err := e.st.f.Stat(); err == nil && os.SameFile(fi, info) {
			return true
		}
	}
	return false
}

// finalize flushes and closes a file nobody refers to any more.
func (st *fileState) finalize() {
	if st.closed {
		return
	}
	st.writeOut()
	st.closed = true
	st.reg = nil
	if st.raw != nil {
		_ = st.raw.closeRaw()
	}
	if st.f != nil && !st.noClose {
		_ = st.f.Close()
	}
}

// writeOut writes the text layer's pending bytes and the buffer to the file
// (errors are dropped: nobody is left to see them).
func (st *fileState) writeOut() {
	if len(st.textPending) > 0 {
		if st.w == nil {
			st.w = bufio.NewWriter(st.rawIO())
		}
		_, _ = st.w.Write(st.textPending)
		st.textPending = nil
	}
	if st.w != nil {
		_ = st.w.Flush()
	}
}
