package vm

import (
	"fmt"
	"strings"
)

// The task tree: every task records, at creation, the task that was
// running (its parent) and the line that created it — one pointer and the
// index of an interned code+pc pair, no stack (debug mode keeps the whole creation stack in
// taskExt.created as well). The task view prints live tasks as a tree of
// who created whom; tracebacks of exceptions escaping a task say where it
// was created.

// recordParent notes who is creating tk and from which line: the running
// task (nil outside tasks) and the innermost frame of the running code
// that is not in a standard library module written in script code (so
// asyncio.gather or TaskGroup.create_task name the script's line).
func (l *Loop) recordParent(tk *Task) {
	t := l.vm.main
	if cur := l.current; cur != nil {
		tk.parent = cur
		tk.tflags |= taskChild
		t = &cur.thread
	}
	if t == nil {
		return
	}
	var lib *Frame
	for i := len(t.frames) - 1; i >= 0; i-- {
		f := t.frames[i]
		if f == nil || f.code == nil {
			continue
		}
		if fn := f.code.Filename; len(fn) > 0 && fn[0] == '<' && l.vm.isLibraryFile(fn) {
			if lib == nil {
				lib = f
			}
			continue
		}
		tk.site = l.vm.taskSites.intern(f.code, int32(f.pc))
		return
	}
	if lib != nil {
		tk.site = l.vm.taskSites.intern(lib.code, int32(lib.pc))
	}
}

// taskSite is a line that creates tasks: a code object and the pc after
// the call.
type taskSite struct {
	code *Code
	pc   int32
}

// taskSites is a VM's table of task creation sites: a task keeps a 4-byte
// index into it (0: none) instead of a code pointer and a pc. A program
// has few such lines, and a loop creating tasks uses one over and over.
type taskSites struct {
	list  []taskSite // list[i-1] is site i
	index map[taskSite]int32
	last  int32 // the site interned last
}

// intern returns the index of the site code+pc, adding it when new.
func (s *taskSites) intern(code *Code, pc int32) int32 {
	k := taskSite{code, pc}
	if s.last != 0 && s.list[s.last-1] == k {
		return s.last
	}
	i, ok := s.index[k]
	if !ok {
		if s.index == nil {
			s.index = make(map[taskSite]int32)
		}
		s.list = append(s.list, k)
		i = int32(len(s.list))
		s.index[k] = i
	}
	s.last = i
	return i
}

// at returns site i (the zero taskSite for 0).
func (s *taskSites) at(i int32) taskSite {
	if i == 0 {
		return taskSite{}
	}
	return s.list[i-1]
}

// Parent returns the task that was running when tk was created, or nil
// (created outside any task, or tk is done).
func (tk *Task) Parent() *Task { return tk.parent }

// CreatedAt is the line that created the task (the zero TraceEntry when
// it was created from Go with no script code running).
func (tk *Task) CreatedAt() TraceEntry {
	return tk.loop.vm.taskSites.at(tk.site).entry()
}

// entry is the site's line (the zero TraceEntry for no site).
func (c taskSite) entry() TraceEntry {
	if c.code == nil {
		return TraceEntry{}
	}
	line, _ := c.code.LineFor(max(int(c.pc)-1, 0))
	return TraceEntry{Filename: c.code.Filename, Line: line, Name: c.code.Name}
}

// CreationStack is the whole stack that created the task, outermost
// first, in debug mode; otherwise nil.
func (tk *Task) CreationStack() []TraceEntry {
	if tk.ext == nil {
		return nil
	}
	return tk.ext.created
}

