package vm

import (
	"fmt"
	"strings"
)

// FormatException renders exc with its chained causes and contexts as
// CPython prints an uncaught exception.
func (t *Thread) FormatException(exc *Exception) string {
	var b strings.Builder
	seen := map[*Exception]bool{}
	t.formatChain(&b, exc, seen)
	return b.String()
}

func (t *Thread) formatChain(b *strings.Builder, exc *Exception, seen map[*Exception]bool) {
	seen[exc] = true
	if exc.Cause != nil && !seen[exc.Cause] {
		t.formatChain(b, exc.Cause, seen)
		b.WriteString("\nThe above exception was the direct cause of the following exception:\n\n")
	} else if exc.Context != nil && !exc.SuppressContext && !seen[exc.Context] {
		t.formatChain(b, exc.Context, seen)
		b.WriteString("\nDuring handling of the above exception, another exception occurred:\n\n")
	}
	t.formatOne(b, exc)
}

func (t *Thread) formatOne(b *strings.Builder, exc *Exception) {
	if len(exc.Traceback) > 0 {
		b.WriteString("Traceback (most recent call last):\n")
		t.formatEntries(b, exc.Traceback)
	}
	if exc.syntax != nil {
		b.WriteString(exc.syntax.Format())
		return
	}
	b.WriteString(t.ExceptionLine(exc))
	b.WriteString("\n")
	for _, n := range exc.Notes {
		b.WriteString(n)
		b.WriteString("\n")
	}
}

// formatEntries prints traceback entries outermost first, folding runs of
// identical lines the way CPython does.
func (t *Thread) formatEntries(b *strings.Builder, entries []TraceEntry) {
	var last TraceEntry
	count := 0
	flush := func() {
		if count > 3 {
			n := count - 3
			s := "s"
			if n == 1 {
				s = ""
			}
			fmt.Fprintf(b, "  [Previous line repeated %d more time%s]\n", n, s)
		}
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if count > 0 && e == last {
			count++
			if count > 3 {
				continue
			}
		} else {
			flush()
			last = e
			count = 1
		}
		fmt.Fprintf(b, "  File \"%s\", line %d, in %s\n", e.Filename, e.Line, e.Name)
		if line := strings.TrimSpace(t.vm.SourceLine(e.Filename, e.Line)); line != "" {
			fmt.Fprintf(b, "    %s\n", line)
		}
	}
	flush()
}

// ExceptionLine is the last line of a traceback: "Type: message".
func (t *Thread) ExceptionLine(exc *Exception) string {
	name := exc.cls.QualName
	if mod := exc.cls.Module; mod != "" && mod != "builtins" && mod != "__main__" {
		name = mod + "." + name
	}
	msg, err := t.Str(Value{o: exc})
	if err != nil {
		msg = "<exception str() failed>"
	}
	if msg == "" {
		return name
	}
	return name + ": " + msg + t.suggestion(exc)
}

// PrintException writes the formatted exception to the VM's stderr.
func (t *Thread) PrintException(exc *Exception) {
	fmt.Fprint(t.vm.Stderr, t.FormatException(exc))
}
