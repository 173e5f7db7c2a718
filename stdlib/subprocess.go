package stdlib

import (
	_ "embed"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// Child processes: the native core (module _subprocess) shared by the
// subprocess module (subprocess.pya) and asyncio's subprocesses
// (asyncio_subprocess.go). A process is started with os.StartProcess; a
// reaper goroutine waits for it as soon as it starts, so no zombie is left
// behind whatever the script does, and every wait (Popen.wait, asyncio's
// Process.wait) waits for the reaper: interruptibly in the synchronous
// module, as an operation bound to a future (vm/op.go) in asyncio.

//go:embed subprocess.pya
var subprocessPrelude string

func init() {
	register("_subprocess", initSubprocessCore)
	register("subprocess", initSubprocess)
}

// Standard-stream specifications (the values of subprocess.PIPE, STDOUT
// and DEVNULL).
const (
	specPipe    = -1
	specStdout  = -2
	specDevnull = -3
)

// procType is _subprocess.Process, the native process handle.
var procType = vm.NewNativeType("Process", "_subprocess", nil, nil)

// proc is a started child process.
type proc struct {
	p    *os.Process
	pid  int
	done chan struct{} // closed by the reaper
	// code is the return code (negative: killed by that signal), valid
	// once done is closed.
	code int
	// pipes: the parent's ends (nil when not piped)
	stdin, stdout, stderr *os.File

	// communicate's state (it can time out and be called again)
	comm *communication
}

// Type implements vm.Object.
func (p *proc) Type() *vm.Type { return procType }

// exited reports whether the reaper has collected the process.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// spawnSpec is what spawn needs to start a process.
type spawnSpec struct {
	argv       []string
	executable string
	dir        string
	env        []string // nil: the interpreter's environment
	stdio      [3]vm.Value
	newSession bool
}

// lookPath finds a program the way the exec family does (execvpe): a name
// with a slash is used as is; otherwise each PATH directory is tried. The
// error is an errno (ENOENT when nothing is found, EACCES when only
// non-executable candidates are).
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := os.Getenv("PATH")
	if env != nil {
		path = ""
		for _, kv := range env {
			if strings.HasPrefix(kv, "PATH=") {
				path = kv[5:]
			}
		}
	}
	if path == "" {
		path = "/bin:/usr/bin"
	}
	errno := syscall.ENOENT
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		cand := filepath.Join(dir, name)
		st, err := os.Stat(cand)
		if err != nil || st.IsDir() {
			continue
		}
		if syscall.Access(cand, 1) != nil {
			errno = syscall.EACCES
			continue
		}
		return cand, nil
	}
	return "", errno
}

// childFile resolves one standard-stream specification: it returns the
// child's file, the parent's end of a pipe (or nil) and files to close in
// the parent once the child has started.
func childFile(t *vm.Thread, n int, spec vm.Value, files *[3]*os.File) (child, parent *os.File, closeAfter []*os.File, err error) {
	if !spec.IsValid() || spec.IsNone() {
		std := []*os.File{os.Stdin, os.Stdout, os.Stderr}[n]
		return std, nil, nil, nil
	}
	if spec.IsInt() {
		code, _ := spec.AsInt64()
		switch code {
		case specPipe:
			r, w, err := os.Pipe()
			if err != nil {
				return nil, nil, nil, osError(err, vm.Value{})
			}
			if n == 0 {
				return r, w, []*os.File{r}, nil
			}
			return w, r, []*os.File{w}, nil
		case specStdout:
			if n != 2 {
				return nil, nil, nil, vm.Errorf(vm.ValueError, "STDOUT can only be used for stderr")
			}
			return files[1], nil, nil, nil
		case specDevnull:
			flag := os.O_WRONLY
			if n == 0 {
				flag = os.O_RDONLY
			}
			f, err := os.OpenFile(os.DevNull, flag, 0)
			if err != nil {
				return nil, nil, nil, osError(err, vm.Value{})
			}
			return f, nil, []*os.File{f}, nil
		}
		if code < 0 {
			return nil, nil, nil, vm.Errorf(vm.ValueError, "invalid file descriptor %d", code)
		}
		return os.NewFile(uintptr(code), ""), nil, nil, nil
	}
	if fo, ok := spec.Object().(*fileObj); ok {
		if err := fo.flush(); err != nil {
			return nil, nil, nil, err
		}
		if fo.f != nil {
			return fo.f, nil, nil, nil
		}
	}
	r, err := t.CallMethod(spec, "fileno")
	if err != nil {
		return nil, nil, nil, err
	}
	fd, err := t.Index(r)
	if err != nil {
		return nil, nil, nil, err
	}
	return os.NewFile(uintptr(fd), ""), nil, nil, nil
}