// FormatTaskTree is the text of the task view: a header, then each task
// as in the deadlock report with its children (the tasks it created)
// under it, indented, each saying where it was created. A task whose
// creator is done is a root and names its creator.
func FormatTaskTree(tasks []WaitingTask) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d task%s not done", len(tasks), plural(len(tasks)))
	live := map[int]bool{}
	for _, tk := range tasks {
		live[tk.ID] = true
	}
	children := map[int][]int{}
	var roots []int
	for i, tk := range tasks {
		if tk.ParentID != 0 && live[tk.ParentID] && tk.ParentID != tk.ID {
			children[tk.ParentID] = append(children[tk.ParentID], i)
		} else {
			roots = append(roots, i)
		}
	}
	seen := map[int]bool{}
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if seen[i] {
			return
		}
		seen[i] = true
		tk := tasks[i]
		ind := strings.Repeat("  ", depth)
		fmt.Fprintf(&b, "\n%s  Task '%s' (%s()) %s", ind, tk.Name, tk.Coro, tk.WaitsOn)
		if c := tk.Created; c.Filename != "" {
			by := ""
			if tk.ParentID != 0 && !live[tk.ParentID] {
				by = fmt.Sprintf(" by Task '%s' (done)", tk.Parent)
			}
			fmt.Fprintf(&b, "\n%s    created at %s:%d in %s%s", ind, c.Filename, c.Line, c.Name, by)
			// debug mode: the stack that led there, outermost first
			var from []TraceEntry
			from = append(from, tk.CreationStack...) // library frames left out already
			if n := len(from); n > 0 && from[n-1].Filename == c.Filename && from[n-1].Line == c.Line {
				from = from[:n-1]
			}
			for _, e := range from {
				fmt.Fprintf(&b, "\n%s      from %s:%d in %s", ind, e.Filename, e.Line, e.Name)
			}
		}
		for j, en := range tk.Chain {
			fmt.Fprintf(&b, "\n%s    File \"%s\", line %d, in %s", ind, en.Filename, en.Line, en.Name)
			if s := strings.TrimSpace(tk.Source[j]); s != "" {
				fmt.Fprintf(&b, "\n%s      %s", ind, s)
			}
		}
		for _, c := range children[tk.ID] {
			walk(c, depth+1)
		}
	}
	for _, i := range roots {
		walk(i, 0)
	}
	return b.String()
}

// creationNote is the block that says where tk was created: header, then
// the creation line (in debug mode the whole creation stack) with its
// source, as a traceback prints frames. It is "" when tk was not created
// inside another task (asyncio.run's main task, a task made from Go).
func (tk *Task) creationNote(header string) string {
	return tk.escapeNote().format(tk.loop.vm, header)
}

// escapeNote is what a creation note needs of a task, kept without the
// task (an exception that escaped a task must not keep it alive, nor must
// the record of an unretrieved exception: lost.go). Taking one allocates
// nothing; the note's text is made only when it is printed.
type escapeNote struct {
	id    int32
	child bool
	name  *StrObject   // nil: the default name, Task-<id>
	site  taskSite     // the line that created the task
	stack []TraceEntry // the whole creation stack (debug mode)
}

// escapeNote takes tk's note data.
func (tk *Task) escapeNote() escapeNote {
	n := escapeNote{id: tk.id, child: tk.tflags&taskChild != 0, site: tk.loop.vm.taskSites.at(tk.site)}
	if tk.ext != nil {
		n.name, n.stack = tk.ext.name, tk.ext.created
	}
	return n
}

// taskName is the task's name.
func (n escapeNote) taskName() string {
	if n.name != nil {
		return n.name.s
	}
	return fmt.Sprintf("Task-%d", n.id)
}

// format renders the note under header ("" when there is nothing to say:
// a task not created inside another task).
func (n escapeNote) format(vm *VM, header string) string {
	if !n.child {
		return ""
	}
	stack := n.stack
	multi := len(stack) > 1
	if !multi && n.site.code != nil {
		stack = []TraceEntry{n.site.entry()}
	}
	if len(stack) == 0 {
		return ""
	}
	var b strings.Builder
	if multi {
		fmt.Fprintf(&b, "%s (most recent call last):\n", header)
	} else {
		fmt.Fprintf(&b, "%s:\n", header)
	}
	for _, e := range stack {
		fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", e.Filename, e.Line, e.Name)
		if src := strings.TrimSpace(vm.SourceLine(e.Filename, e.Line)); src != "" {
			fmt.Fprintf(&b, "    %s\n", src)
		}
	}
	return b.String()
}

// FormatUncaught is FormatException for an exception that ends the
// program (or an embedder's run): when it escaped tasks created inside
// other tasks, a note saying where each was created comes first, the
// innermost first ("The exception below escaped Task 'x', created at:",
// then "and then Task 'y', created at:"), so CPython's own lines, the
// last one included, are unchanged.
func (t *Thread) FormatUncaught(exc *Exception) string {
	var b strings.Builder
	for i, n := range exc.more().escaped {
		head := "The exception below escaped Task '%s', created at"
		if i > 0 {
			head = "and then Task '%s', created at"
		}
		b.WriteString(n.format(t.vm, fmt.Sprintf(head, n.taskName())))
	}
	return b.String() + t.FormatException(exc)
}
