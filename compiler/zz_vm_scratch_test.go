package compiler_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyasync/pyasync/vm"
)

func TestZZVMConformance(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/conformance/cases/*.pya")
	if f := os.Getenv("CASE"); f != "" {
		files = []string{f}
	}
	pass := 0
	for _, f := range files {
		src, _ := os.ReadFile(f)
		want, _ := os.ReadFile(strings.TrimSuffix(f, ".pya") + ".out")
		var out, errb bytes.Buffer
		done := make(chan error, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					done <- nil
					errb.WriteString("PANIC")
				}
			}()
			m := vm.New(vm.Options{Stdout: &out, Stderr: &errb})
			done <- m.RunMain(src, f)
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Logf("TIMEOUT %s", filepath.Base(f))
			continue
		}
		if out.String() == string(want) {
			pass++
			continue
		}
		t.Logf("FAIL %s: err=%v stderr=%s", filepath.Base(f), err, lastLines(errb.String()))
		if os.Getenv("CASE") != "" {
			t.Logf("got:\n%s\nwant:\n%s", out.String(), want)
		}
	}
	t.Logf("%d/%d passed", pass, len(files))
}

func lastLines(s string) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > 3 {
		l = l[len(l)-3:]
	}
	return strings.Join(l, " | ")
}
