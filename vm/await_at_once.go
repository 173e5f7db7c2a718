package vm

import "github.com/pyasync/pyasync/compiler"

// A builtin method registered with Type.NewAwaitMethod learns whether its
// call is the operand of an await ("await obj.method(...)", the CALL that
// superinstructions fuse with GET_AWAITABLE, LOAD_CONST None and SEND
// into opCallAwait). Then nothing but that await can see the awaitable it
// returns, so when the operation has nothing to wait for it may return
// CompletedAwait instead of an object of its own: asyncio's
// StreamWriter.drain() with nothing to wait for allocates nothing.

// AwaitedAtOnce reports whether the builtin method now running (one
// registered with NewAwaitMethod) was called as the operand of an await,
// so that its result is seen by that await only. Call it first thing in
// the method: the answer is given once.
func (t *Thread) AwaitedAtOnce() bool {
	r := t.vm.awaitCall
	t.vm.awaitCall = false
	return r
}

// completedAwait is CompletedAwait's type: an awaitable finished with
// None, stateless (it may be awaited any number of times, which only
// AwaitedAtOnce's callers may rely on nobody doing).
type completedAwait struct{}

var completedAwaitType = NewNativeType("_CompletedAwaitable", "asyncio", nil, nil)

func (*completedAwait) Type() *Type { return completedAwaitType }

// AwaitStep implements AwaitStepper.
func (*completedAwait) AwaitStep(t *Thread, send Value) (Value, bool, error) {
	return None, true, nil
}

// CompletedAwait is an awaitable that completes at once with None. Return
// it only when AwaitedAtOnce said so: it is shared, so it has no identity
// of its own and cannot refuse to be awaited twice.
var CompletedAwait = Value{o: &completedAwait{}}

// skipCompletedAwait finishes "await obj.method(...)" when the method
// returned CompletedAwait: the await's result None is pushed at sp and
// the GET_AWAITABLE, LOAD_CONST and SEND after the call are skipped. It
// returns the next pc, or -1 when the instructions are not those (then
// the await runs as usual).
func skipCompletedAwait(instrs []compiler.Instr, pc int) int {
	if pc+2 >= len(instrs) || instrs[pc].Op() != compiler.GET_AWAITABLE ||
		instrs[pc+1].Op() != compiler.LOAD_CONST || instrs[pc+2].Op() != compiler.SEND {
		return -1
	}
	return instrs[pc+2].Arg()
}
