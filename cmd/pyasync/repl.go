package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/chzyer/readline"

	"github.com/pyasync/pyasync"
)

// repl runs the interactive prompt on a terminal: the line editing is
// readline's, everything else is the root package's Session.
func repl(cfg *config, stdout, stderr io.Writer) int {
	it := cfg.interpreter(os.Stdin, stdout, stderr, []string{""}, []string{"."})
	sess := it.Interactive()
	home, _ := os.UserHomeDir()
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          ">>> ",
		HistoryFile:     home + "/.pyasync_history",
		InterruptPrompt: "^C",
		EOFPrompt:       "",
		Stdout:          stdout,
		Stderr:          stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: %v\n", err)
		return 1
	}
	defer rl.Close()
	fmt.Fprintf(stdout, "pyasync %s (Python 3.11 compatible)\nType Ctrl-D to exit; top-level await works.\n", pyasync.Version)
	for {
		if sess.Pending() {
			rl.SetPrompt("... ")
		} else {
			rl.SetPrompt(">>> ")
		}
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			sess.Reset()
			fmt.Fprintln(stderr, "KeyboardInterrupt")
			continue
		}
		if err != nil { // io.EOF
			fmt.Fprintln(stdout)
			return 0
		}
		if code, stop := feed(sess, line, stdout, stderr); stop {
			return code
		}
	}
}

// feed gives one line to the session and reports its outcome; stop is true
// when the program asked to exit.
func feed(sess *pyasync.Session, line string, stdout, stderr io.Writer) (code int, stop bool) {
	_, err := sess.Feed(line)
	if f, ok := stdout.(interface{ Flush() error }); ok {
		f.Flush()
	}
	if err == nil {
		return 0, false
	}
	var ee *pyasync.ExitError
	if errors.As(err, &ee) {
		fmt.Fprint(stderr, pyasync.FormatError(err))
		return ee.Code, true
	}
	fmt.Fprint(stderr, pyasync.FormatError(err))
	return 0, false
}
