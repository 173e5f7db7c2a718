package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/chzyer/readline"

	"github.com/pyasync/pyasync"
)

// repl runs the interactive prompt: pyasync.Session.Serve with the line
// editor of chzyer/readline on a terminal (history in ~/.pyasync_history,
// tab completion by Session.Complete), or plain lines from stdin otherwise.
// script, when not empty, runs first in the same __main__ (pyasync -i).
func repl(cfg *config, stdin io.Reader, stdout, stderr io.Writer, argv []string, script string) int {
	var in pyasync.LineReader
	out, errw := stdout, stderr
	f, isFile := stdin.(*os.File)
	var sess *pyasync.Session
	if isFile && isTerminal(f) {
		home, _ := os.UserHomeDir()
		rl, err := readline.NewEx(&readline.Config{
			HistoryFile:     filepath.Join(home, ".pyasync_history"),
			InterruptPrompt: "^C",
			EOFPrompt:       "",
			Stdin:           f,
			Stdout:          stdout,
			Stderr:          stderr,
			AutoComplete:    completer{&sess},
		})
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: %v\n", err)
			return 1
		}
		defer rl.Close()
		ed := &lineEditor{rl: rl}
		in = ed
		// output while the user types is printed above the prompt line
		out = promptWriter{ed, stdout, rl.Stdout()}
		errw = promptWriter{ed, stderr, rl.Stderr()}
	} else {
		in = &plainReader{r: bufio.NewReader(stdin), prompts: stderr}
	}
	path := []string{"."}
	if script != "" {
		path = nil // the script's directory, as for a script run
	}
	it := cfg.interpreter(stdin, out, errw, argv, path)
	if script != "" {
		if err := it.RunFile(context.Background(), script); err != nil {
			fmt.Fprint(errw, pyasync.FormatError(err))
		}
	}
	sess = it.Interactive()
	fmt.Fprintf(errw, "pyasync %s (Python 3.11 compatible) asyncio REPL\nUse \"await\" directly instead of \"asyncio.run()\"; Ctrl-C cancels the running input, Ctrl-D exits.\n>>> import asyncio\n", pyasync.Version)
	err := sess.Serve(context.Background(), in)
	fmt.Fprintln(errw, "\nexiting asyncio REPL...")
	if err == nil {
		return 0
	}
	fmt.Fprint(errw, pyasync.FormatError(err))
	var ee *pyasync.ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

// lineEditor reads the prompt's lines with readline.
type lineEditor struct {
	rl      *readline.Instance
	reading atomic.Bool
}

// ReadLine implements pyasync.LineReader.
func (e *lineEditor) ReadLine(prompt string) (string, error) {
	e.rl.SetPrompt(prompt)
	e.reading.Store(true)
	line, err := e.rl.Readline()
	e.reading.Store(false)
	if errors.Is(err, readline.ErrInterrupt) {
		return "", pyasync.ErrInterrupt
	}
	return line, err
}

// promptWriter writes the program's output: above the prompt line (which
// readline redraws) while the user types, straight to the terminal while
// an input runs.
type promptWriter struct {
	ed       *lineEditor
	direct   io.Writer
	redrawer io.Writer
}

// Write implements io.Writer.
func (w promptWriter) Write(p []byte) (int, error) {
	if w.ed.reading.Load() {
		return w.redrawer.Write(p)
	}
	return w.direct.Write(p)
}

// plainReader reads lines from a stream that is not a terminal (prompts
// go to stderr, as python's).
type plainReader struct {
	r       *bufio.Reader
	prompts io.Writer
}

// ReadLine implements pyasync.LineReader.
func (p *plainReader) ReadLine(prompt string) (string, error) {
	fmt.Fprint(p.prompts, prompt)
	line, err := p.r.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	return line, nil
}

// completer is readline's tab completion, answered by the session.
type completer struct{ sess **pyasync.Session }

// Do implements readline.AutoCompleter: the candidates' remaining parts
// after the word before the cursor, and that word's length.
func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	s := *c.sess
	if s == nil {
		return nil, 0
	}
	cands, n := s.Complete(string(line[:pos]))
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		r := []rune(cand)
		if len(r) >= n {
			out = append(out, r[n:])
		}
	}
	return out, n
}
