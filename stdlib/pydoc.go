package stdlib

import (
	_ "embed" // _sitebuiltins.pya, pydoc.pya

	"github.com/pyasync/pyasync/vm"
)

// The interactive helpers: _sitebuiltins (exit, quit and help as the
// prompt installs them in builtins) and pydoc (what help() prints).

var (
	//go:embed _sitebuiltins.pya
	sitebuiltinsSource string
	//go:embed pydoc.pya
	pydocSource string
)

func init() {
	progSourceModule("_sitebuiltins", &sitebuiltinsSource, nil)
	progSourceModule("pydoc", &pydocSource, func(v *vm.VM, m *vm.Module) error {
		// _dockey(obj): the docstring table's key of a Go-written
		// function or method, None for anything else (tools/docs/names.pya)
		m.SetFunc("_dockey", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("_dockey", args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			if key, ok := vm.DocKey(args[0]); ok {
				return vm.Str(key), nil
			}
			return vm.None, nil
		})
		// _docinfo(obj): (kind, module, owner) of the CPython object a
		// Go-written function stands for (kind 'f' a Python function, 'a'
		// an async one, 'b' built-in, 'm' a method, 'c' a class; owner the
		// class of the instance it is a bound method of), None when unknown
		m.SetFunc("_docinfo", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount("_docinfo", args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			key, ok := vm.DocKey(args[0])
			if !ok {
				return vm.None, nil
			}
			d, ok := vm.LookupDoc(key)
			if !ok {
				return vm.None, nil
			}
			return vm.NewTuple([]vm.Value{vm.Str(string(d.Kind)), vm.Str(d.Module), vm.Str(d.Owner)}), nil
		})
		return nil
	})
}
