package pyasync

import (
	"context"
	"errors"
	"fmt"

	"github.com/pyasync/pyasync/vm"
)

// ReportError prints an error that ended a run the way CPython reports
// what ends a program. A script exception goes to sys.excepthook when the
// script replaced it (an exception raised by the hook is reported with
// "Error in sys.excepthook:" and then the original one), and otherwise its
// traceback goes to the script's sys.stderr: Options.Stderr unless the
// script replaced sys.stderr. Other errors (syntax errors, sys.exit's
// message, limits) are FormatError's text on sys.stderr.
func (it *Interpreter) ReportError(err error) {
	if err == nil {
		return
	}
	v := it.vm
	var pe *Error
	release, aerr := it.acquire()
	if aerr != nil || !errors.As(err, &pe) || pe.Exception == nil {
		if aerr == nil {
			defer release()
		}
		v.WriteStderr(FormatError(err))
		return
	}
	defer release()
	_ = it.guard(context.Background(), func() error {
		t := v.Main()
		sys, ierr := v.ImportModule(t, "sys")
		if ierr != nil {
			v.WriteStderr(pe.Traceback)
			return nil
		}
		hook, herr := t.GetAttr(sys, "excepthook")
		orig, _ := t.GetAttr(sys, "__excepthook__")
		switch {
		case herr != nil:
			v.WriteStderr("sys.excepthook is missing\n" + pe.Traceback)
		case hook.Object() == orig.Object() && orig.IsValid():
			v.WriteStderr(pe.Traceback)
		default:
			exc := pe.Exception
			tb, _ := t.GetAttr(vm.ObjectValue(exc), "__traceback__")
			if _, cerr := t.Call(hook, []vm.Value{vm.ObjectValue(exc.ExceptionClass()), vm.ObjectValue(exc), tb}, nil); cerr != nil {
				var hexc *vm.Exception
				if errors.As(cerr, &hexc) {
					v.WriteStderr(fmt.Sprintf("Error in sys.excepthook:\n%s\nOriginal exception was:\n%s", t.FormatException(hexc), pe.Traceback))
				} else {
					return cerr // an abort or limit: the report stops there
				}
			}
		}
		return nil
	})
}
