package parser

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/internal/corpus"
)

// corpusFiles lists the shared conformance and bench programs plus this
// package's own parse corpus.
func corpusFiles(t testing.TB) []string {
	var files []string
	files = append(files, corpus.Files()...)
	for _, pat := range []string{
		"../../shared/bench/cases/*.pya",
		"/work/shared/bench/cases/*.pya",
		"testdata/parse/*.py",
	} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	// Deduplicate by base path content.
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
		if !seen[abs] {
			seen[abs] = true
			out = append(out, f)
		}
	}
	return out
}

// TestCorpusParses parses every shared conformance and bench program.
func TestCorpusParses(t *testing.T) {
	files := corpusFiles(t)
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(f, src); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestCPythonParity compares the whole tree, positions included, with
// CPython's for every corpus file (skipped when python3 is missing).
func TestCPythonParity(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	files := corpusFiles(t)
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	out, err := exec.Command(py, append([]string{"testdata/pydump.py", "--pos"}, files...)...).Output()
	if err != nil {
		t.Fatalf("pydump: %v", err)
	}
	want := map[string]string{}
	var cur string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "== ") {
			cur = line[3:]
			continue
		}
		if cur != "" && line != "" {
			want[cur] = line
		}
	}
	compared := 0
	for _, f := range files {
		src, _ := os.ReadFile(f)
		w := want[f]
		if w == "SyntaxError" || w == "Unsupported" {
			continue
		}
		if w == "" {
			t.Errorf("%s: no CPython dump", f)
			continue
		}
		compared++
		m, err := Parse(f, src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		got := dump(m, true)
		if got != w {
			i := 0
			for i < len(got) && i < len(w) && got[i] == w[i] {
				i++
			}
			lo := max(0, i-150)
			t.Errorf("%s: tree differs at %d:\n got: ...%s\nwant: ...%s", f, i, clip(got[lo:], 300), clip(w[lo:], 300))
		}
	}
	_ = bytes.MinRead
	t.Logf("compared %d files with CPython", compared)
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestStdlibParity is an opt-in stress test: PYASYNC_PARITY_DIR=/usr/lib/python3.11
// compares every .py file under it with CPython's tree.
func TestStdlibParity(t *testing.T) {
	dir := os.Getenv("PYASYNC_PARITY_DIR")
	if dir == "" {
		t.Skip("set PYASYNC_PARITY_DIR")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	var files []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".py") && !strings.Contains(p, "lib2to3/tests/data") && !strings.Contains(p, "bad") {
			files = append(files, p)
		}
		return nil
	})
	bad, same, skipped := 0, 0, 0
	for len(files) > 0 {
		n := min(200, len(files))
		batch := files[:n]
		files = files[n:]
		out, err := exec.Command(py, append([]string{"testdata/pydump.py", "--pos"}, batch...)...).Output()
		if err != nil {
			t.Logf("pydump: %v", err)
			continue
		}
		want := map[string]string{}
		var cur string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "== ") {
				cur = line[3:]
			} else if cur != "" && line != "" {
				want[cur] = line
			}
		}
		for _, f := range batch {
			w := want[f]
			src, _ := os.ReadFile(f)
			m, err := Parse(f, src)
			if w == "SyntaxError" || w == "Unsupported" || w == "" {
				skipped++
				continue
			}
			if err != nil {
				if strings.Contains(err.Error(), "not supported by pyasync") {
					skipped++
					continue
				}
				bad++
				t.Errorf("%s: %v", f, err)
				continue
			}
			got := dump(m, true)
			if got != w {
				bad++
				i := 0
				for i < len(got) && i < len(w) && got[i] == w[i] {
					i++
				}
				lo := max(0, i-120)
				t.Errorf("%s: differs:\n got: ...%s\nwant: ...%s", f, clip(got[lo:], 240), clip(w[lo:], 240))
				continue
			}
			same++
		}
	}
	t.Logf("same=%d bad=%d skipped=%d", same, bad, skipped)
}
