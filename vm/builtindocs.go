package vm

import (
	"bytes"
	"compress/gzip"
	_ "embed" // builtindocs.txt.gz
	"io"
	"sort"
	"strings"
	"sync"
)

//go:generate sh -c "go run ../cmd/pyasync ../tools/docs/names.pya | python3 ../tools/docs/gendocs.py | gzip -9n > builtindocs.txt.gz"

// builtindocs.txt.gz holds CPython 3.11's __doc__ and __text_signature__ of
// the functions and methods pyasync writes in Go, printed by python3
// (tools/docs/gendocs.py): one line per object, sorted by key, fields
// separated by tabs, with \\, \t and \n escaped. It is read only when a
// docstring is asked for, so start-up does not pay for it (gzip: 57 KB
// instead of 260).
//
//go:embed builtindocs.txt.gz
var builtinDocsGzip []byte

// BuiltinDoc is what python3 says about the CPython object a Go-written
// function or method stands for.
type BuiltinDoc struct {
	// Kind is CPython's kind of object: 'b' a built-in function, 'f' a
	// Python function, 'a' an async (coroutine) function, 'm' a method of
	// a built-in type, 'c' a class.
	Kind byte
	// Module is CPython's __module__ ("posix" for os.getcwd), "" for methods.
	Module string
	// Owner is the class of the instance CPython's object is a bound
	// method of ("random.Random" for random.random), or "".
	Owner string
	// Sig is __text_signature__ ("($module, x, /)"), or for a Python
	// function str(inspect.signature(f)); "" when there is none.
	Sig string
	// Doc is __doc__ as CPython has it, "" when None.
	Doc string
}

var builtinDocsIndex struct {
	once  sync.Once
	lines []string // sorted by key
}

// docLines splits the table into its lines on first use.
func docLines() []string {
	ix := &builtinDocsIndex
	ix.once.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(builtinDocsGzip))
		if err != nil {
			return
		}
		text, err := io.ReadAll(zr)
		if err != nil {
			return
		}
		ix.lines = strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	})
	return ix.lines
}

// LookupDoc returns the table's entry for key ("json.dumps",
// "builtins.str.split"; see DocKey).
func LookupDoc(key string) (BuiltinDoc, bool) {
	lines := docLines()
	i := sort.Search(len(lines), func(i int) bool { return docLineKey(lines[i]) >= key })
	if i == len(lines) || docLineKey(lines[i]) != key {
		return BuiltinDoc{}, false
	}
	f := strings.SplitN(lines[i], "\t", 6)
	if len(f) != 6 || f[1] == "" {
		return BuiltinDoc{}, false
	}
	return BuiltinDoc{Kind: f[1][0], Module: f[2], Owner: f[3], Sig: unescapeDoc(f[4]), Doc: unescapeDoc(f[5])}, true
}

func docLineKey(line string) string {
	if i := strings.IndexByte(line, '\t'); i >= 0 {
		return line[:i]
	}
	return line
}

// unescapeDoc undoes the table's escapes of backslash, tab and newline.
func unescapeDoc(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			default:
				c = s[i]
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// DocKey names a Go-written function, method or type in the docstring
// table: "module.name" for a function of a module, "module.Type.name" for
// a method of a type (bound or not), "module.Type" for a type defined in
// Go (a class statement's type has its own __doc__). ok is false for
// anything else.
func DocKey(v Value) (key string, ok bool) {
	if m, _ := boundBuiltin(v); m != nil {
		return methodDocKey(m), true
	}
	switch o := v.o.(type) {
	case *Builtin:
		if o.static != nil {
			return methodDocKey(o.static), true
		}
		return o.moduleName() + "." + o.name, true
	case *BuiltinMethod:
		return methodDocKey(o), true
	case *Type:
		if _, has := o.Dict.GetStr("__doc__"); !has {
			return typeDocKey(o), true
		}
	}
	return "", false
}

func methodDocKey(m *BuiltinMethod) string {
	return typeDocKey(m.owner) + "." + m.name
}

func typeDocKey(t *Type) string {
	name := t.QualName
	if name == "" {
		name = t.ShortName()
	}
	mod := t.Module
	if mod == "" {
		mod = "builtins"
	}
	return mod + "." + name
}

// docOf returns the table's entry for a Go-written function or method.
func docOf(v Value) (BuiltinDoc, bool) {
	key, ok := DocKey(v)
	if !ok {
		return BuiltinDoc{}, false
	}
	return LookupDoc(key)
}

// docValue is __doc__ from the table: None when there is none.
func docValue(v Value) Value {
	if d, ok := docOf(v); ok && d.Doc != "" {
		return Str(d.Doc)
	}
	return None
}

// sigValue is __text_signature__ from the table: None when there is none.
func sigValue(v Value) Value {
	if d, ok := docOf(v); ok && d.Sig != "" {
		return Str(d.Sig)
	}
	return None
}
