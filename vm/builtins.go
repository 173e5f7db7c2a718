package vm

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"

	"github.com/pyasync/pyasync/compiler"
)

// builtinFuncs are registered into every VM's builtins by initBuiltins; other
// files add to it from their init functions.
var builtinFuncs = map[string]BuiltinFunc{}

// builtinValues are non-function builtins (types, constants).
var builtinValues = map[string]Value{}

func (vm *VM) builtinsModule() *Module {
	if v, ok := vm.Modules.GetStr("builtins"); ok {
		return v.o.(*Module)
	}
	m := &Module{Name: "builtins", Dict: vm.Builtins}
	vm.Modules.SetStr("builtins", Value{o: m})
	return m
}

// builtinsSize is the number of names initBuiltins stores, give or take
// a few: the builtins dict is made that size, not grown to it.
func builtinsSize() int {
	return len(builtinFuncs) + len(builtinValues) + len(ExceptionTypes) + 32
}

func (vm *VM) initBuiltins() {
	b := vm.Builtins
	b.SetStr("__name__", Str("builtins"))
	b.SetStr("__doc__", None)
	for name, fn := range builtinFuncs {
		if chargedBuiltins[name] {
			fn = chargeCall(fn)
		}
		b.SetStr(name, NewBuiltin(name, fn))
	}
	vm.origImport, _ = b.GetStr("__import__")
	if v, ok := b.GetStr("len"); ok {
		vm.lenFn = v.o
	}
	if v, ok := b.GetStr("isinstance"); ok {
		vm.isinstanceFn = v.o
	}
	for name, v := range builtinValues {
		b.SetStr(name, v)
	}
	for name, t := range ExceptionTypes {
		b.SetStr(name, Value{o: t})
	}
	for _, t := range []*Type{ObjectType, TypeType, IntType, BoolType, FloatType, StrType, BytesType, ByteArrayType,
		ListType, TupleType, DictType, SetType, FrozenSetType, RangeType, SliceType, StaticMethodType,
		ClassMethodType, PropertyType, SuperType, ComplexType, MemoryViewType} {
		b.SetStr(t.Name, Value{o: t})
	}
	b.SetStr("None", None)
	b.SetStr("True", True)
	b.SetStr("False", False)
	b.SetStr("NotImplemented", NotImplemented)
	b.SetStr("Ellipsis", Ellipsis)
	b.SetStr("__build_class__", buildClassBuiltin)
	b.SetStr("__debug__", True)
	vm.builtinsModule()
}

// displayHook prints a REPL expression result (sys.displayhook).
func (vm *VM) displayHook(t *Thread, v Value) error {
	if v.IsNone() {
		return nil
	}
	vm.Builtins.SetStr("_", None)
	s, err := t.Repr(v)
	if err != nil {
		return err
	}
	fmt.Fprintln(vm.Stdout, s)
	vm.Builtins.SetStr("_", v)
	return nil
}

func init() {
	builtinFuncs["print"] = builtinPrint
	builtinFuncs["len"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("len", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		n, err := t.Len(args[0])
		return Int(int64(n)), err
	}
	builtinFuncs["repr"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("repr", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		s, err := t.Repr(args[0])
		return Str(s), err
	}
	builtinFuncs["ascii"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("ascii", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		s, err := t.Repr(args[0])
		return Str(asciiEscape(s)), err
	}
	builtinFuncs["isinstance"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("isinstance", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		ok, err := t.IsInstance(args[0], args[1])
		return Bool(ok), err
	}
	builtinFuncs["issubclass"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("issubclass", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		c, ok := args[0].o.(*Type)
		if !ok {
			return Value{}, Errorf(TypeError, "issubclass() arg 1 must be a class")
		}
		ok, err := t.isSubclass(c, args[1])
		return Bool(ok), err
	}
	builtinFuncs["iter"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("iter", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		if len(args) == 2 {
			fn, sentinel := args[0], args[1]
			done := false
			return NewIterator(func() (Value, bool, error) {
				if done {
					return Value{}, false, nil
				}
				v, err := t.Call(fn, nil, nil)
				if err != nil {
					return Value{}, false, err
				}
				eq, err := t.Equal(v, sentinel)
				if err != nil {
					return Value{}, false, err
				}
				if eq {
					done = true
					return Value{}, false, nil
				}
				return v, true, nil
			}), nil
		}
		return t.Iter(args[0])
	}
	builtinFuncs["next"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("next", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		it := args[0]
		if _, ok := it.Type().Lookup("__next__"); !ok {
			switch it.o.(type) {
			case *listIterator, *rangeIterator, *seqIterator, *goIterator, *Generator:
			default:
				return Value{}, Errorf(TypeError, "'%s' object is not an iterator", it.TypeName())
			}
		}
		if g, ok := it.o.(*Generator); ok && g.kind == genGenerator {
			v, err := t.genSend(g, None)
			if err != nil && len(args) == 2 {
				if e, ok := err.(*Exception); ok && e.IsInstance(StopIteration) {
					return args[1], nil
				}
			}
			return v, err
		}
		if _, ok := it.o.(*Instance); ok {
			v, err := t.CallMethod(it, "__next__")
			if err != nil && len(args) == 2 {
				if e, ok := err.(*Exception); ok && e.IsInstance(StopIteration) {
					return args[1], nil
				}
			}
			return v, err
		}
		v, ok, err := t.Next(it)
		if err != nil {
			return Value{}, err
		}
		if !ok {
			if len(args) == 2 {
				return args[1], nil
			}
			return Value{}, NewException(StopIteration)
		}
		return v, nil
	}
	builtinFuncs["id"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("id", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		return Int(int64(objectID(args[0]))), nil
	}
	builtinFuncs["hash"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("hash", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		h, err := t.Hash(args[0])
		return Int(h), err
	}
	builtinFuncs["callable"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("callable", args, kw, 1, 1); err != nil {
			return Value{}, err
		}
		return Bool(IsCallable(args[0])), nil
	}
	builtinFuncs["getattr"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("getattr", args, kw, 2, 3); err != nil {
			return Value{}, err
		}
		name, ok := args[1].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[1].TypeName())
		}
		if len(args) == 3 {
			v, found, err := t.LookupAttr(args[0], name)
			if err == nil && !found {
				return args[2], nil
			}
			return v, err
		}
		return t.GetAttr(args[0], name)
	}
	builtinFuncs["setattr"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("setattr", args, kw, 3, 3); err != nil {
			return Value{}, err
		}
		name, ok := args[1].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[1].TypeName())
		}
		return None, t.SetAttr(args[0], name, args[2])
	}
	builtinFuncs["delattr"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("delattr", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		name, ok := args[1].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[1].TypeName())
		}
		return None, t.DelAttr(args[0], name)
	}
	builtinFuncs["hasattr"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("hasattr", args, kw, 2, 2); err != nil {
			return Value{}, err
		}
		name, ok := args[1].AsStr()
		if !ok {
			return Value{}, Errorf(TypeError, "attribute name must be string, not '%s'", args[1].TypeName())
		}
		ok, err := t.HasAttr(args[0], name)
		return Bool(ok), err
	}
	builtinFuncs["globals"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if f := t.callerFrame(); f != nil {
			return Value{o: f.globals}, nil
		}
		return Value{o: NewDict()}, nil
	}
	builtinFuncs["locals"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		f := t.callerFrame()
		if f == nil {
			return Value{o: NewDict()}, nil
		}
		return Value{o: frameLocals(f)}, nil
	}
	builtinFuncs["vars"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if len(args) == 0 {
			f := t.callerFrame()
			if f == nil {
				return Value{o: NewDict()}, nil
			}
			return Value{o: frameLocals(f)}, nil
		}
		v, err := t.GetAttr(args[0], "__dict__")
		if err != nil {
			return Value{}, Errorf(TypeError, "vars() argument must have __dict__ attribute")
		}
		return v, nil
	}
	builtinFuncs["dir"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if len(args) == 0 {
			f := t.callerFrame()
			if f == nil {
				return NewList(nil), nil
			}
			return t.sortedList(frameLocals(f).Keys())
		}
		r, ok, err := t.callSpecial(args[0], "__dir__")
		if !ok || err != nil {
			return r, err
		}
		items, err := t.ToSlice(r)
		if err != nil {
			return Value{}, err
		}
		return t.sortedList(items)
	}
	builtinFuncs["input"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("input", args, kw, 0, 1); err != nil {
			return Value{}, err
		}
		if len(args) == 1 {
			s, err := t.Str(args[0])
			if err != nil {
				return Value{}, err
			}
			if err := t.vm.writeStdout(s); err != nil {
				return Value{}, err
			}
			t.vm.flushStdout()
		}
		line, err := t.vm.Stdin.ReadString('\n')
		if err != nil && line == "" {
			if err == io.EOF {
				return Value{}, Errorf(EOFError, "EOF when reading a line")
			}
			if e, ok := err.(*Exception); ok {
				return Value{}, e // the run was aborted
			}
			return Value{}, Errorf(OSError, "%v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\r")
		return Str(line), nil
	}
	exit := func(t *Thread, args []Value, kw []string) (Value, error) {
		return Value{}, NewException(SystemExit, append([]Value(nil), args...)...)
	}
	builtinFuncs["exit"] = exit
	builtinFuncs["quit"] = exit
	// help as site gives it to scripts: pydoc does the work, imported on
	// the first call (the prompt replaces it with _sitebuiltins._Helper)
	builtinFuncs["help"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		m, err := t.vm.ImportModule(t, "pydoc")
		if err != nil {
			return Value{}, err
		}
		h, err := t.GetAttr(m, "help")
		if err != nil {
			return Value{}, err
		}
		return t.Call(h, args, kw)
	}
	builtinFuncs["format"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		if err := ArgCount("format", args, kw, 1, 2); err != nil {
			return Value{}, err
		}
		spec := ""
		if len(args) == 2 {
			s, ok := args[1].AsStr()
			if !ok {
				return Value{}, Errorf(TypeError, "format() argument 2 must be str, not %s", args[1].TypeName())
			}
			spec = s
		}
		return t.Format(args[0], spec)
	}
	builtinFuncs["__import__"] = func(t *Thread, args []Value, kw []string) (Value, error) {
		var name, globals, locals, fromlist, level Value
		if err := UnpackArgs("__import__", args, kw, []string{"name", "globals?", "locals?", "fromlist?", "level?"}, &name, &globals, &locals, &fromlist, &level); err != nil {
			return Value{}, err
		}
		s, _ := name.AsStr()
		g, _ := globals.o.(*Dict)
		if g == nil {
			g = NewDict()
		}
		lv := int64(0)
		if level.o != nil {
			lv, _ = level.AsInt64()
		}
		return t.vm.importName(t, s, orNone(fromlist), int(lv), g)
	}
}

// frameLocals builds the locals() dict of a frame.
func frameLocals(f *Frame) *Dict {
	if f.locals != nil {
		if f.code.Flags&(compiler.FlagModule|compiler.FlagClassBody) == 0 {
			// a function's code run by exec with a namespace: its slots
			// (free variables too) are merged into the namespace, as
			// CPython's PyFrame_FastToLocals does
			for i := range f.code.nslots() {
				if v := f.slotValue(i); v.o != nil {
					f.locals.SetStr(f.code.SlotName(i), v)
				} else {
					f.locals.DelStr(f.code.SlotName(i))
				}
			}
		}
		return f.locals
	}
	if f.fn == nil {
		return f.globals
	}
	d := NewDict()
	for i := range f.code.nslots() {
		if v := f.slotValue(i); v.o != nil {
			d.SetStr(f.code.SlotName(i), v)
		}
	}
	return d
}

// IsCallable reports whether v can be called.
func IsCallable(v Value) bool {
	switch v.o.(type) {
	case *Function, *Builtin, *BoundMethod, *Type, *BuiltinMethod:
		return true
	}
	if v.o == nil {
		return false
	}
	_, ok := v.Type().Lookup("__call__")
	return ok
}

// classAttrIsSubtype is isinstance's last resort after type(obj) is not a
// subtype of c: as CPython, obj.__class__ when it is another type (a
// proxy's property) is tested instead. Only instances of user classes
// can have such an attribute.
func (t *Thread) classAttrIsSubtype(obj Value, c *Type) (bool, error) {
	typ := obj.Type()
	if typ.flags&flagUserClass == 0 {
		return false, nil
	}
	v, found, err := t.LookupAttr(obj, "__class__")
	if err != nil || !found {
		return false, err
	}
	if icls, ok := v.o.(*Type); ok && icls != typ {
		return c.IsSubtype(icls), nil
	}
	return false, nil
}

// IsInstance implements isinstance(obj, cls) including tuples and
// __instancecheck__.
func (t *Thread) IsInstance(obj, cls Value) (bool, error) {
	switch c := cls.o.(type) {
	case *Type:
		if obj.Type() == c {
			return true, nil // CPython's exact-type shortcut, before any hook
		}
		if meta := c.Type(); meta != TypeType {
			if m, ok := meta.Lookup("__instancecheck__"); ok && !isBuiltinSlot(m) {
				return t.instanceCheck(m, cls, obj)
			}
		}
		if c.IsSubtype(obj.Type()) {
			return true, nil
		}
		return t.classAttrIsSubtype(obj, c)
	case *Tuple:
		if err := t.enterC(inInstcheck); err != nil {
			return false, err
		}
		defer t.leaveC()
		for _, x := range c.items {
			ok, err := t.IsInstance(obj, x)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *Union:
		for _, x := range c.args {
			if x.IsNone() {
				if obj.IsNone() {
					return true, nil
				}
				continue
			}
			ok, err := t.IsInstance(obj, x)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *GenericAlias:
		return false, Errorf(TypeError, "isinstance() argument 2 cannot be a parameterized generic")
	}
	if cls.o != nil {
		// any object whose type defines __instancecheck__
		if m, ok := cls.Type().Lookup("__instancecheck__"); ok && !isBuiltinSlot(m) {
			return t.instanceCheck(m, cls, obj)
		}
	}
	return false, Errorf(TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
}

// instanceCheck calls an __instancecheck__ hook m of cls, charging a
// recursion level as CPython does.
func (t *Thread) instanceCheck(m, cls, obj Value) (bool, error) {
	if err := t.enterC(inInstcheck); err != nil {
		return false, err
	}
	r, err := t.callMethod(m, cls, []Value{obj}, nil)
	t.leaveC()
	if err != nil {
		return false, err
	}
	return t.Truth(r)
}

func (t *Thread) isSubclass(c *Type, cls Value) (bool, error) {
	switch x := cls.o.(type) {
	case *Type:
		if meta := x.Type(); meta != TypeType {
			if m, ok := meta.Lookup("__subclasscheck__"); ok && !isBuiltinSlot(m) {
				if err := t.enterC(inSubclscheck); err != nil {
					return false, err
				}
				r, err := t.callMethod(m, cls, []Value{{o: c}}, nil)
				t.leaveC()
				if err != nil {
					return false, err
				}
				return t.Truth(r)
			}
		}
		return x.IsSubtype(c), nil
	case *Union:
		for _, y := range x.args {
			ok, err := t.isSubclass(c, y)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *Tuple:
		for _, y := range x.items {
			ok, err := t.isSubclass(c, y)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *GenericAlias:
		a, err := t.isSubclass(c, x.origin)
		if err != nil || a {
			return a, err
		}
		return t.isSubclass(c, x.args)
	}
	return false, Errorf(TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union")
}

func builtinPrint(t *Thread, args []Value, kwnames []string) (Value, error) {
	npos := len(args) - len(kwnames)
	sep, end := " ", "\n"
	var file Value
	flush := false
	for i, k := range kwnames {
		v := args[npos+i]
		switch k {
		case "sep":
			if !v.IsNone() {
				s, ok := v.AsStr()
				if !ok {
					return Value{}, Errorf(TypeError, "sep must be None or a string, not %s", v.TypeName())
				}
				sep = s
			}
		case "end":
			if !v.IsNone() {
				s, ok := v.AsStr()
				if !ok {
					return Value{}, Errorf(TypeError, "end must be None or a string, not %s", v.TypeName())
				}
				end = s
			}
		case "file":
			if !v.IsNone() {
				file = v
			}
		case "flush":
			b, err := t.Truth(v)
			if err != nil {
				return Value{}, err
			}
			flush = b
		default:
			return Value{}, Errorf(TypeError, "'%s' is an invalid keyword argument for print()", k)
		}
	}
	if file.o != nil {
		// like CPython: one write call per piece (argument, separator, end)
		for i := 0; i < npos; i++ {
			if i > 0 {
				if _, err := t.CallMethod(file, "write", Str(sep)); err != nil {
					return Value{}, err
				}
			}
			s, err := t.StrValue(args[i])
			if err != nil {
				return Value{}, err
			}
			if _, err := t.CallMethod(file, "write", s); err != nil {
				return Value{}, err
			}
		}
		if _, err := t.CallMethod(file, "write", Str(end)); err != nil {
			return Value{}, err
		}
		if flush {
			if _, err := t.CallMethod(file, "flush"); err != nil {
				return Value{}, err
			}
		}
		return None, nil
	}
	var b strings.Builder
	for i := 0; i < npos; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		s, err := t.Str(args[i])
		if err != nil {
			return Value{}, err
		}
		b.WriteString(s)
	}
	b.WriteString(end)
	if err := t.vm.writeStdout(b.String()); err != nil {
		return Value{}, err
	}
	if flush {
		t.vm.flushStdout()
	}
	return None, nil
}

// writeStdout writes to sys.stdout (the VM's Stdout unless replaced).
func (vm *VM) writeStdout(s string) error {
	if w, ok := vm.State["sys.stdout.override"].(func(string) error); ok {
		return w(s)
	}
	_, err := io.WriteString(vm.Stdout, s)
	if err != nil {
		return WriteError(err)
	}
	return nil
}

// WriteError is the OSError for a failed write to a stream: the subclass
// and message of its errno ([Errno 32] Broken pipe), or the Go error's text.
func WriteError(err error) error {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return Errorf(OSError, "%v", err)
	}
	msg := errno.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return NewOSError(OSErrorClass(errno), int64(errno), msg, Value{})
}

type flusher interface{ Flush() error }

// FlushStdout flushes the VM's standard output if it is buffered (before
// something is written to standard error).
func (vm *VM) FlushStdout() { vm.flushStdout() }

func (vm *VM) flushStdout() {
	if f, ok := vm.Stdout.(flusher); ok {
		_ = f.Flush()
	}
}
