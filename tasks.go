package pyasync

import (
	"errors"
	"io"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The task view for embedders and tools: every task of the interpreter's
// event loop that is not done, with its await chain and what it waits on
// (the same description as the deadlock report). The CLI prints it on
// SIGQUIT (kill -QUIT).

// TaskInfo describes one task: its name, coroutine, await chain (file and
// line of every frame), what it waits on and which tasks await it.
type TaskInfo = vm.WaitingTask

// taskViewWait bounds how long Tasks waits for a busy interpreter.
const taskViewWait = 5 * time.Second

// ErrNoAnswer is returned by Tasks when the interpreter's goroutine did
// not reach a point where it could answer (a long computation that never
// returns to the event loop).
var ErrNoAnswer = errors.New("pyasync: the interpreter did not answer (busy outside the event loop)")

// Tasks returns the task view. It is safe to call from any goroutine: a
// running program answers at its next event loop iteration.
func (it *Interpreter) Tasks() ([]TaskInfo, error) {
	ch := make(chan []TaskInfo, 1)
	it.Submit(func() {
		v := it.vm
		var tasks []TaskInfo
		if l := v.Loop(); l != nil {
			tasks = l.Tasks(v.Main())
		}
		ch <- tasks
	})
	select {
	case tasks := <-ch:
		return tasks, nil
	case <-time.After(taskViewWait):
		return nil, ErrNoAnswer
	}
}

// WriteTasks writes the task view as text ("N tasks not done", then one
// entry per task as in the deadlock report).
func (it *Interpreter) WriteTasks(w io.Writer) error {
	tasks, err := it.Tasks()
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, vm.FormatTasks(tasks)+"\n")
	return err
}
