package vm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// importName implements IMPORT_NAME: it imports the dotted module name
// (relative to the importing module's package when level > 0) and returns
// the top-level package, or the module itself when fromlist is non-empty.
func (vm *VM) importName(t *Thread, name string, fromlist Value, level int, globals *Dict) (Value, error) {
	full := name
	if level > 0 {
		pkg, err := vm.packageOf(globals)
		if err != nil {
			return Value{}, err
		}
		parts := strings.Split(pkg, ".")
		if pkg == "" || level-1 >= len(parts)+0 && level > len(parts) {
			return Value{}, Errorf(ImportError, "attempted relative import beyond top-level package")
		}
		base := strings.Join(parts[:len(parts)-(level-1)], ".")
		if name == "" {
			full = base
		} else {
			full = base + "." + name
		}
	}
	if full == "" {
		return Value{}, Errorf(ValueError, "Empty module name")
	}
	mod, err := vm.ImportModule(t, full)
	if err != nil {
		return Value{}, err
	}
	hasFrom := false
	if tup, ok := fromlist.o.(*Tuple); ok && len(tup.items) > 0 {
		hasFrom = true
		// from pkg import submodule: import submodules not yet loaded
		if m, ok := mod.o.(*Module); ok && m.package_ {
			for _, x := range tup.items {
				s, _ := x.AsStr()
				if s == "*" {
					continue
				}
				if _, ok := m.Dict.GetStr(s); !ok {
					if _, err := vm.ImportModule(t, full+"."+s); err != nil {
						if e, ok := err.(*Exception); ok && e.cls == ModuleNotFoundError {
							continue
						}
						return Value{}, err
					}
				}
			}
		}
	}
	if hasFrom {
		return mod, nil
	}
	if level > 0 {
		// "from . import x" always has a fromlist; a bare relative import
		// returns the named module's top within the package.
		return mod, nil
	}
	top := strings.SplitN(full, ".", 2)[0]
	v, _ := vm.Modules.GetStr(top)
	return v, nil
}

func (vm *VM) packageOf(globals *Dict) (string, error) {
	if p, ok := globals.GetStr("__package__"); ok {
		if s, ok := p.AsStr(); ok {
			return s, nil
		}
	}
	n, ok := globals.GetStr("__name__")
	if !ok {
		return "", Errorf(ImportError, "attempted relative import with no known parent package")
	}
	name, _ := n.AsStr()
	if _, ok := globals.GetStr("__path__"); ok {
		return name, nil
	}
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", Errorf(ImportError, "attempted relative import with no known parent package")
	}
	return name[:i], nil
}

// ImportModule imports a module by its absolute dotted name, loading parent
// packages first, and returns it.
func (vm *VM) ImportModule(t *Thread, full string) (Value, error) {
	if m, ok := vm.Modules.GetStr(full); ok {
		return m, nil
	}
	parts := strings.Split(full, ".")
	var parent *Module
	for i := range parts {
		name := strings.Join(parts[:i+1], ".")
		if m, ok := vm.Modules.GetStr(name); ok {
			parent, _ = m.o.(*Module)
			continue
		}
		m, err := vm.loadModule(t, name, parts[i], parent)
		if err != nil {
			return Value{}, err
		}
		if parent != nil {
			parent.Dict.SetStr(parts[i], Value{o: m})
		}
		parent = m
	}
	v, _ := vm.Modules.GetStr(full)
	return v, nil
}

func (vm *VM) loadModule(t *Thread, full, last string, parent *Module) (*Module, error) {
	if init, ok := vm.lookupModule(full); ok {
		return vm.initNative(full, init)
	}
	var dirs []string
	if parent != nil {
		if p, ok := parent.Dict.GetStr("__path__"); ok {
			if l, ok := p.o.(*List); ok {
				for _, d := range l.Items() {
					s, _ := d.AsStr()
					dirs = append(dirs, s)
				}
			}
		}
		if dirs == nil {
			return nil, moduleNotFound(full, parent.Name)
		}
	} else {
		dirs = vm.searchPath()
	}
	for _, dir := range dirs {
		pkgInit := filepath.Join(dir, last, "__init__.pya")
		src, ok, err := vm.readModuleFile(dir, pkgInit)
		if err != nil {
			return nil, err
		}
		if ok {
			return vm.execFileModule(t, full, pkgInit, filepath.Join(dir, last), src)
		}
		file := filepath.Join(dir, last+".pya")
		if src, ok, err = vm.readModuleFile(dir, file); err != nil {
			return nil, err
		}
		if ok {
			return vm.execFileModule(t, full, file, "", src)
		}
	}
	if parent != nil {
		return nil, moduleNotFound(full, parent.Name)
	}
	return nil, moduleNotFound(full, "")
}

