package vm

import (
	"fmt"
	"strings"
)

// compileWarning prints compile-time warnings as Python's default warning
// display does ("file:line: Category: message" and the stripped source
// line), once per line and message.
func (vm *VM) compileWarning(filename, text string) func(category, msg string, line int) {
	return vm.CompileWarner(filename, text)
}

// CompileWarner returns the function that prints a compile-time warning of
// source text (compiler.Options.Warn) as Python's default warning display
// does, on the VM's stderr, once per line and message.
func (vm *VM) CompileWarner(filename, text string) func(category, msg string, line int) {
	seen := map[string]bool{}
	return func(category, msg string, line int) {
		key := fmt.Sprintf("%d:%s:%s", line, category, msg)
		if seen[key] || vm.Stderr == nil {
			return
		}
		seen[key] = true
		fmt.Fprintf(vm.Stderr, "%s:%d: %s: %s\n", filename, line, category, msg)
		if strings.HasPrefix(filename, "<") {
			return // no file to show a line of, as in CPython
		}
		lines := strings.Split(text, "\n")
		if line >= 1 && line <= len(lines) {
			if src := strings.TrimSpace(lines[line-1]); src != "" {
				fmt.Fprintf(vm.Stderr, "  %s\n", src)
			}
		}
	}
}
