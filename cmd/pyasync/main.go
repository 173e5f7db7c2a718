// Command pyasync runs pyasync scripts.
//
//	pyasync FILE [ARGS...]     run a script
//	pyasync -c CODE [ARGS...]  run a program passed as a string
//	pyasync -m MODULE [ARGS..] run a module found on the module path
//	pyasync - [ARGS...]        run the program read from standard input
//	pyasync --dis FILE         print the bytecode listing of a script
//	pyasync --version
//	pyasync                    the interactive prompt (when stdin is a terminal)
//
// It is built only on the root package's embedding API.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pyasync/pyasync"
)

const usage = `usage: pyasync [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options:
  -c cmd    program passed in as string (terminates option list)
  -m mod    run library module as a script (terminates option list)
  -         read program from stdin
  --dis     print the bytecode of the script instead of running it
  -h        print this help message and exit (also --help)
  --version print the pyasync version and exit
`

func main() {
	if os.Getenv("GOGC") == "" {
		// measured: fannkuch 2.65 s -> 1.78 s for 14 -> 26 MB at GOGC=400
		tuneGC(48 << 20)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the CLI; it returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	out := bufio.NewWriterSize(stdout, 64*1024)
	defer out.Flush()
	if f, ok := stdout.(*os.File); ok && isTerminal(f) {
		// interactive output appears as it is printed
		out = bufio.NewWriterSize(lineFlusher{f}, 16)
	}
	dis := false
	for len(args) > 0 {
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
		case "-c", "-m":
			if len(args) < 2 {
				fmt.Fprintf(stderr, "Argument expected for the %s option\n%s", a, usage)
				return 2
			}
			argv := append([]string{a}, args[2:]...)
			it := pyasync.New(pyasync.Options{Stdin: stdin, Stdout: out, Stderr: stderr, Args: argv, Path: []string{"."}})
			it.HandleSignals()
			if a == "-c" {
				if dis {
					return report(pyasync.Disassemble([]byte(args[1]), "<string>", out), out, stderr)
				}
				return report(it.RunString(args[1], "<string>"), out, stderr)
			}
			return report(it.RunModule(args[1]), out, stderr)
		case "-":
			args = args[1:]
			return runStdin(args, stdin, out, stderr, dis)
		default:
			if len(a) > 1 && a[0] == '-' {
				fmt.Fprintf(stderr, "unknown option %s\n%s", a, usage)
				return 2
			}
		}
		break
	}
	if len(args) == 0 {
		if f, ok := stdin.(*os.File); ok && isTerminal(f) && !dis {
			out.Flush()
			return repl(stdout, stderr)
		}
		return runStdin(nil, stdin, out, stderr, dis)
	}
	file := args[0]
	if dis {
		src, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: can't open file '%s': %v\n", file, err)
			return 2
		}
		return report(pyasync.Disassemble(src, file, out), out, stderr)
	}
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(stderr, "pyasync: can't open file '%s': [Errno 2] No such file or directory\n", file)
		return 2
	}
	it := pyasync.New(pyasync.Options{Stdin: stdin, Stdout: out, Stderr: stderr, Args: args})
	it.HandleSignals()
	return report(it.RunFile(file), out, stderr)
}

func runStdin(args []string, stdin io.Reader, out *bufio.Writer, stderr io.Writer, dis bool) int {
	src, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: reading stdin: %v\n", err)
		return 2
	}
	if dis {
		return report(pyasync.Disassemble(src, "<stdin>", out), out, stderr)
	}
	argv := append([]string{"-"}, args...)
	if len(args) == 0 {
		argv = []string{""}
	}
	it := pyasync.New(pyasync.Options{Stdin: stdin, Stdout: out, Stderr: stderr, Args: argv, Path: []string{"."}})
	it.HandleSignals()
	return report(it.RunString(string(src), "<stdin>"), out, stderr)
}

// report prints an error the way CPython does and picks the exit code.
func report(err error, out *bufio.Writer, stderr io.Writer) int {
	out.Flush()
	if err == nil {
		return 0
	}
	var ee *pyasync.ExitError
	if errors.As(err, &ee) {
		fmt.Fprint(stderr, pyasync.FormatError(err))
		return ee.Code
	}
	fmt.Fprint(stderr, pyasync.FormatError(err))
	if pyasync.IsKeyboardInterrupt(err) {
		// CPython ends by the signal itself (status 130 in a shell)
		out.Flush()
		pyasync.ExitBySignal()
	}
	return 1
}

type lineFlusher struct{ f *os.File }

func (l lineFlusher) Write(p []byte) (int, error) { return l.f.Write(p) }

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
