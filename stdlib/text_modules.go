package stdlib

import (
	"embed"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// Text- and binary-data modules written in Python (the .pya files named
// after the module: hmac.pya is hmac, urllib.parse.pya uuid.pya csv.pya pprint.pya reprlib.pya tomllib.pya pickle.pya copyreg.pya codecs.pya _codecs.pya is urllib.parse).
// Each is compiled and executed into its module when a script first
// imports it; native helpers they need live in Go files of their own
// (private modules such as _textaccel).

//go:embed hmac.pya secrets.pya base64.pya gzip.pya string.pya textwrap.pya shlex.pya fnmatch.pya glob.pya urllib.parse.pya uuid.pya csv.pya pprint.pya reprlib.pya tomllib.pya pickle.pya copyreg.pya codecs.pya _codecs.pya
var textModuleFiles embed.FS

// textPackages are the packages that hold a text module (urllib for
// urllib.parse), made as empty modules.
var textPackages = []string{"urllib"}

func init() {
	entries, _ := textModuleFiles.ReadDir(".")
	for _, e := range entries {
		file := e.Name()
		name := strings.TrimSuffix(file, ".pya")
		register(name, func(v *vm.VM, m *vm.Module) error {
			return execPyaModule(v, m, file)
		})
	}
	for _, p := range textPackages {
		register(p, func(v *vm.VM, m *vm.Module) error {
			m.Set("__path__", vm.NewList(nil))
			return nil
		})
	}
}

// execPyaModule runs the embedded source file into module m.
func execPyaModule(v *vm.VM, m *vm.Module, file string) error {
	src, err := textModuleFiles.ReadFile(file)
	if err != nil {
		return err
	}
	code, err := compileModuleSource(v, src, "<"+strings.TrimSuffix(file, ".pya")+">")
	if err != nil {
		return err
	}
	_, err = v.ExecModule(v.Main(), code, m)
	return err
}
