package stdlib

import (
	_ "embed" // traceback.pya

	"github.com/pyasync/pyasync/vm"
)

// The traceback module (traceback.pya). Whole exceptions are formatted by
// the VM's own printer (Thread.FormatException), so traceback.format_exc()
// and an uncaught exception print the same text; the helpers below hand the
// source module the frames and lines it needs for the finer-grained API.

//go:embed traceback.pya
var tracebackSource string

func init() { progSourceModule("traceback", &tracebackSource, initTracebackNative) }

func entryTuples(entries []vm.TraceEntry) vm.Value {
	out := make([]vm.Value, len(entries))
	for i, e := range entries {
		out[i] = vm.NewTuple([]vm.Value{vm.Str(e.Filename), vm.Int(int64(e.Line)), vm.Str(e.Name)})
	}
	return vm.NewList(out)
}

func excArg(fname string, args []vm.Value, kw []string) (*vm.Exception, error) {
	if err := vm.ArgCount(fname, args, kw, 1, 1); err != nil {
		return nil, err
	}
	e, ok := args[0].Object().(*vm.Exception)
	if !ok {
		return nil, vm.Errorf(vm.TypeError, "%s() argument must be an exception, not %s", fname, args[0].TypeName())
	}
	return e, nil
}

// stackModules lists the thread's frames outermost first as
// (filename, lineno, function name, module globals) tuples.
func stackModules(t *vm.Thread) vm.Value {
	entries := t.StackEntries()
	globals := t.StackGlobals()
	out := make([]vm.Value, len(entries))
	for i, e := range entries {
		g := vm.None
		if i < len(globals) && globals[i] != nil {
			g = vm.ObjectValue(globals[i])
		}
		out[i] = vm.NewTuple([]vm.Value{vm.Str(e.Filename), vm.Int(int64(e.Line)), vm.Str(e.Name), g})
	}
	return vm.NewList(out)
}

func initTracebackNative(v *vm.VM, m *vm.Module) error {
	m.SetFunc("_tb_entries", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_tb_entries", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if args[0].IsNone() {
			return vm.NewList(nil), nil
		}
		entries, ok := vm.TracebackEntries(args[0])
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "'%s' object is not a traceback", args[0].TypeName())
		}
		return entryTuples(entries), nil
	})
	m.SetFunc("_stack_entries", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return stackModules(t), nil
	})
	m.SetFunc("_format_exception", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		e, err := excArg("_format_exception", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str(t.FormatExceptionPlain(e)), nil
	})
	m.SetFunc("_exception_only", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		e, err := excArg("_exception_only", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if text, ok := t.SyntaxErrorLines(e); ok {
			return vm.Str(text), nil
		}
		return vm.Str(t.ExceptionLinePlain(e) + "\n"), nil
	})
	m.SetFunc("_source_line", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_source_line", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		name, _ := args[0].AsStr()
		n, err := t.Index(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str(t.VM().SourceLine(name, int(n))), nil
	})
	return nil
}
