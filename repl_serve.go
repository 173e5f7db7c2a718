package pyasync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/pyasync/pyasync/vm"
)

// LineReader is the terminal side of Session.Serve. ReadLine shows the
// prompt and returns one line without its newline; it returns
// ErrInterrupt when the user pressed Ctrl-C and io.EOF at the end of the
// input (Ctrl-D). Serve calls it on a goroutine of its own, one call at a
// time, and only while the session waits for input.
type LineReader interface {
	ReadLine(prompt string) (string, error)
}

// ErrInterrupt is what a LineReader returns for Ctrl-C at the prompt: the
// line being entered is dropped.
var ErrInterrupt = errors.New("pyasync: interrupted at the prompt")

// Prompts of the interactive session.
const (
	PromptPrimary   = ">>> "
	PromptSecondary = "... "
)

// serveState is the state of a running Serve (VM goroutine only).
type serveState struct {
	l   *vm.Loop
	t   *vm.Thread
	in  LineReader
	req chan string
	// quit ends the reader goroutine
	quit chan struct{}
	// queue holds lines to take before asking for more (the line after a
	// pasted block)
	queue []string
	// input is the task of the running input (top-level await)
	input *vm.Task
	// interrupted: Ctrl-C cancelled input
	interrupted bool
	eofWarned   bool
	stop        bool
	// result is what Serve returns (an *ExitError, an abort)
	result error
}

// serving is the loop of a running Serve, for Complete on other goroutines.
type serving = atomic.Pointer[vm.Loop]

// Serve runs the session until the input ends: the event loop runs on the
// calling goroutine all the time, also while the user types, so tasks
// started at the prompt (a server, a ticker) keep working between inputs.
// Lines come from in, read on a goroutine of its own and handed to the
// loop. Each input runs on the loop: its synchronous part at once, and an
// input that awaits as a task the prompt waits for. An interrupt of the VM
// (SIGINT: Ctrl-C while an input runs) cancels what the current input
// runs and prints KeyboardInterrupt; the session, its variables and its
// background tasks stay. End of input (Ctrl-D) ends Serve — when tasks
// are still running, only the second time in a row — and the tasks left
// are cancelled. asyncio is imported in __main__ first, as
// `python -m asyncio` does.
//
// Serve returns nil at the end of the input, an *ExitError when the
// program asked to exit, or the reason the run was aborted (ctx, limits).
func (s *Session) Serve(ctx context.Context, in LineReader) error {
	it := s.it
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	return it.guard(ctx, func() error {
		t := it.vm.Main()
		if _, err := s.exec(t, "import asyncio\n", "<prompt>"); err != nil {
			return err
		}
		l := it.vm.Loop()
		srv := &serveState{l: l, t: t, in: in, req: make(chan string, 1), quit: make(chan struct{})}
		s.srv = srv
		s.loop.Store(l)
		l.SetIdleHook(func() { l.ReportUnretrievedTasks(t) })
		defer func() {
			l.SetIdleHook(nil)
			s.loop.Store(nil)
			s.srv = nil
			close(srv.quit)
		}()
		go s.readLines(srv)
		s.next()
		for !srv.stop {
			if err := l.RunForever(t); err != nil {
				if err := s.loopError(err); err != nil {
					return err
				}
			}
		}
		s.cancelTasks()
		return srv.result
	})
}

// readLines is the reader goroutine: it reads a line each time the
// session asks for one and hands it to the loop.
func (s *Session) readLines(srv *serveState) {
	for {
		select {
		case prompt := <-srv.req:
			line, err := srv.in.ReadLine(prompt)
			srv.l.Post(func() {
				if s.srv == srv {
					s.onLine(line, err)
				}
			})
		case <-srv.quit:
			return
		}
	}
}

// next takes the next queued line or asks the reader for one.
func (s *Session) next() {
	srv := s.srv
	if srv.stop {
		return
	}
	if len(srv.queue) > 0 {
		line := srv.queue[0]
		srv.queue = srv.queue[1:]
		s.serveLine(line)
		return
	}
	// a task that ended with an exception nobody retrieved is reported
	// before the next prompt (and, by the idle hook, whenever the loop
	// waits)
	srv.l.ReportUnretrievedTasks(srv.t)
	prompt := PromptPrimary
	if s.Pending() {
		prompt = PromptSecondary
	}
	srv.req <- prompt
}