func moduleNotFound(full, parent string) error {
	e := Errorf(ModuleNotFoundError, "No module named '%s'", full)
	if parent != "" {
		e = Errorf(ModuleNotFoundError, "No module named '%s'; '%s' is not a package", full, parent)
		e = Errorf(ModuleNotFoundError, "No module named '%s'", full)
	}
	ensureInstanceDict(Value{o: e}).SetStr("name", Str(full))
	return e
}

func readOSFile(p string) ([]byte, error) { return os.ReadFile(p) }

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func (vm *VM) searchPath() []string {
	if v, ok := vm.State["sys.path"]; ok {
		if l, ok := v.(*List); ok {
			var out []string
			for _, x := range l.Items() {
				if s, ok := x.AsStr(); ok {
					if s == "" {
						s = "."
					}
					out = append(out, s)
				}
			}
			return out
		}
	}
	return vm.Path
}

// SysPath returns sys.path as a list shared with the sys module.
func (vm *VM) SysPath() *List {
	if v, ok := vm.State["sys.path"]; ok {
		return v.(*List)
	}
	items := make([]Value, len(vm.Path))
	for i, p := range vm.Path {
		items[i] = Str(p)
	}
	l := &List{vals: items}
	vm.State["sys.path"] = l
	return l
}

func (vm *VM) initNative(name string, init ModuleInit) (*Module, error) {
	m := NewModule(name)
	vm.Modules.SetStr(name, Value{o: m})
	if err := init(vm, m); err != nil {
		vm.Modules.DelStr(name)
		return nil, err
	}
	// a native module that sets __path__ is a package: "from pkg import
	// sub" imports its registered submodules
	if _, ok := m.Dict.GetStr("__path__"); ok {
		m.package_ = true
	}
	return m, nil
}

func (vm *VM) execFileModule(t *Thread, full, file, pkgDir string, src []byte) (*Module, error) {
	code, err := vm.compileModuleFile(src, file)
	if err != nil {
		var se *ast.SyntaxError
		if errors.As(err, &se) {
			return nil, SyntaxErrorException(se)
		}
		return nil, err
	}
	m := NewModule(full)
	m.file = file
	m.Dict.SetStr("__file__", Str(file))
	if pkgDir != "" {
		m.package_ = true
		m.Dict.SetStr("__path__", NewList([]Value{Str(pkgDir)}))
		m.Dict.SetStr("__package__", Str(full))
	} else if i := strings.LastIndexByte(full, '.'); i >= 0 {
		m.Dict.SetStr("__package__", Str(full[:i]))
	} else {
		m.Dict.SetStr("__package__", Str(""))
	}
	vm.Modules.SetStr(full, Value{o: m})
	if _, err := vm.ExecModule(t, code, m); err != nil {
		vm.Modules.DelStr(full)
		return nil, err
	}
	return m, nil
}

// importFrom implements IMPORT_FROM.
func (t *Thread) importFrom(mod Value, name string) (Value, error) {
	v, err := t.GetAttr(mod, name)
	if err == nil {
		return v, nil
	}
	if m, ok := mod.o.(*Module); ok {
		if sub, ok := t.vm.Modules.GetStr(m.Name + "." + name); ok {
			return sub, nil
		}
		where, path := "unknown location", None
		if m.file != "" {
			where, path = m.file, Str(m.file)
		}
		e := Errorf(ImportError, "cannot import name '%s' from '%s' (%s)", name, m.Name, where)
		e.dict = NewDict()
		e.dict.SetStr("name", Str(m.Name))
		e.dict.SetStr("path", path)
		return Value{}, e
	}
	return Value{}, Errorf(ImportError, "cannot import name '%s'", name)
}

// importStar implements "from m import *".
func (t *Thread) importStar(mod Value, into *Dict) error {
	m, ok := mod.o.(*Module)
	if !ok {
		return Errorf(TypeError, "import * from a non-module")
	}
	if err := m.complete(t); err != nil {
		return err
	}
	if all, ok := m.Dict.GetStr("__all__"); ok {
		return t.ForEach(all, func(n Value) error {
			s, _ := n.AsStr()
			v, err := t.GetAttr(mod, s)
			if err != nil {
				return err
			}
			into.SetStr(s, v)
			return nil
		})
	}
	m.Dict.Items(func(k, v Value) bool {
		if s, ok := k.AsStr(); ok && !strings.HasPrefix(s, "_") {
			into.SetStr(s, v)
		}
		return true
	})
	return nil
}
