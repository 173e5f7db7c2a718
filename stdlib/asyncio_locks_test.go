package stdlib

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasync/pyasync/vm"
)

// probeState is _probe.state(primitive): the names of its holders and
// waiters as the WaitTarget interface reports them.
func probeState(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	wt, ok := args[0].Object().(WaitTarget)
	if !ok {
		return vm.Str("not a WaitTarget"), nil
	}
	names := func(ts []*vm.Task) string {
		var b []string
		for _, tk := range ts {
			s, _ := tk.Name().AsStr()
			b = append(b, s)
		}
		return "[" + strings.Join(b, " ") + "]"
	}
	return vm.Str("holders=" + names(wt.Holders()) + " waiters=" + names(wt.Waiters())), nil
}

// probeModule is the test's own module, given to its interpreter only.
var probeModule = vm.ModuleDef{Name: "_probe", Init: func(v *vm.VM, m *vm.Module) error {
	m.SetFunc("state", probeState)
	return nil
}}

// The primitives know who holds them and who waits, in order, and forget
// waiters that left (cancelled) or were served.
func TestWaitTargets(t *testing.T) {
	src := `
import asyncio, _probe

async def holder(lock, ev):
    async with lock:
        await ev.wait()

async def waiter(lock):
    async with lock:
        pass

async def main():
    lock, ev, sem = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(0)
    h = asyncio.create_task(holder(lock, ev), name="h")
    ws = [asyncio.create_task(waiter(lock), name=n) for n in ("w1", "w2", "w3")]
    s = asyncio.create_task(sem.acquire(), name="s")
    await asyncio.sleep(0)
    print(_probe.state(lock))
    print(_probe.state(ev))
    ws[1].cancel()
    await asyncio.sleep(0)
    print(_probe.state(lock))
    print(_probe.state(sem))
    ev.set()
    sem.release()
    await asyncio.gather(h, ws[0], ws[2], s)
    print(_probe.state(lock))
    print(_probe.state(ev))

asyncio.run(main())
`
	var out, errb bytes.Buffer
	v := vm.New(vm.Options{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Modules: vm.NewModuleTable(append(Modules(), probeModule)...)})
	if err := v.RunMain([]byte(src), "probe.pya"); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	assert.Equal(t, `holders=[h] waiters=[w1 w2 w3]
holders=[] waiters=[h]
holders=[h] waiters=[w1 w3]
holders=[] waiters=[s]
holders=[] waiters=[]
holders=[] waiters=[]
`, out.String())
}
