package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/require"
)

// The prompt driven through a real pseudo-terminal: the CLI binary runs
// with the pty as its controlling terminal, so readline sees a terminal
// and Ctrl-C (byte 0x03 while no line is being read) reaches the process
// as SIGINT from the terminal driver. Nothing here measures time: each
// step waits for the output it expects, with a generous deadline.

// expectWait is how long a step waits for its output (the machine may be
// loaded).
const expectWait = 60 * time.Second

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// pyasyncBinary builds the CLI once per test run.
func pyasyncBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pyasync-pty")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "pyasync")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

// ptySession is one run of the prompt on a pseudo-terminal.
type ptySession struct {
	t    *testing.T
	f    *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer // what the terminal showed, escapes removed
	raw  bytes.Buffer // what the terminal was sent
	seen int          // how much of out earlier expects consumed
	done chan struct{}
	err  error
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

func startPrompt(t *testing.T, home string, args ...string) *ptySession {
	t.Helper()
	cmd := exec.Command(pyasyncBinary(t), args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "TERM=xterm")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	require.NoError(t, err)
	p := &ptySession{t: t, f: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		var raw []byte
		for {
			n, err := f.Read(buf)
			if n > 0 {
				raw = append(raw, buf[:n]...)
				// an escape sequence may be split between reads: keep
				// an unfinished one for the next read
				cut := len(raw)
				if i := bytes.LastIndexByte(raw, 0x1b); i >= 0 && len(raw)-i < 16 && ansi.FindIndex(raw[i:]) == nil {
					cut = i
				}
				p.mu.Lock()
				p.raw.Write(buf[:n])
				p.out.Write(ansi.ReplaceAll(raw[:cut], nil))
				p.mu.Unlock()
				raw = append([]byte(nil), raw[cut:]...)
			}
			if err != nil {
				break
			}
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		f.Close()
	})
	return p
}

// send types text on the terminal.
func (p *ptySession) send(s string) {
	p.t.Helper()
	_, err := p.f.Write([]byte(s))
	require.NoError(p.t, err)
}

// expect waits until the terminal has shown want after what earlier
// expects consumed, and consumes up to its end.
func (p *ptySession) expect(want string) {
	p.t.Helper()
	deadline := time.Now().Add(expectWait)
	for {
		p.mu.Lock()
		s := p.out.String()[p.seen:]
		if i := strings.Index(s, want); i >= 0 {
			p.seen += i + len(want)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		if time.Now().After(deadline) {
			p.t.Fatalf("the prompt did not show %q; it showed:\n%s", want, s)
		}
		select {
		case <-p.done:
			p.mu.Lock()
			s := p.out.String()[p.seen:]
			p.mu.Unlock()
			if !strings.Contains(s, want) {
				p.t.Fatalf("the prompt exited (%v) without showing %q; it showed:\n%s", p.err, want, s)
			}
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// exited waits for the process to end and returns its error.
func (p *ptySession) exited() error {
	p.t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(expectWait):
		p.t.Fatal("the prompt did not exit")
		return nil
	}
}

func TestPromptPTY(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	home := t.TempDir()
	p := startPrompt(t, home)
	p.expect(">>> ")

	// expression echo, and _ holds the last result
	p.send("6 * 7\r")
	p.expect("\n42\n>>> ")
	p.send("_ + 1\r")
	p.expect("\n43\n>>> ")

	// Ctrl-C while typing drops the line; a bare exit prints the hint
	p.send("abc")
	p.expect("abc")
	p.send("\x03")
	p.expect("KeyboardInterrupt\n>>> ")
	p.send("exit\r")
	p.expect("\nUse exit() or Ctrl-D (i.e. EOF) to exit\n>>> ")

	// a one-line compound statement waits for the empty line
	p.send("for i in range(2): print('item', i)\r")
	p.expect("... ")
	p.send("\r")
	p.expect("item 0\nitem 1\n>>> ")

	// a multi-line def typed without indentation: after a colon the
	// `...` line starts indented four more, otherwise as the line before;
	// backspace takes the indentation away; a line of only the pre-filled
	// indentation ends the block
	p.send("def sq(x):\r")
	p.expect("...     ")
	p.send("y = x * x\r")
	p.expect("...     ")
	p.send("return y\r")
	p.expect("...     ")
	p.send("\r")
	p.expect(">>> ")
	p.send("sq(12)\r")
	p.expect("\n144\n>>> ")
	p.send("def sign(x):\r")
	p.expect("...     ")
	p.send("if x < 0:  # negative\r")
	p.expect("...         ")
	p.send("return -1\r")
	p.expect("...         ") // the next line, with its indentation
	p.send("\x7f\x7f\x7f\x7freturn 1\r")
	p.send("\r")
	p.expect(">>> ")
	p.send("sign(-5), sign(5)\r")
	p.expect("\n(-1, 1)\n>>> ")

	// a bracketed paste goes in literally: its own indentation, no
	// auto-indent on top, dedents kept; the prompt shows each line
	p.send(pasteStart + "def absdiff(a, b):\r    if a > b:\r        return a - b\r    else:\r        return b - a\r" + pasteEnd)
	p.expect("...         return b - a\n")
	p.send("\r")
	p.expect(">>> ")
	p.send("absdiff(3, 10), absdiff(10, 4)\r")
	p.expect("\n(7, 6)\n>>> ")
	// several statements in one paste at >>>, the last line left to edit
	p.send(pasteStart + "pa = 5\rpb = pa * 2\rpb + 1" + pasteEnd)
	p.expect(">>> pb + 1")
	p.send("00\r")
	p.expect("\n110\n>>> ")
	p.mu.Lock()
	raw := p.raw.String()
	p.mu.Unlock()
	require.Contains(t, raw, pasteOn, "bracketed paste mode is switched on")
	require.Contains(t, raw, pasteOff, "and off while an input runs")

	// completion of a name and of an attribute
	p.send("zebra_value = 5\r")
	p.expect(">>> ")
	p.send("zebra_v\t * 3\r")
	p.expect("\n15\n>>> ")
	p.send("class K:\r")
	p.send("attribute_name = 99\r")
	p.send("\r")
	p.expect(">>> ")
	p.send("K.attribute_n\t + 1\r")
	p.expect("\n100\n>>> ")

	// history recall: the up arrow brings back the last line
	p.send("1000 + 1\r")
	p.expect("\n1001\n>>> ")
	p.send("\x1b[A\r")
	p.expect("\n1001\n>>> ")

	// a background task advances while the prompt waits for input
	p.send("async def tick():\r")
	p.send("n = 0\r")
	p.send("while True:\r")
	p.send("n += 1\r")
	p.send("print('tick', n)\r")
	p.send("await asyncio.sleep(0.05)\r")
	p.send("\r")
	p.expect(">>> ")
	p.send("ticker = asyncio.create_task(tick())\r")
	p.expect("tick 1\n")
	p.expect("tick 3\n") // nothing typed meanwhile

	// Ctrl-C during a busy loop: KeyboardInterrupt, the session lives on
	p.send("def spin():\r")
	p.send("print('spinning')\r")
	p.send("while True: pass\r")
	p.send("\r")
	p.expect(">>> ")
	p.send("spin()\r")
	p.expect("spinning\n")
	p.send("\x03")
	p.expect("KeyboardInterrupt\n")
	p.send("sq(zebra_value)\r")
	p.expect("\n25\n")

	// Ctrl-C during await asyncio.sleep(30)
	p.send("print('sleeping'); await asyncio.sleep(30)\r")
	p.expect("sleeping\n")
	p.send("\x03")
	p.expect("KeyboardInterrupt\n")
	p.send("sq(3)\r")
	p.expect("\n9\n")

	// Ctrl-C during a blocking builtin (time.sleep)
	p.send("import time; print('napping'); time.sleep(300)\r")
	p.expect("napping\n")
	p.send("\x03")
	p.expect("KeyboardInterrupt\n")
	p.send("sq(4)\r")
	p.expect("\n16\n")

	// the background task survived all three
	p.send("ticker.done()\r")
	p.expect("\nFalse\n")
	p.expect("tick ")

	// Ctrl-D: a confirmation while a task runs, then exit
	p.send("\x04")
	p.expect("still running")
	if os.Getenv("PTY_DUMP") != "" {
		t.Logf("%s", p.out.String())
	}
	p.send("\x04")
	require.NoError(t, p.exited())

	// history is kept across sessions
	p = startPrompt(t, home)
	p.expect(">>> ")
	p.send("\x1b[A\r")
	p.expect("ticker.done()")
	// the recalled line runs (ticker is gone with the old session); Ctrl-D
	// only once the prompt reads again, or the terminal's switch back to
	// raw mode may drop it
	p.expect("NameError: name 'ticker' is not defined")
	p.expect(">>> ")
	if os.Getenv("PTY_DUMP") != "" {
		t.Logf("%s", p.out.String())
	}
	p.send("\x04")
	require.NoError(t, p.exited())
}

// TestQuitDumpsTasks: SIGQUIT prints every task's await chain on stderr
// and the program goes on.
func TestQuitDumpsTasks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	script := filepath.Join(t.TempDir(), "q.pya")
	flag := filepath.Join(filepath.Dir(script), "go-on")
	require.NoError(t, os.WriteFile(script, []byte(`import asyncio
import os
import sys

async def worker(q):
    while True:
        item = await q.get()

async def main():
    q = asyncio.Queue()
    w = asyncio.create_task(worker(q), name='worker')
    await asyncio.sleep(0)
    print('ready', flush=True)
    while not os.path.exists(sys.argv[1]):
        await asyncio.sleep(0.02)
    w.cancel()
    print('done')

asyncio.run(main())
`), 0o644))
	cmd := exec.Command(pyasyncBinary(t), script, flag)
	stdout, stderr := startPiped(t, cmd)
	buf := make([]byte, 6)
	_, err := io.ReadFull(stdout, buf)
	require.NoError(t, err)
	require.Equal(t, "ready\n", string(buf))
	require.NoError(t, cmd.Process.Signal(syscall.SIGQUIT))
	want := "    Task 'worker' (worker()) waits on Queue.get() of an empty Queue (maxsize 0; 1 getter waiting)\n      created at " + script + ":11 in main\n      File \"" + script + "\", line 7, in worker\n        item = await q.get()"
	deadline := time.Now().Add(expectWait)
	for !strings.Contains(stderr.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no task view on stderr; it shows:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.Contains(t, stderr.String(), "2 tasks not done\n  Task 'Task-1' (main()) waits on asyncio.sleep() (")
	require.NoError(t, os.WriteFile(flag, nil, 0o644))
	rest, _ := io.ReadAll(stdout)
	require.NoError(t, cmd.Wait())
	require.Equal(t, "done\n", string(rest))
}

// startPiped starts cmd with its stdout on a pipe and its stderr kept in
// a buffer; the process is killed when the test ends.
func startPiped(t *testing.T, cmd *exec.Cmd) (io.Reader, *syncBuffer) {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return stdout, stderr
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSignalHandlerIsNotDeadlock: a loop with nothing to do but a signal
// handler that could wake it waits for the signal instead of reporting a
// deadlock.
func TestSignalHandlerIsNotDeadlock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	script := filepath.Join(t.TempDir(), "sig.pya")
	require.NoError(t, os.WriteFile(script, []byte(`import asyncio
import signal

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, fut.set_result, 'usr1')
    print('waiting for SIGUSR1', flush=True)
    print(await fut)

asyncio.run(main())
`), 0o644))
	cmd := exec.Command(pyasyncBinary(t), script)
	stdout, stderr := startPiped(t, cmd)
	line := make([]byte, len("waiting for SIGUSR1\n"))
	_, err := io.ReadFull(stdout, line)
	require.NoError(t, err, stderr.String())
	require.NoError(t, cmd.Process.Signal(syscall.SIGUSR1))
	rest, _ := io.ReadAll(stdout)
	require.NoError(t, cmd.Wait(), stderr.String())
	require.Equal(t, "usr1\n", string(rest))
	require.Equal(t, "", stderr.String())
}

// TestPromptHelpPTY: help() at the prompt is python3's help> utility —
// its welcome text, topics read from the terminal, a clear line for
// keyword texts pyasync does not ship, "q" back to >>> with the goodbye
// text — and the session goes on afterwards.
func TestPromptHelpPTY(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	p := startPrompt(t, t.TempDir())
	p.expect(">>> ")
	p.send("help\r")
	p.expect("\nType help() for interactive help, or help(object) for help about object.\n>>> ")
	p.send("help()\r")
	p.expect("Welcome to Python 3.11's help utility!")
	p.expect("enter \"q\" or \"quit\".\n\nhelp> ")
	p.send("json.dumps\r")
	p.expect("Help on function dumps in json:\n\njson.dumps = dumps(obj, *, skipkeys=False,")
	p.expect("otherwise ``JSONEncoder`` is used.\n\nhelp> ")
	p.send("str.split\r")
	p.expect("Help on method_descriptor in str:\n\nstr.split = split(self, /, sep=None, maxsplit=-1)\n")
	p.expect("help> ")
	p.send("if\r")
	p.expect("No documentation for 'if': pyasync does not ship the texts of Python's\n")
	p.expect("help> ")
	p.send("q\r")
	p.expect("\nYou are now leaving help and returning to the Python interpreter.\n")
	p.expect("at the help> prompt.\n>>> ")
	// help(obj) at the prompt, then an empty line also leaves help>
	p.send("help(len)\r")
	p.expect("Help on built-in function len in module builtins:\n\nlen(obj, /)\n    Return the number of items in a container.\n")
	p.expect(">>> ")
	p.send("help()\r")
	p.expect("help> ")
	p.send("\r")
	p.expect("You are now leaving help")
	p.expect(">>> ")
	p.send("6 * 7\r")
	p.expect("\n42\n>>> ")
	p.send("\x04")
	require.NoError(t, p.exited())
}
