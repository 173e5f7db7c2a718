// Command genprecompiled writes stdlib/precompiled.bin, the stdlib's .pya
// modules compiled at build time (run by go generate in stdlib/).
package main

import (
	"fmt"
	"os"

	"github.com/pyasync/pyasync/stdlib"
)

func main() {
	blob, err := stdlib.BuildPrecompiled(os.DirFS("."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "genprecompiled:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("precompiled.bin", blob, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genprecompiled:", err)
		os.Exit(1)
	}
}
