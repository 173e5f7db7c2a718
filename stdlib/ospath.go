package stdlib

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The os.path module (posixpath): pure string functions with CPython's
// exact algorithms, and the file tests.

func init() { register("os.path", initOSPath) }

// pathStr converts a path-like argument for os.path functions.
func pathStr(t *vm.Thread, fname string, v vm.Value) (string, error) {
	if s, ok := v.AsStr(); ok {
		return s, nil
	}
	if _, ok := v.Type().Lookup("__fspath__"); ok {
		return fsPath(t, fname, v)
	}
	return "", vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", v.TypeName())
}

func posixSplit(p string) (string, string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail := p[:i], p[i:]
	if head != "" && head != strings.Repeat("/", len(head)) {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

func posixJoin(a string, ps ...string) string {
	path := a
	for _, b := range ps {
		switch {
		case strings.HasPrefix(b, "/"):
			path = b
		case path == "" || strings.HasSuffix(path, "/"):
			path += b
		default:
			path += "/" + b
		}
	}
	return path
}

func posixSplitext(p string) (string, string) {
	sepIndex := strings.LastIndexByte(p, '/')
	dotIndex := strings.LastIndexByte(p, '.')
	if dotIndex > sepIndex {
		for i := sepIndex + 1; i < dotIndex; i++ {
			if p[i] != '.' {
				return p[:dotIndex], p[dotIndex:]
			}
		}
	}
	return p, ""
}

func posixNormpath(path string) string {
	if path == "" {
		return "."
	}
	initial := 0
	if strings.HasPrefix(path, "/") {
		initial = 1
		if strings.HasPrefix(path, "//") && !strings.HasPrefix(path, "///") {
			initial = 2
		}
	}
	var comps []string
	for _, c := range strings.Split(path, "/") {
		if c == "" || c == "." {
			continue
		}
		if c != ".." || (initial == 0 && len(comps) == 0) || (len(comps) > 0 && comps[len(comps)-1] == "..") {
			comps = append(comps, c)
		} else if len(comps) > 0 {
			comps = comps[:len(comps)-1]
		}
	}
	out := strings.Repeat("/", initial) + strings.Join(comps, "/")
	if out == "" {
		return "."
	}
	return out
}

func posixAbspath(p string) (string, error) {
	if !strings.HasPrefix(p, "/") {
		cwd, err := getwd()
		if err != nil {
			return "", err
		}
		p = posixJoin(cwd, p)
	}
	return posixNormpath(p), nil
}

func expandUser(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	i := strings.IndexByte(p, '/')
	if i < 0 {
		i = len(p)
	}
	var home string
	if i == 1 {
		home = os.Getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return p
			}
			home = h
		}
	} else {
		return p
	}
	home = strings.TrimRight(home, "/")
	if home == "" {
		home = "/"
		if i < len(p) {
			home = ""
		}
	}
	return home + p[i:]
}

func commonPrefix(items []string) string {
	if len(items) == 0 {
		return ""
	}
	s1, s2 := items[0], items[0]
	for _, s := range items[1:] {
		if s < s1 {
			s1 = s
		}
		if s > s2 {
			s2 = s
		}
	}
	for i := 0; i < len(s1); i++ {
		if s1[i] != s2[i] {
			return s1[:i]
		}
	}
	return s1
}

