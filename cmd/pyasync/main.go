// Command pyasync runs pyasync scripts.
//
//	pyasync FILE [ARGS...]     run a script
//	pyasync -c CODE [ARGS...]  run a program passed as a string
//	pyasync -m MODULE [ARGS..] run a module found on the module path
//	pyasync - [ARGS...]        run the program read from standard input
//	pyasync --dis FILE         print the bytecode listing of a script
//	pyasync --version
//	pyasync --sandbox FILE     run with no capability (no files, network,
//	                           processes or environment)
//	pyasync --allow=fs,net,process,env FILE   run with only these
//	pyasync --max-memory=512M --max-time=10s FILE   limits
//	pyasync --virtual-time FILE   event loops on a virtual clock
//	pyasync -i FILE [ARGS...]  run a script, then the interactive prompt
//	pyasync -m asyncio         the interactive prompt (as python -m asyncio)
//	pyasync                    the interactive prompt (when stdin is a terminal)
//
// SIGQUIT (kill -QUIT) prints every task's await chain on stderr and the
// program goes on. It is built only on the root package's embedding API.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pyasync/pyasync"
	_ "github.com/pyasync/pyasync/cmd/pyasync/internal/early" // before the other inits
	"golang.org/x/sys/unix"
)

const usage = `usage: pyasync [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options:
  -c cmd    program passed in as string (terminates option list)
  -i        inspect interactively after running script (the prompt)
  -m mod    run library module as a script (terminates option list);
            -m asyncio starts the interactive prompt
  -         read program from stdin
  --dis     print the bytecode of the script instead of running it
  -X dev    development mode: asyncio's debug mode (slow callbacks, where
            never-awaited coroutines were created; also PYTHONASYNCIODEBUG=1)
  -B        don't write compiled scripts to the code cache (also
            PYTHONDONTWRITEBYTECODE=x); entries already there are used
  -X pycache_prefix=DIR
            keep the code cache in DIR (also PYTHONPYCACHEPREFIX=DIR;
            default: the user cache directory's pyasync, ~/.cache/pyasync)
  -h        print this help message and exit (also --help)
  --version print the pyasync version and exit
  --sandbox run with no capability: no files, network, processes or
            environment variables
  --allow=fs,net,process,env
            run with only the capabilities listed
  --max-memory=N[K|M|G]
            stop the program when its memory grows by more than N bytes
  --max-time=DURATION
            stop the program after DURATION (10s, 1m30s; a plain number
            is seconds)
  --virtual-time
            run event loops on a virtual clock: when every task waits on
            timers only, time jumps to the next deadline (tests full of
            sleeps and timeouts run at once, in real-time order)
`

