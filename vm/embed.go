package vm

import (
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
)

// Support for the embedding API (the root package): per-VM native
// modules, a file system for imports and open(), Go code posted from other
// goroutines, and objects whose attributes are computed in Go.

// AttrHolder is a native object whose attributes are computed in Go (the
// embedding API's live Go structs). GetAttr reports found=false for names
// it does not have; SetAttr returns the error to raise.
type AttrHolder interface {
	Object
	GetAttr(t *Thread, name string) (v Value, found bool, err error)
	SetAttr(t *Thread, name string, v Value) error
}

// embedState is the part of VM the embedding API uses (embedded in VM).
type embedState struct {
	// localModules are native modules importable by this VM only; they
	// take precedence over the process-wide registry.
	localModules map[string]ModuleInit
	// fsys, when set, is where imports and open() read files.
	fsys fs.FS
	// trusted are the module directories the embedder gave: imports from
	// them need no AllowFS.
	trusted map[string]bool

	extMu      sync.Mutex
	ext        []func()
	extPending atomic.Bool
}

// AddModule makes a native module importable by this VM only.
func (vm *VM) AddModule(name string, init ModuleInit) {
	if vm.localModules == nil {
		vm.localModules = map[string]ModuleInit{}
	}
	vm.localModules[name] = init
}

// lookupModule finds a native module: this VM's own first, then the
// process-wide registry.
func (vm *VM) lookupModule(name string) (ModuleInit, bool) {
	if init, ok := vm.localModules[name]; ok {
		return init, true
	}
	return lookupRegistered(name)
}

// SetFS makes imports and open() read from fsys (nil: the OS).
func (vm *VM) SetFS(fsys fs.FS) { vm.fsys = fsys }

// FS returns the file system set with SetFS, or nil.
func (vm *VM) FS() fs.FS { return vm.fsys }

// TrustDir marks a module directory given by the embedder: imports from it
// need no AllowFS.
func (vm *VM) TrustDir(dir string) {
	if vm.trusted == nil {
		vm.trusted = map[string]bool{}
	}
	vm.trusted[dir] = true
}

// FSPath turns a script path into a path inside the VM's fs.FS ("./a/b"
// and "/a/b" become "a/b", "" and "." become ".").
func FSPath(p string) string {
	p = strings.TrimPrefix(p, "/")
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	if p == "" {
		return "."
	}
	return p
}

// readModuleFile reads a module source file from the VM's fs.FS or from
// the OS (where a directory the embedder did not give needs AllowFS).
func (vm *VM) readModuleFile(dir, file string) ([]byte, bool, error) {
	if vm.fsys != nil {
		b, err := fs.ReadFile(vm.fsys, FSPath(file))
		return b, err == nil, nil
	}
	if !fileExists(file) {
		return nil, false, nil
	}
	if !vm.trusted[dir] {
		if err := vm.Require(AllowFS, "import from "+dir); err != nil {
			return nil, false, err
		}
	}
	b, err := readOSFile(file)
	return b, err == nil, nil
}

// Post hands fn to the VM's goroutine from any goroutine: the running
// event loop runs it at its next iteration (the embedder runs the rest
// when the interpreter becomes idle, RunPosted).
func (vm *VM) Post(fn func()) {
	vm.extMu.Lock()
	vm.ext = append(vm.ext, fn)
	vm.extPending.Store(true)
	vm.extMu.Unlock()
	vm.poke()
}

// RunPosted runs the functions posted with Post, on the VM's goroutine,
// and reports whether there were any.
func (vm *VM) RunPosted() bool {
	vm.extMu.Lock()
	fns := vm.ext
	vm.ext = nil
	vm.extPending.Store(false)
	vm.extMu.Unlock()
	for _, fn := range fns {
		fn()
	}
	return len(fns) > 0
}

// HasPosted reports whether functions posted with Post wait to run.
func (vm *VM) HasPosted() bool {
	return vm.extPending.Load()
}

// SetSource records the source of a file compiled elsewhere (for
// tracebacks).
func (vm *VM) SetSource(filename string, src []byte) {
	vm.sources[filename] = strings.Split(string(src), "\n")
}
