package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The collections package: collections.pya holds defaultdict, OrderedDict,
// Counter, namedtuple, ChainMap and the User* classes; deque is native
// (collections_deque.go); collections.abc is collections_abc.pya. The
// native helper module _collections holds deque and _exec, which runs
// generated source in a namespace dict (namedtuple's __new__ and the
// methods dataclasses generates are real functions with real signatures).

//go:embed collections.pya
var collectionsSource string

//go:embed collections_abc.pya
var collectionsABCSource string

//go:embed collections_user.pya
var collectionsUserSource string

// embeddedSources are the sources _collections._load can run by name.
var embeddedSources = map[string]string{"collections_user": collectionsUserSource}

func init() {
	register("_collections", initUnderCollections)
	register("collections", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "collections", collectionsSource)
	})
	register("collections.abc", func(v *vm.VM, m *vm.Module) error {
		return runPrelude(v, m, "collections.abc", collectionsABCSource)
	})
}

func initUnderCollections(v *vm.VM, m *vm.Module) error {
	m.Set("deque", vm.ObjectValue(dequeType))
	m.SetFunc("_load", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_load", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		name, _ := args[0].AsStr()
		src, ok := embeddedSources[name]
		ns, ok2 := args[1].Object().(*vm.Dict)
		if !ok || !ok2 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "_load: unknown source %q", name)
		}
		code, err := compileModuleSource(v, []byte(src), "<frozen "+name+">")
		if err != nil {
			return vm.Value{}, err
		}
		_, err = v.ExecModule(t, code, &vm.Module{Name: "collections", Dict: ns})
		return vm.None, err
	})
	m.SetFunc("_odict_view", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		// OrderedDict's keys (0), values (1) or items (2): odict_keys...
		if err := vm.ArgCount("_odict_view", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		d, ok := args[0].Object().(*vm.Dict)
		kind, ok2 := args[1].AsInt64()
		if !ok || !ok2 || kind < 0 || kind > 2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "_odict_view(dict, kind) takes a dict and 0, 1 or 2")
		}
		return vm.OrderedDictView(d, int(kind)), nil
	})
	m.SetFunc("_odict_iter", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		// iter(OrderedDict) or reversed(): an odict_iterator
		if err := vm.ArgCount("_odict_iter", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		d, ok := args[0].Object().(*vm.Dict)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "_odict_iter(dict, reverse) takes a dict")
		}
		rev, err := t.Truth(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.OrderedDictIter(d, rev), nil
	})
	m.SetFunc("_exec", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_exec", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		src, ok := args[0].AsStr()
		ns, ok2 := args[1].Object().(*vm.Dict)
		if !ok || !ok2 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "_exec(source, namespace) takes a str and a dict")
		}
		name := "<generated>"
		if n, ok := ns.GetStr("__name__"); ok {
			if s, ok := n.AsStr(); ok {
				name = s
			}
		}
		code, err := v.Compile([]byte(src), "<string>", false)
		if err != nil {
			return vm.Value{}, err
		}
		_, err = v.ExecModule(t, code, &vm.Module{Name: name, Dict: ns})
		return vm.None, err
	})
	return nil
}
