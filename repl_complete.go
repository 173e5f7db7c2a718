package pyasync

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// Tab completion for the prompt: keywords and names, attributes of any
// object reached by a dotted name (obj.<Tab>, evaluated without calling
// anything), module names after import, module members after
// `from M import`, and the string keys of a dict (d["<Tab>).

// completeWait bounds how long Complete waits for a busy loop.
const completeWait = 2 * time.Second

// completePatterns are the completer's patterns, compiled on first
// completion, not at start-up.
var completePatterns = sync.OnceValue(func() (p struct{ dictKey, fromImport, imp, attr, name *regexp.Regexp }) {
	p.dictKey = regexp.MustCompile(`([A-Za-z_][\w.]*)\[\s*(['"])([^'"\\]*)$`)
	p.fromImport = regexp.MustCompile(`^\s*from\s+([\w.]+)\s+import\s+(?:[\w\s,()]*,\s*|\(\s*)?(\w*)$`)
	p.imp = regexp.MustCompile(`^\s*(?:import\s+(?:[\w.]+\s*,\s*)*|from\s+)([\w.]*)$`)
	p.attr = regexp.MustCompile(`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(\w*)$`)
	p.name = regexp.MustCompile(`[A-Za-z_]\w*$`)
	return p
})

// keywords are Python 3.11's keywords, completed as rlcompleter does:
// most with a space after them, try and finally with a colon.
var keywords = []string{
	"False", "None", "True", "and", "as", "assert", "async", "await", "break",
	"class", "continue", "def", "del", "elif", "else", "except", "finally",
	"for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
	"not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
}

// Complete returns the completions of the word that ends text (the line
// up to the cursor) and that word's length in runes: each completion
// replaces the word. It is safe to call from any goroutine: while Serve
// runs, the work is done on the loop between two callbacks.
func (s *Session) Complete(text string) (completions []string, wordLen int) {
	if l := s.loop.Load(); l != nil {
		type answer struct {
			c []string
			n int
		}
		ch := make(chan answer, 1)
		l.Post(func() {
			c, n := s.complete(text)
			ch <- answer{c, n}
		})
		select {
		case a := <-ch:
			return a.c, a.n
		case <-time.After(completeWait):
			return nil, 0
		}
	}
	release, err := s.it.acquire()
	if err != nil {
		return nil, 0
	}
	defer release()
	return s.complete(text)
}

// complete does Complete's work on the VM goroutine.
func (s *Session) complete(text string) ([]string, int) {
	t := s.it.vm.Main()
	if strings.TrimSpace(text) == "" {
		return []string{"    "}, 0 // indentation, as Python's prompt
	}
	pat := completePatterns()
	if m := pat.dictKey.FindStringSubmatch(text); m != nil {
		return s.dictKeys(t, m[1], m[2], m[3]), len([]rune(m[3]))
	}
	if m := pat.fromImport.FindStringSubmatch(text); m != nil {
		return s.moduleMembers(t, m[1], m[2]), len([]rune(m[2]))
	}
	if m := pat.imp.FindStringSubmatch(text); m != nil {
		return s.moduleNames(m[1]), len([]rune(m[1]))
	}
	if m := pat.attr.FindStringSubmatch(text); m != nil {
		obj, ok := s.lookup(t, m[1])
		if !ok {
			return nil, 0
		}
		return s.attrs(t, obj, m[2]), len([]rune(m[2]))
	}
	if m := pat.name.FindString(text); m != "" {
		return s.names(t, m), len([]rune(m))
	}
	return nil, 0
}

// lookup evaluates a dotted name in __main__ (then builtins) by getting
// attributes only: nothing is called but properties and __getattr__.
func (s *Session) lookup(t *vm.Thread, dotted string) (vm.Value, bool) {
	parts := strings.Split(dotted, ".")
	v, ok := s.it.mainModule().Dict.GetStr(parts[0])
	if !ok {
		if v, ok = s.it.vm.Builtins.GetStr(parts[0]); !ok {
			return vm.Value{}, false
		}
	}
	for _, p := range parts[1:] {
		var err error
		if v, err = t.GetAttr(v, p); err != nil {
			return vm.Value{}, false
		}
	}
	return v, true
}

