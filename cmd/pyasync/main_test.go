package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
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
	// -c and stdin programs have no source lines in tracebacks (python3's
	// output), a file's have
	tb := "def f():\n    return 1/0\nf()\n"
	want := "Traceback (most recent call last):\n  File \"<string>\", line 3, in <module>\n  File \"<string>\", line 2, in f\nZeroDivisionError: division by zero\n"
	_, errOut, _ := cli(t, "", "-c", tb)
	assert.Equal(t, want, errOut)
	_, errOut, _ = cli(t, tb, "-")
	assert.Equal(t, strings.ReplaceAll(want, "<string>", "<stdin>"), errOut)
	_, errOut, _ = cli(t, "", bad)
	assert.Contains(t, errOut, "    raise ValueError('nope')\n")

	wd, _ := os.Getwd()
	assert.NoError(t, os.Chdir(dir))
	defer os.Chdir(wd)
	out, errOut, code := cli(t, "", "-m", "mymod")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "module __main__\n", out)
}

// TestCLISandboxAndLimits: --sandbox, --allow, --max-memory and --max-time,
// and MemoryError (never a Go fatal error) for impossible allocations.
func TestCLISandboxAndLimits(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "data.txt")
	assert.NoError(t, os.WriteFile(file, []byte("payload"), 0o644))
	readIt := "print(open(" + strconv.Quote(file) + ").read())"
	cases := []struct {
		name     string
		args     []string
		out, err string
		code     int
	}{
		{"AllowAll by default", []string{"-c", readIt}, "payload\n", "", 0},
		{"sandbox", []string{"--sandbox", "-c", readIt}, "", "PermissionError: open('" + file + "'): not allowed by this interpreter (needs the fs capability)", 1},
		{"sandbox env", []string{"--sandbox", "-c", "import os\nos.environ['HOME']"}, "", "needs the env capability", 1},
		{"allow fs", []string{"--allow=fs", "-c", readIt}, "payload\n", "", 0},
		{"allow fs not net", []string{"--allow=fs", "-c", "import socket\nsocket.socket()"}, "", "needs the net capability", 1},
		{"allow net,process", []string{"--allow=net,process", "-c", "import subprocess\nprint(subprocess.run(['true']).returncode)\nopen('x')"}, "0\n", "needs the fs capability", 1},
		{"allow unknown", []string{"--allow=disk", "-c", "pass"}, "", "pyasync:", 2},
		{"max-time", []string{"--max-time=100ms", "-c", "try:\n    while True: pass\nfinally:\n    print('finally')"}, "finally\n", "MaxDuration limit exceeded (100ms)", 1},
		{"max-time sleep", []string{"--max-time=100ms", "-c", "import time\ntime.sleep(60)"}, "", "MaxDuration limit exceeded", 1},
		{"max-memory", []string{"--max-memory=64M", "-c", "l = []\nwhile True:\n    l.append('x' * 1000)"}, "", "MaxMemory limit exceeded (67108864 bytes)", 1},
		{"max-memory repeat", []string{"--max-memory=64M", "-c", "try:\n    x = [0] * 10**8\nexcept BaseException:\n    print('caught')"}, "", "MaxMemory limit exceeded", 1},
		{"bad max-memory", []string{"--max-memory=lots", "-c", "pass"}, "", "--max-memory needs a size", 2},
		{"MemoryError", []string{"-c", "try:\n    x = [0] * 10**10\nexcept MemoryError:\n    print('MemoryError')\nx = 'ab' * 10**11"}, "MemoryError\n", "MemoryError\n", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := cli(t, "", c.args...)
			assert.Equal(t, c.code, code, "stderr: %s", errOut)
			assert.Equal(t, c.out, out)
			assert.Contains(t, errOut, c.err)
		})
	}
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