// spawn starts a process. On failure nothing is left open.
func spawn(t *vm.Thread, sp *spawnSpec) (*proc, error) {
	if err := t.VM().Require(vm.AllowProcess, "subprocess"); err != nil {
		return nil, err
	}
	prog := sp.argv[0]
	if sp.executable != "" {
		prog = sp.executable
	}
	path, err := lookPath(prog, sp.env)
	if err != nil {
		return nil, osError(err, vm.Str(prog))
	}
	var files [3]*os.File
	var parents [3]*os.File
	var toClose []*os.File
	fail := func(err error) (*proc, error) {
		for _, f := range toClose {
			f.Close()
		}
		for _, f := range parents {
			if f != nil {
				f.Close()
			}
		}
		return nil, err
	}
	for i := 0; i < 3; i++ {
		c, p, cl, err := childFile(t, i, sp.stdio[i], &files)
		if err != nil {
			return fail(err)
		}
		files[i], parents[i] = c, p
		toClose = append(toClose, cl...)
	}
	env := sp.env
	if env == nil {
		env = interpreterEnviron(t)
	}
	attr := &os.ProcAttr{Dir: sp.dir, Env: env, Files: files[:], Sys: &syscall.SysProcAttr{Setsid: sp.newSession}}
	var p *os.Process
	t.VM().BlockingCall(func() { p, err = os.StartProcess(path, sp.argv, attr) })
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) && pe.Op == "chdir" {
			return fail(osError(pe.Err, vm.Str(sp.dir)))
		}
		return fail(osError(err, vm.Str(prog)))
	}
	for _, f := range toClose {
		f.Close()
	}
	pr := &proc{p: p, pid: p.Pid, done: make(chan struct{}), stdin: parents[0], stdout: parents[1], stderr: parents[2]}
	go pr.reap()
	return pr, nil
}

// reap waits for the process and records its return code.
func (p *proc) reap() {
	st, err := p.p.Wait()
	switch {
	case err != nil:
		p.code = 255
	default:
		ws, _ := st.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			p.code = -int(ws.Signal())
		} else {
			p.code = ws.ExitStatus()
		}
	}
	close(p.done)
}

// signal sends sig to the process; it reports false when the process has
// already been reaped (nothing was sent).
func (p *proc) signal(sig syscall.Signal) (bool, error) {
	if p.exited() {
		return false, nil
	}
	if err := p.p.Signal(sig); err != nil {
		if errors.Is(err, os.ErrProcessDone) {
			return false, nil
		}
		return false, osError(err, vm.Value{})
	}
	return true, nil
}

// interpreterEnviron is os.environ as a list of KEY=VALUE (the script's
// changes to os.environ reach its children).
func interpreterEnviron(t *vm.Thread) []string {
	if mv, ok := t.VM().Modules.GetStr("os"); ok {
		if m, ok := mv.Object().(*vm.Module); ok {
			if ev, ok := m.Get("environ"); ok {
				if env, err := envList(t, ev); err == nil {
					return env
				}
			}
		}
	}
	return os.Environ()
}

// envList converts a mapping to KEY=VALUE strings.
func envList(t *vm.Thread, mapping vm.Value) ([]string, error) {
	keys, err := t.CallMethod(mapping, "keys")
	if err != nil {
		return nil, err
	}
	ks, err := t.ToSlice(keys)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ks))
	for _, k := range ks {
		v, err := t.GetItem(mapping, k)
		if err != nil {
			return nil, err
		}
		kb, err := fsPath(t, "env", k)
		if err != nil {
			return nil, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", k.TypeName())
		}
		vb, err := fsPath(t, "env", v)
		if err != nil {
			return nil, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", v.TypeName())
		}
		if strings.ContainsRune(kb, '=') {
			return nil, vm.Errorf(vm.ValueError, "illegal environment variable name")
		}
		out = append(out, kb+"="+vb)
	}
	return out, nil
}

