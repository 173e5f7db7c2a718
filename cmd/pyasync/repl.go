package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
		ed := &lineEditor{paste: &pasteReader{r: f}}
		if o, ok := stdout.(*os.File); ok && isTerminal(o) {
			ed.term = o
		}
		rl, err := readline.NewEx(&readline.Config{
			HistoryFile:     filepath.Join(home, ".pyasync_history"),
			InterruptPrompt: "^C",
			EOFPrompt:       "",
			Stdin:           ed.paste,
			Listener:        ed,
			Stdout:          stdout,
			Stderr:          stderr,
			AutoComplete:    completer{&sess},
		})
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: %v\n", err)
			return 1
		}
		defer rl.Close()
		ed.rl = rl
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

// lineEditor reads the prompt's lines with readline. A `...` line starts
// pre-filled by autoIndent; a bracketed paste (pasteReader) goes in
// literally, its lines handed out one by one without auto-indent.
type lineEditor struct {
	rl      *readline.Instance
	paste   *pasteReader
	term    *os.File // the terminal output, for bracketed paste mode; or nil
	reading atomic.Bool
	prev    string // the line returned last

	mu      sync.Mutex
	prefill string   // what the line being read started with
	pasted  []string // lines of a paste not returned yet, the last one unfinished
}

// ReadLine implements pyasync.LineReader.
func (e *lineEditor) ReadLine(prompt string) (string, error) {
	e.mu.Lock()
	var line string
	rest := len(e.pasted)
	if rest > 0 {
		line, e.pasted = e.pasted[0], e.pasted[1:]
	}
	e.mu.Unlock()
	if rest > 1 { // a whole pasted line: shown after the prompt, not edited
		fmt.Fprintf(e.rl.Config.Stdout, "%s%s\n", prompt, line)
		_ = e.rl.SaveHistory(line)
		e.prev = line
		return line, nil
	}
	fill := line // the unfinished end of a paste stays editable
	if fill == "" && prompt == "... " {
		fill = autoIndent(e.prev)
	}
	e.mu.Lock()
	e.prefill = fill
	e.mu.Unlock()
	e.rl.SetPrompt(prompt)
	if e.term != nil {
		io.WriteString(e.term, pasteOn)
	}
	e.reading.Store(true)
	line, err := e.rl.ReadlineWithDefault(fill)
	e.reading.Store(false)
	if e.term != nil {
		io.WriteString(e.term, pasteOff)
	}
	e.prev = line
	if errors.Is(err, readline.ErrInterrupt) {
		e.mu.Lock()
		e.pasted = nil
		e.mu.Unlock()
		return "", pyasync.ErrInterrupt
	}
	return line, err
}

// OnChange implements readline.Listener: it replaces a paste's mark by
// the paste's first line and keeps the others for the following
// ReadLines. The whitespace before the mark (the pre-filled indentation)
// goes when the paste's first line has indentation of its own, and stays
// when it has none (text copied from its first non-blank character on). Called on readline's goroutine.
func (e *lineEditor) OnChange(line []rune, pos int, key rune) ([]rune, int, bool) {
	if key != pasteMark {
		return nil, 0, false
	}
	i := slices.Index(line, pasteMark)
	text, ok := e.paste.next()
	if i < 0 || !ok {
		return nil, 0, false
	}
	before, after := string(line[:i]), string(line[i+1:])
	lines := strings.Split(text, "\n")
	if strings.TrimSpace(before) == "" && strings.TrimLeft(lines[0], " \t") != lines[0] {
		before = "" // the paste brings its own indentation
	}
	lines[0] = before + lines[0]
	end := len([]rune(lines[len(lines)-1]))
	lines[len(lines)-1] += after
	if len(lines) > 1 {
		e.mu.Lock()
		e.pasted = lines[1:]
		e.mu.Unlock()
		end = len([]rune(lines[0]))
	}
	return []rune(lines[0]), end, true
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
