package pyasync

import (
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// HandleSignals gives the interpreter CPython's signal disposition at
// start-up: Ctrl-C (SIGINT) raises KeyboardInterrupt in the running code
// (inside asyncio.run it cancels the main task first). Other signals keep
// their default action until a script sets a handler. A program that
// embeds pyasync calls it only if the interpreter should own SIGINT; the
// CLI does.
func (it *Interpreter) HandleSignals() { stdlib.InstallSignalHandlers(it.vm) }

// IsKeyboardInterrupt reports whether err is an uncaught KeyboardInterrupt.
func IsKeyboardInterrupt(err error) bool {
	var pe *Error
	return errors.As(err, &pe) && pe.Exception.IsInstance(vm.KeyboardInterrupt)
}

// ExitBySignal ends the process the way CPython does after an uncaught
// KeyboardInterrupt: with the default SIGINT action, so that the parent
// sees a process killed by SIGINT (a shell reports status 130). If the
// signal does not end the process, it exits with status 130.
func ExitBySignal() {
	signal.Reset(os.Interrupt)
	_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
	time.Sleep(100 * time.Millisecond)
	os.Exit(130)
}