func main() {
	if os.Getenv("GOGC") == "" {
		// measured: fannkuch 2.65 s -> 1.78 s for 14 -> 26 MB at GOGC=400
		tuneGC(48 << 20)
		pacer = newGCPacer()
	}
	// A write to a closed pipe returns EPIPE (BrokenPipeError) instead of
	// killing the process, as in CPython, which ignores SIGPIPE; children
	// still start with the default action.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	stop := startProfiles()
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the CLI; it returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	sink := &stdoutSink{w: stdout}
	out := bufio.NewWriterSize(sink, 64*1024)
	defer out.Flush()
	if f, ok := stdout.(*os.File); ok && isTerminal(f) {
		// interactive output appears as it is printed
		out = bufio.NewWriterSize(lineFlusher{sink}, 16)
	}
	dis, inspect := false, false
	cfg := config{allow: pyasync.AllowAll, sink: sink}
	for len(args) > 0 {
		if ok, err := cfg.option(args[0]); ok {
			if err != nil {
				fmt.Fprintf(stderr, "pyasync: %v\n%s", err, usage)
				return 2
			}
			args = args[1:]
			continue
		}
		switch a := args[0]; a {
		case "-h", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		case "--version", "-V":
			fmt.Fprintf(stdout, "pyasync %s (Python %s compatible)\n", pyasync.Version, "3.11")
			return 0
		case "--dis":
			dis = true
			args = args[1:]
			continue
		case "-X":
			if len(args) < 2 {
				fmt.Fprintf(stderr, "Argument expected for the -X option\n%s", usage)
				return 2
			}
			cfg.xoption(args[1])
			args = args[2:]
			continue
		case "-i":
			inspect = true
			args = args[1:]
			continue
		case "-B":
			cfg.noWriteCode = true
			args = args[1:]
			continue
		case "-c", "-m":
			if len(args) < 2 {
				fmt.Fprintf(stderr, "Argument expected for the %s option\n%s", a, usage)
				return 2
			}
			argv := append([]string{a}, args[2:]...)
			if a == "-m" && args[1] == "asyncio" && !dis {
				out.Flush()
				return repl(&cfg, stdin, stdout, stderr, []string{""}, "")
			}
			cfg.cacheScripts = a == "-m"
			it := cfg.interpreter(stdin, out, stderr, argv, []string{"."})
			if a == "-c" {
				if dis {
					return cfg.report(pyasync.Disassemble([]byte(args[1]), "<string>", out), out, stderr)
				}
				return cfg.report(runSource(it, []byte(args[1]), "<string>"), out, stderr)
			}
			return cfg.report(it.RunModule(context.Background(), args[1]), out, stderr)
		case "-":
			args = args[1:]
			return runStdin(&cfg, args, stdin, out, stderr, dis)
		default:
			if strings.HasPrefix(a, "-X") {
				cfg.xoption(a[2:])
				args = args[1:]
				continue
			}
			if len(a) > 1 && a[0] == '-' {
				fmt.Fprintf(stderr, "unknown option %s\n%s", a, usage)
				return 2
			}
		}
		break
	}
	if len(args) == 0 {
		if f, ok := stdin.(*os.File); (ok && isTerminal(f) || inspect) && !dis {
			out.Flush()
			return repl(&cfg, stdin, stdout, stderr, []string{""}, "")
		}
		return runStdin(&cfg, nil, stdin, out, stderr, dis)
	}
	file := args[0]
	if dis {
		src, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: can't open file '%s': %v\n", file, err)
			return 2
		}
		return cfg.report(pyasync.Disassemble(src, file, out), out, stderr)
	}
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(stderr, "pyasync: can't open file '%s': [Errno 2] No such file or directory\n", file)
		return 2
	}
	if inspect {
		out.Flush()
		return repl(&cfg, stdin, stdout, stderr, args, file)
	}
	cfg.cacheScripts = true
	script := absScript(file)
	if dir, _ := cfg.codeCache(); cfg.allow&pyasync.AllowFS != 0 {
		prep := pyasync.PrepareFile(dir, script)
		it := cfg.interpreter(stdin, out, stderr, args, nil)
		return cfg.report(it.RunPrepared(context.Background(), prep), out, stderr)
	}
	it := cfg.interpreter(stdin, out, stderr, args, nil)
	return cfg.report(it.RunFile(context.Background(), script), out, stderr)
}

// absScript is the main script's path as CPython 3.9+ gives it in
// __file__, code objects and tracebacks: joined to the working directory
// when relative, without cleaning ("./x.py" becomes "/cwd/./x.py");
// sys.argv[0] stays as given.
func absScript(file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	wd, err := os.Getwd()
	if err != nil {
		return file
	}
	return strings.TrimSuffix(wd, string(filepath.Separator)) + string(filepath.Separator) + file
}

// runSource compiles and runs a program given as text.
func runSource(it *pyasync.Interpreter, src []byte, filename string) error {
	p, err := pyasync.Compile(filename, src)
	if err != nil {
		return err
	}
	// CPython has no source lines to show for -c and stdin programs
	return it.Run(context.Background(), p.WithoutSource())
}

func runStdin(cfg *config, args []string, stdin io.Reader, out *bufio.Writer, stderr io.Writer, dis bool) int {
	src, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: reading stdin: %v\n", err)
		return 2
	}
	if dis {
		return cfg.report(pyasync.Disassemble(src, "<stdin>", out), out, stderr)
	}
	argv := append([]string{"-"}, args...)
	if len(args) == 0 {
		argv = []string{""}
	}
	it := cfg.interpreter(stdin, out, stderr, argv, []string{"."})
	return cfg.report(runSource(it, src, "<stdin>"), out, stderr)
}

