package pyasync_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// runScript runs a script file in-process and returns its stdout, stderr and
// exit code (as the CLI would report it).
func runScript(t *testing.T, path string, stdin string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	it := pyasync.New(pyasync.Options{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Args: []string{path}, Allow: pyasync.AllowAll})
	err := it.RunFile(context.Background(), path)
	code := 0
	if err != nil {
		errb.WriteString(pyasync.FormatError(err))
		code = 1
		if ee, ok := err.(*pyasync.ExitError); ok {
			code = ee.Code
		}
	}
	return out.String(), errb.String(), code
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "" {
			return lines[i]
		}
	}
	return ""
}

// checkScripts runs every NAME.pya in dir that has NAME.out (expected stdout,
// produced by python3) and, for failing programs, NAME.err (the expected last
// line of stderr; exit status 1).
func checkScripts(t *testing.T, dir string) {
	scripts, err := filepath.Glob(filepath.Join(dir, "*.pya"))
	require.NoError(t, err)
	n := 0
	for _, script := range scripts {
		base := strings.TrimSuffix(script, ".pya")
		want, err := os.ReadFile(base + ".out")
		if err != nil {
			continue
		}
		n++
		script := script
		t.Run(filepath.Base(base), func(t *testing.T) {
			t.Parallel()
			stdin, _ := os.ReadFile(base + ".in")
			out, errOut, code := runScript(t, script, string(stdin))
			assert.Equal(t, string(want), out, "stdout of %s (stderr: %s)", script, errOut)
			if wantErr, err := os.ReadFile(base + ".err"); err == nil {
				assert.Equal(t, 1, code, "exit status")
				assert.Equal(t, strings.TrimSpace(string(wantErr)), lastLine(errOut), "last stderr line")
			} else {
				assert.Equal(t, 0, code, "exit status; stderr:\n%s", errOut)
			}
		})
	}
	require.NotZero(t, n, "no scripts with expected output in %s", dir)
}

// TestScripts runs the project's script tests: valid Python programs whose
// expected output was produced by python3 3.11.
func TestScripts(t *testing.T) { checkScripts(t, "testdata") }

// TestExamples runs every example and checks its output.
func TestExamples(t *testing.T) { checkScripts(t, "examples") }
