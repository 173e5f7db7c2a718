package stdlib

import (
	"crypto/rand"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The os module (the os.path submodule is in ospath.go).

var statResultType = newStructSeqType("stat_result", "os", "os.stat_result",
	[]string{"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime",
		"st_atime_ns", "st_mtime_ns", "st_ctime_ns"}, 10)

func init() { register("os", initOS) }

// statValue builds an os.stat_result from a FileInfo.
func statValue(fi fs.FileInfo) vm.Value {
	mode := int64(fi.Mode().Perm())
	switch {
	case fi.IsDir():
		mode |= syscall.S_IFDIR
	case fi.Mode()&fs.ModeSymlink != 0:
		mode |= syscall.S_IFLNK
	case fi.Mode()&fs.ModeNamedPipe != 0:
		mode |= syscall.S_IFIFO
	case fi.Mode()&fs.ModeSocket != 0:
		mode |= syscall.S_IFSOCK
	case fi.Mode()&fs.ModeCharDevice != 0:
		mode |= syscall.S_IFCHR
	case fi.Mode()&fs.ModeDevice != 0:
		mode |= syscall.S_IFBLK
	default:
		mode |= syscall.S_IFREG
	}
	if fi.Mode()&fs.ModeSetuid != 0 {
		mode |= syscall.S_ISUID
	}
	if fi.Mode()&fs.ModeSetgid != 0 {
		mode |= syscall.S_ISGID
	}
	if fi.Mode()&fs.ModeSticky != 0 {
		mode |= syscall.S_ISVTX
	}
	var ino, dev, nlink, uid, gid int64
	mt := fi.ModTime().UnixNano()
	at, ct := mt, mt
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino, dev, nlink, uid, gid = int64(st.Ino), int64(st.Dev), int64(st.Nlink), int64(st.Uid), int64(st.Gid)
		at, ct = statTimes(st)
	}
	return statResult(mode, ino, dev, nlink, uid, gid, fi.Size(), at, mt, ct)
}

// statResult makes an os.stat_result (times in nanoseconds).
func statResult(mode, ino, dev, nlink, uid, gid, size, at, mt, ct int64) vm.Value {
	return statResultType.make([]vm.Value{vm.Int(mode), vm.Int(ino), vm.Int(dev), vm.Int(nlink), vm.Int(uid), vm.Int(gid),
		vm.Int(size), vm.Float(float64(at) / 1e9), vm.Float(float64(mt) / 1e9), vm.Float(float64(ct) / 1e9),
		vm.Int(at), vm.Int(mt), vm.Int(ct)})
}

// pathArg reads a path argument (default "." when missing and allowed).
func pathArg(t *vm.Thread, fname string, v vm.Value) (string, error) {
	if !v.IsValid() {
		return ".", nil
	}
	return fsPath(t, fname, v)
}

