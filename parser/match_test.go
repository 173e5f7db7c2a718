package parser

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchParity compares the trees of the match and except* programs in
// testdata/match with CPython's (skipped without python3).
func TestMatchParity(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	files, _ := filepath.Glob("testdata/match/*.py")
	if len(files) == 0 {
		t.Fatal("no testdata/match files")
	}
	for _, f := range files {
		out, err := exec.Command(py, "testdata/pydump.py", "--pos", f).Output()
		if err != nil {
			t.Fatalf("pydump %s: %v", f, err)
		}
		want := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[1])
		src, _ := os.ReadFile(f)
		m, err := Parse(f, src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if got := dump(m, true); got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			lo := max(0, i-150)
			t.Errorf("%s: tree differs at %d:\n got: ...%s\nwant: ...%s", f, i, clip(got[lo:], 300), clip(want[lo:], 300))
		}
	}
}
