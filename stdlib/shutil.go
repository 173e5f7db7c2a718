package stdlib

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	_ "embed"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"github.com/pyasync/pyasync/vm"
)

// The shutil module: the tree operations are Python (shutil.pya) over the
// os module; copying file data, disk usage, the terminal size, pattern
// matching and archives are native (module _shutil).

//go:embed shutil.pya
var shutilPrelude string

func init() {
	register("_shutil", initShutilCore)
	register("shutil", func(v *vm.VM, m *vm.Module) error { return runPrelude(v, m, "shutil", shutilPrelude) })
}

var (
	diskUsageType    = newStructSeqType("usage", "shutil", "usage", []string{"total", "used", "free"}, 3)
	terminalSizeType = newStructSeqType("terminal_size", "os", "os.terminal_size", []string{"columns", "lines"}, 2)
)

// fnmatch reports whether name matches a shell pattern (fnmatch.fnmatch
// on POSIX: case-sensitive, "*" also matches "/").
func fnmatch(name, pattern string) bool {
	// path.Match treats "/" specially and spells negation "[^"
	p := strings.ReplaceAll(pattern, "[!", "[^")
	name = strings.ReplaceAll(name, "/", "\x00")
	p = strings.ReplaceAll(p, "/", "\x00")
	ok, err := path.Match(p, name)
	return err == nil && ok
}

func initShutilCore(v *vm.VM, m *vm.Module) error {
	m.SetFunc("copyfile", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("copyfile", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		src, err := fsPath(t, "copyfile", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		dst, err := fsPath(t, "copyfile", args[1])
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowFS, "shutil.copyfile()"); err != nil {
			return vm.Value{}, err
		}
		in, err := os.Open(src)
		if err != nil {
			return vm.Value{}, osError(err, args[0])
		}
		defer in.Close()
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
		if err != nil {
			return vm.Value{}, osError(err, args[1])
		}
		var cerr error
		t.VM().BlockingCall(func() { _, cerr = io.Copy(out, in) })
		if err := out.Close(); err != nil && cerr == nil {
			cerr = err
		}
		if cerr != nil {
			return vm.Value{}, osError(cerr, args[1])
		}
		return none, nil
	})
	m.SetFunc("fnmatch", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		name, _ := args[0].AsStr()
		pat, _ := args[1].AsStr()
		return vm.Bool(fnmatch(name, pat)), nil
	})
	m.SetFunc("disk_usage", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("disk_usage", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		p, err := fsPath(t, "disk_usage", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		blocks, bfree, avail, bs, err := fsBlocks(p)
		if err != nil {
			return vm.Value{}, osError(err, args[0])
		}
		total, used, free := blocks*bs, (blocks-bfree)*bs, avail*bs
		return diskUsageType.make([]vm.Value{vm.Int(total), vm.Int(used), vm.Int(free)}), nil
	})
	m.SetFunc("get_terminal_size", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		cols, lines := 80, 24
		if len(args) > 0 {
			items, err := t.ToSlice(args[0])
			if err == nil && len(items) == 2 {
				c, _ := t.Index(items[0])
				l, _ := t.Index(items[1])
				cols, lines = int(c), int(l)
			}
		}
		envCols, _ := strconv.Atoi(os.Getenv("COLUMNS"))
		envLines, _ := strconv.Atoi(os.Getenv("LINES"))
		if envCols <= 0 || envLines <= 0 {
			var ws struct{ Row, Col, X, Y uint16 }
			if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, 1, syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws))); e == 0 && ws.Col > 0 {
				if envCols <= 0 {
					envCols = int(ws.Col)
				}
				if envLines <= 0 {
					envLines = int(ws.Row)
				}
			}
		}
		if envCols > 0 {
			cols = envCols
		}
		if envLines > 0 {
			lines = envLines
		}
		return terminalSizeType.make([]vm.Value{vm.Int(int64(cols)), vm.Int(int64(lines))}), nil
	})
	// make_archive(archive_path, format, root_dir, base_dir)
	m.SetFunc("make_archive", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		dst, _ := args[0].AsStr()
		format, _ := args[1].AsStr()
		root, _ := args[2].AsStr()
		base, _ := args[3].AsStr()
		if err := t.VM().Require(vm.AllowFS, "shutil.make_archive()"); err != nil {
			return vm.Value{}, err
		}
		var err error
		t.VM().BlockingCall(func() { err = makeArchive(dst, format, root, base) })
		if err != nil {
			return vm.Value{}, osError(err, vm.Str(dst))
		}
		return none, nil
	})
	return nil
}

// makeArchive writes the files under root/base into a zip or tar archive
// (names relative to root, as shutil.make_archive).
func makeArchive(dst, format, root, base string) error {
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	start := filepath.Join(root, base)
	walk := func(add func(name string, fi fs.FileInfo, full string) error) error {
		return filepath.Walk(start, func(full string, fi fs.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, full)
			if err != nil {
				return err
			}
			if rel == "." {
				if format != "zip" {
					return add(".", fi, full)
				}
				return nil
			}
			if format != "zip" && base == "." {
				rel = "./" + rel
			}
			return add(rel, fi, full)
		})
	}
	if format == "zip" {
		zw := zip.NewWriter(out)
		err := walk(func(name string, fi fs.FileInfo, full string) error {
			h, err := zip.FileInfoHeader(fi)
			if err != nil {
				return err
			}
			h.Name = name
			if fi.IsDir() {
				h.Name += "/"
				_, err = zw.CreateHeader(h)
				return err
			}
			h.Method = zip.Deflate
			w, err := zw.CreateHeader(h)
			if err != nil {
				return err
			}
			return copyInto(w, full)
		})
		if err != nil {
			return err
		}
		return zw.Close()
	}
	var w io.Writer = out
	var gz *gzip.Writer
	if format == "gztar" {
		gz = gzip.NewWriter(out)
		w = gz
	}
	tw := tar.NewWriter(w)
	err = walk(func(name string, fi fs.FileInfo, full string) error {
		h, err := tar.FileInfoHeader(fi, "")
		if err != nil {
			return err
		}
		h.Name = name
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			return copyInto(tw, full)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if gz != nil {
		return gz.Close()
	}
	return nil
}

func copyInto(w io.Writer, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
