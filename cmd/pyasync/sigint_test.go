package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSIGINTIdleInEpoll sends a real SIGINT to a child process whose loop
// idles in epoll_wait inside asyncio.run (testdata/sigint_idle.pya awaits
// a read that never comes). The signal wakes the loop through the
// poller's eventfd; asyncio.run cancels the main task, both finally
// blocks run, the traceback is python3's (testdata/sigint_idle.err:
// python3's stderr with the frames of library files dropped and the
// script's path written SCRIPT) and the process ends killed by SIGINT,
// as CPython's does (status 130 in a shell).
func TestSIGINTIdleInEpoll(t *testing.T) {
	if _, err := os.Stat("/proc/self/fdinfo"); err != nil {
		t.Skip("needs /proc")
	}
	// a test process started with SIGINT ignored would pass that on to the
	// child, which would then ignore it too (as CPython does); a handled
	// signal is reset to the default action by exec
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	defer signal.Reset(os.Interrupt)

	script, err := filepath.Abs("testdata/sigint_idle.pya")
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/sigint_idle.err")
	require.NoError(t, err)
	cmd := child(t, script)
	stdout, stderr := startPiped(t, cmd)
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	require.NoError(t, err, stderr.String())
	var fd int
	_, err = fmt.Sscanf(line, "waiting on fd %d\n", &fd)
	require.NoError(t, err, line)

	pid := cmd.Process.Pid
	deadline := time.Now().Add(expectWait)
	for !idleInEpoll(t, pid, fd) {
		if time.Now().After(deadline) {
			t.Fatalf("the loop never went idle in epoll_wait on the socket (fd %d)", fd)
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, _ := io.ReadAll(out)
	err = cmd.Wait()
	assert.Equal(t, "finally in main\nfinally at the top\n", string(rest))
	assert.Equal(t, string(want), dropLibraryFrames(stderr.String(), script))
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	ws := ee.Sys().(syscall.WaitStatus)
	assert.True(t, ws.Signaled() && ws.Signal() == syscall.SIGINT, "ended by %v, not by SIGINT", ee)
}

// idleInEpoll reports whether a thread of process pid is blocked in
// epoll_wait, with no timeout, on the epoll instance that watches fd
// (the loop's poller; the Go runtime's own netpoller is another one).
func idleInEpoll(t *testing.T, pid, fd int) bool {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return false
	}
	epfd := -1
	watched := regexp.MustCompile(fmt.Sprintf(`(?m)^tfd:\s+%d\s`, fd))
	for _, e := range ents {
		link, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, e.Name()))
		if link != "anon_inode:[eventpoll]" {
			continue
		}
		info, _ := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%s", pid, e.Name()))
		if watched.Match(info) {
			fmt.Sscan(e.Name(), &epfd)
		}
	}
	if epfd < 0 {
		return false
	}
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, task := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/syscall", pid, task.Name()))
		if err != nil {
			t.Skipf("cannot read a thread's system call: %v", err)
		}
		// "NR arg1 arg2 arg3 arg4 ...": epoll_wait/epoll_pwait(epfd,
		// events, maxevents, timeout)
		f := strings.Fields(string(b))
		if len(f) > 4 && epollWaitNR[f[0]] && f[1] == fmt.Sprintf("0x%x", epfd) && f[4] == "0xffffffffffffffff" {
			return true
		}
	}
	return false
}

// epollWaitNR holds the numbers of epoll_wait and epoll_pwait (x86-64,
// and arm64, which only has epoll_pwait).
var epollWaitNR = map[string]bool{"232": true, "281": true, "22": true}

// dropLibraryFrames keeps a traceback's entries of the script only
// (library files differ between pyasync and python3) and writes the
// script's path as SCRIPT.
func dropLibraryFrames(s, script string) string {
	var b strings.Builder
	lines := strings.SplitAfter(s, "\n")
	for i := 0; i < len(lines); {
		l := lines[i]
		if !strings.HasPrefix(l, `  File "`) {
			b.WriteString(l)
			i++
			continue
		}
		j := i + 1
		for j < len(lines) && strings.HasPrefix(lines[j], "    ") {
			j++
		}
		if strings.HasPrefix(l, `  File "`+script+`"`) {
			b.WriteString(strings.Replace(l, script, "SCRIPT", 1))
			for _, s := range lines[i+1 : j] {
				b.WriteString(s)
			}
		}
		i = j
	}
	return b.String()
}

// TestSIGINTIgnoredAtStart: a process started with SIGINT ignored (a
// background job of a shell script, nohup) keeps ignoring it, and
// signal.getsignal says SIG_IGN, as in CPython.
func TestSIGINTIgnoredAtStart(t *testing.T) {
	cmd := child(t, "-c", "import signal, sys\nprint(signal.getsignal(signal.SIGINT), flush=True)\nsys.stdin.readline()\nprint('still here')")
	// a shell ignores SIGINT and execs the child, which inherits that
	// (signal.Ignore here would stay in this process: signal.Reset does not
	// undo it, and later prompt tests' children would ignore Ctrl-C)
	cmd.Args = append([]string{"/bin/sh", "-c", `trap "" INT; exec "$0" "$@"`}, cmd.Args...)
	cmd.Path = "/bin/sh"
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	err = cmd.Start()
	require.NoError(t, err)
	defer cmd.Process.Kill()
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	require.NoError(t, err, stderr.String())
	assert.Equal(t, "1\n", line)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	_, err = stdin.Write([]byte("\n"))
	require.NoError(t, err)
	require.NoError(t, stdin.Close())
	rest, _ := io.ReadAll(out)
	require.NoError(t, cmd.Wait(), stderr.String())
	assert.Equal(t, "still here\n", string(rest))
}