// attrs completes attribute names of obj (dir(obj)); names starting with
// an underscore only when the prefix does, as rlcompleter does.
func (s *Session) attrs(t *vm.Thread, obj vm.Value, prefix string) []string {
	dirFn, _ := s.it.vm.Builtins.GetStr("dir")
	lst, err := t.Call(dirFn, []vm.Value{obj}, nil)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range stringsOf(t, lst) {
		if !strings.HasPrefix(n, prefix) || (strings.HasPrefix(n, "_") && !strings.HasPrefix(prefix, "_")) {
			continue
		}
		if a, err := t.GetAttr(obj, n); err == nil && vm.IsCallable(a) {
			n += "("
		}
		out = append(out, n)
	}
	return out
}

// names completes keywords, the names of __main__ and the builtins.
func (s *Session) names(t *vm.Thread, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	for _, kw := range keywords {
		if strings.HasPrefix(kw, prefix) {
			switch kw {
			case "try", "finally":
				kw += ":"
			case "False", "None", "True", "break", "continue", "pass", "else":
			default:
				kw += " "
			}
			seen[strings.TrimRight(kw, ": ")] = true
			out = append(out, kw)
		}
	}
	for _, d := range []*vm.Dict{s.it.mainModule().Dict, s.it.vm.Builtins} {
		d.Items(func(k, v vm.Value) bool {
			n, ok := k.AsStr()
			if !ok || seen[n] || !strings.HasPrefix(n, prefix) || (strings.HasPrefix(n, "_") && !strings.HasPrefix(prefix, "_")) {
				return true
			}
			seen[n] = true
			if vm.IsCallable(v) {
				n += "("
			}
			out = append(out, n)
			return true
		})
	}
	sort.Strings(out)
	return out
}

// dictKeys completes the string keys of the dict named by dotted.
func (s *Session) dictKeys(t *vm.Thread, dotted, quote, prefix string) []string {
	v, ok := s.lookup(t, dotted)
	if !ok {
		return nil
	}
	d, ok := v.Object().(*vm.Dict)
	if !ok {
		return nil
	}
	var out []string
	for _, k := range d.Keys() {
		if ks, ok := k.AsStr(); ok && strings.HasPrefix(ks, prefix) && !strings.Contains(ks, quote) {
			out = append(out, ks+quote+"]")
		}
	}
	sort.Strings(out)
	return out
}

// moduleMembers completes the public names of module mod (imported if
// it is not yet).
func (s *Session) moduleMembers(t *vm.Thread, mod, prefix string) []string {
	m, err := s.it.vm.ImportModule(t, mod)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range s.attrs(t, m, prefix) {
		out = append(out, strings.TrimSuffix(n, "("))
	}
	return out
}

// moduleNames completes importable module names: native modules, modules
// already imported, and .pya files and packages on the module path.
func (s *Session) moduleNames(prefix string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] && strings.HasPrefix(n, prefix) && !(strings.HasPrefix(n, "_") && !strings.HasPrefix(prefix, "_")) {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range s.it.vm.ModuleNames() {
		add(n)
	}
	for _, k := range s.it.vm.Modules.Keys() {
		if n, ok := k.AsStr(); ok {
			add(n)
		}
	}
	if !strings.Contains(prefix, ".") && s.it.vm.FS() == nil {
		for _, dir := range s.it.opts.Path {
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				name := e.Name()
				if e.IsDir() {
					if _, err := os.Stat(filepath.Join(dir, name, "__init__.pya")); err == nil {
						add(name)
					}
				} else if n, ok := strings.CutSuffix(name, ".pya"); ok {
					add(n)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// stringsOf returns the str items of a list.
func stringsOf(t *vm.Thread, lst vm.Value) []string {
	l, ok := lst.Object().(*vm.List)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range l.Items() {
		if s, ok := v.AsStr(); ok {
			out = append(out, s)
		}
	}
	return out
}
