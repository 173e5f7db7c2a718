package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of what reaches the OS when the process ends: stdout that cannot
// be written (/dev/full, a closed pipe) and buffered files never closed.
// They run the CLI in a child process: the test binary itself, re-executed
// with PYASYNC_TEST_CLI=1 (see TestMain).

func TestMain(m *testing.M) {
	if os.Getenv("PYASYNC_TEST_CLI") == "1" {
		signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
		if n, err := strconv.Atoi(os.Getenv("PYASYNC_TEST_NOFILE")); err == nil {
			// a descriptor limit of the child's own (TestAcceptOutOfDescriptors)
			if err := setNofileLimit(n); err != nil {
				panic(err)
			}
		}
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	// a test run started with SIGINT ignored (in the background of a
	// script) would start its CLI children with SIGINT ignored, which
	// pyasync keeps, as CPython does, and the Ctrl-C tests would wait in
	// vain (signal.Reset in a test brings the ignoring back): the test
	// binary starts itself again with SIGINT caught, which exec turns into
	// the default action
	if signal.Ignored(syscall.SIGINT) && os.Getenv("PYASYNC_TEST_REEXEC") == "" {
		signal.Notify(make(chan os.Signal, 1), syscall.SIGINT)
		err := syscall.Exec(os.Args[0], os.Args, append(os.Environ(), "PYASYNC_TEST_REEXEC=1"))
		panic(err)
	}
	// the scripts run here keep their code cache in a directory of the
	// test run's own, not in the user's
	cache, err := os.MkdirTemp("", "pyasync-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("PYTHONPYCACHEPREFIX", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

// child returns a command running the CLI with args; the context only
// guards against a hang.
func child(t *testing.T, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PYASYNC_TEST_CLI=1")
	return cmd
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	ee, ok := err.(*exec.ExitError)
	require.True(t, ok, "%v", err)
	return ee.ExitCode()
}

func TestStdoutFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	cases := []struct {
		name, src, stderr, not string
		code                   int
	}{
		// the buffered line fails when stdout is flushed at exit
		{"flush at exit", "print('hi')", "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\nOSError: [Errno 28] No space left on device\n", "Traceback", 120},
		{"sys.exit", "import sys\nprint('x')\nsys.exit(3)", "OSError: [Errno 28] No space left on device\n", "Traceback", 120},
		// a write that fills the buffer fails in the program: a traceback
		{"during the run", "for i in range(100000):\n    print(i)", "OSError: [Errno 28] No space left on device\n", "Exception ignored", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := child(t, "-c", c.src)
			cmd.Stdout = full
			var errb strings.Builder
			cmd.Stderr = &errb
			code := exitCode(t, cmd.Run())
			assert.Equal(t, c.code, code, errb.String())
			assert.Contains(t, errb.String(), c.stderr)
			assert.NotContains(t, errb.String(), c.not)
			assert.NotContains(t, errb.String(), "goroutine")
		})
	}
}

func TestStdoutBrokenPipe(t *testing.T) {
	cmd := child(t, "-c", "i = 0\nwhile True:\n    print(i)\n    i += 1")
	r, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errb strings.Builder
	cmd.Stderr = &errb
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(r).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "0\n", line)
	r.Close() // like `| head -1`
	code := exitCode(t, cmd.Wait())
	assert.Equal(t, 1, code, errb.String())
	assert.Contains(t, errb.String(), "BrokenPipeError: [Errno 32] Broken pipe\n")
	assert.NotContains(t, errb.String(), "goroutine")
}

func TestUnclosedFilesFlushedAtExit(t *testing.T) {
	endings := map[string]string{
		"normal":    "",
		"sys.exit":  "sys.exit(4)",
		"exception": "raise ValueError('boom')",
		"ctrl-c":    "os.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)",
	}
	for name, end := range endings {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "out.txt")
			src := "import os, signal, sys, time\n" +
				"f = open(" + pyStr(p) + ", 'w')\nf.write('kept ' * 3)\n" +
				"def leak():\n    g = open(" + pyStr(p+".2") + ", 'wb')\n    g.write(b'dropped')\nleak()\n" + end + "\n"
			cmd := child(t, "-c", src)
			out, _ := cmd.CombinedOutput()
			data, err := os.ReadFile(p)
			require.NoError(t, err, string(out))
			assert.Equal(t, "kept kept kept ", string(data), string(out))
			data, err = os.ReadFile(p + ".2")
			require.NoError(t, err)
			assert.Equal(t, "dropped", string(data))
		})
	}
}

func pyStr(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }
