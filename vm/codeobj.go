package vm

import (
	"fmt"

	"github.com/pyasync/pyasync/compiler"
)

// Code objects as scripts see them (co_* attributes, replace()) and the
// function constructor types.FunctionType(code, globals, ...).

// CPython's code flags (inspect.CO_*).
const (
	coOptimized   = 0x1
	coNewLocals   = 0x2
	coVarArgs     = 0x4
	coVarKeywords = 0x8
	coNested      = 0x10
	coGenerator   = 0x20
	coCoroutine   = 0x80
	// coIterableCoroutine is CO_ITERABLE_COROUTINE (types.coroutine).
	coIterableCoroutine = 0x100
	coAsyncGenerator    = 0x200
	// coFutureAnnotations is CO_FUTURE_ANNOTATIONS (also the compile() flag).
	coFutureAnnotations = 0x1000000
)

func codeSelf(v Value) *Code { return v.o.(*CodeObject).code }

func strTuple(names []string) Value {
	items := make([]Value, len(names))
	for i, n := range names {
		items[i] = Str(n)
	}
	return NewTuple(items)
}

// codeFlags maps the compiler's flags to CPython's co_flags.
func codeFlags(c *Code) int64 {
	f := c.Flags
	var r int64
	if f&(compiler.FlagModule|compiler.FlagClassBody) == 0 {
		r |= coOptimized | coNewLocals
	}
	if f&compiler.FlagVarArgs != 0 {
		r |= coVarArgs
	}
	if f&compiler.FlagVarKw != 0 {
		r |= coVarKeywords
	}
	if f&compiler.FlagNested != 0 {
		r |= coNested
	}
	switch {
	case f&compiler.FlagAsyncGen != 0:
		r |= coAsyncGenerator
	case f&compiler.FlagCoroutine != 0:
		r |= coCoroutine
	case f&compiler.FlagGenerator != 0:
		r |= coGenerator
	}
	if f&compiler.FlagFutureAnnotations != 0 {
		r |= coFutureAnnotations
	}
	if f&compiler.FlagIterableCoroutine != 0 {
		r |= coIterableCoroutine
	}
	return r
}

// codeConsts is co_consts: the docstring (or None) first for functions, as
// in CPython, then the constants.
func codeConsts(c *Code) Value {
	var items []Value
	if c.Flags&(compiler.FlagModule|compiler.FlagClassBody) == 0 {
		if c.Docstring != nil {
			items = append(items, Str(*c.Docstring))
		} else {
			items = append(items, None)
		}
	}
	items = append(items, c.consts...)
	return NewTuple(items)
}

// codeReplace is code.replace(**changes) for the fields that pyasync code
// objects can change.
func codeReplace(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if len(args) > len(kw) {
		return Value{}, Errorf(TypeError, "replace() takes no positional arguments")
	}
	old := codeSelf(self)
	cc := *old.Code
	vals := args[len(args)-len(kw):]
	for i, k := range kw {
		v := vals[i]
		switch k {
		case "co_name", "co_qualname", "co_filename":
			s, ok := v.AsStr()
			if !ok {
				return Value{}, Errorf(TypeError, "replace() argument '%s' must be str, not %s", k, v.TypeName())
			}
			switch k {
			case "co_name":
				cc.Name = s
			case "co_qualname":
				cc.QualName = s
			default:
				cc.Filename = s
			}
		case "co_firstlineno":
			n, ok := v.AsInt64()
			if !ok {
				return Value{}, Errorf(TypeError, "replace() argument 'co_firstlineno' must be int, not %s", v.TypeName())
			}
			delta := int(n) - cc.FirstLine
			cc.FirstLine = int(n)
			cc.Lines = append([]compiler.LineEntry(nil), cc.Lines...)
			for j := range cc.Lines {
				if cc.Lines[j].Line > 0 {
					cc.Lines[j].Line += delta
				}
			}
		case "co_flags":
			n, ok := v.AsInt64()
			if !ok {
				return Value{}, Errorf(TypeError, "replace() argument 'co_flags' must be int, not %s", v.TypeName())
			}
			// only CO_ITERABLE_COROUTINE can change (types.coroutine)
			if n&^coIterableCoroutine != codeFlags(&Code{Code: &cc})&^coIterableCoroutine {
				return Value{}, Errorf(NotImplementedError, "code.replace(co_flags=...) is supported by pyasync only for CO_ITERABLE_COROUTINE")
			}
			cc.Flags &^= compiler.FlagIterableCoroutine
			if n&coIterableCoroutine != 0 {
				cc.Flags |= compiler.FlagIterableCoroutine
			}
		default:
			return Value{}, Errorf(NotImplementedError, "code.replace(%s=...) is not supported by pyasync", k)
		}
	}
	return Value{o: &CodeObject{code: LoadCode(&cc)}}, nil
}