// config is what the options say about the interpreter.
type config struct {
	// it is the interpreter of the run (nil until made): report prints a
	// script exception through it (sys.excepthook, sys.stderr).
	it     *pyasync.Interpreter
	allow  pyasync.Capability
	limits pyasync.Limits
	// virtual is --virtual-time.
	virtual bool
	// sink is the stdout under the CLI's buffer (write failures)
	sink *stdoutSink
	// devMode is -X dev: asyncio's debug mode.
	devMode bool
	// cacheScripts: the run's script and the modules it imports go
	// through the code cache (a file given on the command line or -m; as
	// in CPython, -c and standard input are not cached).
	cacheScripts bool
	// noWriteCode is -B: the code cache is read, never written.
	noWriteCode bool
	// pycachePrefix is -X pycache_prefix=DIR: the code cache's directory.
	pycachePrefix string
}

// xoption applies an implementation option (-X name[=value]). Only dev
// has an effect; others are accepted and ignored, as CPython does with the
// options it does not know.
func (c *config) xoption(opt string) {
	switch name, val, _ := strings.Cut(opt, "="); name {
	case "dev":
		c.devMode = true
	case "pycache_prefix":
		c.pycachePrefix = val
	}
}

// option parses one of the sandbox and limit options; ok is false for
// other arguments.
func (c *config) option(a string) (ok bool, err error) {
	name, val, hasVal := strings.Cut(a, "=")
	switch name {
	case "--sandbox":
		c.allow = 0
		return true, nil
	case "--virtual-time":
		c.virtual = true
		return true, nil
	case "--allow":
		c.allow = 0
		for _, n := range strings.Split(val, ",") {
			switch strings.TrimSpace(n) {
			case "fs":
				c.allow |= pyasync.AllowFS
			case "net":
				c.allow |= pyasync.AllowNet
			case "process":
				c.allow |= pyasync.AllowProcess
			case "env":
				c.allow |= pyasync.AllowEnv
			case "all":
				c.allow |= pyasync.AllowAll
			case "", "none":
			default:
				return true, fmt.Errorf("unknown capability %q (fs, net, process, env)", n)
			}
		}
		return true, nil
	case "--max-memory":
		n, err := parseSize(val)
		if err != nil || !hasVal {
			return true, fmt.Errorf("--max-memory needs a size such as 512M, not %q", val)
		}
		c.limits.MaxMemory = n
		return true, nil
	case "--max-time":
		d, err := time.ParseDuration(val)
		if err != nil {
			var f float64
			f, err = strconv.ParseFloat(val, 64)
			d = time.Duration(f * float64(time.Second))
		}
		if err != nil || d <= 0 {
			return true, fmt.Errorf("--max-time needs a duration such as 10s, not %q", val)
		}
		c.limits.MaxDuration = d
		return true, nil
	}
	return false, nil
}

