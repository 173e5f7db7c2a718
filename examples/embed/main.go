// Command embed shows pyasync inside a Go program: a Go HTTP fetch exposed
// as an async function, a Go struct as a live object, and a user script
// run in the sandbox (no file system, network, processes or environment)
// under limits of time, memory and steps. It prints what the script
// computed.
//
// The HTTP server is a local httptest server the program starts itself.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pyasync/pyasync"
)

// Stats is the Go struct the script fills in (a live object: the script's
// writes land in this struct).
type Stats struct {
	Pages int            `py:"pages"`
	Words int            `py:"words"`
	Top   string         `py:"top"`
	Sizes map[string]int `py:"sizes"`
}

// Record adds one fetched page (a method the script calls).
func (s *Stats) Record(url string, words int) {
	s.Pages++
	s.Words += words
	if s.Sizes == nil {
		s.Sizes = map[string]int{}
	}
	s.Sizes[url] = words
}

// script is the user's code: it knows nothing of Go.
const script = `
import asyncio

async def count(url):
    body = await fetch(url)
    words = body.split()
    stats.record(url, len(words))
    return url, words

async def main():
    results = await asyncio.gather(*(count(u) for u in urls))
    freq = {}
    for _, words in results:
        for w in words:
            freq[w] = freq.get(w, 0) + 1
    stats.top = max(sorted(freq), key=freq.get)
    try:
        open('/etc/passwd')
    except PermissionError as e:
        print('sandboxed:', e)

asyncio.run(main())
`

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprint(os.Stderr, pyasync.FormatError(err))
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	pages := map[string]string{
		"/a": "the quick brown fox",
		"/b": "the lazy dog and the fox",
		"/c": "the end",
	}
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(50 * time.Millisecond) // the fetches overlap
		fmt.Fprint(rw, pages[r.URL.Path])
	}))
	defer srv.Close()

	// fetch runs on its own goroutine for each call; cancelling the await
	// (or the end of the run) cancels ctx
	fetch := pyasync.Async(func(ctx context.Context, url string) (string, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return "", err
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	})

	stats := &Stats{}
	it := pyasync.New(pyasync.Options{
		Stdout: w,
		Stderr: w,
		Allow:  0, // the sandbox: nothing outside the interpreter
		Limits: pyasync.Limits{MaxDuration: 5 * time.Second, MaxMemory: 64 << 20, MaxSteps: 10_000_000},
	})
	if err := it.Set("fetch", fetch); err != nil {
		return err
	}
	if err := it.Set("stats", stats); err != nil {
		return err
	}
	if err := it.Set("urls", []string{srv.URL + "/a", srv.URL + "/b", srv.URL + "/c"}); err != nil {
		return err
	}
	prog, err := pyasync.Compile("user.pya", []byte(script))
	if err != nil {
		return err
	}
	if err := it.Run(context.Background(), prog); err != nil {
		return err
	}
	fmt.Fprintf(w, "pages=%d words=%d top=%q\n", stats.Pages, stats.Words, stats.Top)
	for _, p := range []string{"/a", "/b", "/c"} {
		fmt.Fprintf(w, "  %s: %d words\n", p, stats.Sizes[srv.URL+p])
	}
	fmt.Fprintf(w, "fetches overlapped: %v\n", peak.Load() >= 2)

	// a runaway script is stopped by the limits, and cannot catch it
	it = pyasync.New(pyasync.Options{Stdout: w, Limits: pyasync.Limits{MaxDuration: 50 * time.Millisecond}})
	err = it.Exec(context.Background(), "try:\n    while True:\n        pass\nexcept BaseException:\n    print('caught?')\n", "runaway.pya")
	fmt.Fprintln(w, "runaway:", strings.TrimPrefix(err.Error(), "pyasync: "))
	return nil
}
