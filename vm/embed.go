package vm

import (
	"io/fs"
	"sort"
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
	// modules is the table of native modules this VM can import
	// (Options.Modules); ownModules says it is this VM's copy, which
	// AddModule and RemoveModule may change (a given table is shared).
	modules    *ModuleTable
	ownModules bool
	// fsys, when set, is where imports and open() read files.
	fsys fs.FS
	// trusted are the module directories the embedder gave: imports from
	// them need no AllowFS.
	trusted map[string]bool

	extMu      sync.Mutex
	ext        []func()
	extPending atomic.Bool
}

// ModuleDef defines a native module: its import name and the function that
// fills it when a VM first imports it. The standard library is a list of
// them (stdlib.Modules).
type ModuleDef struct {
	Name string
	Init ModuleInit
}

// ModuleTable is a set of native module definitions by name, handed to
// VMs in Options.Modules. It does not change once made, so any number of
// VMs may share one; a VM that adds or removes a module copies it first.
type ModuleTable struct {
	defs map[string]ModuleInit
}

// NewModuleTable makes a table of defs (a later definition of a name
// replaces an earlier one).
func NewModuleTable(defs ...ModuleDef) *ModuleTable {
	t := &ModuleTable{defs: make(map[string]ModuleInit, len(defs))}
	for _, d := range defs {
		t.defs[d.Name] = d.Init
	}
	return t
}

// Names lists the table's module names, sorted.
func (t *ModuleTable) Names() []string {
	if t == nil {
		return nil
	}
	names := make([]string, 0, len(t.defs))
	for n := range t.defs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// own makes the VM's module table its own copy, which it may change.
func (vm *VM) own() map[string]ModuleInit {
	if !vm.ownModules {
		t := &ModuleTable{defs: map[string]ModuleInit{}}
		if vm.modules != nil {
			t.defs = make(map[string]ModuleInit, len(vm.modules.defs)+4)
			for n, init := range vm.modules.defs {
				t.defs[n] = init
			}
		}
		vm.modules, vm.ownModules = t, true
	}
	return vm.modules.defs
}

// AddModule makes a native module importable by this VM only, replacing a
// module of the same name (a module already imported stays in
// sys.modules).
func (vm *VM) AddModule(name string, init ModuleInit) {
	vm.own()[name] = init
}

// RemoveModule makes the native module name unimportable by this VM.
func (vm *VM) RemoveModule(name string) {
	delete(vm.own(), name)
}

// ModuleNames lists, sorted, the native modules this VM can import.
func (vm *VM) ModuleNames() []string { return vm.modules.Names() }

// lookupModule finds a native module in this VM's table.
func (vm *VM) lookupModule(name string) (ModuleInit, bool) {
	if vm.modules == nil {
		return nil, false
	}
	init, ok := vm.modules.defs[name]
	return init, ok
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
