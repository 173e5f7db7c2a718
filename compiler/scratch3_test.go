package compiler

import (
	"os"
	"strings"
	"testing"
)

func TestScratchListing(t *testing.T) {
	src := os.Getenv("SRC")
	if src == "" {
		t.Skip()
	}
	code, err := compileOpts(t, src, Options{Interactive: os.Getenv("INTER") != ""})
	if err != nil {
		t.Fatal(err)
	}
	var walk func(c *Code)
	walk = func(c *Code) {
		t.Logf("== %s (%s)\n%s\n%v", c.QualName, c.Flags, strings.Join(listing(c), "\n"), c.ExceptionTable)
		for _, k := range c.Consts {
			if s, ok := k.(*Code); ok {
				walk(s)
			}
		}
	}
	walk(code)
}
