package main

import (
	"bytes"
	"testing"
)

// TestExample runs the example and checks what it prints.
func TestExample(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	want := `sandboxed: open('/etc/passwd'): not allowed by this interpreter (needs the fs capability)
pages=3 words=12 top="the"
  /a: 4 words
  /b: 6 words
  /c: 2 words
fetches overlapped: true
runaway: MaxDuration limit exceeded (50ms)
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}
