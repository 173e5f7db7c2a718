package stdlib

import (
	"context"
	"io"

	"github.com/pyasync/pyasync/vm"
)

// httpBodyPipe streams a client request body the script produces (data=
// an async generator): net/http's transport reads the pipe while the
// script writes each chunk; a write completes only when the transport has
// taken the chunk, so the producer is paced by the connection.
type httpBodyPipe struct {
	pr *io.PipeReader
	pw *io.PipeWriter
}

func (*httpBodyPipe) Type() *vm.Type { return httpBodyPipeType }

var httpBodyPipeType = vm.NewNativeType("BodyPipe", "_aiohttp", nil, nil)

func newBodyPipe() *httpBodyPipe {
	pr, pw := io.Pipe()
	return &httpBodyPipe{pr: pr, pw: pw}
}

func init() {
	P := httpBodyPipeType
	P.NewMethod("write", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("write", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, ok := args[0].AsBytes()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", args[0].TypeName())
		}
		data := append([]byte(nil), b...)
		p := self.Object().(*httpBodyPipe)
		l := t.VM().RunningLoop()
		fut := l.NewFuture()
		l.GoFuture(fut, func(ctx context.Context) (any, error) {
			stop := context.AfterFunc(ctx, func() { p.pw.CloseWithError(ctx.Err()) })
			defer stop()
			_, err := p.pw.Write(data)
			return nil, err
		}, func(_ any, err error) (vm.Value, error) {
			if err != nil {
				return vm.Value{}, vm.Errorf(vm.ConnectionResetError, "the request body is no longer read: %s", err.Error())
			}
			return vm.None, nil
		})
		return awaitable(fut.Value()), nil
	})
	P.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		self.Object().(*httpBodyPipe).pw.Close()
		return vm.None, nil
	})
}
