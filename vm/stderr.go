package vm

import "io"

// WriteStderr writes s to the script's sys.stderr: the VM's Stderr unless
// the script replaced sys.stderr (contextlib.redirect_stderr, a StringIO),
// in which case the object's write method gets it, as CPython's reports of
// callback exceptions, unretrieved task exceptions, exceptions ignored in
// __del__ and uncaught exceptions reach whatever sys.stderr is then. A
// failing write is ignored, as CPython ignores it there; sys.stderr set to
// None drops the text.
func (vm *VM) WriteStderr(s string) {
	if w, ok := vm.State["sys.stderr.override"].(func(string) error); ok {
		_ = w(s)
		return
	}
	_, _ = io.WriteString(vm.Stderr, s)
}
