package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// asyncio subprocesses: the process is started by the same native core as
// the subprocess module (spawn in subprocess.go); its transport
// (asyncio_subprocess_transport.go) connects each pipe as a pipe transport
// on the loop's poller and feeds asyncio streams (StreamReader and
// StreamWriter of asyncio_streams*.go); an operation waits for the reaper
// and brings the exit to the loop. The Python half (Process,
// create_subprocess_*) is asyncio_subprocess.pya.

//go:embed asyncio_subprocess.pya
var asyncioSubprocessPrelude string

func init() {
	asyncioExtras = append(asyncioExtras, func(v *vm.VM, m *vm.Module) error {
		// asyncio.subprocess is made with asyncio (scripts use it as an
		// attribute without importing it)
		sub := vm.NewModule("asyncio.subprocess")
		if err := initAsyncioSubprocess(v, sub); err != nil {
			return err
		}
		v.Modules.SetStr("asyncio.subprocess", vm.ObjectValue(sub))
		m.Set("subprocess", vm.ObjectValue(sub))
		for _, name := range []string{"create_subprocess_exec", "create_subprocess_shell"} {
			name := name
			m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
				sub, err := t.VM().ImportModule(t, "asyncio.subprocess")
				if err != nil {
					return vm.Value{}, err
				}
				fn, err := t.GetAttr(sub, name)
				if err != nil {
					return vm.Value{}, err
				}
				return t.Call(fn, args, kw)
			})
		}
		return nil
	})
}

func initAsyncioSubprocess(v *vm.VM, m *vm.Module) error {
	m.Set("PIPE", vm.Int(specPipe))
	m.Set("STDOUT", vm.Int(specStdout))
	m.Set("DEVNULL", vm.Int(specDevnull))
	// _transport(process, stdin, stdout, stderr, limit) -> the process's
	// transport (its pipes are connected by _connect)
	m.SetFunc("_transport", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_transport", args, kw, 5, 5); err != nil {
			return vm.Value{}, err
		}
		p, ok := args[0].Object().(*proc)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "_transport() needs a process")
		}
		limit, err := t.Index(args[4])
		if err != nil {
			return vm.Value{}, err
		}
		l := t.VM().RunningLoop()
		if l == nil {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "no running event loop")
		}
		st, err := newSubprocTransport(l, p, args[1:4], int(limit))
		if err != nil {
			return vm.Value{}, err
		}
		return st.Value(), nil
	})
	return runPrelude(v, m, "asyncio.subprocess", asyncioSubprocessPrelude)
}
