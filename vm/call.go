package vm

import (
	"fmt"

	"github.com/pyasync/pyasync/compiler"
)

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

const genFlags = compiler.FlagGenerator | compiler.FlagCoroutine | compiler.FlagAsyncGen

// Call calls fn with positional arguments followed by keyword-argument values
// named by kwnames.
func (t *Thread) Call(fn Value, args []Value, kwnames []string) (Value, error) {
	switch f := fn.o.(type) {
	case *Function:
		return t.callFunction(f, Value{}, args, kwnames)
	case *Builtin:
		if f.self.o != nil {
			return f.fn(t, append([]Value{f.self}, args...), kwnames)
		}
		return f.fn(t, args, kwnames)
	case *BoundMethod:
		return t.callMethod(f.fn, f.self, args, kwnames)
	case *BuiltinMethod:
		switch f.kind {
		case methodStatic:
			return f.fn(t, Value{}, args, kwnames)
		case methodClass:
			return f.fn(t, Value{o: f.owner}, args, kwnames)
		}
		if len(args)-len(kwnames) < 1 {
			return Value{}, Errorf(TypeError, "unbound method %s.%s() needs an argument", f.owner.Name, f.name)
		}
		if !f.owner.IsSubtype(args[0].Type()) {
			return Value{}, Errorf(TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", f.name, f.owner.Name, args[0].TypeName())
		}
		return f.fn(t, args[0], args[1:], kwnames)
	case *Type:
		return t.callType(f, args, kwnames)
	case *StaticMethod:
		return t.Call(f.fn, args, kwnames)
	}
	if fn.o == nil {
		return Value{}, Errorf(SystemError, "call of a missing value")
	}
	if m, ok := fn.Type().Lookup("__call__"); ok {
		if err := t.enterC(whileCalling); err != nil {
			return Value{}, err
		}
		r, err := t.callMethod(m, fn, args, kwnames)
		t.leaveC()
		return r, err
	}
	return Value{}, Errorf(TypeError, "'%s' object is not callable", fn.TypeName())
}

// Call0/Call1/Call2 are conveniences for Go code.
func (t *Thread) Call0(fn Value) (Value, error)       { return t.Call(fn, nil, nil) }
func (t *Thread) Call1(fn, a Value) (Value, error)    { return t.Call(fn, []Value{a}, nil) }
func (t *Thread) Call2(fn, a, b Value) (Value, error) { return t.Call(fn, []Value{a, b}, nil) }

// callFunction runs a script function to completion in a nested loop (or
// makes its generator).
func (t *Thread) callFunction(fn *Function, self Value, args []Value, kwnames []string) (Value, error) {
	if fn.code.Flags&genFlags != 0 {
		g, err := t.newGenerator(fn, self, args, kwnames)
		if err != nil {
			return Value{}, err
		}
		return Value{o: g}, nil
	}
	f := t.newFrame(fn.code)
	if err := t.setupFrame(f, fn, self, args, kwnames); err != nil {
		t.dropFrame(f)
		return Value{}, err
	}
	return t.runEntry(f)
}

// runEntry pushes f as an entry frame and runs it to completion.
func (t *Thread) runEntry(f *Frame) (Value, error) {
	if t.goDepth >= maxNativeDepth {
		if f.flags&flagPooled != 0 {
			t.dropFrame(f)
		}
		return Value{}, Errorf(RecursionError, "maximum recursion depth exceeded")
	}
	if len(t.frames) == 0 && t == t.vm.main {
		// a new top-level run of the main thread: no charge is held (one
		// lost to a Go error path would otherwise shrink every later run)
		t.vm.cDepth = 0
	}
	if err := t.pushFrame(f); err != nil {
		return Value{}, err
	}
	f.flags |= flagEntry
	t.goDepth++
	v, _, err := t.run(nil)
	t.goDepth--
	return v, err
}

// callMethod calls fn with self as first argument (fn came from a type
// lookup: a function, a builtin method descriptor, or any callable).
func (t *Thread) callMethod(fn, self Value, args []Value, kwnames []string) (Value, error) {
	switch f := fn.o.(type) {
	case *Function:
		return t.callFunction(f, self, args, kwnames)
	case *BuiltinMethod:
		switch f.kind {
		case methodStatic:
			return f.fn(t, Value{}, append([]Value{self}, args...), kwnames)
		case methodClass:
			if _, isCls := self.o.(*Type); isCls {
				return f.fn(t, self, args, kwnames)
			}
			return f.fn(t, Value{o: self.Type()}, args, kwnames)
		}
		return f.fn(t, self, args, kwnames)
	case *Instance:
		// an instance of a user class found on the type: bound through its
		// __get__ when it is a descriptor, called without self otherwise
		// (as CPython's special-method lookup does; unittest.mock relies on it)
		if getter, ok := f.Type().Lookup("__get__"); ok {
			bound, err := t.callMethod(getter, fn, []Value{self, {o: self.Type()}}, nil)
			if err != nil {
				return Value{}, err
			}
			return t.Call(bound, args, kwnames)
		}
		return t.Call(fn, args, kwnames)
	case *StaticMethod:
		// a dunder defined with @staticmethod gets only the arguments
		return t.Call(f.fn, args, kwnames)
	case *ClassMethod:
		cls := self
		if _, isCls := self.o.(*Type); !isCls {
			cls = Value{o: self.Type()}
		}
		return t.callMethod(f.fn, cls, args, kwnames)
	}
	all := make([]Value, 0, len(args)+1)
	all = append(all, self)
	all = append(all, args...)
	return t.Call(fn, all, kwnames)
}

// CallMethod calls obj.name(args...) from Go.
func (t *Thread) CallMethod(obj Value, name string, args ...Value) (Value, error) {
	m, isMeth, err := t.loadMethod(nil, 0, obj, intern(name))
	if err != nil {
		return Value{}, err
	}
	if isMeth {
		return t.callMethod(m, obj, args, nil)
	}
	return t.Call(m, args, nil)
}

// callSpecial looks up a dunder method on v's type and calls it; ok is false
// if the type does not define it.
func (t *Thread) callSpecial(v Value, name string, args ...Value) (Value, bool, error) {
	m, ok := v.Type().Lookup(name)
	if !ok || m.IsNone() {
		return Value{}, false, nil
	}
	if t.goDepth >= maxGoDepth {
		return Value{}, true, Errorf(RecursionError, "maximum recursion depth exceeded")
	}
	t.goDepth++
	r, err := t.callMethod(m, v, args, nil)
	t.goDepth--
	return r, true, err
}

// callType implements calling a class: type(x), construction via __new__ and
// __init__, and metaclass __call__.
func (t *Thread) callType(cls *Type, args []Value, kwnames []string) (Value, error) {
	if len(args) == 1 && len(kwnames) == 0 {
		switch cls {
		case TypeType:
			return Value{o: args[0].Type()}, nil
		case StrType:
			// str(x): what str.__new__ does, without the argument parsing
			// (builtin types cannot be changed)
			return t.StrValue(args[0])
		}
	}
	if cls == RangeType && len(kwnames) == 0 {
		if r, ok := smallIntRange(args); ok {
			return r, nil
		}
	}
	if cls.flags&flagUserClass != 0 || cls == IntType || cls == BytesType {
		// CPython calls these through tp_call, which charges a level
		// (int and bytes have no vectorcall in 3.11)
		if err := t.enterC(whileCalling); err != nil {
			return Value{}, err
		}
		r, err := t.callTypeSlow(cls, args, kwnames)
		t.leaveC()
		return r, err
	}
	return t.callTypeSlow(cls, args, kwnames)
}

// callTypeSlow is callType after its shortcuts: the metaclass's __call__
// or type.__call__.
func (t *Thread) callTypeSlow(cls *Type, args []Value, kwnames []string) (Value, error) {
	if meta := cls.Type(); meta != TypeType {
		if m, ok := meta.Lookup("__call__"); ok && !isBuiltinSlot(m) {
			return t.callMethod(m, Value{o: cls}, args, kwnames)
		}
	}
	return t.typeCallDefault(cls, args, kwnames)
}

// typeCallDefault is type.__call__: __new__ then __init__.
func (t *Thread) typeCallDefault(cls *Type, args []Value, kwnames []string) (Value, error) {
	if cls.flags&flagAbstract != 0 {
		if err := t.checkAbstract(cls); err != nil {
			return Value{}, err
		}
	}
	ctor := ctorOf(cls)
	newm, initm, userNew, userInit := ctor.newm, ctor.initm, ctor.userNew, ctor.userInit
	var inst Value
	if userNew {
		// prepend the class to the arguments in scratch registers from the
		// thread's arena (LIFO, so nested calls are safe): no allocation
		all, mark := t.ar().alloc(len(args) + 1)
		all[0] = Value{o: cls}
		copy(all[1:], args)
		fn := newm
		if sm, ok := newm.o.(*StaticMethod); ok {
			fn = sm.fn
		}
		var err error
		inst, err = t.Call(fn, all, kwnames)
		t.ar().release(mark, all)
		if err != nil {
			return Value{}, err
		}
		if !cls.IsSubtype(inst.Type()) {
			return inst, nil
		}
	} else {
		if len(args) > 0 && !userInit {
			return Value{}, Errorf(TypeError, "%s() takes no arguments", cls.Name)
		}
		if cls.newInstance == nil {
			return Value{}, Errorf(TypeError, "cannot create '%s' instances", cls.FullName())
		}
		inst = Value{o: cls.newInstance(cls)}
		if cls.flags&flagUserClass != 0 && cls.hasDel() {
			t.vm.trackFinalizer(inst.o)
		}
	}
	if userInit {
		r, err := t.callMethod(initm, inst, args, kwnames)
		if err != nil {
			return Value{}, err
		}
		if !r.IsNone() {
			return Value{}, Errorf(TypeError, "__init__() should return None, not '%s'", r.TypeName())
		}
	}
	return inst, nil
}

func isObjectSlot(v Value, name string) bool {
	if !v.IsValid() {
		return true
	}
	if m, ok := v.o.(*BuiltinMethod); ok {
		return m.owner == ObjectType && m.name == name
	}
	if sm, ok := v.o.(*StaticMethod); ok {
		if m, ok := sm.fn.o.(*BuiltinMethod); ok {
			return m.owner == ObjectType && m.name == name
		}
	}
	return false
}

// inlineInit reports whether constructing cls can run its __init__ as an
// inline frame: a plain user class whose __new__ is object's and whose
// __init__ is a script function. A metaclass (ABCMeta under the classes of
// collections.abc) is fine while its __call__ is type's, as callType
// decides.
func (t *Thread) inlineInit(cls *Type) (*Function, Value, bool) {
	if cls.flags&flagUserClass == 0 || cls.flags&flagAbstract != 0 || cls.newInstance == nil {
		return nil, Value{}, false
	}
	if meta := cls.Type(); meta != TypeType {
		if m, ok := meta.Lookup("__call__"); ok && !isBuiltinSlot(m) {
			return nil, Value{}, false
		}
	}
	if !cls.initValid || cls.initVersion != cls.version {
		cls.initFn = nil
		newm, _ := cls.Lookup("__new__")
		if isObjectSlot(newm, "__new__") {
			initm, _ := cls.Lookup("__init__")
			if fn, ok := initm.o.(*Function); ok && !fn.code.isGen {
				cls.initFn = fn
			}
		}
		cls.initVersion, cls.initValid = cls.version, true
	}
	if cls.initFn == nil {
		return nil, Value{}, false
	}
	inst := cls.newInstance(cls)
	if cls.hasDel() {
		t.vm.trackFinalizer(inst)
	}
	return cls.initFn, Value{o: inst}, true
}

// CallKw calls fn with positional args and keyword arguments given as
// alternating name/value pairs.
func (t *Thread) CallKw(fn Value, args []Value, kw map[string]Value) (Value, error) {
	if len(kw) == 0 {
		return t.Call(fn, args, nil)
	}
	all := append([]Value(nil), args...)
	names := make([]string, 0, len(kw))
	for k, v := range kw {
		names = append(names, k)
		all = append(all, v)
	}
	return t.Call(fn, all, names)
}
