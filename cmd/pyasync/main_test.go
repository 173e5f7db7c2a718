package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// dbgSrc prints whether asyncio runs in debug mode.
const dbgSrc = "import asyncio\nasync def main():\n    print(asyncio.get_running_loop().get_debug())\nasyncio.run(main())"

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.pya")
	assert.NoError(t, os.WriteFile(script, []byte("import sys\nprint('args', sys.argv[1:])\n"), 0o644))
	bad := filepath.Join(dir, "bad.pya")
	assert.NoError(t, os.WriteFile(bad, []byte("def f():\n    raise ValueError('nope')\nf()\n"), 0o644))
	exit := filepath.Join(dir, "exit.pya")
	assert.NoError(t, os.WriteFile(exit, []byte("import sys\nsys.exit('bye')\n"), 0o644))
	mod := filepath.Join(dir, "mymod.pya")
	assert.NoError(t, os.WriteFile(mod, []byte("print('module', __name__)\n"), 0o644))

	cases := []struct {
		name     string
		args     []string
		stdin    string
		out, err string
		code     int
	}{
		{"file with args", []string{script, "a", "b"}, "", "args ['a', 'b']\n", "", 0},
		{"-c", []string{"-c", "print(2 ** 10)"}, "", "1024\n", "", 0},
		{"stdin dash", []string{"-"}, "print('from stdin')\n", "from stdin\n", "", 0},
		{"piped stdin", nil, "print(1 + 1)\n", "2\n", "", 0},
		{"version", []string{"--version"}, "", "pyasync " + "0.1.0 (Python 3.11 compatible)\n", "", 0},
		{"traceback", []string{bad}, "", "", "ValueError: nope", 1},
		{"sys.exit message", []string{exit}, "", "", "bye", 1},
		{"missing file", []string{filepath.Join(dir, "none.pya")}, "", "", "can't open file", 2},
		{"syntax error", []string{"-c", "x = = 1"}, "", "", "SyntaxError: invalid syntax", 1},
		{"dis", []string{"--dis", "-c", "x = 1"}, "", "STORE_GLOBAL", "", 0},
		{"unknown option", []string{"--bogus"}, "", "", "unknown option", 2},
		{"-X dev", []string{"-X", "dev", "-c", dbgSrc}, "", "True\n", "", 0},
		{"-Xdev", []string{"-Xdev", "-c", dbgSrc}, "", "True\n", "", 0},
		{"-X other", []string{"-X", "importtime", "-c", dbgSrc}, "", "False\n", "", 0},
		{"-X missing", []string{"-X"}, "", "", "Argument expected for the -X option", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := cli(t, c.stdin, c.args...)
			assert.Equal(t, c.code, code, "stderr: %s", errOut)
			if c.name == "dis" {
				assert.Contains(t, out, c.out)
			} else {
				assert.Equal(t, c.out, out)
			}
			assert.Contains(t, errOut, c.err)
		})
	}
	wd, _ := os.Getwd()
	assert.NoError(t, os.Chdir(dir))
	defer os.Chdir(wd)
	out, errOut, code := cli(t, "", "-m", "mymod")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "module __main__\n", out)
}

// TestInspect: -i runs the script, then the prompt in the same __main__;
// -m asyncio starts the prompt (lines from a pipe here).
func TestInspect(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.pya")
	assert.NoError(t, os.WriteFile(script, []byte("x = 21\nprint('script ran')\n"), 0o644))
	out, errOut, code := cli(t, "x * 2\nawait asyncio.sleep(0, 'slept')\n", "-i", script)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "script ran\n42\n'slept'\n", out)
	assert.Contains(t, errOut, ">>> ")
	out, errOut, code = cli(t, "import sys\nsys.exit(5)\n", "-m", "asyncio")
	assert.Equal(t, 5, code, errOut)
	assert.Equal(t, "", out)
}
