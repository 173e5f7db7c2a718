package vm

import (
	"fmt"
	"strconv"
	"strings"
)

// Exception groups are drawn as CPython 3.11 draws them: every line of a
// group member is indented by two spaces per nesting level and carries a
// "| " margin, members are introduced by "+---------------- N ----------------"
// rules, and the last member of a group is closed by a rule of dashes.
const (
	maxGroupWidth = 15
	maxGroupDepth = 10
)

// tbPrinter is the state of one FormatException call.
type tbPrinter struct {
	t         *Thread
	b         strings.Builder
	seen      map[*Exception]bool
	depth     int  // exception-group nesting
	needClose bool // the innermost open group still needs its closing rule
	// plain leaves out "Did you mean" suggestions: CPython 3.11 adds them
	// only in the interpreter's default hook, not in the traceback module
	plain bool
}

// FormatException renders exc with its chained causes and contexts as
// CPython prints an uncaught exception.
func (t *Thread) FormatException(exc *Exception) string {
	p := &tbPrinter{t: t, seen: map[*Exception]bool{}}
	p.chain(exc)
	return p.b.String()
}

// FormatExceptionPlain renders exc as CPython 3.11's traceback module does
// (traceback.format_exception, logging, asyncio's reports): as
// FormatException, without "Did you mean" suggestions.
func (t *Thread) FormatExceptionPlain(exc *Exception) string {
	p := &tbPrinter{t: t, seen: map[*Exception]bool{}, plain: true}
	p.chain(exc)
	return p.b.String()
}

// emit writes text, every line prefixed by the current indentation and
// margin (margin "" means the default "|").
func (p *tbPrinter) emit(text, margin string) {
	if p.depth == 0 {
		p.b.WriteString(text)
		return
	}
	if margin == "" {
		margin = "|"
	}
	prefix := p.indent() + margin + " "
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		p.b.WriteString(prefix)
		p.b.WriteString(line)
	}
}

func (p *tbPrinter) indent() string { return strings.Repeat(" ", 2*p.depth) }

// chain prints exc after the exceptions it was chained to.
func (p *tbPrinter) chain(exc *Exception) {
	type link struct {
		msg string
		exc *Exception
	}
	var links []link
	for e, msg := exc, ""; e != nil; {
		p.seen[e] = true
		links = append(links, link{msg, e})
		switch {
		case e.Cause != nil && !p.seen[e.Cause]:
			e, msg = e.Cause, "\nThe above exception was the direct cause of the following exception:\n\n"
		case e.Context != nil && !e.SuppressContext && !p.seen[e.Context]:
			e, msg = e.Context, "\nDuring handling of the above exception, another exception occurred:\n\n"
		default:
			e = nil
		}
	}
	for i := len(links) - 1; i >= 0; i-- {
		l := links[i]
		p.one(l.exc)
		if i > 0 {
			p.emit(l.msg, "")
		}
	}
}

// one prints a single exception (a group with its members).
func (p *tbPrinter) one(exc *Exception) {
	if !exc.isGroup() || len(exc.more().group) == 0 {
		if len(exc.Traceback) > 0 {
			p.emit("Traceback (most recent call last):\n", "")
			p.emit(p.t.formatStack(exc.Traceback), "")
		}
		p.emit(p.t.exceptionOnly(exc, p.plain), "")
		return
	}
	if p.depth > maxGroupDepth {
		p.emit("... (max_group_depth is "+strconv.Itoa(maxGroupDepth)+")\n", "")
		return
	}
	top := p.depth == 0
	if top {
		p.depth++
	}
	if len(exc.Traceback) > 0 {
		margin := ""
		if top {
			margin = "+"
		}
		p.emit("Exception Group Traceback (most recent call last):\n", margin)
		p.emit(p.t.formatStack(exc.Traceback), "")
	}
	p.emit(p.t.exceptionOnly(exc, p.plain), "")
	n := len(exc.more().group)
	shown := n
	if n > maxGroupWidth {
		shown = maxGroupWidth + 1
	}
	p.needClose = false
	for i := 0; i < shown; i++ {
		last := i == shown-1
		if last {
			p.needClose = true
		}
		lead := "  "
		if i == 0 {
			lead = "+-"
		}
		title := strconv.Itoa(i + 1)
		truncated := i >= maxGroupWidth
		if truncated {
			title = "..."
		}
		p.b.WriteString(p.indent() + lead + "+---------------- " + title + " ----------------\n")
		p.depth++
		if truncated {
			more := n - maxGroupWidth
			s := "s"
			if more == 1 {
				s = ""
			}
			p.emit(fmt.Sprintf("and %d more exception%s\n", more, s), "")
		} else {
			p.chain(exc.more().group[i].o.(*Exception))
		}
		if last && p.needClose {
			p.b.WriteString(p.indent() + "+------------------------------------\n")
			p.needClose = false
		}
		p.depth--
	}
	if top {
		p.depth = 0
	}
}

// exceptionOnly is the "Type: message" line (or a SyntaxError's lines)
// followed by the notes; plain is the traceback module's form (no "Did
// you mean" suggestions, its own SyntaxError carets).
func (t *Thread) exceptionOnly(exc *Exception, plain bool) string {
	var b strings.Builder
	se := exc.more().syntax
	if se == nil {
		se, _ = t.programSyntaxError(exc)
	}
	switch {
	case se != nil && plain:
		b.WriteString(se.FormatTraceback())
	case se != nil:
		b.WriteString(se.Format())
	default:
		b.WriteString(t.exceptionLine(exc, !plain))
		b.WriteString("\n")
	}
	for _, n := range t.noteLines(exc) {
		b.WriteString(n)
		b.WriteString("\n")
	}
	return b.String()
}

// formatStack prints traceback entries outermost first, folding runs of
// identical lines the way CPython does.
func (t *Thread) formatStack(entries []TraceEntry) string {
	var b strings.Builder
	var last TraceEntry
	count := 0
	flush := func() {
		if count > 3 {
			n := count - 3
			s := "s"
			if n == 1 {
				s = ""
			}
			fmt.Fprintf(&b, "  [Previous line repeated %d more time%s]\n", n, s)
		}
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if count > 0 && e.Filename == last.Filename && e.Line == last.Line && e.Name == last.Name {
			count++
			if count > 3 {
				continue
			}
		} else {
			flush()
			last = e
			count = 1
		}
		fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", e.Filename, e.Line, e.Name)
		orig := t.vm.entrySourceLine(e)
		if line := strings.TrimSpace(orig); line != "" {
			fmt.Fprintf(&b, "    %s\n", line)
			b.WriteString(positionMarkers(orig, e))
		}
	}
	flush()
	return b.String()
}

// ExceptionLine is the last line of a traceback: "Type: message", with a
// "Did you mean" suggestion where CPython's default hook gives one.
func (t *Thread) ExceptionLine(exc *Exception) string { return t.exceptionLine(exc, true) }

// ExceptionLinePlain is ExceptionLine without the suggestion (what 3.11's
// traceback.format_exception_only prints).
func (t *Thread) ExceptionLinePlain(exc *Exception) string { return t.exceptionLine(exc, false) }

func (t *Thread) exceptionLine(exc *Exception, suggest bool) string {
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
	if suggest {
		msg += t.suggestion(exc)
	}
	return name + ": " + msg
}

// PrintException writes the formatted exception to the script's
// sys.stderr (the VM's Stderr unless replaced: WriteStderr).
func (t *Thread) PrintException(exc *Exception) {
	t.vm.WriteStderr(t.FormatException(exc))
}
