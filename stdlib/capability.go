package stdlib

import (
	"io/fs"

	"github.com/pyasync/pyasync/vm"
)

// Capability checks of the modules that reach outside the interpreter
// (open, os, os.path), and open() on the embedder's fs.FS.

// need returns the PermissionError for a call that needs capability c,
// naming the call with its first argument ("os.listdir('/etc')").
func need(t *vm.Thread, c vm.Capability, name string, args []vm.Value) error {
	if t.VM().Capabilities()&c == c {
		return nil
	}
	what := name + "()"
	if len(args) > 0 {
		if r, err := t.Repr(args[0]); err == nil {
			what = name + "(" + r + ")"
		}
	}
	return t.VM().Require(c, what)
}

// guardFuncs replaces the module functions names by wrappers that check
// capability c first. The original functions stay reachable only through
// the wrappers, so no lookup trick gets around the check.
func guardFuncs(m *vm.Module, prefix string, c vm.Capability, names ...string) {
	for _, name := range names {
		orig, ok := m.Get(name)
		if !ok {
			continue
		}
		full := prefix + name
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := need(t, c, full, args); err != nil {
				return vm.Value{}, err
			}
			return t.Call(orig, args, kw)
		})
	}
}

// openFS is open() when the embedder gave an fs.FS: the file is read from
// it (read modes only) into an in-memory file.
func openFS(t *vm.Thread, fsys fs.FS, file vm.Value, path string, m openMode) (vm.Value, error) {
	if !m.read || m.plus {
		if err := need(t, vm.AllowFS, "open", []vm.Value{file}); err != nil {
			return vm.Value{}, err
		}
		return vm.Value{}, vm.Errorf(vm.PermissionError, "[Errno 30] Read-only file system: %s", path)
	}
	data, err := fs.ReadFile(fsys, vm.FSPath(path))
	if err != nil {
		return vm.Value{}, osError(err, file)
	}
	if err := t.VM().Charge(int64(len(data)) * 4); err != nil {
		return vm.Value{}, err
	}
	if m.binary {
		return vm.ObjectValue(&fileObj{cls: bytesIOType, kind: kindBytesIO, binary: true, readable: true, seekable: true, name: file, mode: "rb", buf: data, fileState: &fileState{}}), nil
	}
	return vm.ObjectValue(&fileObj{cls: stringIOType, kind: kindStringIO, readable: true, seekable: true, name: file, mode: "r", runes: []rune(string(data)), fileState: &fileState{}}), nil
}

// deniedEnviron is os.environ for scripts without AllowEnv: every use
// raises PermissionError (the process environment was never read).
var deniedEnviron = func() vm.Value {
	typ := vm.NewNativeType("_Environ", "os", nil, nil)
	for _, name := range []string{"__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__",
		"get", "keys", "items", "values", "copy", "setdefault", "pop", "update", "clear"} {
		name := name
		typ.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			return vm.Value{}, t.VM().Require(vm.AllowEnv, "os.environ."+name+"()")
		})
	}
	typ.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Str("environ(<not allowed>)"), nil
	})
	return vm.ObjectValue(&environObj{typ: typ})
}()

type environObj struct{ typ *vm.Type }

// Type implements vm.Object.
func (e *environObj) Type() *vm.Type { return e.typ }
