package stdlib

import (
	"fmt"

	"github.com/pyasync/pyasync/vm"
)

// The contextvars module: Context (a mapping of ContextVar to value),
// ContextVar, Token and copy_context. The VM carries the current context
// (vm.CurrentContext; per goroutine holding the GIL, per task); importing
// the module makes every new task start in a copy of the context current
// when it was created, as in CPython.

func init() { register("contextvars", initContextvars) }

var (
	contextType    = vm.NewCType("Context", "_contextvars", nil, func(cls *vm.Type) vm.Object { return newContext() })
	contextVarType = vm.NewCType("ContextVar", "_contextvars", nil, nil)
	tokenType      = vm.NewCType("Token", "_contextvars", nil, nil)
	tokenMissing   = vm.NewNativeType("Token.MISSING", "_contextvars", nil, nil)
	missingMarker  = vm.ObjectValue(&missingObj{})
)

type missingObj struct{}

func (*missingObj) Type() *vm.Type { return tokenMissing }

// contextObj is a Context: a copy-on-write map (copies share the map
// until one of them is written).
type contextObj struct {
	vars    map[*contextVar]vm.Value
	order   []*contextVar // iteration order
	shared  bool          // vars/order are shared with a copy
	entered bool
}

func newContext() *contextObj { return &contextObj{vars: map[*contextVar]vm.Value{}} }

// Type implements vm.Object.
func (*contextObj) Type() *vm.Type { return contextType }

func (c *contextObj) copy() *contextObj {
	c.shared = true
	return &contextObj{vars: c.vars, order: c.order, shared: true}
}

func (c *contextObj) set(v *contextVar, val vm.Value) {
	if c.shared {
		m := make(map[*contextVar]vm.Value, len(c.vars)+1)
		for k, x := range c.vars {
			m[k] = x
		}
		c.vars = m
		c.order = append([]*contextVar(nil), c.order...)
		c.shared = false
	}
	if _, ok := c.vars[v]; !ok {
		c.order = append(c.order, v)
	}
	c.vars[v] = val
}

func (c *contextObj) del(v *contextVar) {
	if _, ok := c.vars[v]; !ok {
		return
	}
	m := make(map[*contextVar]vm.Value, len(c.vars))
	var order []*contextVar
	for _, k := range c.order {
		if k != v {
			m[k] = c.vars[k]
			order = append(order, k)
		}
	}
	c.vars, c.order, c.shared = m, order, false
}

// contextVar is a ContextVar.
type contextVar struct {
	name string
	def  vm.Value // invalid: no default
}

// Type implements vm.Object.
func (*contextVar) Type() *vm.Type { return contextVarType }

// token is a Token returned by ContextVar.set.
type token struct {
	ctx  *contextObj
	v    *contextVar
	old  vm.Value // missingMarker when the variable had no value
	used bool
}

// Type implements vm.Object.
func (*token) Type() *vm.Type { return tokenType }

// currentContext returns the VM's current context, making one if needed.
func currentContext(v *vm.VM) *contextObj {
	if c, ok := v.CurrentContext().(*contextObj); ok {
		return c
	}
	c := newContext()
	v.SetCurrentContext(c)
	return c
}

func addrOf(o vm.Object) string { return fmt.Sprintf("0x%x", vm.ObjectID(vm.ObjectValue(o))) }

func ctxVarArg(t *vm.Thread, v vm.Value) (*contextVar, error) {
	cv, ok := v.Object().(*contextVar)
	if !ok {
		return nil, vm.Errorf(vm.TypeError, "a ContextVar key was expected, got %s", reprOf(t, v))
	}
	return cv, nil
}

func reprOf(t *vm.Thread, v vm.Value) string {
	s, err := t.Repr(v)
	if err != nil {
		return v.TypeName()
	}
	return s
}