// TestScriptFileAbsolute: the main script's __file__ (and its tracebacks) is
// the path joined to the working directory, as CPython 3.9+ makes it;
// sys.argv[0] stays as given.
func TestScriptFileAbsolute(t *testing.T) {
	dir := t.TempDir()
	assert.NoError(t, os.WriteFile(filepath.Join(dir, "f.pya"), []byte("import sys\nprint(__file__, sys.argv[0])\n1/0\n"), 0o644))
	wd, err := os.Getwd()
	assert.NoError(t, err)
	t.Cleanup(func() { os.Chdir(wd) })
	assert.NoError(t, os.Chdir(dir))
	cwd, _ := os.Getwd()
	for _, arg := range []string{"f.pya", "./f.pya"} {
		out, errs, code := cli(t, "", arg)
		assert.Equal(t, cwd+"/"+arg+" "+arg+"\n", out)
		assert.Contains(t, errs, "File \""+cwd+"/"+arg+"\", line 3")
		assert.Equal(t, 1, code)
	}
	out, _, _ := cli(t, "", filepath.Join(cwd, "f.pya"))
	assert.Equal(t, filepath.Join(cwd, "f.pya")+" "+filepath.Join(cwd, "f.pya")+"\n", out)
}

// TestCLICodeCache: a script file goes through the code cache in
// PYTHONPYCACHEPREFIX or -X pycache_prefix (the latter wins); -B and
// PYTHONDONTWRITEBYTECODE stop writing; --sandbox and -c use no cache.
func TestCLICodeCache(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.pya")
	assert.NoError(t, os.WriteFile(script, []byte("print('cached?')\n"), 0o644))
	count := func(dir string) int {
		es, _ := os.ReadDir(dir)
		return len(es)
	}
	run := func(args ...string) {
		t.Helper()
		out, errOut, code := cli(t, "", args...)
		assert.Equal(t, 0, code, errOut)
		assert.Equal(t, "cached?\n", out)
	}
	env, flag := t.TempDir(), t.TempDir()
	t.Setenv("PYTHONPYCACHEPREFIX", env)
	t.Setenv("PYTHONDONTWRITEBYTECODE", "")

	run("-B", script)
	run("--sandbox", script)
	run("-c", "print('cached?')")
	assert.Equal(t, 0, count(env), "-B, --sandbox and -c write nothing")
	t.Setenv("PYTHONDONTWRITEBYTECODE", "1")
	run(script)
	assert.Equal(t, 0, count(env), "PYTHONDONTWRITEBYTECODE")
	t.Setenv("PYTHONDONTWRITEBYTECODE", "")
	run(script)
	assert.Equal(t, 1, count(env))
	run("-X", "pycache_prefix="+flag, script)
	assert.Equal(t, 1, count(flag))
	other := filepath.Join(dir, "other.pya")
	assert.NoError(t, os.WriteFile(other, []byte("print('cached?')\n"), 0o644))
	run("--allow=fs", other)
	assert.Equal(t, 1, count(env), "without AllowEnv the variable is not read")
	run(other)
	assert.Equal(t, 2, count(env))
}

// TestCLIDevMode: -X dev is Python's development mode beyond asyncio's
// debug mode: sys.flags.dev_mode, sys.warnoptions ['default'] and its
// filter, so deprecations show, the invalid-escape warning of the
// script's own source included (expected output from python3 -X dev).
func TestCLIDevMode(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "dev.pya")
	src := "import sys, warnings\nx = \"\\d\"\nprint(sys.flags.dev_mode, sys.warnoptions, warnings.filters[0])\n" +
		"warnings.warn(\"old\", DeprecationWarning)\nwarnings.warn(\"older\", PendingDeprecationWarning)\n"
	assert.NoError(t, os.WriteFile(script, []byte(src), 0o644))
	out, errOut, code := cli(t, "", script)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "False [] ('default', None, <class 'DeprecationWarning'>, '__main__', 0)\n", out)
	assert.Equal(t, script+":4: DeprecationWarning: old\n  warnings.warn(\"old\", DeprecationWarning)\n", errOut)
	out, errOut, code = cli(t, "", "-X", "dev", script)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "True ['default'] ('default', None, <class 'Warning'>, None, 0)\n", out)
	assert.Equal(t, script+":2: DeprecationWarning: invalid escape sequence '\\d'\n  x = \"\\d\"\n"+
		script+":4: DeprecationWarning: old\n  warnings.warn(\"old\", DeprecationWarning)\n"+
		script+":5: PendingDeprecationWarning: older\n  warnings.warn(\"older\", PendingDeprecationWarning)\n", errOut)
}