func initOS(v *vm.VM, m *vm.Module) error {
	path, err := v.ImportModule(v.Main(), "os.path")
	if err != nil {
		return err
	}
	m.Set("path", path)
	m.Set("name", vm.Str("posix"))
	m.Set("sep", vm.Str("/"))
	m.Set("altsep", none)
	m.Set("extsep", vm.Str("."))
	m.Set("pathsep", vm.Str(":"))
	m.Set("linesep", vm.Str("\n"))
	m.Set("curdir", vm.Str("."))
	m.Set("pardir", vm.Str(".."))
	m.Set("devnull", vm.Str("/dev/null"))
	m.Set("defpath", vm.Str("/bin:/usr/bin"))
	m.Set("error", vm.ObjectValue(vm.OSError))
	m.Set("stat_result", vm.ObjectValue(statResultType.class()))
	for name, val := range map[string]int64{"F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1, "SEEK_SET": 0, "SEEK_CUR": 1, "SEEK_END": 2,
		"O_RDONLY": int64(os.O_RDONLY), "O_WRONLY": int64(os.O_WRONLY), "O_RDWR": int64(os.O_RDWR), "O_CREAT": int64(os.O_CREATE),
		"O_EXCL": int64(os.O_EXCL), "O_TRUNC": int64(os.O_TRUNC), "O_APPEND": int64(os.O_APPEND)} {
		m.Set(name, vm.Int(val))
	}
	if v.Capabilities()&vm.AllowEnv != 0 {
		env := vm.NewDict()
		for _, kv := range os.Environ() {
			if i := strings.IndexByte(kv, '='); i > 0 {
				env.SetStr(kv[:i], vm.Str(kv[i+1:]))
			}
		}
		m.Set("environ", vm.ObjectValue(env))
	} else {
		m.Set("environ", deniedEnviron) // the environment is not read
	}

	m.SetFunc("getcwd", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getcwd", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		d, err := getwd()
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str(d), nil
	})
	m.SetFunc("chdir", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p vm.Value
		if err := vm.UnpackArgs("chdir", args, kw, []string{"path"}, &p); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "chdir", p)
		if err != nil {
			return vm.Value{}, err
		}
		if err := os.Chdir(s); err != nil {
			return vm.Value{}, osError(err, p)
		}
		return none, nil
	})
	m.SetFunc("listdir", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p vm.Value
		if err := vm.UnpackArgs("listdir", args, kw, []string{"path?"}, &p); err != nil {
			return vm.Value{}, err
		}
		if p.IsNone() {
			p = vm.Value{}
		}
		s, err := pathArg(t, "listdir", p)
		if err != nil {
			return vm.Value{}, err
		}
		entries, err := os.ReadDir(s)
		if err != nil {
			fn := p
			if !fn.IsValid() {
				fn = vm.Str(".")
			}
			return vm.Value{}, osError(err, fn)
		}
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name()
		}
		return strList(names), nil
	})
	m.SetFunc("getenv", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var key, def vm.Value
		if err := vm.UnpackArgs("getenv", args, kw, []string{"key", "default?"}, &key, &def); err != nil {
			return vm.Value{}, err
		}
		if _, ok := key.AsStr(); !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "str expected, not %s", key.TypeName())
		}
		envv, _ := m.Get("environ")
		if d, ok := envv.Object().(*vm.Dict); ok {
			if val, ok, err := d.Get(t, key); err != nil || ok {
				return val, err
			}
		}
		if def.IsValid() {
			return def, nil
		}
		return none, nil
	})
	m.SetFunc("putenv", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("putenv", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		k, _ := args[0].AsStr()
		val, _ := args[1].AsStr()
		if err := os.Setenv(k, val); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return none, nil
	})
	m.SetFunc("mkdir", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p, mode vm.Value
		if err := vm.UnpackArgs("mkdir", args, kw, []string{"path", "mode?"}, &p, &mode); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "mkdir", p)
		if err != nil {
			return vm.Value{}, err
		}
		perm := int64(0o777)
		if mode.IsValid() {
			if perm, err = t.Index(mode); err != nil {
				return vm.Value{}, err
			}
		}
		if err := os.Mkdir(s, fs.FileMode(perm)); err != nil {
			return vm.Value{}, osError(err, p)
		}
		return none, nil
	})
	m.SetFunc("makedirs", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p, mode, existOK vm.Value
		if err := vm.UnpackArgs("makedirs", args, kw, []string{"name", "mode?", "exist_ok?"}, &p, &mode, &existOK); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "makedirs", p)
		if err != nil {
			return vm.Value{}, err
		}
		perm := int64(0o777)
		if mode.IsValid() {
			if perm, err = t.Index(mode); err != nil {
				return vm.Value{}, err
			}
		}
		ok := false
		if existOK.IsValid() {
			if ok, err = t.Truth(existOK); err != nil {
				return vm.Value{}, err
			}
		}
		if st, err := os.Stat(s); err == nil {
			if ok && st.IsDir() {
				return none, nil
			}
			return vm.Value{}, osError(syscall.EEXIST, p)
		}
		if err := os.MkdirAll(s, fs.FileMode(perm)); err != nil {
			return vm.Value{}, osError(err, p)
		}
		return none, nil
	})
	removeFn := func(name string) fn {
		return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var p vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"path"}, &p); err != nil {
				return vm.Value{}, err
			}
			s, err := fsPath(t, name, p)
			if err != nil {
				return vm.Value{}, err
			}
			if st, err := os.Lstat(s); err == nil && st.IsDir() {
				return vm.Value{}, osError(syscall.EISDIR, p)
			}
			if err := syscall.Unlink(s); err != nil {
				return vm.Value{}, osError(err, p)
			}
			return none, nil
		}
	}
	m.SetFunc("remove", removeFn("remove"))
	m.SetFunc("unlink", removeFn("unlink"))
	m.SetFunc("rmdir", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p vm.Value
		if err := vm.UnpackArgs("rmdir", args, kw, []string{"path"}, &p); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "rmdir", p)
		if err != nil {
			return vm.Value{}, err
		}
		if err := syscall.Rmdir(s); err != nil {
			return vm.Value{}, osError(err, p)
		}
		return none, nil
	})
	m.SetFunc("removedirs", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p vm.Value
		if err := vm.UnpackArgs("removedirs", args, kw, []string{"name"}, &p); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "removedirs", p)
		if err != nil {
			return vm.Value{}, err
		}
		if err := syscall.Rmdir(s); err != nil {
			return vm.Value{}, osError(err, p)
		}
		for {
			s = filepath.Dir(s)
			if s == "." || s == "/" || syscall.Rmdir(s) != nil {
				break
			}
		}
		return none, nil
	})
	renameFn := func(name string) fn {
		return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var src, dst vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"src", "dst"}, &src, &dst); err != nil {
				return vm.Value{}, err
			}
			a, err := fsPath(t, name, src)
			if err != nil {
				return vm.Value{}, err
			}
			b, err := fsPath(t, name, dst)
			if err != nil {
				return vm.Value{}, err
			}
			if err := os.Rename(a, b); err != nil {
				return vm.Value{}, osError(err, src)
			}
			return none, nil
		}
	}
	m.SetFunc("rename", renameFn("rename"))
	m.SetFunc("replace", renameFn("replace"))
	statFn := func(name string, follow bool) fn {
		return func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			var p, dirFD, followV vm.Value
			if err := vm.UnpackArgs(name, args, kw, []string{"path", "*dir_fd?", "*follow_symlinks?"}, &p, &dirFD, &followV); err != nil {
				return vm.Value{}, err
			}
			s, err := fsPath(t, name, p)
			if err != nil {
				return vm.Value{}, err
			}
			fl := follow
			if followV.IsValid() {
				if fl, err = t.Truth(followV); err != nil {
					return vm.Value{}, err
				}
			}
			var fi fs.FileInfo
			if fl {
				fi, err = os.Stat(s)
			} else {
				fi, err = os.Lstat(s)
			}
			if err != nil {
				return vm.Value{}, osError(err, p)
			}
			return statValue(fi), nil
		}
	}
	m.SetFunc("stat", statFn("stat", true))
	m.SetFunc("lstat", statFn("lstat", false))
	m.SetFunc("fstat", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		n, err := fdParam(t, "fstat", args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		return fstatValue(n)
	})
	m.SetFunc("access", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var p, mode vm.Value
		if err := vm.UnpackArgs("access", args, kw, []string{"path", "mode"}, &p, &mode); err != nil {
			return vm.Value{}, err
		}
		s, err := fsPath(t, "access", p)
		if err != nil {
			return vm.Value{}, err
		}
		md, err := t.Index(mode)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(syscall.Access(s, uint32(md)) == nil), nil
	})
	m.SetFunc("fspath", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("fspath", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		a := args[0]
		if _, ok := a.AsStr(); ok {
			return a, nil
		}
		if _, ok := a.AsBytes(); ok {
			return a, nil
		}
		if _, ok := a.Type().Lookup("__fspath__"); ok {
			return t.CallMethod(a, "__fspath__")
		}
		return vm.Value{}, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", a.TypeName())
	})
	m.SetFunc("getpid", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(os.Getpid())), nil
	})
	m.SetFunc("getppid", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(os.Getppid())), nil
	})
	m.SetFunc("getuid", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(os.Getuid())), nil
	})
	m.SetFunc("cpu_count", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(runtime.NumCPU())), nil
	})
	m.SetFunc("urandom", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("urandom", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "negative argument not allowed")
		}
		if err := t.VM().Charge(n); err != nil {
			return vm.Value{}, err
		}
		b := make([]byte, n)
		if _, err := rand.Read(b); err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.NewBytes(b), nil
	})
	m.SetFunc("strerror", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("strerror", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		_, msg := errnoInfo(syscall.Errno(n))
		return vm.Str(msg), nil
	})
	m.SetFunc("walk", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var top, topdown, onerror, followlinks vm.Value
		if err := vm.UnpackArgs("walk", args, kw, []string{"top", "topdown?", "onerror?", "followlinks?"}, &top, &topdown, &onerror, &followlinks); err != nil {
			return vm.Value{}, err
		}
		root, err := fsPath(t, "walk", top)
		if err != nil {
			return vm.Value{}, err
		}
		td := true
		if topdown.IsValid() {
			if td, err = t.Truth(topdown); err != nil {
				return vm.Value{}, err
			}
		}
		return osWalk(t, root, td, onerror), nil
	})
	for _, extra := range osExtras {
		if err := extra(v, m); err != nil {
			return err
		}
	}
	guardFuncs(m, "os.", vm.AllowFS, "getcwd", "chdir", "listdir", "mkdir", "makedirs", "remove", "unlink", "rmdir",
		"removedirs", "rename", "replace", "stat", "lstat", "access", "walk", "scandir", "chmod", "utime", "symlink", "readlink", "link")
	guardFuncs(m, "os.", vm.AllowEnv, "getenv", "putenv", "unsetenv")
	guardFuncs(m, "os.", vm.AllowProcess, "kill", "system", "popen", "fork", "execv", "execve", "spawnv")
	return nil
}

