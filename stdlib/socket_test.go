package stdlib_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// Every network entry point checks the AllowNet capability (AF_UNIX on a
// path also AllowFS) and raises PermissionError without it.
func TestNetCapability(t *testing.T) {
	stdlib.Load()
	src := `
import asyncio, socket
def attempt(name, fn):
    try:
        fn()
        print(name, "allowed")
    except PermissionError as e:
        print(name, "denied:", e)
    except OSError as e:
        print(name, "allowed:", e)
attempt("socket", lambda: socket.socket())
attempt("socketpair", lambda: socket.socketpair())
attempt("getaddrinfo", lambda: socket.getaddrinfo("127.0.0.1", 80))
attempt("unix", lambda: socket.socket(socket.AF_UNIX))
attempt("gethostbyaddr", lambda: socket.gethostbyaddr("127.0.0.1"))
attempt("gethostbyname_ex", lambda: socket.gethostbyname_ex("127.0.0.1"))
attempt("getservbyname", lambda: socket.getservbyname("http"))
attempt("getprotobyname", lambda: socket.getprotobyname("tcp"))
attempt("dup", lambda: socket.close(socket.dup(0)))
attempt("fromfd", lambda: socket.fromfd(0, socket.AF_INET, socket.SOCK_STREAM))
async def main():
    for name, coro in (("open_connection", asyncio.open_connection("127.0.0.1", 9)),
                       ("start_server", asyncio.start_server(lambda r, w: None, "127.0.0.1", 0))):
        try:
            s = await coro
            s.close()
            print(name, "allowed")
        except PermissionError as e:
            print(name, "denied:", e)
        except OSError as e:
            print(name, "allowed:", type(e).__name__)
asyncio.run(main())
`
	for _, tc := range []struct {
		caps vm.Capability
		want []string
	}{
		{vm.AllowAll &^ vm.AllowNet, []string{
			"socket denied: socket.socket(): not allowed by this interpreter (needs the net capability)",
			"socketpair denied:", "getaddrinfo denied:", "unix denied:", "open_connection denied:", "start_server denied:",
			"gethostbyaddr denied:", "gethostbyname_ex denied:", "getservbyname denied:", "getprotobyname denied:",
			"dup denied:", "fromfd denied:"}},
		{vm.AllowNet, []string{"socket allowed", "socketpair allowed", "getaddrinfo allowed",
			"gethostbyaddr allowed", "gethostbyname_ex allowed", "getservbyname allowed", "getprotobyname allowed", "dup allowed",
			"fromfd allowed: [Errno 88] Socket operation on non-socket",
			"unix denied: socket.socket(): not allowed by this interpreter (needs the fs capability)",
			"open_connection allowed: ConnectionRefusedError", "start_server allowed"}},
	} {
		var out, errb bytes.Buffer
		v := vm.New(vm.Options{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Modules: stdlib.Table()})
		v.SetCapabilities(tc.caps)
		if err := v.RunMain([]byte(src), "caps.pya"); err != nil {
			t.Fatalf("caps %v: %v\n%s", tc.caps, err, errb.String())
		}
		for _, w := range tc.want {
			assert.Contains(t, out.String(), w, "caps %v", tc.caps)
		}
	}
}