// communication is the state of a communicate() in progress: goroutines
// feed the input and collect the outputs; a timed-out communicate leaves
// them running and the next call picks up their results.
type communication struct {
	mu       sync.Mutex
	out, err []byte
	wg       sync.WaitGroup
	done     chan struct{}
	writeErr error
}

// startCommunication starts the goroutines of communicate for the given
// streams (any may be nil).
func startCommunication(input []byte, stdin io.WriteCloser, stdout, stderr io.Reader) *communication {
	c := &communication{done: make(chan struct{})}
	if stdin != nil {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			if len(input) > 0 {
				if _, err := stdin.Write(input); err != nil && !errors.Is(err, syscall.EPIPE) {
					c.writeErr = err
				}
			}
			stdin.Close()
		}()
	}
	collect := func(r io.Reader, dst *[]byte) {
		defer c.wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				c.mu.Lock()
				*dst = append(*dst, buf[:n]...)
				c.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}
	if stdout != nil {
		c.wg.Add(1)
		go collect(stdout, &c.out)
	}
	if stderr != nil {
		c.wg.Add(1)
		go collect(stderr, &c.err)
	}
	go func() { c.wg.Wait(); close(c.done) }()
	return c
}

// snapshot returns what has been collected so far.
func (c *communication) snapshot() ([]byte, []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.out...), append([]byte(nil), c.err...)
}

func procSelf(self vm.Value) *proc {
	p, _ := self.Object().(*proc)
	return p
}

// timeoutArg converts a timeout (None: no limit) to a duration (-1).
func timeoutArg(t *vm.Thread, v vm.Value) (time.Duration, error) {
	if !given(v) {
		return -1, nil
	}
	f, err := toFloat(t, v)
	if err != nil {
		return 0, err
	}
	if f < 0 {
		f = 0
	}
	return time.Duration(f * float64(time.Second)), nil
}

func init() {
	P := procType
	P.NewGetSet("pid", func(t *vm.Thread, self vm.Value) (vm.Value, error) {
		return vm.Int(int64(procSelf(self).pid)), nil
	}, nil)
	// poll() -> return code or None
	P.NewMethod("poll", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		p := procSelf(self)
		if p.exited() {
			return vm.Int(int64(p.code)), nil
		}
		return none, nil
	})
	// wait(timeout) -> return code, or None when the timeout passed
	P.NewMethod("wait", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var tv vm.Value
		if err := vm.UnpackArgs("wait", args, kw, []string{"timeout?"}, &tv); err != nil {
			return vm.Value{}, err
		}
		p := procSelf(self)
		d, err := timeoutArg(t, tv)
		if err != nil {
			return vm.Value{}, err
		}
		ok, err := t.VM().WaitInterruptible(t, p.done, d)
		if err != nil {
			return vm.Value{}, err
		}
		if !ok {
			return none, nil
		}
		return vm.Int(int64(p.code)), nil
	})
	// send_signal(sig) -> True when sent, False when the process is gone
	P.NewMethod("send_signal", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("send_signal", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		ok, err := procSelf(self).signal(syscall.Signal(n))
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(ok), nil
	})
	// _communicate(input, stdin, stdout, stderr, timeout) -> (out, err,
	// finished): the streams are the file objects of the pipes (or None);
	// out and err are bytes (None for an unpiped stream).
	P.NewMethod("_communicate", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		p := procSelf(self)
		input, _ := args[0].AsBytes()
		if p.comm == nil {
			var w io.WriteCloser
			var ro, re io.Reader
			if fo, ok := args[1].Object().(*fileObj); ok && !fo.closed {
				if err := fo.flush(); err != nil && !isExc(err, vm.BrokenPipeError) {
					return vm.Value{}, err
				}
				fo.closed = true
				fo.untrack()
				w = fo.f
			}
			if fo, ok := args[2].Object().(*fileObj); ok {
				ro = fo.rawReader()
			}
			if fo, ok := args[3].Object().(*fileObj); ok {
				re = fo.rawReader()
			}
			p.comm = startCommunication(input, w, ro, re)
		}
		d, err := timeoutArg(t, args[4])
		if err != nil {
			return vm.Value{}, err
		}
		ok, err := t.VM().WaitInterruptible(t, p.comm.done, d)
		if err != nil {
			return vm.Value{}, err
		}
		out, errb := p.comm.snapshot()
		ov, ev := none, none
		if !args[2].IsNone() {
			ov = vm.NewBytes(out)
		}
		if !args[3].IsNone() {
			ev = vm.NewBytes(errb)
		}
		return vm.NewTuple([]vm.Value{ov, ev, vm.Bool(ok)}), nil
	})
}

