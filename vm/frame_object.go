package vm

import "fmt"

// FrameObject is what sys._getframe and inspect see of a frame: a snapshot
// taken when it is asked for (code, current line, globals, locals and the
// calling frames), because the VM reuses the records of plain calls once
// they return. f_locals is therefore a copy, not a live view.
type FrameObject struct {
	code    *Code
	line    int
	globals *Dict
	locals  *Dict
	back    *FrameObject
}

// Type implements Object.
func (*FrameObject) Type() *Type { return FrameType }

// FrameType is the type of frame objects.
var FrameType = newBuiltinType("frame", ObjectType)

func snapshotLocals(f *Frame) *Dict {
	if f.locals != nil {
		return f.locals
	}
	if f.fn == nil {
		return f.globals
	}
	d := NewDict()
	names := f.code.VarNames
	for i, n := range names {
		if i < len(f.regs) && f.regs[i].o != nil {
			v := f.regs[i]
			if c, ok := v.o.(*Cell); ok {
				if c.v.o == nil {
					continue
				}
				v = c.v
			}
			d.SetStr(n, v)
		}
	}
	return d
}

// Frame returns the frame object depth calls up the thread's stack (0 is
// the innermost frame running Python code), or a ValueError when the stack
// is not that deep.
func (t *Thread) Frame(depth int) (Value, error) {
	var chain []*FrameObject
	for i := len(t.frames) - 1; i >= 0; i-- {
		f := t.frames[i]
		if f.code == nil {
			continue
		}
		chain = append(chain, &FrameObject{code: f.code, line: f.Line(), globals: f.globals, locals: snapshotLocals(f)})
	}
	for i := 0; i+1 < len(chain); i++ {
		chain[i].back = chain[i+1]
	}
	if depth < 0 || depth >= len(chain) {
		return Value{}, Errorf(ValueError, "call stack is not deep enough")
	}
	return Value{o: chain[depth]}, nil
}

func init() {
	fo := func(v Value) *FrameObject { return v.o.(*FrameObject) }
	FrameType.NewGetSet("f_code", func(t *Thread, self Value) (Value, error) {
		return Value{o: &CodeObject{code: fo(self).code}}, nil
	}, nil)
	FrameType.NewGetSet("f_lineno", func(t *Thread, self Value) (Value, error) { return Int(int64(fo(self).line)), nil }, nil)
	FrameType.NewGetSet("f_lasti", func(t *Thread, self Value) (Value, error) { return Int(0), nil }, nil)
	FrameType.NewGetSet("f_globals", func(t *Thread, self Value) (Value, error) { return Value{o: fo(self).globals}, nil }, nil)
	FrameType.NewGetSet("f_locals", func(t *Thread, self Value) (Value, error) { return Value{o: fo(self).locals}, nil }, nil)
	FrameType.NewGetSet("f_builtins", func(t *Thread, self Value) (Value, error) {
		return Value{o: t.vm.builtinsModule().Dict}, nil
	}, nil)
	FrameType.NewGetSet("f_back", func(t *Thread, self Value) (Value, error) {
		if b := fo(self).back; b != nil {
			return Value{o: b}, nil
		}
		return None, nil
	}, nil)
	FrameType.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		f := fo(self)
		return Str(fmt.Sprintf("<frame at 0x%x, file '%s', line %d, code %s>", objectID(self), f.code.Filename, f.line, f.code.Name)), nil
	})
}
