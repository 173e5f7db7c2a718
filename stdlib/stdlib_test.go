package stdlib_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/stdlib"
	"github.com/pyasync/pyasync/vm"
)

// runPya runs a script in a fresh VM and returns its stdout and stderr
// (with the traceback of an uncaught exception appended).
func runPya(t *testing.T, path string) (string, string) {
	t.Helper()
	stdlib.Load()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	var out, errb bytes.Buffer
	v := vm.New(vm.Options{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Argv: []string{path}, Path: []string{filepath.Dir(path)}, Modules: stdlib.Table()})
	err = v.RunMain(src, path)
	if err != nil {
		var exc *vm.Exception
		var se *ast.SyntaxError
		switch {
		case errors.As(err, &exc):
			errb.WriteString(v.Main().FormatException(exc))
		case errors.As(err, &se):
			errb.WriteString(se.Error())
		default:
			errb.WriteString(err.Error())
		}
	}
	return out.String(), errb.String()
}

// checkModule runs testdata/NAME.pya and compares its output with
// testdata/NAME.out, produced by python3 3.11.
func checkModule(t *testing.T, name string) {
	t.Parallel()
	script := filepath.Join("testdata", name+".pya")
	want, err := os.ReadFile(filepath.Join("testdata", name+".out"))
	require.NoError(t, err)
	out, errOut := runPya(t, script)
	assert.Equal(t, string(want), out, "stdout of %s; stderr:\n%s", script, errOut)
}

func TestMath(t *testing.T)   { checkModule(t, "math") }
func TestJSON(t *testing.T)   { checkModule(t, "json") }
func TestRandom(t *testing.T) { checkModule(t, "random") }
func TestOSSys(t *testing.T)  { checkModule(t, "os") }
func TestIO(t *testing.T)     { checkModule(t, "io") }
func TestTyping(t *testing.T) { checkModule(t, "typing") }
func TestABC(t *testing.T)    { checkModule(t, "abc") }
func TestTime(t *testing.T)   { checkModule(t, "time") }

// TestModulesRegistered checks that every standard-library module is
// importable by name.
func TestModulesRegistered(t *testing.T) {
	names := vm.New(vm.Options{Modules: stdlib.Table()}).ModuleNames()
	for _, m := range []string{"sys", "math", "time", "json", "random", "os", "os.path", "io", "typing", "abc", "__future__"} {
		assert.Contains(t, names, m)
	}
}

// TestStdoutRedirect checks that print() follows sys.stdout and that
// print(file=sys.stderr) reaches the VM's stderr.
func TestStdoutRedirect(t *testing.T) {
	stdlib.Load()
	var out, errb bytes.Buffer
	v := vm.New(vm.Options{Stdout: &out, Stderr: &errb, Modules: stdlib.Table()})
	src := "import sys, io\nprint('a')\nprint('e', file=sys.stderr)\nsys.stdout = io.StringIO()\nprint('hidden')\ns = sys.stdout.getvalue()\nsys.stdout = sys.__stdout__\nprint(repr(s))\n"
	require.NoError(t, v.RunMain([]byte(src), "<test>"))
	assert.Equal(t, "a\n'hidden\\n'\n", out.String())
	assert.Equal(t, "e\n", errb.String())
}

// TestSysExit checks that sys.exit raises SystemExit with its code.
func TestSysExit(t *testing.T) {
	stdlib.Load()
	v := vm.New(vm.Options{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Modules: stdlib.Table()})
	err := v.RunMain([]byte("import sys\nsys.exit(4)\n"), "<test>")
	var exc *vm.Exception
	require.True(t, errors.As(err, &exc))
	assert.True(t, exc.IsInstance(vm.SystemExit))
	require.Len(t, exc.Args, 1)
	n, _ := exc.Args[0].AsInt64()
	assert.Equal(t, int64(4), n)
}

func TestNativeSubclass(t *testing.T) { checkModule(t, "subclass") }