// parseSize reads a byte count with an optional K, M or G suffix (powers
// of 1024).
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch strings.ToUpper(s[min(len(s), max(len(s)-1, 0)):]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// interpreter makes the interpreter for a run: the options' capabilities
// and limits, and the module path (the given directories, then those of
// PYASYNCPATH when the environment may be read).
func (c *config) interpreter(stdin io.Reader, out, stderr io.Writer, argv, path []string) *pyasync.Interpreter {
	if env := os.Getenv("PYASYNCPATH"); env != "" && c.allow&pyasync.AllowEnv != 0 {
		path = append(path, filepath.SplitList(env)...)
	}
	dir, readOnly := c.codeCache()
	it := pyasync.New(pyasync.Options{Stdin: stdin, Stdout: out, Stderr: stderr, Args: argv, Path: path, Allow: c.allow, Limits: c.limits,
		AsyncDebug: c.devMode, DevMode: c.devMode, VirtualTime: c.virtual, CodeCache: dir, CodeCacheReadOnly: readOnly})
	it.HandleSignals()
	if pacer != nil {
		it.VM().SetBreakerHook(pacer.poll)
	}
	dumpTasksOnQuit(it, stderr)
	c.it = it
	return it
}

// codeCache is the directory of the code cache for this run ("" for none)
// and whether it is only read: -X pycache_prefix, else PYTHONPYCACHEPREFIX,
// else "pyasync" in the user's cache directory ($XDG_CACHE_HOME or
// ~/.cache on Linux); -B or PYTHONDONTWRITEBYTECODE make it read-only.
// The environment is read only when the run may read it (AllowEnv).
func (c *config) codeCache() (dir string, readOnly bool) {
	if !c.cacheScripts {
		return "", false
	}
	env := func(name string) string {
		if c.allow&pyasync.AllowEnv == 0 {
			return ""
		}
		return os.Getenv(name)
	}
	readOnly = c.noWriteCode || env("PYTHONDONTWRITEBYTECODE") != ""
	switch {
	case c.pycachePrefix != "":
		return c.pycachePrefix, readOnly
	case env("PYTHONPYCACHEPREFIX") != "":
		return env("PYTHONPYCACHEPREFIX"), readOnly
	}
	if c.allow&pyasync.AllowEnv == 0 {
		return "", false // the user cache directory comes from the environment
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", false
	}
	return filepath.Join(base, "pyasync"), readOnly
}

// dumpTasksOnQuit prints the task view on stderr when the process gets
// SIGQUIT (kill -QUIT, Ctrl-\ on a terminal); the program goes on.
func dumpTasksOnQuit(it *pyasync.Interpreter, stderr io.Writer) {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	go func() {
		for range quit {
			if err := it.WriteTasks(stderr); err != nil {
				fmt.Fprintf(stderr, "%v\n", err)
			}
		}
	}()
}

// report prints an error the way CPython does and picks the exit code.
// A standard output that cannot be written at exit (a full disk, a closed
// pipe) is reported as CPython reports it: "Exception ignored in: <stdout>"
// with the OSError, and status 120; when a write already failed while the
// program ran, the program has seen the error and nothing more is printed.
func (c *config) report(err error, out *bufio.Writer, stderr io.Writer) int {
	failedBefore := c.sink != nil && c.sink.failed
	ferr := out.Flush()
	code := 0
	if err != nil {
		var ee *pyasync.ExitError
		var pe *pyasync.Error
		if c.it != nil && errors.As(err, &pe) {
			// through sys.excepthook / sys.stderr, which the script may
			// have replaced; what a hook prints goes out too
			c.it.ReportError(err)
			if ferr == nil {
				ferr = out.Flush()
			}
		} else {
			fmt.Fprint(stderr, pyasync.FormatError(err))
		}
		switch {
		case errors.As(err, &ee):
			code = ee.Code
		case pyasync.IsKeyboardInterrupt(err):
			// CPython ends by the signal itself (status 130 in a shell)
			pyasync.ExitBySignal()
		default:
			code = 1
		}
	}
	if ferr != nil && c.sink != nil && !failedBefore {
		fmt.Fprintf(stderr, "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n%s\n", describeWriteError(ferr))
		code = 120
	}
	return code
}

// describeWriteError is "OSError: [Errno 28] No space left on device" for
// a failed write to stdout.
func describeWriteError(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return "OSError: " + err.Error()
	}
	cls := "OSError"
	if errno == syscall.EPIPE {
		cls = "BrokenPipeError"
	}
	msg := errno.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return fmt.Sprintf("%s: [Errno %d] %s", cls, int(errno), msg)
}

// stdoutSink is the file under the CLI's stdout buffer; it remembers
// whether a write has failed.
type stdoutSink struct {
	w      io.Writer
	failed bool
}

func (s *stdoutSink) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		s.failed = true
	}
	return n, err
}

type lineFlusher struct{ w io.Writer }

func (l lineFlusher) Write(p []byte) (int, error) { return l.w.Write(p) }

// isTerminal reports whether f is a terminal (not merely a character
// device such as /dev/null or /dev/full).
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	return err == nil
}