// osWalk is os.walk as a lazy iterator. With topdown, the dirnames list
// yielded may be edited by the caller to prune the walk.
func osWalk(t *vm.Thread, root string, topdown bool, onerror vm.Value) vm.Value {
	type frame struct {
		dir      string
		dirnames *vm.List
		files    []string
		expanded bool
	}
	list := func(dir string) ([]string, []string, error) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, nil, err
		}
		var dirs, files []string
		for _, e := range entries {
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				isDir = false
			}
			if isDir {
				dirs = append(dirs, e.Name())
			} else {
				files = append(files, e.Name())
			}
		}
		sort.Strings(dirs)
		sort.Strings(files)
		return dirs, files, nil
	}
	join := func(a, b string) string {
		if a == "" || strings.HasSuffix(a, "/") {
			return a + b
		}
		return a + "/" + b
	}
	var stack []*frame
	started := false
	push := func(dir string) error {
		dirs, files, err := list(dir)
		if err != nil {
			if given(onerror) {
				_, cerr := t.Call(onerror, []vm.Value{vm.ObjectValue(osError(err, vm.Str(dir)).(*vm.Exception))}, nil)
				return cerr
			}
			return nil
		}
		stack = append(stack, &frame{dir: dir, dirnames: strList(dirs).Object().(*vm.List), files: files})
		return nil
	}
	result := func(f *frame) vm.Value {
		return vm.NewTuple([]vm.Value{vm.Str(f.dir), vm.ObjectValue(f.dirnames), strList(f.files)})
	}
	return vm.NewIterator(func() (vm.Value, bool, error) {
		if !started {
			started = true
			if err := push(root); err != nil {
				return vm.Value{}, false, err
			}
			if topdown && len(stack) > 0 {
				return result(stack[0]), true, nil
			}
		}
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			if !f.expanded {
				f.expanded = true
				names := f.dirnames.Items()
				// push children in reverse so the first is walked first
				var children []*frame
				saved := stack
				stack = nil
				for _, n := range names {
					s, _ := n.AsStr()
					if err := push(join(f.dir, s)); err != nil {
						return vm.Value{}, false, err
					}
				}
				children = stack
				stack = saved
				for i := len(children) - 1; i >= 0; i-- {
					stack = append(stack, children[i])
				}
				if topdown && len(children) > 0 {
					c := stack[len(stack)-1]
					return result(c), true, nil
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if !topdown {
				return result(f), true, nil
			}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				if !top.expanded {
					return result(top), true, nil
				}
			}
		}
		return vm.Value{}, false, nil
	})
}