func init() {
	C := contextType
	cself := func(v vm.Value) *contextObj { return v.Object().(*contextObj) }
	C.NewMethod("run", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		c := cself(self)
		if len(args)-len(kw) < 1 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "run() missing 1 required positional argument")
		}
		if c.entered {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "cannot enter context: <_contextvars.Context object at %s> is already entered", addrOf(c))
		}
		v := t.VM()
		prev := v.CurrentContext()
		c.entered = true
		v.SetCurrentContext(c)
		r, err := t.Call(args[0], args[1:], kw)
		v.SetCurrentContext(prev)
		c.entered = false
		return r, err
	})
	C.NewMethod("copy", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.ObjectValue(cself(self).copy()), nil
	})
	C.NewMethod("__getitem__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		cv, err := ctxVarArg(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if val, ok := cself(self).vars[cv]; ok {
			return val, nil
		}
		return vm.Value{}, vm.NewException(vm.KeyError, args[0])
	})
	C.NewMethod("get", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var key, def vm.Value
		if err := vm.UnpackArgs("get", args, kw, []string{"key", "default?"}, &key, &def); err != nil {
			return vm.Value{}, err
		}
		cv, err := ctxVarArg(t, key)
		if err != nil {
			return vm.Value{}, err
		}
		if val, ok := cself(self).vars[cv]; ok {
			return val, nil
		}
		if def.IsValid() {
			return def, nil
		}
		return none, nil
	})
	C.NewMethod("__contains__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		cv, err := ctxVarArg(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		_, ok := cself(self).vars[cv]
		return vm.Bool(ok), nil
	})
	C.NewMethod("__len__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(len(cself(self).vars))), nil
	})
	list := func(self vm.Value, kind int) vm.Value {
		c := cself(self)
		out := make([]vm.Value, 0, len(c.order))
		for _, k := range c.order {
			switch kind {
			case 0:
				out = append(out, vm.ObjectValue(k))
			case 1:
				out = append(out, c.vars[k])
			default:
				out = append(out, vm.NewTuple([]vm.Value{vm.ObjectValue(k), c.vars[k]}))
			}
		}
		return vm.NewList(out)
	}
	C.NewMethod("__iter__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return t.Iter(list(self, 0))
	})
	C.NewMethod("keys", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return list(self, 0), nil
	})
	C.NewMethod("values", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return list(self, 1), nil
	})
	C.NewMethod("items", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return list(self, 2), nil
	})

	V := contextVarType
	vself := func(v vm.Value) *contextVar { return v.Object().(*contextVar) }
	V.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var cls, name, def vm.Value
		if err := vm.UnpackArgs("ContextVar", args, kw, []string{"cls", "name", "*default?"}, &cls, &name, &def); err != nil {
			return vm.Value{}, err
		}
		s, ok := name.AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "context variable name must be a str")
		}
		return vm.ObjectValue(&contextVar{name: s, def: def}), nil
	})
	V.NewGetSet("name", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return vm.Str(vself(self).name), nil }, nil)
	V.NewMethod("get", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var def vm.Value
		if err := vm.UnpackArgs("get", args, kw, []string{"default?"}, &def); err != nil {
			return vm.Value{}, err
		}
		cv := vself(self)
		if c, ok := t.VM().CurrentContext().(*contextObj); ok {
			if val, ok := c.vars[cv]; ok {
				return val, nil
			}
		}
		if def.IsValid() {
			return def, nil
		}
		if cv.def.IsValid() {
			return cv.def, nil
		}
		return vm.Value{}, vm.NewException(vm.LookupError, self)
	})
	V.NewMethod("set", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("set", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		cv := vself(self)
		c := currentContext(t.VM())
		old, ok := c.vars[cv]
		if !ok {
			old = missingMarker
		}
		c.set(cv, args[0])
		return vm.ObjectValue(&token{ctx: c, v: cv, old: old}), nil
	})
	V.NewMethod("reset", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("reset", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		tok, ok := args[0].Object().(*token)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected an instance of Token, got %s", reprOf(t, args[0]))
		}
		cv := vself(self)
		if tok.used {
			return vm.Value{}, vm.Errorf(vm.RuntimeError, "%s has already been used once", reprOf(t, args[0]))
		}
		if tok.v != cv {
			return vm.Value{}, vm.Errorf(vm.ValueError, "%s was created by a different ContextVar", reprOf(t, args[0]))
		}
		c := currentContext(t.VM())
		if tok.ctx != c {
			return vm.Value{}, vm.Errorf(vm.ValueError, "%s was created in a different Context", reprOf(t, args[0]))
		}
		tok.used = true
		if tok.old.Object() == missingMarker.Object() {
			c.del(cv)
		} else {
			c.set(cv, tok.old)
		}
		return none, nil
	})
	V.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		cv := vself(self)
		s := fmt.Sprintf("<ContextVar name=%s", reprOf(t, vm.Str(cv.name)))
		if cv.def.IsValid() {
			s += " default=" + reprOf(t, cv.def)
		}
		return vm.Str(s + " at " + addrOf(cv) + ">"), nil
	})
	V.NewMethod("__hash__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(int64(vm.ObjectID(self) >> 4)), nil
	})

	T := tokenType
	tself := func(v vm.Value) *token { return v.Object().(*token) }
	T.NewGetSet("var", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return vm.ObjectValue(tself(self).v), nil }, nil)
	T.NewGetSet("old_value", func(t *vm.Thread, self vm.Value) (vm.Value, error) { return tself(self).old, nil }, nil)
	T.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		tk := tself(self)
		used := ""
		if tk.used {
			used = " used"
		}
		return vm.Str(fmt.Sprintf("<Token%s var=%s at %s>", used, reprOf(t, vm.ObjectValue(tk.v)), addrOf(tk))), nil
	})
	tokenType.Dict.SetStr("MISSING", missingMarker)
	tokenMissing.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Str("<Token.MISSING>"), nil
	})
}

func initContextvars(v *vm.VM, m *vm.Module) error {
	v.SetContextCopier(func(c vm.Object) vm.Object {
		if cur, ok := c.(*contextObj); ok {
			return cur.copy()
		}
		cur := newContext()
		v.SetCurrentContext(cur)
		return cur.copy()
	})
	m.Set("Context", vm.ObjectValue(contextType))
	m.Set("ContextVar", vm.ObjectValue(contextVarType))
	m.Set("Token", vm.ObjectValue(tokenType))
	m.SetFunc("copy_context", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("copy_context", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(currentContext(t.VM()).copy()), nil
	})
	return nil
}

// callbackInContext splits the arguments of call_soon-like methods
// (callback, *args, context=None): with a context, the callback becomes
// context.run(callback, *args).
func callbackInContext(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, []vm.Value, error) {
	npos := len(args) - len(kw)
	var ctx vm.Value
	for i, k := range kw {
		if k != "context" {
			return vm.Value{}, nil, vm.Errorf(vm.TypeError, "call_soon() got an unexpected keyword argument '%s'", k)
		}
		ctx = args[npos+i]
	}
	fn := args[0]
	cargs := append([]vm.Value(nil), args[1:npos]...)
	if given(ctx) {
		run, err := t.GetAttr(ctx, "run")
		if err != nil {
			return vm.Value{}, nil, err
		}
		cargs = append([]vm.Value{fn}, cargs...)
		fn = run
	}
	return fn, cargs, nil
}
