package pyasync_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// runScript runs a script file in-process and returns its stdout, stderr and
// exit code (as the CLI would report it).
func runScript(t *testing.T, path string, stdin string) (string, string, int) {
	t.Helper()
	return runScriptWith(t, path, stdin, nil)
}

// runScriptWith is runScript with setup (when not nil) applied to the
// interpreter before the run.
func runScriptWith(t *testing.T, path string, stdin string, setup func(*pyasync.Interpreter)) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Args: []string{path}, Allow: pyasync.AllowAll})
	if setup != nil {
		setup(it)
	}
	err := it.RunFile(context.Background(), path)
	code := 0
	if err != nil {
		it.ReportError(err)
		code = 1
		if ee, ok := err.(*pyasync.ExitError); ok {
			code = ee.Code
		}
	}
	return out.String(), errb.String(), code
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "" {
			return lines[i]
		}
	}
	return ""
}

// checkScripts runs every NAME.pya in dir that has NAME.out (expected stdout,
// produced by python3) and, for failing programs, NAME.err (the expected last
// line of stderr; exit status 1).
func checkScripts(t *testing.T, dir string) { checkScriptsIn(t, dir, []string{"*.pya"}, nil) }

// checkScriptsIn is checkScripts over the files of dir matching one of
// patterns, each run with setup (see runScriptWith).
func checkScriptsIn(t *testing.T, dir string, patterns []string, setup func(*pyasync.Interpreter)) {
	var scripts []string
	for _, p := range patterns {
		m, err := filepath.Glob(filepath.Join(dir, p))
		require.NoError(t, err)
		scripts = append(scripts, m...)
	}
	n := 0
	for _, script := range scripts {
		base := strings.TrimSuffix(script, ".pya")
		want, err := os.ReadFile(base + ".out")
		if err != nil {
			continue
		}
		n++
		script := script
		src, _ := os.ReadFile(script)
		// the working directory is the process's: a script that changes it
		// runs alone, before the parallel ones start
		serial := bytes.Contains(src, []byte("chdir"))
		t.Run(filepath.Base(base), func(t *testing.T) {
			if serial {
				wd, err := os.Getwd()
				require.NoError(t, err)
				defer os.Chdir(wd)
			} else {
				t.Parallel()
			}
			stdin, _ := os.ReadFile(base + ".in")
			out, errOut, code := runScriptWith(t, script, string(stdin), setup)
			assert.Equal(t, string(want), out, "stdout of %s (stderr: %s)", script, errOut)
			if wantErr, err := os.ReadFile(base + ".err"); err == nil {
				assert.Equal(t, 1, code, "exit status")
				assert.Equal(t, strings.TrimSpace(string(wantErr)), lastLine(errOut), "last stderr line")
			} else {
				assert.Equal(t, 0, code, "exit status; stderr:\n%s", errOut)
			}
		})
	}
	require.NotZero(t, n, "no scripts with expected output in %s", dir)
}

// TestScripts runs the project's script tests: valid Python programs whose
// expected output was produced by python3 3.11.
func TestScripts(t *testing.T) { checkScripts(t, "testdata") }

// TestScriptsNoPoller runs the socket, stream and asyncio script tests
// with the loops' own poller switched off: the helper-goroutine path of
// platforms without one (transports, accept loops, sock_* waits) stays
// tested on Linux.
func TestScriptsNoPoller(t *testing.T) {
	checkScriptsIn(t, "testdata", []string{"io_*.pya", "socket_*.pya", "async*.pya"}, pyasync.NoLoopPoller)
}

// TestScriptsNetHTTPEngine runs the aiohttp scripts with net/http taking
// every connection, as before the poller engine (ext_aiohttp_poll_engine
// shows what only that engine does as aiohttp does).
func TestScriptsNetHTTPEngine(t *testing.T) {
	checkScriptsIn(t, "testdata", []string{"ext_aiohttp_[a-oq-z]*.pya"}, func(it *pyasync.Interpreter) {
		it.VM().State["_aiohttp.engine"] = "nethttp"
	})
}

// TestExamples runs every example and checks its output.
func TestExamples(t *testing.T) { checkScripts(t, "examples") }