func initSubprocessCore(v *vm.VM, m *vm.Module) error {
	m.Set("PIPE", vm.Int(specPipe))
	m.Set("STDOUT", vm.Int(specStdout))
	m.Set("DEVNULL", vm.Int(specDevnull))
	// spawn(args, executable, cwd, env, stdin, stdout, stderr,
	// start_new_session) -> (process, stdin_fd, stdout_fd, stderr_fd)
	m.SetFunc("spawn", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) != 8 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "spawn() takes 8 arguments")
		}
		sp, err := spawnArgs(t, args)
		if err != nil {
			return vm.Value{}, err
		}
		p, err := spawn(t, sp)
		if err != nil {
			return vm.Value{}, err
		}
		fdv := func(f *os.File) vm.Value {
			if f == nil {
				return none
			}
			return vm.ObjectValue(&pipeFile{f})
		}
		return vm.NewTuple([]vm.Value{vm.ObjectValue(p), fdv(p.stdin), fdv(p.stdout), fdv(p.stderr)}), nil
	})
	// fileobj(pipe, mode, text, encoding, errors, line_buffering) wraps a
	// pipe end in a file object.
	m.SetFunc("fileobj", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		pf, ok := args[0].Object().(*pipeFile)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "fileobj() needs a pipe")
		}
		mode, _ := args[1].AsStr()
		text, _ := t.Truth(args[2])
		f := newPipeFileObj(t.VM(), pf.f, mode, text)
		if text {
			if given(args[3]) {
				enc, _ := args[3].AsStr()
				codec, err := normEncoding(enc)
				if err != nil {
					return vm.Value{}, err
				}
				f.encoding, f.codec = enc, codec
			}
			if given(args[4]) {
				f.errors, _ = args[4].AsStr()
			}
			lb, _ := t.Truth(args[5])
			f.lineBuffering = lb
		}
		return vm.ObjectValue(f), nil
	})
	return nil
}

// pipeFile is a pipe end handed from spawn to the Python side before it is
// wrapped in a file object or a stream.
type pipeFile struct{ f *os.File }

var pipeFileType = vm.NewNativeType("_pipe", "_subprocess", nil, nil)

// Type implements vm.Object.
func (*pipeFile) Type() *vm.Type { return pipeFileType }

// spawnArgs converts spawn's arguments.
func spawnArgs(t *vm.Thread, args []vm.Value) (*spawnSpec, error) {
	items, err := t.ToSlice(args[0])
	if err != nil {
		return nil, err
	}
	sp := &spawnSpec{}
	for _, it := range items {
		s, err := fsPath(t, "spawn", it)
		if err != nil {
			return nil, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", it.TypeName())
		}
		if strings.ContainsRune(s, 0) {
			return nil, vm.Errorf(vm.ValueError, "embedded null byte")
		}
		sp.argv = append(sp.argv, s)
	}
	if len(sp.argv) == 0 {
		return nil, vm.Errorf(vm.IndexError, "list index out of range")
	}
	if given(args[1]) {
		if sp.executable, err = fsPath(t, "spawn", args[1]); err != nil {
			return nil, err
		}
	}
	if given(args[2]) {
		if sp.dir, err = fsPath(t, "spawn", args[2]); err != nil {
			return nil, err
		}
	}
	if given(args[3]) {
		if err := t.VM().Require(vm.AllowEnv, "subprocess env"); err != nil {
			return nil, err
		}
		if sp.env, err = envList(t, args[3]); err != nil {
			return nil, err
		}
	}
	sp.stdio = [3]vm.Value{args[4], args[5], args[6]}
	sp.newSession, _ = t.Truth(args[7])
	return sp, nil
}

func initSubprocess(v *vm.VM, m *vm.Module) error {
	return runPrelude(v, m, "subprocess", subprocessPrelude)
}