func initOSPath(v *vm.VM, m *vm.Module) error {
	m.Set("sep", vm.Str("/"))
	m.Set("altsep", none)
	m.Set("extsep", vm.Str("."))
	m.Set("pathsep", vm.Str(":"))
	m.Set("curdir", vm.Str("."))
	m.Set("pardir", vm.Str(".."))
	m.Set("devnull", vm.Str("/dev/null"))
	one := func(name string, f func(t *vm.Thread, p string) (vm.Value, error)) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			p, err := pathStr(t, name, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			return f(t, p)
		})
	}
	m.SetFunc("join", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.NoKwargs("join", kw); err != nil {
			return vm.Value{}, err
		}
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "join() missing 1 required positional argument: 'a'")
		}
		parts := make([]string, len(args))
		for i, a := range args {
			s, ok := a.AsStr()
			if !ok {
				if _, ok := a.Type().Lookup("__fspath__"); ok {
					var err error
					if s, err = fsPath(t, "join", a); err != nil {
						return vm.Value{}, err
					}
				} else {
					return vm.Value{}, vm.Errorf(vm.TypeError, "join() argument must be str, bytes, or os.PathLike object, not '%s'", a.TypeName())
				}
			}
			parts[i] = s
		}
		return vm.Str(posixJoin(parts[0], parts[1:]...)), nil
	})
	one("split", func(t *vm.Thread, p string) (vm.Value, error) {
		h, tl := posixSplit(p)
		return vm.Tuple2(vm.Str(h), vm.Str(tl)), nil
	})
	one("basename", func(t *vm.Thread, p string) (vm.Value, error) {
		_, tl := posixSplit(p)
		return vm.Str(tl), nil
	})
	one("dirname", func(t *vm.Thread, p string) (vm.Value, error) {
		h, _ := posixSplit(p)
		return vm.Str(h), nil
	})
	one("splitext", func(t *vm.Thread, p string) (vm.Value, error) {
		a, b := posixSplitext(p)
		return vm.Tuple2(vm.Str(a), vm.Str(b)), nil
	})
	one("splitdrive", func(t *vm.Thread, p string) (vm.Value, error) {
		return vm.Tuple2(vm.Str(""), vm.Str(p)), nil
	})
	one("normpath", func(t *vm.Thread, p string) (vm.Value, error) { return vm.Str(posixNormpath(p)), nil })
	one("normcase", func(t *vm.Thread, p string) (vm.Value, error) { return vm.Str(p), nil })
	one("isabs", func(t *vm.Thread, p string) (vm.Value, error) { return vm.Bool(strings.HasPrefix(p, "/")), nil })
	one("abspath", func(t *vm.Thread, p string) (vm.Value, error) {
		if !strings.HasPrefix(p, "/") {
			// a relative path is resolved against the working directory,
			// which os.getcwd() guards too
			if err := need(t, vm.AllowFS, "os.path.abspath", []vm.Value{vm.Str(p)}); err != nil {
				return vm.Value{}, err
			}
		}
		a, err := posixAbspath(p)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str(a), nil
	})
	one("realpath", func(t *vm.Thread, p string) (vm.Value, error) {
		a, err := posixAbspath(p)
		if err != nil {
			return vm.Value{}, err
		}
		// resolve the longest existing prefix, keep the rest as is
		rest := ""
		cur := a
		for {
			if r, err := filepath.EvalSymlinks(cur); err == nil {
				return vm.Str(posixNormpath(posixJoin(r, rest))), nil
			}
			h, tl := posixSplit(cur)
			if tl == "" || h == cur {
				return vm.Str(a), nil
			}
			if rest == "" {
				rest = tl
			} else {
				rest = tl + "/" + rest
			}
			cur = h
		}
	})
	one("expanduser", func(t *vm.Thread, p string) (vm.Value, error) { return vm.Str(expandUser(p)), nil })
	one("expandvars", func(t *vm.Thread, p string) (vm.Value, error) {
		return vm.Str(os.Expand(p, func(k string) string {
			if val, ok := os.LookupEnv(k); ok {
				return val
			}
			return "$" + k
		})), nil
	})
	test := func(name string, f func(fi os.FileInfo) bool, lstat bool) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			p, err := fsPath(t, name, args[0])
			if err != nil {
				if isIntLike(args[0]) {
					return vm.False, nil
				}
				return vm.Value{}, err
			}
			var fi os.FileInfo
			if lstat {
				fi, err = os.Lstat(p)
			} else {
				fi, err = os.Stat(p)
			}
			if err != nil {
				return vm.False, nil
			}
			return vm.Bool(f(fi)), nil
		})
	}
	test("exists", func(os.FileInfo) bool { return true }, false)
	test("lexists", func(os.FileInfo) bool { return true }, true)
	test("isfile", func(fi os.FileInfo) bool { return fi.Mode().IsRegular() }, false)
	test("isdir", func(fi os.FileInfo) bool { return fi.IsDir() }, false)
	test("islink", func(fi os.FileInfo) bool { return fi.Mode()&os.ModeSymlink != 0 }, true)
	m.SetFunc("ismount", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("ismount", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		p, err := pathStr(t, "ismount", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(posixNormpath(p) == "/"), nil
	})
	statField := func(name string, get func(fi os.FileInfo) vm.Value) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			p, err := fsPath(t, name, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			fi, err := os.Stat(p)
			if err != nil {
				return vm.Value{}, osError(err, args[0])
			}
			return get(fi), nil
		})
	}
	statField("getsize", func(fi os.FileInfo) vm.Value { return vm.Int(fi.Size()) })
	statField("getmtime", func(fi os.FileInfo) vm.Value { return vm.Float(float64(fi.ModTime().UnixNano()) / 1e9) })
	statField("getatime", func(fi os.FileInfo) vm.Value { return vm.Float(float64(fi.ModTime().UnixNano()) / 1e9) })
	statField("getctime", func(fi os.FileInfo) vm.Value { return vm.Float(float64(fi.ModTime().UnixNano()) / 1e9) })
	m.SetFunc("relpath", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var pv, sv vm.Value
		if err := vm.UnpackArgs("relpath", args, kw, []string{"path", "start?"}, &pv, &sv); err != nil {
			return vm.Value{}, err
		}
		p, err := pathStr(t, "relpath", pv)
		if err != nil {
			return vm.Value{}, err
		}
		if p == "" {
			return vm.Value{}, vm.Errorf(vm.ValueError, "no path specified")
		}
		start := "."
		if given(sv) {
			if start, err = pathStr(t, "relpath", sv); err != nil {
				return vm.Value{}, err
			}
		}
		as, err := posixAbspath(start)
		if err != nil {
			return vm.Value{}, err
		}
		ap, err := posixAbspath(p)
		if err != nil {
			return vm.Value{}, err
		}
		split := func(s string) []string {
			var out []string
			for _, x := range strings.Split(s, "/") {
				if x != "" {
					out = append(out, x)
				}
			}
			return out
		}
		sl, pl := split(as), split(ap)
		i := 0
		for i < len(sl) && i < len(pl) && sl[i] == pl[i] {
			i++
		}
		var rel []string
		for j := i; j < len(sl); j++ {
			rel = append(rel, "..")
		}
		rel = append(rel, pl[i:]...)
		if len(rel) == 0 {
			return vm.Str("."), nil
		}
		return vm.Str(posixJoin(rel[0], rel[1:]...)), nil
	})
	m.SetFunc("commonprefix", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("commonprefix", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		items, err := t.ToSlice(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		strs := make([]string, len(items))
		for i, x := range items {
			s, ok := x.AsStr()
			if !ok {
				// lists of components: compare element-wise
				return commonPrefixSeq(t, items)
			}
			strs[i] = s
		}
		return vm.Str(commonPrefix(strs)), nil
	})
	m.SetFunc("commonpath", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("commonpath", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		items, err := t.ToSlice(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if len(items) == 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "commonpath() arg is an empty sequence")
		}
		var split [][]string
		abs := -1
		for _, x := range items {
			s, err := pathStr(t, "commonpath", x)
			if err != nil {
				return vm.Value{}, err
			}
			isAbs := 0
			if strings.HasPrefix(s, "/") {
				isAbs = 1
			}
			if abs >= 0 && abs != isAbs {
				return vm.Value{}, vm.Errorf(vm.ValueError, "Can't mix absolute and relative paths")
			}
			abs = isAbs
			var comps []string
			for _, c := range strings.Split(s, "/") {
				if c != "" && c != "." {
					comps = append(comps, c)
				}
			}
			split = append(split, comps)
		}
		common := split[0]
		for _, c := range split[1:] {
			i := 0
			for i < len(common) && i < len(c) && common[i] == c[i] {
				i++
			}
			common = common[:i]
		}
		prefix := ""
		if abs == 1 {
			prefix = "/"
		}
		return vm.Str(prefix + strings.Join(common, "/")), nil
	})
	m.SetFunc("samefile", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("samefile", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		a, err := fsPath(t, "samefile", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		b, err := fsPath(t, "samefile", args[1])
		if err != nil {
			return vm.Value{}, err
		}
		fa, err := os.Stat(a)
		if err != nil {
			return vm.Value{}, osError(err, args[0])
		}
		fb, err := os.Stat(b)
		if err != nil {
			return vm.Value{}, osError(err, args[1])
		}
		return vm.Bool(os.SameFile(fa, fb)), nil
	})
	guardFuncs(m, "os.path.", vm.AllowFS, "exists", "lexists", "isfile", "isdir", "islink", "getsize", "getmtime", "getatime", "getctime", "realpath", "samefile")
	guardFuncs(m, "os.path.", vm.AllowEnv, "expanduser", "expandvars")
	return nil
}

// commonPrefixSeq is commonprefix for lists of sequences (compared with ==).
func commonPrefixSeq(t *vm.Thread, items []vm.Value) (vm.Value, error) {
	var seqs [][]vm.Value
	for _, x := range items {
		s, err := t.ToSlice(x)
		if err != nil {
			return vm.Value{}, err
		}
		seqs = append(seqs, s)
	}
	n := len(seqs[0])
	for _, s := range seqs[1:] {
		n = min(n, len(s))
	}
	i := 0
outer:
	for ; i < n; i++ {
		for _, s := range seqs[1:] {
			eq, err := t.Equal(seqs[0][i], s[i])
			if err != nil {
				return vm.Value{}, err
			}
			if !eq {
				break outer
			}
		}
	}
	return t.GetItem(items[0], vm.ObjectValue(&vm.Slice{Start: none, Stop: vm.Int(int64(i)), Step: none}))
}