// functionNew is types.FunctionType(code, globals, name=None, argdefs=None,
// closure=None).
func functionNew(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
	var cls, codeV, globals, name, argdefs, closure Value
	if err := UnpackArgs("function", args, kw, []string{"/cls", "code", "globals", "name?", "argdefs?", "closure?"}, &cls, &codeV, &globals, &name, &argdefs, &closure); err != nil {
		return Value{}, err
	}
	co, ok := codeV.o.(*CodeObject)
	if !ok {
		return Value{}, Errorf(TypeError, "function() argument 'code' must be code, not %s", codeV.TypeName())
	}
	g, ok := globals.o.(*Dict)
	if !ok {
		return Value{}, Errorf(TypeError, "function() argument 'globals' must be dict, not %s", globals.TypeName())
	}
	code := co.code
	fn := &Function{code: code, globals: g, name: code.Name, qualname: code.QualName, doc: None}
	if code.Docstring != nil {
		fn.doc = Str(*code.Docstring)
	}
	if name.o != nil && !name.IsNone() {
		s, ok := name.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "arg 3 (name) must be None or string")
		}
		fn.name = s
	}
	if argdefs.o != nil && !argdefs.IsNone() {
		tup, ok := argdefs.o.(*Tuple)
		if !ok {
			return Value{}, Errorf(TypeError, "arg 4 (defaults) must be None or tuple")
		}
		fn.defaults = tup.items
	}
	nfree := len(code.FreeVars)
	if closure.o != nil && !closure.IsNone() {
		tup, ok := closure.o.(*Tuple)
		if !ok {
			return Value{}, Errorf(TypeError, "arg 5 (closure) must be tuple")
		}
		if len(tup.items) != nfree {
			return Value{}, Errorf(ValueError, "%s requires closure of length %d, not %d", code.Name, nfree, len(tup.items))
		}
		for _, c := range tup.items {
			if _, ok := c.o.(*Cell); !ok {
				return Value{}, Errorf(TypeError, "arg 5 (closure) expected cell, found %s", c.TypeName())
			}
		}
		fn.closure = tup.items
	} else if nfree > 0 {
		return Value{}, Errorf(TypeError, "arg 5 (closure) must be tuple")
	}
	if m, ok := g.GetStr("__name__"); ok {
		fn.module = m
	}
	return Value{o: fn}, nil
}

func init() {
	C := CodeType
	str := func(name string, f func(*Code) string) {
		C.NewGetSet(name, func(t *Thread, self Value) (Value, error) { return Str(f(codeSelf(self))), nil }, nil)
	}
	num := func(name string, f func(*Code) int64) {
		C.NewGetSet(name, func(t *Thread, self Value) (Value, error) { return Int(f(codeSelf(self))), nil }, nil)
	}
	tuple := func(name string, f func(*Code) Value) {
		C.NewGetSet(name, func(t *Thread, self Value) (Value, error) { return f(codeSelf(self)), nil }, nil)
	}
	str("co_name", func(c *Code) string { return c.Name })
	str("co_qualname", func(c *Code) string { return c.QualName })
	str("co_filename", func(c *Code) string { return c.Filename })
	num("co_firstlineno", func(c *Code) int64 { return int64(c.FirstLine) })
	num("co_argcount", func(c *Code) int64 { return int64(c.ArgCount) })
	num("co_posonlyargcount", func(c *Code) int64 { return int64(c.PosOnlyCount) })
	num("co_kwonlyargcount", func(c *Code) int64 { return int64(c.KwOnlyCount) })
	num("co_nlocals", func(c *Code) int64 { return int64(len(c.VarNames)) })
	num("co_stacksize", func(c *Code) int64 { return int64(c.StackSize) })
	num("co_flags", codeFlags)
	tuple("co_varnames", func(c *Code) Value { return strTuple(c.VarNames) })
	tuple("co_cellvars", func(c *Code) Value { return strTuple(c.CellVars) })
	tuple("co_freevars", func(c *Code) Value { return strTuple(c.FreeVars) })
	tuple("co_names", func(c *Code) Value { return strTuple(c.Names) })
	tuple("co_consts", codeConsts)
	C.NewMethod("replace", codeReplace)
	C.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		c := codeSelf(self)
		return Str(fmt.Sprintf("<code object %s at %#x, file \"%s\", line %d>", c.Name, identityHash(self), c.Filename, c.FirstLine)), nil
	})
	FunctionType.NewStaticMethod("__new__", functionNew)
	ModuleType.NewStaticMethod("__new__", func(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
		var cls, name, doc Value
		if err := UnpackArgs("module", args, kw, []string{"/cls", "name", "doc?"}, &cls, &name, &doc); err != nil {
			return Value{}, err
		}
		s, ok := name.AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "module.__init__() argument 'name' must be str, not %s", name.TypeName())
		}
		m := NewModule(s)
		m.made = true
		if doc.o != nil {
			m.Dict.SetStr("__doc__", doc)
		}
		m.Dict.SetStr("__package__", None)
		m.Dict.SetStr("__loader__", None)
		m.Dict.SetStr("__spec__", None)
		return Value{o: m}, nil
	})
}