// onLine handles what the reader read.
func (s *Session) onLine(line string, err error) {
	srv := s.srv
	stderr := s.it.vm.Stderr
	switch {
	case errors.Is(err, ErrInterrupt):
		s.Reset()
		srv.queue = nil
		srv.eofWarned = false
		fmt.Fprintln(stderr, "KeyboardInterrupt")
		s.next()
	case err != nil:
		if n := s.runningTasks(); n > 0 && !srv.eofWarned && errors.Is(err, io.EOF) {
			srv.eofWarned = true
			s.Reset()
			fmt.Fprintf(stderr, "%d %s still running; press Ctrl-D again to exit (%s cancelled)\n",
				n, plural(n, "task is", "tasks are"), plural(n, "it will be", "they will be"))
			s.next()
			return
		}
		srv.stop = true
		srv.l.Stop()
	default:
		srv.eofWarned = false
		s.serveLine(line)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// serveLine takes one line: when it completes a statement, the statement
// runs (as a task when it awaits; the next prompt comes when it is done).
func (s *Session) serveLine(line string) {
	srv := s.srv
	st := s.take(line)
	if st.again {
		srv.queue = append([]string{line}, srv.queue...)
	}
	switch {
	case st.more:
	case st.err != nil:
		s.report(st.err)
	case st.src != "":
		if s.start(st.src) {
			return // the input task's end calls next
		}
	}
	s.next()
}

// start runs a statement; it reports whether it left a task running (an
// input that awaits).
func (s *Session) start(src string) bool {
	srv := s.srv
	r, err := s.exec(srv.t, src, "<stdin>")
	if err != nil {
		s.report(err)
		return false
	}
	g, ok := r.Object().(*vm.Generator)
	if !ok || !g.IsCoroutine() {
		return false
	}
	tk, err := srv.l.CreateTask(r, vm.Value{})
	if err != nil {
		s.report(err)
		return false
	}
	srv.input = tk
	srv.interrupted = false
	tk.AddDoneCallback(func(*vm.Future) { s.inputDone(srv, tk) })
	return true
}

// inputDone reports how an input task ended and asks for the next input.
func (s *Session) inputDone(srv *serveState, tk *vm.Task) {
	if s.srv != srv {
		return
	}
	if srv.input == tk {
		srv.input = nil
	}
	if tk.Cancelled() && srv.interrupted {
		fmt.Fprintln(s.it.vm.Stderr, "KeyboardInterrupt")
	} else if _, err := tk.Result(); err != nil {
		s.report(err)
	}
	srv.interrupted = false
	s.next()
}

// report prints what an input raised; SystemExit and aborts end the
// session.
func (s *Session) report(err error) {
	srv := s.srv
	if vm.IsAbort(err) {
		srv.result, srv.stop = err, true
		srv.l.Stop()
		return
	}
	err = s.it.finish(err)
	var ee *ExitError
	if errors.As(err, &ee) {
		srv.result, srv.stop = err, true
		srv.l.Stop()
		return
	}
	s.it.vm.FlushStdout()
	fmt.Fprint(s.it.vm.Stderr, FormatError(err))
}

// loopError handles an error that stopped the loop: an interrupt cancels
// the current input (or is reported when none runs); SystemExit and aborts
// end Serve (the returned error).
func (s *Session) loopError(err error) error {
	srv := s.srv
	var exc *vm.Exception
	if errors.As(err, &exc) && exc.IsInstance(vm.KeyboardInterrupt) && !vm.IsAbort(err) {
		if in := srv.input; in != nil {
			if !in.Done() {
				in.Cancel(vm.None)
				srv.interrupted = true
			}
			return nil // inputDone reports it
		}
		s.it.vm.FlushStdout()
		fmt.Fprint(s.it.vm.Stderr, FormatError(s.it.finish(err)))
		return nil
	}
	if vm.IsAbort(err) {
		return err
	}
	s.report(err)
	if srv.stop {
		return srv.result
	}
	return nil
}

// runningTasks counts the tasks that are not done.
func (s *Session) runningTasks() int {
	return len(s.srv.l.AllTasks())
}

// cancelTasks cancels the tasks left at the end of Serve and runs the loop
// until they have finished (their finally blocks run).
func (s *Session) cancelTasks() {
	srv := s.srv
	tasks := srv.l.AllTasks()
	if len(tasks) == 0 {
		return
	}
	all := srv.l.NewFuture()
	left := len(tasks)
	for _, tk := range tasks {
		tk.Cancel(vm.None)
		tk.AddDoneCallback(func(f *vm.Future) {
			if f.Cancelled() {
				_, _ = f.Result() // retrieved: no report
			}
			left--
			if left == 0 {
				_ = all.SetResult(vm.None)
			}
		})
	}
	_, _ = srv.l.RunUntilComplete(srv.t, all)
}
